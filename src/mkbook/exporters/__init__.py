"""The exporter interface and its registry (the ``mkbook.exporters`` entry-point group).

An exporter is any object with a ``name``, a ``suffix``, the ``table`` of ``book.toml``
its options come from, ``prepare(options)`` and ``export(book, ctx)``
(:class:`Exporter`); :class:`BaseExporter` gives the last two defaults.  Third-party
packages add formats by declaring an entry point in that group, the way mkdocs finds
plugins; nothing here imports an exporter before it is asked for, so ``mkbook epub``
never pays for WeasyPrint.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from mkbook.errors import ConfigError, ExportError
from mkbook.model import Book

ENTRY_POINT_GROUP = "mkbook.exporters"


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What an exporter is told besides the book."""

    output: Path
    """The file to write; the exporter replaces it atomically."""
    timestamp: int
    """Seconds since the epoch to stamp into the output (``SOURCE_DATE_EPOCH``)."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """The exporter's own table from ``book.toml`` (``[epub]``, ``[pdf]``)."""
    work_folder: Path | None = None
    """Where the exporter may keep what it can make again (the PDF's layout cache):
    the project's ``.mkbook-cache/``, or for a single manuscript file a folder of its
    own in the user's cache folder, never beside the file."""


@runtime_checkable
class Exporter(Protocol):
    """Writes a :class:`~mkbook.model.Book` in one format."""

    name: str
    """The format's name on the command line (``epub``)."""
    suffix: str
    """The output file's extension, with its dot (``.epub``)."""
    table: str
    """The ``book.toml`` table its options come from (``[epub]`` serves every EPUB
    target)."""
    options_class: type
    """A dataclass declaring the table's keys, each with its type, default and a
    docstring: ``book.toml`` is checked against it, and an unknown key or a wrong kind
    of value is an error naming the key and its line."""

    def prepare(self, options: dict[str, Any]) -> None:
        """Get ready to export while the book is read and typeset (the PDF starts its
        layout workers); *options* are what is known so far: the command line's, then
        the whole table's.  Called before :meth:`export`, perhaps more than once."""
        ...

    def export(self, book: Book, ctx: ExportContext) -> Path:
        """Write the book to ``ctx.output`` and return the path written."""
        ...


@dataclass(frozen=True, slots=True)
class NoOptions:
    """An exporter that takes no options: every key of its table is unknown."""


class BaseExporter:
    """What an exporter may inherit: options from a table named as the format, none of
    them declared, and nothing to prepare."""

    name: str
    suffix: str
    options_class: type = NoOptions

    @property
    def table(self) -> str:
        """The format's own table (``[outline]`` for ``outline``)."""
        return self.name

    def prepare(self, options: dict[str, Any]) -> None:
        """Nothing to get ready."""


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(point.name, point)
    return dict(sorted(found.items()))


def available_formats() -> list[str]:
    """The names of every installed exporter, sorted."""
    return list(_entry_points())


def load_exporter(name: str) -> Exporter:
    """The exporter registered as *name*; an unknown name lists the installed ones."""
    points = _entry_points()
    if name not in points:
        raise ConfigError(f"unknown format {name!r}; installed formats: "
                          + ", ".join(points))
    try:
        factory = points[name].load()
        exporter = factory() if isinstance(factory, type) else factory
    except Exception as err:  # a broken third-party plugin must not crash the CLI
        raise ExportError(f"the {name!r} exporter could not be loaded: {err}") from err
    if not isinstance(exporter, Exporter):
        raise ExportError(f"the {name!r} exporter lacks name, suffix, table, prepare() or "
                          "export(); subclass mkbook.exporters.BaseExporter for the "
                          "defaults")
    return exporter


def write_atomically(path: Path, data: bytes) -> Path:
    """Write *data* to a new file beside *path*, then rename it over *path* in one step.

    A build that fails half-way, a full or read-only disk, or a SIGTERM (the command
    turns it into an exit that runs this ``finally``) leaves the previous book
    untouched and no temporary file behind; the error names the file and the cause.
    """
    temp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
        temp = Path(temp_name)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
        temp = None
    except OSError as err:
        raise ExportError(f"cannot be written ({err.strerror}); free some space or choose "
                          "another folder with -o", source=path) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
    return path
