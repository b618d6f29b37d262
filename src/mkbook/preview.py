"""``mkbook preview``: the book in a browser, rebuilt and reloaded on every save.

The page is rendered from the same templates and stylesheets as the EPUB; ``/print``
shows the printed book itself, the PDF laid out again after every save (in the
background: the page keeps the last one until the new one is ready).  A background
thread watches the project with watchfiles; the pages poll a build counter and reload
when it changes.  Besides the pages and stylesheets it serves only the files the book
shows (its images) and its PDF.  It listens on 127.0.0.1 unless told another address
(``--host``), and answers only a browser that names the machine by an address or as
localhost, never by another site's name (DNS rebinding).
"""

from __future__ import annotations

import errno
import ipaddress
import mimetypes
import socket
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
from mkbook.model import Book
from mkbook.render.documents import plan_documents
from mkbook.render.html import RenderContext, embedded_asset_href
from mkbook.render.templates import EXTRA_SHEET, load_style, project_style, render_template
from mkbook.transforms import apply_transforms

SCREEN_STYLES = ("base.css", "epub.css")


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
    printed: PrintedView = field(default_factory=lambda: PrintedView())
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        """Read and render the book again; a broken manuscript shows its error instead."""
        try:
            project = api.load_project(self.source)
            book = apply_transforms(project.book, project.config)
            themes = _theme_sheets(project)
            pages = {"/": _render(book, self.version + 1)}
            error, root, assets = "", book.root, _asset_paths(book)
        except MkbookError as err:
            project, pages, error, root, assets, themes = None, {}, str(err), self.root, \
                self.assets, self.themes
        with self.lock:
            self.version += 1
            self.pages = pages or {"/": _error_page(error, self.version)}
            self.error, self.root, self.assets, self.themes = error, root, assets, themes
        if project is not None:
            self.printed.lay_out(project, self)


@dataclass
class PrintedView:
    """The book's PDF for ``/print``, laid out again after each build, one at a time:
    a save during a layout starts one more when it ends, never two at once."""

    pdf: bytes = b""
    error: str = ""
    version: int = 0
    """The build the PDF shows."""
    _wanted: tuple[api.Project, int] | None = None
    _running: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def lay_out(self, project: api.Project, state: PreviewState) -> None:
        with self._lock:
            self._wanted = (project, state.version)
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._work, args=(state,), daemon=True).start()

    def _work(self, state: PreviewState) -> None:
        while True:
            with self._lock:
                if self._wanted is None:
                    self._running = False
                    return
                (project, version), self._wanted = self._wanted, None
            pdf, error = _printed_pdf(project)
            with state.lock:
                self.pdf, self.error = (pdf or self.pdf), error
                self.version = version
                state.version += 1  # the /print page reloads to show it


def _printed_pdf(project: api.Project) -> tuple[bytes, str]:
    """The PDF as ``mkbook pdf`` makes it, into the project's work folder."""
    target = api.work_folder(project) / "preview" / "book.pdf"
    try:
        return api.export(project, "pdf", target).path.read_bytes(), ""
    except MkbookError as err:
        return b"", str(err)


def _theme_sheets(project: api.Project) -> dict[str, bytes]:
    """The book's theme for the screen view, as the EPUB has it."""
    from mkbook.themes import theme_css

    name, chosen = project.config.book.theme, project.config.exporters.get("theme")
    return {"theme-screen.css": theme_css(name, chosen, "epub").encode()}


def _asset_paths(book: Book) -> dict[str, Path]:
    assets = [*book.assets, *([book.cover] if book.cover else [])]
    return {"/" + asset.name: asset.path for asset in assets}


def _render(book: Book, version: int) -> bytes:
    """The screen view: the book as the EPUB shows it, on one page."""
    documents = plan_documents(book)
    href = embedded_asset_href(book.assets)
    contexts = {doc.id: RenderContext(asset_href=href, id_prefix=f"{doc.id}-",
                                      language=book.metadata.language)
                for doc in documents}
    styles = [*SCREEN_STYLES, "theme-screen.css",
              *([EXTRA_SHEET] if book.root and project_style(book.root, EXTRA_SHEET) else [])]
    html = render_template(
        book.root, "preview/page.html", meta=book.metadata, documents=documents,
        contexts=contexts, version=version,
        stylesheets=[f"/__styles/{name}" for name in styles], isbn="",
        other_view="/print", other_label="print view")
    return html.encode("utf-8")


def _print_page(printed: PrintedView) -> bytes:
    """``/print``: the PDF's own pages in the browser's PDF viewer, and a line that says
    whether a newer layout is on its way."""
    from markupsafe import escape

    if printed.pdf:
        shown = (f'<iframe src="/__print.pdf?build={printed.version}" title="The printed '
                 'book"></iframe>')
    else:
        shown = "<p>Laying out the printed book…</p>"
    note = f"<p class=\"error\">{escape(printed.error)}</p>" if printed.error else ""
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>Print view — mkbook "
            "preview</title><style>html, body { height: 100%; margin: 0; font: 0.8em "
            "sans-serif; color: #666; } body { display: flex; flex-direction: column; } "
            "p { text-align: center; margin: 0.5em; } iframe { flex: 1; border: 0; } "
            ".error { color: #a00; }</style></head><body><p>mkbook preview · the printed "
            f"book, build {printed.version} · <a href=\"/\">screen view</a></p>{note}{shown}"
            f"{_RELOAD_SCRIPT}</body></html>").encode()


_RELOAD_SCRIPT = """<script>
(function poll(seen) {
  fetch("/__version").then(r => r.text()).then(v => {
    if (seen !== null && v !== seen) { location.reload(); } else { setTimeout(() => poll(v), 500); }
  }).catch(() => setTimeout(() => poll(seen), 1000));
})(null);
</script>"""


def _error_page(error: str, version: int) -> bytes:
    from markupsafe import escape

    return (f"<!DOCTYPE html><html><body><h1>The book cannot be built</h1><p>{escape(error)}"
            f"</p><p>build {version}</p>{_RELOAD_SCRIPT}</body></html>").encode()


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
"""The only ``Host`` names the preview answers: a page on another site that points its
own name at 127.0.0.1 (DNS rebinding) sends its name, and is refused."""
PAGE_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' " \
    "'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'"
"""The book's pages run only the preview's own reload script."""
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
"""An image (an SVG can hold scripts) is shown, never run, even when opened on its own."""
PDF_POLICY = "frame-ancestors 'self'"
"""The book's own PDF, which mkbook wrote (no scripts): shown in the print view's frame,
whose PDF viewer a sandbox would stop."""
REQUEST_TIMEOUT = 30
"""Seconds a connection may stay silent before the preview drops it."""


_POLICIES = {"text/html": PAGE_POLICY, "application/pdf": PDF_POLICY}


def make_server(state: PreviewState, port: int, host: str = "127.0.0.1"
                ) -> ThreadingHTTPServer:
    """An HTTP server on *host*:*port* (0 picks a free port) for *state*."""

    class Handler(BaseHTTPRequestHandler):
        timeout = REQUEST_TIMEOUT

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self._answer(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802 - the http.server API
            self._answer(with_body=False)

        def _answer(self, with_body: bool) -> None:
            if not _allowed_host(self.headers.get("Host", ""), host):
                self.send_error(HTTPStatus.FORBIDDEN, "the preview answers only to the "
                                "machine's own address or localhost")
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
                             _POLICIES.get(kind.split(";")[0], FILE_POLICY))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the terminal is for the author, not for request logs

    try:
        return _server_class(host)((host, port), Handler)
    except OSError as err:
        raise _listen_error(err, host, port) from None


def _listen_error(err: OSError, host: str, port: int) -> ConfigError:
    """What the author can do about an address the preview cannot listen on."""
    if err.errno == errno.EADDRINUSE:
        return ConfigError(f"port {port} on {host} is already in use (another preview or "
                           "server): stop it, or choose another with --port (--port 0 picks "
                           "a free one)")
    if err.errno == errno.EADDRNOTAVAIL or isinstance(err, socket.gaierror):
        return ConfigError(f"--host {host} is not an address of this machine: give one it "
                           "has (127.0.0.1, the default; 0.0.0.0 for every one)")
    return ConfigError(f"cannot listen on port {port} ({err.strerror}): choose another with "
                       "--port, above 1023 (--port 0 picks a free one)")


def _server_class(host: str) -> type[ThreadingHTTPServer]:
    """The server for *host*: an IPv6 address needs its own socket family."""
    if ":" not in host:
        return _QuietServer

    class _QuietServer6(_QuietServer):
        address_family = socket.AF_INET6

    return _QuietServer6


class _QuietServer(ThreadingHTTPServer):
    """A browser that goes away mid-answer (a broken pipe, a reset) is no error of the
    author's, and nothing a request can cause prints a traceback in their terminal."""

    daemon_threads = True
    request_queue_size = 64

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def _allowed_host(header: str, listening: str = "127.0.0.1") -> bool:
    """Whether a request's ``Host`` may be answered: localhost and the loopback
    addresses always; when the preview listens beyond loopback, any address written as
    digits (a phone on the same network asks for 192.168.1.20:8000) and the name it was
    told, but never another name, which is how DNS rebinding reaches a local server."""
    host = header.strip().lower()  # a name and an optional port: [::1]:8000, localhost:8000
    name = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
    if name in LOOPBACK_HOSTS:
        return True
    if _loopback(listening):
        return False
    return name == listening.lower() or _ip_literal(name.strip("[]"))


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.lower() == "localhost"


def _ip_literal(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _resolve(state: PreviewState, path: str) -> tuple[bytes | None, str]:
    """What the preview serves at *path*: a rendered page, a stylesheet, or a file the
    book shows — nothing else of the project or its folder."""
    with state.lock:
        if path == "/__version":
            return str(state.version).encode(), "text/plain"
        if path in state.pages:
            return state.pages[path], "text/html; charset=utf-8"
        if path == "/print":
            return _print_page(state.printed), "text/html; charset=utf-8"
        if path == "/__print.pdf":
            return (state.printed.pdf or None), "application/pdf"
        root, asset = state.root, state.assets.get(path)
    if path.startswith("/__styles/"):
        return _stylesheet(state, path.removeprefix("/__styles/"), root)
    if asset is None or root is None:
        return None, ""
    try:
        data = read_confined(root, asset, what="image", limit=MAX_ASSET_BYTES)
    except MkbookError:
        return None, ""
    return data, mimetypes.guess_type(asset.name)[0] or "application/octet-stream"


def _stylesheet(state: PreviewState, name: str, root: Path | None) -> tuple[bytes | None, str]:
    """The book's theme, a house sheet (or the project's in its place), or its extra one."""
    with state.lock:
        theme = state.themes.get(name)
    if theme is not None:
        return theme, "text/css"
    if name in (*SCREEN_STYLES, EXTRA_SHEET):
        try:
            return load_style(name, root).encode(), "text/css"
        except MkbookError:
            return None, ""
    return None, ""


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


def serve(source: Path, port: int, on_ready: object = None, host: str = "127.0.0.1") -> None:
    """Serve *source* until interrupted, rebuilding on every save."""
    state = PreviewState(source)
    server = make_server(state, port, host)  # a busy port is said before the book is read
    stop = threading.Event()
    try:
        state.rebuild()
        threading.Thread(target=watch, args=(state, stop), daemon=True).start()
        if callable(on_ready):
            on_ready(f"http://{_url_host(host)}:{server.server_address[1]}/")
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()


def _url_host(host: str) -> str:
    """How a browser on this machine reaches *host*: every address (``0.0.0.0``) is
    reached at 127.0.0.1; an IPv6 address goes in brackets."""
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
