"""``mkbook catalog``: every book of a catalog built as one job (``mkbook.catalog``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from mkbook.cli.app import DebugOpt, app, guarded
from mkbook.errors import MkbookError

SOME_FAILED = 1
"""The exit code when a book of the catalog failed or timed out (the rest are built)."""


@app.command("catalog")
def catalog_command(
    catalog: Annotated[str, typer.Argument(
        help="The catalog: a folder of book projects and manuscript files (and its "
        "catalog.toml, if it has one); a path, or a URL every worker reaches "
        "(s3://press/backlist).")] = ".",
    output: Annotated[str | None, typer.Option(
        "-o", "--output", help="The folder to write into, a path or a URL [default: "
        "CATALOG/dist]")] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="A Dask scheduler's address (tcp://host:8786) [default: "
        "DASK_SCHEDULER_ADDRESS, else a cluster on this machine].")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Books built at once on this machine [default: one per "
        "core].")] = None,
    book_timeout: Annotated[float | None, typer.Option(
        "--book-timeout", min=1, help="Seconds a book may take before it is stopped and "
        "reported.")] = None,
    book_memory: Annotated[float | None, typer.Option(
        "--book-memory", min=64, help="Megabytes a book may use before it is stopped.")
    ] = None,
    epubcheck: Annotated[bool, typer.Option(
        "--epubcheck/--no-epubcheck", help="Run epubcheck on every EPUB (it needs Java).")
    ] = True,
    serve: Annotated[bool, typer.Option(
        "--serve", help="Then serve the output on 127.0.0.1 (its feeds for an OPDS app).")
    ] = False,
    port: Annotated[int, typer.Option("--port", help="The port --serve listens on.")] = 8787,
    debug: DebugOpt = False,
) -> None:
    """Build every book of a catalog, on this machine or a Dask cluster, with a report
    (report.json, index.html) and OPDS feeds (catalog.xml, catalog.json)."""
    started = time.monotonic()
    reports = guarded(lambda: _build(catalog, output, scheduler, workers, book_timeout,
                                     book_memory, epubcheck), debug, spinner=False)
    from mkbook.catalog.report import FAILED, summary_line

    for report in reports:
        if report["status"] in FAILED:
            typer.echo(f"mkbook: error: {report['slug']}: {report.get('error', '')}", err=True)
    typer.echo(summary_line(reports, time.monotonic() - started))
    if serve:
        _serve(catalog, output, port, debug)
    if any(report["status"] in FAILED for report in reports):
        raise typer.Exit(SOME_FAILED)


def _serve(catalog: str, output: str | None, port: int, debug: bool) -> None:
    from mkbook.catalog.plan import read_catalog
    from mkbook.catalog.serve import serve_catalog
    from mkbook.catalog.storage import is_url, join

    folder = output or join(read_catalog(catalog).folder, "dist")
    if is_url(folder):
        typer.echo(f"mkbook: error: --serve serves a folder of this machine, not {folder}",
                   err=True)
        raise typer.Exit(2)

    def ready(url: str) -> None:
        typer.echo(f"Serving the catalog at {url} (OPDS: {url}catalog.xml, "
                   f"{url}catalog.json); Ctrl-C to stop", err=True)

    try:
        guarded(lambda: serve_catalog(Path(folder), port, ready), debug)
    except typer.Exit as stopped:  # Ctrl-C: the catalog was built, the serving ends
        if stopped.exit_code != 130:
            raise


def _build(catalog: str, output: str | None, scheduler: str | None, workers: int | None,
           timeout: float | None, memory: float | None, epubcheck: bool) -> list[Any]:
    try:
        from mkbook.catalog.run import RunOptions, build_catalog
    except ImportError as err:
        raise MkbookError(f"mkbook catalog needs Dask ({err.name} is missing): pip install "
                          "'mkbook-press[catalog]'") from None
    from mkbook.catalog.opds import write_feeds
    from mkbook.catalog.plan import read_catalog
    from mkbook.catalog.report import write_reports
    from mkbook.catalog.storage import Output, join

    found = read_catalog(catalog)
    out = Output(output or join(found.folder, "dist"))
    options = RunOptions(scheduler, workers, timeout, memory, epubcheck)
    with _progress(len(found.books)) as advance:
        reports = build_catalog(found, out, options, advance,
                                lambda line: typer.echo(line, err=True))
    write_reports(found, reports, out)
    write_feeds(found, reports, out)
    return reports


def _progress(total: int) -> Any:
    """A progress bar on a terminal (books done, failed, left, books a minute built,
    time left), nothing elsewhere."""
    from contextlib import contextmanager

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from mkbook.terminal import OUTPUT

    @contextmanager
    def shown() -> Any:
        failed = built = 0
        started = time.monotonic()
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.fields[failed]} failed"),
                      TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True,
                      disable=OUTPUT.quiet) as bar:
            task = bar.add_task("building", total=total, failed=0, rate="")

            def advance(report: dict[str, Any]) -> None:
                nonlocal failed, built
                failed += report["status"] in ("failed", "timeout")
                built += report["status"] == "built"
                minutes = (time.monotonic() - started) / 60
                rate = f"{built / minutes:.1f} books/min" if built and minutes else ""
                bar.update(task, advance=1, failed=failed, rate=rate,
                           description=f"{report['status']} {report['slug']}")

            yield advance

    return shown()
