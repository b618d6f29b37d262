"""The OpenDocument reader: an ``.odt`` (LibreOffice, Google Docs' export) into the model.

An ``.odt`` is a zip of XML parts (ODF 1.2/1.3): ``content.xml`` holds the text and its
automatic styles, ``styles.xml`` the named styles, ``meta.xml`` (which may be missing)
the title, author and language; a flat ``.fodt`` is all three in one XML document, its
pictures inline in base64.  They are read here with lxml — ODF is plain XML, and
odfpy, the one Python library for it, offers no more than a DOM of the same XML.  Each
paragraph becomes the same :class:`~mkbook.readers.docx_paragraphs.WordParagraph` a Word
document's does (its style's outline level, centring, bold, size, a page break before
it), so both word processors' files share one set of rules for headings, scenes and
matter (:func:`mkbook.readers.docx_reader.assemble`).  Tracked deletions sit apart in
``text:tracked-changes`` and are not text; insertions are in the text; annotations
(comments) are never text.
"""

from __future__ import annotations

import base64
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from mkbook.errors import ManuscriptError
from mkbook.model import (
    Emphasis,
    Footnote,
    FootnoteRef,
    Inline,
    LineBreak,
    Metadata,
    Paragraph,
    Span,
    SpanKind,
    Strong,
    Text,
)
from mkbook.readers.docx_blocks import Item, Picture, WordImages, trimmed
from mkbook.readers.docx_paragraphs import (
    Revisions,
    StyleInfo,
    WordParagraph,
    resolve_styles,
    run_text,
)
from mkbook.readers.docx_reader import (
    Assembled,
    assemble,
    document_authors,
    document_title,
    revision_warnings,
)
from mkbook.readers.read_file import ReadFile

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}
_MEDIA = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
          ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_MAX_PART = 256 * 1024 * 1024


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


def read_odt_file(path: Path, display: str, one_of_many: bool) -> ReadFile:
    """Read the OpenDocument text at *path* (zipped ``.odt`` or flat ``.fodt``);
    *display* names it in diagnostics."""
    try:
        parts, blobs = _flat_parts(path) if path.suffix.lower() == ".fodt" else _parts(path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError, ValueError) as err:
        raise ManuscriptError(f"is not an OpenDocument text mkbook can open ({err}); save "
                              "it again as .odt", source=path) from None
    content = parts["content.xml"]
    if content is None:
        raise ManuscriptError("is not an OpenDocument text: it has no content.xml",
                              source=path)
    styles = _styles([part for part in (parts["styles.xml"], content) if part is not None])
    reader = _OdtReader(styles)
    text = content.find(".//office:text", _NS)
    every = list(reader.blocks(text if text is not None else content))
    items: list[Item] = [p for p in every if not (isinstance(p, WordParagraph) and p.contents)]
    images = WordImages(lambda href: _picture(blobs, href), path, display)
    read = assemble(items, reader.notes, display, path.stem if one_of_many else "", images)
    return ReadFile(_metadata(parts["meta.xml"], read), read.front, read.body, read.back,
                    tuple(revision_warnings(reader.revisions, display)) + tuple(images.warnings),
                    _source_text(text), tuple(images.assets.values()), read.removed)


def _parts(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """An ``.odt``'s XML parts by name, and its pictures by their path in the zip."""
    with zipfile.ZipFile(path) as package:
        parts = {name: _read(package, name) for name in ("content.xml", "styles.xml",
                                                         "meta.xml")}
        pictures = {info.filename for info in package.infolist()
                    if info.filename.startswith("Pictures/")}
        return parts, {name: package.read(name) for name in pictures}


def _flat_parts(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A flat ``.fodt``: one XML document is content, styles and meta at once; its
    pictures are inline (``office:binary-data``), named here as if they were files."""
    if path.stat().st_size > _MAX_PART:
        raise OSError("it is larger than any document's")
    root = etree.parse(str(path), _PARSER).getroot()
    blobs: dict[str, bytes] = {}
    for number, image in enumerate(root.iter(_q("draw:image")), 1):
        data = image.find("office:binary-data", _NS)
        if data is not None and data.text and not image.get(_q("xlink:href")):
            blob = base64.b64decode("".join(data.text.split()))
            name = f"Pictures/embedded-{number}{_suffix(blob)}"
            image.set(_q("xlink:href"), name)
            blobs[name] = blob
    return {"content.xml": root, "styles.xml": root, "meta.xml": root}, blobs


def _suffix(blob: bytes) -> str:
    """A picture's file suffix by its first bytes (PNG, JPEG, GIF), else none."""
    for start, suffix in ((b"\x89PNG", ".png"), (b"\xff\xd8", ".jpg"), (b"GIF8", ".gif")):
        if blob.startswith(start):
            return suffix
    return ""


def _read(package: zipfile.ZipFile, name: str) -> Any:
    try:
        info = package.getinfo(name)
    except KeyError:
        return None  # an ODT with no meta.xml (or styles.xml) is still a document
    if info.file_size > _MAX_PART:
        raise OSError(f"{name} is larger than any document's")
    return etree.fromstring(package.read(name), _PARSER)


def _picture(blobs: dict[str, bytes], href: str) -> Picture | None:
    data = blobs.get(href)
    suffix = PurePosixPath(href).suffix.lower()
    return (PurePosixPath(href).name, _MEDIA.get(suffix, suffix), data) if data else None


def _styles(roots: list[Any]) -> dict[str, StyleInfo]:
    """Paragraph and text styles by name, resolved through their parents."""
    raw = {style.get(_q("style:name")): style for root in roots
           for style in root.iter(_q("style:style"))}
    return resolve_styles(raw, lambda element: element.get(_q("style:parent-style-name")),
                          _odf_style, "Standard")


def _odf_style(name: str, element: Any, base: StyleInfo) -> StyleInfo:
    props = element.find("style:paragraph-properties", _NS)
    text = element.find("style:text-properties", _NS)
    level = element.get(_q("style:default-outline-level"))
    align = props.get(_q("fo:text-align")) if props is not None else None
    weight = text.get(_q("fo:font-weight")) if text is not None else None
    slant = text.get(_q("fo:font-style")) if text is not None else None
    size = text.get(_q("fo:font-size")) if text is not None else None
    underline = text.get(_q("style:text-underline-style")) if text is not None else None
    return StyleInfo(
        element.get(_q("style:display-name")) or name.replace("_20_", " "),
        outline=int(level) if level and level.isdigit() else base.outline,
        centred=align == "center" if align else base.centred,
        bold=weight in ("bold", "600", "700", "800", "900") if weight else base.bold,
        italic=slant in ("italic", "oblique") or (underline or "none") != "none"
        if slant or underline else base.italic,  # a typewriter's underline is italics
        size=float(size[:-2]) if size and size.endswith("pt") else base.size,
        page_break=props is not None and props.get(_q("fo:break-before")) == "page",
        spans=_faces(text) if text is not None else base.spans)


def _faces(text: Any) -> tuple[SpanKind, ...]:
    """Small capitals (``fo:font-variant``) and a raised or lowered position
    (``style:text-position="super 58%"``, ``"-33% 58%"``)."""
    faces: list[SpanKind] = []
    position = (text.get(_q("style:text-position")) or "").split()
    if position and position[0] != "0%":
        lowered = position[0] == "sub" or position[0].startswith("-")
        faces.append("subscript" if lowered else "superscript")
    if text.get(_q("fo:font-variant")) == "small-caps":
        faces.append("small-caps")
    return tuple(faces)


@dataclass(slots=True)
class _OdtReader:
    """Walks ``office:text`` into paragraphs and tables, and collects the notes."""

    styles: dict[str, StyleInfo]
    notes: dict[str, Footnote] = field(default_factory=dict)
    revisions: Revisions = field(default_factory=Revisions)
    number: int = 0

    def blocks(self, container: Any, contents: bool = False,
               listed: bool = False) -> list[WordParagraph | list[list[str]]]:
        out: list[WordParagraph | list[list[str]]] = []
        for element in container:
            tag = element.tag
            if tag in (_q("text:p"), _q("text:h")):
                paragraph = self.paragraph(element, listed)
                paragraph.contents = contents
                out.append(paragraph)
            elif tag == _q("text:tracked-changes"):
                self.count_changes(element)
            elif tag == _q("table:table"):
                out.append(self.table(element))
            elif tag in (_q("text:table-of-content"), _q("text:illustration-index"),
                         _q("text:alphabetical-index")):
                body = element.find("text:index-body", _NS)
                out.extend(self.blocks(body if body is not None else element, True))
            elif tag in (_q("text:list"), _q("text:list-item"), _q("text:list-header")):
                out.extend(self.blocks(element, contents, listed=True))
            elif tag in (_q("text:section"), _q("text:index-body")):
                out.extend(self.blocks(element, contents, listed))
        return out

    def count_changes(self, changes: Any) -> None:
        """Deleted text is kept apart in the tracked changes, never read; count it."""
        for region in changes:
            if region.find("text:deletion", _NS) is not None:
                self.revisions.deletions += 1
            elif region.find("text:insertion", _NS) is not None:
                self.revisions.insertions += 1

    def table(self, element: Any) -> list[list[str]]:
        return [[" ".join(p.text for p in self.blocks(cell) if isinstance(p, WordParagraph))
                 for cell in row.iter(_q("table:table-cell"))]
                for row in element.iter(_q("table:table-row"))]

    def paragraph(self, element: Any, listed: bool) -> WordParagraph:
        self.number += 1
        style = self.styles.get(element.get(_q("text:style-name")) or "", StyleInfo("Standard"))
        level = element.get(_q("text:outline-level"))
        outline = int(level) if element.tag == _q("text:h") and level and level.isdigit() \
            else (1 if element.tag == _q("text:h") else style.outline)
        images: list[tuple[str, str]] = []
        runs = self.inlines(element, style, images)
        return WordParagraph(runs, self.number, style, outline=outline, centred=style.centred,
                             bold=style.bold, size=style.size, page_break=style.page_break,
                             listed=listed, text="".join(run_text(r) for r in runs),
                             images=images)

    def inlines(self, element: Any, style: StyleInfo,
                images: list[tuple[str, str]]) -> list[Inline]:
        runs: list[Inline] = [Text(element.text)] if element.text else []
        for child in element:
            tag = child.tag
            if tag == _q("text:span"):
                runs.extend(self.span(child, style, images))
            elif (simple := _simple(child)) is not None:
                runs.append(simple)
            elif tag == _q("text:note"):
                runs.append(self.note(child))
            elif tag == _q("office:annotation"):
                self.revisions.comments += 1
            elif tag == _q("draw:frame"):
                images.append(_frame(child))
            elif tag in (_q("text:a"), _q("text:bookmark-ref")):
                runs.extend(self.inlines(child, style, images))
            if child.tail and tag != _q("office:annotation-end"):
                runs.append(Text(child.tail))
        return runs

    def span(self, element: Any, style: StyleInfo, images: list[tuple[str, str]]
             ) -> list[Inline]:
        """A span's runs, italic or bold as its style makes them (and its paragraph's
        style does not already)."""
        inner = self.styles.get(element.get(_q("text:style-name")) or "")
        pieces = self.inlines(element, style, images)
        for face in inner.spans if inner else ():
            pieces = [Span(face, tuple(pieces))]
        if inner and inner.italic and not style.italic:
            pieces = [Emphasis(tuple(pieces))]
        if inner and inner.bold and not style.bold:
            pieces = [Strong(tuple(pieces))]
        return pieces

    def note(self, element: Any) -> Inline:
        label = f"odt-{element.get(_q('text:id')) or len(self.notes) + 1}"
        body = element.find("text:note-body", _NS)
        paragraphs = [p for p in self.blocks(body) if isinstance(p, WordParagraph)] \
            if body is not None else []
        self.notes[label] = Footnote(label, tuple(Paragraph(trimmed(p.runs))
                                                  for p in paragraphs if p.text.strip()))
        return FootnoteRef(label)


def _simple(element: Any) -> Inline | None:
    """Spaces (``text:s``, ``text:c`` of them), a tab, a line break."""
    if element.tag == _q("text:s"):
        return Text(" " * int(element.get(_q("text:c")) or 1))
    if element.tag == _q("text:tab"):
        return Text(" ")
    if element.tag == _q("text:line-break"):
        return LineBreak()
    return None


def _frame(frame: Any) -> tuple[str, str]:
    image = frame.find("draw:image", _NS)
    href = image.get(_q("xlink:href")) if image is not None else ""
    alt = " ".join((frame.findtext("svg:desc", "", _NS) or frame.findtext("svg:title", "", _NS)
                    or "").split())
    return href or "", alt


def _metadata(meta: Any, read: Assembled) -> Metadata:
    def value(path: str) -> str:
        return " ".join((meta.findtext(path, "", _NS) if meta is not None else "").split())

    creator = value(".//dc:creator") or value(".//meta:initial-creator")
    language = read.language or value(".//dc:language")
    return Metadata(title=read.title(language or "en") or document_title(value(".//dc:title")),
                    subtitle=read.found.get("subtitle", ""),
                    authors=read.authors or document_authors(creator), language=language,
                    date=read.found.get("date", ""), publisher=read.found.get("publisher", ""))


def _source_text(text: Any) -> str:
    """The text a reader of the document sees: not deletions, comments or note marks."""
    if text is None:
        return ""
    skipped = {_q("text:tracked-changes"), _q("office:annotation"), _q("text:note-citation"),
               _q("office:binary-data")}
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag in skipped:
            parts.append(node.tail or "")
            return
        if node.tag == _q("text:s"):
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            walk(child)
        if node.tag in (_q("text:p"), _q("text:h")):
            parts.append("\n")
        parts.append(node.tail or "")

    walk(text)
    return "".join(parts)
