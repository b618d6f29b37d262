"""Writing ebooklib's package as a byte-reproducible zip, with the fixes it lacks.

ebooklib 0.20 never writes ``xml:lang`` on ``<package>`` (Ace flags it), shows the
landmarks nav (Kobo then lists landmarks as chapters), maps the title page to an
EPUB 2 guide type that is not an EPUB 3 landmark, and stamps zip entries with the
clock.  Its writer is handed a zip file that patches the package and nav as text and
gives every entry a fixed time, ``mimetype`` first and stored: the EPUB is
compressed once, as it is written.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from typing import Any

from ebooklib import epub

_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry
_OPF = "EPUB/content.opf"
_NAV = "EPUB/nav.xhtml"


def epub_bytes(package: epub.EpubBook, options: dict[str, Any], language: str,
               timestamp: int) -> bytes:
    """*package* written by ebooklib (with *options*) into a reproducible zip."""
    out = io.BytesIO()
    writer = _Writer(out, package, options)
    writer.process()
    writer.out = _ReproducibleZip(out, language, timestamp)
    writer.out.writestr("mimetype", "application/epub+zip")
    writer._write_container()  # noqa: SLF001  ebooklib's own steps, in its order
    writer._write_opf()  # noqa: SLF001
    writer._write_items()  # noqa: SLF001
    writer.out.close()
    return out.getvalue()


class _Writer(epub.EpubWriter):  # type: ignore[misc]  # ebooklib is untyped
    out: zipfile.ZipFile


class _ReproducibleZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed time and mode, with ebooklib's OPF and nav patched."""

    def __init__(self, out: io.BytesIO, language: str, timestamp: int) -> None:
        super().__init__(out, "w")
        self.language = language
        self.date_time = time.gmtime(max(timestamp, _ZIP_EPOCH))[:6]

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname if isinstance(zinfo_or_arcname, str) else zinfo_or_arcname.filename
        content = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3  # Unix, whatever machine built it
        super().writestr(info, _patch(name, content, self.language), compresslevel=9)


def _patch(name: str, content: bytes, language: str) -> bytes:
    if name == _OPF:
        return patch_package(content, language)
    if name == _NAV:
        return patch_nav(content)
    return content


def patch_package(opf: bytes, language: str) -> bytes:
    """Add ``xml:lang`` to the ``<package>`` element."""
    text = opf.decode("utf-8")
    text = re.sub(r"<package\b(?![^>]*xml:lang)", f'<package xml:lang="{language}"', text,
                  count=1)
    return text.encode("utf-8")


def patch_nav(nav: bytes) -> bytes:
    """Hide the landmarks nav and use EPUB 3 landmark names."""
    text = nav.decode("utf-8")
    text = re.sub(r'<nav (epub:type="landmarks")', r'<nav \1 hidden=""', text)
    text = text.replace('epub:type="title-page"', 'epub:type="titlepage"')
    return text.encode("utf-8")
