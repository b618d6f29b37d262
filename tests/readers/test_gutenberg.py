"""Rule *gutenberg*: every generation of Project Gutenberg header and footer."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mkbook import api

PROSE = textwrap.fill("The rain had not stopped for three days, and the river was rising "
                      "faster than anyone in the village could remember. " * 2, 70)
BODY = f"THE MILL\n\nby Ann Author\n\n\nCHAPTER I.\n\n{PROSE}\n\nCHAPTER II.\n\n{PROSE}\n\n"
LICENCE = "This eBook is for the use of anyone anywhere at no cost.\n"

GENERATIONS = {
    "1990s etext, small print first": (
        "**The Project Gutenberg Etext of The Mill, by Ann Author**\n\n"
        "Please take a look at the important information in this header.\n\n"
        "**Welcome To The World of Free Plain Vanilla Electronic Texts**\n\n"
        "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\n\n"
        + BODY + "End of The Project Gutenberg Etext of The Mill\n"),
    "2000s ebook": (
        "The Project Gutenberg EBook of The Mill, by Ann Author\n\n" + LICENCE +
        "\nTitle: The Mill\n\nAuthor: Ann Author\n\nLanguage: English\n\n"
        "*** START OF THIS PROJECT GUTENBERG EBOOK THE MILL ***\n\n\n" + BODY +
        "End of the Project Gutenberg EBook of The Mill, by Ann Author\n\n"
        "*** END OF THIS PROJECT GUTENBERG EBOOK THE MILL ***\n\n" + LICENCE),
    "2020s ebook": (
        "The Project Gutenberg eBook of The Mill\n\n" + LICENCE +
        "\nTitle: The Mill\n\nAuthor: Ann Author\n\nLanguage: English\n\n"
        "*** START OF THE PROJECT GUTENBERG EBOOK THE MILL ***\n\n\n" + BODY +
        "*** END OF THE PROJECT GUTENBERG EBOOK THE MILL ***\n\n" + LICENCE),
    "start marker over two lines, no spaces": (
        "The Project Gutenberg EBook of The Mill, by Ann Author\n\n" + LICENCE +
        "\nTitle: The Mill\n\nAuthor: Ann Author\n\n"
        "***START OF THE PROJECT GUTENBERG EBOOK\nTHE MILL***\n\n\n" + BODY +
        "***END OF THE PROJECT GUTENBERG EBOOK THE MILL***\n\n" + LICENCE),
}


def read(tmp_path: Path, text: str) -> api.Book:
    path = tmp_path / "pg.txt"
    path.write_text(text, encoding="utf-8")
    return api.load_project(path).book


@pytest.mark.parametrize("text", GENERATIONS.values(), ids=list(GENERATIONS))
def test_every_generation_is_read_with_its_metadata(tmp_path: Path, text: str) -> None:
    book = read(tmp_path, text)
    assert (book.metadata.title, book.metadata.authors) == ("The Mill", ("Ann Author",))
    assert [c.title for c in book.chapters] == ["CHAPTER I", "CHAPTER II"]
    assert [s.role for s in book.back_matter] == ["license"]
    assert [s.role for s in book.front_matter] == ["titlepage"]


def test_the_old_small_print_travels_with_the_book(tmp_path: Path) -> None:
    """The 1990s licence stands before the text: kept, as the licence, not dropped."""
    book = read(tmp_path, GENERATIONS["1990s etext, small print first"])
    assert not [r for r in book.removed if r.rule == "gutenberg"]
    licence = " ".join(str(b) for b in book.back_matter[0].blocks)
    assert "Plain Vanilla" in licence


def test_a_book_that_mentions_project_gutenberg_is_not_one(tmp_path: Path) -> None:
    """Must not fire: the words inside a story's text."""
    text = (f"THE MILL\n\nby Ann Author\n\n\nCHAPTER I.\n\nShe read the Project Gutenberg "
            f"EBook of The Mill, by Ann Author, twice.\n\n{PROSE}\n")
    book = read(tmp_path, text)
    assert [s.role for s in book.back_matter] == [] and not book.removed[1:]
    assert [c.title for c in book.chapters] == ["CHAPTER I"]
