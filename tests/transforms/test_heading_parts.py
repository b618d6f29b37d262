"""Rule *heading-label*: a chapter title's label and number, told from its title of its
own by evidence that repeats across the book — and left alone where it does not."""

from __future__ import annotations

import pytest

from mkbook.model import Book, Chapter, Metadata, Paragraph, Scene, Text
from mkbook.transforms.heading_parts import label_headings, own_title


def _book(*titles: str, subtitle: str = "") -> tuple[Chapter, ...]:
    scene = (Scene((Paragraph((Text("Words."),)),)),)
    chapters = tuple(Chapter(title, scene, subtitle=subtitle) for title in titles)
    return label_headings(Book(Metadata(title="T"), chapters)).chapters


@pytest.mark.parametrize("titles,labels,own", [
    (("Chapter 1: The Ball", "Chapter 2: The Walk"), ["Chapter 1", "Chapter 2"],
     ["The Ball", "The Walk"]),
    (("Chapter 1", "Chapter 2"), ["Chapter 1", "Chapter 2"], ["", ""]),
    (("STAVE I: MARLEY’S GHOST", "STAVE II. THE FIRST OF THE THREE SPIRITS"),
     ["STAVE I", "STAVE II"], ["MARLEY’S GHOST", "THE FIRST OF THE THREE SPIRITS"]),
    (("CHAPTER IV.", "CHAPTER V."), ["CHAPTER IV", "CHAPTER V"], ["", ""]),
    (("Chapter 3\u2060\u2014The Storm", "Chapter 4\u2060\u2014Calm"), ["Chapter 3", "Chapter 4"],
     ["The Storm", "Calm"]),
    (("Глава 1. Начало", "Глава 2. Конец"), ["Глава 1", "Глава 2"], ["Начало", "Конец"]),
    (("XII", "XIII"), ["XII", "XIII"], ["", ""]),
    (("Erstes Kapitel. Einleitung", "Zweites Kapitel. Methoden"),
     ["Erstes Kapitel", "Zweites Kapitel"], ["Einleitung", "Methoden"]),
])
def test_a_repeated_label_is_told_from_the_title(titles: tuple[str, ...], labels: list[str],
                                                 own: list[str]) -> None:
    chapters = _book(*titles)
    assert [c.label for c in chapters] == labels
    assert [own_title(c) for c in chapters] == own


@pytest.mark.parametrize("titles", [
    ("The First Day", "The Second Day", "The Third Day"),  # no mark after the number
    ("Chapter 3 The Ball", "Chapter 4 The Walk"),  # nor here: left whole, not guessed
    ("Chapter 1: Arrival", "Interlude: Rain", "Epilogue: After"),  # the word does not repeat
    ("One Day in Spring", "Two Roads"),
    ("First Love: A Story", "Second Thoughts: Another"),  # a number and a word, not repeated
])
def test_must_not_fire(titles: tuple[str, ...]) -> None:
    chapters = _book(*titles)
    assert [c.label for c in chapters] == [""] * len(titles)
    assert [own_title(c) for c in chapters] == list(titles)


def test_a_title_line_above_a_subtitle_is_the_label() -> None:
    chapter = _book("Chapter 3", subtitle="The Ball")[0]
    assert chapter.label == "Chapter 3" and own_title(chapter) == "The Ball"
