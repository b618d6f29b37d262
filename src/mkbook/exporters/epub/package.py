"""Writing ebooklib's package as a byte-reproducible zip, with the fixes it lacks.

ebooklib 0.20 never writes ``xml:lang`` on ``<package>`` (Ace flags it), shows the
landmarks nav (Kobo then lists landmarks as chapters), maps the title page to an
EPUB 2 guide type that is not an EPUB 3 landmark, and stamps zip entries with the
clock.  Its writer is driven here, in its own order of steps (container, package,
items), by a subclass that mends the package and the nav on their trees at ebooklib's
own hooks (``_write_opf_file``, ``_get_nav``), into a zip that gives every entry a
fixed time, ``mimetype`` first and stored: the EPUB is compressed once, as it is
written.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
import zipfile
from typing import Any

from ebooklib import epub
from lxml import etree

_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can carry
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XHTML = "{http://www.w3.org/1999/xhtml}"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def epub_bytes(package: epub.EpubBook, options: dict[str, Any], language: str,
               timestamp: int) -> bytes:
    """*package* written by ebooklib (with *options*) into a reproducible zip."""
    out = io.BytesIO()
    writer = _Writer(out, package, options)
    writer.language = language
    writer.process()
    writer.out = _ReproducibleZip(out, timestamp)
    writer.out.writestr("mimetype", "application/epub+zip")
    writer._write_container()  # noqa: SLF001  ebooklib's own steps, in its order
    writer._write_opf()  # noqa: SLF001
    writer._write_items()  # noqa: SLF001
    writer.out.close()
    return out.getvalue()


def package_file_names(names: list[str], taken: set[str] | None = None) -> dict[str, str]:
    """A name inside the EPUB for each asset name: ASCII letters, digits, ``-``, ``_``,
    ``.`` and ``/`` only, since readers and epubcheck refuse spaces and stumble on
    accents in file names (``images/my café.png`` → ``images/my-cafe.png``), and none
    already *taken* (which gets the new names)."""
    found: dict[str, str] = {}
    taken = set() if taken is None else taken
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        safe = _UNSAFE_NAME_RE.sub("-", ascii_name).strip("-") or "asset"
        stem, dot, suffix = safe.rpartition(".")
        candidate, number = safe, 1
        while candidate in taken:
            number += 1
            candidate = f"{stem}-{number}.{suffix}" if dot else f"{safe}-{number}"
        found[name] = candidate
        taken.add(candidate)
    return found


_UNSAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._/-]+")


class _Writer(epub.EpubWriter):  # type: ignore[misc]  # ebooklib is untyped
    """ebooklib's writer, mending what it writes where it writes it."""

    out: zipfile.ZipFile
    language: str

    def _write_opf_file(self, root: Any) -> None:
        """The package element carries the book's language first (``xml:lang``)."""
        attributes = list(root.attrib.items())
        root.attrib.clear()
        root.set(_XML_LANG, self.language)
        for name, value in attributes:
            root.set(name, value)
        super()._write_opf_file(root)

    def _get_nav(self, item: Any) -> bytes:
        """The nav with its landmarks hidden and named as EPUB 3 names them."""
        nav = etree.fromstring(super()._get_nav(item), _PARSER)
        for element in nav.iter(f"{_XHTML}nav", f"{_XHTML}a"):
            kind = element.get(_EPUB_TYPE)
            if element.tag == f"{_XHTML}nav" and kind == "landmarks":
                element.set("hidden", "")
            elif kind == "title-page":
                element.set(_EPUB_TYPE, "titlepage")
        return bytes(etree.tostring(nav.getroottree(), pretty_print=True, encoding="utf-8",
                                    xml_declaration=True))


class _ReproducibleZip(zipfile.ZipFile):
    """A zip whose entries carry a fixed time and mode."""

    def __init__(self, out: io.BytesIO, timestamp: int) -> None:
        super().__init__(out, "w")
        self.date_time = time.gmtime(max(timestamp, _ZIP_EPOCH))[:6]

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname if isinstance(zinfo_or_arcname, str) else zinfo_or_arcname.filename
        content = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3  # Unix, whatever machine built it
        super().writestr(info, content, compresslevel=9)
