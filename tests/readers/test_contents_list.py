"""Rule *contents-list*: where a plain-text CONTENTS list ends."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mkbook import api

PROSE = textwrap.fill("The rain had not stopped for three days, and the river was rising "
                      "faster than anyone in the village could remember. " * 2, 70)


def read(tmp_path: Path, text: str) -> tuple[list[str], list[str], list[str]]:
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    book = api.load_project(path).book
    return ([p.title for p in book.parts], [c.title for c in book.chapters],
            [s.role for s in book.front_matter])


def test_the_list_ends_at_a_heading_its_first_entry_shortens(tmp_path: Path) -> None:
    """``BOOK ONE`` in the list, ``BOOK ONE: 1805`` over the text (War and Peace's shape)."""
    text = (f"The Book\n\nCONTENTS\n\nBOOK ONE\nChapter 1\nChapter 2\n\n\nBOOK ONE: 1805\n\n"
            f"Chapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n")
    assert read(tmp_path, text) == (["BOOK ONE: 1805"], ["Chapter 1", "Chapter 2"], ["toc"])


def test_the_list_does_not_end_at_an_entry_that_only_starts_like_the_first(
        tmp_path: Path) -> None:
    """``Chapter 10`` is not ``Chapter 1`` with more after it: a word must end first."""
    entries = "\n\n".join(f"Chapter {n}" for n in (1, 10, 11))
    body = "".join(f"Chapter {n}\n\n{PROSE}\n\n" for n in (1, 10, 11))
    text = f"The Book\n\nCONTENTS\n\n{entries}\n\n\n{body}"
    assert read(tmp_path, text) == ([], ["Chapter 1", "Chapter 10", "Chapter 11"], ["toc"])


def sections(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return [(s.role, s.title) for s in api.load_project(path).book.front_matter]


def test_entries_name_unnumbered_front_sections_and_wrapped_headings(tmp_path: Path) -> None:
    """Rule *contents-entry*: ``PRELUDE.`` (indented in the text) opens a front section;
    a heading wrapped over two lines, as its entry is, is one chapter."""
    long = "Chapter 2. Of the Many Rivers of the North, and the Boats That Go"
    text = (f"The Book\n\nCONTENTS\n\nPRELUDE.\n\nChapter 1. The Ferry.\n\n{long}\nUp Them.\n\n"
            f"\n  PRELUDE.\n\n  {PROSE}\n\nChapter 1. The Ferry.\n\n{PROSE}\n\n"
            f"{long}\nUp Them.\n\n{PROSE}\n")
    assert read(tmp_path, text)[1] == ["Chapter 1. The Ferry", f"{long} Up Them"]
    assert sections(tmp_path, text) == [("toc", "CONTENTS"), ("other", "PRELUDE")]


def test_entries_without_the_label_name_headings_with_it(tmp_path: Path) -> None:
    """``Chapter I      The Period`` in the list, ``I. The Period`` over the text."""
    entries = "     Chapter I      The Period\n     Chapter II     The Mail"
    text = (f"The Book\n\nCONTENTS\n\n{entries}\n\n\nI. The Period\n\n{PROSE}\n\n"
            f"II. The Mail\n\n{PROSE}\n")
    assert read(tmp_path, text)[1] == ["I. The Period", "II. The Mail"]


def test_what_follows_the_last_entry_is_not_part_of_the_list(tmp_path: Path) -> None:
    """A dedication between the list and the first chapter is a section of its own."""
    text = (f"The Book\n\nContents\n\nChapter 1\nChapter 2\n\nFor my brother.\n\n\n"
            f"Chapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n")
    assert sections(tmp_path, text) == [("toc", "Contents"), ("dedication", "")]


def test_a_line_that_repeats_no_entry_stays_text(tmp_path: Path) -> None:
    """Must not fire: a short line inside a chapter that no entry names."""
    text = (f"The Book\n\nCONTENTS\n\nChapter 1\nChapter 2\n\n\nChapter 1\n\n{PROSE}\n\n"
            f"PRELUDE.\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n")
    assert read(tmp_path, text)[1] == ["Chapter 1", "Chapter 2"]


def test_a_list_in_another_language(tmp_path: Path) -> None:
    """``Table des matières`` is a contents list; its bare numerals restart per part."""
    entries = "PREMIÈRE PARTIE\nI\nII\nDEUXIÈME PARTIE\nI\nII"
    body = "".join(f"{part}\n\n\nI\n\n{PROSE}\n\nII\n\n{PROSE}\n\n"
                   for part in ("PREMIÈRE PARTIE", "DEUXIÈME PARTIE"))
    text = f"Le Livre\n\nTable des matières\n\n{entries}\n\n\n{body}"
    parts, chapters, roles = read(tmp_path, text)
    assert (parts, chapters, roles) == (["PREMIÈRE PARTIE", "DEUXIÈME PARTIE"],
                                        ["I", "II", "I", "II"], ["toc"])


def test_unnumbered_titles_the_list_names_are_chapters(tmp_path: Path) -> None:
    """No heading rule knows ``The Ferry``; the contents list does."""
    text = (f"The Book\n\nCONTENTS\n\nThe Ferry\nThe Mill\n\n\nThe Ferry\n\n{PROSE}\n\n"
            f"The Mill\n\n{PROSE}\n")
    assert read(tmp_path, text)[1] == ["The Ferry", "The Mill"]


def test_text_after_the_end_is_back_matter(tmp_path: Path) -> None:
    """Rule *after-the-end*: a publisher's advertisements after THE END."""
    text = (f"The Book\n\nChapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n\nTHE END\n\n\n"
            "BOOKS BY THE SAME AUTHOR\n\nThe Ferry. A Novel. 3s. 6d.\n")
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    book = api.load_project(path).book
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2"]
    assert [(s.role, s.rule) for s in book.back_matter] == [("other", "after-the-end")]


def test_the_end_closing_a_chapter_between_chapters_changes_nothing(tmp_path: Path) -> None:
    """Must not fire: THE END of a story inside a collection, with stories after it, or
    THE END as the book's last line."""
    text = (f"The Book\n\nChapter 1\n\n{PROSE}\n\nTHE END\n\nChapter 2\n\n{PROSE}\n\n"
            "THE END\n")
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    book = api.load_project(path).book
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2"]
    assert book.back_matter == ()
