"""The command line: bad input gets one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mkbook import __version__
from mkbook.cli import app
from support import SAMPLE, assert_valid_epub

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(code: int, stderr: str, path: Path) -> None:
    assert code not in (0, 2)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("mkbook: error: ")
    assert str(path) in lines[0]
    assert "Traceback" not in stderr


@pytest.mark.parametrize("command", ["pdf", "epub", "build", "inspect"])
def test_missing_file(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nowhere.txt"
    code, _, stderr = run(command, str(missing))
    assert_one_line_error(code, stderr, missing)
    assert "no such file" in stderr


def test_empty_file(write: Callable[..., Path]) -> None:
    path = write("empty.txt", "\n \n\t\n")
    code, _, stderr = run("pdf", str(path), "-o", str(path.with_suffix(".pdf")))
    assert_one_line_error(code, stderr, path)
    assert "empty" in stderr
    assert not path.with_suffix(".pdf").exists()


def test_binary_file(write: Callable[..., Path]) -> None:
    path = write("cover.txt", bytes(range(256)) * 8)
    code, _, stderr = run("pdf", str(path))
    assert_one_line_error(code, stderr, path)
    assert "binary" in stderr


def test_folder_without_manuscript(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    code, _, stderr = run("pdf", str(tmp_path))
    assert_one_line_error(code, stderr, tmp_path)
    assert "no manuscript" in stderr


def test_version() -> None:
    code, stdout, _ = run("--version")
    assert code == 0
    assert stdout.strip() == f"mkbook {__version__}"


def test_options_override_metadata_and_output_path(write: Callable[..., Path],
                                                   tmp_path: Path) -> None:
    path = write("story.txt", "Untitled Draft\n\nIt was a dark night.\n\nThe end came.\n")
    code, stdout, _ = run("inspect", str(path), "--json", "--title", "Night",
                          "--author", "A. Writer", "--author", "B. Writer", "--language", "fr")
    assert code == 0
    assert '"title": "Night"' in stdout
    assert '"A. Writer",\n      "B. Writer"' in stdout
    assert '"language": "fr"' in stdout
    out = tmp_path / "out" / "night.epub"
    code, stdout, _ = run("epub", str(path), "-o", str(out), "--title", "Night")
    assert code == 0 and out.is_file()
    assert f"Wrote {out}" in stdout
    assert_valid_epub(out)


def test_default_output_is_dist_slug_in_the_current_folder(write: Callable[..., Path],
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    path = write("draft.txt", "A Quiet Place\n\nSomething happened.\n\nThen more.\n")
    monkeypatch.chdir(tmp_path)
    code, _, _ = run("epub", str(path))
    assert code == 0
    assert_valid_epub(tmp_path / "dist" / "a-quiet-place.epub")


def test_unknown_format_lists_the_installed_ones(write: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    path = write("draft.txt", "Title\n\nText.\n\nMore.\n")
    code, _, stderr = run("build", str(path), "--format", "mobi", "-o", str(tmp_path))
    assert code == 5  # an option mkbook cannot take, as the README's exit codes say
    assert "unknown format 'mobi'" in stderr and "epub" in stderr and "pdf" in stderr


def test_a_failed_build_leaves_the_previous_book_intact(write: Callable[..., Path],
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("draft.txt", "Title\n\nText.\n\nMore.\n")
    out = tmp_path / "book.epub"
    assert run("epub", str(path), "-o", str(out))[0] == 0
    assert_valid_epub(out)
    before = out.read_bytes()

    def explode(*args: object, **kwargs: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr("mkbook.exporters.epub.exporter.epub_bytes", explode)
    code, _, stderr = run("epub", str(path), "-o", str(out))
    assert code != 0 and "Traceback" not in stderr
    assert out.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".book.epub")]


def test_inspect_shows_the_tree_and_the_rule_behind_each_line(
        write: Callable[..., Path]) -> None:
    path = write("fic.txt", "Lanterns\nby someone\n\nChapter 1: The Festival\n\n"
                 "A/N: Thanks!\n\nThe lanterns went up.\n\n* * *\n\nMorning.\n\n"
                 "Chapter 2: Ashes\n\nQuiet.\n\nAfterword\n\nTen years.\n")
    code, stdout, _ = run("inspect", str(path))
    assert code == 0
    assert stdout.splitlines() == [
        "Lanterns by someone [en]",
        "  chapter: Chapter 1: The Festival — 5 words, 2 paragraphs, 2 scenes, "
        "1 author's notes (fic.txt:4) [chapter-label]",
        "  chapter: Chapter 2: Ashes — 1 words, 1 paragraphs, 1 scene (fic.txt:14) "
        "[chapter-label]",
        "  back: Afterword [afterword] (fic.txt:18) [matter-heading]",
        "removed: the title line, read as the book's title and author — 2 line(s), 3 words, "
        "from fic.txt:1 [title-page]",
        "removed: an author's note's label — 1 line(s), 1 words, from fic.txt:6 "
        "[chapter-notes]",
        "warning: fic.txt:1: no language given and too little text to tell; the book is "
        "marked English (en): set [book] language in book.toml (or --language) [MK104]",
    ]


def test_stats_counts_words_and_reading_time(write: Callable[..., Path]) -> None:
    import json

    path = write("s.txt", "Counted\n\nChapter 1\n\nOne two three.\n\nFour five.\n\n"
                 "Chapter 2\n\nSix.\n")
    code, stdout, _ = run("stats", str(path), "--json")
    assert code == 0
    report = json.loads(stdout)
    assert (report["words"], report["paragraphs"]) == (6, 3)
    assert [(c["title"], c["words"], c["characters"]) for c in report["chapters"]] == [
        ("Chapter 1", 5, 21), ("Chapter 2", 1, 4)]
    assert set(report["printed_pages"]) >= {"5x8", "5.5x8.5", "6x9", "a5", "letter"}
    code, stdout, _ = run("stats", str(path))
    assert code == 0 and "total" in stdout and "pages at 6x9" in stdout


def test_quiet_and_verbose(write: Callable[..., Path], tmp_path: Path) -> None:
    path = write("story.txt", "T\n\nChapter 1\n\nA.\n")
    out = tmp_path / "q.epub"
    code, stdout, stderr = run("--quiet", "epub", str(path), "-o", str(out))
    assert code == 0 and stdout == "" and stderr == "" and out.is_file()
    code, stdout, stderr = run("--verbose", "epub", str(path), "-o", str(out))
    assert code == 0 and f"Wrote {out}" in stdout
    assert "mkbook: info: reading" in stderr and "mkbook: info: writing EPUB" in stderr
    assert_valid_epub(out)


@pytest.mark.parametrize(("args", "wanted"), [
    ("pdf book.md", [None]),
    ("pdf book.md --jobs 2", [2]),
    ("pdf book.md --pdf-variant pdf/a-2b", []),
    ("build book", [None]),
    ("build book -f epub", []),
    ("build book --format epub --format pdf -j 3", [3]),
    ("epub book.md", []),
])
def test_the_layout_workers_start_before_the_book_is_read(
        args: str, wanted: list[int | None], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF exporter's prepare() starts its workers first thing, through the
    exporter interface (no command-line sniffing), before the manuscript is read."""
    from mkbook import api
    from mkbook.layout import workers

    events: list[object] = []
    monkeypatch.setattr(workers, "start_early", lambda jobs=None: events.append(jobs))
    wanted = [workers.default_jobs() if jobs is None else jobs for jobs in wanted]

    def read(*_: object) -> None:
        events.append("read")
        raise SystemExit(0)

    monkeypatch.setattr(api, "load_project", read)
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(app, args.split())
    assert events == [*wanted, "read"]


@pytest.mark.parametrize("command", ["epub", "pdf", "build"])
def test_strict_stops_a_build_on_a_warning_and_writes_nothing(
        command: str, write: Callable[..., Path], tmp_path: Path) -> None:
    """A manuscript with a reading warning (a missing image, MK207) builds without
    ``--strict`` and, with it, stops with exit 1 before writing."""
    path = write("story.md", "# Chapter One\n\n![The quay](quay.png)\n\nThe ferry came.\n")
    assert CliRunner().invoke(app, ["epub", str(path), "-o", str(tmp_path / "ok.epub")]
                              ).exit_code == 0
    out = tmp_path / "out"
    target = ["-o", str(out / f"b.{command}")] if command != "build" else ["-o", str(out)]
    result = CliRunner().invoke(app, [command, str(path), "--strict", *target])
    assert result.exit_code == 1, result.output
    assert "--strict" in result.output and not out.exists()


def test_mkbook_alone_prints_its_help_and_python_m_mkbook_is_mkbook() -> None:
    import subprocess
    import sys

    code, stdout, stderr = run()
    assert "Usage: mkbook" in stdout + stderr and "Traceback" not in stdout + stderr
    assert "pdf" in stdout + stderr and "epub" in stdout + stderr
    done = subprocess.run([sys.executable, "-m", "mkbook", "--version"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("mkbook ")


def test_help_prints_its_defaults_as_written_and_offers_completion() -> None:
    """Help text is plain: a default in brackets is not taken for markup and lost."""
    _, stdout, _ = run("pdf", "--help")
    assert "[default: one per" in stdout
    _, stdout, _ = run("themes", "--help")
    assert "[book] theme" in stdout
    _, stdout, _ = run("--help")
    assert "--install-completion" in stdout


def test_verbose_prints_its_stages_as_lines_without_a_spinner_between_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    from mkbook import progress

    drawn: list[bool] = []

    @contextlib.contextmanager
    def shown(enabled: bool) -> Any:
        drawn.append(enabled)
        yield

    monkeypatch.setattr(progress, "shown", shown)
    for flags, spinner in (((), True), (("--verbose",), False), (("--quiet",), False)):
        drawn.clear()
        run(*flags, "inspect", str(SAMPLE), "--json")
        assert drawn and set(drawn) == {spinner}, flags
