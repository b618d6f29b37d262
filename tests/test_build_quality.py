"""Every book we can lay hands on — the sample and each corpus manuscript — built and checked.

Each book is built once per session (see conftest); these tests read the results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import pytest

import printed
from mkbook.model import Paragraph
from mkbook.walk import plain_text
from support import (
    BuiltBook,
    assert_valid_epub,
    corpus_books,
    epubcheck_problems,
    letters,
    long_layout,
    normalise_title,
    outline_entries,
    outline_titles,
    pdf_text,
)

BOOKS = ["sample", *corpus_books()]
PDF_BOOKS = [pytest.param(name, marks=pytest.mark.long) if long_layout(name) else name
             for name in BOOKS]
"""The books whose default PDF ``make test`` lays out; the longest in the long suite."""
Build = Callable[[str], BuiltBook]


@pytest.mark.parametrize("name", BOOKS)
def test_epub_passes_epubcheck_without_errors_or_warnings(build_book: Build, name: str) -> None:
    report = build_book(name).epubcheck
    assert report["checker"]["nFatal"] == 0
    assert epubcheck_problems(report) == []


@pytest.mark.parametrize("fmt", ["epub-kobo", "epub-kindle"])
@pytest.mark.parametrize("name", BOOKS)
def test_store_variants_pass_epubcheck(build_book: Build, name: str, fmt: str) -> None:
    assert_valid_epub(build_book(name).epub_for(fmt))


@pytest.mark.parametrize("name", BOOKS)
def test_epub_nav_lists_every_chapter_in_reading_order(build_book: Build, name: str) -> None:
    book = build_book(name)
    nav = book.epub_files["EPUB/nav.xhtml"]
    toc = nav.split('epub:type="toc"', 1)[1].split("</nav>", 1)[0]
    entries = [re.sub(r"<[^>]+>", "", entry) for entry in re.findall(r"<a [^>]*>(.*?)</a>", toc)]
    chapters = [normalise_title(chapter["title"]) for chapter in book.inspect["chapters"]]
    in_nav = [title for title in map(normalise_title, entries) if title in set(chapters)]
    assert in_nav == chapters


@pytest.mark.parametrize("name", BOOKS)
def test_epub_has_one_scene_break_rule_between_each_two_scenes(build_book: Build,
                                                               name: str) -> None:
    book = build_book(name)
    expected = sum(max(chapter["scenes"] - 1, 0) for chapter in book.inspect["chapters"])
    chapters = [text for path, text in sorted(book.epub_files.items())
                if re.search(r"text/chapter-\d+\.xhtml$", path)]
    assert sum(text.count('<hr class="scene-break"/>') for text in chapters) == expected
    for text in chapters:
        assert not re.search(r"</header>\s*<hr", text), "scene break at a chapter's start"
        assert not re.search(r"<hr[^>]*/>\s*(<section class=\"footnotes\"|</section>)", text), \
            "scene break at a chapter's end"


@pytest.mark.parametrize("name", PDF_BOOKS)
def test_pdf_holds_the_whole_book_with_embedded_fonts_and_an_outline(build_book: Build,
                                                                     name: str) -> None:
    book = build_book(name)
    reader = book.pdf_reader
    model = book.project.book
    opening = pdf_text(reader.pages[:3])
    assert letters(model.metadata.title) in letters(opening)
    # The last chapter with text runs from its bookmark to the next one (or the end),
    # and its last paragraph is on those pages.
    entries = outline_entries(reader)
    titles = [normalise_title(title) for title, _ in entries]
    chapter = next(c for c in reversed(model.chapters)
                   if any(isinstance(b, Paragraph) for b in c.blocks))
    last = len(titles) - 1 - titles[::-1].index(normalise_title(chapter.title))
    first_page = entries[last][1]
    tops = {normalise_title(item.title) for item in (*model.chapters, *model.back_matter)}
    following = next((page for title, page in entries[last + 1:]
                      if normalise_title(title) in tops), None)
    end_page = following + 1 if following is not None else len(reader.pages)
    last_paragraph = [b for b in chapter.blocks if isinstance(b, Paragraph)][-1]
    assert letters(plain_text(last_paragraph.content)) in letters(
        pdf_text(reader.pages[first_page:end_page]))
    assert_fonts_embedded(reader)
    titles = iter(normalise_title(t) for t in outline_titles(reader.outline))
    chapter_titles = [normalise_title(c.title) for c in model.chapters]
    # every chapter, in order (sections inside chapters may share a chapter's title)
    assert [t for t in chapter_titles if any(t == found for found in titles)] == chapter_titles


def assert_fonts_embedded(reader: object) -> None:
    """Every font on every page carries its font file."""
    seen = 0
    for page in reader.pages:  # type: ignore[attr-defined]
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), \
                f"font {font.get('/BaseFont')} is not embedded"
            seen += 1
    assert seen


@pytest.mark.parametrize("name", BOOKS)
def test_nav_ncx_and_spine_list_the_same_documents_in_order(build_book: Build,
                                                            name: str) -> None:
    files = build_book(name).epub_files
    opf = files["EPUB/content.opf"]
    manifest = dict(re.findall(r'<item href="([^"]+)" id="([^"]+)"', opf))
    by_id = {item_id: href for href, item_id in manifest.items()}
    spine = [by_id[ref] for ref in re.findall(r'<itemref idref="([^"]+)"', opf)]
    toc = files["EPUB/nav.xhtml"].split('epub:type="toc"', 1)[1].split("</nav>", 1)[0]
    nav = re.findall(r'<a href="([^"#]+)', toc)
    ncx = re.findall(r'<content src="([^"#]+)"', files["EPUB/toc.ncx"])
    assert nav == ncx
    assert nav == [href for href in spine if href not in ("text/cover.xhtml", "nav.xhtml")]
    landmarks = files["EPUB/nav.xhtml"].split('epub:type="landmarks"', 1)[1]
    for kind in ("cover", "titlepage", "toc", "bodymatter"):
        assert f'epub:type="{kind}"' in landmarks


DINKUS = "***"
"""The scene-break ornament as pdfplumber reads its line: three asterisks."""


@pytest.mark.parametrize("name", PDF_BOOKS)
def test_pdf_scene_breaks_take_their_own_space_in_ink(build_book: Build, name: str) -> None:
    """In the first three chapters that have scene breaks, each ornament stands between
    the lines around it (its box overlaps neither), in black, from the book face (read
    with PDFium, which decodes every font WeasyPrint writes: :func:`printed.pdfium_lines`)."""
    book = build_book(name)
    chapters = book.project.book.chapters
    broken = [normalise_title(c.title) for c in chapters if len(c.scenes) > 1][:3]
    titles = {normalise_title(c.title) for c in chapters}
    entries = outline_entries(book.pdf_reader)  # sections inside chapters have entries too
    starts = sorted({page for title, page in entries if normalise_title(title) in titles}
                    | {len(book.pdf_reader.pages)})
    pages = sorted({index for title, page in entries if normalise_title(title) in broken
                    for index in range(page, next(s for s in starts if s > page))})
    seen = 0
    for index in pages:
        lines = printed.pdfium_lines(book.pdf, index)
        for at, line in enumerate(lines):
            if re.sub(r"\s", "", str(line["text"])) != DINKUS:
                continue
            seen += 1
            chars = cast(list[dict[str, Any]], line["chars"])
            assert {char["fontname"].split("+")[-1] for char in chars} == {"mkbook-serif"} \
                and all(char["non_stroking_color"] == (0, 0, 0) for char in chars), \
                (index + 1, line)
            if at:
                assert lines[at - 1]["bottom"] <= line["top"], (index + 1, line["top"])
            if at + 1 < len(lines):
                assert line["bottom"] <= lines[at + 1]["top"], (index + 1, line["bottom"])
    assert seen or not broken
