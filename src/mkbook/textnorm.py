"""Small text normalisations shared by readers and settings."""

from __future__ import annotations

import re
from collections.abc import Iterable


def normalise_heading(line: str) -> str:
    """A heading with case, spacing, curly apostrophes and edge punctuation folded away.

    ``  PREFACE.`` and ``Preface`` compare equal; so do a CONTENTS entry and the heading
    it repeats (``Stave   I: Marley's Ghost`` / ``STAVE I:  MARLEY'S GHOST``).
    """
    text = " ".join(line.replace("\u2019", "'").split()).casefold()
    return text.strip(" .:;-\u2014\u2013*=_#")


def file_slug(text: str, limit: int, fallback: str) -> str:
    """*text* as a file name: transliterated to ASCII in any script (``Война и мир``
    → ``voina-i-mir``, python-slugify), apostrophes dropped, words joined by hyphens,
    at most *limit* characters; *fallback* when nothing is left (punctuation only)."""
    from slugify import slugify

    return str(slugify(re.sub(r"['\u2019]", "", text), max_length=limit)) or fallback


def text_direction(language: str) -> str:
    """``rtl`` for a language written right to left (Arabic, Hebrew, Persian, Urdu…),
    as the Unicode CLDR records it (Babel's ``character_order``); else ``ltr``."""
    from babel import Locale, UnknownLocaleError

    try:
        order = Locale.parse(language.replace("-", "_")).character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def language_tag(value: str) -> str | None:
    """*value* as a well-formed, registered BCP 47 tag in its standard spelling
    (``en_us`` → ``en-US``), or None when it is not one (``english``, ``en"><x``).

    The tag is written into XML attributes and the PDF, so nothing else may pass.
    """
    import langcodes  # 30 ms: loaded only when a book names its language

    try:
        return str(langcodes.standardize_tag(value)) if langcodes.tag_is_valid(value) else None
    except ValueError:  # langcodes.LanguageTagError is one
        return None


_MINOR_WORDS = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via from into with "
    "over than".split())
_ROMAN_RE = re.compile(r"^(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


def title_case(title: str, language: str = "en", spelled: str = "") -> str:
    """A title set in capitals on a title page, in the case a catalogue writes it.

    Only words in capitals change (``MOBY-DICK; or, THE WHALE.`` keeps its ``or,``).
    In English the small words are lower case except first and after punctuation
    (``The Strange Case of Dr. Jekyll and Mr. Hyde``); in other languages a word takes
    the case *spelled* (the PG header) gives it, else a capital.  Roman numerals stay.
    A lone full stop at the end goes.
    """
    known = {word.casefold(): word for word in re.findall(r"[^\W_]+", spelled)}
    tokens = title.split()
    english = language.casefold().startswith("en")
    for index, token in enumerate(tokens):
        core = token.strip(".,;:!?()[]\"'\u2018\u2019\u201c\u201d-\u2014")
        shouted = sum(ch.isalpha() for ch in core) >= 2 and core == core.upper()
        if not shouted or _ROMAN_RE.match(core):
            continue
        after_stop = index == 0 or tokens[index - 1][-1:] in ",;:.!?\u2014"
        if english and core.casefold() in _MINOR_WORDS and not after_stop:
            recased = core.lower()
        elif not english and core.casefold() in known:
            recased = known[core.casefold()]
            recased = recased[:1].upper() + recased[1:] if index == 0 else recased
        else:
            recased = _capitalise(core)
        tokens[index] = token.replace(core, recased, 1)
    text = " ".join(tokens)
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _capitalise(word: str) -> str:
    """``MOBY-DICK`` → ``Moby-Dick``, ``O'BRIEN`` → ``O'Brien``, ``JEKYLL'S`` → ``Jekyll's``."""
    pieces = re.split(r"([-\u2010'\u2019])", word.lower())
    out: list[str] = []
    for index, piece in enumerate(pieces):
        joins = out[-1] if out else ""
        after_short = index >= 2 and joins in "'\u2019" and len(pieces[index - 2]) == 1
        if index == 0 or joins in "-\u2010" or after_short:
            piece = piece[:1].upper() + piece[1:]
        out.append(piece)
    return "".join(out)


CONJUNCTIONS = frozenset(
    "and or nor to und oder bis sowie bzw et ou y o e en of od".split())
"""Words a suspended hyphen stands before, in the common European languages
(``pre- and post-war``, ``Hin- und Hergehen``, ``porte- ou contre-``)."""


_CLOSE_DASH_RE = re.compile(r"[^\W_](?:-{2,3}|\u2014)$")
"""A dash against the word before it, at a line's end."""


def join_wrapped(lines: Iterable[str]) -> str:
    """Hard-wrapped *lines* as one line: joined by spaces, except that a line ending
    in a hyphen after a letter joins the next as the compound it is (``aide-`` /
    ``chirurgien`` → ``aide-chirurgien``) unless a conjunction follows (a suspended
    hyphen: ``Hin-`` / ``und Hergehen``), and a line ending in a dash set close to its
    word (``man--`` or ``man—``) joins the next without a space, as it was typed before
    the line broke (``man--who``); a spaced dash (``man --``) keeps its spaces."""
    text = ""
    for raw in lines:
        line = raw.strip()
        if not text:
            text = line
        elif _joins_close(text, line):
            text += line
        else:
            text = f"{text} {line}" if line else text
    return text


def _joins_close(text: str, line: str) -> bool:
    """Whether *line* continues *text* with no space: after a compound's hyphen (not a
    suspended one) or a dash set against its word."""
    if text.endswith("-") and text[-2:-1].isalpha() and line[:1].isalpha():
        return line.split(None, 1)[0].casefold() not in CONJUNCTIONS
    return bool(_CLOSE_DASH_RE.search(text)) and line[:1].isalnum()
