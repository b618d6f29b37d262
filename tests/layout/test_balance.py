"""Short pages filled by retracking a paragraph: the estimate, the choice, the book."""

from __future__ import annotations

import random

import pytest

import printed
from mkbook import api
from mkbook.layout.balance import LOOSER, TIGHTER, Line, Page, faults, rebreak, refits
from support import write_project

MEASURE, CHAR, HEIGHT = 300.0, 5.0, 18.0


def paragraph(key: int, texts: list[str], top: float = 0.0, indent: float = 0.0) -> list[Line]:
    """Lines of one paragraph, each character CHAR wide, one below the other."""
    return [Line(key, top + n * HEIGHT, top + (n + 1) * HEIGHT, CHAR * len(text),
                 indent if n == 0 else 0.0, MEASURE, text, 14.0)
            for n, text in enumerate(texts)]


def full_line(word: str = "abcde") -> str:
    """A line of words that fills the measure to within one character (60 across)."""
    return " ".join([word] * 10)[:59]


def page(*paragraphs: list[Line], missing: int = 1, plain: bool = True) -> Page:
    lines = tuple(line for p in paragraphs for line in p)
    used = lines[-1].bottom if lines else 0.0
    return Page(used + missing * HEIGHT + 2, used, HEIGHT, lines, plain)


def test_the_estimate_re_breaks_a_paragraph_into_its_own_lines() -> None:
    lines = paragraph(1, [full_line(), full_line(), "abcde abcde abcde"])
    assert rebreak(lines, 0.0) == 3


def test_tracking_wider_pushes_a_full_last_line_onto_a_new_one() -> None:
    lines = paragraph(1, [full_line(), full_line(), full_line()])
    assert rebreak(lines, max(LOOSER)) == 4


def test_tracking_tighter_pulls_a_short_last_line_back() -> None:
    lines = paragraph(1, ["abcd " * 11 + "ab", "abcd " * 11 + "ab", "ab"])
    assert rebreak(lines, min(TIGHTER)) == 2


def test_a_hyphenated_word_is_one_word_again() -> None:
    lines = paragraph(1, [full_line()[:-6] + " abc\u2010", "def " + "abcde " * 3])
    assert rebreak(lines, 0.0) == 2


def test_a_short_page_is_given_the_least_tracked_paragraph_that_ends_on_it() -> None:
    first = paragraph(1, [full_line(), full_line(), full_line()[:40]])
    second = paragraph(2, [full_line()] * 5 + [full_line()[:55]], top=3 * HEIGHT)
    last = paragraph(3, [full_line()], top=9 * HEIGHT)
    ways = refits(page(first, second, last), [])
    assert ways and ways[0] == {2: ways[0][2]} and 0 < ways[0][2] <= max(LOOSER)


def test_a_paragraph_is_tried_again_at_the_most_tracking_when_the_least_may_fall_short(
        ) -> None:
    """The estimate moves whole words; WeasyPrint may hyphenate one instead and keep the
    line count, so the paragraph is tried once more at the most tracking."""
    body = paragraph(1, [full_line()] * 5 + [full_line()[:58]])
    ways = refits(page(body), [])
    assert ways[0] == {1: ways[0][1]} and ways[0][1] < max(LOOSER)
    assert {1: max(LOOSER)} in ways[1:]


def test_a_full_page_is_left_alone() -> None:
    body = paragraph(1, [full_line()] * 5 + [full_line()[:55]])
    assert refits(page(body, paragraph(2, [full_line()], top=200), missing=0), []) == []


def test_the_pages_last_paragraph_which_may_run_on_is_tried_last() -> None:
    first = paragraph(1, [full_line()] * 5 + [full_line()[:55]])
    last = paragraph(2, [full_line()] * 5 + [full_line()[:55]], top=6 * HEIGHT)
    ways = refits(page(first, last), [])
    assert [list(way) for way in ways[:2]] == [[1], [2]]


def test_a_page_with_a_note_or_an_image_is_not_counted_in_lines() -> None:
    body = paragraph(1, [full_line()] * 5 + [full_line()[:55]])
    assert page(body, paragraph(2, ["x"], top=200), missing=3, plain=False).missing() == 0


def test_a_paragraph_begun_on_the_page_before_is_estimated_from_its_lines_here() -> None:
    """Its lines on the page before are set: counting them (here, short lines the
    estimate would join) must not keep the paragraph from taking the line."""
    before = page(paragraph(1, ["abcde"] * 4), missing=0)
    rest = paragraph(1, [full_line(), full_line()[:57]])
    ways = refits(page(rest, paragraph(2, [full_line()], top=3 * HEIGHT)), [before])
    assert ways and ways[0] == {1: 0.01}


def test_a_paragraph_the_estimate_reads_a_line_out_is_a_last_resort() -> None:
    """WeasyPrint broke it where the greedy estimate does not (three lines read as
    two): it is tried only after every way the estimate reads right."""
    unsure = paragraph(2, [full_line()[:26], full_line()[:26], full_line()])
    last = paragraph(3, [full_line()], top=3 * HEIGHT)
    ways = refits(page(unsure, last), [])
    assert ways[:2] == [{3: 0.01}, {3: 0.02}] and ways[2] == {2: 0.005}


def test_a_paragraph_the_estimate_reads_two_lines_out_is_never_tried() -> None:
    far = paragraph(2, ["abcde"] * 4)
    last = paragraph(3, [full_line()], top=4 * HEIGHT)
    ways = refits(page(far, last), [])
    assert ways and all(2 not in way for way in ways)


def dialogue_text(paragraphs: int = 150) -> str:
    """Paragraphs of one to five lines, of words of many lengths, as a novel's dialogue."""
    chance = random.Random(18)
    words = ["I", "said", "cannot", "indeed", "Elizabeth", "her", "sister", "thought",
             "the", "a", "morning", "would", "never", "consequence", "of", "it", "was"]
    return "\n\n".join(" ".join(chance.choice(words) for _ in range(chance.randint(4, 60)))
                       .capitalize() + "." for _ in range(paragraphs))


@pytest.fixture(scope="module")
def dialogue(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, list[float]]:
    """A chapter of short paragraphs, refitted and not: each of its pages' foot (the
    bottom of its last line), but the opening's, sunk under its heading, and the last."""
    folder = tmp_path_factory.mktemp("dialogue")
    project = api.load_project(write_project(folder / "book", {
        "chapters/01.md": "# One\n\n" + dialogue_text(), "chapters/02.md": "# Two\n\nThe end."}))
    feet = {}
    for balance in (True, False):
        pdf = api.export(project, "pdf", folder / f"{balance}.pdf",
                         {"cache": False, "balance": balance}).path
        feet[balance] = [page.foot for page in printed.body_pages(pdf)
                         if any("was" in text for text, _ in page.lines)][1:-1]
    return feet


def test_refitting_fills_the_pages_keeping_lines_together_left_short(
        dialogue: dict[bool, list[float]]) -> None:
    def short(feet: list[float]) -> int:
        return sum(foot < max(feet) - 5 for foot in feet)

    assert len(dialogue[True]) >= 10
    assert short(dialogue[False]) >= 3, dialogue[False]
    assert short(dialogue[True]) <= 2, dialogue[True]


def test_a_ladder_of_three_hyphens_is_retracked_at_the_same_length() -> None:
    ladder = paragraph(1, [full_line()[:-4] + " ab\u2010"] * 3 + [full_line()[:30]])
    ways = refits(page(ladder, missing=0), [])
    assert ways and all(list(way) == [1] and abs(way[1]) <= 0.01 for way in ways)
    assert page(ladder, missing=0).ladders() == [1]


def test_two_hyphens_in_a_row_stand() -> None:
    two = paragraph(1, [full_line()[:-4] + " ab\u2010"] * 2 + [full_line()[:30]])
    assert page(two, missing=0).ladders() == []
    assert refits(page(two, missing=0), []) == []


def test_a_line_broken_off_short_inside_a_paragraph_is_the_worst_fault() -> None:
    stray = page(paragraph(1, [full_line(), "raised", full_line(), "the end."]), missing=0)
    short = page(paragraph(1, [full_line(), full_line(), "the end."]), missing=1)
    assert stray.stray_lines() == 1 and short.stray_lines() == 0  # a last line is no stray
    assert faults(short, False) < faults(stray, False)


def box(break_before: str = "auto", *children: object) -> object:
    """A stand-in for a WeasyPrint box: its break and its children."""
    from types import SimpleNamespace

    return SimpleNamespace(style={"break_before": break_before}, children=list(children))


def test_a_page_before_a_chapter_that_opens_a_new_division_is_its_documents_last() -> None:
    """The next page starts at a division whose first child asks for a page break:
    the break is the division's (CSS Fragmentation), so this page ends a chapter."""
    from mkbook.layout.weasyprint_private.page_making import _forced_break_at

    chapter = box("right", box(), box())
    root = box("auto", box("auto", box("auto", box()), box("auto", chapter)))
    assert _forced_break_at(root, {0: {1: None}})
    assert not _forced_break_at(root, {0: {1: {0: {1: None}}}})  # inside the chapter
    flowing = box("auto", box("auto", box("auto", box()), box("auto", box(), box())))
    assert not _forced_break_at(flowing, {0: {1: None}})
