"""The book model written back as Markdown that mkbook's Markdown reader reads the same.

Used by ``mkbook init --from`` to turn a one-file draft into a project of chapter
files.  Text is escaped so that a manuscript's own ``*`` or ``#`` stays text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from mkbook.model import (
    AuthorNote,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Definitions,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    RawHtml,
    Scene,
    Span,
    Strong,
    Table,
    Text,
    Verse,
)

_SPECIAL_RE = re.compile(r"([\\`*_\[\]<$^~])")
_SPAN_MARKUP = {"small-caps": "[{}]{{.smallcaps}}", "superscript": "^{}^", "subscript": "~{}~"}
"""Pandoc's Markdown for each span (``1^st^``, ``H~2~O``, ``[NASA]{.smallcaps}``), which
mkbook's Markdown reader reads back."""
_LINE_START_RE = re.compile(r"^(#|>|[-+|]\s|={3,}|-{3,})")
_ORDERED_RE = re.compile(r"^(\d{1,9})[.)](?:\s|$)")


def escape(text: str) -> str:
    """*text* with every character Markdown would read as markup escaped."""
    return _SPECIAL_RE.sub(r"\\\1", text)


def inlines(runs: Iterable[Inline]) -> str:
    out = []
    for run in runs:
        if isinstance(run, Text):
            out.append(escape(run.text))
        elif isinstance(run, Emphasis):
            out.append("*" + inlines(run.children) + "*")
        elif isinstance(run, Strong):
            out.append("**" + inlines(run.children) + "**")
        elif isinstance(run, Span):
            inner = inlines(run.children)
            spaced = inner if run.kind == "small-caps" else inner.replace(" ", "\\ ")
            out.append(_SPAN_MARKUP[run.kind].format(spaced))
        elif isinstance(run, Code):
            out.append(f"`{run.text}`")
        elif isinstance(run, Link):
            out.append(f"[{inlines(run.children)}](<{run.href}>)")
        elif isinstance(run, LineBreak):
            out.append("\\\n")
        elif isinstance(run, FootnoteRef):
            out.append(f"[^{run.label}]")
    return "".join(out)


def _line(text: str) -> str:
    """A paragraph's text, with a start that would open a block (``#``, ``- ``, ``1.``)
    escaped; digits cannot be escaped, so an ordered list's delimiter is."""
    found = _ORDERED_RE.match(text)
    if found:
        return found.group(1) + "\\" + text[found.end(1):]
    return "\\" + text if _LINE_START_RE.match(text) else text


def blocks(items: Iterable[Block], asset_prefix: str = "") -> str:
    """Blocks as Markdown, separated by blank lines."""
    return "\n\n".join(block(item, asset_prefix) for item in items)


def block(item: Block, asset_prefix: str = "") -> str:
    writer = _WRITERS.get(type(item))
    return writer(item, asset_prefix) if writer else ""


def _quote(text: str) -> str:
    return "\n".join(("> " + line) if line else ">" for line in text.split("\n"))


def _list(item: ListBlock, prefix: str) -> str:
    out = []
    for number, entry in enumerate(item.items, start=1):
        marker = f"{number}. " if item.ordered else "- "
        body = blocks(entry, prefix).replace("\n", "\n" + " " * len(marker))
        out.append(marker + body)
    return "\n".join(out)


def _image(item: Image, prefix: str) -> str:
    caption = f' "{inlines(item.caption)}"' if item.caption else ""
    return f"![{escape(item.alt)}]({prefix}{item.asset}{caption})"


def _table(item: Table, prefix: str) -> str:
    """A GFM pipe table (its cells' own ``|`` escaped)."""
    marks = {"left": ":--", "center": ":-:", "right": "--:"}
    width = max(len(item.header), *(len(row) for row in item.rows)) if item.rows else len(
        item.header)

    def row(cells: tuple[tuple[Inline, ...], ...]) -> str:
        texts = [inlines(cell).replace("|", "\\|") for cell in cells]
        return "| " + " | ".join(texts + [""] * (width - len(texts))) + " |"

    align = [marks.get(item.align[i] if i < len(item.align) else "", "---")
             for i in range(width)]
    return "\n".join([row(item.header), "| " + " | ".join(align) + " |",
                      *(row(cells) for cells in item.rows)])


def _definitions(item: Definitions, prefix: str) -> str:
    """Terms and definitions as pandoc and markdown-it's deflist write them."""
    return "\n\n".join(inlines(term) + "\n: " + blocks(definition, prefix).replace(
        "\n", "\n    ") for term, definition in item.items)


_WRITERS: dict[type, Callable[..., str]] = {
    Paragraph: lambda item, prefix: _line(inlines(item.content)),
    Heading: lambda item, prefix: "#" * item.level + " " + inlines(item.content),
    BlockQuote: lambda item, prefix: _quote(blocks(item.blocks, prefix)),
    Verse: lambda item, prefix: "\n".join("| " + inlines(line) for line in item.lines),
    ListBlock: _list,
    CodeBlock: lambda item, prefix: f"```\n{item.text}\n```",
    Image: _image,
    RawHtml: lambda item, prefix: item.html,
    AuthorNote: lambda item, prefix: _quote("**A/N:** " + blocks(item.blocks, prefix)),
    Table: _table,
    Definitions: _definitions,
}


def scenes(items: Iterable[Scene], asset_prefix: str = "") -> str:
    """A chapter's scenes, with a thematic break between each two."""
    return "\n\n* * *\n\n".join(blocks(scene.blocks, asset_prefix) for scene in items)


def footnotes(notes: Iterable[Footnote]) -> str:
    return "\n\n".join(f"[^{note.label}]: {blocks(note.blocks)}" for note in notes)
