"""What a reader of a whole-document format (Word, HTML) hands the project joiner."""

from __future__ import annotations

from dataclasses import dataclass

from mkbook.diagnostics import Diagnostic
from mkbook.model import Asset, BodyItem, Metadata, Removal, Section


@dataclass(frozen=True, slots=True)
class ReadFile:
    """One file read: its metadata, matter and chapters, in the model's terms."""

    metadata: Metadata
    front: tuple[Section, ...]
    body: tuple[BodyItem, ...]
    back: tuple[Section, ...]
    warnings: tuple[Diagnostic, ...]
    source_text: str
    """The text a reader of the file sees, by the format's own library (python-docx's
    text of a Word body, the visible text of a web page), which the book must account
    for, word for word."""
    assets: tuple[Asset, ...] = ()
    """The pictures it holds, carried as bytes (:attr:`Asset.data`) where they have no
    file of their own."""
    removed: tuple[Removal, ...] = ()
    """What is left out on purpose (a generated contents table, an archive's notice)."""
