"""Rule *title-page*: the title as the book's own title page spells it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mkbook import api
from mkbook.textnorm import title_case

PROSE = textwrap.fill("The rain had not stopped for three days, and the river was rising "
                      "faster than anyone in the village could remember. " * 2, 70)
HEADER = ("The Project Gutenberg EBook of {title}\n\nTitle: {title}\n\nAuthor: Ann Author\n\n"
          "Language: English\n\n*** START OF THIS PROJECT GUTENBERG EBOOK {upper} ***\n\n\n")


@pytest.mark.parametrize(("capitals", "expected"), [
    ("THE STRANGE CASE OF DR. JEKYLL AND MR. HYDE",
     "The Strange Case of Dr. Jekyll and Mr. Hyde"),
    ("MOBY-DICK; or, THE WHALE.", "Moby-Dick; or, The Whale"),
    ("THE LORD OF THE RINGS: THE TWO TOWERS", "The Lord of the Rings: The Two Towers"),
    ("HENRY VIII", "Henry VIII"),
    ("O'BRIEN'S WAR", "O'Brien's War"),
    ("The Importance of Being Earnest", "The Importance of Being Earnest"),  # not capitals
])
def test_capitals_become_a_catalogue_case(capitals: str, expected: str) -> None:
    assert title_case(capitals) == expected


def test_other_languages_take_the_case_the_header_gives() -> None:
    assert title_case("MADAME BOVARY", "fr", "Madame Bovary") == "Madame Bovary"
    assert title_case("LE ROUGE ET LE NOIR", "fr", "Le Rouge et le Noir") == "Le Rouge et le Noir"


def read(tmp_path: Path, text: str) -> api.Book:
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return api.load_project(path).book


def test_a_title_over_two_lines_is_found_by_its_letters(tmp_path: Path) -> None:
    """The header types ``Moby Dick; or The Whale``; the page sets it over two lines."""
    text = (HEADER.format(title="Sea Dog; or The Hound", upper="SEA DOG; OR THE HOUND")
            + f"SEA-DOG;\n\nor, THE HOUND.\n\nBy Ann Author\n\n\nCHAPTER 1.\n\n{PROSE}\n")
    book = read(tmp_path, text)
    assert book.metadata.title == "Sea-Dog; or, The Hound"
    assert book.front_matter[0].role == "titlepage"
    assert book.chapters[0].title == "CHAPTER 1"


def test_without_a_title_page_the_header_title_stands(tmp_path: Path) -> None:
    """Must not fire: a first line that only shares a word with the title."""
    text = (HEADER.format(title="Sea Dog", upper="SEA DOG")
            + f"SEA CHANGES\n\n\nCHAPTER 1.\n\n{PROSE}\n")
    assert read(tmp_path, text).metadata.title == "Sea Dog"
