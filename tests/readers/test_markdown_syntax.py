"""Markdown beyond CommonMark that book writers use: each kind read as its tool means it,
and what looks like it but is not left as text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkbook import api
from mkbook.model import (
    Block,
    BlockQuote,
    Book,
    CodeBlock,
    Definitions,
    FootnoteRef,
    Image,
    Paragraph,
    Table,
)
from mkbook.walk import block_text, iter_blocks, iter_inlines, plain_text

Write = Callable[..., Path]


def _read(write: Write, text: str) -> Book:
    return api.load_project(write("story.md", "# One\n\n" + text + "\n\nThe end.\n")).book


def _blocks(book: Book) -> list[Block]:
    return [block for chapter in book.chapters for block in iter_blocks(chapter.blocks)]


def _texts(book: Book) -> list[str]:
    return [block_text(block) for block in _blocks(book)]


def _cells(table: Table) -> list[list[str]]:
    return [[plain_text(cell) for cell in row] for row in (table.header, *table.rows)]


# ----------------------------------------------------------------------------- tables


def test_pipe_table_is_a_table_with_alignment(write: Write) -> None:
    book = _read(write, "| Name | Age |\n|:-----|----:|\n| Ann | 31 |\n| *Bo* | 4 |")
    table = next(b for b in _blocks(book) if isinstance(b, Table))
    assert _cells(table) == [["Name", "Age"], ["Ann", "31"], ["Bo", "4"]]
    assert table.align == ("left", "right")


def test_grid_table_is_a_table(write: Write) -> None:
    book = _read(write, "+-------+--------+\n| Fruit | Price  |\n+=======+========+\n"
                        "| Apple | 1.20   |\n| green |        |\n+-------+--------+\n"
                        "| Pear  | 0.80   |\n+-------+--------+")
    table = next(b for b in _blocks(book) if isinstance(b, Table))
    assert _cells(table) == [["Fruit", "Price"], ["Apple green", "1.20"], ["Pear", "0.80"]]


def test_simple_table_takes_alignment_from_its_header(write: Write) -> None:
    book = _read(write, "  Right  Left       Center\n-------  ------  ----------\n"
                        "     12  12          12\n    123  123        123\n\n"
                        "Table: Numbers in columns.")
    table = next(b for b in _blocks(book) if isinstance(b, Table))
    assert _cells(table) == [["Right", "Left", "Center"], ["12", "12", "12"],
                             ["123", "123", "123"]]
    assert table.align == ("right", "left", "center")
    assert plain_text(table.caption) == "Numbers in columns."
    assert len(book.chapters[0].scenes) == 1


def test_headerless_simple_table(write: Write) -> None:
    book = _read(write, "-------  ------\n  apple  red\n banana  yellow\n-------  ------")
    table = next(b for b in _blocks(book) if isinstance(b, Table))
    assert table.header == ()
    assert _cells(table)[1:] == [["apple", "red"], ["banana", "yellow"]]


def test_prose_over_a_dashed_line_is_not_a_table(write: Write) -> None:
    """A scene break (``- - -``) right under a paragraph, and prose lines over dashes
    that run across the columns, stay text and a scene break."""
    book = _read(write, "She left the room.\n--- --- ---\nHe stayed behind, alone "
                        "with the ticking clock.\n\nMorning came.")
    assert not any(isinstance(b, Table) for b in _blocks(book))
    assert "She left the room." in " ".join(_texts(book))
    assert "ticking clock" in " ".join(_texts(book))


# ------------------------------------------------------------------ lists, notes, math


def test_definition_list(write: Write) -> None:
    book = _read(write, "Apple\n: A red fruit.\n\nPear\n: A green one.\n: Also yellow.")
    terms = next(b for b in _blocks(book) if isinstance(b, Definitions))
    assert [plain_text(term) for term, _ in terms.items] == ["Apple", "Pear"]
    assert [len(definition) for _, definition in terms.items] == [1, 2]


def test_inline_footnote_becomes_a_note(write: Write) -> None:
    book = _read(write, "She smiled.^[As her mother did.] Then she left.")
    chapter = book.chapters[0]
    refs = [run for block in chapter.blocks for run in iter_inlines(block)
            if isinstance(run, FootnoteRef)]
    assert len(refs) == 1 and len(chapter.notes) == 1
    assert block_text(chapter.notes[0].blocks[0]) == "As her mother did."


def test_math_stays_readable_and_prices_stay_text(write: Write) -> None:
    book = _read(write, "Energy is $E = mc^2$ here.\n\nIt cost $5 and then $10, or $6-$7.")
    texts = _texts(book)
    assert "Energy is E = mc^2 here." in texts
    assert "It cost $5 and then $10, or $6-$7." in texts


# --------------------------------------------------- what other tools write, never printed


def test_liquid_tags_and_comments_are_not_printed(write: Write) -> None:
    book = _read(write, "Hello {{ page.title }} there.\n\n{% include figure.html %}\n\n"
                        "{% comment %}\nPlot: she dies.\n{% endcomment %}\n\nGoodbye.")
    text = " ".join(_texts(book))
    assert "{" not in text and "Plot" not in text
    assert "Hello there." in _texts(book) and "Goodbye." in _texts(book)
    assert any(r.rule == "template-tags" and "she dies" in r.text for r in book.removed)


def test_wikilinks_read_as_their_labels(write: Write) -> None:
    book = _read(write, "See [[Harbour Town]] and [[Maps#North|the north map]].")
    assert "See Harbour Town and the north map." in _texts(book)


def test_html_comments_are_never_printed(write: Write) -> None:
    book = _read(write, "Before <!-- a note to self --> after.\n\n<!--\nTODO: rewrite\n-->")
    text = " ".join(_texts(book))
    assert "note to self" not in text and "TODO" not in text and "Before" in text


def test_heading_attributes_are_not_in_titles(write: Write) -> None:
    path = write("b.md", "# Chapter One {#one .unnumbered}\n\nText.\n\n"
                         "# Chapter Two {-}\n\nMore.\n")
    assert [c.title for c in api.load_project(path).book.chapters] == ["Chapter One",
                                                                        "Chapter Two"]


def test_markua_attribute_lines_apply_to_the_next_block(write: Write, tmp_path: Path) -> None:
    (tmp_path / "resources").mkdir()
    (tmp_path / "resources" / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    book = _read(write, '{caption: "`app.py`, the whole program"}\n```python\nprint(1)\n```\n\n'
                        '{alt: "A map of the bay", width: 60%}\n![Map](map.svg)\n\n'
                        "{pagebreak}\n\n{: .note}\nA plain paragraph.\n\n{:toc}")
    blocks = _blocks(book)
    code = next(b for b in blocks if isinstance(b, CodeBlock))
    assert plain_text(code.caption) == "app.py, the whole program"
    image = next(b for b in blocks if isinstance(b, Image))
    assert image.alt == "A map of the bay"
    assert not any("{" in text for text in _texts(book))
    assert "A plain paragraph." in _texts(book)


def test_markua_blurbs_and_leanpub_asides_are_quotes(write: Write) -> None:
    book = _read(write, "{blurb, class: tip}\n**Source code**\n\nSee the repository.\n"
                        "{/blurb}\n\nT> A tip in the old syntax\nT> on two lines.")
    quotes = [b for b in book.chapters[0].blocks if isinstance(b, BlockQuote)]
    assert [[block_text(b) for b in q.blocks] for q in quotes] == [
        ["Source code", "See the repository."], ["A tip in the old syntax on two lines."]]


def test_braces_in_a_story_stay_text(write: Write) -> None:
    """Only lines a person would take for attribute lines are: ``{Redacted}``, a set in
    braces, an unclosed blurb's closing tag for another box stay as written."""
    book = _read(write, "{Redacted}\n\n{the others, who knew}\n\n{x: 1} is a set.\n\n"
                        "{/chapter}")
    assert [t for t in _texts(book) if t.startswith("{")] == [
        "{Redacted}", "{the others, who knew}", "{x: 1} is a set.", "{/chapter}"]


def test_markua_lines_are_never_printed_even_unmatched(write: Write) -> None:
    book = _read(write, "{blurb}\nAn aside that never closes.\n\n{/aside}")
    assert "An aside that never closes." in _texts(book)
    assert not any("{" in text for text in _texts(book))
    assert all(isinstance(b, Paragraph) for b in book.chapters[0].blocks)
