"""A Windows-1252 file and a CRLF file read exactly like their UTF-8/LF twins."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkbook import api
from mkbook.model import Book
from mkbook.walk import block_text
from support import CORPUS


def content(book: Book) -> list[object]:
    """Everything a reader sees, without file names and line numbers."""
    sections = [(s.role, s.title, [block_text(b) for b in s.blocks])
                for s in (*book.front_matter, *book.back_matter)]
    chapters = [(c.title, c.subtitle, [[block_text(b) for b in scene.blocks] for scene in c.scenes])
                for c in book.chapters]
    return [book.metadata.title, book.metadata.authors, sections, chapters]


@pytest.fixture(scope="module")
def original_text() -> str:
    """Pride and Prejudice, with curly quotes, as plain UTF-8 with LF line endings."""
    raw = (CORPUS / "pride-and-prejudice" / "1342-0.txt").read_bytes()
    return raw.decode("utf-8-sig").replace("\r\n", "\n")


def test_windows_1252_crlf_twin_reads_the_same(tmp_path: Path, original_text: str) -> None:
    assert "\u201c" in original_text  # curly quotes, which cp1252 encodes as 0x93/0x94
    utf8 = tmp_path / "utf8.txt"
    utf8.write_bytes(original_text.encode("utf-8"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(original_text.replace("\n", "\r\n").encode("cp1252"))
    twin = api.load_project(legacy).book
    assert content(twin) == content(api.load_project(utf8).book)
    assert any("cp1252" in str(warning) for warning in twin.warnings)


def test_crlf_and_cr_twins_read_the_same(tmp_path: Path, original_text: str) -> None:
    books = []
    for name, newline in (("lf.txt", "\n"), ("crlf.txt", "\r\n"), ("cr.txt", "\r")):
        path = tmp_path / name
        path.write_bytes(original_text.replace("\n", newline).encode("utf-8"))
        books.append(content(api.load_project(path).book))
    assert books[0] == books[1] == books[2]
