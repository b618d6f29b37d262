"""Random hostile projects through every command: no traceback, no internal error, nothing
outside the project read or written, and every EPUB that is built is clean.

Each example lays out a project in a fresh folder beside a *canary*: a secret file whose
access time is set into the past, so that reading it (relatime updates it then) or
copying it into a book shows.  Everything outside the project but the output folder is
listed before and after, so a write outside shows too.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mkbook.cli import INTERNAL_ERROR, app
from support import assert_valid_epub

SECRET = "CANARY-7f3c-SECRET"
HOSTILE = st.sampled_from([
    "", " ", 'a"b<c>&d\'e', "line\nbreak", "\x1b[31mred\x1b[0m", "\u202eevil", "{{ 7*7 }}",
    "{% raw %}", "${HOME}", "../../canary.txt", "/etc/passwd", "%s%n%x", "🙂 émoji",
    "a" * 3000, "bell\x07", "nul\x00byte", "\ufffe", "]]>", "<!--", "&#12;", "en\"><x",
])
NAMES = st.sampled_from([
    "one.md", "two.txt", "my chapter.md", "café.md", "-rf.md", "line\nbreak.md",
    "\x1b[2J.txt", "a" * 200 + ".md", "日本.md", "CON.md", ".hidden.md", "chapters/03.md",
])
BODIES = st.sampled_from([
    "# One\n\nText with *emphasis* and a note[^n].\n\n[^n]: The note[^n].\n",
    "Chapter 1\n\nPlain text.\n\n* * *\n\nMore.\n",
    "# Pic\n\n![alt](images/pic.png)\n\n![out](../canary.txt)\n",
    "# Raw\n\n<script>alert(1)</script><img src=\"file:///etc/passwd\">\n\n&#xFFFF; &#12;\n",
    "---\ntitle: &a x\nother: *a\n---\n\n# Alias\n\nText.\n",
    "# Link\n\n[x](javascript:alert(1)) [y](../canary.txt) <http://example.org>\n",
    "\ufeffBOM and CRLF\r\n\r\nChapter 1\r\n\r\nText.\r\n",
])
EXTRAS = st.lists(st.sampled_from([
    "link-chapter-out", "link-style-out", "link-template-out", "dangling-link", "fifo-chapter",
    "fifo-style", "folder-named-md", "template-escape", "image-link-out",
]), max_size=4, unique=True)

runner = CliRunner()


def toml_text(tables: dict[str, dict[str, object]]) -> str:
    """``book.toml`` text: JSON's strings, numbers and lists are TOML's too."""
    lines = []
    for name, table in tables.items():
        lines.append(f"[{name}]")
        lines += [f"{json.dumps(key)} = {json.dumps(value, ensure_ascii=False)}"
                  for key, value in table.items()]
    return "\n".join(lines) + "\n"


def write_project(folder: Path, canary: Path, book: dict[str, object],
                  tables: dict[str, dict[str, object]], files: list[str], bodies: list[str],
                  extras: list[str]) -> None:
    """A project in *folder* with hostile ``book.toml`` values, odd names and *extras*."""
    from PIL import Image

    (folder / "images").mkdir(parents=True)
    Image.new("RGB", (8, 8), "white").save(folder / "images" / "pic.png")
    (folder / "book.toml").write_text(toml_text({"book": book, **tables}), encoding="utf-8",
                                      errors="replace")
    for name, body in zip(files, bodies, strict=False):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    for extra in extras:
        make_extra(folder, canary, extra)


def make_extra(folder: Path, canary: Path, extra: str) -> None:
    (folder / "styles").mkdir(exist_ok=True)
    (folder / "templates").mkdir(exist_ok=True)
    if extra == "link-chapter-out":
        (folder / "zz-secret.md").symlink_to(canary)
    elif extra == "link-style-out":
        (folder / "styles" / "base.css").symlink_to(canary)
    elif extra == "link-template-out":
        (folder / "templates" / "chapter.html").symlink_to(canary)
    elif extra == "dangling-link":
        (folder / "gone.md").symlink_to(folder / "nowhere.md")
    elif extra == "fifo-chapter":
        os.mkfifo(folder / "pipe.md")
    elif extra == "fifo-style":
        os.mkfifo(folder / "styles" / "epub.css")
    elif extra == "folder-named-md":
        (folder / "folder.md").mkdir()
    elif extra == "template-escape":
        (folder / "templates" / "epub-page.xhtml").write_text(
            f"{{{{ cycler.__init__.__globals__.os.popen('cat {canary}').read() }}}}",
            encoding="utf-8")
    elif extra == "image-link-out":
        (folder / "images" / "pic.png").unlink()
        (folder / "images" / "pic.png").symlink_to(canary)


def snapshot(folder: Path, skip: tuple[Path, ...]) -> dict[str, tuple[int, float]]:
    """Every file under *folder* outside *skip*: size and modification time."""
    found = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if Path(root, d) not in skip]
        for name in files:
            path = Path(root, name)
            stat = path.lstat()
            found[str(path)] = (stat.st_size, stat.st_mtime)
    return found


BOOK_VALUES = st.fixed_dictionaries({}, optional={
    "title": HOSTILE, "subtitle": HOSTILE, "authors": st.lists(HOSTILE, max_size=3),
    "language": st.one_of(HOSTILE, st.sampled_from(["en", "fr-CA", "pt_br"])),
    "publisher": HOSTILE, "rights": HOSTILE, "description": HOSTILE, "isbn": HOSTILE,
    "date": HOSTILE, "subjects": st.lists(HOSTILE, max_size=3), "series": HOSTILE,
    "series_index": st.one_of(st.integers(-5, 10**7), st.floats(allow_nan=False)),
    "cover": st.sampled_from(["../canary.txt", "/etc/passwd", "images/pic.png", "nothere.jpg",
                              "images", "cover\n.png"]),
    "contributors": st.lists(st.fixed_dictionaries({"name": HOSTILE,
                                                    "role": st.sampled_from(["trl", "xyz"])}),
                             max_size=2),
})


OTHER_TABLES = st.fixed_dictionaries({}, optional={
    "pdf": st.fixed_dictionaries({}, optional={
        "trim": st.one_of(HOSTILE, st.sampled_from(["6x9", "0x0", "99999x1", "a5"])),
        "profile": HOSTILE, "bleed": st.one_of(HOSTILE, st.booleans()),
        "jobs": st.one_of(HOSTILE, st.integers(-1, 3))}),
    "epub": st.fixed_dictionaries({}, optional={"embed_fonts": st.one_of(HOSTILE,
                                                                          st.booleans())}),
    "typography": st.fixed_dictionaries({}, optional={"enabled": st.one_of(HOSTILE,
                                                                           st.booleans())}),
    "manuscript": st.fixed_dictionaries({}, optional={
        "scene_break": HOSTILE, "files": st.lists(st.one_of(HOSTILE, NAMES), max_size=2),
        "matter": st.dictionaries(HOSTILE, st.sampled_from(["preface", "nonsense"]),
                                  max_size=2)}),
})


@settings(max_examples=16, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(book=BOOK_VALUES, tables=OTHER_TABLES,
       files=st.lists(NAMES, min_size=1, max_size=3, unique=True),
       bodies=st.lists(BODIES, min_size=3, max_size=3), extras=EXTRAS,
       commands=st.lists(st.sampled_from(["epub", "pdf", "init"]), min_size=1, max_size=2,
                         unique=True))
def test_a_hostile_project_is_read_safely_by_every_command(
        book: dict[str, object], tables: dict[str, dict[str, object]], files: list[str],
        bodies: list[str], extras: list[str], commands: list[str]) -> None:
    base = Path(tempfile.mkdtemp(prefix="mkbook-hostile-"))
    try:
        canary = base / "canary.txt"
        canary.write_text(SECRET + "\n", encoding="utf-8")
        os.utime(canary, (1_000_000, canary.stat().st_mtime))  # read → atime moves on
        project, out = base / "project", base / "out"
        write_project(project, canary, book, tables, files, bodies, extras)
        out.mkdir()
        before = snapshot(base, (project, out))
        run("inspect", str(project))
        for command in commands:
            if command == "init":
                run("init", str(out / "new"), "--from", str(project / files[0]))
                continue
            target = out / f"book.{command}"
            if run(command, str(project), "-o", str(target)) == 0:
                check_output(target)
        assert snapshot(base, (project, out)) == before, "a file outside the project changed"
        assert canary.stat().st_atime == 1_000_000, "the canary outside the project was read"
        for path in out.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert SECRET.encode() not in path.read_bytes(), path
    finally:
        shutil.rmtree(base, ignore_errors=True)


def run(*args: str) -> int:
    result = runner.invoke(app, list(args))
    assert result.exit_code != INTERNAL_ERROR, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code


def check_output(target: Path) -> None:
    if target.suffix == ".epub":
        with zipfile.ZipFile(target) as archive:
            assert all(SECRET.encode() not in archive.read(name) for name in archive.namelist())
        assert_valid_epub(target)
    else:
        assert target.read_bytes().startswith(b"%PDF-")
