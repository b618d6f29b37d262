"""The layout cache: laid-out pieces kept between builds in ``.mkbook-cache/``.

A piece's key hashes everything its layout depends on (its HTML, the stylesheets
with the trim, the fonts and images, the WeasyPrint and mkbook versions), so an
entry is either right or never found.  Entries are plain files (the PDF and a JSON
record), never pickles: a cache folder that came with a project cannot run code.
Writes are atomic, and every entry carries the SHA-256 of its bytes: an entry damaged
since (a full disk, a crash, a hand edit) is found out on reading, dropped and made
again, never used.  Entries unused for a fortnight are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mkbook.layout.jobs import Bookmark, LaidOut, LayoutJob

log = logging.getLogger("mkbook")
FOLDER = ".mkbook-cache"
KEEP_SECONDS = 14 * 24 * 3600


def cache_folder(work_folder: Path | None) -> Path | None:
    """Where a book's layout cache lives: ``MKBOOK_CACHE_DIR``, else in the build's
    work folder (the project's ``.mkbook-cache/``; none without one)."""
    configured = os.environ.get("MKBOOK_CACHE_DIR", "").strip()
    if configured:
        return Path(configured) / "pdf"
    return work_folder / "pdf" if work_folder is not None else None


class LayoutCache:
    """Laid-out pieces by key; a folder of None (``--no-cache``) keeps nothing."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder = folder if folder is None or _usable(folder) else None
        self.salt = salt
        self.used: set[str] = set()

    def key(self, job: LayoutJob, ids: tuple[str, ...]) -> str:
        digest = hashlib.sha256(self.salt.encode())
        for part in (*job.cache_parts(), *ids):
            digest.update(hashlib.sha256(part.encode()).digest())
        return digest.hexdigest()

    def get(self, key: str) -> LaidOut | None:
        if self.folder is None:
            return None
        try:
            record = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            pdf = (self.folder / f"{key}.pdf").read_bytes()
            if record["sha256"] != hashlib.sha256(pdf).hexdigest():
                raise ValueError("damaged entry")
            found = LaidOut(pdf, tuple(bool(b) for b in record["blank"]),
                            {str(k): int(v) for k, v in record["starts"].items()},
                            tuple(Bookmark(int(m[0]), str(m[1]), int(m[2]), float(m[3]),
                                           float(m[4])) for m in record["bookmarks"]),
                            tuple(str(w) for w in record["warnings"]))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        self.used.add(key)
        return found

    def put(self, key: str, piece: LaidOut) -> None:
        if self.folder is None:
            return
        record = {"sha256": hashlib.sha256(piece.pdf).hexdigest(),
                  "blank": piece.blank, "starts": piece.starts,
                  "bookmarks": [[m.level, m.label, m.page, m.x, m.y] for m in piece.bookmarks],
                  "warnings": piece.warnings}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.folder / f"{key}.pdf", piece.pdf)
            _write_atomic(self.folder / f"{key}.json", json.dumps(record).encode())
        except OSError as err:
            log.info("layout cache not written (%s); the next build lays out again", err)
            self.folder = None
            return
        self.used.add(key)

    def remembered(self, name: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept under *name* (hashed with the salt), made and kept when missing."""
        key = hashlib.sha256(f"{self.salt}\n{name}".encode()).hexdigest()
        path = self.folder / f"{key}.bin" if self.folder is not None else None
        if path is not None:
            with contextlib.suppress(OSError):
                kept = path.read_bytes()
                digest, data = kept[:32], kept[32:]
                if hashlib.sha256(data).digest() == digest:
                    self.used.add(key)
                    return data
        data = make()
        if path is not None:
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                _write_atomic(path, hashlib.sha256(data).digest() + data)
                self.used.add(key)
        return data

    def clear(self) -> None:
        """Forget every entry (a damaged one was found)."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.used.clear()

    def prune(self) -> None:
        """Touch what this build used; drop what no build has used for a fortnight."""
        if self.folder is None or not self.folder.is_dir():
            return
        now = time.time()
        for path in self.folder.iterdir():
            with contextlib.suppress(OSError):
                if path.stem in self.used:
                    os.utime(path, (now, now))
                elif now - path.stat().st_mtime > KEEP_SECONDS:
                    path.unlink()


def _usable(folder: Path) -> bool:
    """mkbook's own cache folders must be real folders, not links out of the project."""
    if folder.is_symlink() or folder.parent.is_symlink():
        log.warning("layout cache %s is a symbolic link; building without a cache", folder)
        return False
    return True


def _write_atomic(path: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
