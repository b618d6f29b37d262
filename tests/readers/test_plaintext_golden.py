"""Plain-text manuscripts in tests/fixtures/plaintext, read and compared with their goldens.

Each ``NAME.txt`` has a ``NAME.json`` holding what ``mkbook inspect --json`` should say
plus the text of every chapter's paragraphs; run with MKBOOK_REGEN_GOLDENS=1 to rewrite
them after a deliberate change, then review the diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mkbook import api
from mkbook.inspect import inspect_book
from mkbook.model import Block, Book
from mkbook.walk import block_text
from support import FIXTURES, assert_golden, assert_valid_epub

CASES = sorted((FIXTURES / "plaintext").glob("*.txt"))


def shown(block: Block) -> str:
    """A block's text, prefixed with its kind unless it is a plain paragraph."""
    kind = type(block).__name__
    return block_text(block) if kind == "Paragraph" else f"[{kind}] {block_text(block)}"


def describe(book: Book) -> dict[str, Any]:
    report = inspect_book(book)
    report["metadata"]["subtitle"] = book.metadata.subtitle
    report["text"] = [
        [chapter.title, [[shown(block) for block in scene.blocks] for scene in chapter.scenes]]
        for chapter in book.chapters
    ]
    report["front_text"] = [[shown(b) for b in s.blocks] for s in book.front_matter]
    report["back_text"] = [[shown(b) for b in s.blocks] for s in book.back_matter]
    return report


@pytest.mark.parametrize("source", CASES, ids=[case.stem for case in CASES])
def test_plaintext_reads_as_golden(source: Path) -> None:
    golden = source.with_suffix(".json")
    actual = describe(api.load_project(source).book)
    assert_golden(actual, golden)


@pytest.mark.parametrize("name", ["fanfic-chapters", "verse-and-letters", "gutenberg-mini",
                                  "dedication-epigraph"])
def test_every_block_kind_builds_into_a_valid_epub_and_a_pdf(name: str, tmp_path: Path) -> None:
    project = api.load_project(FIXTURES / "plaintext" / f"{name}.txt")
    epub = api.export(project, "epub", tmp_path / "book.epub").path
    assert_valid_epub(epub)
    pdf = api.export(project, "pdf", tmp_path / "book.pdf").path
    assert pdf.read_bytes().startswith(b"%PDF-")
