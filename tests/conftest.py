"""Session-wide fixtures: each book is read, built and validated once per test run."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support import CORPUS, SAMPLE, BuiltBook, corpus_source, print_book

_BUILDS: dict[str, BuiltBook] = {}


@pytest.fixture(scope="session")
def build_book(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], BuiltBook]:
    """``build_book("sample")`` or ``build_book("<corpus name>")``: built once, shared."""

    def get(name: str) -> BuiltBook:
        if name not in _BUILDS:
            source = SAMPLE if name == "sample" else corpus_source(name)
            _BUILDS[name] = BuiltBook(source, tmp_path_factory.mktemp(name))
        return _BUILDS[name]

    return get


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``built(name, trim, profile)``: a book the PDF tests print (``PRINT_BOOKS``),
    laid out once per trim and profile."""
    from functools import cache

    from mkbook import api

    @cache
    def build(name: str, trim: str, profile: str = "print") -> Path:
        folder = tmp_path_factory.mktemp(f"{name}-{trim}-{profile}")
        project = api.load_project(print_book(name))
        options = {"trim": trim, "profile": profile}
        return api.export(project, "pdf", folder / "book.pdf", options).path

    return build


@pytest.fixture(autouse=True, scope="session")
def _fixed_source_date(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds in tests are stamped with a fixed time, as a release build would be."""
    import os

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture(autouse=True, scope="session")
def _layout_cache_outside_the_sources(tmp_path_factory: pytest.TempPathFactory) -> None:
    """PDF layout caches go to a scratch folder, never into the corpus or the sample."""
    import os

    os.environ.setdefault("MKBOOK_CACHE_DIR", str(tmp_path_factory.mktemp("layout-cache")))


def pytest_report_header() -> list[str]:
    return [f"corpus: {CORPUS}", f"sample manuscript: {SAMPLE}"]


@pytest.fixture
def run_cli() -> Callable[..., Any]:
    """Run the mkbook command line in-process: ``run_cli("pdf", "book.md")``."""
    from typer.testing import CliRunner

    from mkbook.cli import app

    def _run(*args: str) -> Any:
        return CliRunner().invoke(app, list(args))

    return _run


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a file under a fresh folder: ``write("book.txt", "text")`` or bytes."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


# --------------------------------------------------------------------------- the ratchet

KNOWN_PATH = Path(__file__).resolve().parent / "corpus_known.json"
KNOWN: dict[str, dict[str, str]] = json.loads(KNOWN_PATH.read_text(encoding="utf-8"))
"""Corpus checks that do not hold yet: ``{book: {check: reason}}``. The list may only shrink."""


def known_check(item: pytest.Item) -> tuple[str, str] | None:
    """``(book, check)`` for a test run on one corpus book, e.g. ``("moby-dick",
    "test_store_variants_pass_epubcheck[epub-kobo]")``; None for any other test."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    book = params.get("name")
    if not isinstance(book, str) or book not in KNOWN:
        return None
    others = [str(value) for key, value in params.items() if key != "name"]
    check = getattr(item, "originalname", item.name) + (f"[{'-'.join(others)}]" if others else "")
    return book, check


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A listed check must still fail (so the list shrinks as the reader improves); an
    unlisted one must hold. A listed check that now holds fails, naming the entry."""
    listed = known_check(item)
    if listed is None or listed[1] not in KNOWN[listed[0]] or \
            item.config.getoption("unratcheted"):
        return (yield)
    try:
        yield
    except (Exception, pytest.fail.Exception):
        return None
    book, check = listed
    pytest.fail(f"{book}: {check} holds now; remove it from tests/corpus_known.json "
                f"(listed as: {KNOWN[book][check]})")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--unratcheted", action="store_true",
                     help="report every corpus check as it is, listed in corpus_known.json or not")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """When the whole suite runs, every entry of the ratchet must name a check that runs:
    a renamed test or book would otherwise leave a stale entry nobody sees."""
    whole_suite = (config.args_source == pytest.Config.ArgsSource.TESTPATHS
                   and not config.option.keyword and not config.option.markexpr)
    if not whole_suite:
        return
    collected = {listed for item in items if (listed := known_check(item))}
    stale = [f"{book}: {check}" for book, checks in KNOWN.items() for check in checks
             if (book, check) not in collected]
    if stale:
        raise pytest.UsageError("tests/corpus_known.json lists checks that no test runs: "
                                + "; ".join(stale))
