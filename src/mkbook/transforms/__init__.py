"""Transforms: pure ``Book -> Book`` steps run, in a fixed order, before every exporter."""

from __future__ import annotations

from mkbook.config import ProjectConfig
from mkbook.model import Book
from mkbook.transforms.closing_line import mark_closing_lines
from mkbook.transforms.heading_parts import label_headings
from mkbook.transforms.lead_in import quiet_lead_ins
from mkbook.transforms.typography import typography


def apply_transforms(book: Book, config: ProjectConfig) -> Book:
    """The book as every exporter should see it: typeset (and a chapter's opening
    words typed in capitals set in the book's case), then each chapter's label told
    from its title (on the typeset title, so the two still match), and a closing
    ``The End`` marked to be set apart."""
    if config.typography.enabled:
        book = quiet_lead_ins(typography(book))
    return mark_closing_lines(label_headings(book))
