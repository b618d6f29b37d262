"""Transforms: pure ``Book -> Book`` steps run, in a fixed order, before every exporter."""

from __future__ import annotations

from mkbook.config import ProjectConfig
from mkbook.model import Book
from mkbook.transforms.typography import typography


def apply_transforms(book: Book, config: ProjectConfig) -> Book:
    """The book as every exporter should see it."""
    if config.typography.enabled:
        book = typography(book)
    return book
