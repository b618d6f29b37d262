"""Rules *unnumbered-title* and *heading-list*: titles without numbers; lists of headings."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mkbook import api

PROSE = "\n\n".join([textwrap.fill(
    "The rain had not stopped for three days, and the river was rising faster than anyone "
    "in the village could remember, so the miller went down to look at the wheel. " * 3,
    70)] * 2)


def chapters(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return [chapter.title for chapter in api.load_project(path).book.chapters]


def titled(titles: list[str], before: int = 4, after: int = 2) -> str:
    return "".join("\n" * (before + 1) + title + "\n" * (after + 1) + PROSE for title in titles)


def test_capital_titles_set_apart_are_chapters(tmp_path: Path) -> None:
    titles = ["THE DOOR", "SEARCH FOR THE MILLER", "THE LAST NIGHT"]
    assert chapters(tmp_path, "The Mill\n\nby Ann Author" + titled(titles)) == titles


def test_title_case_titles_set_apart_are_chapters(tmp_path: Path) -> None:
    titles = ["The Door", "A Search for the Miller", "The Last Night", "Home Again"]
    assert chapters(tmp_path, "The Mill\n\nby Ann Author" + titled(titles, 3, 1)) == titles


def test_a_signature_close_to_its_letter_is_not_a_title(tmp_path: Path) -> None:
    """Must not fire: ``HASTIE LANYON`` under a letter, one blank line above it."""
    titles = ["THE DOOR", "THE LETTER", "THE LAST NIGHT"]
    text = "The Mill\n\nby Ann Author" + titled(titles[:2]) + "\n\nJOHN MILLER" + titled(
        titles[2:])
    assert chapters(tmp_path, text) == titles


def test_scene_openers_after_two_blank_lines_are_not_titles(tmp_path: Path) -> None:
    """Must not fire: a story whose scenes (two blank lines apart) mostly open with prose,
    one of them with a short line."""
    scenes = [PROSE, "Monday Morning\n\n" + PROSE, PROSE, PROSE]
    text = "The Mill\n\n\n" + "\n\n\n".join(scenes)
    assert chapters(tmp_path, text) == ["The Mill"]


def test_too_few_titles_are_no_evidence(tmp_path: Path) -> None:
    """Must not fire: two set-apart lines are not yet a book's way with titles."""
    text = "The Mill\n\nby Ann Author" + titled(["THE DOOR", "THE END OF IT"])
    assert len(chapters(tmp_path, text)) == 1


def test_a_list_of_numbered_headings_above_them_is_front_matter(tmp_path: Path) -> None:
    """``ACT I.`` ``ACT II.`` with nothing between them, then ``FIRST ACT`` ``SECOND ACT``."""
    scenes = "THE SCENES\n\nACT I.  The Mill.\n\nACT II.  The River.\n\nTIME: The Present."
    text = (f"The Mill\n\nby Ann Author\n\n{scenes}\n\n\nFIRST ACT\n\n{PROSE}\n\n"
            f"SECOND ACT\n\n{PROSE}\n")
    path = tmp_path / "play.txt"
    path.write_text(text, encoding="utf-8")
    book = api.load_project(path).book
    assert [c.title for c in book.chapters] == ["FIRST ACT", "SECOND ACT"]
    assert [s.role for s in book.front_matter][-1] == "other"


def test_empty_headings_whose_numbers_do_not_come_again_stay_chapters(tmp_path: Path) -> None:
    """Must not fire: a draft's empty chapters 1 and 2 before chapter 3."""
    text = (f"The Mill\n\nby Ann Author\n\nChapter 1\n\nChapter 2\n\nChapter 3\n\n{PROSE}\n\n"
            f"Chapter 4\n\n{PROSE}\n")
    assert chapters(tmp_path, text) == ["Chapter 1", "Chapter 2", "Chapter 3", "Chapter 4"]


def parts_and_chapters(tmp_path: Path, text: str) -> tuple[list[str], list[str]]:
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    book = api.load_project(path).book
    return [p.title for p in book.parts], [c.title for c in book.chapters]


def test_numbers_that_start_again_below_a_title_line_mean_a_new_part(tmp_path: Path) -> None:
    """Rule *restart-part*: ``THE COUNTRY`` / I / II, then ``THE TOWN`` / I / II."""
    text = "The Mill\n\nby Ann Author\n\n\n" + "".join(
        f"{part}\n\n\nI\n\n{PROSE}\n\nII\n\n{PROSE}\n\n\n" for part in ("THE COUNTRY", "THE TOWN"))
    assert parts_and_chapters(tmp_path, text) == (["THE COUNTRY", "THE TOWN"],
                                                  ["I", "II", "I", "II"])


def test_a_numbered_list_under_a_caption_is_no_part(tmp_path: Path) -> None:
    """Must not fire: ``Shopping List`` / ``1.`` inside chapter II, the count not going on."""
    text = (f"The Mill\n\nby Ann Author\n\n\nChapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n\n"
            f"Shopping List\n\n1.\n\n{PROSE}\n\nChapter 3\n\n{PROSE}\n")
    assert parts_and_chapters(tmp_path, text) == (
        [], ["Chapter 1", "Chapter 2", "Chapter 3"])
