"""The book's metadata made fit for every format, in one place.

Titles, names and the language go into XML attributes and elements (the package,
the nav, every page's ``<title>``), the PDF's info and a generated ``book.toml``:
characters XML forbids are dropped with a warning, a title or name is one line, and
the language is a BCP 47 tag.  Values from ``book.toml`` or the command line were
checked already (a bad one is an error there); what the manuscript itself claims is
only warned about, since the author may not know it is there.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.model import Metadata
from mkbook.readers.textfile import INVISIBLE_CHARACTERS, remove_invisible
from mkbook.textnorm import language_tag

BAD_LANGUAGE = "MK103"
"""The manuscript names a language that is not a BCP 47 tag."""
_ONE_LINE = frozenset({"title", "subtitle", "authors", "publisher", "series", "subjects",
                       "date", "identifier", "source", "rating", "content_warnings", "fandoms",
                       "relationships", "characters", "tags"})


def clean_metadata(metadata: Metadata, where: SourceRef
                   ) -> tuple[Metadata, tuple[Diagnostic, ...]]:
    """*metadata* with only XML-safe text, one-line names and a valid language tag."""
    warnings: list[Diagnostic] = []
    values: dict[str, Any] = {}
    removed = 0
    for spec in fields(Metadata):
        value, one_line = getattr(metadata, spec.name), spec.name in _ONE_LINE
        if isinstance(value, str):
            values[spec.name], count = _clean(value, one_line)
        elif spec.name == "contributors":
            people = [(replace(person, name=name), count) for person in value
                      for name, count in [_clean(person.name, True)]]
            values[spec.name] = tuple(person for person, _ in people if person.name)
            count = sum(n for _, n in people)
        elif isinstance(value, tuple):
            texts = [_clean(item, one_line) for item in value]
            values[spec.name] = tuple(text for text, _ in texts if text)
            count = sum(n for _, n in texts)
        else:
            continue
        removed += count
    if removed:
        warnings.append(Diagnostic(INVISIBLE_CHARACTERS, f"removed {removed} control "
                                   "character(s) from the title, names or other metadata",
                                   where))
    language = str(values["language"])
    tag = language_tag(language) if language else ""  # none given: read from the text
    if tag is None:
        warnings.append(Diagnostic(BAD_LANGUAGE, f"language {language!r} is not a BCP 47 tag; "
                                   "the book is marked English (en): set [book] language "
                                   "in book.toml, or --language", where))
    values["language"] = "en" if tag is None else tag
    return replace(metadata, **values), tuple(warnings)


def _clean(text: str, one_line: bool) -> tuple[str, int]:
    cleaned, found = remove_invisible(text)
    if one_line:
        cleaned = " ".join(cleaned.split())
    return cleaned, len(found)
