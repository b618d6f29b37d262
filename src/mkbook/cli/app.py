"""The ``mkbook`` application: the typer app, its global options, the options the
commands share, and the one place errors become one-line messages and exit codes
(:func:`guarded`); a traceback reaches the author only with ``--debug``."""

from __future__ import annotations

import gc
import logging
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

import mkbook
from mkbook.errors import MkbookError, StrictError
from mkbook.terminal import OUTPUT, log_to_stderr, say

if TYPE_CHECKING:  # the library is imported by the commands that use it: --help stays fast
    from mkbook import api

app = typer.Typer(
    name="mkbook",
    help="Turn a manuscript into a book: an EPUB for every e-reader and a print-ready PDF.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: "[default: …]" and "[book]" print as written
)

INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in mkbook, not in the manuscript


def run() -> None:
    """The ``mkbook`` command.

    A command that writes a book lets its exporters prepare (:func:`api.prepare`: the
    PDF's layout workers start) before it reads the book.  Whatever the command leaves
    is frozen out of the garbage collector on the way out: the interpreter's last collection would
    otherwise walk every object of the book just read (a tenth of a second on a long
    novel) before the process ends.
    """
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    finally:
        gc.freeze()


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends the command as an exit does, so every ``finally`` runs: a half-written
    book's temporary file is removed and the layout workers are stopped."""
    raise SystemExit(128 + signum)


T = TypeVar("T")

SourceArg = Annotated[Path | None, typer.Argument(
    help="A manuscript file (.txt, .md) or a book project folder [default: the book project "
    "in this folder].", show_default=False)]
TitleOpt = Annotated[str | None, typer.Option("--title", help="The book's title.")]
ThemeOpt = Annotated[str | None, typer.Option(
    "--theme", help="The design (mkbook themes lists them) [default: [book] theme].")]
AuthorOpt = Annotated[list[str] | None, typer.Option(
    "--author", help="An author; repeat for several.")]
LanguageOpt = Annotated[str | None, typer.Option(
    "--language", help="The book's language, as a BCP 47 tag (en, fr, de-AT).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
JobsOpt = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, help="Processes laying out the PDF [default: one per core].")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Stop on any warning, writing nothing.")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="Lay out every page again, ignoring and not filling .mkbook-cache/.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mkbook {mkbook.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Print every stage and WeasyPrint's notes.")
                       ] = False,
) -> None:
    """mkbook: manuscripts in, books out."""
    OUTPUT.quiet, OUTPUT.verbose = quiet, verbose and not quiet
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    log_to_stderr(level)


def guarded(action: Callable[[], T], debug: bool, spinner: bool = True) -> T:
    """Run *action*, turning mkbook's errors into one line on stderr and an exit code;
    with a spinner naming the stage, unless the command draws its own progress."""
    from mkbook import progress

    try:  # --verbose prints every stage as a line: a spinner would be drawn between them
        with progress.shown(spinner and not (OUTPUT.quiet or OUTPUT.verbose)):
            return action()
    except MkbookError as err:
        if debug:
            raise
        say(f"mkbook: error: {err}", err=True, one_line=True)
        raise typer.Exit(err.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("mkbook: interrupted", err=True)
        raise typer.Exit(130) from None
    except Exception as err:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            raise
        say(f"mkbook: internal error: {type(err).__name__}: {err} "
            "(run again with --debug and report it)", err=True, one_line=True)
        raise typer.Exit(INTERNAL_ERROR) from None


def source_here(source: Path | None, debug: bool) -> Path:
    """SOURCE, or else the book project in the current folder (as mdBook and mkdocs
    take it): the folder holds a ``book.toml``."""
    from mkbook.errors import SourceNotFoundError

    def found() -> Path:
        if source is not None:
            return source
        if Path("book.toml").is_file():
            return Path(".")
        raise SourceNotFoundError("no book project here (this folder has no book.toml): name "
                                  "a manuscript file or a project folder (mkbook build "
                                  "my-novel), or make a project with mkbook init")

    return guarded(found, debug)


def load_book(source: Path, title: str | None, authors: list[str] | None,
          language: str | None, strict: bool = False, shown: bool = True) -> api.Project:
    """The project at *source*, its reading warnings logged (unless *shown* is False: the
    caller lists them itself); with *strict*, a warning stops the command before anything
    is written."""
    from mkbook import api
    from mkbook.diagnostics import counted, report

    overrides = api.MetadataOverrides(title, tuple(authors or ()), language)
    with counted() as tally:
        project = api.load_project(source, overrides)
        if shown:
            report(project.book.warnings)
    if strict and tally.total:
        raise StrictError(f"{tally.total} warning(s) and --strict: nothing was written; "
                          "settle them (README: \"Warnings and their codes\") or build "
                          "without --strict")
    return project
