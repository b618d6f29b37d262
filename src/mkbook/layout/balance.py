"""Short pages made full, as a typesetter does it: a paragraph set a hair looser.

WeasyPrint keeps two lines of a paragraph together at a page's foot and head
(``widows``/``orphans``) and a heading with what follows, so a page often ends a line
or two short, and its spread with it.  As each page of the body is made, a short
page that is not the last of its chapter gets the lines it lacks from paragraphs
that end on it: each is tracked a little wider (letter-spacing within
:data:`LOOSER`, which a reader does not see) so that it takes one more line.  The
page then ends on the last line of the text block, and nothing after it moves: what
did not fit still opens the next page.  A page with three hyphenated line ends in a
row has that paragraph retracked by a hair that keeps its length.  (The page is made
again with the change and kept only if it has fewer faults:
``weasyprint_private.balanced_pages``.)  Where no paragraph can take the line, the
spread runs one line short together, both its pages ending on the same line
(``weasyprint_private.page_making``): a typesetter's last resort, and still better
than facing pages that end apart.

Which paragraphs will take a line, and at what tracking, is worked out here from the
laid-out lines alone, their text and natural widths re-broken greedily as WeasyPrint
breaks them, so that a page is made at most twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest

LOOSER = (0.005, 0.01, 0.015, 0.02)
"""Letter-spacing (em) tried, smallest first, to make a paragraph one line longer:
+0.02 em is 20 units of tracking, about the most a careful typesetter uses."""
TIGHTER = (-0.005, -0.01, -0.015, -0.02)
"""Letter-spacing (em) tried to make a paragraph one line shorter, to the same limit."""
RETRACK = (0.005, -0.005, 0.01, -0.01)
"""Tracking tried to break a ladder of hyphens without changing the paragraph's length."""
MOST_HYPHENS = 2
"""Hyphenated line ends in a row that a typesetter lets stand."""
HYPHEN = "\u2010"
"""The hyphen WeasyPrint adds where it breaks a word (a text's own hyphens are ``-``)."""
WORD_SPACING = 4
"""Word spaces move with the letters, this many times as much (a space is a quarter
em: +0.02 em of letter-spacing comes with +0.08 em between words)."""
TRIES = 4
"""At most this many ways are tried on one page (each lays the page out once more)."""
SURE = 0.7
"""A tracking is chosen only if this fraction of it already changes the line count
in the estimate, so small errors in the estimate do not undo the change."""


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line of a paragraph (CSS pixels)."""

    block: int
    """The paragraph's key (the same on every page it is on)."""
    top: float
    bottom: float
    width: float
    """The text's natural width, before justification stretched its spaces."""
    indent: float
    """Where the text starts in the paragraph's box (the first line's indent)."""
    measure: float
    """The paragraph's width."""
    text: str
    font_size: float


@dataclass(frozen=True, slots=True)
class Page:
    """A laid-out page, as far as its fullness goes."""

    bottom: float
    """The foot of the text block."""
    used: float
    """The foot of the last thing on the page."""
    line_height: float
    """The body text's line height (0 on a page with no paragraph)."""
    lines: tuple[Line, ...]
    plain: bool
    """Only text: no footnotes, images, floats or tables (their space is not lines)."""

    def ladders(self) -> list[int]:
        """Paragraph keys of each line that makes a run of hyphenated line ends longer
        than :data:`MOST_HYPHENS`."""
        found, run = [], 0
        for line in self.lines:
            run = run + 1 if line.text.rstrip().endswith(HYPHEN) else 0
            if run > MOST_HYPHENS:
                found.append(line.block)
        return found

    def stray_lines(self) -> int:
        """Lines that end a paragraph's line less than half full with more of the
        paragraph below them (a remade page must not trade a short page for these)."""
        return sum(line.width < line.measure / 2 and line.block == below.block
                   for line, below in zip(self.lines, self.lines[1:], strict=False))

    def missing(self) -> int:
        """Whole lines the page could still take."""
        if not self.line_height or not self.plain:
            return 0
        return int((self.bottom - self.used + 0.5) // self.line_height)


def faults(page: Page, last: bool) -> tuple[int, int, int]:
    """What a typesetter would fix on *page*, worst first: lines broken off far short
    inside a paragraph, lines missing (not on a chapter's *last* page) and hyphens in
    a ladder."""
    return page.stray_lines(), (0 if last else page.missing()), len(page.ladders())


def refits(page: Page, earlier: Sequence[Page], last: bool = False) -> list[dict[int, float]]:
    """Ways to give *page* the lines it lacks, best first (at most :data:`TRIES`):
    each maps paragraph keys to a letter-spacing (em).

    Paragraphs on the page that each take one line more at some tracking of
    :data:`LOOSER`, one per missing line (the page fills, and what did not fit still
    opens the next), taking turns with one that takes a line less at some tracking of
    :data:`TIGHTER` (what was pushed to the next page then fits).  The least tracked
    come first; the page's last paragraph, which may run on to the next page, last of
    all.  Then each paragraph at the most tracking of :data:`LOOSER`, for where the
    least was not enough (WeasyPrint may hyphenate the word the estimate moved), and
    last of all the ways the estimate is less sure of (no :data:`SURE` margin).  Only
    the lines on the page count: those of a paragraph on *earlier* pages are set.

    A page that lacks nothing (or is a chapter's *last*) but has a ladder of hyphens
    gets the ways to break it instead (:func:`_unladdered`).
    """
    wanted = 0 if last else page.missing()
    keys = list(dict.fromkeys(line.block for line in page.lines))
    if wanted <= 0 or not keys:
        return _unladdered(page, earlier)
    paragraphs = {key: _Paragraph([line for line in page.lines if line.block == key])
                  for key in keys}
    found = []
    for levels, change, count, sure in ((LOOSER, +1, wanted, SURE), (TIGHTER, -1, 1, SURE),
                                        (LOOSER[-1:], +1, wanted, SURE),
                                        (LOOSER, +1, wanted, 1.0), (TIGHTER, -1, 1, 1.0)):
        options = sorted((key == keys[-1], abs(level), -paragraph.length, order, key, level)
                         for order, (key, paragraph) in enumerate(paragraphs.items())  # keys
                         if (level := paragraph.least(levels, change, sure)) is not None)
        found.append([{key: level for *_, key, level in options[n:n + count]}
                      for n in range(0, len(options) - count + 1, count)])
    looser, tighter, *last_resorts = found
    ways = [way for pair in zip_longest(looser, tighter) for way in pair if way]
    for way in (way for resort in last_resorts for way in resort):
        if way not in ways:
            ways.append(way)
    return ways[:TRIES]


def _unladdered(page: Page, earlier: Sequence[Page]) -> list[dict[int, float]]:
    """Ways to break the page's first ladder of hyphens: its paragraph retracked by a
    hair that, in the estimate, keeps its length (so the page stays as full)."""
    ladders = page.ladders()
    if not ladders:
        return []
    key = ladders[0]
    paragraph = _Paragraph([line for before in (*earlier[-2:], page) for line in before.lines
                            if line.block == key])
    return [{key: level} for level in RETRACK if paragraph.least((level,), 0) is not None]


class _Paragraph:
    """A paragraph's lines on a page, re-broken at each tracking once (a page's ways
    ask the same paragraph again and again)."""

    def __init__(self, lines: list[Line]) -> None:
        self.length, self.first = len(lines), lines[0]
        self.words = _words(lines)
        self.counts: dict[float, int] = {}

    def count(self, tracking: float) -> int:
        """How many lines the paragraph takes at *tracking* em (:func:`rebreak`)."""
        if tracking not in self.counts:
            self.counts[tracking] = _count(self.words, self.first, tracking)
        return self.counts[tracking]

    def least(self, levels: Sequence[float], change: int, sure: float = SURE) -> float | None:
        """The first of *levels* at which the paragraph re-breaks into ``length +
        change`` lines, and still does at *sure* of it; None if the estimate does not
        hold even untracked.  A last resort (*sure* 1) takes the estimate's count
        untracked as the paragraph's length, where it is a line out (WeasyPrint broke a
        word differently)."""
        untracked = self.count(0.0)
        if untracked != self.length and (sure < 1 or abs(untracked - self.length) > 1):
            return None
        for level in levels:
            if self.count(level) == self.count(level * sure) == untracked + change:
                return level
        return None


def rebreak(lines: Sequence[Line], tracking: float) -> int:
    """How many lines the paragraph of *lines* takes at *tracking* em of letter-spacing,
    broken greedily at spaces, each character as wide as its line's average."""
    return _count(_words(lines), lines[0], tracking)


def _count(words: Sequence[tuple[float, int, float]], first: Line, tracking: float) -> int:
    extra = tracking * first.font_size
    gap = extra * (1 + WORD_SPACING)
    count, x = 1, first.indent
    for n, (width, chars, space) in enumerate(words):
        width += extra * chars
        if n == 0:
            x += width
        elif x + space + gap + width > first.measure + 0.01:
            count, x = count + 1, width
        else:
            x += space + gap + width
    return count


def _words(lines: Sequence[Line]) -> list[tuple[float, int, float]]:
    """(width, characters, width of a space) of each word of the paragraph; a word
    hyphenated across two lines is one word again."""
    words: list[tuple[float, int, float]] = []
    joined = False
    for line in lines:
        text = line.text.rstrip(" ")
        per_char = line.width / max(len(text), 1)
        hyphenated = text.endswith("\u2010")
        parts = [part for part in text.removesuffix("\u2010").split(" ") if part]
        for n, part in enumerate(parts):
            width, chars = per_char * len(part), len(part)
            if n == 0 and joined and words:
                before, before_chars, _ = words.pop()
                width, chars = width + before, chars + before_chars
            words.append((width, chars, per_char))
        joined = hyphenated
    return words
