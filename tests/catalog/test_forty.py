"""The acceptance of ``mkbook catalog`` (the long suite): forty books, the corpus among
them, on the embedded cluster and on a real ``dask scheduler`` with two workers, one of
them killed mid-run; every good book built and valid, the broken ones reported with
their error, the hanging one timed out, the feeds valid; built again, only the book that changed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from feeds import assert_valid_feeds
from forty import BROKEN, HANGS, faulty_children, forty
from typer.testing import CliRunner

from mkbook.cli import app

pytestmark = pytest.mark.long
TIMEOUT = "90"
"""Seconds a book may take: War and Peace's EPUB and its epubcheck take a third of it."""


@pytest.fixture(scope="module")
def hung(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The processes the catalog starts stall on opening HANGS (:func:`forty.fault_hook`)."""
    with pytest.MonkeyPatch.context() as patch:
        faulty_children(patch, tmp_path_factory.mktemp("hook"))
        yield


@pytest.fixture(scope="module")
def local(hung: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = forty(tmp_path_factory.mktemp("forty"))
    result = CliRunner().invoke(app, ["catalog", str(root), "--workers", "2",
                                      "--book-timeout", TIMEOUT])
    report = json.loads((root / "dist" / "report.json").read_text(encoding="utf-8"))
    return {"root": root, "result": result, "books": report["books"]}


def test_forty_books_37_built_and_valid_the_rest_reported(local: dict[str, Any]) -> None:
    result, books = local["result"], local["books"]
    assert result.exit_code == 1, result.output
    assert "40 books: 37 built, 0 unchanged, 2 failed, 1 timed out" in result.stdout
    by_status: dict[str, list[str]] = {}
    for book in books:
        by_status.setdefault(book["status"], []).append(book["slug"])
    assert sorted(by_status["failed"]) == sorted(BROKEN)
    assert by_status["timeout"] == [Path(HANGS).stem]
    for book in books:
        if book["status"] == "built":  # epubcheck ran on each: no fatal, error or warning
            (epub,) = (local["root"] / "dist" / book["slug"]).glob("*.epub")
            assert book["epubcheck"] == {epub.name: {"errors": 0, "warnings": 0}}, book
            assert book["publisher"], book["slug"]  # its own, or the catalog's default
    errors = {book["slug"]: book.get("error", "") for book in books}
    assert "binary file" in errors["broken-binary"]
    assert "book.toml" in errors["broken-config"] and "line" in errors["broken-config"]
    assert f"timed out after {TIMEOUT} s" in errors["hangs"]
    for line in (f"broken-binary: {errors['broken-binary']}", "hangs: timed out"):
        assert line in result.output  # each failure on the terminal, with its reason
    assert_valid_feeds(local["root"] / "dist")


def test_built_again_after_one_manuscript_changed_exactly_one_is_built(
        local: dict[str, Any]) -> None:
    root = local["root"]
    (changed,) = root.glob("generated/markdown-01.md")
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    result = CliRunner().invoke(app, ["catalog", str(root), "--workers", "2",
                                      "--book-timeout", "10", "--no-epubcheck"])
    assert "40 books: 1 built, 36 unchanged, 2 failed, 1 timed out" in result.stdout, \
        result.output
    report = json.loads((root / "dist" / "report.json").read_text(encoding="utf-8"))
    assert [b["slug"] for b in report["books"] if b["status"] == "built"] == ["markdown-01"]


def test_on_a_real_scheduler_with_a_worker_killed_the_bytes_are_the_local_runs(
        local: dict[str, Any], tmp_path: Path) -> None:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1: the catalog
    built through ``--scheduler`` gives the local run's bytes, and killing a worker
    mid-run still finishes every book."""
    root = forty(tmp_path / "again")
    address_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", "0", "--no-dashboard", "--scheduler-file", str(address_file)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[subprocess.Popen[bytes]] = []
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
        workers = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker",
                                     address, "--nthreads", "1", "--no-dashboard",
                                     "--host", "127.0.0.1"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
                   for _ in range(2)]
        killer = subprocess.Popen([sys.executable, "-c", "import time, os, signal, sys; "
                                   "time.sleep(15); os.killpg(int(sys.argv[1]), signal.SIGKILL)",
                                   str(workers[0].pid)])
        result = CliRunner().invoke(app, ["catalog", str(root), "--scheduler", address,
                                          "--book-timeout", "30", "--no-epubcheck"])
        killer.wait()
    finally:
        for process in (*workers, scheduler):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    assert workers[0].returncode == -signal.SIGKILL  # the worker was killed mid-run
    assert "40 books: 37 built, 0 unchanged, 2 failed, 1 timed out" in result.stdout, \
        result.output
    here = json.loads((local["root"] / "dist" / "report.json").read_text(encoding="utf-8"))
    for book in here["books"]:
        if book["status"] == "built" and book["slug"] != "markdown-01":  # changed since
            for name, described in book["formats"].items():
                ours = local["root"] / "dist" / book["slug"] / described["file"]
                theirs = root / "dist" / book["slug"] / described["file"]
                assert theirs.read_bytes() == ours.read_bytes(), (book["slug"], name)
