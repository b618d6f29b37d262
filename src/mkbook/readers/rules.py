"""The plain-text reader's rules, in the order they run: one table.

Like markdown-it-py's block rules, each rule has a name and a place in the order.
The rules of the ``lines`` and ``book`` stages are passes over the book's marks with
one signature, ``rule(marks, context)`` (:mod:`.marks`), run in turn by
:func:`classify`: a line rule claims the one-line chunks it recognises, a book rule
uses the whole book's evidence (a contents list, numbering, layout).  The rules of
the other stages run where their stage does (cutting the file, assembling chapters,
making paragraphs) and are listed here so the whole order is in one place.

``[manuscript] disable = ["rule-name"]`` turns rules off (checked against this table);
``mkbook inspect --rules`` prints it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from mkbook.config import ReadingRules
from mkbook.readers import contents, numbered_headings, unnumbered
from mkbook.readers.chunks import Chunk
from mkbook.readers.headings import LINE_RULES, MAX_HEADING_LENGTH, HeadingMatch
from mkbook.readers.marks import Context, Mark
from mkbook.readers.matter import mark_after_the_end, match_matter_heading
from mkbook.readers.patterns import mark_pattern_headings
from mkbook.readers.scene_breaks import is_marker_line

Stage = Literal["document", "lines", "book", "assembly", "blocks"]
Pass = Callable[[list[Mark], Context], None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One named rule of the plain-text reader."""

    name: str
    stage: Stage
    module: str
    """The module of ``mkbook.readers`` it lives in."""
    does: str
    """What it recognises, in one sentence."""
    run: Pass | None = None
    """The pass, for the ``lines`` and ``book`` stages."""
    optional: bool = True
    """False for what the reader cannot do without (a measurement, book.toml's own
    patterns): it cannot be disabled."""


def _line_rule(match: Callable[[str], HeadingMatch | None]) -> Pass:
    """A heading rule for one line, as a pass: it claims the free lines it matches,
    except at a level whose headings book.toml gives a pattern for."""
    def run(marks: list[Mark], context: Context) -> None:
        for index, mark in enumerate(marks):
            line = mark.chunk.lines[0].strip()
            if not mark.is_free_line or not line or len(line) > MAX_HEADING_LENGTH:
                continue
            found = match(line)
            if found and not context.overridden(found.level):
                marks[index] = Mark("heading", mark.chunk, found)
    return run


def _mark_markers(marks: list[Mark], context: Context) -> None:
    for index, mark in enumerate(marks):
        if mark.is_free_line and is_marker_line(mark.chunk.lines[0], context.rules):
            marks[index] = Mark("marker", mark.chunk)


def _mark_matter_headings(marks: list[Mark], context: Context) -> None:
    for index, mark in enumerate(marks):
        if mark.is_free_line:
            role = match_matter_heading(mark.chunk.lines[0].strip(), context.rules.matter)
            if role:
                marks[index] = Mark("matter", mark.chunk, role=role)


_LINE_DOES = {
    "chapter-label": "`Chapter 3`, `CHAPITRE III`, `Kapitel 3: Titel`, `FIRST ACT`, "
                     "`Chapter the Last` open a chapter",
    "part-label": "`Part II`, `Book the First--Title`, `PREMIÈRE PARTIE`, `Zweiter Teil` "
                  "open a part",
    "cjk-label": "`第二十一章`, `第3回` open a chapter, `第一部`, `第二卷` a part",
    "named-chapter": "`Prologue`, `Epilogue`, `Interlude` open a chapter",
    "hash-heading": "`# Title` and `## Title` lines open a chapter",
    "banner": "a heading fenced by `===` or `***` on its line is that heading",
}

RULES: tuple[Rule, ...] = (
    Rule("gutenberg", "document", "gutenberg", "a Project Gutenberg header and licence: the "
         "header's fields are metadata, the licence back matter, neither is the story"),
    Rule("pasted-heading", "document", "archive_site", "a heading right above an archive "
         "site's `Summary:`/`Notes:` block is cut from it; `Chapter Text` is the site's"),
    Rule("credit", "document", "matter", "`Produced by …` lines before the title page are "
         "a credits section"),
    Rule("title-page", "document", "matter", "the first short lines (title, subtitle, "
         "`by …`) are the title page; the title is spelled as it gives it"),
    Rule("closing-author-note", "document", "notes", "a labelled or bracketed author's note "
         "at the very end is back matter"),
    Rule("marker-break", "lines", "scene_breaks", "a line of `* * *`, `#`, `~~~`, `§`… is a "
         "scene break", _mark_markers),
    Rule("book-pattern", "lines", "patterns", "lines matching book.toml's chapter_pattern "
         "or part_pattern are headings of that level", mark_pattern_headings, optional=False),
    Rule("matter-heading", "lines", "matter", "`PREFACE`, `Contents`, `Table des matières`, "
         "`About the Author`… open front or back matter", _mark_matter_headings),
    *(Rule(name, "lines", "headings", _LINE_DOES[name], _line_rule(match))
      for name, match in LINE_RULES),
    Rule("contents-list", "book", "contents", "what a contents list holds is entries, up to "
         "its last entry that names a later line", contents.mark_contents_lists),
    Rule("repeated-label", "book", "numbered_headings", "`WORD <n>` lines whose numbers rise, "
         "three times or more, open chapters", numbered_headings.learn_repeated_labels),
    Rule("bare-number", "book", "numbered_headings", "a bare `IV.` or `IV. Title` opens a "
         "chapter when it continues the count (which starts again in each part)",
         numbered_headings.accept_bare_numbers),
    Rule("restart-part", "book", "numbered_headings", "chapter numbers that start again at "
         "one below a short title line mean a new part, headed by that line",
         numbered_headings.find_restart_parts),
    Rule("contents-entry", "book", "contents", "a line a contents entry names is a heading, "
         "even unnumbered or wrapped", contents.mark_named_lines),
    Rule("unnumbered-title", "book", "unnumbered", "in a book with no other headings, short "
         "title lines set apart the same way open chapters", unnumbered.mark_unnumbered_titles),
    Rule("heading-list", "book", "numbered_headings", "empty headings whose numbers come "
         "again later are a list (a play's scenes), not chapters",
         numbered_headings.demote_heading_lists),
    Rule("named-part", "book", "numbered_headings", "a `Prologue` or `Epilogue` whose own "
         "chapters start at one is a part", numbered_headings.promote_named_parts),
    Rule("after-the-end", "book", "matter", "after the last chapter, text after a `THE END` "
         "line is back matter (a publisher's advertisements)", mark_after_the_end),
    Rule("heading-subtitle", "assembly", "assembly", "a short title line right under a "
         "chapter label is its subtitle"),
    Rule("dedication", "assembly", "matter", "a short `For …`/`À …` before the first chapter "
         "is a dedication"),
    Rule("epigraph", "assembly", "matter", "a quotation with a `— Name` line before the first "
         "chapter is an epigraph"),
    Rule("chapter-notes", "assembly", "notes", "`A/N:` notes at a chapter's start or end are "
         "the author's, set apart from the story"),
    Rule("scene-break-convention", "assembly", "scene_breaks", "a file marks scene breaks "
         "one way: marker lines, or (where there are none) runs of blank lines",
         optional=False),
    Rule("blank-line-break", "assembly", "scene_breaks", "two or more blank lines open a "
         "scene, where blank lines count"),
    Rule("hard-wrap", "blocks", "paragraphs", "the width a file's lines wrap at is measured "
         "once, so wrapped lines join into paragraphs", optional=False),
    Rule("line-per-paragraph", "blocks", "paragraphs", "long lines with no blank line between "
         "them are a paragraph each"),
    Rule("first-line-indent", "blocks", "paragraphs", "where only first lines are indented, "
         "each indented line starts a paragraph"),
    Rule("verse", "blocks", "paragraphs", "a block whose every line falls well short of the "
         "wrap width keeps its lines (verse, an address)"),
    Rule("sign-off", "blocks", "paragraphs", "lines indented far right at a block's end keep "
         "their lines (`Yours, C. D.`)"),
)

RULE_NAMES = frozenset(rule.name for rule in RULES)
OPTIONAL_RULES = frozenset(rule.name for rule in RULES if rule.optional)


def classify(chunks: Sequence[Chunk], rules: ReadingRules) -> list[Mark]:
    """Mark every chunk: the ``lines`` and ``book`` rules in table order, each pass
    seeing what the earlier ones claimed; rules book.toml disables are skipped."""
    marks = [Mark("text", chunk) for chunk in chunks]
    context = Context(rules)
    for rule in RULES:
        if rule.run is not None and rule.name not in rules.disabled:
            rule.run(marks, context)
    return marks


def describe_rules(disabled: frozenset[str] = frozenset()) -> list[dict[str, object]]:
    """The table as ``mkbook inspect --rules`` prints it."""
    return [{"name": rule.name, "stage": rule.stage, "module": f"mkbook.readers.{rule.module}",
             "does": rule.does, "optional": rule.optional, "enabled": rule.name not in disabled}
            for rule in RULES]


def format_rules(table: list[dict[str, object]]) -> str:
    """The table a line a rule, as ``mkbook inspect --rules`` prints it."""
    width = max(len(str(rule["name"])) for rule in table)
    return "\n".join(
        f"{rule['stage']:<9} {rule['name']!s:<{width}}  {rule['does']}"
        + ("" if rule["optional"] else "  (always on)")
        + ("" if rule["enabled"] else "  (disabled in book.toml)") for rule in table)
