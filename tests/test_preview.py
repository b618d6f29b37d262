"""mkbook preview in a real browser: the page shows the book and follows every save."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
            page.goto(url + "print")  # the PDF, once laid out: the page reloads to show it
            expect(page.locator("iframe")).to_have_attribute(
                "src", re.compile(r"^/__print\.pdf\?build=\d+$"), timeout=120_000)
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


def _laid_out(state: Any, after: int = -1, timeout: float = 180) -> bytes:
    """The print view's PDF once a layout newer than build *after* is shown."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with state.lock:
            if state.printed.pdf and state.printed.version > after:
                return bytes(state.printed.pdf)
        time.sleep(0.2)
    raise AssertionError(f"no layout in {timeout} s: {state.printed.error}")


def test_the_print_view_shows_the_printed_books_own_pages(tmp_path: Path) -> None:
    """``/print`` is the PDF mkbook pdf makes, in the book's face, laid out again after
    a save (the last one stays on view meanwhile)."""
    import io

    import pypdf

    from mkbook.preview import PreviewState, _resolve

    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    state = PreviewState(book)
    state.rebuild()
    first = _laid_out(state)
    page, kind = _resolve(state, "/print")
    assert page is not None and b'<iframe src="/__print.pdf?build=' in page
    served, kind = _resolve(state, "/__print.pdf")
    assert kind == "application/pdf" and served == first
    reader = pypdf.PdfReader(io.BytesIO(first))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [396, 612]  # 5.5x8.5
    fonts = {str(font["/BaseFont"]) for p in reader.pages
             for font in p["/Resources"].get("/Font", {}).values()}
    assert any("mkbook-serif" in name for name in fonts), fonts  # the book face
    assert "The Keeper of Small Lights" in reader.pages[0].extract_text()
    shown = state.printed.version
    chapter = book / "chapters" / "01-the-count.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "# The Count", "# The Great Count"), encoding="utf-8")
    state.rebuild()
    again = _laid_out(state, after=shown)
    assert again != first and any("The Great Count" in p.extract_text()
                                  for p in pypdf.PdfReader(io.BytesIO(again)).pages)


@pytest.mark.parametrize(("listening", "host", "answered"), [
    ("127.0.0.1", "127.0.0.1:8000", True), ("127.0.0.1", "localhost:8000", True),
    ("127.0.0.1", "[::1]:8000", True), ("127.0.0.1", "192.168.1.20:8000", False),
    ("127.0.0.1", "evil.example:8000", False),
    ("0.0.0.0", "192.168.1.20:8000", True), ("0.0.0.0", "[fe80::1]:8000", True),
    ("0.0.0.0", "evil.example:8000", False), ("0.0.0.0", "127.0.0.1.nip.io", False),
    ("studio.local", "studio.local:8000", True), ("studio.local", "evil.example", False),
])
def test_beyond_loopback_the_preview_answers_addresses_never_other_names(
        listening: str, host: str, answered: bool) -> None:
    """A phone on the same network asks by address; a page of another site that points
    its own name at this machine (DNS rebinding) asks by that name, and is refused."""
    from mkbook.preview import _allowed_host

    assert _allowed_host(host, listening) is answered


def test_host_and_open(run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--host`` is passed on and warned when it reaches beyond the machine; ``--open``
    opens the browser at the preview's address."""
    import webbrowser

    import mkbook.preview

    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(mkbook.preview, "serve", lambda source, port, ready, host: (
        calls.append((host,)), ready("http://127.0.0.1:8000/")))
    monkeypatch.setattr(webbrowser, "open", lambda url: calls.append(("opened", url)))
    result = run_cli("preview", str(SAMPLE), "--host", "0.0.0.0", "--open")
    assert result.exit_code == 0, result.output
    assert calls == [("0.0.0.0",), ("opened", "http://127.0.0.1:8000/")]
    assert "anyone who can reach this machine can read the book" in result.output


def test_a_host_this_machine_does_not_have_is_named(run_cli: Any) -> None:
    result = run_cli("preview", str(SAMPLE), "--host", "203.0.113.9", "--port", "0")
    assert result.exit_code == 5, result.output
    assert "--host 203.0.113.9 is not an address of this machine" in result.output


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
