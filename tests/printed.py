"""What a typesetter checks on a proof, measured on a PDF: short pages and uneven
spreads, hyphenated line ends and their runs, split proper names, lines opening with
a dash.  Only the body text counts: lines in the book's text size inside the text
block (running heads and folios stand outside it)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HYPHENATED_RE = re.compile(r"(\w+)[\u2010-]$")
"""A line ending in a hyphen, where a word was broken or at a hyphen of the text's own
(the PDF does not tell them apart: the font's one hyphen glyph stands for both)."""
WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Page:
    label: str
    lines: tuple[tuple[str, float], ...]
    """Each body line's text and the bottom of its letters (points from the top)."""

    @property
    def foot(self) -> float:
        return self.lines[-1][1] if self.lines else 0.0


def page_labels(path: Path) -> list[str]:
    """Each page's label, as a viewer shows it (pikepdf reads the number tree once;
    pypdf walks it again for every page, half a minute on a novel)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        return [str(page.label) for page in pdf.pages]


def body_pages(path: Path, top: float = 0.7, bottom: float = 0.8) -> list[Page]:
    """Every page with its body lines; *top* and *bottom* are the margins in inches.
    Read with PDFium (fourteen times pdfplumber's speed on a novel), each character's
    box the font's (ascent to descent), so lines of one size end at one height."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    labels = page_labels(path)
    raw, sizes = [], Counter[float]()
    pdf = pypdfium2.PdfDocument(path)
    try:
        for page in pdf:
            text, height = page.get_textpage(), page.get_height()
            count = text.count_chars()
            whole = text.get_text_range(0, count) if count else ""
            lines: list[tuple[str, float, float]] = []
            chars: list[tuple[str, float, float, float]] = []
            for index, char in enumerate([*whole, "\n"]):
                if char in "\r\n":
                    line = _body_line(chars, top * 72 - 2, height - bottom * 72 + 2)
                    if line is not None:
                        lines.append(line)
                        sizes[line[2]] += 1
                    chars = []
                    continue
                _, low, _, high = text.get_charbox(index, loose=True)
                chars.append((char, height - high, height - low,
                              round(pdfium.FPDFText_GetFontSize(text.raw, index), 1)))
            raw.append(lines)
    finally:
        pdf.close()
    text_size = sizes.most_common(1)[0][0]
    return [Page(label, tuple((text, foot) for text, foot, size in lines
                              if abs(size - text_size) < 0.3))
            for label, lines in zip(labels, raw, strict=True)]


def _body_line(chars: list[tuple[str, float, float, float]], top: float,
               bottom: float) -> tuple[str, float, float] | None:
    """A line's text, foot and most common size, where it stands inside the text block."""
    inked = [char for char in chars if char[0].strip()]
    if not inked:
        return None
    head, foot = min(char[1] for char in inked), max(char[2] for char in inked)
    if not top <= head or not foot <= bottom:
        return None
    size = Counter(char[3] for char in inked).most_common(1)[0][0]
    return "".join(char[0] for char in chars).strip(), foot, size


def measures(pages: list[Page], openings: list[int], line_height: float) -> dict[str, float]:
    """The proof's figures for the body (the pages labelled in arabic).

    *openings* are the page indexes where chapters start; the last page of each
    chapter may end short and is left out of the short-page and spread counts.  Both
    pages of a spread run one line short together are not short pages (a typesetter's
    way with a spread neither page of which can be filled) but count as such a spread.  A
    proper name counts as split where a capitalised line end and the next line's
    first letters make a word printed whole elsewhere (*Eliza-* *beth*, not
    *Gutenberg-* *tm*).
    """
    body = [n for n, page in enumerate(pages) if page.label.isdigit()]
    ends = set()
    for start, following in zip(openings, [*openings[1:], len(pages)], strict=True):
        last = following - 1
        while last > start and not pages[last].lines:
            last -= 1
        ends.add(last)
    text = [n for n in body if pages[n].lines and n not in ends]
    full = Counter(round(pages[n].foot) for n in text).most_common(1)[0][0]
    spreads = [n for n in text if int(pages[n].label) % 2 == 0 and n + 1 in text]
    uneven = [n for n in spreads if abs(pages[n].foot - pages[n + 1].foot) > 1.0]
    run_short = {page for n in spreads if n not in uneven
                 and abs(full - line_height - pages[n].foot) < line_height / 2
                 for page in (n, n + 1)}
    short = [n for n in text if pages[n].foot < full - line_height / 2 and n not in run_short]
    words = {word for page in pages for line, _ in page.lines for word in WORD_RE.findall(line)}
    lines = hyphenated = runs = capitalised = dashes = 0
    for n in body:
        run = 0
        page_lines = [line for line, _ in pages[n].lines]
        for k, line in enumerate(page_lines):
            lines += 1
            dashes += line.lstrip("\u2060").startswith("\u2014")
            found = HYPHENATED_RE.search(line)
            if not found:
                run = 0
                continue
            hyphenated, run = hyphenated + 1, run + 1
            runs += run == 3
            following = (page_lines[k + 1] if k + 1 < len(page_lines) else "").split()
            rest = WORD_RE.match(following[0]) if following else None
            capitalised += bool(found.group(1)[0].isupper() and rest and rest.group()[0].islower()
                                and found.group(1) + rest.group() in words)
    return {"short_pages": 100 * len(short) / len(text), "uneven_spreads": len(uneven),
            "spreads_run_short": 100 * len(run_short) / 2 / len(spreads),
            "hyphen_ends": 100 * hyphenated / lines, "hyphen_runs": runs,
            "capitalised_splits": capitalised, "em_dash_starts": dashes}


LIMITS = {"short_pages": 2.0, "uneven_spreads": 0, "spreads_run_short": 5.0,
          "hyphen_ends": 6.0, "hyphen_runs": 0, "capitalised_splits": 0, "em_dash_starts": 0}
"""A typesetter's limits: at most 2 % of text pages short, no uneven spread, a spread run
a line short as a last resort (one in twenty at most), at most 6 % of lines hyphenated,
no run of three, no proper name split, no line opening with a dash."""


def pdfium_lines(path: Path, index: int) -> list[dict[str, object]]:
    """Page *index*'s text lines as PDFium reads them, in pdfplumber's shape (``text``,
    ``top``, ``bottom``, ``chars`` with ``fontname`` and ``non_stroking_color``).

    pdfminer (under pdfplumber) cannot decode a font with an encoding of its own,
    which WeasyPrint writes for a piece that draws a glyph no face has (an emoji):
    such a chapter reads as no text there.  Boxes are the font's (ascent to descent).
    """
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    page = pypdfium2.PdfDocument(path)[index]
    text, height = page.get_textpage(), page.get_height()
    lines: list[dict[str, object]] = []
    chars: list[dict[str, object]] = []
    for n in range(text.count_chars()):
        char = text.get_text_range(n, 1)
        if char in "\r\n":
            lines += [_line(chars)] if chars else []
            chars = []
            continue
        left, bottom, right, top = text.get_charbox(n, loose=True)
        name = ctypes.create_string_buffer(256)
        pdfium.FPDFText_GetFontInfo(text.raw, n, name, 256, None)
        rgba = [ctypes.c_uint() for _ in range(4)]
        pdfium.FPDFText_GetFillColor(text.raw, n, *(ctypes.byref(part) for part in rgba))
        chars.append({"text": char, "top": height - top, "bottom": height - bottom,
                      "fontname": name.value.decode(), "non_stroking_color":
                      tuple(part.value / 255 for part in rgba[:3])})
    return lines + ([_line(chars)] if chars else [])


def _line(chars: list[dict[str, object]]) -> dict[str, object]:
    inked = [char for char in chars if str(char["text"]).strip()] or chars
    return {"text": "".join(str(char["text"]) for char in chars), "chars": inked,
            "top": min(float(str(char["top"])) for char in inked),
            "bottom": max(float(str(char["bottom"])) for char in inked)}
