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

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.model import (
    Asset,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Span,
    Strong,
    Table,
    Text,
)
from mkbook.readers.html_notes import PageNotes
from mkbook.readers.markdown_blocks import MarkdownContext, resolve_image
from mkbook.readers.scene_breaks import is_marker_line
from mkbook.walk import plain_text

HIDDEN_TAGS = frozenset({"script", "style", "template", "head", "title", "meta", "link",
                     "object", "embed", "iframe", "svg", "math", "noscript"})
BLOCK_TAGS = frozenset({"p", "div", "blockquote", "ul", "ol", "li", "table", "h1", "h2", "h3",
                     "h4", "h5", "h6", "pre", "hr", "figure", "dl", "dt", "dd", "center",
                     "section", "article", "aside", "header", "footer", "main", "nav",
                     "address", "body", "tbody", "thead", "tr", "td", "th", "figcaption",
                     "details", "summary", "form", "fieldset"})
_LOOK_TAGS = {"em": "italic", "i": "italic", "cite": "italic", "var": "italic", "dfn": "italic",
              "strong": "bold", "b": "bold", "sup": "superscript", "sub": "subscript"}
_LOOKS = {"italic": re.compile(r"font-style:(?:italic|oblique)"),
          "bold": re.compile(r"font-weight:(?:bold|[6-9]00)"),
          "superscript": re.compile(r"vertical-align:super"),
          "subscript": re.compile(r"vertical-align:sub"),
          "small-caps": re.compile(r"font-variant:small-caps")}
"""How a tag, an inline style or a style sheet's class sets each look of a run."""
_DISPLAY_NONE_RE = re.compile(r"(?:^|;)\s*display\s*:\s*none", re.IGNORECASE)
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
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    """The classes a document's style sheets give each look (Google Docs' ``.c3``)."""
    warnings: list[Diagnostic] = field(default_factory=list)
    page_notes: PageNotes = field(default_factory=PageNotes)
    """The page's note references and notes (:mod:`~mkbook.readers.html_notes`)."""
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    """The notes read so far, by label."""
    packaged: dict[str, bytes] | None = None
    """The pictures of a zipped page (Google Docs' export), by their path in the zip:
    then images are looked for there, not on disk."""

    def ref(self, element: Any) -> SourceRef:
        return SourceRef(self.files.display, getattr(element, "sourceline", None) or 1)


def style_classes(root: Any) -> dict[str, frozenset[str]]:
    """The classes a document's style sheets give each look (italic, bold, small
    capitals, superscript, subscript), and those it hides (``hidden``)."""
    found: dict[str, set[str]] = {look: set() for look in (*_LOOKS, "hidden")}
    for style in root.iter("style"):
        for rule in _CLASS_RULE_RE.finditer(_outside_at_rules(style.text or "")):
            body = rule.group("body").replace(" ", "").lower()
            for look, pattern in (*_LOOKS.items(), ("hidden", _DISPLAY_NONE_RE)):
                if pattern.search(body):
                    found[look].add(rule.group("name"))
    return {look: frozenset(names) for look, names in found.items()}


def _outside_at_rules(css: str) -> str:
    """A style sheet without its ``@media``/``@supports`` blocks: what a page looks like
    on a screen, whatever its print or narrow-screen rules hide."""
    out: list[str] = []
    depth, inside = 0, False
    for char in css:
        inside = inside or (char == "@" and depth == 0)
        if not inside:
            out.append(char)
            continue
        depth += (char == "{") - (char == "}")
        inside = not (depth == 0 and char in ";}")
    return "".join(out)


def shown(element: Any, hidden: frozenset[str] = frozenset()) -> bool:
    """Whether a browser shows *element*: an element, not a script or a style, not
    ``hidden`` nor ``display: none`` by its style or a class of *hidden* (those the
    page's style sheet hides: a saved page's hidden headings and menus)."""
    return (isinstance(element.tag, str) and _tag(element) not in HIDDEN_TAGS
            and element.get("hidden") is None
            and not _DISPLAY_NONE_RE.search(element.get("style") or "")
            and not (hidden and hidden & set((element.get("class") or "").split())))


def visible_text(element: Any, hidden: frozenset[str] = frozenset()) -> str:
    """The text a reader of the page sees: not scripts, styles or comments; blocks and
    line breaks part words, inline elements do not (``1<sup>st</sup>`` is one word)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        apart = " " if tag in BLOCK_TAGS or tag == "br" else ""
        if shown(node, hidden):
            parts.extend((apart, node.text or ""))
            for child in node:
                walk(child)
        parts.append(apart)
        if node is not element:
            parts.append(node.tail or "")

    walk(element)
    return "".join(parts)


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
        if not shown(child, ctx.classes.get("hidden", frozenset())):
            pass
        elif tag in BLOCK_TAGS:
            flush()
            blocks.extend(block(child, ctx))
        elif any(_tag(inner) in BLOCK_TAGS for inner in child):
            flush()  # an anchor wrapped round a heading (<a name="s1"><h2>…</h2></a>)
            blocks.extend(element_blocks(child, ctx))
        else:
            runs.extend(inlines(child, ctx))
        if child.tail:
            runs.append(Text(child.tail))
    flush()
    return blocks


def block(element: Any, ctx: HtmlContext) -> list[Block]:
    """One block element as blocks (none for a note, which its reference carries)."""
    if _took_note(element, ctx):
        return []
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
                      for item in element if _tag(item) == "li" and not _took_note(item, ctx))
        return [ListBlock(tag == "ol", items, where)] if items else []
    if tag == "pre":
        return [CodeBlock("".join(element.itertext()).rstrip("\n"), where)]
    if tag == "table":
        return [_table(element, ctx)]
    return element_blocks(element, ctx)


def _took_note(element: Any, ctx: HtmlContext) -> bool:
    """Whether *element* is a note of the page, now read into :attr:`HtmlContext.footnotes`."""
    label = ctx.page_notes.notes.pop(element, None)
    if label is None:
        return False
    content = element_blocks(element, ctx) if _tag(element) != "p" else [
        Paragraph(_strip(inline_children(element, ctx)), ctx.ref(element))]
    ctx.footnotes[label] = Footnote(label, tuple(b for b in content if b is not SCENE_BREAK))
    return True


def inline_children(element: Any, ctx: HtmlContext) -> tuple[Inline, ...]:
    """The runs inside *element* (its own text, its children, their tails)."""
    runs: list[Inline] = [Text(element.text)] if element.text else []
    for child in element:
        if shown(child, ctx.classes.get("hidden", frozenset())):
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
    if element in ctx.page_notes.references:
        return (FootnoteRef(ctx.page_notes.references[element]),)
    if element in ctx.page_notes.back_links:
        return ()
    children = inline_children(element, ctx)
    if children and all(isinstance(run, FootnoteRef) for run in children):
        return children  # a reference set in <sup>: the book sets its own
    for look in _looks(element, tag, ctx):
        children = ((Emphasis(children),) if look == "italic" else (Strong(children),)
                    if look == "bold" else (Span(look, children),))  # type: ignore[arg-type]
    href = element.get("href") or ""
    if tag == "a" and href.startswith(_SAFE_LINKS):
        return (Link(href, children),)
    return children


def _looks(element: Any, tag: str, ctx: HtmlContext) -> list[str]:
    """The looks an element sets, by its tag, its inline style or its classes
    (``<sup>``, ``style="font-variant: small-caps"``, a class the style sheet makes
    italic); a ``small-caps`` class is small capitals in any document."""
    classes = set((element.get("class") or "").split())
    style = (element.get("style") or "").replace(" ", "").lower()
    looks = [look for look, pattern in _LOOKS.items() if _LOOK_TAGS.get(tag) == look
             or pattern.search(style) or classes & ctx.classes.get(look, frozenset())]
    if classes & {"small-caps", "smallcaps"} and "small-caps" not in looks:
        looks.append("small-caps")
    return looks


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
