"""Front and back matter in plain text: title pages, credits, named sections.

Each rule is small and named; :mod:`.structure` decides where in the book they apply.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mkbook.model import BodyItem, Chapter, Section, SectionRole
from mkbook.readers.chunks import Chunk
from mkbook.readers.headings import match_heading
from mkbook.readers.marks import Context, Mark
from mkbook.readers.scene_breaks import CLOSING_WORDS, is_marker_line
from mkbook.textnorm import normalise_heading

# Heading text (normalised) → role.  Longer forms such as "Preface to the Second
# Edition" are matched by their first words.
MATTER_HEADINGS: dict[str, SectionRole] = {
    "preface": "preface", "foreword": "foreword", "introduction": "introduction",
    "dedication": "dedication", "epigraph": "epigraph", "contents": "toc",
    "table of contents": "toc", "acknowledgments": "acknowledgments",
    "acknowledgements": "acknowledgments", "acknowledgment": "acknowledgments",
    "afterword": "afterword", "about the author": "about-the-author",
    "author's note": "author-note", "authors note": "author-note",
    "author note": "author-note", "a note from the author": "author-note",
    "note from the author": "author-note", "appendix": "appendix", "colophon": "colophon",
    "copyright": "copyright-page", "about the book": "preface", "about this book": "preface",
    "glossary": "glossary", "bibliography": "bibliography", "references": "bibliography",
    "changelog": "appendix", "change log": "appendix", "revision history": "appendix",
    "notes": "appendix", "endnotes": "appendix", "end notes": "appendix",
    # The same sections as French, German, Spanish, Italian, Portuguese and Dutch books
    # title them.
    "table des matières": "toc", "table des matieres": "toc", "sommaire": "toc",
    "inhalt": "toc", "inhaltsverzeichnis": "toc", "índice": "toc", "indice": "toc",
    "sumário": "toc", "inhoud": "toc", "inhoudsopgave": "toc",
    "préface": "preface", "vorwort": "preface", "prefacio": "preface", "prefazione": "preface",
    "prefácio": "preface", "voorwoord": "preface", "avant-propos": "foreword",
    "einleitung": "introduction", "einführung": "introduction", "introducción": "introduction",
    "introduzione": "introduction", "introdução": "introduction", "inleiding": "introduction",
    "dédicace": "dedication", "widmung": "dedication", "dedicatoria": "dedication",
    "postface": "afterword", "nachwort": "afterword", "epílogo del autor": "afterword",
    "remerciements": "acknowledgments", "danksagung": "acknowledgments",
    "agradecimientos": "acknowledgments", "ringraziamenti": "acknowledgments",
    "agradecimentos": "acknowledgments", "dankwoord": "acknowledgments",
    "annexe": "appendix", "anhang": "appendix", "apéndice": "appendix", "appendice": "appendix",
    "apêndice": "appendix", "bijlage": "appendix",
    "glossaire": "glossary", "glossar": "glossary", "glosario": "glossary",
    "glossario": "glossary", "glossário": "glossary", "woordenlijst": "glossary",
    "works cited": "bibliography", "further reading": "bibliography",
    "bibliographie": "bibliography", "literaturverzeichnis": "bibliography",
    "bibliografía": "bibliography", "bibliografia": "bibliography",
    "bibliografie": "bibliography",
}
_EXTENDABLE = ("preface", "foreword", "introduction", "appendix", "afterword")
BACK_ROLES = frozenset({"afterword", "acknowledgments", "about-the-author", "author-note",
                        "appendix", "glossary", "bibliography", "colophon", "license"})
_CREDIT_RE = re.compile(r"^(produced|transcribed|prepared|digiti[sz]ed|e-?text prepared)\b",
                        re.IGNORECASE)
_BY_RE = re.compile(r"^by\s+(?P<names>\S.{0,80})$", re.IGNORECASE)
TITLE_PAGE_MAX_CHUNKS = 6
TITLE_LINE_MAX = 60


def match_matter_heading(line: str, extra: Mapping[str, str] | None = None) -> SectionRole | None:
    """Rule *matter-heading*: the role of a line like ``PREFACE`` or ``About the Author``."""
    key = normalise_heading(line)
    if not key or len(key) > 50:
        return None
    if extra and key in extra:
        return extra[key]  # type: ignore[return-value]
    if key in MATTER_HEADINGS:
        return MATTER_HEADINGS[key]
    first = key.split()[0]
    if first in _EXTENDABLE and len(key.split()) <= 6 and not key.endswith(("!", "?")):
        return MATTER_HEADINGS[first]
    return None


_NAME = r"[^\W\d_][\w'\u2019-]+"
_REFERENCE_RE = re.compile(
    r"^(?:[\u2014\u2013-]{1,3}\s"  # a dash: the same author as the entry above
    rf"|(?:(?:v\.|von|van|de|du|di|da|le|la) )?{_NAME}(?: {_NAME})?, "  # Surname, A. / Ann
    r"(?:[^\W\d_]{1,3}\.|[^\W\d_]+ [^\W\d_]\.)"
    rf"|{_NAME}\. [\"\u201c\u201e])")  # Surname. "Title."
_YEAR_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def is_reference_list(paragraphs: list[str]) -> bool:
    """Rule *reference-list*: a section most of whose (at least five) paragraphs read as
    references — a surname and initials (or a dash for the author above), then somewhere
    a year (``Curie, P. "Radium." 1903.``) — is a bibliography, whatever its heading."""
    if len(paragraphs) < 5:
        return False
    cited = sum(bool(_REFERENCE_RE.match(text) and _YEAR_RE.search(text)) for text in paragraphs)
    return cited >= 0.6 * len(paragraphs)


def is_credit(chunk: Chunk) -> bool:
    """Rule *credit*: ``Produced by …`` lines that transcriptions put before the title page."""
    return bool(_CREDIT_RE.match(chunk.text))


def by_line_authors(text: str) -> tuple[str, ...]:
    """The names in a ``by Jane Austen`` line, or () when *text* is not one."""
    found = _BY_RE.match(text.strip())
    return split_names(found.group("names")) if found else ()


def split_names(text: str) -> tuple[str, ...]:
    """``A and B, C`` → three names, but ``Louise and Aylmer Maude`` stays one couple."""
    names = [name for name in re.split(r"\s*(?:,|\band\b|&)\s*", text.strip()) if name]
    if any(len(name.split()) < 2 for name in names):
        return (" ".join(text.split()),) if text.strip() else ()
    return tuple(names)


# --------------------------------------------------------------------------- untitled matter

_DEDICATION_RE = re.compile(
    r"^(for|to|in memory of|in loving memory|dedicated to"
    r"|à|pour|à la mémoire de|für|zum andenken an|in erinnerung an|para|en memoria de"
    r"|in memoria di|aan|voor|ter nagedachtenis)\b", re.IGNORECASE)
_ATTRIBUTION_RE = re.compile(r"^\s*(?:\u2014|\u2013|--?|~)\s*\S")
DEDICATION_MAX_WORDS = 40


def is_dedication_line(text: str) -> bool:
    """A short line that opens as dedications do (``For my mother``, ``À Marie``)."""
    return bool(_DEDICATION_RE.match(text.strip())) and len(text.split()) <= DEDICATION_MAX_WORDS


def lead_role(chunks: Sequence[Chunk]) -> tuple[SectionRole | None, int]:
    """Rules *dedication* and *epigraph* for text before the first chapter, without a heading.

    A short ``For my mother.`` is a dedication; a quotation followed by (or ending
    in) a ``— Name`` attribution line is an epigraph.  Returns the role and how many
    of *chunks* it takes.
    """
    first = chunks[0]
    if _ATTRIBUTION_RE.match(first.lines[-1]) and len(first.lines) > 1:
        return "epigraph", 1
    if len(chunks) > 1 and chunks[1].is_single_line and _ATTRIBUTION_RE.match(chunks[1].text):
        return "epigraph", 2
    if is_dedication_line(first.text):
        return "dedication", 1
    return None, 1


# --------------------------------------------------------------------------- title page


@dataclass(frozen=True, slots=True)
class TitlePage:
    """The title block found at the head of the text."""

    title: str
    subtitle: str
    authors: tuple[str, ...]
    start: int
    """Index of its first chunk."""
    end: int
    """Index just past its last chunk."""


def find_title_page(chunks: Sequence[Chunk], known_title: str = "") -> TitlePage | None:
    """Rule *title-page*: a short title line, perhaps subtitle lines, perhaps ``by …``.

    With *known_title* (from a PG header) the block starts at the first chunk that
    begins it, letters compared (``MOBY-DICK;`` / ``or, THE WHALE.`` for ``Moby Dick;
    or The Whale``), and the title may run over several lines; otherwise the block must
    be the first chunk of the text.
    """
    start = _title_start(chunks, known_title)
    if start is None:
        return None
    title_lines, end, extra = _title_lines(chunks, start, known_title)
    title = " ".join(title_lines)
    authors = by_line_authors(extra[-1]) if extra else ()
    extra = extra[:-1] if authors else extra
    while not authors and end < min(len(chunks) - 1, start + TITLE_PAGE_MAX_CHUNKS):
        chunk = chunks[end]
        if not _short_block(chunk):
            break
        authors = by_line_authors(chunk.lines[-1])
        if not authors and not known_title:
            break
        extra += [line.strip() for line in (chunk.lines[:-1] if authors else chunk.lines)]
        end += 1
    if not authors and known_title:
        extra, end = [], start + len(title_lines)
    return TitlePage(title, _subtitle(extra), authors, start, max(end, start + 1))


def _title_lines(chunks: Sequence[Chunk], start: int, known_title: str
                 ) -> tuple[list[str], int, list[str]]:
    """The lines the title takes from *start* on, the index past its chunks, and the
    other lines of its last chunk."""
    lines = [line.strip() for line in chunks[start].lines]
    if not known_title:
        return lines[:1], start + 1, lines[1:]
    wanted, taken, index = _letters(known_title), [], start
    while index < len(chunks) and len(chunks[index].lines) <= 4:
        lines = [line.strip() for line in chunks[index].lines]
        for position, line in enumerate(lines):
            taken.append(line)
            if _letters(" ".join(taken)) == wanted:
                return taken, index + 1, lines[position + 1:]
            if not wanted.startswith(_letters(" ".join(taken))):
                return taken[:1], start + 1, [line.strip() for line in chunks[start].lines[1:]]
        index += 1
    return taken[:1], start + 1, [line.strip() for line in chunks[start].lines[1:]]


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _title_start(chunks: Sequence[Chunk], known_title: str) -> int | None:
    if known_title:
        wanted = _letters(known_title)
        for index, chunk in enumerate(chunks[:TITLE_PAGE_MAX_CHUNKS + 2]):
            first = _letters(chunk.lines[0])
            if first and wanted.startswith(first) and (first == wanted or len(first) >= 4):
                return index
        return None
    if len(chunks) < 2 or not _short_block(chunks[0]) or len(chunks[0].lines) > 2:
        return None
    first = chunks[0].lines[0].strip()
    if len(chunks[0].lines) == 2 and not by_line_authors(chunks[0].lines[1]):
        return None
    if (match_heading(first) or match_matter_heading(first) or is_marker_line(first)
            or first.endswith((".", ",", ";", ":"))):
        return None
    return None if first.startswith(('"', "'", "\u201c", "\u2018", "[", "(")) else 0


def _short_block(chunk: Chunk) -> bool:
    """Lines a title page is made of: few, short, not a heading, not a sentence."""
    return (len(chunk.lines) <= 4
            and all(len(line.strip()) <= TITLE_LINE_MAX for line in chunk.lines)
            and not match_heading(chunk.lines[0])
            and not match_matter_heading(chunk.lines[0])
            and len(chunk.lines[0].split()) <= 12)


def _subtitle(lines: list[str]) -> str:
    """The last of the extra title lines that reads as a subtitle, not a connective."""
    meaningful = [line for line in lines if len(line.split()) > 2]
    return meaningful[-1] if meaningful else ""


# --------------------------------------------------------------------------- after the end


def mark_after_the_end(marks: list[Mark], context: Context) -> None:
    """Rule *after-the-end*: after the last chapter heading, a line that says the story
    is over (``THE END``, ``FINIS``, ``Fin``) closes it; text after it is back matter —
    a publisher's advertisements, a list of the author's other books."""
    last_heading = max((i for i, m in enumerate(marks) if m.kind == "heading"), default=-1)
    if last_heading < 0:
        return
    for index in range(len(marks) - 2, last_heading, -1):
        mark = marks[index]
        if mark.is_free_line and mark.chunk.text.strip().casefold() in CLOSING_WORDS:
            following = next((i for i in range(index + 1, len(marks))
                              if marks[i].kind == "text"), None)
            if following is not None:
                marks[following] = Mark("back", marks[following].chunk)
            return


def back_matter_at_end(body: list[BodyItem]) -> list[Section]:
    """Rule *matter-at-end*: chapters at the end of a book titled as back matter
    (``Acknowledgments``, ``Glossary``) are back matter; they are taken out of *body*."""
    back: list[Section] = []
    while len(body) > 1 and isinstance(body[-1], Chapter) and (
            match_matter_heading(body[-1].title) in BACK_ROLES):
        chapter = body.pop()
        assert isinstance(chapter, Chapter)
        role = match_matter_heading(chapter.title) or "appendix"
        back.insert(0, Section(role, chapter.title, tuple(chapter.blocks), chapter.source,
                               chapter.notes, "matter-heading"))
    return back
