"""What stands before a word-processed manuscript's first chapter: the author's
submission header and the title block.

Rule *submission-header*: at the very start, a run of short lines of which one is an
email address, a phone number or a word count (``About 85,000 words``) is the header
a manuscript sent to an agent or a contest carries (standard manuscript format); it
is left out of the book (``inspect`` lists it) and its first line, when it reads as
a name, is the author when nothing else names one.

Rule *title-block*: the first text after it is the book's title when a ``by …`` line
follows (one subtitle line may stand between), or when it is centred and set in
capitals, bold or larger type and a new page, a heading or a ``by …`` line follows.
A dedication (``For my mother``) is never a title.

Rule *typed-contents*: two or more short paragraphs in a row, each naming, in order, a
heading that comes after them all (``Chapter One: The Arrival``, ``The Storm …… 12``),
are the contents list an author typed: left out (the book makes its own), with the
``Contents`` line over them, and listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mkbook.diagnostics import SourceRef
from mkbook.model import Removal
from mkbook.readers.contents import forms
from mkbook.readers.docx_headings import Item, looks_set_apart
from mkbook.readers.docx_paragraphs import WordParagraph
from mkbook.readers.headings import match_heading
from mkbook.readers.markdown_book import field_heading
from mkbook.readers.matter import by_line_authors, is_dedication_line, match_matter_heading
from mkbook.readers.scene_breaks import is_marker_line

_CONTENTS_START = 40
"""A typed contents list starts among the document's first paragraphs with text."""
_ENTRY_MAX = 120
_HEADER_LINES = 10
_HEADER_LINE_MAX = 70
_CONTACT_RE = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"  # an email address
    r"|(?:\+?\d[\d\s().-]{7,}\d)"  # a phone number
    r"|\b\d[\d,.\u202f\u00a0 ]*\s*(?:k\s+)?words?\b"  # a word count: 85,000 words
    r"|\bword\s*count\b", re.IGNORECASE)
_NAME_RE = re.compile(r"^[^\W\d_][\w.'\u2019-]*(?:\s+[^\W\d_][\w.'\u2019-]*){1,3}$")


def read_lead(items: Sequence[Item], kinds: dict[int, str], display: str
              ) -> tuple[dict[int, str], list[Removal], dict[str, str]]:
    """The kinds the lead's lines take (``left-out``, ``title``, ``subtitle``,
    ``author``), the removals that record a submission header, a typed contents list
    or field headings (whose lines, read as headings, are no longer), and the metadata
    fields those headings give."""
    contents = _typed_contents(items, kinds)
    fields = _field_headings(items, kinds)
    for index in [*contents, *fields]:
        kinds.pop(index, None)
    first = min((i for i, kind in kinds.items() if kind in ("chapter", "part", "label")),
                default=len(items))
    lead = [(i, p) for i, p in enumerate(items[:first])
            if isinstance(p, WordParagraph) and (p.text.strip() or p.page_break)]
    found: dict[int, str] = dict.fromkeys([*contents, *fields], "left-out")
    lead = [(i, p) for i, p in lead if i not in found]
    header = _submission_header(lead, kinds)
    removals = [Removal("typed-contents", "the contents list typed in the manuscript",
                        "\n".join(items[i].text for i in contents  # type: ignore[union-attr]
                                  ), SourceRef(display, contents[0] + 1))] if contents else []
    removals += [Removal("field-heading", f"a heading that gives the book's {key}",
                         items[index].text, SourceRef(display, index + 1))  # type: ignore[union-attr]
                 for index, (key, _) in fields.items()]
    if header:
        found.update((index, "left-out") for index, _ in header)
        removals.append(Removal("submission-header", "the manuscript's submission header",
                                "\n".join(p.text for _, p in header),
                                SourceRef(display, header[0][1].number)))
    if "title" not in kinds.values():
        block = _title_block(lead[len(header):], items, kinds)
        found.update(block)
        if block:
            lines = [items[i] for i in sorted(block)]
            removals.append(Removal("title-block", "the title page, read as the metadata",
                                    "\n".join(p.text for p in lines
                                              if isinstance(p, WordParagraph)),
                                    SourceRef(display, min(block) + 1)))
    if header and "author" not in found.values() and _NAME_RE.match(header[0][1].text.strip()):
        found[header[0][0]] = "author"
    given: dict[str, str] = {}
    for key, value in fields.values():
        given.setdefault(key, value)
    return found, removals, given


def _field_headings(items: Sequence[Item], kinds: dict[int, str]
                    ) -> dict[int, tuple[str, str]]:
    """Rule *field-heading*, as Markdown has it: the headings a document opens with that
    read ``Title: …``, ``Author: …``, ``Year: …`` give its metadata, not chapters."""
    found: dict[int, tuple[str, str]] = {}
    for index, item in enumerate(items):
        if not isinstance(item, WordParagraph) or not item.text.strip():
            continue
        field = field_heading(item.text) if (index in kinds or item.outline) else None
        if field is None:
            break
        found[index] = field
    return found


def _typed_contents(items: Sequence[Item], kinds: dict[int, str]) -> list[int]:
    """The typed contents list's paragraphs (and its ``Contents`` line), by index."""
    texts = [(i, p) for i, p in enumerate(items)
             if isinstance(p, WordParagraph) and p.text.strip()]
    headings = [(i, forms(items[i].text)) for i in sorted(kinds)  # type: ignore[union-attr]
                if kinds[i] in ("chapter", "part", "label") or kinds[i].startswith("section")]
    for start, (index, paragraph) in enumerate(texts[:_CONTENTS_START]):
        run: list[int] = []
        named: list[int] = []
        for other, line in texts[start + 1 if _is_contents_line(paragraph) else start:]:
            after = max(named, default=other)
            target = next((h for h, spelled in headings
                           if h > after and spelled & forms(line.text, entry=True)), None)
            if target is None or len(line.text) > _ENTRY_MAX:
                break
            run.append(other)
            named.append(target)
        if len(run) >= 2 and min(named) > run[-1]:
            return ([index] if _is_contents_line(paragraph) else []) + run
    return []


def _is_contents_line(paragraph: WordParagraph) -> bool:
    return match_matter_heading(paragraph.text) == "toc"


def _submission_header(lead: list[tuple[int, WordParagraph]], kinds: dict[int, str]
                       ) -> list[tuple[int, WordParagraph]]:
    """The run of short lines at the start that holds contact details or a word count,
    when a title or a heading (centred, or a heading style) comes next — so a story
    that opens on a letter's ``From: anna@example.com`` keeps it."""
    texts = [(i, p) for i, p in lead if p.text.strip()]
    run: list[tuple[int, WordParagraph]] = []
    for index, paragraph in texts[:_HEADER_LINES]:
        if paragraph.centred or len(paragraph.text.strip()) > _HEADER_LINE_MAX or index in kinds:
            break
        run.append((index, paragraph))
    while run and not _CONTACT_RE.search(run[-1][1].text):
        run.pop()  # the header ends at its last contact line
    after = texts[len(run)][1] if len(run) < len(texts) else None
    titled = after is not None and (after.centred or bool(after.outline) or texts[len(run)][0]
                                    in kinds or after.style.name.lower() == "title")
    return run if run and titled else []


def _title_block(lead: list[tuple[int, WordParagraph]], items: Sequence[Item],
                 kinds: dict[int, str]) -> dict[int, str]:
    texts = [(i, p) for i, p in lead if p.text.strip()]
    if not texts or not _title_like(texts[0][1].text):
        return {}
    (index, paragraph), rest = texts[0], texts[1:4]
    for position, (other, line) in enumerate(rest[:2]):
        if by_line_authors(line.text):
            found = {index: "title", other: "author"}
            if position == 1 and _title_like(rest[0][1].text):
                found[rest[0][0]] = "subtitle"
            return found if position == 0 or rest[0][0] in found else {}
    after = next((i for i in range(index + 1, len(items)) if not isinstance(items[i], list)
                  and (items[i].text.strip() or items[i].page_break)), None)  # type: ignore[union-attr]
    text = paragraph.text.strip()
    styled = looks_set_apart(paragraph, None) or paragraph.bold or (
        text.upper() == text and any(ch.isalpha() for ch in text))
    follows = after is not None and (after in kinds or items[after].page_break)  # type: ignore[union-attr]
    return {index: "title"} if paragraph.centred and styled and follows else {}


def _title_like(text: str) -> bool:
    text = text.strip()
    return (0 < len(text) <= 80 and not text.endswith((".", ",", ";", ":"))
            and match_heading(text) is None and match_matter_heading(text) is None
            and not is_marker_line(text) and not is_dedication_line(text)
            and not by_line_authors(text))
