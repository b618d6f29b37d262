"""Rule *no-font*: the characters of a book that no font can draw in its PDF, found
before the layout (MK512), so a Japanese or Arabic book is not printed as rows of empty
boxes with a warning about one character among thousands.

A character is drawn when mkbook's own faces have it (read with fontTools) or when a
font installed on the machine does, which fontconfig says (``layout/fontconfig.py``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from mkbook.diagnostics import Diagnostic, report
from mkbook.layout.fontconfig import installed_coverage
from mkbook.model import Book
from mkbook.render.fonts import face_folders
from mkbook.walk import book_text

NO_FONT = "MK512"
_SHOWN = 12
"""How many of the missing characters the warning names."""


def warn_unprintable(book: Book, own_sheets_set_fonts: bool) -> None:
    """Warn MK512 where *book* has characters no font can draw; not where the project's
    own sheets set a font-family, whose files this cannot know."""
    if own_sheets_set_fonts:
        return
    fonts = [path for folder in face_folders() for path in sorted(folder.iterdir())
             if path.suffix.lower() in (".otf", ".ttf")]
    warning = missing_font_warning(missing_characters(book_text(book), fonts))
    if warning is not None:
        report([warning])


def missing_characters(text: str, own_fonts: Iterable[Path]) -> list[str]:
    """The characters of *text* that neither *own_fonts* nor an installed font has, in
    order of code point (white space and control characters are never drawn)."""
    wanted = {char for char in set(text) if unicodedata.category(char)[0] not in "CZ"}
    wanted -= _covered_by(tuple(own_fonts), frozenset(wanted))
    return sorted(wanted - installed_coverage(frozenset(wanted))) if wanted else []


def missing_font_warning(missing: list[str]) -> Diagnostic | None:
    """MK512 for *missing*, naming some of them, their scripts and what to do."""
    if not missing:
        return None
    scripts = sorted({_script(char) for char in missing})
    shown = " ".join(missing[:_SHOWN]) + (" …" if len(missing) > _SHOWN else "")
    return Diagnostic(NO_FONT, f"{len(missing)} character(s) of the book are in no font on "
                      f"this machine ({shown}; {', '.join(scripts)}): the PDF shows an empty "
                      "box for each. Install a font that has them (Noto: for Chinese, "
                      "Japanese and Korean apt-get install fonts-noto-cjk) or name one with "
                      "@font-face in styles/extra.css; the EPUB is not affected (readers "
                      "bring their own fonts)")


def _script(char: str) -> str:
    """``CJK``, ``HIRAGANA``, ``ARABIC``: the first word of the character's name."""
    return unicodedata.name(char, "UNNAMED").split()[0].title()


@cache
def _covered_by(fonts: tuple[Path, ...], wanted: frozenset[str]) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    found: set[str] = set()
    for path in fonts:
        cmap = TTFont(path, lazy=True).getBestCmap() or {}
        found |= {char for char in wanted if ord(char) in cmap}
    return frozenset(found)
