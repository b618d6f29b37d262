"""What a store, a library and a title page need to know about a book: its
:class:`Metadata`, part of the book model (``model.py``)."""

from __future__ import annotations

from dataclasses import dataclass

PLACEHOLDER_AUTHOR = "Your Name"
"""The author ``mkbook init`` writes for the author to replace (``check`` warns MK606)."""


@dataclass(frozen=True, slots=True)
class Contributor:
    """Someone besides the authors who made the book: a translator, an illustrator."""

    name: str
    role: str
    """MARC relator code: ``trl`` translator, ``ill`` illustrator, ``edt`` editor…"""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a store, a library and a title page need to know about the book."""

    title: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    language: str = ""
    """BCP 47 tag (``en``, ``fr-CA``).  Empty only while reading, where the manuscript
    does not say; the book as read has the language of ``book.toml``, else of the
    manuscript, else the one its text reads as (``readers/language.py``)."""
    identifier: str = ""
    """``urn:isbn:…`` when an ISBN is known, else a ``urn:uuid:`` derived from title and authors."""
    date: str = ""
    """Publication date, ISO 8601 (``2024`` or ``2024-05-01``); empty when unknown."""
    publisher: str = ""
    rights: str = ""
    description: str = ""
    subjects: tuple[str, ...] = ()
    series: str = ""
    series_index: float | None = None
    contributors: tuple[Contributor, ...] = ()
    source: str = ""
    """Where the work was first published (an archive's URL): the OPF's ``dc:source``."""
    rating: str = ""
    """A fan-fiction archive's rating (``Teen And Up Audiences``)."""
    content_warnings: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    """Fandoms, relationships, characters and tags are the OPF's subjects too."""

    @property
    def isbn(self) -> str:
        """The ISBN, when the identifier is one; else empty."""
        return self.identifier.removeprefix("urn:isbn:") \
            if self.identifier.startswith("urn:isbn:") else ""
