"""The first hour of a new user: the commands work from where a person stands, and
a build writes only where it says (the project's ``dist/`` and caches)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import write_project

ONE_FILE = "A Quiet Place\n\nSomething happened.\n\nThen more happened, and it was good.\n"


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


def test_inside_a_project_source_is_the_project_and_outputs_go_to_its_dist(
        run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "novel", {"chapters/01.md": "# One\n\nIt began.\n"})
    monkeypatch.chdir(root)
    result = run_cli("build", "-f", "epub")
    assert result.exit_code == 0, result.output
    assert [path.suffix for path in (root / "dist").iterdir()] == [".epub"]
    for command in ("inspect", "stats"):
        assert run_cli(command).exit_code == 0, command
    elsewhere = tmp_path / "shell"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run_cli("build", str(root), "-f", "epub")
    assert result.exit_code == 0, result.output
    assert _files(elsewhere) == set()  # nothing in the shell's folder: it went to novel/dist


def test_a_single_file_leaves_nothing_beside_it(run_cli: Callable[..., Any], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Its PDF layout cache goes to the user's cache folder, not beside the file."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "draft.txt").write_text(ONE_FILE, encoding="utf-8")
    monkeypatch.delenv("MKBOOK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    shell = tmp_path / "shell"
    shell.mkdir()
    monkeypatch.chdir(shell)
    result = run_cli("pdf", str(folder / "draft.txt"))
    assert result.exit_code == 0, result.output
    assert _files(folder) == {"draft.txt"}
    assert (shell / "dist" / "a-quiet-place.pdf").is_file()
    assert list((tmp_path / "user-cache" / "mkbook" / "files").glob("*/pdf"))


def test_with_no_source_and_no_project_here_the_error_says_what_to_do(
        run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for command in ("build", "pdf", "epub", "inspect", "stats", "check"):
        result = run_cli(command)
        assert result.exit_code == 3, (command, result.output)
        assert "no book project here (this folder has no book.toml)" in result.output
        assert "mkbook init" in result.output and "Traceback" not in result.output


def test_a_machine_without_pango_is_told_to_install_it(
        run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint loads Pango when imported; where it cannot (here: made to fail as it
    does without the library), the PDF build names what to install, in one line."""
    import sys

    (tmp_path / "draft.txt").write_text(ONE_FILE, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = run_cli("pdf", str(tmp_path / "draft.txt"), "-o", str(tmp_path / "b.pdf"),
                     "--jobs", "1")
    assert result.exit_code == 6, result.output
    assert "the PDF needs Pango" in result.output and "apt-get install libpango" in \
        result.output and "brew install pango" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("title,slug", [("Война и мир", "voina-i-mir"),
                                        ("吾輩は猫である", "wu-bei-hamao-tearu"),
                                        ("Straße der Träume", "strasse-der-traume"),
                                        ("When There's Nothing Left",
                                         "when-theres-nothing-left"),
                                        ("?!", "book")])
def test_a_title_in_any_script_names_its_files(title: str, slug: str) -> None:
    from mkbook.api import book_slug
    from mkbook.metadata import Metadata
    from mkbook.model import Book

    assert book_slug(Book(Metadata(title=title), ())) == slug


def test_init_from_a_russian_draft_names_each_chapter_file(tmp_path: Path) -> None:
    from mkbook.scaffold import init_project

    draft = tmp_path / "draft.md"
    draft.write_text("# Глава первая\n\nБыло утро.\n\n# Глава вторая\n\nБыл вечер.\n",
                     encoding="utf-8")
    written = init_project(tmp_path / "novel", draft, False)
    names = sorted(path.name for path in written if path.parent.name == "chapters")
    assert names == ["01-glava-pervaia.md", "02-glava-vtoraia.md"], names


def test_the_distribution_has_a_name_of_its_own_and_the_command_is_mkbook() -> None:
    """``mkbook`` on the package index is an unrelated project with a command of the
    same name: this one installs as ``mkbook-press`` and still gives ``mkbook``."""
    from importlib.metadata import distribution

    import mkbook

    found = distribution(mkbook.DISTRIBUTION)
    assert found.metadata["Name"] == "mkbook-press" and mkbook.__version__ == found.version
    scripts = {point.name: point.value for point in found.entry_points
               if point.group == "console_scripts"}
    assert scripts == {"mkbook": "mkbook.cli:run"}
