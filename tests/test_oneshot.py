"""The shared fan-fiction one-shot, built end to end: the foundation's acceptance test."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from typer.testing import CliRunner

from mkbook.cli import app
from mkbook.model import Paragraph
from mkbook.walk import plain_text
from support import (
    BuiltBook,
    corpus_expected,
    corpus_source,
    epub_body_text,
    letters,
    pdf_text,
)

NAME = "when-theres-nothing-left"
Build = Callable[[str], BuiltBook]


def test_structure_matches_expected_json(build_book: Build) -> None:
    expected = corpus_expected(NAME)
    report = build_book(NAME).inspect
    assert report["metadata"]["title"] == expected["title"]
    assert [c["title"] for c in report["chapters"]] == expected["chapter_titles"]
    (chapter,) = report["chapters"]
    assert chapter["scenes"] == expected["scene_breaks"]["count"] + 1
    assert chapter["paragraphs"] == expected["paragraphs_body"]
    assert chapter["words"] == expected["word_count_body"]
    assert report["front_matter"] == []
    assert [s["role"] for s in report["back_matter"]] == ["author-note"]


def test_inspect_json_on_the_command_line_reports_the_same(build_book: Build) -> None:
    result = CliRunner().invoke(app, ["inspect", str(corpus_source(NAME)), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == build_book(NAME).inspect
    assert set(printed) == {"metadata", "front_matter", "parts", "chapters", "back_matter",
                            "warnings", "removed", "left_out", "map"}
    # The foundation's fields; later issues add fields but never rename these.
    assert {"title", "part", "scenes", "paragraphs", "words", "source"} <= set(
        printed["chapters"][0])
    assert printed["chapters"][0]["source"] == "when-theres-nothing-left.txt:3"


def test_title_is_on_a_title_page_and_not_repeated_as_text(build_book: Build) -> None:
    book = build_book(NAME)
    typeset = "When There\u2019s Nothing Left"
    titlepage = html.unescape(book.epub_files["EPUB/text/titlepage.xhtml"])
    assert typeset in titlepage
    assert f"<dc:title>{typeset}</dc:title>" in book.epub_files["EPUB/content.opf"]
    chapter = book.epub_files["EPUB/text/chapter-001.xhtml"]
    first_paragraph = re.search(r"<p>(.*?)</p>", chapter).group(1)  # type: ignore[union-attr]
    assert first_paragraph.startswith("A sigh escaped the lips")


def test_the_chapter_has_208_paragraphs_and_four_scene_breaks(build_book: Build) -> None:
    chapter = build_book(NAME).epub_files["EPUB/text/chapter-001.xhtml"]
    assert chapter.count("<p>") == 207
    assert chapter.count('<hr class="scene-break"/>') == 4
    assert chapter.count('<p class="closing">The End.</p>') == 1  # the 208th
    assert "Author Note" not in chapter


def test_author_note_is_back_matter_in_its_own_listed_document(build_book: Build) -> None:
    files = build_book(NAME).epub_files
    note = epub_body_text(files["EPUB/text/back-01.xhtml"])
    assert "This is my last oneshot request fill" in note
    assert "Beta: CelestialCircumference" in note
    assert "[" not in note and "]" not in note
    assert "Author Note:" not in note
    assert files["EPUB/text/back-01.xhtml"].count("<p>") == 5
    assert '<a href="text/back-01.xhtml">Author\u2019s Note</a>' in files["EPUB/nav.xhtml"]
    assert "back-01.xhtml" in files["EPUB/toc.ncx"]


def test_pdf_has_title_last_paragraphs_and_one_outline_entry(build_book: Build) -> None:
    book = build_book(NAME)
    reader = book.pdf_reader
    text = letters(pdf_text(reader.pages))
    chapter = book.project.book.chapters[0]
    paragraphs = [plain_text(b.content) for b in chapter.blocks if isinstance(b, Paragraph)]
    assert letters("When There's Nothing Left") in text
    assert paragraphs[-1] == "The End."
    assert paragraphs[-2].endswith("Home was wherever they were together.")
    assert letters(paragraphs[-2] + "The End.") in text
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles == ["When There\u2019s Nothing Left", "Author\u2019s Note"]
