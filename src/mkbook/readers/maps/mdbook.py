"""mdBook: ``book.toml`` and ``src/SUMMARY.md``.

mdBook's ``[book]`` table (title, authors, description, language, ``src``) is read by
:mod:`mkbook.config` with mkbook's own tables beside it; here the summary gives the
files, in ``[book] src`` (``src/`` by default).
"""

from __future__ import annotations

from pathlib import Path

from mkbook.config import ProjectConfig
from mkbook.readers.maps import BookMap
from mkbook.readers.maps.summary import SUMMARY, read_summary


def find(folder: Path, config: ProjectConfig) -> BookMap | None:
    """The summary an mdBook project keeps beside its ``book.toml``."""
    summary = folder / (config.source_folder or "src") / SUMMARY
    if not summary.is_file() or not (config.source_folder or (folder / "book.toml").is_file()):
        return None
    base = summary.parent.relative_to(folder).as_posix()
    entries = read_summary(summary.read_text(encoding="utf-8-sig"), base, affixes=True)
    return BookMap("mdbook", f"{base}/{SUMMARY}", entries)
