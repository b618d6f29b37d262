"""Embedding the book face in an EPUB, for ``[epub] embed_fonts = true``.

By default an EPUB names no font, so every reader shows the reader's own choice.
An author who wants the book's face gets Source Serif Pro (SIL Open Font License),
subset by fontTools to the characters the book uses: four faces cost tens of
kilobytes instead of megabytes.  Readers still let their users override it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from fontTools import subset as fonttools_subset

from mkbook.errors import ExportError
from mkbook.model import Book
from mkbook.render.fonts import FACE_NAME, FONT_FILES, font_folder
from mkbook.walk import book_text

FAMILY = FACE_NAME
# Always kept, so a reader's own additions (page numbers, "Chapter") still render.
_BASE_CHARACTERS = "".join(map(chr, range(0x20, 0x7F))) + "\u2019\u201c\u201d\u2014\u2026"


@dataclass(frozen=True, slots=True)
class EmbeddedFont:
    """One subset face, ready to go into the EPUB."""

    file_name: str
    content: bytes
    style: str
    weight: str


def embedded_fonts(book: Book) -> list[EmbeddedFont]:
    """The book face's four styles, subset to the characters of *book*."""
    folder = font_folder()
    if folder is None:
        raise ExportError("embed_fonts needs the font-source-serif-pro package; reinstall mkbook")
    characters = book_characters(book)
    fonts = []
    for (style, weight), name in FONT_FILES.items():
        content = subset((folder / name).read_bytes(), characters)
        fonts.append(EmbeddedFont(f"fonts/{name}", content, style, weight))
    return fonts


def font_css(fonts: Iterable[EmbeddedFont]) -> str:
    """``@font-face`` rules for *fonts* and the body text set in them."""
    rules = [f'@font-face {{\n  font-family: "{FAMILY}";\n  src: url("../{font.file_name}");\n'
             f"  font-style: {font.style};\n  font-weight: {font.weight};\n}}"
             for font in fonts]
    rules.append(f'body {{\n  font-family: "{FAMILY}", serif;\n}}')
    return "\n\n".join(rules) + "\n"


def book_characters(book: Book) -> str:
    """The characters a face subset for *book* keeps: the book's and a reader's own."""
    return _BASE_CHARACTERS + "".join(sorted(set(book_text(book))))


def subset(data: bytes, characters: str, flavor: str | None = None) -> bytes:
    """The font *data* with only the glyphs *characters* need (and their layout
    features), saved as *flavor* (``woff``, ``woff2``) or as it came."""
    options = fonttools_subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False  # the same book gives the same bytes
    options.flavor = flavor
    font = fonttools_subset.load_font(io.BytesIO(data), options)
    subsetter = fonttools_subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    fonttools_subset.save_font(font, out, options)
    return out.getvalue()
