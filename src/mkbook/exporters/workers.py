"""The processes that lay out a PDF's pieces, and starting them before they are needed.

Workers are forked from a server process that has imported WeasyPrint once (0.6 s);
starting that server as a command begins lets the import overlap reading and
typesetting the manuscript.  This module imports nothing heavy, so the command line
can call it first thing.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

_PRELOAD = ["mkbook.exporters.pdf_worker", "weasyprint"]
_started = False
_warmed: tuple[int, Executor] | None = None


def _forkserver() -> bool:
    return "forkserver" in multiprocessing.get_all_start_methods()


def start_early(jobs: int | None = None) -> None:
    """Start the server workers fork from, without waiting for it (Linux, macOS)."""
    global _started
    if _started or (jobs or default_jobs()) < 2 or not _forkserver():
        return
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(_PRELOAD)
    forkserver.ensure_running()
    _started = True


def started_early() -> bool:
    """Whether workers are cheap to start now (their server is up or on its way)."""
    return _started


def warm(jobs: int, task: Callable[..., Any], *args: Any) -> None:
    """Start *jobs* workers now, each running *task* (a warm-up), for :func:`pool`."""
    global _warmed
    if jobs < 2 or _warmed is not None:
        return
    workers = _new_pool(jobs)
    for _ in range(jobs):
        workers.submit(task, *args)
    _warmed = (jobs, workers)


def pool(jobs: int) -> Executor:
    """*jobs* worker processes: those :func:`warm` started, or new ones."""
    global _warmed
    if _warmed is not None and _warmed[0] == jobs:
        workers, _warmed = _warmed[1], None
        return workers
    return _new_pool(jobs)


def _new_pool(jobs: int) -> Executor:
    """*jobs* worker processes (forked from the server where there is one)."""
    context = multiprocessing.get_context("forkserver" if _forkserver() else "spawn")
    if _forkserver():  # import WeasyPrint once, not once per worker
        context.set_forkserver_preload(_PRELOAD)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def default_jobs() -> int:
    """As many workers as the machine has cores for this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
