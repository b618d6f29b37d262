"""What mkbook tells the author about their book: one type, one channel.

A reader's warning (a missing image), a transform's, a lint finding (straight quotes)
and a check's (a font not embedded) are all a :class:`Diagnostic`: a stable code from
:data:`mkbook.codes.CODES`, one sentence, and where it was seen (``file:line`` in the
manuscript, a file inside the EPUB, or a page of the PDF).  They reach the author
through one channel, the ``mkbook`` logger (:func:`report`), and a :class:`Tally` on
that logger counts them, so ``--strict`` asks one question of one place: "was anything
warned?"
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from mkbook.codes import Severity
from mkbook.codes import severity as code_severity

log = logging.getLogger("mkbook.diagnostics")


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where something came from, so a diagnostic can say ``chapters/03.md:42``."""

    path: str
    """The file, relative to the book project when it lies inside it."""
    line: int
    """1-based line number of the first line (0: the file as a whole)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something noticed about the book that the author should see."""

    code: str
    """Stable short code (``MK1xx``…) that tools and ``--strict`` can key on."""
    message: str
    """One human sentence: what was noticed and what was done about it."""
    source: SourceRef | None = None
    """Where it was noticed in a file, when a place is known."""
    page: int | None = None
    """The PDF page, for what a print check finds."""
    severity: Severity | None = None
    """``error`` fails a check; ``warning`` fails only with ``--strict``; by default
    the code's, from :data:`mkbook.codes.CODES`."""

    def __post_init__(self) -> None:
        if self.severity is None:
            object.__setattr__(self, "severity", code_severity(self.code))

    @property
    def where(self) -> str | None:
        """``file:line``, ``page N``, or None when nothing more precise is known."""
        if self.source is not None:
            return str(self.source)
        return f"page {self.page}" if self.page else None

    def as_dict(self) -> dict[str, Any]:
        """The diagnostic as ``--json`` prints it."""
        return {"code": self.code, "message": self.message, "page": self.page,
                "where": str(self.source) if self.source else None,
                "severity": self.severity}

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.message} [{self.code}]"

    def labelled(self) -> str:
        """``file:line: warning: message [code]``, as compilers print theirs."""
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.severity}: {self.message} [{self.code}]"


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """Send each diagnostic to the ``mkbook`` logger at its severity's level."""
    for diagnostic in diagnostics:
        level = logging.ERROR if diagnostic.severity == "error" else logging.WARNING
        log.log(level, "%s", diagnostic, extra={"diagnostic": diagnostic})


class Tally(logging.Handler):
    """Counts the warnings and errors logged under ``mkbook`` (and WeasyPrint's, which
    are warnings about the book too), by code where the record carries a diagnostic."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.codes: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        diagnostic = getattr(record, "diagnostic", None)
        self.codes[diagnostic.code if isinstance(diagnostic, Diagnostic) else "other"] += 1

    @property
    def total(self) -> int:
        return sum(self.codes.values())


@contextmanager
def counted() -> Iterator[Tally]:
    """A :class:`Tally` of what is warned while the block runs."""
    tally = Tally()
    loggers = [logging.getLogger(name) for name in ("mkbook", "weasyprint")]
    for logger in loggers:
        logger.addHandler(tally)
    try:
        yield tally
    finally:
        for logger in loggers:
            logger.removeHandler(tally)
