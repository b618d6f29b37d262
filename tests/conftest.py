"""Session-wide fixtures: each book is read, built and validated once per test run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import CORPUS, SAMPLE, BuiltBook, corpus_source

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
