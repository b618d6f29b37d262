"""Rule *shouted-lead-in*: a chapter's opening words in capitals, set in the book's case."""

from __future__ import annotations

import pytest

from mkbook.model import Book, Chapter, Emphasis, Metadata, Paragraph, Scene, Text
from mkbook.transforms.lead_in import quiet_lead_ins


def _opening(first: str, elsewhere: str = "Old Marley was as dead as a door-nail.") -> str:
    chapters = (Chapter("One", (Scene((Paragraph((Text(first),)),)),)),
                Chapter("Two", (Scene((Paragraph((Text(elsewhere),)),)),)))
    opened = quiet_lead_ins(Book(Metadata(title="T"), chapters)).chapters[0]
    run = next(opened.blocks).content[0]
    assert isinstance(run, Text)
    return run.text


@pytest.mark.parametrize("first,expected", [
    ("MARLEY was dead: to begin with.", "Marley was dead: to begin with."),
    ("MARLEY WAS dead, as a door-nail.", "Marley was dead, as a door-nail."),
    ("\u201cMARLEY was dead,\u201d said Scrooge.", "\u201cMarley was dead,\u201d said Scrooge."),
])
def test_capitals_the_book_prints_in_another_case_are_set_in_it(first: str,
                                                               expected: str) -> None:
    assert _opening(first) == expected


@pytest.mark.parametrize("first", [
    "NASA was founded in 1958.",        # the book never prints it otherwise
    "I was dead: to begin with.",       # one letter
    "MARLEY WAS DEAD.",                 # a paragraph all in capitals
    "Marley was dead.",                 # nothing shouted
])
def test_must_not_fire(first: str) -> None:
    assert _opening(first) == first


def test_only_the_first_paragraph_of_a_chapter_is_read() -> None:
    scene = Scene((Paragraph((Text("Old Marley."),)), Paragraph((Text("MARLEY was."),))))
    book = quiet_lead_ins(Book(Metadata(title="T"), (Chapter("One", (scene,)),)))
    assert list(book.chapters[0].blocks) == list(scene.blocks)


def test_an_opening_in_emphasis_is_left_alone() -> None:
    scene = Scene((Paragraph((Emphasis((Text("MARLEY"),)), Text(" was dead."))),
                   Paragraph((Text("Marley"),))))
    book = quiet_lead_ins(Book(Metadata(title="T"), (Chapter("One", (scene,)),)))
    assert list(book.chapters[0].blocks) == list(scene.blocks)


def test_a_word_printed_only_in_lowercase_opens_with_a_capital() -> None:
    assert _opening("AWAKING in the night.", "He lay awaking.") == "Awaking in the night."
