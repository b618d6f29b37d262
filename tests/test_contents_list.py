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
