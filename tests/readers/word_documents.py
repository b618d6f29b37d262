"""Helpers for tests that make Word documents with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx

from mkbook.model import Book

LOREM = ("The ferry came in at dusk, its lamps swinging, and the people on the quay "
         "moved back to let the ropes fall. ")


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def outline(book: Book) -> dict[str, object]:
    """The shape of *book* a reader sees: matter, chapters, scenes, parts."""
    return {"front": [(s.role, s.title) for s in book.front_matter],
            "chapters": [c.title for c in book.chapters],
            "scenes": [len(c.scenes) for c in book.chapters],
            "parts": [(p.title, [c.title for c in p.chapters]) for p in book.parts],
            "back": [(s.role, s.title) for s in book.back_matter]}
