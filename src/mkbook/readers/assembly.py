"""Building the book's structure from classified chunks: sections, parts, chapters, scenes.

The walk is a small state machine: a heading opens a chapter or part, a matter
heading opens a front- or back-matter section, text goes to whatever is open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.model import (
    AuthorNote,
    Block,
    BodyItem,
    Chapter,
    Paragraph,
    Part,
    Removal,
    Scene,
    Section,
    SectionRole,
)
from mkbook.readers.chunks import Chunk
from mkbook.readers.contents import entries
from mkbook.readers.headings import HeadingMatch
from mkbook.readers.inline import parse_plain_inline
from mkbook.readers.marks import Mark
from mkbook.readers.matter import BACK_ROLES, lead_role
from mkbook.readers.notes import chapter_note, split_chapter_notes
from mkbook.readers.paragraphs import Layout, chunk_blocks
from mkbook.readers.scene_breaks import BREAK_BLANK_LINES, opens_scene
from mkbook.walk import words_of

LONG_ONE_SHOT_WORDS = 20_000
"""Longer than a novelette with no chapter heading: probably headings mkbook missed."""
SUBTITLE_MAX_WORDS = 10
EMPTY_SCENE = "MK604"


@dataclass(slots=True)
class _Draft:
    """A chapter or section while its marks are collected (never leaves this module)."""

    title: str
    source: SourceRef
    rule: str
    role: SectionRole | None = None
    """Set for a front- or back-matter section; None for a chapter."""
    subtitle: str = ""
    marks: list[Mark] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AssembledBody:
    """What the walk found: front matter, the body, back matter and warnings."""

    front_matter: tuple[Section, ...]
    body: tuple[BodyItem, ...]
    back_matter: tuple[Section, ...]
    warnings: tuple[Diagnostic, ...]
    removed: tuple[Removal, ...] = ()
    """Text kept out on purpose: a scene-break line with letters (``o0o``), a note's label."""


@dataclass(slots=True)
class Assembler:
    """Walks the marks of one file in order."""

    name: str
    layout: Layout
    blank_line_breaks: bool
    """Whether runs of blank lines are scene breaks in this file."""
    front: list[_Draft] = field(default_factory=list)
    back: list[_Draft] = field(default_factory=list)
    parts: list[tuple[_Draft | None, list[_Draft]]] = field(default_factory=list)
    current: _Draft | None = None
    notices: list[Diagnostic] = field(default_factory=list)
    """Problems noticed while building (an empty scene), reported with the warnings."""
    removed: list[Removal] = field(default_factory=list)
    """Text kept out of the book on purpose: scene-break lines, notes' labels."""

    def walk(self, marks: Sequence[Mark]) -> AssembledBody:
        has_chapters = any(m.kind == "heading" for m in marks)
        for index, mark in enumerate(marks):
            if mark.kind == "heading" and mark.heading:
                self._open_heading(mark, marks, index)
            elif mark.kind == "matter" and mark.role:
                self._open_matter(mark, marks, index)
            elif mark.kind == "back":
                self._open_back(mark)
            elif (self.current is None or self._ends_front_section(mark, has_chapters)
                  or self._ends_contents_list(mark)):
                self._open_implicit(mark, has_chapters)
            elif not self._is_subtitle_mark(mark):
                self.current.marks.append(mark)
        return self._finish(marks)

    # -- opening containers

    def _ref(self, chunk: Chunk) -> SourceRef:
        return SourceRef(self.name, chunk.line)

    def _open_heading(self, mark: Mark, marks: Sequence[Mark], index: int) -> None:
        heading: HeadingMatch = mark.heading  # type: ignore[assignment]
        draft = _Draft(heading.title, self._ref(mark.chunk), heading.rule)
        if heading.level == "part":
            self.parts.append((draft, []))
            self.current = None
            return
        if "heading-subtitle" not in self.layout.off:
            draft.subtitle = _subtitle_after(marks, index)
        if not self.parts:
            self.parts.append((None, []))
        self.parts[-1][1].append(draft)
        self.current = draft

    def _open_matter(self, mark: Mark, marks: Sequence[Mark], index: int) -> None:
        role: SectionRole = mark.role  # type: ignore[assignment]
        title = " ".join(mark.chunk.text.split()).rstrip(".:")
        later_chapter = any(m.kind == "heading" for m in marks[index + 1:])
        if self._has_chapters() and (later_chapter or role not in BACK_ROLES):
            mark = Mark("heading", mark.chunk, HeadingMatch("chapter", title, "matter-heading"))
            self._open_heading(mark, marks, index)
            return
        draft = _Draft(title, self._ref(mark.chunk), "matter-heading", role)
        (self.back if self._has_chapters() else self.front).append(draft)
        self.current = draft

    def _open_back(self, mark: Mark) -> None:
        """Untitled back matter from here on (rule *after-the-end*)."""
        draft = _Draft("", self._ref(mark.chunk), "after-the-end", "other",
                       marks=[Mark("text", mark.chunk)])
        self.back.append(draft)
        self.current = draft

    def _open_implicit(self, mark: Mark, has_chapters: bool) -> None:
        """Text with nothing open: a front section before headings, or the one-shot chapter."""
        if mark.kind == "marker":
            return
        ref = self._ref(mark.chunk)
        if self.parts and self.parts[-1][0] is not None and not self.parts[-1][1]:
            part = self.parts[-1][0]
            draft = _Draft(part.title, ref, "part-text")
            self.parts[-1][1].append(draft)
        elif has_chapters:
            draft = _Draft("", ref, "text-before-chapters", "other")
            self.front.append(draft)
        else:
            draft = _Draft("", ref, "one-shot")
            self.parts.append((None, [draft]))
        draft.marks.append(mark)
        self.current = draft

    def _ends_front_section(self, mark: Mark, has_chapters: bool) -> bool:
        """Without chapter headings, a front section ends at the first wide gap."""
        current = self.current
        return (not has_chapters and current is not None and current.role is not None
                and current in self.front and bool(current.marks)
                and mark.chunk.blank_before >= BREAK_BLANK_LINES)

    def _ends_contents_list(self, mark: Mark) -> bool:
        """Text after a contents list's entries is not part of the list: it opens the
        next front section (a dedication, a letter) rather than hiding inside the list."""
        current = self.current
        return (mark.kind == "text" and current is not None and current.role == "toc"
                and any(m.kind == "contents" for m in current.marks))

    def _is_subtitle_mark(self, mark: Mark) -> bool:
        current = self.current
        return (current is not None and current.role is None and not current.marks
                and bool(current.subtitle) and mark.chunk.text.strip() == current.subtitle)

    def _has_chapters(self) -> bool:
        return any(drafts for _, drafts in self.parts)

    # -- building

    def _finish(self, marks: Sequence[Mark]) -> AssembledBody:
        body: list[BodyItem] = []
        for part, drafts in self.parts:
            chapters = tuple(self._chapter(d) for d in drafts)
            if part is None or [d.rule for d in drafts] == ["part-text"]:
                body.extend(chapters)  # a part with only text is a chapter
            else:
                body.append(Part(part.title, chapters, part.source, part.rule))
        words = sum(len(m.chunk.text.split()) for m in marks)
        warnings = _warnings(self.parts, words, self.name) + tuple(self.notices)
        front = [piece for draft in self.front for piece in self._split_lead(draft)]
        self.removed += [Removal("marker-break", "a scene-break line", m.chunk.text,
                                 self._ref(m.chunk))
                         for m in marks if m.kind == "marker" and words_of(m.chunk.text)]
        return AssembledBody(tuple(self._section(d) for d in front), tuple(body),
                             tuple(self._section(d) for d in self.back), warnings,
                             tuple(self.removed))

    def _split_lead(self, draft: _Draft) -> list[_Draft]:
        """Text before the chapters, cut into the dedication and epigraph it may hold."""
        if draft.rule != "text-before-chapters":
            return [draft]
        pieces: list[_Draft] = []
        marks, index = draft.marks, 0
        while index < len(marks):
            role, taken = lead_role([m.chunk for m in marks[index:index + 2]])
            role = None if role in self.layout.off else role
            if role is None:
                if not pieces or pieces[-1].role != "other":
                    pieces.append(_Draft("", self._ref(marks[index].chunk), draft.rule, "other"))
                pieces[-1].marks.append(marks[index])
            else:
                pieces.append(_Draft("", self._ref(marks[index].chunk), role, role,
                                     marks=list(marks[index:index + taken])))
            index += taken
        return pieces

    def _section(self, draft: _Draft) -> Section:
        blocks: list[Block] = []
        for mark in draft.marks:
            if mark.kind == "contents":
                blocks.extend(_lines_as_paragraphs(mark.chunk, self.name))
            elif mark.kind == "text":
                blocks.extend(chunk_blocks(mark.chunk, self.name, self.layout))
        role: SectionRole = draft.role or "other"
        return Section(role, draft.title, tuple(blocks), draft.source, rule=draft.rule)

    def _chapter(self, draft: _Draft) -> Chapter:
        return Chapter(draft.title, self._scenes(draft.marks), draft.source, draft.subtitle,
                       rule=draft.rule)

    def _scenes(self, marks: list[Mark]) -> tuple[Scene, ...]:
        chunks = [m.chunk for m in marks if m.kind == "text"]
        notes = chunks and "chapter-notes" not in self.layout.off
        lead, tail = split_chapter_notes(chunks) if notes else (0, 0)
        lead_chunks, tail_chunks = chunks[:lead], chunks[len(chunks) - tail:]
        story = {id(c) for c in chunks[lead:len(chunks) - tail]}
        scenes: list[list[Block]] = [[]]
        for mark in marks:
            if mark.kind == "marker":
                if not scenes[-1] and len(scenes) > 1:
                    self.notices.append(Diagnostic(
                        EMPTY_SCENE, "two scene breaks with nothing between them",
                        self._ref(mark.chunk)))
                scenes.append([])
            elif mark.kind == "contents":  # a list inside a chapter is kept, a line an entry
                scenes[-1].extend(_lines_as_paragraphs(mark.chunk, self.name))
            elif id(mark.chunk) in story:
                if self._blank_lines_open_scenes and opens_scene(mark.chunk) and scenes[-1]:
                    scenes.append([])
                scenes[-1].extend(chunk_blocks(mark.chunk, self.name, self.layout))
        kept = [blocks for blocks in scenes if blocks]
        if lead_chunks:
            kept[:1] = [[self._note(lead_chunks), *(kept[0] if kept else [])]]
        if tail_chunks:
            kept[-1:] = [[*(kept[-1] if kept else []), self._note(tail_chunks)]]
        return tuple(Scene(tuple(blocks)) for blocks in kept)

    @property
    def _blank_lines_open_scenes(self) -> bool:
        return self.blank_line_breaks and "blank-line-break" not in self.layout.off

    def _note(self, chunks: list[Chunk]) -> AuthorNote:
        note = chapter_note(chunks)
        self.removed.append(Removal("chapter-notes", "an author's note's label", note.label,
                                    self._ref(chunks[0])))
        paragraphs = tuple(Paragraph(parse_plain_inline(text), SourceRef(self.name, line))
                           for text, line in note.paragraphs)
        return AuthorNote(paragraphs, SourceRef(self.name, chunks[0].line))


def _subtitle_after(marks: Sequence[Mark], index: int) -> str:
    """Rule *heading-subtitle*: a short title line right after a chapter label."""
    if index + 2 >= len(marks):
        return ""
    following = marks[index + 1]
    text = following.chunk.text.strip()
    if following.kind != "text" or not following.chunk.is_single_line:
        return ""
    words = text.split()
    if len(words) > SUBTITLE_MAX_WORDS or text.endswith((".", ",", ";", "!", "?", '"', "\u201d")):
        return ""
    capitalised = sum(1 for word in words if word[:1].isupper() or not word[:1].isalpha())
    return text if capitalised >= max(1, len(words) - 2) and words[0][:1].isupper() else ""


def _lines_as_paragraphs(chunk: Chunk, name: str) -> list[Block]:
    """A contents list's chunk: a paragraph per entry (an entry may wrap)."""
    return [Paragraph(parse_plain_inline(text), SourceRef(name, line))
            for text, line in entries([chunk])]


def _warnings(parts: Sequence[tuple[_Draft | None, list[_Draft]]], words: int,
              name: str) -> tuple[Diagnostic, ...]:
    drafts = [d for _, group in parts for d in group]
    found: list[Diagnostic] = []
    if len(drafts) == 1 and drafts[0].rule == "one-shot" and words > LONG_ONE_SHOT_WORDS:
        found.append(Diagnostic("MK301", "no chapters found: reading the whole text as one "
                                "chapter; set [manuscript] chapter_pattern in book.toml if the "
                                "book has headings mkbook does not know", drafts[0].source))
    styles = {d.rule for d in drafts if d.rule not in ("named-chapter", "matter-heading",
                                                        "one-shot", "contents-entry")}
    if len(styles) > 1:
        found.append(Diagnostic("MK302", "two chapter-heading styles found ("
                                + ", ".join(sorted(styles)) + "); check that each is a chapter",
                                SourceRef(name, 1)))
    return tuple(found)
