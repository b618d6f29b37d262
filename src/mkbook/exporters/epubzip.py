"""Finishing ebooklib's output: the fixes it lacks, and a byte-reproducible zip.

ebooklib 0.20 never writes ``xml:lang`` on ``<package>`` (Ace flags it), shows the
landmarks nav (Kobo then lists landmarks as chapters), maps the title page to an
EPUB 2 guide type that is not an EPUB 3 landmark, and stamps zip entries with the
clock.  Here the package and nav are patched as text and the archive is rewritten
with fixed entry times, ``mimetype`` first and stored.
"""

from __future__ import annotations

import io
import re
import time
import zipfile

_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry
_OPF = "EPUB/content.opf"
_NAV = "EPUB/nav.xhtml"


def finish_epub(data: bytes, language: str, timestamp: int) -> bytes:
    """Return *data* (an EPUB from ebooklib) patched and re-zipped reproducibly."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    date_time = time.gmtime(max(timestamp, _ZIP_EPOCH))[:6]
    with zipfile.ZipFile(out, "w") as target:
        names = ["mimetype"] + [n for n in source.namelist() if n != "mimetype"]
        for name in names:
            content = _patch(name, source.read(name), language)
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine built it
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()


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
