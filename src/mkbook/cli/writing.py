"""The commands that write the book: ``pdf``, ``epub``, ``cover`` and ``build``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mkbook.cli.app import (
    AuthorOpt,
    DebugOpt,
    JobsOpt,
    LanguageOpt,
    NoCacheOpt,
    SourceArg,
    StrictOpt,
    ThemeOpt,
    TitleOpt,
    app,
    guarded,
    load_book,
    source_here,
)
from mkbook.errors import ConfigError
from mkbook.terminal import report_written

if TYPE_CHECKING:
    from mkbook import api


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
    source = source_here(source, debug)
    options = {"trim": trim, "profile": profile, "bleed": bleed, "pdf_variant": pdf_variant,
               "theme": theme, **_layout_options(jobs, no_cache)}

    def action() -> list[api.BuildResult]:
        from mkbook import api

        api.prepare(["pdf"], {"pdf": options})
        project = load_book(source, title, author, language, strict)
        return [api.export(project, "pdf", output, options, strict)]

    report_written(result.path for result in guarded(action, debug))


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
    source = source_here(source, debug)
    def action() -> list[api.BuildResult]:
        if target not in TARGETS:
            raise ConfigError(f"unknown target {target!r}; use one of: " + ", ".join(TARGETS))
        from mkbook import api

        project = load_book(source, title, author, language, strict)
        return [api.export(project, TARGETS[target], output, {"theme": theme}, strict)]

    report_written(result.path for result in guarded(action, debug))


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
    source = source_here(source, debug)
    options = {"paper": paper, "trim": trim, "pages": pages, "interior": interior,
               "spine": spine}

    def action() -> list[api.BuildResult]:
        from mkbook import api

        return api.cover(load_book(source, title, author, language), output, options)

    report_written(result.path for result in guarded(action, debug))


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
    source = source_here(source, debug)
    options: dict[str, dict[str, object]] = {
        "pdf": {**_layout_options(jobs, no_cache), "theme": theme}, "epub": {"theme": theme}}

    def action() -> list[api.BuildResult]:
        from mkbook import api

        api.prepare(fmt or None, options)
        return api.build(load_book(source, title, author, language, strict), fmt or None, output,
                         options, strict)

    report_written(result.path for result in guarded(action, debug))
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
        return guarded(action, debug)
    except typer.Exit:
        return []
