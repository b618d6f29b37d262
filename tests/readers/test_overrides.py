"""book.toml corrects the reader in one line: heading patterns, scene breaks, matter, files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkbook import api
from mkbook.errors import ConfigError
from mkbook.inspect import inspect_book

DIARY = """The Diary

Monday, the 3rd

It rained.

Tuesday, the 4th

It rained again.


The sun came out at four.

§

Then it rained.
"""


def project(tmp_path: Path, toml: str, text: str = DIARY, name: str = "diary.txt") -> Path:
    (tmp_path / "book.toml").write_text(toml, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def chapters(folder: Path) -> list[tuple[str, int]]:
    report = inspect_book(api.load_project(folder).book)
    return [(c["title"], c["scenes"]) for c in report["chapters"]]


def test_without_overrides_the_diary_is_one_chapter(tmp_path: Path) -> None:
    # "§" is a marker, so the author marks breaks with it and blank lines are spacing.
    assert chapters(project(tmp_path, "")) == [("The Diary", 2)]


def test_chapter_pattern_names_the_headings(tmp_path: Path) -> None:
    pattern = "chapter_pattern = '(monday|tuesday), the \\d+\\w\\w'"
    folder = project(tmp_path, f"[manuscript]\n{pattern}\n")
    assert chapters(folder) == [("Monday, the 3rd", 1), ("Tuesday, the 4th", 2)]


def test_scene_break_marker_and_convention(tmp_path: Path) -> None:
    pattern = 'chapter_pattern = \'\\w+day, the \\d+\\w\\w\'\n'
    folder = project(tmp_path, f'[manuscript]\n{pattern}scene_break = "§"\n')
    assert chapters(folder) == [("Monday, the 3rd", 1), ("Tuesday, the 4th", 2)]
    folder = project(tmp_path, f'[manuscript]\n{pattern}scene_break = "blank-lines"\n')
    assert chapters(folder) == [("Monday, the 3rd", 1), ("Tuesday, the 4th", 3)]


def test_part_pattern(tmp_path: Path) -> None:
    text = "Play\n\nAct I\n\nChapter 1\n\nA.\n\nAct II\n\nChapter 2\n\nB.\n"
    folder = project(tmp_path, "[manuscript]\npart_pattern = 'act [ivx]+'\n", text)
    report = inspect_book(api.load_project(folder).book)
    assert [(p["title"], p["chapters"]) for p in report["parts"]] == [("Act I", 1), ("Act II", 1)]


def test_matter_headings(tmp_path: Path) -> None:
    text = "Book\n\nA Word First\n\nHello reader.\n\nChapter 1\n\nStory.\n\nChapter 2\n\nMore.\n"
    folder = project(tmp_path, '[manuscript.matter]\n"A Word First" = "preface"\n', text)
    report = inspect_book(api.load_project(folder).book)
    assert [(s["role"], s["title"]) for s in report["front_matter"]] == [
        ("preface", "A Word First")]


def test_a_file_without_chapters_and_a_file_with_a_role(tmp_path: Path) -> None:
    (tmp_path / "book.toml").write_text(
        '[manuscript]\nfiles = [{ file = "thanks.txt", role = "acknowledgments" },\n'
        '  { file = "story.txt", chapters = false }]\n', encoding="utf-8")
    (tmp_path / "thanks.txt").write_text("Thanks to all.\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Chapter 1\n\nNot really a chapter.\n\nText.\n",
                                        encoding="utf-8")
    book = api.load_project(tmp_path).book
    assert [s.role for s in book.front_matter] == ["acknowledgments"]
    assert len(book.chapters) == 1 and len(list(book.chapters[0].blocks)) == 3


@pytest.mark.parametrize("toml,message", [
    ("[manuscript]\nchapter_pattern = '(unclosed'\n", "not a valid regular expression"),
    ('[manuscript.matter]\n"Foo" = "nonsense"\n', "maps a heading to a role"),
    ('[manuscript]\nfiles = [{ file = "a.txt", chapters = "no" }]\n', "each entry of files"),
])
def test_bad_overrides_are_named(tmp_path: Path, toml: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        api.load_project(project(tmp_path, toml))
