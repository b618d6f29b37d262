"""A WeasyPrint URL fetcher that reads only from allowed folders and never the network.

WeasyPrint's default fetcher opens any ``file://`` path and any ``http(s)`` URL: a
``<link rel=attachment href="file:///etc/passwd">`` would be embedded in the PDF.
This one allows ``data:`` URLs and files inside the book project and mkbook's own
resources (fonts), and refuses everything else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from mkbook.layout.jobs import BOOK_URL


class ConfinedURLFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches ``data:`` URLs and files under *allowed* folders only; :data:`BOOK_URL`
    stands for *root*, the book project."""

    def __init__(self, allowed: Iterable[Path], root: Path | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = tuple(path.resolve() for path in allowed)
        self.root = root

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith(BOOK_URL):
            if self.root is None:
                raise ValueError(f"refused to read {url}: no book project")
            url = (self.root / unquote(url.removeprefix(BOOK_URL).split("#")[0])).as_uri()
        scheme = url.split(":", 1)[0].lower()
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(folder) for folder in self.allowed):
                raise ValueError(f"refused to read {path}: outside the book project")
        elif scheme != "data":
            raise ValueError(f"refused to fetch {url}: mkbook never uses the network")
        return super().fetch(url, headers)


IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff",
                            ".bmp"})


class InkingURLFetcher(ConfinedURLFetcher):
    """A :class:`ConfinedURLFetcher` that hands each raster image it reads to *ink*
    (the press's conversion, ``exporters/pdf/press.py``) and serves what comes back.

    The converted image gets a URL of its own: WeasyPrint rereads a ``file:`` image
    from its path when it writes the PDF, which would bring the original back."""

    def __init__(self, allowed: Iterable[Path], root: Path | None,
                 ink: Callable[[bytes], tuple[bytes, str] | None]) -> None:
        super().__init__(allowed, root)
        self.ink = ink

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        response = super().fetch(url, headers)
        if Path(urlsplit(url).path).suffix.lower() not in IMAGE_SUFFIXES:
            return response
        try:
            inked = self.ink(response.read())
        finally:
            response.close()
        if inked is None:
            return super().fetch(url, headers)
        body, kind = inked
        return URLFetcherResponse(f"mkbook-press:{url}", body=body,
                                  headers={"Content-Type": kind})
