"""The print-ready PDF, opened and measured: trims, openings, folios, contents, KDP."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

import printed
from mkbook import api
from mkbook.errors import MkbookError
from mkbook.exporters.pdf.page_setup import kdp_inside_margin
from support import (
    PRINT_BOOKS,
    SAMPLE,
    normalise_title,
    outline_entries,
    print_book,
    reading_warnings,
    write_project,
)

TRIMS = {"5.5x8.5": (5.5, 8.5), "6x9": (6.0, 9.0)}
ROMAN_RE = re.compile(r"^[ivxlc]+$")


Built = Callable[..., Path]


def open_pdf(path: Path) -> pypdf.PdfReader:
    """A pypdf reader of *path*, whose pages :func:`lines` reads through the PDF's file."""
    reader = pypdf.PdfReader(path)
    _READ_FROM[id(reader)] = (reader, str(path))
    return reader


_READ_FROM: dict[int, tuple[pypdf.PdfReader, str]] = {}


def lines(page: Any) -> list[str]:
    """A page's lines of text, read once per PDF (with PDFium, which takes seconds where
    pypdf takes half a minute on a novel, and several tests read the same book)."""
    found = _READ_FROM.get(id(getattr(page, "pdf", None)))
    if isinstance(page, pypdf.PageObject) and found is not None:
        return list(_page_lines(found[1])[page.page_number])
    return [line.strip() for line in page.extract_text().splitlines() if line.strip()]


@cache
def _page_lines(path: str) -> tuple[tuple[str, ...], ...]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        return tuple(tuple(line.strip() for line in page.get_textpage().get_text_range()
                           .splitlines() if line.strip()) for page in pdf)
    finally:
        pdf.close()


def chapter_openings(reader: Any, name: str) -> Iterator[tuple[str, int]]:
    """(title, page index) of every chapter, from the outline."""
    chapters = {normalise_title(c.title) for c in api.load_project(print_book(name)).book.chapters}
    for title, index in outline_entries(reader):
        if normalise_title(title) in chapters:
            yield title, index


CASES = [(name, trim) for name in PRINT_BOOKS for trim in TRIMS]


@pytest.mark.parametrize("name,trim", CASES)
def test_every_page_is_the_trim(built: Built, name: str, trim: str) -> None:
    reader = open_pdf(built(name, trim))
    width, height = TRIMS[trim]
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
            round(width * 72), round(height * 72))
    assert len(reader.pages) % 2 == 0


@pytest.mark.parametrize("name,trim", CASES)
def test_chapters_open_on_rectos_without_running_heads(built: Built, name: str,
                                                       trim: str) -> None:
    reader = open_pdf(built(name, trim))
    openings = list(chapter_openings(reader, name))
    assert len(openings) == len(api.load_project(print_book(name)).book.chapters)
    for title, index in openings:
        assert index % 2 == 0, f"{title} opens on page {index + 1}, a verso"
        text = lines(reader.pages[index])
        assert [normalise_title(line) for line in text].count(normalise_title(title)) == 1
        assert text[-1].isdigit()  # the folio, at the foot


@pytest.mark.parametrize("name,trim", CASES)
def test_contents_page_numbers_are_the_real_folios(built: Built, name: str, trim: str) -> None:
    reader = open_pdf(built(name, trim))
    entries = dict(outline_entries(reader))
    first_chapter = min(index for _, index in chapter_openings(reader, name))
    contents = [i for i in range(first_chapter) if "Contents" in lines(reader.pages[i])[:1]]
    printed = {}
    for index in range(contents[0], first_chapter):
        for line in lines(reader.pages[index]):
            found = re.match(r"^(.*?)[ .]*\s([0-9]+|[ivxlc]+)$", line)
            if found and "." in line:
                printed[normalise_title(found.group(1))] = found.group(2)
    checked = 0
    for title, index in entries.items():
        if normalise_title(title) in printed:
            folio = lines(reader.pages[index])[-1]
            assert printed[normalise_title(title)] == folio, title
            checked += 1
    assert checked >= len(list(chapter_openings(reader, name)))


@pytest.mark.parametrize("name,trim", CASES)
def test_front_matter_folios_are_roman_and_the_body_starts_at_one(built: Built, name: str,
                                                                  trim: str) -> None:
    reader = open_pdf(built(name, trim))
    first_chapter = min(index for _, index in chapter_openings(reader, name))
    contents = next(i for i, page in enumerate(reader.pages) if lines(page)[:1] == ["Contents"])
    folios = [lines(reader.pages[i])[-1] for i in range(contents, first_chapter)
              if lines(reader.pages[i])]  # the display pages before it carry none
    assert folios and all(ROMAN_RE.match(folio) for folio in folios)
    assert lines(reader.pages[first_chapter])[-1] == "1"


def roman(number: int) -> str:
    """``4`` → ``iv``."""
    out = ""
    for value, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
                           (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def assert_labels_are_folios(path: Path) -> None:
    """A viewer's page box shows what the page prints: roman labels up to the body, then
    1, 2, 3…; every folio found in a page's first or last line is that page's label."""
    reader = open_pdf(path)
    labels = printed.page_labels(path)
    body = labels.index("1")
    assert body > 0 and labels == [roman(n) for n in range(1, body + 1)] + \
        [str(n) for n in range(1, len(labels) - body + 1)]
    checked = 0
    for index, page in enumerate(reader.pages):
        found = lines(page)
        if not found:
            continue
        first, last = found[0].split(), found[-1].split()  # heads may come last
        edges = [first[0], first[-1], last[0], last[-1]]
        folios = [word for word in edges if word.isdigit() or ROMAN_RE.match(word)]
        if folios:
            assert labels[index] in folios, (index, labels[index], folios)
            checked += 1
    assert checked > (len(labels) - body) // 2


@pytest.mark.parametrize("name,trim", CASES)
def test_page_labels_are_the_printed_folios(built: Built, name: str, trim: str) -> None:
    assert_labels_are_folios(built(name, trim))


def test_page_labels_are_the_printed_folios_in_one_pass(tmp_path: Path) -> None:
    """The single pass (PDF/A, PDF/UA, a WeasyPrint the private hooks do not fit) labels
    its pages through WeasyPrint's finisher, the same as the parallel layout."""
    project = api.load_project(SAMPLE)
    path = api.export(project, "pdf", tmp_path / "one.pdf", {"single_pass": True}).path
    assert_labels_are_folios(path)


@pytest.mark.parametrize("single_pass", [False, True], ids=["pieces", "one-pass"])
def test_a_page_with_bleed_names_its_trim_inside_it(tmp_path: Path, single_pass: bool) -> None:
    """With KDP's bleed (0.125 in on the outside, top and bottom) the TrimBox is the
    6x9 page the printer cuts, against the spine: a recto's bleed on its right, a
    verso's on its left; the BleedBox is the whole sheet."""
    import pikepdf

    path = api.export(api.load_project(SAMPLE), "pdf", tmp_path / "bleed.pdf",
                      {"trim": "6x9", "bleed": True, "single_pass": single_pass}).path
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) > 4
        for index, page in enumerate(pdf.pages):
            media = [float(x) for x in page.obj.MediaBox]
            trim = [float(x) for x in page.obj.TrimBox]
            assert media == pytest.approx([0, 0, 6.125 * 72, 9.25 * 72])
            left = 9.0 if index % 2 else 0.0  # 0.125 in
            assert trim == pytest.approx([left, 9.0, left + 432, 9.0 + 648]), index
            assert [float(x) for x in page.obj.BleedBox] == media


ENTRY_RE = re.compile(r"^(.*?)[ .]*\.\s*([ivxlc]+|\d+)$")
"""A contents line: its title, dotted leaders, its page number."""


@pytest.mark.parametrize("name,trim", CASES)
def test_display_pages_carry_no_folio_and_the_contents_lists_what_follows_it(
        built: Built, name: str, trim: str) -> None:
    """The half-title, title, copyright, dedication and epigraph pages (everything before
    the contents) print no folio; every entry of the contents is a page after it."""
    reader = open_pdf(built(name, trim))
    labels = reader.page_labels
    contents = next(i for i, page in enumerate(reader.pages) if lines(page)[:1] == ["Contents"])
    assert contents >= 3
    for page in reader.pages[:contents]:
        assert not any(ROMAN_RE.match(line) or line.isdigit() for line in lines(page))
    numbers = [found.group(2) for line in lines(reader.pages[contents])
               if (found := ENTRY_RE.match(line))]
    assert numbers
    front = labels.index("1")
    pages = [labels.index(n) if not n.isdigit() else front + int(n) - 1 for n in numbers]
    assert all(page > contents for page in pages), numbers


@pytest.mark.parametrize("name,trim", CASES)
def test_outline_holds_the_chapters_and_fonts_are_embedded(built: Built, name: str,
                                                           trim: str) -> None:
    from test_build_quality import assert_fonts_embedded

    reader = open_pdf(built(name, trim))
    book = api.load_project(print_book(name)).book
    titles = [normalise_title(t) for t, _ in outline_entries(reader)]
    chapters = [normalise_title(c.title) for c in book.chapters]
    assert [t for t in titles if t in set(chapters)] == chapters
    assert reader.metadata.title and reader.trailer["/Root"]["/Lang"] == book.metadata.language
    assert_fonts_embedded(reader)


def test_running_heads_author_on_versos_chapter_on_rectos(built: Built) -> None:
    """Pride and Prejudice's chapters are only numbered, so its rectos carry the book's
    title (a chapter's title of its own heads its rectos: see the next tests)."""
    reader = open_pdf(built("pride-and-prejudice", "5.5x8.5"))
    chapter_one = min(index for _, index in chapter_openings(reader, "pride-and-prejudice"))
    verso, recto = lines(reader.pages[chapter_one + 1]), lines(reader.pages[chapter_one + 2])
    assert "2 Jane Austen" in verso  # folio and author at the head of the verso
    assert "Pride and Prejudice 3" in recto  # not "Chapter 1": the book's title


def test_running_heads_are_centred_over_the_text_block(built: Built) -> None:
    """The head stands centred over the text block, the folio at its outer corner."""
    path = built("pride-and-prejudice", "6x9")
    openings = {index for _, index in chapter_openings(open_pdf(path),
                                                       "pride-and-prejudice")}
    with pdfplumber.open(path) as pdf:
        measured = 0
        for number in range(40, 50):
            words = pdf.pages[number].extract_words()
            if not words or number in openings:
                continue  # a blank verso, a chapter opening: no head
            top = min(word["top"] for word in words)
            head = [w for w in words if abs(w["top"] - top) < 1 and not w["text"].isdigit()]
            folio = [w for w in words if abs(w["top"] - top) < 1 and w["text"].isdigit()]
            text = [w for w in words if w["top"] > top + 12]
            if not head or not folio or len(text) < 50:
                continue  # a chapter opening: no head
            left, right = min(w["x0"] for w in text), max(w["x1"] for w in text)
            centre = (min(w["x0"] for w in head) + max(w["x1"] for w in head)) / 2
            assert abs(centre - (left + right) / 2) < 1.5, (number, centre, left, right)
            outer = folio[0]["x0"] if number % 2 else folio[0]["x1"]
            assert abs(outer - (left if number % 2 else right)) < 1.5, (number, outer)
            measured += 1
    assert measured >= 6


def test_a_shouting_chapter_title_is_a_quiet_running_head(tmp_path: Path) -> None:
    """``STAVE I: MARLEY'S GHOST`` heads its rectos as ``Marley's Ghost``, the author's
    name its versos."""
    words = " ".join(["Marley was dead, to begin with."] * 400)
    folder = write_project(tmp_path / "carol", {
        "chapters/01.md": f"# STAVE I: MARLEY’S GHOST\n\n{words}\n",
        "chapters/02.md": f"# STAVE II: THE FIRST OF THE THREE SPIRITS\n\n{words}\n"},
        '[book]\ntitle = "A Carol"\nauthors = ["C. D."]\n')
    reader = open_pdf(api.export(api.load_project(folder), "pdf",
                                        tmp_path / "b.pdf").path)
    heads = [lines(page)[-1] for page in reader.pages if lines(page)]  # heads come last
    assert any(re.fullmatch(r"Marley’s Ghost \d+", head) for head in heads), heads
    assert any(re.fullmatch(r"The First of the Three Spirits \d+", head) for head in heads)
    assert any(re.fullmatch(r"\d+ C\. D\.", head) for head in heads)
    assert not any("MARLEY" in head for head in heads)


def test_kdp_profile_has_no_outline_an_even_count_and_the_gutter_kdp_asks(built: Built) -> None:
    path = built("pride-and-prejudice", "6x9", "kdp")
    reader = open_pdf(path)
    assert reader.outline == []
    assert len(reader.pages) % 2 == 0
    minimum = kdp_inside_margin(len(reader.pages)) * 72
    with pdfplumber.open(path) as pdf:
        measured = 0
        for number in range(40, 48):  # a few spreads in the body, blank versos aside
            page = pdf.pages[number]
            xs = [char["x0"] for char in page.chars if char["size"] > 9]
            ends = [char["x1"] for char in page.chars if char["size"] > 9]
            if not xs:
                continue
            measured += 1
            inside = min(xs) if number % 2 == 0 else page.width - max(ends)
            assert inside >= minimum - 0.5, f"page {number + 1}: gutter {inside / 72:.3f} in"
        assert measured >= 6


def test_an_image_outside_the_project_fails_the_build(tmp_path: Path) -> None:
    src = "/etc/passwd"
    (tmp_path / "one.md").write_text(f"# One\n\n![map]({src})\n\nText.\n", encoding="utf-8")
    with pytest.raises(MkbookError) as caught:
        api.export(api.load_project(tmp_path), "pdf", tmp_path / "out.pdf")
    assert "one.md:3" in str(caught.value) and src in str(caught.value)
    assert not (tmp_path / "out.pdf").exists()


def test_a_remote_image_is_never_fetched_its_alt_text_stands_in(tmp_path: Path) -> None:
    """The build goes on without the network (a warning says so; ``check --strict``
    fails on it): the PDF shows the alt text where the image would be."""

    src = "http://example.org/map.png"
    (tmp_path / "one.md").write_text(f"# One\n\n![the harbour map]({src})\n\nText.\n",
                                     encoding="utf-8")
    project = api.load_project(tmp_path)
    assert reading_warnings(project.book) == ["MK201"]
    api.export(project, "pdf", tmp_path / "out.pdf")
    text = "".join(page.extract_text() for page in open_pdf(tmp_path / "out.pdf").pages)
    assert "the harbour map" in text


def test_check_passes_a_good_book_and_names_each_problem(built: Built, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mkbook.checks import check_pdf
    from mkbook.cli import app
    from mkbook.exporters.pdf.page_setup import page_setup

    result = CliRunner().invoke(app, ["check", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "[]"
    titles = [c.title for c in api.load_project(SAMPLE).book.chapters]
    wrong_trim = check_pdf(built("sample", "6x9"), page_setup({"trim": "5.5x8.5"}), titles)
    assert [f.code for f in wrong_trim] == ["MK501"]
    screen = api.export(api.load_project(SAMPLE), "pdf", tmp_path / "screen.pdf",
                        {"profile": "screen"}).path
    codes = {f.code for f in check_pdf(screen, page_setup({"trim": "a5"}), titles)}
    assert "MK504" in codes  # a screen PDF does not put chapters on rectos


@pytest.mark.parametrize("trim", TRIMS)
def test_stats_estimate_the_printed_pages(built: Built, trim: str) -> None:
    from mkbook.stats import book_stats

    report = book_stats(api.load_project(print_book("pride-and-prejudice")).book)
    real = len(open_pdf(built("pride-and-prejudice", trim)).pages)
    assert abs(report["printed_pages"][trim] - real) <= 0.05 * real


def test_emphasis_inside_an_italic_passage_is_set_roman(tmp_path: Path) -> None:
    """A dedication is set in italics; the word the author emphasised in it stands out
    in roman, as a typesetter sets it."""
    folder = write_project(tmp_path / "novel", {
        "chapters/00.md": "# Dedication\n\nFor *everyone* who waits.\n",
        "chapters/01.md": "# One\n\nThe ferry came.\n"})
    path = api.export(api.load_project(folder), "pdf", tmp_path / "b.pdf").path
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "everyone" in (p.extract_text() or ""))
        faces = {word["text"]: word["fontname"] for word in page.extract_words(
            extra_attrs=["fontname"])}
    assert faces["everyone"] != faces["waits."] == faces["For"]


@cache
def proof_figures(path: Path, name: str) -> dict[str, float]:
    reader = open_pdf(path)
    openings = sorted(index for _, index in chapter_openings(reader, name))
    return printed.measures(printed.body_pages(path), openings, line_height=10.5 * 1.35)


@pytest.mark.parametrize("name,trim,measure", [("pride-and-prejudice", trim, measure)
                                               for trim in TRIMS for measure in printed.LIMITS])
def test_pages_keep_a_typesetters_limits(built: Built, name: str, trim: str,
                                         measure: str) -> None:
    """Short pages, uneven spreads, hyphenation and dashes, as a proof is checked."""
    figures = proof_figures(built(name, trim), name)
    assert figures[measure] <= printed.LIMITS[measure], figures


def test_a_title_typed_in_capitals_is_set_in_small_capitals(tmp_path: Path) -> None:
    project = write_project(tmp_path / "book", {
        "chapters/01.md": "# STAVE I: MARLEY'S GHOST\n\nMarley was dead: to begin with.",
        "chapters/02.md": "# STAVE II: THE FIRST OF THE THREE SPIRITS\n\nWhen Scrooge awoke."})
    pdf = api.export(api.load_project(project), "pdf", tmp_path / "book.pdf").path
    reader = open_pdf(pdf)
    entries = dict(outline_entries(reader))
    assert "STAVE I: MARLEY\u2019S GHOST" in entries  # the outline as typed
    opening = entries["STAVE I: MARLEY\u2019S GHOST"]
    text = reader.pages[opening].extract_text()
    assert "MARLEY" not in text and "marley\u2019s ghost" in text.casefold()


def test_a_label_stands_a_line_above_its_title_and_the_outline_keeps_both(
        tmp_path: Path) -> None:
    project = write_project(tmp_path / "book", {
        "chapters/01.md": "# Chapter 1: The Ball\n\nThey danced.",
        "chapters/02.md": "# Chapter 2: The Walk\n\nThey walked."})
    reader = open_pdf(api.export(api.load_project(project), "pdf",
                                        tmp_path / "book.pdf").path)
    entries = outline_entries(reader)
    assert [title for title, _ in entries][-2:] == ["Chapter 1: The Ball", "Chapter 2: The Walk"]
    opening = lines(pdfplumber.open(reader.stream).pages[entries[-2][1]])
    assert opening[:2] == ["Chapter 1", "The Ball"]


def test_a_carried_licence_is_set_smaller_than_the_book(built: Built) -> None:
    with pdfplumber.open(built("pride-and-prejudice", "5.5x8.5")) as pdf:
        story, licence = pdf.pages[40], pdf.pages[-3]  # the licence closes the book
        assert any("Gutenberg" in line for line in lines(licence))
        sizes = [_text_size(page) for page in (story, licence)]
    assert sizes[1] < sizes[0] * 0.85, sizes


@pytest.mark.parametrize("printed_licence", [True, False])
def test_the_licence_is_printed_unless_the_book_says_not(tmp_path: Path,
                                                         printed_licence: bool) -> None:
    source = Path(__file__).parents[2] / "fixtures" / "plaintext" / "gutenberg-mini.txt"
    (tmp_path / "book.txt").write_bytes(source.read_bytes())
    if not printed_licence:
        (tmp_path / "book.toml").write_text("[pdf]\nlicense = false\n", encoding="utf-8")
    pdf = api.export(api.load_project(tmp_path), "pdf", tmp_path / "book.pdf").path
    with pdfplumber.open(pdf) as opened:
        text = " ".join(page.extract_text() for page in opened.pages)
    assert "The river rose in March" in text
    assert ("Updated editions will replace" in text) is printed_licence


def _text_size(page: Any) -> float:
    """The size most of the page's letters are set in."""
    sizes = [c["size"] for c in page.chars if c["text"].strip()]
    return float(max(set(sizes), key=sizes.count))


def test_check_reads_the_trimbox_and_a_font_without_glyphs(tmp_path: Path) -> None:
    """A sheet with bleed whose TrimBox is the whole sheet (as WeasyPrint writes it) is
    cut wrong at the printer (MK501); a font whose program holds no glyphs prints in a
    viewer's substitute face (MK502)."""
    import pikepdf

    from mkbook.checks import check_pdf
    from mkbook.exporters.pdf.page_setup import page_setup

    setup = page_setup({"trim": "6x9", "bleed": True})
    titles = [c.title for c in api.load_project(SAMPLE).book.chapters]
    path = api.export(api.load_project(SAMPLE), "pdf", tmp_path / "bleed.pdf",
                      {"trim": "6x9", "bleed": True}).path
    assert check_pdf(path, setup, titles) == []
    with pikepdf.open(path) as pdf:
        pdf.pages[2].obj.TrimBox = pdf.pages[2].obj.MediaBox
        pdf.save(tmp_path / "uncut.pdf")
        font = next(iter(pdf.pages[2].Resources.Font.values()))
        descriptor = font.DescendantFonts[0].FontDescriptor
        key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
        descriptor[key] = pikepdf.Stream(pdf, b"OTTO\0placeholder")
        pdf.save(tmp_path / "hollow.pdf")
    assert [(f.code, f.page) for f in check_pdf(tmp_path / "uncut.pdf", setup, titles)] == \
        [("MK501", 3)]
    hollow = [f for f in check_pdf(tmp_path / "hollow.pdf", setup, titles) if f.code == "MK502"]
    assert hollow and "embedded without its glyphs" in hollow[0].message


def test_a_font_face_in_a_project_sheet_is_found_beside_it_and_embedded(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """``styles/print.css`` names ``fonts/face.otf``: the file in ``styles/fonts/``, as
    CSS reads a URL relative to its sheet, in both layouts."""
    import pikepdf

    from mkbook.render.fonts import font_folder

    folder = font_folder()
    assert folder is not None
    root = write_project(tmp_path / "book", {
        "manuscript.md": "# One\n\nThe lamp was lit.\n\n# Two\n\nThe tide came in.\n",
        "styles/print.css": '@font-face { font-family: "Harbour Face"; '
                            'src: url(fonts/face.otf); }\nbody { font-family: "Harbour Face"; }\n'})
    (root / "styles" / "fonts").mkdir()
    (root / "styles" / "fonts" / "face.otf").write_bytes(
        (folder / "SourceSerifPro-It.otf").read_bytes())
    for single_pass in (False, True):
        with caplog.at_level("WARNING", logger="mkbook"):
            path = api.export(api.load_project(root), "pdf", tmp_path / f"{single_pass}.pdf",
                              {"single_pass": single_pass, "cache": False}).path
        assert "cannot be loaded" not in caplog.text
        with pikepdf.open(path) as pdf:
            faces = {str(font.BaseFont) for page in pdf.pages
                     for font in page.Resources.get("/Font", pikepdf.Dictionary()).values()}
        assert any("Harbour" in face for face in faces), faces


@pytest.mark.parametrize("options", [{"jobs": 1}, {"jobs": 2}, {"single_pass": True},
                                     {"jobs": 2, "cache": True}])
def test_a_font_that_cannot_be_loaded_is_warned_in_every_build_mode(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, options: dict[str, object]) -> None:
    """Laid out in this process, in workers, in one pass, or from the layout cache."""
    root = write_project(tmp_path / "book", {
        "manuscript.md": "# One\n\nThe lamp was lit.\n\n# Two\n\nThe tide came in.\n",
        "styles/print.css": '@font-face { font-family: "Gone"; src: url(fonts/gone.otf); }\n'
                            'body { font-family: "Gone"; }\n'})
    project = api.load_project(root)
    for run in range(2 if options.get("cache") else 1):  # the second from the cache
        caplog.clear()
        with caplog.at_level("WARNING", logger="mkbook"):
            api.export(project, "pdf", tmp_path / f"{run}.pdf", {"cache": False, **options})
        assert "Font-face 'Gone' cannot be loaded" in caplog.text, run


def _structure_faults(path: Path) -> tuple[dict[str, int], list[str]]:
    """The structure tree's element counts by type, and what is wrong with it: a page
    whose key the parent tree lacks, a key used twice, an element on no page of the
    book, a body page without its running heads marked as artifacts."""
    import pikepdf

    faults: list[str] = []
    counts: dict[str, int] = {}
    with pikepdf.open(path) as pdf:
        if pdf.Root.get("/MarkInfo", {}).get("/Marked") is not True:
            faults.append("not marked")
        root = pdf.Root.StructTreeRoot
        nums = list(root.ParentTree.Nums)
        keys = [int(nums[n]) for n in range(0, len(nums), 2)]
        if len(set(keys)) != len(keys) or int(root.get("/ParentTreeNextKey", max(keys) + 1)
                                              ) != max(keys) + 1:
            faults.append("keys not unique")
        pages = {page.obj.objgen for page in pdf.pages}
        for number, page in enumerate(pdf.pages):
            key = page.obj.get("/StructParents")
            if key is not None and int(key) not in keys:
                faults.append(f"page {number + 1} has no parent-tree entry")
        stack = [root.K[0]]
        while stack:
            element = stack.pop()
            if not isinstance(element, pikepdf.Dictionary):
                continue
            kind = str(element.get("/S"))
            counts[kind] = counts.get(kind, 0) + 1
            if "/Pg" in element and element.Pg.objgen not in pages:
                faults.append(f"a {kind} on no page of the book")
            kids = element.get("/K")
            stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return counts, faults


@pytest.mark.parametrize("single_pass", [False, True])
def test_the_pdf_is_tagged_as_one_document(tmp_path: Path, single_pass: bool) -> None:
    """One structure tree for the whole book, however it was laid out: the pieces'
    trees joined, every page's marked content found, the heads left out as artifacts."""
    project = api.load_project(SAMPLE)
    path = api.export(project, "pdf", tmp_path / "tagged.pdf",
                      {"single_pass": single_pass, "cache": False}).path
    counts, faults = _structure_faults(path)
    assert faults == []
    assert counts["/H1"] >= len(project.book.chapters) and counts["/P"] > 20
    if not single_pass:
        import pikepdf

        with pikepdf.open(path) as pdf:
            lasts = [page.obj.Contents[-1].read_bytes() for page in pdf.pages
                     if isinstance(page.obj.get("/Contents"), pikepdf.Array)]
        assert lasts and all(last.lstrip(b"\nQ").startswith(b"/Artifact BMC")
                             for last in lasts)  # every page's heads


def test_pride_and_prejudices_pieces_join_into_one_tree(built: Built) -> None:
    counts, faults = _structure_faults(built("pride-and-prejudice", "5.5x8.5"))
    assert faults == [] and counts["/Part"] > 10  # the front matter and each body piece
    assert counts["/H1"] >= 61


def test_a_pdf_can_be_written_untagged(tmp_path: Path) -> None:
    import pikepdf

    for single_pass in (False, True):
        path = api.export(api.load_project(SAMPLE), "pdf", tmp_path / f"{single_pass}.pdf",
                          {"tagged": False, "single_pass": single_pass, "cache": False}).path
        with pikepdf.open(path) as pdf:
            assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
