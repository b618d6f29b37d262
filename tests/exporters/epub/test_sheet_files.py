"""A project stylesheet's own fonts and images, packaged into the EPUB beside it."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from mkbook import api
from mkbook.exporters.epub.sheet_files import PackagedSheets
from mkbook.render.fonts import font_folder
from support import assert_valid_epub, write_project

MANUSCRIPT = "# One\n\nThe lamp was lit.\n\n# Two\n\nThe tide came in.\n"


def _face() -> bytes:
    folder = font_folder()
    assert folder is not None
    return (folder / "SourceSerifPro-It.otf").read_bytes()


def _project(tmp_path: Path, css: str) -> Path:
    root = write_project(tmp_path / "book", {"manuscript.md": MANUSCRIPT,
                                             "styles/epub.css": css})
    (root / "styles" / "fonts").mkdir()
    (root / "styles" / "fonts" / "harbour face.otf").write_bytes(_face())
    return root


def test_a_font_face_in_a_project_sheet_is_packaged_subset_and_named(tmp_path: Path) -> None:
    root = _project(tmp_path, '@font-face { font-family: "Harbour Face"; '
                              'src: url("fonts/harbour face.otf"); }\n'
                              'body { font-family: "Harbour Face", serif; }\n')
    path = api.export(api.load_project(root), "epub", tmp_path / "book.epub").path
    assert_valid_epub(path)
    with zipfile.ZipFile(path) as book:
        opf = book.read("EPUB/content.opf").decode()
        css = book.read("EPUB/css/epub.css").decode()
        face = book.read("EPUB/fonts/harbour-face.otf")
    assert 'href="fonts/harbour-face.otf"' in opf and 'media-type="font/otf"' in opf
    assert 'url("../fonts/harbour-face.otf")' in css
    kept, whole = (TTFont(io.BytesIO(data)).getBestCmap() for data in (face, _face()))
    assert ord("\u00e9") in whole and ord("\u00e9") not in kept  # subset to the book's
    assert ord("T") in kept and len(face) < len(_face())


def test_a_file_that_cannot_be_packaged_is_left_out_with_its_declaration(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = _project(tmp_path, 'p { color: black; }\n'
                              '@font-face { font-family: "Gone"; src: url(fonts/gone.otf); }\n'
                              'h1 { background: url(notes.txt); font-style: italic; }\n')
    (root / "styles" / "notes.txt").write_text("not an image", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="mkbook"):
        path = api.export(api.load_project(root), "epub", tmp_path / "book.epub").path
    assert_valid_epub(path)
    warned = [r.getMessage() for r in caplog.records if "MK211" in r.getMessage()]
    assert len(warned) == 2
    assert warned[0].startswith("styles/epub.css:2: fonts/gone.otf cannot be read")
    assert warned[1].startswith("styles/epub.css:3: notes.txt is not a font or image")
    with zipfile.ZipFile(path) as book:
        css = book.read("EPUB/css/epub.css").decode()
    assert "gone.otf" not in css and "notes.txt" not in css
    assert "font-style: italic" in css and "color: black" in css  # the rest kept


def _packaged(tmp_path: Path, css: str) -> tuple[str, PackagedSheets]:
    (tmp_path / "styles").mkdir(exist_ok=True)
    (tmp_path / "styles" / "rule.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "ornaments").mkdir(exist_ok=True)
    (tmp_path / "ornaments" / "rule.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"2")
    files = PackagedSheets(tmp_path, lambda data, suffix: data, {"images/rule.png"})
    return files.sheet(css, "epub.css"), files


def test_urls_are_read_as_css_reads_them_beside_the_sheet(tmp_path: Path) -> None:
    text, files = _packaged(tmp_path, (
        "@media screen { hr { background-image: url(rule.png); } }\n"
        'hr.alt { background: url("../ornaments/rule.png") no-repeat; }\n'
        'a { background: url(data:image/png;base64,AAAA); }\n'
        "b { background: url(https://example.com/x.png); }\n"
        "i { background: url(rule.png#frag); }\n"))
    assert "url(\"../images/rule-2.png\")" in text  # the book's own images/rule.png kept
    assert "url(\"../images/rule-3.png\") no-repeat" in text
    assert "url(data:image/png;base64,AAAA)" in text and "url(https://example.com/x.png)" in text
    assert sorted(file.file_name for file in files.files.values()) == \
        ["images/rule-2.png", "images/rule-3.png"]  # styles/rule.png packaged once
    assert files.diagnostics == []


def test_an_import_is_not_followed_and_says_so(tmp_path: Path) -> None:
    text, files = _packaged(tmp_path, '@import "more.css";\np { margin: 0; }\n')
    assert "@import" not in text and "margin: 0" in text
    assert [(d.code, str(d.source)) for d in files.diagnostics] == [("MK211", "styles/epub.css:1")]


def test_a_file_outside_the_project_is_not_read(tmp_path: Path) -> None:
    root = tmp_path / "book"
    root.mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    files = PackagedSheets(root, lambda data, suffix: data, set())
    text = files.sheet("p { background: url(../../secret.png); }", "epub.css")
    assert "secret" not in text and files.files == {}
    assert [d.code for d in files.diagnostics] == ["MK211"]
