"""What the reader understood, as data: the shape ``mkbook inspect --json`` prints,
and the outline ``mkbook inspect`` prints without it.

Later issues add fields; none is ever renamed.
"""

from __future__ import annotations

from typing import Any

from mkbook.model import AuthorNote, Book, Chapter, Paragraph, Part, Section, Verse
from mkbook.render.documents import heading_words, is_contents_list
from mkbook.terminal import shown
from mkbook.walk import block_text, count_words, iter_blocks

MOST_LISTED = 50
"""The outline lists at most this many left-out files, then says how many more."""


def inspect_book(book: Book) -> dict[str, Any]:
    """The book's structure as plain JSON-ready data."""
    meta = book.metadata
    headings = heading_words(book)
    return {
        "metadata": {"title": meta.title, "authors": list(meta.authors),
                     "language": meta.language},
        "front_matter": [_section(section, headings) for section in book.front_matter],
        "parts": [{"title": part.title, "chapters": len(part.chapters), "rule": part.rule}
                  for part in book.parts],
        "chapters": [_chapter(chapter, part) for chapter, part in _chapters_with_parts(book)],
        "back_matter": [_section(section, headings) for section in book.back_matter],
        "warnings": [str(warning) for warning in book.warnings],
        "removed": [{"rule": removal.rule, "what": removal.what,
                     "source": str(removal.source) if removal.source else "",
                     "lines": removal.text.count("\n") + 1, "words": count_words(removal.text)}
                    for removal in book.removed],
        "left_out": [{"file": item.path, "reason": item.reason} for item in book.left_out_files],
        "map": book.project_map or None,
    }


def _chapters_with_parts(book: Book) -> list[tuple[Chapter, Part | None]]:
    found: list[tuple[Chapter, Part | None]] = []
    for item in book.body:
        if isinstance(item, Part):
            found.extend((chapter, item) for chapter in item.chapters)
        else:
            found.append((item, None))
    return found


def _section(section: Section, headings: frozenset[str]) -> dict[str, Any]:
    """A section; ``replaced_by`` names the page mkbook makes in its place (its words are
    then in no output: the one removal the conservation check allows, said here)."""
    replaced = {"titlepage": "title page"}.get(section.role)
    if section.role == "toc" and is_contents_list(section, headings):
        replaced = "contents"
    return {"role": section.role, "title": section.title, "rule": section.rule,
            "source": str(section.source) if section.source else None,
            "replaced_by": f"the generated {replaced}" if replaced else None,
            "words": sum(count_words(block_text(block)) for block in section.blocks)}


def _chapter(chapter: Chapter, part: Part | None) -> dict[str, Any]:
    story = [block for block in chapter.blocks if not isinstance(block, AuthorNote)]
    blocks = list(iter_blocks(story))
    return {
        "title": chapter.title,
        "part": part.title if part else None,
        "scenes": len(chapter.scenes),
        "paragraphs": sum(isinstance(block, Paragraph | Verse) for block in blocks),
        "words": sum(count_words(block_text(block)) for block in story),
        "source": str(chapter.source) if chapter.source else None,
        "subtitle": chapter.subtitle,
        "notes": sum(isinstance(block, AuthorNote) for block in chapter.blocks),
        "rule": chapter.rule,
    }


def format_report(report: dict[str, Any]) -> str:
    """The inspect report as an outline a person can read, with the rule behind each line."""
    meta = report["metadata"]
    byline = f" by {', '.join(meta['authors'])}" if meta["authors"] else ""
    lines = [f"{meta['title']}{byline} [{meta['language']}]"]
    if report.get("map"):
        lines.append(f"  map: {report['map']}")
    lines += [_section_line("front", s) for s in report["front_matter"]]
    current_part = None
    for chapter in report["chapters"]:
        if chapter["part"] and chapter["part"] != current_part:
            part = next(p for p in report["parts"] if p["title"] == chapter["part"])
            lines.append(f"  part: {part['title']} — {part['chapters']} chapters "
                         f"[{part.get('rule') or 'heading'}]")
        current_part = chapter["part"]
        indent = "    " if chapter["part"] else "  "
        title = chapter["title"] + (f" / {chapter['subtitle']}" if chapter.get("subtitle") else "")
        scenes = "scene" if chapter["scenes"] == 1 else "scenes"
        notes = f", {chapter['notes']} author's notes" if chapter.get("notes") else ""
        lines.append(f"{indent}chapter: {title} — {chapter['words']} words, "
                     f"{chapter['paragraphs']} paragraphs, {chapter['scenes']} {scenes}{notes} "
                     f"({chapter['source']}) [{chapter.get('rule') or 'heading'}]")
    lines += [_section_line("back", s) for s in report["back_matter"]]
    lines += [f"removed: {removal['what']} — {removal['lines']} line(s), {removal['words']} "
              f"words, from {removal['source']} [{removal['rule']}]"
              for removal in report.get("removed", [])]
    left_out = report.get("left_out", [])
    lines += [f"left out: {item['file']} — {item['reason']}" for item in left_out[:MOST_LISTED]]
    if len(left_out) > MOST_LISTED:
        lines.append(f"left out: … and {len(left_out) - MOST_LISTED} more files")
    lines += [f"warning: {warning}" for warning in report["warnings"]]
    return "\n".join(shown(line, one_line=True) for line in lines)  # a name's newline stays in


def _section_line(where: str, section: dict[str, Any]) -> str:
    title = section["title"] or "(untitled)"
    source = f" ({section['source']})" if section.get("source") else ""
    replaced = (f" — {section['words']} words, replaced by {section['replaced_by']}"
                if section.get("replaced_by") else "")
    return (f"  {where}: {title} [{section['role']}]{source} [{section.get('rule') or 'file'}]"
            + replaced)
