"""Structure warnings: each fires on a manuscript made for it, and stays quiet where the
reading is right (every corpus book that reads exactly is checked too)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from mkbook import api
from support import BuiltBook, assert_valid_epub, corpus_books, corpus_expected

STRUCTURE_CODES = ("MK310", "MK311", "MK312", "MK313", "MK314", "MK315")
PARAGRAPH = textwrap.fill("She walked along the shore and thought about the letter for a "
                          "long time. " * 3, 70)  # hard-wrapped, as most manuscripts are


def codes(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return [w.code for w in api.load_project(path).book.warnings if w.code in STRUCTURE_CODES]


def chapters(numbers: list[str], words: dict[str, int] | None = None) -> str:
    words = words or {}
    body = ""
    for number in numbers:
        body += f"Chapter {number}\n\n" + (PARAGRAPH + "\n\n") * words.get(number, 3)
    return "The Book\n\n" + body


def test_a_chapter_eight_times_the_others_is_queried(tmp_path: Path) -> None:
    assert codes(tmp_path, chapters(["1", "2", "3", "4"], {"3": 300})) == ["MK310"]


def test_chapters_of_uneven_but_ordinary_lengths_are_not(tmp_path: Path) -> None:
    assert codes(tmp_path, chapters(["1", "2", "3", "4"], {"1": 1, "3": 8})) == []


def test_a_run_of_empty_chapters_is_queried_but_one_empty_chapter_is_not(
        tmp_path: Path) -> None:
    text = "The Play\n\nACT I\n\nACT II\n\nACT III\n\n" + (PARAGRAPH + "\n\n") * 3
    assert "MK311" in codes(tmp_path, text)
    lone = chapters(["1", "2", "3"]).replace("Chapter 2\n\n" + (PARAGRAPH + "\n\n") * 3,
                                               "Chapter 2\n\n")
    assert codes(tmp_path, lone) == []


def test_numbering_that_skips_or_restarts_without_a_part_is_queried(tmp_path: Path) -> None:
    assert codes(tmp_path, chapters(["1", "2", "4", "5"])) == ["MK312"]
    assert codes(tmp_path, chapters(["1", "2", "3", "1", "2"])) == ["MK312"]


def test_numbering_that_restarts_in_each_part_is_not(tmp_path: Path) -> None:
    text = ("The Book\n\nPart One\n\n" + chapters(["1", "2"]).split("\n\n", 1)[1]
            + "Part Two\n\n" + chapters(["1", "2"]).split("\n\n", 1)[1])
    assert codes(tmp_path, text) == []


def test_a_part_with_no_chapters_is_queried_and_still_builds(tmp_path: Path) -> None:
    text = "The Book\n\nPart One\n\nPart Two\n\n" + chapters(["1", "2"]).split("\n\n", 1)[1]
    assert codes(tmp_path, text) == ["MK313"]
    epub = api.export(api.load_project(tmp_path / "book.txt"), "epub", tmp_path / "b.epub").path
    assert_valid_epub(epub)


def test_contents_entries_that_name_no_heading_are_queried(tmp_path: Path) -> None:
    contents = "CONTENTS\n\nChapter 1 ...... 3\nChapter 2 ...... 9\nAn Appendix ...... 20\n\n"
    text = chapters(["1", "2"]).replace("The Book\n\n", "The Book\n\n" + contents)
    assert codes(tmp_path, text) == ["MK314"]


@pytest.mark.parametrize("entries", ["Chapter 1 ...... 3\nChapter 2 ...... 9",
                                     "Chapter 1, page 3\nChapter 2, page 9",
                                     "Chapter 1\nChapter 2"])
def test_contents_entries_with_leaders_and_page_numbers_are_not(tmp_path: Path,
                                                               entries: str) -> None:
    text = chapters(["1", "2"]).replace("The Book\n\n", f"The Book\n\nCONTENTS\n\n{entries}"
                                                         "\n\n\n")
    assert codes(tmp_path, text) == []


def test_headings_the_contents_list_leaves_out_are_queried(tmp_path: Path) -> None:
    """A line of text read as a chapter (``Chapter 3`` here) that the list does not name;
    the warning names the rule to disable."""
    contents = "CONTENTS\n\nChapter 1\nChapter 2\nChapter 4\nChapter 5\n\n\n"
    text = chapters(["1", "2", "3", "4", "5"]).replace("The Book\n\n",
                                                       "The Book\n\n" + contents)
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    warnings = [w for w in api.load_project(path).book.warnings if w.code == "MK315"]
    assert len(warnings) == 1 and "disable = ['chapter-label']" in warnings[0].message
    assert "'Chapter 3' (line " in warnings[0].message


def test_a_list_that_names_few_of_the_chapters_is_no_evidence(tmp_path: Path) -> None:
    """Must not fire: a list of only some chapters (a list of illustrations, say)."""
    contents = "CONTENTS\n\nChapter 1\n\n\n"
    text = chapters(["1", "2", "3"]).replace("The Book\n\n", "The Book\n\n" + contents)
    assert "MK315" not in codes(tmp_path, text)


EXACT = [name for name in corpus_books() if name not in __import__("conftest").KNOWN]


@pytest.mark.parametrize("name", EXACT)
def test_structure_warnings_stay_quiet_on_books_that_read_exactly(
        build_book: Callable[[str], BuiltBook], name: str) -> None:
    assert corpus_expected(name)  # a real corpus book
    warnings = build_book(name).project.book.warnings
    assert [str(w) for w in warnings if w.code in STRUCTURE_CODES] == []
