"""One channel for what mkbook tells the author: one type, the ``mkbook`` logger, a tally
that ``--strict`` asks; and an ``OSError`` while writing is an export error, not a bug."""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mkbook import api
from mkbook.cli import app
from mkbook.diagnostics import Diagnostic, SourceRef, counted, report
from mkbook.lint import lint
from support import HARBOUR, write_project


def test_a_reading_warning_and_a_lint_finding_are_one_type(write: Callable[..., Path]) -> None:
    path = write("story.md", '# Chapter One\n\n![The quay](quay.png)\n\n"Straight," she said.\n')
    project = api.load_project(path)
    reading = [w for w in project.book.warnings if w.code == "MK207"]
    findings = lint(project.book, project.config)
    assert reading and set(reading) <= set(findings)
    assert {type(finding) for finding in findings} == {Diagnostic}
    assert {"MK207", "MK606"} <= {finding.code for finding in findings}


def test_a_diagnostic_takes_its_severity_from_the_code_table() -> None:
    assert Diagnostic("MK207", "an image is missing").severity == "warning"
    assert Diagnostic("MK502", "a font is not embedded", page=3).severity == "error"
    found = Diagnostic("MK601", "quotes do not pair", SourceRef("ch/01.md", 12))
    assert found.labelled() == "ch/01.md:12: warning: quotes do not pair [MK601]"
    assert str(Diagnostic("MK502", "font X is not embedded", page=3)) == \
        "page 3: font X is not embedded [MK502]"
    assert found.as_dict() == {"code": "MK601", "message": "quotes do not pair", "page": None,
                               "where": "ch/01.md:12", "severity": "warning"}


def test_warnings_go_through_the_logger_and_are_counted(caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    with caplog.at_level(logging.WARNING, logger="mkbook"), counted() as tally:
        report([Diagnostic("MK207", "an image is missing"),
                Diagnostic("MK207", "another image is missing"),
                Diagnostic("MK602", "straight quotes")])
        logging.getLogger("weasyprint").warning("a font could not be loaded")
    assert tally.codes == {"MK207": 2, "MK602": 1, "other": 1} and tally.total == 4
    records = [r for r in caplog.records if r.name == "mkbook.diagnostics"]
    assert [r.getMessage() for r in records][0] == "an image is missing [MK207]"
    assert records[0].diagnostic.code == "MK207"  # type: ignore[attr-defined]


def test_strict_with_quiet_still_stops_on_a_warning(write: Callable[..., Path],
                                                    tmp_path: Path) -> None:
    """--quiet hides the warning from the terminal; it is still counted."""
    path = write("story.md", "# Chapter One\n\n![The quay](quay.png)\n\nThe ferry came.\n")
    out = tmp_path / "b.epub"
    result = CliRunner().invoke(app, ["--quiet", "epub", str(path), "--strict", "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "MK207" not in result.stderr and "--strict" in result.stderr


def _warn_while_writing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The EPUB exporter logs a warning as it writes (as a font that fails to load does)."""
    from mkbook.exporters.epub import exporter

    original = exporter.EpubExporter.export

    def export(self: exporter.EpubExporter, book: object, ctx: object) -> Path:
        logging.getLogger("mkbook").warning("a font could not be subset")
        return original(self, book, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(exporter.EpubExporter, "export", export)


def test_strict_refuses_a_warning_while_writing_and_writes_nothing(
        write: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("story.md", "---\nlang: en\n---\n\n# Chapter One\n\nThe ferry came.\n")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "story.epub").write_bytes(b"the previous book")
    _warn_while_writing(monkeypatch)
    result = CliRunner().invoke(app, ["build", str(path), "-f", "epub", "--strict",
                                      "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "while writing and --strict" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["story.epub"]
    assert (out / "story.epub").read_bytes() == b"the previous book"
    result = CliRunner().invoke(app, ["build", str(path), "-f", "epub", "-o", str(out)])
    assert result.exit_code == 0 and (out / "story.epub").read_bytes()[:2] == b"PK"


def test_strict_publishes_a_clean_build_of_every_format(write: Callable[..., Path],
                                                        tmp_path: Path) -> None:
    """mkbook's own stylesheets and templates give WeasyPrint nothing to warn of, so a
    clean manuscript passes --strict in every format."""
    path = write("story.md", "---\ntitle: Harbour\nauthor: A. Writer\nlang: en\n---\n\n"
                 "# Chapter One\n\nThe ferry came.\n\n# Chapter Two\n\nIt left.\n")
    out = tmp_path / "dist"
    result = CliRunner().invoke(app, ["build", str(path), "--strict", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["harbour.epub", "harbour.kepub.epub",
                                                     "harbour.kindle.epub", "harbour.pdf"]
    assert str(out / "harbour.pdf") in result.stdout


def test_a_full_disk_while_writing_is_an_export_error(write: Callable[..., Path],
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever step of an export meets ENOSPC (here: the EPUB's cover), the author reads
    the cause and the file, and the exit is 6, not 70 "a bug in mkbook"."""
    from mkbook.exporters.epub import exporter

    def full(*args: object, **kwargs: object) -> bytes:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "scratch"))

    monkeypatch.setattr(exporter, "epub_bytes", full)
    path = write("story.md", "# Chapter One\n\nThe ferry came.\n")
    result = CliRunner().invoke(app, ["epub", str(path), "-o", str(tmp_path / "b.epub")])
    assert result.exit_code == 6, result.output
    assert "No space left on device" in result.stderr and "scratch" in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stylesheet_mistake_is_warned_of_by_the_parallel_layout_too(
        tmp_path: Path, jobs: str) -> None:
    """WeasyPrint's warning about the project's print.css reaches the author whether
    the PDF is laid out in this process or in workers, and --strict refuses the PDF."""
    folder = write_project(tmp_path / "novel", {
        "chapters/01.md": "# One\n\nThe ferry came.\n",
        "styles/print.css": f"p {{ colr: red; }} /* {jobs} */\n"},
        f"{HARBOUR}\n[pdf]\njobs = {jobs}\n")
    result = CliRunner().invoke(app, ["pdf", str(folder), "-o", str(tmp_path / "a.pdf")])
    assert result.exit_code == 0 and "Ignored `colr: red`" in result.stderr, result.output
    result = CliRunner().invoke(app, ["pdf", str(folder), "--strict", "--no-cache",
                                      "-o", str(tmp_path / "b.pdf")])
    assert result.exit_code == 1 and not (tmp_path / "b.pdf").exists(), result.output
