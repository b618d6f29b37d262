"""A Word document's body as paragraphs, each with the evidence a reader goes by.

python-docx opens the package and resolves styles; it does not read tracked changes,
footnotes or fields, so the body's XML (``Document.element``, python-docx's public
element) is walked here, as ECMA-376 defines it: a tracked insertion (``w:ins``) is
text, a deletion (``w:del``, ``w:moveFrom``) is not; a comment is never text; a
field's instruction (``TOC \\o``) is not text, its shown result is.  Each paragraph
keeps what tells a heading from a paragraph when an author used no heading styles:
centring, bold, type size, a page break before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mkbook.model import (
    Emphasis,
    FootnoteRef,
    Inline,
    LineBreak,
    Span,
    SpanKind,
    Strong,
    Text,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SKIPPED = frozenset({f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText",
                      f"{W}commentReference", f"{W}rPr", f"{W}pPr", f"{W}fldData"})
_CONTAINERS = frozenset({f"{W}ins", f"{W}hyperlink", f"{W}smartTag", f"{W}fldSimple",
                         f"{W}sdt", f"{W}sdtContent", f"{W}moveTo", f"{W}customXml",
                         f"{W}bdo", f"{W}dir"})
_OFF = frozenset({"0", "false", "off", "none"})
_TOC_STYLE_RE = re.compile(r"^(?:toc \d|toc heading|table of figures)$", re.IGNORECASE)


@dataclass(slots=True)
class StyleInfo:
    """What a paragraph style says, through the styles it is based on."""

    name: str
    """Its name as Word stores it: built-in styles keep their English names
    (``heading 1``, ``Title``) in every language; others as the author named them."""
    outline: int | None = None
    centred: bool = False
    bold: bool = False
    italic: bool = False
    size: float | None = None
    page_break: bool = False
    """Paragraphs of this style start a page (ODF's ``fo:break-before="page"``)."""
    listed: bool = False
    """Paragraphs of this style are list items (Word's ``List Bullet`` numbers them)."""
    spans: tuple[SpanKind, ...] = ()
    """The faces a text style sets (ODF's small capitals, superscript position)."""


@dataclass(slots=True)
class WordParagraph:
    """One paragraph of the body, its inline runs and its layout."""

    runs: list[Inline]
    number: int
    """Its place in the body (1-based), where warnings point."""
    style: StyleInfo
    outline: int | None = None
    centred: bool = False
    bold: bool = False
    underlined: bool = False
    size: float | None = None
    page_break: bool = False
    indented: bool = False
    listed: bool = False
    text: str = ""
    images: list[tuple[str, str]] = field(default_factory=list)
    """The pictures in it: each one's relationship id (``rId7``) and alt text."""
    contents: bool = False
    """An entry (or the heading) of a contents table Word generated."""


@dataclass(slots=True)
class Revisions:
    """What an editor left in the file: tracked changes and comments."""

    insertions: int = 0
    deletions: int = 0
    comments: int = 0


@dataclass(slots=True)
class BodyReader:
    """Walks body (or note) XML into paragraphs, counting revisions as it goes."""

    styles: dict[str, StyleInfo]
    revisions: Revisions = field(default_factory=Revisions)
    number: int = 0

    def paragraphs(self, container: Any,
                   contents: bool = False) -> Iterator[WordParagraph | list[list[str]]]:
        """The paragraphs of *container* in order; a table as rows of cell texts.  Those
        of a generated contents table (a ``TOC`` style, or the content control Word
        wraps one in) are marked as such: the book makes its own."""
        for element in container:
            if element.tag == f"{W}p":
                paragraph = self.paragraph(element)
                paragraph.contents = contents or bool(_TOC_STYLE_RE.match(paragraph.style.name))
                yield paragraph
            elif element.tag == f"{W}sdt":
                gallery = element.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
                marked = gallery is not None and gallery.get(f"{W}val") == "Table of Contents"
                yield from self.paragraphs(element, contents or marked)
            elif element.tag == f"{W}tbl":
                yield [[" ".join(p.text for p in self.paragraphs(cell)
                                 if isinstance(p, WordParagraph))
                        for cell in row.iter(f"{W}tc")] for row in element.iter(f"{W}tr")]
            elif element.tag in _CONTAINERS:
                yield from self.paragraphs(element, contents)

    def paragraph(self, element: Any) -> WordParagraph:
        self.number += 1
        props = element.find(f"{W}pPr")
        style = self.styles.get(_val(props, "pStyle") or "", StyleInfo("Normal"))
        outline = _int(_val(props, "outlineLvl"))
        runs: list[Inline] = []
        page_break = _on(props, "pageBreakBefore")
        sizes: list[float] = []
        marks: list[tuple[bool, bool]] = []
        images: list[tuple[str, str]] = []
        for run in self._runs(element):
            images.extend(_drawing(drawing) for drawing in run.iter(f"{W}drawing"))
            pieces, breaks = self._run(run, style, sizes, marks)
            page_break = page_break or (breaks and not any(run_text(r) for r in runs))
            runs.extend(pieces)
        text = "".join(run_text(run) for run in runs)
        return WordParagraph(
            runs, self.number, style,
            outline=outline + 1 if outline is not None and outline < 9 else style.outline,
            centred=(_val(props, "jc") in ("center", "centre")) or (
                _val(props, "jc") is None and style.centred),
            bold=bool(marks) and all(bold for bold, _ in marks),
            underlined=bool(marks) and all(under for _, under in marks),
            size=max(sizes) if sizes else style.size,
            page_break=page_break, indented=_indented(props),
            listed=style.listed if props is None or props.find(f"{W}numPr") is None
            else _int(_val(props.find(f"{W}numPr"), "numId")) != 0, text=text,
            images=images)

    def _runs(self, element: Any) -> Iterator[Any]:
        """The runs of a paragraph in reading order, through insertions, links and
        fields; deletions are counted and skipped, comments counted."""
        for child in element:
            tag = child.tag
            if tag == f"{W}r":
                yield child
            elif tag in (f"{W}del", f"{W}moveFrom"):
                self.revisions.deletions += 1
            elif tag in (f"{W}commentRangeStart",):
                self.revisions.comments += 1
            elif tag in _CONTAINERS:
                if tag in (f"{W}ins", f"{W}moveTo"):
                    self.revisions.insertions += 1
                yield from self._runs(child)

    def _run(self, run: Any, style: StyleInfo, sizes: list[float],
             marks: list[tuple[bool, bool]]) -> tuple[list[Inline], bool]:
        """A run's inlines (its emphasis applied) and whether it breaks the page; *sizes*
        and *marks* (bold, underlined) gather its text's look for the paragraph's."""
        props = run.find(f"{W}rPr")
        bold = _on(props, "b") if _has(props, "b") else style.bold
        underlined = _has(props, "u") and _val(props, "u") not in _OFF
        italic = (_on(props, "i") if _has(props, "i") else style.italic) or underlined
        size = _int(_val(props, "sz"))
        pieces: list[Inline] = []
        page_break = False
        for child in run:
            if child.tag == f"{W}br" and child.get(f"{W}type") == "page":
                page_break = True
                continue
            piece = _piece(child)
            if piece is None:
                continue
            pieces.append(piece)
            if isinstance(piece, Text) and piece.text.strip() and child.tag == f"{W}t":
                marks.append((bold, underlined))
                if size:
                    sizes.append(size / 2)
        for kind in _span_kinds(props):
            pieces = [Span(kind, (piece,)) if isinstance(piece, Text | Span)
                      and run_text(piece).strip() else piece for piece in pieces]
        if italic:
            pieces = [Emphasis((piece,)) if isinstance(piece, Text | Span)
                      and run_text(piece).strip() else piece for piece in pieces]
        if bold and not style.bold:
            pieces = [Strong((piece,)) if isinstance(piece, Text | Emphasis | Span) else piece
                      for piece in pieces]
        return pieces, page_break


def _span_kinds(props: Any) -> list[SpanKind]:
    """The faces a run's properties set: small capitals, a raised or lowered position."""
    kinds: list[SpanKind] = []
    position = _val(props, "vertAlign")
    if position in ("superscript", "subscript"):
        kinds.append(position)  # type: ignore[arg-type]
    if _on(props, "smallCaps"):
        kinds.append("small-caps")
    return kinds


def _piece(child: Any) -> Inline | None:
    """One child of a run as an inline: its text, a tab as a space, a line break, a
    note's reference, an image's placeholder; None for what shows nothing."""
    tag = child.tag
    if tag == f"{W}t":
        return Text(child.text or "")
    if tag in (f"{W}tab", f"{W}ptab"):
        return Text(" ")
    if tag == f"{W}noBreakHyphen":
        return Text("\u2011")
    if tag == f"{W}br":
        return LineBreak()
    if tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
        kind = "fn" if tag == f"{W}footnoteReference" else "en"
        return FootnoteRef(f"{kind}-{child.get(f'{W}id')}")
    return None


def _drawing(element: Any) -> tuple[str, str]:
    """A picture's relationship id (``a:blip r:embed``) and its alt text (``wp:docPr``
    ``descr``, else its ``title``)."""
    found = element.find(f".//{_WP}docPr")
    alt = (found.get("descr") or found.get("title") or "").strip() if found is not None else ""
    blip = element.find(f".//{_A}blip")
    return (blip.get(f"{_R}embed") or "") if blip is not None else "", alt


def resolve_styles(raw: dict[str, Any], parent_of: Callable[[Any], str | None],
                   build: Callable[[str, Any, StyleInfo], StyleInfo],
                   unnamed: str) -> dict[str, StyleInfo]:
    """Every style of *raw* (name → element) resolved through the chain of styles it is
    based on: *build* reads one element over its base's :class:`StyleInfo`.  Word's
    ``basedOn`` and OpenDocument's ``parent-style-name`` work alike; a chain that loops
    or runs deeper than any real one stops."""
    resolved: dict[str, StyleInfo] = {}

    def resolve(name: str, depth: int = 0) -> StyleInfo:
        if name in resolved:
            return resolved[name]
        element = raw.get(name)
        if element is None or depth > 20:
            return StyleInfo(name or unnamed)
        parent = parent_of(element)
        info = build(name, element, resolve(parent, depth + 1) if parent else StyleInfo(""))
        resolved[name] = info
        return info

    for name in raw:
        resolve(name)
    return resolved


def read_styles(root: Any) -> dict[str, StyleInfo]:
    """Word's paragraph styles by id (from the styles part's XML)."""
    if root is None:
        return {}
    raw = {style.get(f"{W}styleId"): style for style in root.iter(f"{W}style")}
    return resolve_styles(raw, lambda element: _val(element, "basedOn"), _word_style, "Normal")


def _word_style(style_id: str, element: Any, base: StyleInfo) -> StyleInfo:
    props, run = element.find(f"{W}pPr"), element.find(f"{W}rPr")
    outline = _int(_val(props, "outlineLvl"))
    return StyleInfo(
        _val(element, "name") or style_id,
        outline=outline + 1 if outline is not None and outline < 9 else base.outline,
        centred=_val(props, "jc") in ("center", "centre") if _has(props, "jc")
        else base.centred,
        bold=_on(run, "b") if _has(run, "b") else base.bold,
        italic=_on(run, "i") if _has(run, "i") else base.italic,
        size=(_int(_val(run, "sz")) or 0) / 2 or base.size,
        listed=_int(_val(props.find(f"{W}numPr"), "numId")) != 0
        if _has(props, "numPr") else base.listed)


def run_text(run: Inline) -> str:
    """The letters a run shows on its line: text, through emphasis and spans; a line
    break, a note mark or a picture shows none (the paragraph's text, as Word's is)."""
    if isinstance(run, Text):
        return run.text
    if isinstance(run, Emphasis | Strong | Span):
        return "".join(run_text(child) for child in run.children)
    return ""


def _has(props: Any, name: str) -> bool:
    return props is not None and props.find(f"{W}{name}") is not None


def _val(props: Any, name: str) -> str | None:
    found = props.find(f"{W}{name}") if props is not None else None
    return found.get(f"{W}val") if found is not None else None


def _on(props: Any, name: str) -> bool:
    """A toggle property: present and not switched off (``w:val="0"``)."""
    found = props.find(f"{W}{name}") if props is not None else None
    return found is not None and (found.get(f"{W}val") or "true").lower() not in _OFF


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _indented(props: Any) -> bool:
    found = props.find(f"{W}ind") if props is not None else None
    if found is None:
        return False
    left = _int(found.get(f"{W}left") or found.get(f"{W}start")) or 0
    return left >= 567  # a centimetre or more: a quotation set in
