"""Book typography on a string of text: quotes, apostrophes, dashes, ellipses, spaces.

The rules work on a :class:`Tape`, the text of one paragraph with each character
remembering which inline run it came from, so a quote next to emphasis is decided
by the letters on both sides of the boundary and then goes back into its own run.
Verbatim runs (code, note references) stand on the tape as one opaque character
that no rule changes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from mkbook.textnorm import CONJUNCTIONS

OPAQUE = "\ufffc"
"""Stands for an inline that is not text (code, a note reference)."""
LINE_BREAK = "\u2028"
"""Stands for a line break inside a block (verse): white space to every rule."""
NBSP, NNBSP, WORD_JOINER = "\u00a0", "\u202f", "\u2060"
EM, EN, ELLIPSIS, TWO_EM = "\u2014", "\u2013", "\u2026", "\u2e3a"


@dataclass(frozen=True, slots=True)
class Quotes:
    """A language's quotation marks."""

    open_double: str
    close_double: str
    open_single: str
    close_single: str
    apostrophe: str = "\u2019"
    inner_space: str = ""
    """Space inside guillemets (French: a narrow no-break space)."""

    @property
    def openers(self) -> frozenset[str]:
        """What a quotation may open after: a space, a bracket, a dash, an opening mark
        (this language's, and another's that is not one of its closing marks: “ opens
        in English and closes in Russian)."""
        own = {self.open_double, self.open_single}
        return frozenset((_OPENERS - {self.close_double, self.close_single}) | own)

    @property
    def closers(self) -> frozenset[str]:
        """The closing marks a quotation may open straight after ("Ready?""Ready.")."""
        own = {self.close_double, self.close_single} - {self.apostrophe}
        return frozenset((_CLOSERS - {self.open_double, self.open_single}) | own)


SPACED_INSIDE = {"fr": NNBSP}
"""Languages that set a space inside their guillemets (the CLDR gives the marks, not
the spacing): French, a narrow no-break space."""


@cache
def _cldr_quotes() -> dict[str, list[str]]:
    from importlib.resources import files

    data = files("mkbook.transforms").joinpath("cldr_quotes.json").read_text(encoding="utf-8")
    quotes: dict[str, list[str]] = json.loads(data)["quotes"]
    return quotes


@cache
def quotes_for(language: str) -> Quotes:
    """*language*'s quotation marks from the Unicode CLDR (``cldr_quotes.json``, made by
    ``scripts/cldr_quotes.py``): its region's where they differ (``pt-PT``, ``fr-CH``),
    else its language's, else English's."""
    tag = language.replace("_", "-")
    parts = tag.split("-")
    found = _cldr_quotes()
    for key in ("-".join(parts[:2]), parts[0].lower(), "en"):
        if key in found:
            start, end, inner_start, inner_end = found[key]
            return Quotes(start, end, inner_start, inner_end,
                          inner_space=SPACED_INSIDE.get(parts[0].lower(), ""))
    raise AssertionError("cldr_quotes.json has no English")

# Words that begin with an elided letter: 'em, 'tis, 'twas, rock 'n' roll.
ELISIONS = frozenset(
    "em tis twas twere twill til cause cos bout n nuff cept round ave ere im er "
    "ow scuse fraid gainst mongst neath tween specially".split())
_CLOSERS = set("\u201d\u00bb\u201c")
_OPENERS = set(" \t\n([{\u201c\u2018\u00ab\u201e\u201a\u2039" + EM + EN + "-/" + LINE_BREAK)


class Tape:
    """One paragraph's characters, each tagged with the run it belongs to.

    Runs stay in order on the tape (owners never decrease), so a run's text is one
    slice; the joined text is kept until a rule changes a character, because most
    rules find nothing in most paragraphs.
    """

    def __init__(self, pieces: list[str | None]) -> None:
        self.chars: list[str] = []
        self.owners: list[int] = []
        for index, piece in enumerate(pieces):
            text = OPAQUE if piece is None else piece
            self.chars.extend(text)
            self.owners.extend([index] * len(text))
        self.count = len(pieces)
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.chars)
        return self._text

    def changed(self) -> None:
        """Call after changing :attr:`chars` in place."""
        self._text = None

    def sub(self, pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str]
            ) -> None:
        """Replace every match; a replacement of the same length keeps each character's run."""
        found_any = list(pattern.finditer(self.text))
        for found in reversed(found_any):
            new = replacement(found) if callable(replacement) else found.expand(replacement)
            start, end = found.span()
            owners = self.owners[start:end]
            if len(new) != len(owners):
                first = owners[0] if owners else self.owners[start - 1] if start else 0
                owners = [first] * len(new)
            self.chars[start:end] = list(new)
            self.owners[start:end] = owners
        if found_any:
            self._text = None

    def pieces(self) -> list[str]:
        """The text of each run, in the order they were given."""
        if self.count == 1:
            return [self.text]
        out, start = [], 0
        for index in range(self.count):
            end = bisect_right(self.owners, index, lo=start)
            out.append("".join(self.chars[start:end]))
            start = end
        return out


def smarten(tape: Tape, language: str) -> None:
    """Apply every typography rule for *language* (a BCP 47 tag) to *tape*, in order."""
    quotes = quotes_for(language)
    if ".." in tape.text or ". ." in tape.text:  # rules skip text that lacks their marks
        _ellipses(tape)
    if "--" in tape.text:
        _double_dashes(tape)
    _quotes(tape, quotes)
    _interrupted_speech(tape, quotes)
    if "-" in tape.text:
        _ranges_and_spaced_hyphens(tape)
    if ". " in tape.text:
        _no_break_spaces(tape)
    if quotes.inner_space:
        _french_spacing(tape, quotes)


# --------------------------------------------------------------------------- rules

_ELLIPSIS_RE = re.compile(r"(?<![.\u2026])\.\s?\.\s?\.(?!\s?\.)")
_FOUR_DOTS_RE = re.compile(r"(?<![.\u2026])\.\s?\.\s?\.\s?\.(?![.])")


def _ellipses(tape: Tape) -> None:
    """``...`` and ``. . .`` become one ellipsis; four dots are an ellipsis and a full stop."""
    tape.sub(_FOUR_DOTS_RE, ELLIPSIS + ".")
    tape.sub(_ELLIPSIS_RE, ELLIPSIS)


def _double_dashes(tape: Tape) -> None:
    """``--`` and ``---``, the typewriter's dashes, become em dashes; four or more stand
    for letters left out (``Mr. ----``, ``----shire``) and become a two-em dash."""
    tape.sub(_BLANK_RE, TWO_EM)
    tape.sub(_TYPED_DASH_RE, EM)


_BLANK_RE = re.compile(r"-{4,}")
_TYPED_DASH_RE = re.compile(r"-{2,3}")


def _quotes(tape: Tape, quotes: Quotes) -> None:
    """Straight quotes become curly by what stands on each side (one pass, same length)."""
    depth = {'"': 0, "'": 0}
    chars = tape.chars
    openers, closers = quotes.openers, quotes.closers
    if '"' not in tape.text and "'" not in tape.text:
        return
    tape.changed()
    for index, char in enumerate(chars):
        if char not in depth:
            continue
        before = chars[index - 1] if index else ""
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if char == "'" and _is_apostrophe(chars, index, before, after, depth["'"], openers):
            chars[index] = quotes.apostrophe
            continue
        opening = _is_opening(before, after, depth[char] > 0, openers, closers)
        depth[char] = depth[char] + 1 if opening else max(depth[char] - 1, 0)
        if char == '"':
            chars[index] = quotes.open_double if opening else quotes.close_double
        else:
            chars[index] = quotes.open_single if opening else quotes.close_single


def _is_opening(before: str, after: str, pending: bool, openers: frozenset[str],
                closers: frozenset[str]) -> bool:
    """Opening after a space or an opening mark and before a word; closing otherwise."""
    if before in closers and after.isalnum():
        return True  # "Ready?""Ready."
    if _unspaced(before):  # Chinese and Japanese set no space before a quotation
        return not pending
    if before == "" or before in openers:
        if before in ("-", EM, EN):
            return after.isalnum()
        return not (after == "" or after.isspace()) or not pending
    return False


def _unspaced(char: str) -> bool:
    """A character of a script written without spaces between words (Han, kana)."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F") and \
        char.isalpha()


def _is_apostrophe(chars: list[str], index: int, before: str, after: str, pending: int,
                   openers: frozenset[str] = frozenset(_OPENERS)) -> bool:
    if before.isalnum() and after.isalnum():
        return True  # don't, O'Brien, rock'n'roll
    if after.isdigit() and (before == "" or not before.isalnum()):
        return True  # '90s
    if (before == "" or before in openers) and after.isalpha():
        if _next_word(chars, index + 1).casefold() in ELISIONS:
            return True
        # Nothing closes it: letters left out ('Change, the Exchange).  Not at a
        # paragraph's start, where a quotation may run on into the next paragraph.
        return before != "" and not _closes_later(chars, index + 1)
    if before.isalnum() or before in ".,!?;:" + ELLIPSIS:
        return not pending  # the dogs' bowls; a closing quote when one is open
    return before != "" and before.isspace() and (after == "" or after.isspace())


def _closes_later(chars: list[str], start: int) -> bool:
    """Whether a straight single quote from *start* on could close a quotation: one
    after a word, its punctuation or a dash, not before a letter (``said,'`` and
    ``otherwise--'`` but not ``don't``)."""
    for index in range(start, len(chars)):
        if chars[index] != "'":
            continue
        before = chars[index - 1]
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if not (before.isspace() or before in "([{\u201c\u2018\u00ab" or after.isalnum()):
            return True
    return False


def _next_word(chars: list[str], start: int) -> str:
    end = start
    while end < len(chars) and chars[end].isalpha():
        end += 1
    return "".join(chars[start:end])


def _interrupted_speech(tape: Tape, quotes: Quotes) -> None:
    """A hyphen that cuts speech off becomes an em dash: ``guess-"``, ``"-No``, ``the- are``."""
    if "-" in tape.text:
        for pattern, marks in zip(_speech_patterns(quotes), _speech_marks(quotes), strict=True):
            text = tape.text
            if (text.startswith("-") or text.endswith("-") or any(m in text for m in marks)
                    or (not marks and _HYPHEN_SPACE_RE.search(text))):
                tape.sub(pattern, EM)
    if EM in tape.text or TWO_EM in tape.text:
        _dashes_held_to_their_words(tape)


@cache
def _speech_patterns(quotes: Quotes) -> tuple[re.Pattern[str], ...]:
    closing = re.escape(quotes.close_double + quotes.close_single + "\u201d\u2019\u00bb")
    opening = re.escape(quotes.open_double + quotes.open_single + "\u201c\u2018\u00ab")
    return (re.compile(rf"(?<=[^\s\-])-(?=$|[{closing}]+(?![^\W\d_]))"),
            re.compile(rf"(?:^|(?<=[{opening}]))-(?=[^\s\-])"),
            re.compile(rf"(?<=[^\W\d_])-(?=\s+(?!(?:{_SUSPENDING})\b)\S)", re.IGNORECASE),
            re.compile(rf"(?<=[{closing}])-(?=\w)|(?<=\w)-(?=[{opening}])"))


_HYPHEN_SPACE_RE = re.compile(r"-\s")
_SUSPENDING = "|".join(sorted(CONJUNCTIONS))
"""A hyphen before one of these and a space is suspended (``Vor- und Nachteile``), no dash."""


@cache
def _speech_marks(quotes: Quotes) -> tuple[tuple[str, ...], ...]:
    """What each of :func:`_speech_patterns` needs in the text (besides a hyphen at
    either end; none: a hyphen before a space): a cheap test that skips most paragraphs."""
    closing = quotes.close_double + quotes.close_single + "\u201d\u2019\u00bb"
    opening = quotes.open_double + quotes.open_single + "\u201c\u2018\u00ab"
    return (tuple("-" + mark for mark in closing), tuple(mark + "-" for mark in opening),
            (),
            tuple(mark + "-" for mark in closing) + tuple("-" + mark for mark in opening))


_CLOSE_DASH_RE = re.compile(rf"(?<=[\w.,;:!?)\]\u2019\u201d\u00bb{ELLIPSIS}])(?=[{EM}{TWO_EM}])")
"""Where a dash follows a word or the mark that ends one (an opening quote before a
dash needs no joiner: no line breaks after it anyway)."""
_SPACED_DASH_RE = re.compile(rf"(?<=\S) (?=[{EM}{TWO_EM}])")


def _dashes_held_to_their_words(tape: Tape) -> None:
    """No line starts with a dash: a word joiner binds a dash to the word before it
    (``man\u2060—who``), and a spaced dash's space before it is a no-break space."""
    tape.sub(_CLOSE_DASH_RE, WORD_JOINER)
    tape.sub(_SPACED_DASH_RE, NBSP)


def _ranges_and_spaced_hyphens(tape: Tape) -> None:
    """``1990-1995`` takes an en dash; a hyphen spaced between words is an em dash."""
    tape.sub(re.compile(r"(?<![\w\-])(\d{1,4})-(\d{1,4})(?![\w\-])"), rf"\1{EN}\2")
    tape.sub(re.compile(r"(?<=\w) - (?=\w)"), f" {EM} ")


_TITLES = frozenset("Mr Mrs Ms Mx Dr St Prof Rev Capt Col Gen Lt Sgt Mt Fr Sr Jr Messrs Mme "
                    "Mlle".split())
_REFERENCES = frozenset("p pp vol ch no fig".split())
_STOP_SPACE_RE = re.compile(r"\. ")
_WORD_BEFORE_RE = re.compile(r"\b\w+$")


def _no_break_spaces(tape: Tape) -> None:
    """No line break between a title and its name (``Mr. Darcy``) or ``p.`` and its number.

    Found from each ". " back to its word: a scan for a plain string is many times
    faster than a pattern that must try every title at every letter.
    """
    text = tape.text
    for found in _STOP_SPACE_RE.finditer(text):
        after = text[found.end():found.end() + 1]
        word = _WORD_BEFORE_RE.search(text, max(0, found.start() - 8), found.start())
        if word is None or not after:
            continue
        if ((word.group() in _TITLES and (after.isupper() or after.isdigit()))
                or (word.group() in _REFERENCES and after.isdigit())):
            tape.chars[found.start() + 1] = NBSP
            tape.changed()


def _french_spacing(tape: Tape, quotes: Quotes) -> None:
    """Narrow no-break spaces inside guillemets and before ``; : ! ?``."""
    tape.sub(re.compile(rf"{quotes.open_double}\s*"), quotes.open_double + quotes.inner_space)
    tape.sub(re.compile(rf"\s*{quotes.close_double}"), quotes.inner_space + quotes.close_double)
    tape.sub(re.compile(r"(?<=[\w\u00bb\u2019)])\s?([;:!?])(?=\s|$|\u202f?\u00bb)"),
             NNBSP + r"\1")
