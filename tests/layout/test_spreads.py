"""A spread that cannot be filled runs one line short together, both pages alike.

Each book here is one-line paragraphs (which no tracking makes longer) and one pair of
lines held together by a line break (two lines that may not be parted: ``orphans``
and ``widows`` are 2), placed so that it cannot start on the last line of a page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import printed
from mkbook import api
from support import write_project

PAIR = "A pair of lines held together,\\\nthe second kept with the first."


def one_liners(start: int, count: int) -> list[str]:
    return [f"Line {n}." for n in range(start, start + count)]


def feet(folder: Path, paragraphs: list[str], balance: bool = True) -> list[tuple[int, float]]:
    """(lines, foot) of each page of the chapter made of *paragraphs* (its opening first)."""
    project = api.load_project(write_project(folder, {
        "chapters/01.md": "# One\n\n" + "\n\n".join(paragraphs),
        "chapters/02.md": "# Two\n\nThe end."}))
    pdf = api.export(project, "pdf", folder / "book.pdf", {"cache": False, "balance": balance})
    return [(len(page.lines), round(page.foot, 1)) for page in printed.body_pages(pdf.path)
            if page.label.isdigit() and any("Line" in text for text, _ in page.lines)]


@pytest.fixture(scope="module")
def capacity(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int]:
    """Lines on the chapter's opening page (under its heading) and on a full page."""
    pages = feet(tmp_path_factory.mktemp("full"), one_liners(0, 120))
    return pages[0][0], pages[1][0]


def test_a_verso_a_line_short_has_its_recto_run_a_line_short_with_it(
        tmp_path: Path, capacity: tuple[int, int]) -> None:
    opening, full = capacity
    text = [*one_liners(0, opening + full - 1), PAIR, *one_liners(100, 2 * full)]
    pages = feet(tmp_path, text)
    verso, recto = pages[1], pages[2]
    assert verso[0] == full - 1 and recto == verso, pages  # the same foot, a line up
    assert pages[3][0] == full, pages  # the next spread is full again


def test_a_recto_a_line_short_has_its_verso_made_again_a_line_short(
        tmp_path: Path, capacity: tuple[int, int]) -> None:
    opening, full = capacity
    text = [*one_liners(0, opening + 2 * full - 1), PAIR, *one_liners(100, 2 * full)]
    unbalanced = feet(tmp_path / "as-they-fall", text, balance=False)
    assert unbalanced[1][0] == full and unbalanced[2][0] == full - 1, unbalanced
    pages = feet(tmp_path / "balanced", text)
    verso, recto = pages[1], pages[2]
    assert verso[0] == full - 1 and recto == verso, pages


def test_full_pages_and_a_page_two_lines_short_do_not_run_a_spread_short(
        tmp_path: Path, capacity: tuple[int, int]) -> None:
    """A spread runs short by one line, never two: a verso two lines short (a paragraph
    of three lines that cannot be parted) leaves its recto full."""
    opening, full = capacity
    three = "Three lines,\\\nheld\\\ntogether."
    text = [*one_liners(0, opening + full - 2), three, *one_liners(100, 2 * full)]
    pages = feet(tmp_path, text)
    assert pages[1][0] == full - 2 and pages[2][0] == full, pages
    assert all(lines == full for lines, _ in pages[3:-1]), pages
