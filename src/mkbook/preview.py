"""``mkbook preview``: the book in a browser, rebuilt and reloaded on every save.

The page is rendered from the same templates and stylesheets as the EPUB (and, at
``/print``, the PDF's paged CSS), served on 127.0.0.1 only.  A background thread
watches the project with watchfiles; the page polls a build counter and reloads
when it changes.  Besides the pages and stylesheets it serves only the files the
book shows (its images), to a browser that names 127.0.0.1 or localhost as its host.
"""

from __future__ import annotations

import errno
import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkbook import api
from mkbook.confine import MAX_ASSET_BYTES, read_confined
from mkbook.errors import ConfigError, MkbookError
from mkbook.exporters.pdf.print_html import print_documents
from mkbook.model import Book
from mkbook.render.documents import plan_documents
from mkbook.render.html import RenderContext, embedded_asset_href
from mkbook.render.templates import EXTRA_SHEET, load_style, project_style, render_template
from mkbook.transforms import apply_transforms

SCREEN_STYLES = ("base.css", "epub.css")
PRINT_STYLES = ("base.css", "print.css")


@dataclass
class PreviewState:
    """The latest build of the book, shared between the watcher and the server."""

    source: Path
    version: int = 0
    pages: dict[str, bytes] = field(default_factory=dict)
    root: Path | None = None
    themes: dict[str, bytes] = field(default_factory=dict)
    """The book's theme sheet for each view, by name (``theme-screen.css``)."""
    assets: dict[str, Path] = field(default_factory=dict)
    """The files the book shows (its images and cover), by their URL path: all the
    server gives out besides the rendered pages and the stylesheets."""
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        """Read and render the book again; a broken manuscript shows its error instead."""
        try:
            project = api.load_project(self.source)
            book = apply_transforms(project.book, project.config)
            themes = _theme_sheets(project)
            pages = {"/": _render(book, self.version + 1, print_view=False),
                     "/print": _render(book, self.version + 1, print_view=True)}
            error, root, assets = "", book.root, _asset_paths(book)
        except MkbookError as err:
            pages, error, root, assets, themes = {}, str(err), self.root, self.assets, \
                self.themes
        with self.lock:
            self.version += 1
            self.pages = pages or {path: _error_page(error, self.version)
                                   for path in ("/", "/print")}
            self.error, self.root, self.assets, self.themes = error, root, assets, themes


def _theme_sheets(project: api.Project) -> dict[str, bytes]:
    """The book's theme for the screen view (as the EPUB has it) and the print view."""
    from mkbook.themes import theme_css

    name, chosen = project.config.book.theme, project.config.exporters.get("theme")
    return {"theme-screen.css": theme_css(name, chosen, "epub").encode(),
            "theme-print.css": theme_css(name, chosen, "pdf").encode()}


def _asset_paths(book: Book) -> dict[str, Path]:
    assets = [*book.assets, *([book.cover] if book.cover else [])]
    return {"/" + asset.name: asset.path for asset in assets}


def _render(book: Book, version: int, print_view: bool) -> bytes:
    documents = plan_documents(book)
    if print_view:
        documents = print_documents(documents)
    href = embedded_asset_href(book.assets)
    contexts = {doc.id: RenderContext(asset_href=href, id_prefix=f"{doc.id}-",
                                      language=book.metadata.language)
                for doc in documents}
    styles = [*(PRINT_STYLES if print_view else SCREEN_STYLES),
              "theme-print.css" if print_view else "theme-screen.css",
              *([EXTRA_SHEET] if book.root and project_style(book.root, EXTRA_SHEET) else [])]
    html = render_template(
        book.root, "preview/page.html", meta=book.metadata, documents=documents,
        contexts=contexts, version=version,
        stylesheets=[f"/__styles/{name}" for name in styles], isbn="",
        other_view="/" if print_view else "/print",
        other_label="screen view" if print_view else "print view")
    return html.encode("utf-8")


def _error_page(error: str, version: int) -> bytes:
    from markupsafe import escape

    return (f"<!DOCTYPE html><html><body><h1>The book cannot be built</h1><p>{escape(error)}"
            f"</p><p>build {version}</p><script>setTimeout(() => location.reload(), 1000)"
            "</script></body></html>").encode()


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
"""The only ``Host`` names the preview answers: a page on another site that points its
own name at 127.0.0.1 (DNS rebinding) sends its name, and is refused."""
PAGE_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' " \
    "'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"
"""The book's pages run only the preview's own reload script."""
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
"""An image (an SVG can hold scripts) is shown, never run, even when opened on its own."""
REQUEST_TIMEOUT = 30
"""Seconds a connection may stay silent before the preview drops it."""


def make_server(state: PreviewState, port: int) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:*port* (0 picks a free port) for *state*."""

    class Handler(BaseHTTPRequestHandler):
        timeout = REQUEST_TIMEOUT

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self._answer(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802 - the http.server API
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            if not _loopback_host(self.headers.get("Host", "")):
                self.send_error(HTTPStatus.FORBIDDEN, "the preview answers only on 127.0.0.1")
                return
            path = unquote(urlsplit(self.path).path)
            body, kind = _resolve(state, path)
            if body is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy",
                             PAGE_POLICY if kind.startswith("text/html") else FILE_POLICY)
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the terminal is for the author, not for request logs

    try:
        return _QuietServer(("127.0.0.1", port), Handler)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise ConfigError(f"port {port} on 127.0.0.1 is already in use (another preview "
                              "or server): stop it, or choose another with --port (--port 0 "
                              "picks a free one)") from None
        raise ConfigError(f"cannot listen on port {port} ({err.strerror}): choose another "
                          "with --port, above 1023 (--port 0 picks a free one)") from None


class _QuietServer(ThreadingHTTPServer):
    """A browser that goes away mid-answer (a broken pipe, a reset) is no error of the
    author's, and nothing a request can cause prints a traceback in their terminal."""

    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def _loopback_host(header: str) -> bool:
    host = header.strip().lower()  # a name and an optional port: [::1]:8000, localhost:8000
    name = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
    return name in LOOPBACK_HOSTS


def _resolve(state: PreviewState, path: str) -> tuple[bytes | None, str]:
    """What the preview serves at *path*: a rendered page, a stylesheet, or a file the
    book shows — nothing else of the project or its folder."""
    with state.lock:
        if path == "/__version":
            return str(state.version).encode(), "text/plain"
        if path in state.pages:
            return state.pages[path], "text/html; charset=utf-8"
        root, asset = state.root, state.assets.get(path)
    if path.startswith("/__styles/"):
        name = path.removeprefix("/__styles/")
        with state.lock:
            theme = state.themes.get(name)
        if theme is not None:
            return theme, "text/css"
        if name in (*SCREEN_STYLES, *PRINT_STYLES, EXTRA_SHEET):
            try:
                return load_style(name, root).encode(), "text/css"
            except MkbookError:
                return None, ""
        return None, ""
    if asset is None or root is None:
        return None, ""
    try:
        data = read_confined(root, asset, what="image", limit=MAX_ASSET_BYTES)
    except MkbookError:
        return None, ""
    return data, mimetypes.guess_type(asset.name)[0] or "application/octet-stream"


def watch(state: PreviewState, stop: threading.Event) -> None:
    """Rebuild the preview whenever a file of the project changes."""
    watch_project(state.source, state.rebuild, stop)


def watch_project(source: Path, rebuild: Callable[[], object],
                  stop: threading.Event | None = None) -> None:
    """Call *rebuild* after every change to the project (output and caches ignored)."""
    from watchfiles import watch as watch_files

    folder = source if source.is_dir() else source.parent
    for _ in watch_files(folder, stop_event=stop, watch_filter=_not_output):
        rebuild()


def _not_output(change: object, path: str) -> bool:
    parts = Path(path).parts
    return not any(part in ("dist", ".mkbook-cache", ".git") for part in parts)


def serve(source: Path, port: int, on_ready: object = None) -> None:
    """Serve *source* until interrupted, rebuilding on every save."""
    state = PreviewState(source)
    server = make_server(state, port)  # a busy port is said before the book is read
    stop = threading.Event()
    try:
        state.rebuild()
        threading.Thread(target=watch, args=(state, stop), daemon=True).start()
        if callable(on_ready):
            on_ready(f"http://127.0.0.1:{server.server_address[1]}/")
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
