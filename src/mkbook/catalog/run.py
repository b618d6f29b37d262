"""The catalog's books as Dask tasks: on an embedded ``LocalCluster`` sized to the
machine, or on any scheduler (``--scheduler``, ``DASK_SCHEDULER_ADDRESS``) with the same
code.  A book whose inputs have not changed since its last build is not built again;
one that fails, times out or loses its worker is reported with its reason, and the
others go on.  Each task builds its book in a child process (``one_book.py``) with one
layout process, so a worker's one thread is one core's worth of work.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mkbook.catalog.one_book import MANIFEST, build_isolated
from mkbook.catalog.plan import Catalog, CatalogBook
from mkbook.catalog.storage import Output
from mkbook.errors import ConfigError

Progress = Callable[[dict[str, Any]], None]


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How the catalog is built."""

    scheduler: str | None = None
    """A Dask scheduler's address; None starts an embedded cluster."""
    workers: int | None = None
    """The embedded cluster's workers; None: one per core."""
    book_timeout: float | None = None
    book_memory_mb: float | None = None
    epubcheck: bool = True


def up_to_date(book: CatalogBook, output: Output) -> dict[str, Any] | None:
    """The last report of *book*, when its output was built from the same inputs."""
    try:
        found = json.loads(output.read_text(book.slug, MANIFEST) or "")
    except ValueError:
        return None
    if found.get("inputs") != book.inputs:
        return None
    return {"slug": book.slug, "source": book.source, **found.get("report", {}),
            "status": "unchanged", "seconds": 0.0, "peak_memory_mb": 0.0}


def build_catalog(catalog: Catalog, output: Output, options: RunOptions,
                  progress: Progress | None = None,
                  announce: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Every book's report, in the catalog's order; outdated books are built on Dask.
    *progress* hears of each book as it ends, *announce* of the cluster's dashboard."""
    reports: dict[str, dict[str, Any]] = {}
    pending = []
    for book in catalog.books:
        last = up_to_date(book, output)
        if last is not None:
            reports[book.slug] = last
            if progress:
                progress(last)
        else:
            pending.append(book)
    if pending:
        for report in _on_dask(pending, output.location, options, announce):
            reports[report["slug"]] = report
            if progress:
                progress(report)
    return [reports[book.slug] for book in catalog.books]


def _on_dask(books: list[CatalogBook], out_root: str, options: RunOptions,
             announce: Callable[[str], None] | None) -> Any:
    """Each book's report as its task ends, failed ones with their reason."""
    from dask.distributed import as_completed

    client, cluster = _client(options)
    try:
        link = dashboard_link(client)
        if link and announce:
            announce(f"Dask dashboard: {link}")
        futures = {client.submit(build_isolated, book, out_root, options.book_timeout,
                                 options.book_memory_mb, options.epubcheck,
                                 key=f"mkbook-{book.slug}-{book.inputs[:16]}", pure=False,
                                 retries=1): book
                   for book in books}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            book = futures[future]
            if future.status == "finished":
                yield future.result()
            else:
                yield {"slug": book.slug, "source": book.source, "status": "failed",
                       "error": _task_error(future), "seconds": 0.0, "peak_memory_mb": 0.0}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _task_error(future: Any) -> str:
    """Why a task failed, in words: a lost worker, or the exception it raised."""
    try:
        error = future.exception()
    except Exception as err:  # the future itself is lost
        error = err
    name = type(error).__name__
    if name == "KilledWorker":
        return "its worker died while building it, twice (on two workers)"
    return f"{name}: {error}"


def dashboard_link(client: Any) -> str:
    """The address of the scheduler's dashboard, or "" when it draws none: its web
    server always runs, and without Bokeh beside the scheduler its page only says so."""

    def can_draw() -> bool:  # run on the scheduler, which may not have mkbook
        from importlib.util import find_spec

        return find_spec("bokeh") is not None

    try:
        services = client.scheduler_info().get("services", {})
        drawn = "dashboard" in services and bool(client.run_on_scheduler(can_draw))
    except Exception:  # noqa: BLE001 - a link is a courtesy: no answer, no link
        return ""
    return str(client.dashboard_link) if drawn else ""


def _client(options: RunOptions) -> tuple[Any, Any]:
    """A client of the scheduler named, or of a new cluster on this machine."""
    from dask.distributed import Client, LocalCluster

    address = options.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        try:
            return Client(address, timeout="20s"), None  # type: ignore[no-untyped-call]
        except OSError as err:
            raise ConfigError(f"cannot reach the Dask scheduler at {address} ({err}): start "
                              "it (dask scheduler), or leave --scheduler out to build on "
                              "this machine") from None
    import dask

    workers = options.workers or os.cpu_count() or 1
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):  # one retry
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True,
            dashboard_address="127.0.0.1:0",  # its web server runs anyway: loopback, any port
            silence_logs=logging.ERROR)
    return Client(cluster), cluster  # type: ignore[no-untyped-call]

