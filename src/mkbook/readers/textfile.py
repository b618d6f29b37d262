"""Turning a manuscript file's bytes into clean text, whatever the author's editor did.

Trust the bytes, not what the file claims: UTF-8 first (with or without BOM), UTF-16
when a BOM says so, else charset-normalizer's best guess, named in a warning so the
author can check it.  Line endings of every kind become ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from mkbook.confine import read_confined
from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import ManuscriptError, SourceNotFoundError

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A manuscript file's text and how it was read."""

    text: str
    encoding: str
    warnings: tuple[Diagnostic, ...] = ()


def read_text_file(path: Path, display: str | None = None, root: Path | None = None) -> DecodedText:
    """Read *path* as manuscript text, refusing what is clearly not a manuscript.

    The file must lie inside *root* (the book project; by default the file's own
    folder) and be a regular file (see :mod:`mkbook.confine`).  Errors name *path* as
    given, so the author sees the path they typed; *display* (the name inside the
    project) is what warnings and source references use.
    """
    name = str(path)
    if not path.exists() and not path.is_symlink():
        raise SourceNotFoundError("no such file; check the path", source=name)
    data = read_confined(root or path.resolve().parent, path.absolute(),
                         what="manuscript file", label=path.name, source=name)
    decoded = decode_bytes(data, name, display or name)
    if not decoded.text.strip():
        raise ManuscriptError("is empty: write some text, then build again", source=name)
    return decoded


def decode_bytes(data: bytes, name: str, display: str | None = None) -> DecodedText:
    """Decode manuscript bytes to text with ``\\n`` line endings and no stray BOMs."""
    if data.startswith(_UTF16_BOMS):
        text, encoding = data.decode("utf-16", errors="surrogatepass"), "utf-16"
    elif b"\x00" in data[:8192]:
        raise ManuscriptError("is a binary file, not text: give a .txt or .md manuscript",
                              source=name)
    else:
        text, encoding = _decode_8bit(data, name)
    warnings: list[Diagnostic] = []
    if encoding == MOSTLY_UTF8:
        warnings.append(_stray_bytes_warning(data, display or name))
    elif encoding not in ("utf-8", "utf-16", "ascii"):
        warnings.append(Diagnostic("MK101", f"not UTF-8: read as {encoding}; save the file "
                                   "as UTF-8 if accented letters or quotes look wrong",
                                   SourceRef(display or name, 1)))
    text = normalise_newlines(text.replace("\ufeff", ""))
    text, removed = remove_invisible(text)
    if removed:
        line = text.count("\n", 0, removed[0]) + 1
        warnings.append(Diagnostic(INVISIBLE_CHARACTERS, f"removed {len(removed)} control "
                                   "character(s) or broken surrogate(s) that no reader can "
                                   "show", SourceRef(display or name, line)))
    return DecodedText(text, encoding, tuple(warnings))


INVISIBLE_CHARACTERS = "MK102"
"""The warning for characters removed because no XML document (so no EPUB) may hold them."""
# C0 and C1 controls but tab and newline, lone UTF-16 surrogates, and the two
# non-characters XML forbids (U+FFFE, U+FFFF).
_INVISIBLE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def remove_invisible(text: str) -> tuple[str, list[int]]:
    """*text* without control characters and unpaired surrogates, and where they were."""
    positions = [found.start() for found in _INVISIBLE_RE.finditer(text)]
    return (_INVISIBLE_RE.sub("", text), positions) if positions else (text, [])


def _decode_8bit(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8 when the bytes are UTF-8, else the most plausible legacy encoding."""
    try:
        # surrogatepass: an encoded lone surrogate is a broken character, not a sign of
        # another encoding; it is removed (with a warning) like a control character.
        return data.decode("utf-8-sig", errors="surrogatepass"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8-sig", errors=_STRAY_BYTES), MOSTLY_UTF8
    encoding = _guess_legacy_encoding(data)
    if encoding is None:
        raise ManuscriptError("is not readable text in any known encoding", source=name)
    return data.decode(encoding, errors="replace"), encoding


MOSTLY_UTF8 = "utf-8 with stray bytes"
"""A UTF-8 file with a few bytes that are not (a quote pasted from a Windows program):
those are read as Windows-1252 and named, the rest as UTF-8."""
_STRAY_BYTES = "mkbook-stray-cp1252"
_UTF8_SEQUENCE = (rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                  rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_UTF8_SEQUENCE_RE = re.compile(_UTF8_SEQUENCE)
_BYTE_RUN_RE = re.compile(rb"[\x00-\x7f]+|" + _UTF8_SEQUENCE + rb"|(.)", re.DOTALL)
"""ASCII, a UTF-8 character, or (group 1) a byte that is neither."""


def _read_stray_byte(error: UnicodeError) -> tuple[str, int]:
    """A byte UTF-8 cannot read, read as Windows-1252 (Latin-1 where that has none)."""
    assert isinstance(error, UnicodeDecodeError)
    byte = error.object[error.start:error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error(_STRAY_BYTES, _read_stray_byte)


def _mostly_utf8(data: bytes) -> bool:
    """Whether *data* is UTF-8 with a few stray bytes: a legacy file has next to no
    well-formed UTF-8 characters (its accented letters stand alone), so a file with at
    least a quarter as many of them as bytes that are not is UTF-8."""
    valid = len(_UTF8_SEQUENCE_RE.findall(data))
    return valid > 0 and len(_stray_bytes(data)) <= 4 * valid


def _stray_bytes(data: bytes) -> list[int]:
    """Offsets of the bytes of *data* that are not part of any UTF-8 character."""
    return [found.start() for found in _BYTE_RUN_RE.finditer(data) if found.lastindex]


def _stray_bytes_warning(data: bytes, display: str) -> Diagnostic:
    newlines = [found.start() for found in re.finditer(rb"\n", data)]
    lines = sorted({bisect_left(newlines, offset) + 1 for offset in _stray_bytes(data)})
    shown = ", ".join(map(str, lines[:10])) + (" …" if len(lines) > 10 else "")
    return Diagnostic("MK101", f"UTF-8 but for {len(lines)} line(s) with a byte that is "
                      f"not (lines {shown}): read as Windows-1252; check those characters "
                      "and save the file as UTF-8", SourceRef(display, lines[0]))


def _guess_legacy_encoding(data: bytes) -> str | None:
    """charset-normalizer's best guess, except where Windows-1252 reads the same.

    Western texts often decode to identical text as cp1250, cp1252 and cp1257, and
    charset-normalizer then names any of them; Windows-1252 is by far the most common
    in manuscripts, so it is named whenever it gives the same text (or ties).
    """
    matches = from_bytes(data)
    best = matches.best()
    as_1252 = _strict_decode(data, "cp1252")
    if best is None:
        return "cp1252" if as_1252 is not None else None
    tied = {m.encoding for m in matches
            if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    if as_1252 is not None and (as_1252 == str(best) or tied & _WESTERN):
        return "cp1252"
    return str(best.encoding)


_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_1", "iso8859_15"})


def _strict_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def normalise_newlines(text: str) -> str:
    """CRLF, CR and LF, mixed in any way, all become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
