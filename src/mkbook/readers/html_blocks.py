"""HTML elements to book-model blocks and inlines (lxml trees, any HTML a tool saved).

One pass over the tree: block elements (``p``, ``div``, ``blockquote``, lists, tables,
headings, ``hr``) become blocks, text and inline elements inside them become runs;
text that sits directly in a ``div`` between blocks is a paragraph of its own, so no
word is dropped.  Emphasis is read from the tags (``em``, ``i``, ``strong``, ``b``) and
from inline styles and style-sheet classes (Google Docs writes ``<span class="c3">``
with ``.c3{font-style:italic}``).  Scripts, styles and comments show nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from mkbook.model import (
    Asset,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Diagnostic,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    SourceRef,
    Strong,
    Table,
    Text,
)
from mkbook.readers.markdown_blocks import MarkdownContext, resolve_image
from mkbook.readers.scene_breaks import is_marker_line
from mkbook.walk import plain_text

HIDDEN_TAGS = frozenset({"script", "style", "template", "head", "title", "meta", "link",
                     "object", "embed", "iframe", "svg", "math", "noscript"})
_BLOCKS = frozenset({"p", "div", "blockquote", "ul", "ol", "li", "table", "h1", "h2", "h3",
                     "h4", "h5", "h6", "pre", "hr", "figure", "dl", "dt", "dd", "center",
                     "section", "article", "aside", "header", "footer", "main", "nav",
                     "address", "body", "tbody", "thead", "tr", "td", "th", "figcaption",
                     "details", "summary", "form", "fieldset"})
_ITALIC_TAGS = frozenset({"em", "i", "cite", "var", "dfn"})
_BOLD_TAGS = frozenset({"strong", "b"})
_CODE_TAGS = frozenset({"code", "kbd", "samp", "tt"})
_SAFE_LINKS = ("http://", "https://", "mailto:")
_CLASS_RULE_RE = re.compile(r"\.(?P<name>[\w-]+)\s*\{(?P<body>[^}]*)\}")
SCENE_BREAK = Paragraph(())
"""What a horizontal rule (``<hr>``) stands for among a chapter's blocks: the reader
cuts the scenes there (this very object; it is never a block of the book)."""


@dataclass(slots=True)
class HtmlContext:
    """What converting one HTML file needs: where images are, how classes look."""

    files: MarkdownContext
    italic_classes: frozenset[str] = frozenset()
    bold_classes: frozenset[str] = frozenset()
    warnings: list[Diagnostic] = field(default_factory=list)
    packaged: dict[str, bytes] | None = None
    """The pictures of a zipped page (Google Docs' export), by their path in the zip:
    then images are looked for there, not on disk."""

    def ref(self, element: Any) -> SourceRef:
        return SourceRef(self.files.display, getattr(element, "sourceline", None) or 1)


def style_classes(root: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The classes a document's style sheets make italic, and bold."""
    italic, bold = set(), set()
    for style in root.iter("style"):
        for rule in _CLASS_RULE_RE.finditer(style.text or ""):
            body = rule.group("body").replace(" ", "").lower()
            if "font-style:italic" in body:
                italic.add(rule.group("name"))
            if re.search(r"font-weight:(?:bold|[6-9]00)", body):
                bold.add(rule.group("name"))
    return frozenset(italic), frozenset(bold)


def cut_scenes(blocks: list[Block]) -> list[list[Block]]:
    """Blocks cut into scenes at horizontal rules and marker paragraphs (``* * *``)."""
    scenes: list[list[Block]] = [[]]
    for item in blocks:
        if item is SCENE_BREAK or (isinstance(item, Paragraph)
                                   and is_marker_line(plain_text(item.content))):
            if scenes[-1]:
                scenes.append([])
        else:
            scenes[-1].append(item)
    return scenes


def element_blocks(element: Any, ctx: HtmlContext) -> list[Block]:
    """The blocks *element* holds: its block children, and its loose text as paragraphs."""
    blocks: list[Block] = []
    runs: list[Inline] = []

    def flush() -> None:
        content = _strip(runs)
        if content:
            blocks.append(Paragraph(content, ctx.ref(element)))
        runs.clear()

    if element.text:
        runs.append(Text(element.text))
    for child in element:
        tag = _tag(child)
        if tag in _BLOCKS:
            flush()
            blocks.extend(block(child, ctx))
        elif tag not in HIDDEN_TAGS and isinstance(child.tag, str):
            runs.extend(inlines(child, ctx))
        if child.tail:
            runs.append(Text(child.tail))
    flush()
    return blocks


def block(element: Any, ctx: HtmlContext) -> list[Block]:
    """One block element as blocks."""
    tag = _tag(element)
    where = ctx.ref(element)
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        content = _strip(inline_children(element, ctx))
        return [Heading(int(tag[1]), content, where)] if content else []
    if tag == "hr":
        return [SCENE_BREAK]
    if tag == "p":
        content = _strip(inline_children(element, ctx))
        images = [image for image in element.iter("img")]
        out: list[Block] = [Paragraph(content, where)] if content else []
        return out + [image_block(image, ctx) for image in images]
    if tag == "blockquote":
        inner = [b for b in element_blocks(element, ctx) if b is not SCENE_BREAK]
        return [BlockQuote(tuple(inner), where)] if inner else []
    if tag in ("ul", "ol"):
        items = tuple(tuple(b for b in element_blocks(item, ctx) if b is not SCENE_BREAK)
                      for item in element if _tag(item) == "li")
        return [ListBlock(tag == "ol", items, where)] if items else []
    if tag == "pre":
        return [CodeBlock("".join(element.itertext()).rstrip("\n"), where)]
    if tag == "table":
        return [_table(element, ctx)]
    return element_blocks(element, ctx)


def inline_children(element: Any, ctx: HtmlContext) -> tuple[Inline, ...]:
    """The runs inside *element* (its own text, its children, their tails)."""
    runs: list[Inline] = [Text(element.text)] if element.text else []
    for child in element:
        if isinstance(child.tag, str) and _tag(child) not in HIDDEN_TAGS:
            runs.extend(inlines(child, ctx))
        if child.tail:
            runs.append(Text(child.tail))
    return _merged(runs)


def inlines(element: Any, ctx: HtmlContext) -> tuple[Inline, ...]:
    """One inline element as runs; block elements met inline give their text."""
    tag = _tag(element)
    if tag == "br":
        return (LineBreak(),)
    if tag == "img":
        return ()  # a paragraph's pictures are blocks after it
    if tag in _CODE_TAGS:
        return (Code("".join(element.itertext())),)
    children = inline_children(element, ctx)
    classes = set((element.get("class") or "").split())
    style = (element.get("style") or "").replace(" ", "").lower()
    if tag in _ITALIC_TAGS or classes & ctx.italic_classes or "font-style:italic" in style:
        children = (Emphasis(children),)
    if tag in _BOLD_TAGS or classes & ctx.bold_classes or re.search(
            r"font-weight:(?:bold|[6-9]00)", style):
        children = (Strong(children),)
    href = element.get("href") or ""
    if tag == "a" and href.startswith(_SAFE_LINKS):
        return (Link(href, children),)
    return children


def image_block(image: Any, ctx: HtmlContext) -> Block:
    """A picture: the project's file when it has it, else its alt text with a warning."""
    from mkbook.model import Image

    src, alt = image.get("src") or "", (image.get("alt") or "").strip()
    where = ctx.ref(image)
    if "://" in src or src.startswith("data:") or not src:
        ctx.warnings.append(Diagnostic("MK201", f"remote image {src[:80]!r} is not fetched; "
                                       "its alt text stands in", where))
        return Paragraph((Text(f"[image: {alt or 'picture'}]"),), where)
    asset = (_packaged_image(unquote(src), ctx) if ctx.packaged is not None
             else resolve_image(src, ctx.files, where))
    if asset is None:
        ctx.warnings.append(Diagnostic("MK207", f"image {src!r} not found beside the file; "
                                       "a placeholder with its alt text stands in", where))
        return Paragraph((Text(f"[image: {alt or src}]"),), where)
    return Image(asset.name, alt, (), where)


_PICTURE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                  ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def _packaged_image(src: str, ctx: HtmlContext) -> Asset | None:
    """A zipped page's picture, carried as bytes (:attr:`Asset.data`)."""
    data = (ctx.packaged or {}).get(PurePosixPath(src.lstrip("./")).as_posix())
    media = _PICTURE_TYPES.get(PurePosixPath(src).suffix.lower())
    if data is None or media is None:
        return None
    name = f"images/{ctx.files.path.stem}/{PurePosixPath(src).name}"
    return ctx.files.assets.setdefault(name, Asset(name, ctx.files.path, media, data))


def _table(element: Any, ctx: HtmlContext) -> Table:
    rows = [row for row in element.iter("tr")]
    cells = [tuple(_strip(inline_children(cell, ctx)) for cell in row
                   if _tag(cell) in ("td", "th")) for row in rows]
    headed = bool(rows) and all(_tag(cell) == "th" for cell in rows[0] if isinstance(
        cell.tag, str))
    return Table(cells[0] if headed and cells else (), tuple(cells[1:] if headed else cells),
                 source=ctx.ref(element))


def _tag(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _merged(runs: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for run in runs:
        if isinstance(run, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + run.text)
        else:
            out.append(run)
    return tuple(out)


def _strip(runs: list[Inline] | tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Runs with HTML's white space collapsed and trimmed at both ends."""
    items = [Text(re.sub(r"\s+", " ", run.text)) if isinstance(run, Text) else run
             for run in _merged(list(runs))]
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip())
    kept = tuple(item for item in items if not (isinstance(item, Text) and not item.text))
    return kept if any(not isinstance(i, Text) or i.text.strip() for i in kept) else ()
