"""The same input gives byte-identical books."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mkbook import api
from support import SAMPLE, assert_valid_epub


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_two_builds_are_byte_identical(tmp_path: Path, fmt: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    options = {"cache": False} if fmt == "pdf" else {}  # lay it out twice, not once
    paths = [api.export(api.load_project(SAMPLE), fmt, tmp_path / run / f"book.{fmt}",
                        options).path for run in ("first", "second")]
    digests = {hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}
    assert len(digests) == 1
    if fmt == "epub":
        assert_valid_epub(paths[0])


def test_source_date_epoch_is_the_modification_date(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = api.export(api.load_project(SAMPLE), "epub", tmp_path / "b.epub").path
    assert_valid_epub(path)
    with zipfile.ZipFile(path) as archive:
        opf = archive.read("EPUB/content.opf").decode()
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' in opf


def test_the_epub_command_twice_gives_the_same_sha256(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    mkbook = Path(sys.executable).with_name("mkbook")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    digests = set()
    for run in ("one", "two"):
        out = tmp_path / f"{run}.epub"
        subprocess.run([str(mkbook), "epub", str(SAMPLE), "-o", str(out)], env=env, check=True,
                       capture_output=True)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1
    assert_valid_epub(tmp_path / "one.epub")


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_the_same_project_in_two_folders_at_two_times_gives_the_same_pdf(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str) -> None:
    """No SOURCE_DATE_EPOCH: the stamp is the manuscript's own time, copied along with it;
    nothing of the clock, the folder's path or the cache's state reaches the bytes."""
    import shutil
    import time

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("MKBOOK_CACHE_DIR", str(tmp_path / "cache"))
    first, second = tmp_path / "a" / "book", tmp_path / "somewhere" / "else" / "book"
    shutil.copytree(SAMPLE, first, copy_function=shutil.copy2)
    options = {"cache": cache == "warm", "jobs": 2}
    one = api.export(api.load_project(first), "pdf", tmp_path / "one.pdf", options).path
    time.sleep(2.1)  # a clock that leaks in shows at the second
    shutil.copytree(first, second, copy_function=shutil.copy2)
    two = api.export(api.load_project(second), "pdf", tmp_path / "two.pdf", options).path
    assert one.read_bytes() == two.read_bytes()


def test_a_font_subset_carries_no_clock() -> None:
    """fontTools stamps ``head.modified`` with the time of saving unless told not to."""
    import time

    from mkbook.layout.fonts import subset_font
    from mkbook.render.fonts import FONT_FILES, font_folder

    folder = font_folder()
    assert folder is not None
    path = folder / next(iter(FONT_FILES.values()))
    first = subset_font(path, frozenset(range(1, 40)), whole=False)
    time.sleep(1.1)
    assert subset_font(path, frozenset(range(1, 40)), whole=False) == first
