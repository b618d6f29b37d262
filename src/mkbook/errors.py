"""mkbook's errors: one hierarchy, each with the exit code the CLI reports.

The codes live here, in one table, so scripts can rely on them; 2 is left to click
for usage errors.  Messages are one line: what is wrong, where, and what to do.
"""

from __future__ import annotations

from pathlib import Path

from mkbook.diagnostics import SourceRef


class MkbookError(Exception):
    """Anything mkbook reports to the author instead of a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, source: SourceRef | Path | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class StrictError(MkbookError):
    """Warnings, and ``--strict`` on a build: nothing is written (exit 1, as a failed
    check)."""


class SourceNotFoundError(MkbookError):
    """The manuscript, project or a file it names does not exist."""

    exit_code = 3


class ManuscriptError(MkbookError):
    """The manuscript exists but cannot be read as a book (empty, binary, no text)."""

    exit_code = 4


class TextLostError(ManuscriptError):
    """Reading would leave words of the manuscript out of the book: a reading rule is
    wrong, and the build stops rather than publish the book without them."""


class ConfigError(MkbookError):
    """``book.toml`` or a command-line option is invalid."""

    exit_code = 5


class ExportError(MkbookError):
    """An exporter failed to write its format, or the format is unknown."""

    exit_code = 6


class UnsafePathError(MkbookError):
    """Something asked to read a file outside the book project."""

    exit_code = 7
