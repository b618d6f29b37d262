"""``mkbook preview``: the book in a browser, rebuilt and reloaded on every save.

The page is rendered from the same templates and stylesheets as the EPUB (and, at
``/print``, the PDF's paged CSS), served on 127.0.0.1 only.  A background thread
watches the project with watchfiles; the page polls a build counter and reloads
when it changes.  Files are served only from inside the book project.
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkbook import api
from mkbook.errors import MkbookError
from mkbook.exporters.documents import plan_documents
from mkbook.exporters.html import RenderContext
from mkbook.exporters.print_html import print_documents
from mkbook.exporters.templating import load_style, template_environment
from mkbook.model import Book
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
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        """Read and render the book again; a broken manuscript shows its error instead."""
        try:
            project = api.load_project(self.source)
            book = apply_transforms(project.book, project.config)
            pages = {"/": _render(book, self.version + 1, print_view=False),
                     "/print": _render(book, self.version + 1, print_view=True)}
            error, root = "", book.root
        except MkbookError as err:
            pages, error, root = {}, str(err), self.root
        with self.lock:
            self.version += 1
            self.pages = pages or {path: _error_page(error, self.version)
                                   for path in ("/", "/print")}
            self.error, self.root = error, root


def _render(book: Book, version: int, print_view: bool) -> bytes:
    documents = plan_documents(book)
    if print_view:
        documents = print_documents(documents)
    contexts = {doc.id: RenderContext(id_prefix=f"{doc.id}-") for doc in documents}
    styles = PRINT_STYLES if print_view else SCREEN_STYLES
    html = template_environment(book.root).get_template("preview.html").render(
        meta=book.metadata, documents=documents, contexts=contexts, version=version,
        stylesheets=[f"/__styles/{name}" for name in styles], isbn="",
        other_view="/" if print_view else "/print",
        other_label="screen view" if print_view else "print view")
    return html.encode("utf-8")


def _error_page(error: str, version: int) -> bytes:
    from markupsafe import escape

    return (f"<!DOCTYPE html><html><body><h1>The book cannot be built</h1><p>{escape(error)}"
            f"</p><p>build {version}</p><script>setTimeout(() => location.reload(), 1000)"
            "</script></body></html>").encode()


def make_server(state: PreviewState, port: int) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:*port* (0 picks a free port) for *state*."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path = unquote(urlsplit(self.path).path)
            body, kind = self._resolve(path)
            if body is None:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _resolve(self, path: str) -> tuple[bytes | None, str]:
            with state.lock:
                if path == "/__version":
                    return str(state.version).encode(), "text/plain"
                if path in state.pages:
                    return state.pages[path], "text/html; charset=utf-8"
                root = state.root
            if path.startswith("/__styles/"):
                name = path.removeprefix("/__styles/")
                if name in SCREEN_STYLES + PRINT_STYLES:
                    return load_style(name, root).encode(), "text/css"
                return None, ""
            return _project_file(root, path)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the terminal is for the author, not for request logs

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def _project_file(root: Path | None, path: str) -> tuple[bytes | None, str]:
    """A file of the book project (an image), never one outside it."""
    if root is None:
        return None, ""
    target = (root / path.lstrip("/")).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file():
        return None, ""
    return target.read_bytes(), mimetypes.guess_type(target.name)[0] or "application/octet-stream"


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
    state.rebuild()
    server = make_server(state, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(state, stop), daemon=True)
    watcher.start()
    if callable(on_ready):
        on_ready(f"http://127.0.0.1:{server.server_address[1]}/")
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
