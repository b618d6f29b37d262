"""One book of a catalog, built in a process of its own.

A book that crashes the interpreter, hangs, or takes all the memory ends its own
process, never the worker that runs the catalog's tasks: :func:`build_isolated` starts
``python -m mkbook.catalog.one_book`` with the book's spec on stdin, watches its time
and memory (with its layout processes) and reads its report from stdout.  The book is
written into a folder of its own and put in place whole when it is done
(``storage.Output.publish``), so a failed build leaves the previous one as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

from mkbook.catalog.plan import LEFT_OUT, CatalogBook
from mkbook.catalog.storage import (
    Output,
    as_named,
    cache_root,
    partial_folder,
    staged,
    staged_folder,
)

MANIFEST = ".mkbook-build.json"
"""Written last into a book's output folder: the inputs it was built from, its report."""
POLL_SECONDS = 0.2


def build_isolated(book: CatalogBook, out_root: str, timeout: float | None = None,
                   memory_mb: float | None = None, epubcheck: bool = True) -> dict[str, Any]:
    """Build *book* into ``out_root/<slug>/`` in a child process: its report, with
    ``status`` built, failed or timeout, its seconds and peak memory."""
    spec = {**asdict(book), "out_root": out_root, "epubcheck": epubcheck}
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        report = _watch(book, spec, stdout, stderr, timeout, memory_mb)
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read(), stderr.read()
    pid = report.pop("pid")  # what a stopped or crashed child had written goes with it
    for folder in (partial_folder(out_root, book.slug, pid), staged_folder(book.slug, pid)):
        shutil.rmtree(folder, ignore_errors=True)
    if report["status"] != "running":
        return report
    try:
        found = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    except json.JSONDecodeError:
        found = {}
    returncode = report.pop("returncode")
    if returncode != 0 or "error" in found or not found:
        reason = found.get("error") or _ended_by(returncode, _last_line(err)) or \
            _last_line(err) or "the build ended with no report"
        return {**report, "status": "failed", "error": reason}
    return {**report, **found, "status": "built"}


def _ended_by(returncode: int, last_line: str) -> str:
    """Why a child ended on a signal, in words: a crash, or a kill (the system's
    out-of-memory killer sends SIGKILL); "" when it exited."""
    import signal

    if returncode >= 0:
        return ""
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"signal {-returncode}"
    why = {"SIGKILL": "killed, often by the system when memory runs out",
           "SIGSEGV": "it crashed", "SIGBUS": "it crashed", "SIGABRT": "it aborted"}
    said = f": {last_line}" if last_line else ""
    return f"the build process ended on {name} ({why.get(name, 'a signal')}){said}"


def _watch(book: CatalogBook, spec: dict[str, Any], stdout: Any, stderr: Any,
           timeout: float | None, memory_mb: float | None) -> dict[str, Any]:
    """Run the child to its end, or stop it at its time or memory limit; its output goes
    to files (a pipe left unread while the child runs could fill and stall it)."""
    import psutil  # Dask's own dependency

    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "mkbook.catalog.one_book"],
                             stdin=subprocess.PIPE, stdout=stdout, stderr=stderr, text=True,
                             start_new_session=True)
    assert child.stdin is not None
    child.stdin.write(json.dumps(spec))
    child.stdin.close()
    peak, stopped = 0.0, ""
    watched = psutil.Process(child.pid)
    while child.poll() is None:
        peak = max(peak, _resident_mb(watched))
        if timeout is not None and time.monotonic() - started > timeout:
            stopped = f"timed out after {timeout:g} s (--book-timeout)"
        elif memory_mb is not None and peak > memory_mb:
            stopped = f"used more than {memory_mb:g} MB of memory (--book-memory)"
        if stopped:
            _kill_group(child)
            break
        time.sleep(POLL_SECONDS)
    child.wait()
    report: dict[str, Any] = {"slug": book.slug, "source": book.source,
                              "seconds": round(time.monotonic() - started, 2),
                              "peak_memory_mb": round(peak, 1)}
    if stopped:
        return {**report, "status": "timeout" if "timed out" in stopped else "failed",
                "error": stopped, "pid": child.pid}
    return {**report, "status": "running", "returncode": child.returncode, "pid": child.pid}


def _resident_mb(process: Any) -> float:
    """The resident memory of *process* and its descendants (the PDF's layout workers)."""
    import psutil

    try:
        family = [process, *process.children(recursive=True)]
        return float(sum(member.memory_info().rss for member in family)) / 2**20
    except psutil.Error:
        return 0.0


def _kill_group(child: subprocess.Popen[str]) -> None:
    """End the child and every process it started (its own session)."""
    import signal
    from contextlib import suppress

    with suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:500] if lines else ""


def _orphaned_ends() -> None:
    """End this process when the task that started it is gone (its worker was killed):
    the task runs again elsewhere, and this build is no one's."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def main() -> int:
    """The child: read the spec, build, print the report as one JSON line.  The PDF
    layout cache goes to the catalog's cache folder, not into the book's project."""
    _orphaned_ends()
    os.environ["MKBOOK_CACHE_DIR"] = str(cache_root())
    spec = json.loads(sys.stdin.read())
    try:
        print(json.dumps(build_here(spec)))
        return 0
    except Exception as err:  # the report is the channel back: every failure goes on it
        from mkbook.errors import MkbookError

        kind = "" if isinstance(err, MkbookError) else f"internal error: {type(err).__name__}: "
        message = as_named(f"{kind}{err}", spec["source"], spec["slug"])
        print(json.dumps({"error": message}))
        return 1


def build_here(spec: dict[str, Any]) -> dict[str, Any]:
    """Build the book *spec* describes into a new folder, then put it in place."""
    from mkbook import api
    from mkbook.diagnostics import counted, report

    book = CatalogBook(**{f.name: spec[f.name] for f in fields(CatalogBook)})
    output = Output(spec["out_root"])
    partial = partial_folder(spec["out_root"], book.slug, os.getpid())  # a retry has its own
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        with counted() as tally, staged(book.source, book.slug, LEFT_OUT) as source:
            project = with_defaults(api.load_project(source), book.defaults)
            report(project.book.warnings)
            results = api.build(project, list(book.formats) or None, partial,
                                {"pdf": {"jobs": 1}})
            modified = _modified(project)  # from its files' times, while they are here
        found = _describe(project, results, tally.codes, spec.get("epubcheck", True))
        found["cover"] = _cover_image(results, partial)
        found["modified"] = modified
        (partial / MANIFEST).write_text(json.dumps({"inputs": book.inputs, "report": found},
                                                   indent=1), encoding="utf-8")
        output.publish(partial, book.slug)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return found


def with_defaults(project: Any, defaults: dict[str, dict[str, Any]]) -> Any:
    """*project* with the catalog's defaults under its own settings: a ``[book]`` value
    where the book has none, an exporter option its own table does not set."""
    meta, config = project.book.metadata, project.config
    shared = dict(defaults.get("book", {}))
    theme = shared.pop("theme", None)
    if "author" in shared:
        shared["authors"] = shared.pop("author")
    filled = {key: tuple(value) if isinstance(value, list) else value
              for key, value in shared.items()
              if key in {f.name for f in fields(meta)} and not getattr(meta, key)}
    tables = {name: {**defaults.get(name, {}), **config.exporters.get(name, {})}
              for name in {*config.exporters, *defaults} - {"book"}}
    settings = replace(config.book, theme=config.book.theme or theme)
    return replace(project, book=replace(project.book, metadata=replace(meta, **filled)),
                   config=replace(config, exporters=tables, book=settings))


def _describe(project: Any, results: list[Any], codes: Any,
              epubcheck: bool) -> dict[str, Any]:
    meta = project.book.metadata
    formats = {result.format: {"file": result.path.name, "bytes": result.path.stat().st_size}
               for result in results}
    checked = {result.path.name: _epubcheck(result.path) for result in results
               if epubcheck and result.path.suffix == ".epub"}
    return {"title": meta.title, "authors": list(meta.authors), "language": meta.language,
            "description": meta.description, "identifier": meta.identifier,
            "date": meta.date, "publisher": meta.publisher, "formats": formats,
            "warnings": {code: count for code, count in sorted(codes.items())},
            "epubcheck": checked}


def _cover_image(results: list[Any], folder: Path) -> str:
    """The EPUB's cover image copied beside the book (``cover.jpg``), for the report's
    thumbnails and the feeds' images; empty when there is no EPUB."""
    import posixpath
    import zipfile

    from lxml import etree

    epub = next((r.path for r in results if r.path.name.endswith(".epub")
                 and not r.path.name.endswith((".kepub.epub", ".kindle.epub"))), None)
    if epub is None:
        return ""
    with zipfile.ZipFile(epub) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf_name = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(archive.read(opf_name))
        item = next((i for i in opf.iterfind(".//{*}manifest/{*}item")
                     if "cover-image" in (i.get("properties") or "").split()), None)
        if item is None:
            return ""
        name = posixpath.normpath(posixpath.join(posixpath.dirname(opf_name), item.get("href")))
        cover = "cover" + Path(name).suffix.lower()
        (folder / cover).write_bytes(archive.read(name))
    return cover


def _modified(project: Any) -> str:
    """When the book last changed, as its files say (the date its EPUB carries)."""
    from datetime import UTC, datetime

    from mkbook import api

    stamp = api.source_timestamp(project.book)
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _epubcheck(path: Path) -> dict[str, int]:
    """epubcheck's count of fatal errors, errors and warnings for one EPUB."""
    from mkbook.checks import check_epub

    found = check_epub(path)
    if any(f.code.startswith("MK7") for f in found):
        return {"not_run": 1}
    return {"errors": sum(f.severity == "error" for f in found),
            "warnings": sum(f.severity == "warning" for f in found)}


if __name__ == "__main__":
    sys.exit(main())
