"""The plain-text reader: a manuscript as authors type it, read into a :class:`Book`.

The text is cut into chunks (runs of non-blank lines).  Named rules then peel off
what surrounds the story (a Project Gutenberg header and licence, credits, the title
page, a closing author's note), classify the rest (headings, matter, markers, text)
and assemble chapters, parts and sections; :mod:`.paragraphs` turns text chunks into
paragraphs, verse and quotations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from mkbook.config import ReadingRules
from mkbook.diagnostics import SourceRef
from mkbook.errors import ManuscriptError
from mkbook.model import SECTION_ROLES, Book, Contributor, Metadata, Paragraph, Removal, Section
from mkbook.readers.accounting import check_accounted
from mkbook.readers.archive_site import split_pasted_headings
from mkbook.readers.assembly import AssembledBody, Assembler
from mkbook.readers.chunks import Chunk, split_chunks
from mkbook.readers.gutenberg import GutenbergParts, split_gutenberg
from mkbook.readers.inline import parse_plain_inline
from mkbook.readers.marks import Mark
from mkbook.readers.matter import TitlePage, find_title_page, is_credit
from mkbook.readers.notes import split_trailing_note
from mkbook.readers.paragraphs import chunk_blocks, measure_layout
from mkbook.readers.rules import classify
from mkbook.readers.scene_breaks import blank_lines_break, is_marker_line
from mkbook.readers.textfile import read_text_file
from mkbook.textnorm import title_case


def read_plaintext_file(path: Path, display: str, rules: ReadingRules | None = None,
                        root: Path | None = None) -> Book:
    """Read one plain-text manuscript file (inside *root*, the book project)."""
    decoded = read_text_file(path, display, root)
    book = read_plaintext(decoded.text, display, rules)
    return replace(book, warnings=decoded.warnings + book.warnings)


def read_plaintext_section(path: Path, display: str, role: str,
                           root: Path | None = None) -> Section:
    """Read a whole plain-text file as one front- or back-matter section (``role =``)."""
    if role not in SECTION_ROLES:
        raise ManuscriptError(f"unknown role {role!r}; use one of: "
                              + ", ".join(sorted(SECTION_ROLES)), source=display)
    chunks = split_chunks(read_text_file(path, display, root).text)
    return _plain_section(role, "", chunks, display, "file-role")


def read_plaintext(text: str, name: str, rules: ReadingRules | None = None) -> Book:
    """Read manuscript *text* (``\\n`` line endings); *name* is used in source references."""
    rules = rules or ReadingRules()
    off = rules.disabled
    chunks = split_chunks(text)
    gutenberg = split_gutenberg(chunks) if "gutenberg" not in off else GutenbergParts(
        False, chunks)
    chunks, site_lines = (split_pasted_headings(gutenberg.body) if "pasted-heading" not in off
                          else (gutenberg.body, []))
    front: list[Section] = []
    title_page = find_title_page(chunks, gutenberg.title) if "title-page" not in off else None
    credits, chunks, title_page = _take_credits(chunks, title_page, gutenberg.found,
                                                "credit" not in off)
    if credits:
        front.append(_plain_section("colophon", "", credits, name, "credit"))
    removed = [_removal("gutenberg", "the Project Gutenberg header", gutenberg.header, name)]
    removed += [_removal("pasted-heading", "the archive site's 'Chapter Text' line", [line],
                         name) for line in site_lines]
    if title_page:
        page = chunks[title_page.start:title_page.end]
        if title_page.end - title_page.start > 1 or gutenberg.found:
            front.append(_plain_section("titlepage", "", page, name, "title-page"))
        else:
            removed.append(_removal("title-page", "the title line, read as the book's title "
                                    "and author", page, name))
        chunks = chunks[:title_page.start] + chunks[title_page.end:]
    chunks, note = (split_trailing_note(chunks) if "closing-author-note" not in off
                    else (chunks, None))
    assembled = _assemble(chunks, name, rules, gutenberg.found)
    back = list(assembled.back_matter)
    if note:
        removed.append(Removal("closing-author-note", "an author's note's label", note.label,
                               SourceRef(name, note.line)))
        paragraphs = tuple(Paragraph(parse_plain_inline(t), SourceRef(name, line))
                           for t, line in note.paragraphs)
        back.append(Section("author-note", "Author's Note", paragraphs,
                            SourceRef(name, note.line), rule="closing-author-note"))
    if gutenberg.license:
        back.append(_plain_section("license", "Project Gutenberg License", gutenberg.license,
                                   name, "gutenberg"))
    removed += assembled.removed
    book = Book(_metadata(gutenberg, title_page), assembled.body,
                tuple(front) + assembled.front_matter, tuple(back),
                warnings=assembled.warnings,
                removed=tuple(r for r in removed if r.text.strip()))
    check_accounted(text, book, name)
    return book


def _removal(rule: str, what: str, chunks: Sequence[Chunk], name: str) -> Removal:
    text = "\n".join("\n" * chunk.blank_before * (index > 0) + "\n".join(chunk.lines)
                     for index, chunk in enumerate(chunks))  # as the file has it
    return Removal(rule, what, text, SourceRef(name, chunks[0].line) if chunks else None)


def _take_credits(chunks: list[Chunk], title_page: TitlePage | None, gutenberg: bool,
                  enabled: bool = True) -> tuple[list[Chunk], list[Chunk], TitlePage | None]:
    """Rule *credit*: ``Produced by …`` lines that transcriptions put before the book
    (in a PG file, whatever stands between the start marker and the title page)."""
    if not enabled:
        return [], chunks, title_page
    count = 0
    if gutenberg and title_page and title_page.start <= 3:
        count = title_page.start
    while count < min(len(chunks), 3) and is_credit(chunks[count]):
        count += 1
    if title_page:
        title_page = replace(title_page, start=title_page.start - count,
                             end=title_page.end - count)
    return chunks[:count], chunks[count:], title_page


def _assemble(chunks: list[Chunk], name: str, rules: ReadingRules,
              gutenberg: bool) -> AssembledBody:
    layout = measure_layout(chunks, rules.disabled)
    if rules.chapters:
        marks = classify(chunks, rules)
    else:  # "this file has no chapters": only scene markers still mean something
        marks = [Mark("marker" if chunk.is_single_line and is_marker_line(chunk.text, rules)
                      else "text", chunk) for chunk in chunks]
    has_markers = any(mark.kind == "marker" for mark in marks)
    return Assembler(name, layout, blank_lines_break(has_markers, rules, gutenberg)).walk(marks)


def _plain_section(role: str, title: str, chunks: Sequence[Chunk], name: str,
                   rule: str) -> Section:
    layout = measure_layout(chunks)
    blocks = tuple(block for chunk in chunks for block in chunk_blocks(chunk, name, layout))
    source = SourceRef(name, chunks[0].line) if chunks else None
    return Section(role, title, blocks, source, rule=rule)  # type: ignore[arg-type]


def _metadata(gutenberg: GutenbergParts, title_page: TitlePage | None) -> Metadata:
    """The title as the book's own title page spells it, in a catalogue's case; the PG
    header's where there is no title page (its fields are typed by cataloguers:
    ``Moby Dick; or The Whale``).  Subtitle and authors: the header's fields first."""
    language = gutenberg.language or "en"
    title = (title_case(title_page.title, language, gutenberg.title) if title_page
             else gutenberg.title)
    subtitle = gutenberg.subtitle or (title_page.subtitle if title_page else "")
    authors = gutenberg.authors or (title_page.authors if title_page else ())
    translators = tuple(Contributor(name, "trl") for name in gutenberg.translators)
    return Metadata(title=title, subtitle=subtitle, authors=authors,
                    language=gutenberg.language, contributors=translators)

