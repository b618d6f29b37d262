"""What the command line prints, and how: every line for the author goes through here.

Titles, file names and messages come from manuscripts mkbook did not write, so any
control character in them is shown as an escape (``\\x1b``): a title holding terminal
codes cannot repaint the terminal, and in a one-line message (an error, a warning, a
log record) a newline in a file name cannot forge a second line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer

_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_NEWLINE_RE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def shown(text: str, one_line: bool = False) -> str:
    """*text* with its control characters (and with *one_line* its newlines) escaped."""
    pattern = _CONTROL_OR_NEWLINE_RE if one_line else _CONTROL_RE
    return pattern.sub(lambda found: repr(found.group())[1:-1], text)


def say(text: str, err: bool = False, one_line: bool = False) -> None:
    """Print *text* for the author (on stderr with *err*), escaped as :func:`shown` says."""
    typer.echo(shown(text, one_line), err=err)


class _Output:
    """How chatty the command line is (set once per run by the global options)."""

    quiet = False
    verbose = False


OUTPUT = _Output()


def print_json(data: object) -> None:
    """What ``--json`` prints: indented, non-ASCII as it is, one newline at the end."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def report_written(paths: Iterable[Path]) -> None:
    """``Wrote dist/book.epub (1.2 MB)`` for each file a command wrote, unless quiet."""
    if OUTPUT.quiet:
        return
    for path in paths:
        say(f"Wrote {path} ({human_size(path.stat().st_size)})")


def human_size(size: int) -> str:
    """``812 B``, ``45.3 KB``, ``1.2 MB``."""
    if size < 1024:
        return f"{size} B"
    return f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1024 ** 2:.1f} MB"


def log_to_stderr(level: int) -> None:
    """Send mkbook's and WeasyPrint's log records to stderr as ``mkbook: warning: …``."""
    handler = _StderrHandler(level)
    handler.setFormatter(_Formatter("mkbook: %(levelname)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # The loggers pass warnings on even with --quiet: a tally (``--strict``) counts them.
    logging.getLogger("mkbook").setLevel(min(level, logging.WARNING))
    logging.getLogger("weasyprint").setLevel(min(level, logging.WARNING))
    for chatty in ("fontTools", "pikepdf"):  # a line per table subset: not for authors
        logging.getLogger(chatty).setLevel(max(level, logging.WARNING))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record comes (tests swap it)."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.setLevel(level)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


class _Formatter(logging.Formatter):
    """``mkbook: warning: …`` rather than logging's ``WARNING``, on one escaped line."""

    def format(self, record: logging.LogRecord) -> str:
        record.levelname = record.levelname.lower()
        return shown(super().format(record), one_line=True)
