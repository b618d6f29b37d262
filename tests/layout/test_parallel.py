"""The PDF laid out in pieces (in parallel, from the cache) reads exactly as one pass.

A small generated book with parts, chapters of one to several pages (so some end on
a recto and need a blank verso), footnotes, a contents page and back matter is cut
into one chunk per chapter, then built with ``--jobs 2``, ``--jobs 1`` and in a
single pass; every page's text, the outline, the links and the metadata must match.
"""

from __future__ import annotations

import logging
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pypdf
import pytest

from mkbook import api
from mkbook.exporters.pdf import pieces
from mkbook.render.templates import load_style
from support import SAMPLE

WORDS = ("the keeper lamp island harbour light ship night wind tide rock gull stone "
         "window stair glass oil wick watch sea morning letter boat rope bell fog "
         "counted carried said waited turned climbed remembered never always slowly").split()


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _chapter(rng: random.Random, title: str, paragraphs: int, note: bool) -> str:
    body = [f"# {title}", ""]
    for n in range(paragraphs):
        text = _paragraph(rng, rng.randint(30, 140))
        if note and n == 1:
            text += f" She counted twice.[^{title[-1]}]"
        body += [text, ""]
    if note:
        body += [f"[^{title[-1]}]: The log gives both counts.", ""]
    return "\n".join(body)


@pytest.fixture(scope="module")
def book_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book project whose chapters run from half a page to several pages."""
    rng = random.Random(7)
    root = tmp_path_factory.mktemp("parallel-book")
    files = []
    lengths = [2, 9, 14, 5, 22, 3]
    for part, numbers in (("One", (1, 2, 3)), ("Two", (4, 5, 6))):
        text = [f"# Part {part}", ""]
        text += [_chapter(rng, f"Chapter {n}", lengths[n - 1], note=n % 2 == 0) for n in numbers]
        (root / f"part-{part.lower()}.md").write_text("\n".join(text), encoding="utf-8")
        files.append(f'"part-{part.lower()}.md"')
    (root / "afterword.md").write_text("# Afterword\n\n" + _paragraph(rng, 200) + "\n",
                                       encoding="utf-8")
    files.append('{ file = "afterword.md", role = "afterword" }')
    (root / "book.toml").write_text(
        '[book]\ntitle = "Small Lights"\nauthors = ["Ada Marlowe"]\nlanguage = "en"\n\n'
        "[manuscript]\nfiles = [" + ", ".join(files) + "]\n", encoding="utf-8")
    return root


def _build(root: Path, out: Path, **options: object) -> Path:
    return api.export(api.load_project(root), "pdf", out, options).path


@pytest.fixture(scope="module")
def builds(book_project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("parallel-out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pieces, "CHUNK_CHARS", 1)  # every chapter a chunk of its own
        return {"jobs2": _build(book_project, out / "jobs2.pdf", jobs=2, cache=False),
                "jobs1": _build(book_project, out / "jobs1.pdf", jobs=1, cache=False),
                "single": _build(book_project, out / "single.pdf", single_pass=True)}


def _pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def _outline(path: Path) -> list[tuple[int, str, int]]:
    reader = pypdf.PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def test_the_book_spans_pieces_and_blank_versos(builds: dict[str, Path]) -> None:
    pages = _pages(builds["single"])
    assert len(pages) >= 16
    assert "" in pages[8:], "some chapter should end on a recto, followed by a blank verso"
    assert sum("The log gives both counts." in page for page in pages) == 3


@pytest.mark.parametrize("variant", ["jobs2", "jobs1"])
def test_pieces_read_page_for_page_like_one_pass(builds: dict[str, Path],
                                                 variant: str) -> None:
    single, pieces = _pages(builds["single"]), _pages(builds[variant])
    assert len(pieces) == len(single)
    for number, (expected, got) in enumerate(zip(single, pieces, strict=True), start=1):
        assert got == expected, f"page {number} differs"


@pytest.mark.parametrize("variant", ["jobs2", "jobs1"])
def test_pieces_keep_the_outline(builds: dict[str, Path], variant: str) -> None:
    expected = _outline(builds["single"])
    assert [(depth, title) for depth, title, _ in expected][:3] == [
        (0, "Part One"), (1, "Chapter 1"), (1, "Chapter 2")]
    assert _outline(builds[variant]) == expected


def _heads(path: Path) -> list[list[tuple[str, float, float]]]:
    """Per page, the words in the top and bottom margins (running heads, folios)."""
    with pdfplumber.open(path) as pdf:
        return [[(w["text"], w["x0"], w["top"]) for w in page.extract_words()
                 if w["top"] < 0.08 * page.height or w["bottom"] > 0.92 * page.height]
                for page in pdf.pages]


def test_running_heads_and_folios_stand_where_one_pass_sets_them(
        builds: dict[str, Path]) -> None:
    """Stamped from samples, every folio and head has the single pass's words and place."""
    single, pieces = _heads(builds["single"]), _heads(builds["jobs2"])
    assert sum(bool(words) for words in single) >= 12
    for number, (expected, got) in enumerate(zip(single, pieces, strict=True), start=1):
        assert [w[0] for w in got] == [w[0] for w in expected], f"page {number}"
        for (_, x, top), (_, x_expected, top_expected) in zip(got, expected, strict=True):
            assert abs(x - x_expected) < 0.05 and abs(top - top_expected) < 0.05, (
                f"page {number}")


def test_pieces_keep_title_language_and_information(builds: dict[str, Path]) -> None:
    with pikepdf.open(builds["single"]) as single, pikepdf.open(builds["jobs2"]) as pieces:
        assert str(pieces.Root.Lang) == str(single.Root.Lang) == "en"
        for key in ("/Title", "/Author", "/Creator", "/Producer", "/CreationDate"):
            assert str(pieces.docinfo[key]) == str(single.docinfo[key])


def test_contents_links_lead_to_the_chapters(builds: dict[str, Path]) -> None:
    """Links from the contents page into other pieces still resolve, to the same pages."""
    def targets(path: Path) -> list[int]:
        reader = pypdf.PdfReader(path)
        dests = reader.named_destinations
        pages = []
        for page in reader.pages[:8]:
            for annot in page.get("/Annots") or []:
                dest = annot.get_object().get("/Dest")
                if dest is not None:
                    pages.append(reader.get_destination_page_number(dests[str(dest)]))
        return pages

    expected = targets(builds["single"])
    assert len(expected) >= 8
    assert targets(builds["jobs2"]) == expected


def test_each_font_is_embedded_once_and_the_file_stays_small(
        builds: dict[str, Path]) -> None:
    def descriptors(path: Path) -> list[str]:
        with pikepdf.open(path) as pdf:
            return sorted(str(obj.FontName) for obj in pdf.objects
                          if isinstance(obj, pikepdf.Dictionary)
                          and obj.get("/Type") == "/FontDescriptor")

    assert len(descriptors(builds["jobs2"])) == len(descriptors(builds["single"]))
    assert builds["jobs2"].stat().st_size <= 1.10 * builds["single"].stat().st_size


def test_heads_of_another_design_are_laid_out_page_by_page(
        book_project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A folio that is more than figures cannot be stamped: the heads are laid out
    page by page, and the book still reads like the single pass."""
    root = tmp_path / "book"
    shutil.copytree(book_project, root)
    (root / "styles").mkdir()
    print_css = load_style("print.css", None).replace(
        "content: counter(page); }", 'content: "p. " counter(page); }')
    assert print_css.count('"p. " counter(page)') == 3
    (root / "styles" / "print.css").write_text(print_css, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkbook"):
        pieces = _build(root, tmp_path / "pieces.pdf", jobs=2, cache=False)
    assert any("page by page" in r.getMessage() for r in caplog.records)
    single = _build(root, tmp_path / "single.pdf", single_pass=True)
    assert _pages(pieces) == _pages(single)
    assert any("p. 3" in page for page in _pages(pieces))


def _edit_one_word(root: Path) -> None:
    path = root / "part-two.md"
    text = path.read_text(encoding="utf-8")
    chapter_five = text.index("# Chapter 5")
    edited = text[chapter_five:].replace(" lamp ", " lantern ", 1)
    path.write_text(text[:chapter_five] + edited, encoding="utf-8")


def test_a_cached_rebuild_lays_out_one_chapter_and_equals_a_clean_build(
        book_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(pieces, "CHUNK_CHARS", 1)
    monkeypatch.setenv("MKBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "book"
    shutil.copytree(book_project, root)
    _build(root, tmp_path / "first.pdf", jobs=2)
    _edit_one_word(root)
    with caplog.at_level(logging.INFO, logger="mkbook"):
        rebuilt = _build(root, tmp_path / "rebuilt.pdf", jobs=2)
    laid_out = [r.getMessage() for r in caplog.records if "laid out" in r.getMessage()]
    assert laid_out and laid_out[0].startswith("laid out 1 of ")
    assert not any("page by page" in message for message in laid_out)
    clean = _build(root, tmp_path / "clean.pdf", jobs=2, cache=False)
    assert rebuilt.read_bytes() == clean.read_bytes()
    assert _pages(rebuilt) != _pages(tmp_path / "first.pdf")


def test_the_cache_lives_in_the_project_and_no_cache_leaves_none(
        book_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MKBOOK_CACHE_DIR", raising=False)
    root = tmp_path / "book"
    shutil.copytree(book_project, root)
    _build(root, tmp_path / "uncached.pdf", cache=False)
    assert not (root / ".mkbook-cache").exists()
    _build(root, tmp_path / "cached.pdf")
    assert list((root / ".mkbook-cache" / "pdf").glob("*.pdf"))


def test_a_broken_cache_entry_is_laid_out_again(
        book_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKBOOK_CACHE_DIR", str(tmp_path / "cache"))
    first = _build(book_project, tmp_path / "first.pdf", jobs=1)
    for entry in (tmp_path / "cache" / "pdf").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    again = _build(book_project, tmp_path / "again.pdf", jobs=1)
    assert again.read_bytes() == first.read_bytes()


def test_a_damaged_cached_pdf_is_laid_out_again(
        book_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKBOOK_CACHE_DIR", str(tmp_path / "cache"))
    first = _build(book_project, tmp_path / "first.pdf", jobs=1)
    entries = list((tmp_path / "cache" / "pdf").glob("*.pdf"))
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:200])
    again = _build(book_project, tmp_path / "again.pdf", jobs=1)
    assert again.read_bytes() == first.read_bytes()
    assert all(entry.stat().st_size > 200 for entry in entries)  # each made again, whole


def test_jobs_must_be_a_positive_whole_number(book_project: Path, tmp_path: Path,
                                               run_cli: Callable[..., Any]) -> None:
    result = run_cli("pdf", str(book_project), "-o", str(tmp_path / "x.pdf"), "--jobs", "0")
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_a_chapter_with_a_character_no_face_has_keeps_the_book_face(
        tmp_path: Path) -> None:
    """WeasyPrint gives a piece that draws a missing glyph (as .notdef) a font of its
    own encoding: the join must still embed the book face's program in it, not the
    piece's placeholder, or the chapter prints in no font and reads as no text."""
    root = tmp_path / "book"
    root.mkdir()
    (root / "book.toml").write_text('[book]\ntitle = "Small Lights"\nauthors = ["Ada Marlowe"]\n'
                                    'language = "en"\n', encoding="utf-8")
    rng = random.Random(3)
    text = _chapter(rng, "Chapter 1", 3, note=False) + "\n\n" + \
        _chapter(rng, "Chapter 2", 3, note=False).replace(" lamp ", " lamp \U0010fffd ", 1)
    (root / "manuscript.md").write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pieces, "CHUNK_CHARS", 1)
        path = _build(root, tmp_path / "book.pdf", jobs=1, cache=False)
    with pikepdf.open(path) as pdf:
        fonts = [font for page in pdf.pages
                 for font in page.Resources.get("/Font", pikepdf.Dictionary()).values()]
        assert any(isinstance(font.get("/Encoding"), pikepdf.Stream) for font in fonts)
        programs = [(str(font.BaseFont), len(descriptor.get("/FontFile3", descriptor.get(
            "/FontFile2")).read_bytes())) for font in fonts
            if (descriptor := font.DescendantFonts[0].FontDescriptor)]
    assert programs and min(size for _, size in programs) > 1000, programs
    import pypdfium2  # reads an embedded encoding CMap, which pdfminer cannot

    document = pypdfium2.PdfDocument(path)
    words = " ".join(page.get_textpage().get_text_range() for page in document).split()
    assert words.count("lamp") == text.split().count("lamp")


def test_workers_leave_no_temporary_files(tmp_path: Path) -> None:
    """WeasyPrint writes each ``@font-face`` to a temporary folder it removes only
    when its font configuration is freed, which a worker's exit never did: a hundred
    folders of fonts were left in the temporary folder by one test run."""
    import tempfile

    def left() -> set[str]:
        return {path.name for path in Path(tempfile.gettempdir()).iterdir()
                if path.name.startswith(("weasyprint-", "mkbook-worker-"))}

    before = left()
    api.export(api.load_project(SAMPLE), "pdf", tmp_path / "book.pdf",
               {"jobs": 2, "cache": False})
    assert left() - before == set()


def test_chapters_on_any_page_read_page_for_page_like_one_pass(
        book_project: Path, builds: dict[str, Path], tmp_path: Path) -> None:
    """``[theme] chapter_start = "any"``: a chapter opens on the next page, a piece
    that falls on a verso is laid out from a verso (its margins mirrored that way),
    and parts still open on rectos; the joined book equals the single pass."""
    root = tmp_path / "any-page"
    shutil.copytree(book_project, root)
    with (root / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[theme]\nchapter_start = "any"\n')
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pieces, "CHUNK_CHARS", 1)
        joined = _build(root, tmp_path / "joined.pdf", jobs=2, cache=False)
    single = _build(root, tmp_path / "single.pdf", single_pass=True)
    assert _pages(joined) == _pages(single)
    assert _outline(joined) == _outline(single)
    opening = {title: page for _, title, page in _outline(joined)}
    chapters = [page for title, page in opening.items() if title.startswith("Chapter")]
    parts = [page for title, page in opening.items() if title.startswith("Part")]
    assert len(chapters) == 6 and any(page % 2 for page in chapters)  # some on versos
    assert parts and all(page % 2 == 0 for page in parts)
    assert len(_pages(joined)) < len(_pages(builds["single"]))  # fewer blank versos
    with pdfplumber.open(joined) as ours, pdfplumber.open(single) as theirs:
        for page in chapters:
            assert min(c["x0"] for c in ours.pages[page].chars) == \
                pytest.approx(min(c["x0"] for c in theirs.pages[page].chars), abs=0.1)
    from mkbook.checks import check_pdf
    from mkbook.exporters.pdf.page_setup import page_setup

    titles = [f"Chapter {n}" for n in range(1, 7)]
    anywhere = page_setup({"theme_options": {"chapter_start": "any"}})
    assert "MK504" not in {f.code for f in check_pdf(joined, anywhere, titles)}
    assert "MK504" in {f.code for f in check_pdf(joined, page_setup({}), titles)}
