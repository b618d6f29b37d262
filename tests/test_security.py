"""Safe by default: a build reads only the book project and never the network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mkbook import api
from mkbook.errors import UnsafePathError
from mkbook.layout.fetcher import ConfinedURLFetcher
from mkbook.readers.sanitize import sanitize_html
from mkbook.walk import block_text
from support import assert_valid_epub


def test_fetcher_refuses_files_outside_the_project_and_the_network(tmp_path: Path) -> None:
    inside = tmp_path / "images" / "a.txt"
    inside.parent.mkdir()
    inside.write_text("ok", encoding="utf-8")
    fetcher = ConfinedURLFetcher([tmp_path])
    assert fetcher.fetch(inside.as_uri()).read() == b"ok"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in ("file:///etc/passwd", (tmp_path / ".." / "x").resolve().as_uri(),
                "http://127.0.0.1/x.png", "https://example.org/font.woff", "ftp://h/x"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_never_embeds_a_file_from_outside_the_project(write: Callable[..., Path],
                                                          tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    project = tmp_path / "book"
    (project / "chapters").mkdir(parents=True)
    (project / "chapters" / "one.md").write_text(
        "# One\n\nText.\n\n<link rel=\"attachment\" href=\"../secret.txt\">\n"
        "<img src=\"file:///etc/hostname\">\n\nMore text.\n", encoding="utf-8")
    pdf = api.export(api.load_project(project), "pdf", tmp_path / "out.pdf").path
    assert b"TOP-SECRET-VALUE" not in pdf.read_bytes()
    assert b"/EmbeddedFile" not in pdf.read_bytes()


def test_raw_html_is_sanitised_to_well_formed_xhtml() -> None:
    html = ('<div onclick="steal()"><script>alert(1)</script><p>Hi<br>there</p>'
            '<a href="javascript:x()">bad</a> <a href="https://ok.example">good</a>'
            '<img src="/etc/passwd"><style>p{}</style><center>old</center></div>')
    cleaned = sanitize_html(html)
    assert "script" not in cleaned and "onclick" not in cleaned and "style" not in cleaned
    assert "javascript" not in cleaned and "<img" not in cleaned and "<center" not in cleaned
    assert "<br/>" in cleaned
    assert '<a href="https://ok.example">good</a>' in cleaned


def test_markdown_image_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "book"
    project.mkdir()
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "one.md").write_text("# One\n\n![x](../outside.png)\n", encoding="utf-8")
    with pytest.raises(UnsafePathError, match="outside the book project") as caught:
        api.load_project(project)
    assert str(caught.value.source) == "one.md:3"


def test_missing_image_names_the_file_and_line_and_does_not_stop_the_book(
        tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("# One\n\nText.\n\n![the map](images/map.png)\n",
                                     encoding="utf-8")
    book = api.load_project(tmp_path).book
    assert [str(w).split(" (")[0] for w in book.warnings if w.code != "MK104"] == [
        "one.md:5: image 'images/map.png' not found"]
    assert [block_text(b) for b in book.chapters[0].blocks] == ["Text.", "[image: the map]"]


def test_the_manuscript_is_never_modified(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    original = "T\r\n\r\nHello \"world\" -- fine.\r\n\r\nMore.\r\n".encode("cp1252")
    source.write_bytes(original)
    epub = api.export(api.load_project(source), "epub", tmp_path / "dist" / "b.epub").path
    assert source.read_bytes() == original
    assert_valid_epub(epub)


def test_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("Chapter 1\n\nSecret text.\n", encoding="utf-8")
    project = tmp_path / "book"
    project.mkdir()
    (project / "one.txt").write_text("Chapter 1\n\nMine.\n", encoding="utf-8")
    (project / "two.txt").symlink_to(outside)
    with pytest.raises(UnsafePathError, match="outside the book project"):
        api.load_project(project)


def test_control_characters_and_broken_surrogates_are_removed_with_a_warning(
        tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_bytes("Title\n\nOne\x07 two\x1b three.\n\nFour \udcff five.\n".encode(
        "utf-8", errors="surrogatepass"))
    project = api.load_project(source)
    from mkbook.walk import block_text

    assert [block_text(b) for b in project.book.chapters[0].blocks] == [
        "One two three.", "Four  five."]
    (warning,) = [w for w in project.book.warnings if w.code == "MK102"]
    assert str(warning.source) == "story.txt:3" and "3 control" in warning.message
    epub = api.export(project, "epub", tmp_path / "b.epub").path
    assert_valid_epub(epub)


def test_a_build_killed_mid_layout_leaves_the_previous_pdf(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from support import corpus_source

    source = corpus_source("pride-and-prejudice")
    out = tmp_path / "dist" / "book.pdf"
    # The previous book can be any PDF; a short one keeps the test quick.
    api.export(api.load_project(corpus_source("when-theres-nothing-left")), "pdf", out)
    before = out.read_bytes()
    mkbook = Path(sys.executable).with_name("mkbook")
    process = subprocess.Popen([str(mkbook), "pdf", str(source), "-o", str(out), "--trim", "6x9",
                                "--no-cache"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)  # reading and typesetting are done; WeasyPrint is laying pages out
    assert process.poll() is None, "the build finished before it could be killed"
    helpers = _descendants(process.pid)
    assert helpers, "the build has no layout workers to leave behind"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["book.pdf"]
    deadline = time.monotonic() + 20
    while (alive := [pid for pid in helpers if _running(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, "the killed build's workers are still running"


def _descendants(pid: int) -> list[int]:
    """Every process below *pid* (Linux: read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], list(children.get(pid, []))
    while stack:
        found.append(stack.pop())
        stack += children.get(found[-1], [])
    return found


def _running(pid: int) -> bool:
    """Whether *pid* is a live process (not a zombie awaiting its parent)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_hostile_markdown_gives_a_clean_epub_or_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(
        "# One\n\n<script>alert('x')</script>\n\n<p onload=\"steal()\">Hello</p>\n\n"
        "<div><img src=\"http://example.org/track.png\"></div>\n\nText.\n", encoding="utf-8")
    epub = api.export(api.load_project(tmp_path), "epub", tmp_path / "b.epub").path
    assert_valid_epub(epub)
    import zipfile

    with zipfile.ZipFile(epub) as archive:
        chapter = archive.read("EPUB/text/chapter-001.xhtml").decode()
    for hostile in ("<script", "alert(", "onload", "example.org", "<img"):
        assert hostile not in chapter
    (tmp_path / "one.md").write_text("# One\n\n![x](../../etc/passwd)\n", encoding="utf-8")
    with pytest.raises(UnsafePathError, match="one.md:3"):
        api.load_project(tmp_path)
