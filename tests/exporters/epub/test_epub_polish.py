"""What an editor checks in the EPUB: a copyright page made from the metadata, a
contents page of titles in the text's colour, notes that read as a typesetter sets them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import tinycss2

from mkbook import api
from support import assert_valid_epub, write_project


def _project(tmp_path: Path, toml: str, chapters: dict[str, str]) -> Path:
    return write_project(tmp_path / "novel", {f"chapters/{name}": text
                                              for name, text in chapters.items()}, toml)


def _epub(tmp_path: Path, folder: Path) -> dict[str, str]:
    path = api.export(api.load_project(folder), "epub", tmp_path / "book.epub").path
    assert_valid_epub(path)
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()}


BOOK = ('[book]\ntitle = "Harbour"\nauthors = ["A. Writer"]\nisbn = "9780306406157"\n'
        'rights = "Copyright 2026 A. Writer. All rights reserved."\npublisher = "Quay Press"\n')


def test_the_epub_has_a_copyright_page_made_from_the_metadata(tmp_path: Path) -> None:
    files = _epub(tmp_path, _project(tmp_path, BOOK, {"01.md": "# One\n\nThe ferry came.\n"}))
    page = files["EPUB/text/copyright.xhtml"]
    assert 'epub:type="copyright-page"' in page
    for text in ("Copyright 2026 A. Writer. All rights reserved.", "ISBN 9780306406157",
                 "Published by Quay Press"):
        assert text in page
    assert "Set in" not in page  # the reader's font, not the print face
    spine = re.findall(r'<itemref idref="([^"]+)"', files["EPUB/content.opf"])
    assert spine[spine.index("titlepage") + 1] == "copyright"
    assert ">Copyright</a>" in files["EPUB/nav.xhtml"]


def test_a_book_with_its_own_copyright_page_gets_no_second_one(tmp_path: Path) -> None:
    own = "# Copyright\n\nText copyright the author, who asserts every right.\n"
    folder = _project(tmp_path, BOOK, {"00-copyright.md": own,
                                      "01.md": "# One\n\nThe ferry came.\n"})
    files = _epub(tmp_path, folder)
    pages = [name for name, text in files.items()
             if name.endswith(".xhtml") and 'epub:type="copyright-page"' in text]
    assert len(pages) == 1 and "asserts every right" in files[pages[0]]


def _rules(sheet: str) -> dict[str, dict[str, str]]:
    """Each plain selector of *sheet* with its declarations (name → value)."""
    found: dict[str, dict[str, str]] = {}
    for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
        declarations = {d.lower_name: tinycss2.serialize(d.value).strip()
                        for d in tinycss2.parse_declaration_list(rule.content,
                                                                 skip_whitespace=True)
                        if d.type == "declaration"}
        for selector in selectors:
            found.setdefault(selector, {}).update(declarations)
    return found


def test_the_contents_page_is_unnumbered_in_the_text_colour(tmp_path: Path) -> None:
    files = _epub(tmp_path, _project(tmp_path, BOOK, {"01.md": "# One\n\nThe ferry came.\n"}))
    nav = files["EPUB/nav.xhtml"]
    assert 'href="css/epub.css"' in nav and "<ol>" in nav
    rules = _rules(files["EPUB/css/epub.css"])
    assert rules["nav ol"]["list-style"] == "none"
    assert rules["nav a"]["color"] == "inherit" and rules["nav a"]["text-decoration"] == "none"
    base = _rules(files["EPUB/css/base.css"])
    assert base["a.noteref"]["color"] == "inherit" and base["a.noteback"]["color"] == "inherit"
    assert base["hr.scene-break"]["color"] == "inherit"
    assert base["hr.scene-break"]["break-after"] == "avoid"


def test_a_notes_way_back_opens_its_first_paragraph(tmp_path: Path) -> None:
    text = "# One\n\nThe ferry came.[^1]\n\n[^1]: It was late.\n\n    Very late.\n"
    files = _epub(tmp_path, _project(tmp_path, BOOK, {"01.md": text}))
    chapter = files["EPUB/text/chapter-001.xhtml"]
    note = re.search(r'<aside class="footnote"[^>]*>(.*?)</aside>', chapter, re.S)
    assert note is not None
    assert re.match(r'<p><a class="noteback" href="#[^"]+" role="doc-backlink">1\.</a> '
                    r"It was late\.</p>", note.group(1)), note.group(1)
    assert "Very late." in note.group(1)



def test_a_heading_with_a_label_and_a_title_marks_each(tmp_path: Path) -> None:
    files = _epub(tmp_path, _project(tmp_path, BOOK, {
        "01.md": "# Chapter 1: The Ball\n\nThey danced.",
        "02.md": "# Chapter 2: The Walk\n\nThey walked.", "03.md": "# Coda\n\nThe end."}))
    headings = [re.search(r"<h1[^>]*>.*?</h1>", text, re.S).group(0)  # type: ignore[union-attr]
                for name, text in sorted(files.items()) if "<h1" in text and "chapter" in name]
    assert '<span class="chapter-label">Chapter 1</span>' in headings[0]
    assert '<span class="chapter-own-title">The Ball</span>' in headings[0]
    assert "chapter-label" not in headings[2] and ">Coda</h1>" in headings[2]
    assert any(".label-separator" in text for name, text in files.items()
               if name.endswith(".css"))  # the mark between them is left out
