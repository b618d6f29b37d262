"""Progress for long builds, drawn by rich on a terminal and silent everywhere else.

The library only logs: ``mkbook.progress`` names each stage, and WeasyPrint's own
``weasyprint.progress`` logger names every page it lays out.  The command line
turns those records into a live line with a spinner, the stage and the page count.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

log = logging.getLogger("mkbook.progress")
_PAGE_RE = re.compile(r"Creating layout - Page (\d+)")


def stage(text: str) -> None:
    """Announce a stage of a build (reading, typesetting, laying out…)."""
    log.info("%s", text)


class _ProgressHandler(logging.Handler):
    def __init__(self, progress: Progress) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.task = progress.add_task("starting", total=None)
        self.stage = "starting"

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        page = _PAGE_RE.search(message)
        if record.name == log.name:
            self.stage = message
            self.progress.update(self.task, description=message)
        elif page:
            self.progress.update(self.task, description=f"{self.stage}: page {page.group(1)}")


@contextmanager
def shown(enabled: bool) -> Iterator[None]:
    """Draw progress on stderr while the block runs, if *enabled* and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield
        return
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=True)
    handler = _ProgressHandler(progress)
    loggers = [logging.getLogger(name) for name in (log.name, "weasyprint.progress")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        with progress:
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
