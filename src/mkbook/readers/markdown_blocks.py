"""markdown-it-py syntax-tree nodes to book-model blocks and inlines.

One function per node kind; anything unknown is kept as its text rather than lost.
Images are resolved through the reader's context, which confines them to the book
project and records them as assets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from markdown_it.tree import SyntaxTreeNode

from mkbook.confine import confined_file, image_size
from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import SourceNotFoundError
from mkbook.model import (
    Asset,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Definitions,
    Emphasis,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    RawHtml,
    Removal,
    Span,
    Strong,
    Table,
    Text,
    Verse,
)
from mkbook.readers.markdown_syntax import parse_inline
from mkbook.readers.sanitize import sanitize_html

_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
_SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
REMOTE_IMAGE = "MK201"
MISSING_IMAGE = "MK207"
_IMAGE_FOLDERS = ("src", "images", "resources")


@dataclass(slots=True)
class MarkdownContext:
    """What converting one file needs to know and collects along the way."""

    root: Path
    """The book project; images outside it are refused."""
    path: Path
    """The Markdown file, for resolving relative image paths."""
    display: str
    """The file's name in diagnostics."""
    assets: dict[str, Asset] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    """Text the reading leaves out on purpose (what the HTML sanitiser removes)."""
    one_of_many: bool = False
    """The file is one of a project's several: its ``#`` heading is a chapter's (and
    ``##`` are sections), never the whole book's title."""
    matter: str = "main"
    """``front``, ``main`` or ``back``: where the last Leanpub matter line put the book."""

    def ref(self, node: SyntaxTreeNode) -> SourceRef:
        """The source reference of *node*'s first line."""
        return self.ref_line(node.map[0] + 1 if node.map else 1)

    def ref_line(self, line: int) -> SourceRef:
        return SourceRef(self.display, line)


def convert_blocks(nodes: Iterable[SyntaxTreeNode], ctx: MarkdownContext) -> list[Block]:
    """Convert block-level nodes; images standing alone become :class:`Image` blocks."""
    blocks: list[Block] = []
    for node in nodes:
        blocks.extend(convert_block(node, ctx))
    return blocks


def convert_block(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    """Convert one block node to zero or more blocks."""
    handler = _BLOCK_HANDLERS.get(node.type)
    if handler is None:
        return [Paragraph((Text(node.content or ""),), ctx.ref(node))] if node.content else []
    return handler(node, ctx)


def _paragraph(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    inline = node.children[0] if node.children else None
    children = inline.children if inline else []
    if inline and all(line.startswith("|") for line in inline.content.split("\n")):
        return [_line_block(children, ctx, node)]
    images = [child for child in children if child.type == "image"]
    rest = [child for child in children if child.type != "image"]
    blocks: list[Block] = []
    content = _strip(convert_inlines(rest, ctx))
    if content:
        blocks.append(Paragraph(content, ctx.ref(node)))
    blocks.extend(_image(image, node, ctx, _attributes(node)) for image in images)
    return blocks


def _attributes(node: SyntaxTreeNode) -> dict[str, str]:
    """What a Markua attribute line before *node* says of it (``caption``, ``alt``)."""
    return dict(node.meta.get("attributes", {})) if node.meta else {}


def _caption(node: SyntaxTreeNode, ctx: MarkdownContext, text: str = "") -> tuple[Inline, ...]:
    """A block's caption: its attribute line's, else *text*, read as Markdown."""
    caption = _attributes(node).get("caption") or text
    return _strip(convert_inlines(parse_inline(caption), ctx)) if caption else ()


def _line_block(children: list[SyntaxTreeNode], ctx: MarkdownContext,
                node: SyntaxTreeNode) -> Verse:
    """Rule *line-block*: lines that each start with ``| `` keep their breaks (verse)."""
    lines: list[list[SyntaxTreeNode]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    verse = []
    for line in lines:
        runs = list(convert_inlines(line, ctx))
        if runs and isinstance(runs[0], Text):
            runs[0] = Text(runs[0].text.removeprefix("|").removeprefix(" "))
        verse.append(tuple(runs))
    return Verse(tuple(verse), ctx.ref(node))


def _heading(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    level = int(node.tag[1:])
    return [Heading(max(level, 2), inline_content(node, ctx), ctx.ref(node))]


def _blockquote(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    return [BlockQuote(tuple(convert_blocks(node.children, ctx)), ctx.ref(node))]


def _list(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    items = tuple(tuple(convert_blocks(item.children, ctx)) for item in node.children)
    return [ListBlock(node.type == "ordered_list", items, ctx.ref(node))]


def _code(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    return [CodeBlock(node.content.rstrip("\n"), ctx.ref(node), _caption(node, ctx))]


def _table(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    """A pipe, grid or simple table: its header row, body rows and column alignment."""
    header: tuple[tuple[Inline, ...], ...] = ()
    rows: list[tuple[tuple[Inline, ...], ...]] = []
    align: tuple[str, ...] = ()
    for group in node.children:
        for row in group.children:
            cells = tuple(inline_content(cell, ctx) for cell in row.children)
            if group.type == "thead":
                header = cells
                align = tuple(str(cell.attrs.get("style", "")).removeprefix("text-align:")
                              for cell in row.children)
            else:
                rows.append(cells)
    return [Table(header, tuple(rows), align, _caption(node, ctx, node.meta.get("caption", "")),
                  ctx.ref(node))]


def _definitions(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    """A definition list: each term (``dt``) with the definitions under it."""
    items: list[tuple[tuple[Inline, ...], tuple[Block, ...]]] = []
    for child in node.children:
        if child.type == "dt":
            items.append((inline_content(child, ctx), ()))
        elif items:
            items[-1] = (items[-1][0], items[-1][1] + tuple(convert_blocks(child.children, ctx)))
    return [Definitions(tuple(items), ctx.ref(node))]


def _math_block(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    """Display math stays as its author wrote it, set apart like code."""
    return [CodeBlock(node.content.strip(), ctx.ref(node))]


def _html_block(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    cleaned = sanitize_html(node.content)
    return [RawHtml(cleaned, ctx.ref(node))] if cleaned else []


def _nothing(node: SyntaxTreeNode, ctx: MarkdownContext) -> list[Block]:
    return []


_BLOCK_HANDLERS: dict[str, Callable[[SyntaxTreeNode, MarkdownContext], list[Block]]] = {
    "paragraph": _paragraph,
    "heading": _heading,
    "blockquote": _blockquote,
    "bullet_list": _list,
    "ordered_list": _list,
    "code_block": _code,
    "fence": _code,
    "html_block": _html_block,
    "table": _table,
    "dl": _definitions,
    "math_block": _math_block,
    "math_block_label": _math_block,
    "matter_marker": _nothing,
    "front_matter": _nothing,
    "footnote_block": _nothing,
    "hr": _nothing,
}

# --------------------------------------------------------------------------- inlines


def inline_content(node: SyntaxTreeNode, ctx: MarkdownContext) -> tuple[Inline, ...]:
    """The inline content of a paragraph-like node (heading, paragraph)."""
    inline = node.children[0] if node.children else None
    return _strip(convert_inlines(inline.children if inline else [], ctx))


def convert_inlines(nodes: Iterable[SyntaxTreeNode], ctx: MarkdownContext) -> tuple[Inline, ...]:
    """Convert inline nodes, merging adjacent text runs."""
    runs: list[Inline] = []
    for node in nodes:
        for run in _inline(node, ctx):
            if isinstance(run, Text) and runs and isinstance(runs[-1], Text):
                runs[-1] = Text(runs[-1].text + run.text)
            else:
                runs.append(run)
    return tuple(runs)


_LEAF_INLINES: dict[str, Callable[[SyntaxTreeNode], Inline]] = {
    "text": lambda node: Text(node.content),
    "softbreak": lambda node: Text(" "),
    "hardbreak": lambda node: LineBreak(),
    "code_inline": lambda node: Code(node.content),
    "math_inline": lambda node: Emphasis((Text(node.content),)),  # readable as written,
    "math_inline_double": lambda node: Emphasis((Text(node.content),)),  # set as math is
    "footnote_ref": lambda node: FootnoteRef(footnote_label(node.meta)),
    "image": lambda node: Text(_alt_text(node)),
}
"""Inline nodes that become one run each, by their type."""


def _inline(node: SyntaxTreeNode, ctx: MarkdownContext) -> tuple[Inline, ...]:
    kind = node.type
    if kind in _LEAF_INLINES:
        return (_LEAF_INLINES[kind](node),)
    if kind in ("em", "strong"):
        children = convert_inlines(node.children, ctx)
        return (Emphasis(children),) if kind == "em" else (Strong(children),)
    if kind in ("sup", "sub", "span"):
        return _span(node, ctx)
    if kind == "link":
        return _link(node, ctx)
    return ()  # inline HTML and anything unknown: its tags are dropped


def _span(node: SyntaxTreeNode, ctx: MarkdownContext) -> tuple[Inline, ...]:
    """Pandoc's ``1^st^``, ``H~2~O`` and ``[NASA]{.smallcaps}``; a span of another class
    keeps just its text."""
    children = convert_inlines(node.children, ctx)
    if node.type != "span":
        return (Span("superscript" if node.type == "sup" else "subscript", children),)
    classes = str(node.attrs.get("class", "")).split()
    return (Span("small-caps", children),) if "smallcaps" in classes else children


def footnote_label(meta: dict[str, object]) -> str:
    """A note's label: its own (``[^a]``), or one made from its number for an inline
    note (``^[…]``), which has none."""
    label = meta.get("label")
    return str(label) if label is not None else f"note-{meta['id']}"


def _link(node: SyntaxTreeNode, ctx: MarkdownContext) -> tuple[Inline, ...]:
    children = convert_inlines(node.children, ctx)
    href = str(node.attrs.get("href", ""))
    if href.startswith(_SAFE_LINK_SCHEMES):
        return (Link(href, children),)
    return children


def _strip(runs: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Trim white space at both ends of a run list (left by soft breaks and images)."""
    items = list(runs)
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(item for item in items if not (isinstance(item, Text) and not item.text))


# --------------------------------------------------------------------------- images


def _alt_text(node: SyntaxTreeNode) -> str:
    return "".join(child.content for child in node.children if child.type == "text")


def _image(node: SyntaxTreeNode, block: SyntaxTreeNode, ctx: MarkdownContext,
           attributes: dict[str, str]) -> Block:
    src = str(node.attrs.get("src", ""))
    alt = attributes.get("alt") or _alt_text(node)
    title = attributes.get("caption") or str(node.attrs.get("title") or "")
    if "://" in src or src.startswith("data:"):
        ctx.warnings.append(Diagnostic(
            REMOTE_IMAGE, f"remote image {src!r} is not fetched; its alt text stands in",
            ctx.ref(block)))
        return Paragraph((Text(alt),), ctx.ref(block))
    asset = resolve_image(src, ctx, ctx.ref(block))
    if asset is None:
        ctx.warnings.append(Diagnostic(
            MISSING_IMAGE, f"image {unquote(src)!r} not found (looked beside the file and in its "
            "resources/, in the project's folder and its src/, images/ and resources/); a "
            "placeholder "
            "with its alt text stands in", ctx.ref(block)))
        return Paragraph((Text(f"[image: {alt or unquote(src)}]"),), ctx.ref(block))
    caption = _strip(convert_inlines(parse_inline(title), ctx)) if title else ()
    return Image(asset.name, alt, caption, ctx.ref(block))


def resolve_image(src: str, ctx: MarkdownContext, where: SourceRef) -> Asset | None:
    """The asset for image *src*, inside the book project, or None when no such file is
    where a writer's tool would look: beside the file or in its ``resources/`` (Leanpub),
    then the project's folder and its ``src/``, ``images/`` and ``resources/``.  One that lies
    outside the project is refused, never looked for.

    markdown-it percent-encodes a destination (``my map.png`` becomes ``my%20map.png``,
    ``café.png`` ``caf%C3%A9.png``): the file on disk has the decoded name.
    """
    src = unquote(src)
    here = ctx.path.absolute().parent
    bases = [here, here / "resources", ctx.root, *(ctx.root / sub for sub in _IMAGE_FOLDERS)]
    found = next((base / src for base in bases if (base / src).exists()), bases[0] / src)
    if not found.exists() and found.resolve().is_relative_to(ctx.root.resolve()):
        return None  # missing, inside the project: the caller stands a placeholder in
    path = confined_file(ctx.root, found, what="image", label=src, source=where)
    media_type = _IMAGE_TYPES.get(PurePosixPath(src).suffix.lower())
    if media_type is None:
        raise SourceNotFoundError(f"image {src!r} is not a PNG, JPEG, GIF, SVG or WebP file",
                                  source=where)
    if media_type != "image/svg+xml":
        image_size(path, src, where)
    root = ctx.root.resolve()
    name = path.relative_to(root).as_posix()
    return ctx.assets.setdefault(name, Asset(name, path, media_type))
