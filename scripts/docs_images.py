"""Make the README's pictures of the printed book (docs/*.png) from fresh PDFs.

Run from the checkout: ``.venv/bin/python scripts/docs_images.py CORPUS`` where
CORPUS holds ``pride-and-prejudice/``.  The pages are rendered with pdfplumber (its
pdfium backend); the preview is photographed in Chromium through Playwright, as
``tests/test_preview.py`` drives it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pdfplumber
import pypdf
from PIL import Image

from mkbook import api
from mkbook.themes import available_themes

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RESOLUTION = 150


def _pdf(source: Path, folder: Path, theme: str | None = None) -> Path:
    return api.export(api.load_project(source), "pdf",
                      folder / f"{source.stem}-{theme or 'default'}.pdf",
                      {"cache": False, "theme": theme}).path


def _pages(pdf: Path, indexes: list[int]) -> Image.Image:
    """The pages side by side, as a spread is seen."""
    with pdfplumber.open(pdf) as opened:
        return _sheet([opened.pages[n].to_image(resolution=RESOLUTION).original.convert("RGB")
                       for n in indexes])


def _sheet(images: list[Image.Image]) -> Image.Image:
    """Pictures side by side, a thin rule between."""
    sheet = Image.new("RGB", (sum(i.width for i in images) + 4 * (len(images) - 1),
                              images[0].height), "#999999")
    left = 0
    for image in images:
        sheet.paste(image, (left, 0))
        left += image.width + 4
    return sheet


def _index(pdf: Path, label: str) -> int:
    return list(pypdf.PdfReader(pdf).page_labels).index(label)


def _chapter(pdf: Path, title: str) -> int:
    reader = pypdf.PdfReader(pdf)

    def walk(items: list) -> int | None:
        for item in items:
            if isinstance(item, list):
                found = walk(item)
                if found is not None:
                    return found
            elif item.title.strip() == title:
                return reader.get_destination_page_number(item)
        return None

    found = walk(reader.outline)
    assert found is not None, title
    return found


def _page_with(pdf: Path, text: str) -> int:
    with pdfplumber.open(pdf) as opened:
        return next(n for n, page in enumerate(opened.pages) if text in (page.extract_text() or ""))


def _preview(picture: Path) -> None:
    """The sample's first chapter as ``mkbook preview`` serves it, 900 by 700 pixels."""
    from playwright.sync_api import sync_playwright

    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser_path, "the preview picture needs Chromium"
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book"
        shutil.copytree(ROOT / "manuscript", book)
        mkbook = Path(sys.executable).with_name("mkbook")
        server = subprocess.Popen([str(mkbook), "preview", str(book), "--port", "0"],
                                  stderr=subprocess.PIPE, text=True)
        try:
            assert server.stderr is not None
            found = re.search(r"http://127\.0\.0\.1:\d+/", server.stderr.readline())
            assert found, "the preview did not start"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=browser_path,
                                                     args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 900, "height": 700})
                page.goto(found.group(0))
                page.locator("h1.chapter-title").first.evaluate(
                    "heading => { heading.scrollIntoView(); window.scrollBy(0, -16); }")
                page.screenshot(path=str(picture))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


def main(corpus: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        novel = _pdf(corpus / "pride-and-prejudice" / "1342-0.txt", Path(folder))
        sample = _pdf(ROOT / "manuscript", Path(folder))
        _pages(novel, [_chapter(novel, "Chapter 3")]).save(DOCS / "chapter-opening.png")
        _pages(novel, [_index(novel, "12"), _index(novel, "13")]).save(DOCS / "spread.png")
        _pages(sample, [_page_with(sample, "Released under CC BY")]).save(
            DOCS / "copyright-page.png")
        themed = [_pdf(ROOT / "manuscript", Path(folder), theme.name)
                  for theme in available_themes()]
        _sheet([_pages(pdf, [_chapter(pdf, "The Count")]) for pdf in themed]).save(
            DOCS / "themes.png")
    _preview(DOCS / "preview.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
