"""``mkbook catalog --serve``: the built catalog served on 127.0.0.1 for a quick look in
a browser or an OPDS app on the same machine (``http://127.0.0.1:8787/catalog.xml``).
Only the output folder is served, read-only, with the feeds' media types; nothing is
listed but what the report and the feeds link to."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from mkbook.errors import ConfigError

MEDIA_TYPES = {".xml": "application/atom+xml;profile=opds-catalog;kind=acquisition",
               ".json": "application/opds+json", ".epub": "application/epub+zip",
               ".pdf": "application/pdf"}


class _CatalogHandler(SimpleHTTPRequestHandler):
    """The standard library's file handler, kept inside its folder, without folder
    listings or request logs."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MEDIA_TYPES}

    def list_directory(self, path: Any) -> None:  # noqa: D102 - no listings
        self.send_error(404)
        return None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def catalog_server(folder: Path, port: int) -> ThreadingHTTPServer:
    """A server for *folder* on 127.0.0.1:*port* (0 picks a free one)."""
    handler = partial(_CatalogHandler, directory=str(folder))
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as err:
        raise ConfigError(f"cannot serve the catalog on port {port} ({err.strerror}): choose "
                          "another with --port (0 picks a free one)") from None


def serve_catalog(folder: Path, port: int, ready: Callable[[str], None]) -> None:
    """Serve *folder* until interrupted."""
    server = catalog_server(folder, port)
    try:
        ready(f"http://127.0.0.1:{server.server_address[1]}/")
        server.serve_forever()
    finally:
        server.server_close()
