"""Manuscript bytes to text: encodings, BOMs and line endings."""

from __future__ import annotations

import codecs

import pytest

from mkbook.errors import ManuscriptError
from mkbook.readers.plaintext import read_plaintext
from mkbook.readers.textfile import decode_bytes

TEXT = "Caf\u00e9 Stories\n\n\u201cHello,\u201d she said \u2014 na\u00efvely.\n\nThe end.\n"


@pytest.mark.parametrize("data,encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("utf-16"), "utf-16"),
    (TEXT.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
    (TEXT.replace("\n", "\r").encode("utf-8"), "utf-8"),
])
def test_every_encoding_and_line_ending_gives_the_same_text(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data, "story.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert bool(decoded.warnings) == (encoding == "cp1252")


def test_legacy_encoding_is_named_in_a_warning() -> None:
    decoded = decode_bytes(TEXT.encode("cp1252"), "story.txt")
    assert "cp1252" in decoded.warnings[0].message
    assert str(decoded.warnings[0].source) == "story.txt:1"


def test_stray_byte_order_marks_inside_the_text_are_dropped() -> None:
    assert decode_bytes("One\ufeff two\n".encode(), "x.txt").text == "One two\n"


def test_mixed_line_endings_read_as_one_book() -> None:
    mixed = "Title\r\n\r\nOne.\n\nTwo.\r\rThree.\n"
    book = read_plaintext(decode_bytes(mixed.encode(), "x.txt").text, "x.txt")
    assert len(book.chapters[0].scenes[0].blocks) == 3


def test_binary_data_is_refused() -> None:
    with pytest.raises(ManuscriptError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "cover.txt")


def test_the_bytes_win_over_a_declared_charset() -> None:
    text = ("Title: Caf\u00e9\n\nCharacter set encoding: ISO-8859-1\n\n"
            "Na\u00efve \u201cquotes\u201d.\n")
    decoded = decode_bytes(text.encode("utf-8"), "x.txt")
    assert decoded.encoding == "utf-8" and decoded.text == text and not decoded.warnings


def test_a_line_end_hyphen_joins_a_compound_not_a_dash() -> None:
    """``aide-`` / ``chirurgien`` is ``aide-chirurgien``; a suspended hyphen before a
    conjunction keeps its space; a dash typed against its word (``--``, ``—``) at a line's
    end joins the next word as it was typed, a spaced one keeps its spaces."""
    from mkbook.textnorm import join_wrapped

    assert join_wrapped(["Il était aide-", "chirurgien de marine."]) == \
        "Il était aide-chirurgien de marine."
    assert join_wrapped(["Das Hin-", "und Hergehen."]) == "Das Hin- und Hergehen."
    assert join_wrapped(["He stopped--", "and turned."]) == "He stopped--and turned."
    assert join_wrapped(["He stopped\u2014", "and turned."]) == "He stopped\u2014and turned."
    assert join_wrapped(["He stopped --", "and turned."]) == "He stopped -- and turned."
    assert join_wrapped(["He said--", '"No."']) == 'He said-- "No."'
    assert join_wrapped(["In 1990-", "1995 it rained."]) == "In 1990- 1995 it rained."
    assert join_wrapped(["  one", "", "two  "]) == "one two"
