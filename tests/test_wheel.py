"""The wheel as a new user gets it: built from this checkout, installed into a fresh
environment outside it, and driven through the README's walkthrough from a folder that
has nothing to do with the book (init, build, inspect, stats, check).

The fresh environment takes its dependencies from this test's own environment (a
``.pth`` line naming its site-packages), so the test needs no package index; mkbook
itself comes only from the wheel, which the test asserts, so a file the wheel forgets
(a template, a stylesheet, a catalogue) fails here though the checkout has it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from support import REPO

DRAFT = ("A Quiet Place\n\nChapter 1\n\nSomething happened.\n\nChapter 2\n\n"
         "Then more happened, and it was good.\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin/`` folder of a fresh environment with mkbook installed from its wheel."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w",
                    str(root / "wheels"), str(REPO)], check=True, capture_output=True)
    (wheel,) = (root / "wheels").glob("mkbook_press-*.whl")
    env = root / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                           "'purelib'))"], check=True, capture_output=True, text=True)
    Path(site.stdout.strip(), "dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return env / "bin"


def _mkbook(bin_folder: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("PYTHON", "VIRTUAL_ENV", "MKBOOK_CACHE"))}
    environment["XDG_CACHE_HOME"] = str(cwd.parent / "user-cache")
    return subprocess.run([str(bin_folder / "mkbook"), *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=600)


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


def test_the_wheel_carries_its_data_and_mkbook_runs_from_it(installed: Path) -> None:
    script = ("import json, mkbook, mkbook.labels; print(mkbook.__file__); "
              "print(json.dumps(mkbook.labels.languages()))")
    found = subprocess.run([str(installed / "python"), "-c", script], capture_output=True,
                           text=True, check=True, cwd="/")
    where, languages = found.stdout.splitlines()
    assert Path(where).is_relative_to(installed.parent)  # the wheel's, not the checkout's
    assert {"ar", "fr", "ja", "pt_BR", "ru"} <= set(json.loads(languages))


def test_the_readme_walkthrough_from_an_unrelated_folder(installed: Path,
                                                         tmp_path: Path) -> None:
    shell = tmp_path / "shell"
    shell.mkdir()
    novel = tmp_path / "books" / "my-novel"
    novel.parent.mkdir()
    result = _mkbook(installed, shell, "init", str(novel))
    assert result.returncode == 0, result.stderr
    for command in (("build",), ("inspect", "--json"), ("stats", "--json"), ("check",)):
        result = _mkbook(installed, shell, *command, str(novel))
        assert result.returncode == 0, (command, result.stderr)
        if "--json" in command:
            assert json.loads(result.stdout)
    assert "Traceback" not in result.stderr and result.stdout.rstrip().endswith("warnings")
    built = sorted(path.name for path in (novel / "dist").iterdir())
    assert built == ["my-novel.epub", "my-novel.kepub.epub", "my-novel.kindle.epub",
                     "my-novel.pdf"]
    with zipfile.ZipFile(novel / "dist" / "my-novel.epub") as archive:
        assert "EPUB/nav.xhtml" in archive.namelist()
    assert _files(shell) == set()  # nothing lands in the folder the commands ran from


def test_a_single_manuscript_file_gets_nothing_written_beside_it(installed: Path,
                                                                tmp_path: Path) -> None:
    drafts, shell = tmp_path / "drafts", tmp_path / "shell"
    drafts.mkdir()
    shell.mkdir()
    (drafts / "draft.txt").write_text(DRAFT, encoding="utf-8")
    result = _mkbook(installed, shell, "build", str(drafts / "draft.txt"))
    assert result.returncode == 0, result.stderr
    assert _files(drafts) == {"draft.txt"}
    assert {path.suffix for path in (shell / "dist").iterdir()} == {".epub", ".pdf"}
