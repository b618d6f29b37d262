"""mkbook preview in a real browser: the page shows the book and follows every save."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import SAMPLE


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A running ``mkbook preview`` of a copy of the sample, and that copy."""
    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    mkbook = Path(sys.executable).with_name("mkbook")
    process = subprocess.Popen([str(mkbook), "preview", str(book), "--port", "0"],
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, line
    try:
        yield found.group(0), book
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_preview_serves_the_book_and_reloads_after_an_edit(preview: tuple[str, Path]) -> None:
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser_path is None:
        pytest.skip("the preview test needs Chromium (apt-get install chromium); make test "
                    "installs it where the machine allows")
    from playwright.sync_api import expect, sync_playwright

    url, book = preview
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=browser_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.goto(url)
            assert page.locator("h1.chapter-title").first.inner_text() == "The Count"
            chapter = book / "chapters" / "01-the-count.md"
            chapter.write_text(chapter.read_text(encoding="utf-8").replace(
                "# The Count", "# The Great Count"), encoding="utf-8")
            # A locator's expectation, not wait_for_function: the page's security policy
            # forbids evaluating strings as script, as it should.
            expect(page.locator("h1.chapter-title").first).to_have_text("The Great Count",
                                                                        timeout=20_000)
            page.goto(url + "print")
            assert page.locator(".halftitle .book-title").inner_text() == \
                "The Keeper of Small Lights"
        finally:
            browser.close()


def test_preview_serves_only_project_files(preview: tuple[str, Path]) -> None:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    url, _ = preview
    with urlopen(url + "images/gull-rock.png") as response:
        assert response.headers["Content-Type"] == "image/png"
    for path in ("../../etc/passwd", "%2e%2e/%2e%2e/etc/passwd", "book.toml/../../x"):
        with pytest.raises(HTTPError) as caught:
            urlopen(url + path)
        assert caught.value.code == 404


def test_build_watch_rebuilds_on_save(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    mkbook = Path(sys.executable).with_name("mkbook")
    out = tmp_path / "out"
    process = subprocess.Popen([str(mkbook), "build", str(book), "-f", "epub", "-o", str(out),
                                "--watch"], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        assert process.stdout.readline().startswith("Wrote ")
        first = (out / "the-keeper-of-small-lights.epub").stat().st_mtime_ns
        time.sleep(1.0)
        chapter = book / "chapters" / "03-morning.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more line.\n",
                           encoding="utf-8")
        assert process.stdout.readline().startswith("Wrote ")
        assert (out / "the-keeper-of-small-lights.epub").stat().st_mtime_ns > first
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_preview_shows_the_books_theme(tmp_path: Path) -> None:
    from mkbook.preview import PreviewState, _resolve

    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    (book / "book.toml").write_text((book / "book.toml").read_text(encoding="utf-8")
                                    .replace("[book]\n", '[book]\ntheme = "romance"\n', 1),
                                    encoding="utf-8")
    state = PreviewState(book)
    state.rebuild()
    page, _ = _resolve(state, "/")
    assert page is not None and b"/__styles/theme-screen.css" in page
    sheet, kind = _resolve(state, "/__styles/theme-screen.css")
    assert kind == "text/css" and sheet is not None and b"h1.chapter-title::before" in sheet
    printed, _ = _resolve(state, "/print")
    assert printed is not None and b"/__styles/theme-print.css" in printed


def test_a_busy_port_is_named_with_what_to_do(run_cli: object) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("preview", str(SAMPLE), "--port", str(port))  # type: ignore[operator]
    assert result.exit_code == 5, result.output
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "--port 0 picks a free one" in result.output and "internal error" not in result.output
