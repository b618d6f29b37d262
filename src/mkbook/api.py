"""mkbook's library API: what the CLI (and any script) calls.

Each function does one whole job (read a book, export it, build every format) and
raises :class:`~mkbook.errors.MkbookError` for anything the author must fix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from mkbook.checks import check_cover, check_epub, check_pdf
from mkbook.config_values import check_options
from mkbook.diagnostics import Diagnostic, counted
from mkbook.errors import ConfigError, ExportError, StrictError
from mkbook.exporters import ExportContext, Exporter, available_formats, load_exporter
from mkbook.lint import lint
from mkbook.model import Book
from mkbook.outputs import Staging, book_inputs, check_output_file, check_output_folder
from mkbook.progress import stage
from mkbook.readers.project import MetadataOverrides, Project, read_project
from mkbook.transforms import apply_transforms

__all__ = ["BuildResult", "MetadataOverrides", "Project", "book_slug", "build", "check",
           "cover", "export", "load_project"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """One file a build wrote."""

    format: str
    path: Path


def load_project(source: Path, overrides: MetadataOverrides | None = None) -> Project:
    """Read the manuscript at *source* (a file or a book project folder)."""
    stage(f"reading {source}")
    return read_project(source, overrides)


def export(project: Project, fmt: str, output: Path | None = None,
           options: Mapping[str, object] | None = None, strict: bool = False) -> BuildResult:
    """Write the book in format *fmt* to *output* (default ``dist/<slug><suffix>``).

    *options* (from the command line) override the format's ``book.toml`` table; with
    *strict*, a warning while writing refuses the book (:class:`StrictError`) and
    nothing is written.
    """
    exporter = load_exporter(fmt)
    target = output or dist_folder(project) / f"{book_slug(project.book)}{exporter.suffix}"
    return _write(project, [(fmt, exporter, target, options)], strict)[0]


def dist_folder(project: Project) -> Path:
    """Where a build writes unless told: the project's own ``dist/`` (as its
    ``.gitignore`` expects), or ``dist/`` in the current folder for a single file."""
    return project.folder / "dist" if project.folder is not None else Path("dist")


def work_folder(project: Project) -> Path:
    """Where exporters keep what they can make again: the project's
    ``.mkbook-cache/``, or for a single manuscript file a folder of its own in the
    user's cache folder (nothing is written beside the author's file)."""
    if project.folder is not None:
        return project.folder / ".mkbook-cache"
    import hashlib

    from platformdirs import user_cache_path

    source = str((project.source or Path.cwd()).resolve())
    return user_cache_path("mkbook") / "files" / hashlib.sha256(source.encode()).hexdigest()[:16]


def _write(project: Project,
           jobs: Sequence[tuple[str, Exporter, Path, Mapping[str, object] | None]],
           strict: bool) -> list[BuildResult]:
    """Write each (format, exporter, target, command-line options); with *strict*, into
    staged files that are published only when nothing was warned."""
    inputs = book_inputs(project.book, project.config.path)
    for _, exporter, target, _ in jobs:
        check_output_file(target, inputs, exporter.suffix)
    staging = Staging(strict)
    try:
        with counted() as tally:
            written = [(fmt, target, _export_one(project, fmt, exporter,
                                                 staging.path_for(target), options))
                       for fmt, exporter, target, options in jobs]
        if strict and tally.total:
            raise StrictError(f"{tally.total} warning(s) while writing and --strict: nothing "
                              "was written; settle them or build without --strict")
        staging.publish()
    finally:
        staging.discard()
    return [BuildResult(name, target if strict else path) for name, target, path in written]


def _export_one(project: Project, fmt: str, exporter: Exporter, target: Path,
                overrides: Mapping[str, object] | None) -> Path:
    options = exporter_options(project, exporter, overrides)
    exporter.prepare(dict(options))
    stage("typesetting")
    book = apply_transforms(project.book, project.config)
    stage(f"writing {fmt.upper()}")
    try:
        return exporter.export(book, ExportContext(target, source_timestamp(book), options,
                                                   work_folder(project)))
    except OSError as err:  # a full disk, a folder made read-only: not a bug in mkbook
        raise ExportError(f"cannot be written ({err.strerror or err}); free some space or "
                          "choose another folder with -o", source=err.filename or target
                          ) from None


def prepare(formats: Sequence[str] | None, options: Mapping[str, Mapping[str, object]]
            ) -> None:
    """Let each exporter of *formats* (None: every installed one) get ready while the
    book is still to be read (the PDF's layout workers start importing WeasyPrint), from
    the command line's *options* by table: a command calls this first thing."""
    for fmt in formats or available_formats():
        exporter = load_exporter(fmt)
        exporter.prepare({key: value for key, value in options.get(exporter.table, {}).items()
                          if value is not None})


def build(project: Project, formats: list[str] | None = None,
          output_dir: Path | None = None,
          options: Mapping[str, Mapping[str, object]] | None = None,
          strict: bool = False) -> list[BuildResult]:
    """Write the book in every installed format (or *formats*) into *output_dir*.

    *options* holds command-line options by exporter table (``{"pdf": {"jobs": 2}}``);
    with *strict*, a warning while writing any format refuses them all.
    """
    folder = output_dir or dist_folder(project)
    check_output_folder(folder)
    jobs = []
    for fmt in formats or available_formats():
        exporter = load_exporter(fmt)
        jobs.append((fmt, exporter, folder / f"{book_slug(project.book)}{exporter.suffix}",
                     (options or {}).get(exporter.table)))
    return _write(project, jobs, strict)


def cover(project: Project, output: Path | None = None,
          options: Mapping[str, object] | None = None) -> list[BuildResult]:
    """Write the print cover wrap (default ``dist/<slug>-cover.pdf``) for the interior
    as it is now, and the ebook cover at store size beside it (``.jpg``); *options*
    (``paper``, ``spine``, ``trim``, ``pages``, ``interior``) override the ``[cover]``
    table."""
    from mkbook.exporters.pdf.cover.make import CoverOptions, make_cover

    table = project.config.exporters.get("cover", {})
    check_options(CoverOptions, table, "cover", project.config.locate)
    given = {key: value for key, value in (options or {}).items() if value is not None}
    target = output or dist_folder(project) / f"{book_slug(project.book)}-cover.pdf"
    check_output_file(target, book_inputs(project.book, project.config.path), ".pdf")
    stage("making the cover")
    wrap, ebook = make_cover(project, target, {**table, **given})
    return [BuildResult("cover", wrap), BuildResult("ebook-cover", ebook)]


def check(project: Project, options: Mapping[str, object] | None = None,
          formats: tuple[str, ...] = ("epub", "pdf"), epubcheck: bool = True
          ) -> list[Diagnostic]:
    """Lint the manuscript, then build in a scratch folder and check what stores and
    printers would: epubcheck on the EPUB (unless *epubcheck* is False: the EPUB is
    still built, and MK703 says it was not validated), the print rules on the PDF."""
    import tempfile

    from mkbook.exporters.pdf.page_setup import page_setup

    findings = lint(project.book, project.config)
    with tempfile.TemporaryDirectory(prefix="mkbook-check-") as folder:
        if "epub" in formats:
            epub = export(project, "epub", Path(folder) / "book.epub").path
            stage("running epubcheck" if epubcheck else "skipping epubcheck")
            findings += check_epub(epub) if epubcheck else [Diagnostic(
                "MK703", "epubcheck was not run (--no-epubcheck): the EPUB was built but not "
                "validated; stores run epubcheck on upload, so run it before you publish")]
        if "pdf" in formats:
            result = export(project, "pdf", Path(folder) / "book.pdf", options)
            setup = page_setup(exporter_options(project, load_exporter("pdf"), options),
                               project.book.metadata.language)
            titles = [c.title for c in apply_transforms(project.book, project.config).chapters]
            stage("checking the printed book")
            findings += check_pdf(result.path, setup, titles)
            findings += check_cover(
                dist_folder(project) / f"{book_slug(project.book)}-cover.pdf", result.path)
    return findings


def exporter_options(project: Project, exporter: Exporter,
                     overrides: Mapping[str, object] | None) -> dict[str, object]:
    """An exporter's ``book.toml`` table with the command line's values (None: not
    given) on top, checked against the keys its options class declares."""
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    table = project.config.exporters.get(exporter.table, {})
    check_options(exporter.options_class, table, exporter.table, project.config.locate)
    if "theme" not in {option.name for option in fields(exporter.options_class)}:
        return {**table, **given}
    from mkbook.themes import ThemeOptions

    chosen = project.config.exporters.get("theme", {})
    check_options(ThemeOptions, chosen, "theme", project.config.locate)
    return {"theme": project.config.book.theme, **table, **given, "theme_options": chosen}


def book_slug(book: Book) -> str:
    """A file-name-safe name for the book: ``When There's Nothing Left`` →
    ``when-theres-…``, ``Война и мир`` → ``voina-i-mir``."""
    from mkbook.textnorm import file_slug

    return file_slug(book.metadata.title, 80, "book")


LATEST_TIMESTAMP = 253402300799
"""9999-12-31T23:59:59Z: the last moment EPUB and PDF dates can hold."""


def source_timestamp(book: Book) -> int:
    """``SOURCE_DATE_EPOCH`` when set, else the newest manuscript file's modification time.

    Either way the same input gives the same stamp, so builds are reproducible.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit() or int(value) > LATEST_TIMESTAMP:
            raise ConfigError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (before "
                              f"the year 10000), not {value[:40]!r}")
        return int(value)
    times = [int(path.stat().st_mtime) for path in book.sources if path.exists()]
    return max(times, default=0)
