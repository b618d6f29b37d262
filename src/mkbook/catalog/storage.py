"""Where a catalog's books are read from and its outputs written to: a folder on a
path every worker shares, or an fsspec URL (``file://``, ``s3://``, ``gs://``…) each
worker reaches on its own.

A plain path is used as it is.  A URL is read and written through fsspec alone, the
same calls for every protocol: a book's source is copied into a scratch folder before
it is built (its files keep their times, as a book's date is its newest file's), and
its built folder is uploaded beside its place and moved in over the old one.  An
object store has no atomic rename of a folder; the old book stays whole until the new
one is uploaded in full.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from mkbook.errors import ConfigError


def is_url(location: str) -> bool:
    """Whether *location* names a file system by protocol (``s3://bucket/books``)."""
    return "://" in location


def filesystem(location: str) -> tuple[Any, str]:
    """The fsspec file system of *location* and the path on it."""
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(location)
        return fs, str(path)
    except (ImportError, ValueError) as err:  # an unknown protocol, or its package missing
        raise ConfigError(f"cannot open {location}: {err}; install the fsspec package for "
                          "its protocol (s3fs for s3://, gcsfs for gs://)") from None


def join(location: str, *parts: str) -> str:
    """*location* with *parts* below it, for a path or a URL alike."""
    return "/".join([location.rstrip("/"), *parts]) if is_url(location) else \
        str(Path(location, *parts))


def cache_root() -> Path:
    """Where a catalog keeps what it can make again (remembered file hashes, the
    books' PDF layout caches): ``MKBOOK_CACHE_DIR``, else the user's cache folder; never
    the catalog's sources, which may be anyone's, or read-only."""
    from platformdirs import user_cache_path

    configured = os.environ.get("MKBOOK_CACHE_DIR", "").strip()
    return Path(configured) if configured else user_cache_path("mkbook") / "catalog"


def partial_folder(out_root: str, slug: str, pid: int) -> Path:
    """Where one attempt (process *pid*) writes *slug* before it is put in place: beside
    its place on this machine (a rename then moves it in), else a scratch folder."""
    name = f".{slug}.partial-{pid}"
    if is_url(out_root):
        return Path(tempfile.gettempdir()) / f"mkbook-{name[1:]}"
    return Path(out_root) / name


def staged_folder(slug: str, pid: int) -> Path:
    """Where one attempt copies a book's source read from a URL."""
    return Path(tempfile.gettempdir()) / f"mkbook-{slug}.source-{pid}"


def staged_path(source: str, slug: str, pid: int) -> Path:
    """The copy of *source* (a URL) one attempt builds from."""
    return staged_folder(slug, pid) / source.rstrip("/").rsplit("/", 1)[-1]


def as_named(message: str, source: str, slug: str) -> str:
    """*message* naming the book's URL where it names this process's copy of it."""
    return message.replace(str(staged_path(source, slug, os.getpid())), source) \
        if is_url(source) else message


@contextmanager
def staged(source: str, slug: str, left_out: frozenset[str] = frozenset()) -> Iterator[Path]:
    """*source* as a path on this machine: itself, or a copy of what the URL holds
    (folders named in *left_out*, a project's outputs and caches, are not copied)."""
    if not is_url(source):
        yield Path(source)
        return
    fs, path = filesystem(source)
    local = staged_path(source, slug, os.getpid())
    folder = local.parent
    shutil.rmtree(folder, ignore_errors=True)
    try:
        if fs.isdir(path):
            for remote, info in sorted(fs.find(path, detail=True).items()):
                inside = PurePosixPath(remote).relative_to(path)
                if not left_out.intersection(inside.parts[:-1]):
                    _download(fs, remote, info, local / inside)
        else:
            _download(fs, path, fs.info(path), local)
        yield local
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _download(fs: Any, remote: str, info: dict[str, Any], local: Path) -> None:
    local.parent.mkdir(parents=True, exist_ok=True)
    fs.get_file(remote, str(local))
    stamp = modified_time(info)
    if stamp is not None:
        os.utime(local, (stamp, stamp))


def modified_time(info: dict[str, Any]) -> float | None:
    """A file's modification time from fsspec's ``info``: ``mtime`` (local, most),
    ``LastModified`` (S3, a datetime) or ``updated`` (GCS, ISO 8601 text)."""
    from datetime import datetime

    for key in ("mtime", "LastModified", "last_modified", "updated"):
        value = info.get(key)
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
        if isinstance(value, int | float):
            return float(value)
        if value is not None and hasattr(value, "timestamp"):  # a datetime
            return float(value.timestamp())
    return None


class Output:
    """The catalog's output folder, on this machine or at a URL."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.remote = is_url(location)
        if self.remote:
            self.fs, self.root = filesystem(location)
        else:
            Path(location).mkdir(parents=True, exist_ok=True)

    def read_text(self, *parts: str) -> str | None:
        """The text of a file below the output, None when there is none."""
        try:
            if self.remote:
                with self.fs.open(f"{self.root}/{'/'.join(parts)}", "rb") as stream:
                    return bytes(stream.read()).decode("utf-8")
            return Path(self.location, *parts).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def write(self, name: str, data: bytes) -> None:
        """Write one file below the output whole: written beside its place, then moved
        in (a reader never finds half a feed)."""
        if self.remote:
            final = f"{self.root}/{name}"
            folder, base = final.rsplit("/", 1)
            upload = f"{folder}/.{base}.upload"
            self.fs.pipe_file(upload, data)
            self.fs.mv(upload, final)
        else:
            from mkbook.exporters import write_atomically

            write_atomically(Path(self.location, name), data)

    def names(self, pattern: str) -> list[str]:
        """The files directly below the output whose names match the glob *pattern*."""
        if self.remote:
            return sorted(path.rsplit("/", 1)[-1]
                          for path in self.fs.glob(f"{self.root}/{pattern}"))
        return sorted(path.name for path in Path(self.location).glob(pattern))

    def remove(self, name: str) -> None:
        """Remove one file below the output, if it is there."""
        if self.remote:
            if self.fs.exists(f"{self.root}/{name}"):
                self.fs.rm(f"{self.root}/{name}")
        else:
            Path(self.location, name).unlink(missing_ok=True)

    def publish(self, built: Path, slug: str) -> None:
        """Put the folder *built* in place of the book *slug*; the old is removed last."""
        if not self.remote:
            _swap_here(built, Path(self.location) / slug)
            return
        target, fs = f"{self.root}/{slug}", self.fs
        upload, old = f"{self.root}/.{slug}.upload", f"{self.root}/.{slug}.old"
        for stale in (upload, old):
            if fs.exists(stale):
                fs.rm(stale, recursive=True)
        fs.put(f"{built}/", upload, recursive=True)
        if fs.exists(target):
            fs.mv(target, old, recursive=True)
        fs.mv(upload, target, recursive=True)
        if fs.exists(old):
            fs.rm(old, recursive=True)


def _swap_here(partial: Path, target: Path) -> None:
    """The new book in place of the old in two renames; attempts that died go too."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    partial.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    for stale in target.parent.glob(f".{target.name}.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
