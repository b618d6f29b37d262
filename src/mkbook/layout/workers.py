"""The processes that lay out a PDF's pieces, and starting them before they are needed.

Workers are forked from a server process that has imported WeasyPrint once (0.6 s);
starting that server as a command begins lets the import overlap reading and
typesetting the manuscript.  This module imports nothing heavy, so the command line
can call it first thing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import tempfile
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import util
from typing import Any

_PRELOAD = ["mkbook.layout.jobs", "weasyprint", "mkbook.layout.preload"]
_started = False


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


def pool(jobs: int) -> Executor:
    """*jobs* worker processes (forked from the server where there is one)."""
    context = multiprocessing.get_context("forkserver" if _forkserver() else "spawn")
    if _forkserver():  # import WeasyPrint once, not once per worker
        context.set_forkserver_preload(_PRELOAD)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_end_with_parent, initargs=(_lifeline(context),))


_LIFELINE: list[Any] = []


def _lifeline(context: Any) -> Any:
    """The reading end of a pipe whose writing end only this process holds, open
    until it ends, however it ends."""
    if not _LIFELINE:
        _LIFELINE[:] = context.Pipe(duplex=False)
    return _LIFELINE[0]


def _end_with_parent(lifeline: Any) -> None:
    """In a worker: end when the process that started it ends, leaving no files.

    A build killed mid-layout (SIGKILL, SIGTERM) cannot shut its workers down, and a
    worker waiting for its next job would wait for ever; the pipe ends when its
    writer's process does, and the worker goes with it.  WeasyPrint writes each
    ``@font-face`` to a temporary folder it removes only when its font configuration
    is freed, which a worker's exit never does: the worker's temporary files go in a
    folder of its own, removed however it ends.
    """
    folder = tempfile.mkdtemp(prefix="mkbook-worker-")
    tempfile.tempdir = folder
    util.Finalize(None, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                  exitpriority=0)

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv()
        shutil.rmtree(folder, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="mkbook-lifeline").start()


def default_jobs() -> int:
    """As many workers as the machine has cores for this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
