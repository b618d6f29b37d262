"""The ``mkbook`` command line: thin typer commands over :mod:`mkbook.api`.

Errors are mapped to one-line messages and exit codes in exactly one place
(:func:`_run`); a traceback reaches the author only with ``--debug``.
"""

from __future__ import annotations

import gc
import logging
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

import mkbook
from mkbook.errors import ConfigError, MkbookError, StrictError
from mkbook.terminal import OUTPUT, log_to_stderr, print_json, report_written, say

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


def _run(action: Callable[[], T], debug: bool) -> T:
    """Run *action*, turning mkbook's errors into one line on stderr and an exit code."""
    from mkbook import progress

    try:  # --verbose prints every stage as a line: a spinner would be drawn between them
        with progress.shown(not (OUTPUT.quiet or OUTPUT.verbose)):
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


def _here(source: Path | None, debug: bool) -> Path:
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

    return _run(found, debug)


def _load(source: Path, title: str | None, authors: list[str] | None,
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


@app.command("pdf")
def pdf_command(
    source: SourceArg = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The PDF file to write [default: dist/<title>]")] = None,
    trim: Annotated[str | None, typer.Option(
        "--trim", help="5x8, 5.25x8, 5.5x8.5 (default), 6x9, 4.25x6.87, a5, b5, a4, letter, "
        "or WxH in inches or mm (148x210mm).")] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", help="print (default), screen, kdp (a KDP paperback interior) or "
        "kdp-hardcover.")
    ] = None,
    bleed: Annotated[bool | None, typer.Option(
        "--bleed/--no-bleed", help="Add KDP's 0.125 in bleed (outside, top, bottom).")] = None,
    pdf_variant: Annotated[str | None, typer.Option(
        "--pdf-variant", help="pdf/a-2b, pdf/ua-1, pdf/x-1a, pdf/x-4 … (WeasyPrint's).")] = None,
    jobs: JobsOpt = None, no_cache: NoCacheOpt = False, strict: StrictOpt = False,
    theme: ThemeOpt = None,
    title: TitleOpt = None, author: AuthorOpt = None, language: LanguageOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Build the book as a print-ready PDF."""
    source = _here(source, debug)
    options = {"trim": trim, "profile": profile, "bleed": bleed, "pdf_variant": pdf_variant,
               "theme": theme, **_layout_options(jobs, no_cache)}

    def action() -> list[api.BuildResult]:
        from mkbook import api

        api.prepare(["pdf"], {"pdf": options})
        project = _load(source, title, author, language, strict)
        return [api.export(project, "pdf", output, options, strict)]

    report_written(result.path for result in _run(action, debug))


def _layout_options(jobs: int | None, no_cache: bool) -> dict[str, object]:
    """The PDF layout flags as exporter options (None: as book.toml says)."""
    return {"jobs": jobs, "cache": False if no_cache else None}


TARGETS = {"generic": "epub", "kobo": "epub-kobo", "kindle": "epub-kindle"}


@app.command("epub")
def epub_command(
    source: SourceArg = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The EPUB file to write [default: dist/<title>]")] = None,
    target: Annotated[str, typer.Option(
        "--target", help="generic, kobo (a .kepub.epub) or kindle (for Send to Kindle).")
    ] = "generic", strict: StrictOpt = False, theme: ThemeOpt = None,
    title: TitleOpt = None, author: AuthorOpt = None, language: LanguageOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Build the book as EPUB."""
    source = _here(source, debug)
    def action() -> list[api.BuildResult]:
        if target not in TARGETS:
            raise ConfigError(f"unknown target {target!r}; use one of: " + ", ".join(TARGETS))
        from mkbook import api

        project = _load(source, title, author, language, strict)
        return [api.export(project, TARGETS[target], output, {"theme": theme}, strict)]

    report_written(result.path for result in _run(action, debug))


@app.command("cover")
def cover_command(
    source: SourceArg = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The cover PDF to write [default: dist/<title>-cover.pdf]")
    ] = None,
    paper: Annotated[str | None, typer.Option(
        "--paper", help="white (default), cream, standard-colour or premium-colour.")] = None,
    trim: Annotated[str | None, typer.Option(
        "--trim", help="The interior's trim [default: as [pdf] says].")] = None,
    pages: Annotated[int | None, typer.Option(
        "--pages", min=2, help="The interior's page count [default: laid out now].")] = None,
    interior: Annotated[Path | None, typer.Option(
        "--interior", help="The printed interior PDF, to count its pages.")] = None,
    spine: Annotated[float | None, typer.Option(
        "--spine", help="The spine in inches, as the printer gives it (IngramSpark).")
    ] = None,
    title: TitleOpt = None, author: AuthorOpt = None, language: LanguageOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Make the print cover wrap: back, spine and front with bleed, sized for the interior."""
    source = _here(source, debug)
    options = {"paper": paper, "trim": trim, "pages": pages, "interior": interior,
               "spine": spine}

    def action() -> list[api.BuildResult]:
        from mkbook import api

        return api.cover(_load(source, title, author, language), output, options)

    report_written(result.path for result in _run(action, debug))


@app.command("build")
def build_command(
    source: SourceArg = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="The folder to write into [default: dist]")] = None,
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help="Only this format; repeat for several [default: all]")] = None,
    watch: Annotated[bool, typer.Option(
        "--watch", help="Build again on every save until Ctrl-C.")] = False,
    jobs: JobsOpt = None, no_cache: NoCacheOpt = False, strict: StrictOpt = False,
    theme: ThemeOpt = None,
    title: TitleOpt = None, author: AuthorOpt = None, language: LanguageOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Build the book in every installed format."""
    source = _here(source, debug)
    options: dict[str, dict[str, object]] = {
        "pdf": {**_layout_options(jobs, no_cache), "theme": theme}, "epub": {"theme": theme}}

    def action() -> list[api.BuildResult]:
        from mkbook import api

        api.prepare(fmt or None, options)
        return api.build(_load(source, title, author, language, strict), fmt or None, output,
                         options, strict)

    report_written(result.path for result in _run(action, debug))
    if watch:
        from mkbook.preview import watch_project

        typer.echo("Watching for changes; Ctrl-C to stop", err=True)
        try:
            watch_project(source, lambda: report_written(
                result.path for result in _run_or_show(action, debug)))
        except KeyboardInterrupt:
            raise typer.Exit(0) from None


def _run_or_show(action: Callable[[], list[api.BuildResult]], debug: bool
                 ) -> list[api.BuildResult]:
    """While watching, a broken manuscript is reported and the watch goes on."""
    try:
        return _run(action, debug)
    except typer.Exit:
        return []


def _print_rules(source: Path | None, as_json: bool, debug: bool) -> None:
    """``inspect --rules``: the rule table, with what *source*'s book.toml turns off."""
    def action() -> list[dict[str, object]]:
        from mkbook.config import load_config
        from mkbook.readers.rules import describe_rules

        disabled = load_config(source).rules.disabled if source and source.is_dir() \
            else frozenset()
        return describe_rules(disabled)

    table = _run(action, debug)
    if as_json:
        print_json(table)
    else:
        from mkbook.readers.rules import format_rules

        say(format_rules(table))


@app.command("themes")
def themes_command(debug: DebugOpt = False) -> None:
    """List the themes a book can be set in ([book] theme or --theme) and their options."""
    def action() -> list[str]:
        from mkbook.themes import DEFAULT_THEME, available_themes

        lines = []
        for theme in available_themes():
            default = " (default)" if theme.name == DEFAULT_THEME else ""
            options = ", ".join(f"{key} = {value!r}" for key, value in theme.options.items())
            lines += [f"{theme.name}{default}: {theme.title}", f"  {theme.description}",
                      f"  [theme] {options}"]
        return lines

    for line in _run(action, debug):
        typer.echo(line)


@app.command("check")
def check_command(
    source: SourceArg = None,
    trim: Annotated[str | None, typer.Option("--trim", help="The trim to check at.")] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", help="print (default), screen, kdp or kdp-hardcover.")] = None,
    bleed: Annotated[bool | None, typer.Option("--bleed/--no-bleed")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON.")] = False,
    no_epubcheck: Annotated[bool, typer.Option(
        "--no-epubcheck", help="Build the EPUB but skip epubcheck (which needs Java); "
        "warned as MK703.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Lint the manuscript, run epubcheck, and check the printed book."""
    source = _here(source, debug)
    options = {"trim": trim, "profile": profile, "bleed": bleed}
    from mkbook import api

    findings = _run(lambda: api.check(_load(source, None, None, None, shown=False), options,
                                      epubcheck=not no_epubcheck), debug)
    if as_json:
        print_json([finding.as_dict() for finding in findings])
    else:
        for finding in findings:
            say(finding.labelled(), one_line=True)
        errors = sum(f.severity == "error" for f in findings)
        typer.echo(f"{errors} error{'s' * (errors != 1)}, {len(findings) - errors} "
                   f"warning{'s' * (len(findings) - errors != 1)}")
    if any(f.severity == "error" or strict for f in findings):
        raise typer.Exit(1)


@app.command("preview")
def preview_command(
    source: SourceArg = None,
    port: Annotated[int, typer.Option("--port", help="The port to listen on (0: any free one).")
                    ] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help="The address to listen on; 0.0.0.0 shows the book to every machine "
        "that can reach this one (a phone on the same network).")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option(
        "--open", help="Open the preview in the web browser.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Serve the book in a browser, rebuilt and reloaded on every save."""
    source = _here(source, debug)
    from mkbook.preview import serve

    def ready(url: str) -> None:
        typer.echo(f"Previewing at {url} (print view: {url}print); Ctrl-C to stop", err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(f"mkbook: warning: listening on {host}: anyone who can reach this "
                       "machine can read the book", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    _run(lambda: serve(source, port, ready, host), debug)


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Where to create the project.")] = Path("."),
    source: Annotated[Path | None, typer.Option(
        "--from", help="A one-file manuscript (.txt, .md) to turn into the project.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace book.toml and .gitignore if they exist (never chapters).")
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Create a book project that builds at once (or one made from an existing draft)."""
    from mkbook.scaffold import init_project

    written = _run(lambda: init_project(folder, source, force), debug)
    for path in written:
        say(f"Created {path}", one_line=True)
    say(f"Build it with: mkbook build {folder}", one_line=True)


@app.command("stats")
def stats_command(
    source: SourceArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Words, characters, paragraphs, reading time and printed pages, per chapter."""
    source = _here(source, debug)
    from mkbook.stats import book_stats

    report = _run(lambda: book_stats(_load(source, None, None, None).book), debug)
    if as_json:
        print_json(report)
        return
    width = max((len(c["title"]) for c in report["chapters"]), default=5)
    typer.echo(f"{'chapter':<{width}}  {'words':>8}  {'paragraphs':>10}  {'minutes':>7}")
    for chapter in report["chapters"]:
        say(f"{chapter['title']:<{width}}  {chapter['words']:>8,}  "
            f"{chapter['paragraphs']:>10,}  {chapter['reading_minutes']:>7}")
    typer.echo(f"{'total':<{width}}  {report['words']:>8,}  {report['paragraphs']:>10,}  "
               f"{report['reading_minutes']:>7}")
    typer.echo(f"{report['characters']:,} characters; about " + ", ".join(
        f"{pages} pages at {trim}" for trim, pages in report["printed_pages"].items()))


@app.command("inspect")
def inspect_command(
    source: Annotated[Path | None, typer.Argument(
        help="A manuscript file (.txt, .md) or a book project folder.",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the structure as JSON.")] = False,
    rules: Annotated[bool, typer.Option(
        "--rules", help="List the plain-text reading rules in the order they run (and "
        "which the project's book.toml disables).")] = False,
    title: TitleOpt = None, author: AuthorOpt = None, language: LanguageOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Show the structure mkbook found in the manuscript."""
    if rules:
        _print_rules(source, as_json, debug)
        return
    source = _here(source, debug)

    def action() -> dict[str, Any]:
        from mkbook import api
        from mkbook.inspect import inspect_book

        overrides = api.MetadataOverrides(title, tuple(author or ()), language)
        return inspect_book(api.load_project(source, overrides).book)

    report = _run(action, debug)
    if as_json:
        print_json(report)
    else:
        from mkbook.inspect import format_report

        say(format_report(report))
