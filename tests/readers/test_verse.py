"""Rule *verse*, decided for each block: poems keep their lines, prose is unwrapped."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mkbook.model import Paragraph, Verse
from mkbook.readers.chunks import split_chunks
from mkbook.readers.paragraphs import chunk_blocks, measure_layout

POEM = """Shall I compare thee to a summer's day?
Thou art more lovely and more temperate:
Rough winds do shake the darling buds of May,
And summer's lease hath all too short a date;"""
PROSE = textwrap.fill("The rain had not stopped for three days, and the river was rising "
                      "faster than anyone in the village could remember, so the miller "
                      "went down to the wheel to see what could be done about it. " * 3, 68)


def kinds(text: str) -> list[str]:
    chunks = split_chunks(text)
    layout = measure_layout(chunks)
    return [type(block).__name__ for chunk in chunks for block in chunk_blocks(chunk, "t", layout)]


def test_a_collection_of_poems_keeps_every_poem_s_lines() -> None:
    """The poems' own lines set the file's measured width, so no line is "short"; the
    lines are broken early (the next word would have fitted), so each block is verse."""
    assert kinds("\n\n".join([POEM] * 4)) == ["Verse"] * 4


def test_a_poem_inside_prose_keeps_its_lines() -> None:
    assert kinds(f"{PROSE}\n\n{POEM}\n\n{PROSE}") == ["Paragraph", "Verse", "Paragraph"]


def test_hard_wrapped_prose_is_one_paragraph() -> None:
    """Must not fire: a wrapping editor never breaks a line before a word that fits."""
    assert kinds(f"{PROSE}\n\n{PROSE}") == ["Paragraph", "Paragraph"]


def test_prose_with_one_early_break_stays_prose() -> None:
    """Must not fire: a hand-wrapped paragraph with a single short line in it."""
    lines = PROSE.split("\n")
    lines[1] = lines[1][:40]
    block = chunk_blocks(split_chunks("\n".join(lines))[0], "t", measure_layout([]))
    assert [type(b) for b in block] == [Paragraph]
    assert not isinstance(block[0], Verse)


def test_german_prose_whose_lines_start_with_nouns_stays_prose() -> None:
    """Must not fire: capitals at line starts (German nouns), lines ending mid-sentence."""
    text = ("Die Mühle stand still, und der Müller ging hinunter zum Fluss, um das\n"
            "Wasser zu sehen, das seit drei Tagen stieg und die Wiesen am Ufer schon\n"
            "Stück für Stück überschwemmt hatte, bis niemand mehr wusste, was zu tun sei.")
    assert kinds(f"{text}\n\n{PROSE}") == ["Paragraph", "Paragraph"]


def test_a_collection_s_poems_are_sections_a_reader_can_navigate(tmp_path: Path) -> None:
    """Titled poems, set apart by a wider gap than their stanzas: each poem a chapter,
    each stanza verse."""
    from mkbook import api

    poems = "".join(f"\n\n\n{title}\n\n{POEM}\n\n{POEM}\n" for title in (
        "TO THE RIVER", "THE MILL AT NIGHT", "A FERRY SONG", "LAST LIGHT"))
    path = tmp_path / "poems.txt"
    path.write_text("Poems\n\nby Ann Author" + poems, encoding="utf-8")
    book = api.load_project(path).book
    assert [c.title for c in book.chapters] == [
        "TO THE RIVER", "THE MILL AT NIGHT", "A FERRY SONG", "LAST LIGHT"]
    assert {type(b).__name__ for c in book.chapters for b in c.blocks} == {"Verse"}


def test_a_wrapped_line_the_next_word_would_just_have_reached_stays_prose() -> None:
    """Must not fire: *uncommonly* + *well* would have come to exactly the block's longest
    line, which a wrapping editor whose width is one more than its longest line leaves
    (Pride and Prejudice's speech, set as verse before)."""
    speech = ("\u201cDid you not think, Mr. Darcy, that I expressed myself uncommonly\n"
              "well just now, when I was teasing Colonel Forster to give us a ball at\n"
              "Meryton?\u201d")
    assert kinds(f"{speech}\n\n{PROSE}") == ["Paragraph", "Paragraph"]
