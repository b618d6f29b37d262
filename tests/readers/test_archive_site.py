"""Rule *pasted-heading*: chapters pasted from an archive site, headings not set apart."""

from __future__ import annotations

from pathlib import Path

from mkbook import api
from mkbook.model import AuthorNote
from mkbook.walk import block_text

STORY = "It was dark when the ferry came in, and nobody was waiting on the quay for her."


def read(tmp_path: Path, text: str) -> api.Book:
    path = tmp_path / "fic.txt"
    path.write_text(text, encoding="utf-8")
    return api.load_project(path).book


def test_headings_above_summary_and_notes_are_chapters(tmp_path: Path) -> None:
    chapters = "".join(
        f"Chapter {n}: The {name}\nSummary:\nSomething happens at the {name}.\nNotes:\n"
        f"Thanks for reading!\n\nChapter Text\n{STORY}\n\n{STORY}\n\n\n"
        for n, name in ((1, "Ferry"), (2, "Mill"), (3, "River")))
    book = read(tmp_path, f"The Crossing\n\nby someone\n\n\n{chapters}")
    assert [c.title for c in book.chapters] == [
        "Chapter 1: The Ferry", "Chapter 2: The Mill", "Chapter 3: The River"]
    first = list(book.chapters[0].blocks)
    assert isinstance(first[0], AuthorNote)
    assert [block_text(b) for b in first[1:]] == [STORY, STORY]
    assert [r.rule for r in book.removed].count("pasted-heading") == 3


def test_a_heading_above_ordinary_text_is_left_alone(tmp_path: Path) -> None:
    """Must not fire: a chunk that starts with a heading-like line and goes on in prose
    is text (``Chapter 2 of her life began…``)."""
    text = (f"The Crossing\n\nChapter 1\n\n{STORY}\n\nPart 2 of the plan\nwas simpler, "
            f"and nobody noticed.\n\nChapter 2\n\n{STORY}\n")
    book = read(tmp_path, text)
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2"]
    assert "Part 2 of the plan was simpler, and nobody noticed." in [
        block_text(b) for b in book.chapters[0].blocks]
