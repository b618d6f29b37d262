"""Rule *language-from-text*: a book whose manuscript and ``book.toml`` name no
language is marked with the language its prose reads as, and told so (MK104).

The language decides the quotation marks, the hyphenation, the labels mkbook writes
("Contents") and what a screen reader speaks, so a guess is better than English for
every book; but it is a guess, so the warning names it and the line that confirms it.
The detector is py3langid (langid.py's model, 97 languages), asked about the book's
paragraphs only (code, tables and headings say little about the prose), and trusted
only on enough text and with a clear lead; otherwise the book stays English.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.model import Book, Paragraph, Verse
from mkbook.walk import block_text, iter_blocks

GUESSED_LANGUAGE = "MK104"
SAMPLE_CHARACTERS = 20_000
"""Enough prose to tell languages apart; more only costs time."""
MIN_LETTERS = 200
"""Below this a detector's confidence means little (a two-line fixture reads as Danish)."""
MIN_CONFIDENCE = 0.9


def detect_language(book: Book, where: SourceRef) -> tuple[str, Diagnostic]:
    """The language *book*'s prose reads as (a BCP 47 tag), with the warning saying so;
    English, with a warning, where the text is too short or too mixed to tell."""
    sample = prose_sample(book)
    letters = sum(char.isalpha() for char in sample)
    found, confidence = _classify(sample) if letters >= MIN_LETTERS else ("", 0.0)
    if found and confidence >= MIN_CONFIDENCE:
        return found, Diagnostic(GUESSED_LANGUAGE, f"no language given; the text reads as "
                                 f"{language_name(found)} ({found}), and the book is marked "
                                 f"so: confirm it with [book] language = \"{found}\" in "
                                 "book.toml (or --language)", where)
    why = "too little text to tell" if letters < MIN_LETTERS else "the text is mixed"
    return "en", Diagnostic(GUESSED_LANGUAGE, f"no language given and {why}; the book is "
                            "marked English (en): set [book] language in book.toml (or "
                            "--language)", where)


def prose_sample(book: Book) -> str:
    """The book's paragraphs and verse in reading order, up to :data:`SAMPLE_CHARACTERS`."""
    taken: list[str] = []
    size = 0
    for chapter in book.chapters:
        for block in iter_blocks(chapter.blocks):
            if isinstance(block, Paragraph | Verse):
                text = block_text(block)
                taken.append(text)
                size += len(text)
                if size >= SAMPLE_CHARACTERS:
                    return "\n".join(taken)
    return "\n".join(taken)


def language_name(tag: str) -> str:
    """``ru`` → ``Russian``, for the message."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(tag.replace("-", "_")).get_display_name("en"))
    except (ValueError, UnknownLocaleError):
        return tag


def _classify(text: str) -> tuple[str, float]:
    found, confidence = _identifier().classify(text)
    return str(found), float(confidence)


@cache
def _identifier() -> Any:
    """langid's model, loaded once (about 0.7 s): only books that name no language pay."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
