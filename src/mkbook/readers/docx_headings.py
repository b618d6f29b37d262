"""Where a word processor's headings are: which paragraphs of a Word or OpenDocument
manuscript are the title, parts, chapters and the headings inside them.

The evidence, in order:

1. *Heading styles* (rule ``heading-styles``): any style or paragraph with an outline
   level.  The shallowest level used at least twice holds the chapters; a level used
   once above it is the title, or a part when it reads ``Part One``; deeper levels are
   headings inside chapters — except one used once, before the first chapter, which is
   the title an author set in ``Heading 2``.  An unstyled heading line (``ACT II``,
   ``Chapter 3``) standing just before a styled chapter heading is a part above the
   chapters when such lines group them, or the chapter's label when every chapter has
   one (rule ``heading-label-line``).
2. With no heading styles, *what a reader sees* (rule ``heading-layout``): a short
   paragraph that reads as a chapter or part heading (``Chapter One``, ``Глава 1``), or —
   when two or more are — one set apart by its layout: centred and bold, underlined or
   after a page break, or in a larger size than the body.

Each paragraph's kind is a string: ``title``, ``subtitle``, ``part``, ``chapter``,
``label`` (a chapter's label line; its styled title follows) or ``section-N``.
"""

from __future__ import annotations

from collections import Counter

from mkbook.readers.docx_paragraphs import WordParagraph
from mkbook.readers.headings import match_heading
from mkbook.readers.matter import match_matter_heading
from mkbook.readers.scene_breaks import is_marker_line

Item = WordParagraph | list[list[str]]
_HEADING_WORDS = 12


def heading_kinds(items: list[Item]) -> dict[int, str]:
    """What each heading paragraph of *items* is, by its index."""
    kinds = _style_headings(items)
    if kinds:
        kinds.update(_label_lines(items, kinds))
        return kinds
    kinds = _layout_headings(items)
    for index, item in enumerate(items):  # Title and Subtitle name the book in any case
        name = item.style.name.lower() if isinstance(item, WordParagraph) else ""
        if name in ("title", "subtitle") and item.text.strip() and (  # type: ignore[union-attr]
                name not in kinds.values()):
            kinds[index] = name
    return kinds


def _style_headings(items: list[Item]) -> dict[int, str]:
    """Rule *heading-styles*: what each styled heading paragraph is, by its level."""
    styled = {i: p for i, p in enumerate(items) if isinstance(p, WordParagraph)
              and p.text.strip() and (p.outline or p.style.name.lower() in ("title", "subtitle"))}
    if not any(p.outline for p in styled.values()):
        return {}
    kinds: dict[int, str] = {}
    for index, paragraph in styled.items():
        name = paragraph.style.name.lower()
        if name in ("title", "subtitle"):
            kinds[index] = name
    levels = Counter(p.outline for i, p in styled.items() if i not in kinds and p.outline)
    parts = {p.outline for i, p in styled.items() if i not in kinds and _reads_as_part(p)}
    only_parts = {level for level in levels if level in parts and all(
        _reads_as_part(p) for p in styled.values() if p.outline == level)}
    repeated = [level for level, count in levels.items()
                if count >= 2 and level not in only_parts]
    chapter = min(repeated) if repeated else min(levels)
    first_chapter = min((i for i, p in styled.items() if p.outline == chapter), default=0)
    for index, paragraph in styled.items():
        if index in kinds or not paragraph.outline:
            continue
        found = match_heading(paragraph.text)
        once = levels[paragraph.outline] == 1 and "title" not in kinds.values()
        if paragraph.outline == chapter:
            kinds[index] = "part" if found and found.level == "part" else "chapter"
        elif paragraph.outline < chapter:
            kinds[index] = "part" if found and found.level == "part" else (
                "title" if once else "part")
        elif once and index < first_chapter and not found and not match_matter_heading(
                paragraph.text):
            kinds[index] = "title"  # the title set in a deeper style than the chapters
        else:
            kinds[index] = f"section-{min(paragraph.outline - chapter + 2, 6)}"
    return kinds


def _label_lines(items: list[Item], kinds: dict[int, str]) -> dict[int, str]:
    """Rule *heading-label-line*: unstyled heading lines just before styled chapter
    headings are parts when fewer than the chapters (they group them), else labels."""
    lines: list[int] = []
    for index, item in enumerate(items):
        if (index in kinds or not isinstance(item, WordParagraph) or item.outline
                or not _short(item.text) or match_heading(item.text) is None):
            continue
        following = next((j for j in range(index + 1, len(items))
                          if not isinstance(items[j], WordParagraph)
                          or items[j].text.strip() or j in kinds), None)  # type: ignore[union-attr]
        if following is not None and kinds.get(following) == "chapter":
            lines.append(index)
    chapters = sum(1 for kind in kinds.values() if kind == "chapter")
    kind = "part" if len(lines) < chapters else "label"
    return {index: kind for index in lines}


def _reads_as_part(paragraph: WordParagraph) -> bool:
    found = match_heading(paragraph.text)
    return found is not None and found.level == "part"


def _short(text: str) -> bool:
    text = text.strip()
    return bool(text) and len(text.split()) <= _HEADING_WORDS and len(text) <= 100


def _layout_headings(items: list[Item]) -> dict[int, str]:
    """Rule *heading-layout*: with no heading styles, a short paragraph that reads as a
    chapter or part heading is one; so, when two or more are, is one set apart by its
    layout (centred and bold or underlined, after a page break, or in larger type)."""
    paragraphs = [(i, p) for i, p in enumerate(items) if isinstance(p, WordParagraph)]
    body_size = Counter(p.size for _, p in paragraphs if p.size and len(p.text) > 80)
    usual = body_size.most_common(1)[0][0] if body_size else None
    kinds: dict[int, str] = {}
    set_apart: list[int] = []
    for index, paragraph in paragraphs:
        text = paragraph.text.strip()
        if not _short(text) or is_marker_line(text):
            continue
        found = match_heading(text)
        if found is not None and found.level in ("chapter", "part"):
            kinds[index] = found.level
        elif match_matter_heading(text) and looks_set_apart(paragraph, usual):
            kinds[index] = "chapter"
        elif looks_set_apart(paragraph, usual) and not text.endswith((".", ",", ";")):
            set_apart.append(index)
    if len(set_apart) >= 2:
        kinds.update((index, "chapter") for index in set_apart)
    return kinds


def looks_set_apart(paragraph: WordParagraph, usual: float | None) -> bool:
    """Centred and marked out (bold, underlined, larger, a new page), or larger type."""
    larger = bool(paragraph.size and usual and paragraph.size >= usual * 1.2)
    return (paragraph.centred and (paragraph.bold or paragraph.underlined or larger
                                   or paragraph.page_break)) or larger
