"""The commands that look at the book: ``inspect``, ``stats``, ``check``, ``themes``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from mkbook.cli.app import (
    AuthorOpt,
    DebugOpt,
    LanguageOpt,
    SourceArg,
    TitleOpt,
    app,
    guarded,
    load_book,
    source_here,
)
from mkbook.terminal import print_json, say


def _print_rules(source: Path | None, as_json: bool, debug: bool) -> None:
    """``inspect --rules``: the rule table, with what *source*'s book.toml turns off."""
    def action() -> list[dict[str, object]]:
        from mkbook.config import load_config
        from mkbook.readers.rules import describe_rules

        disabled = load_config(source).rules.disabled if source and source.is_dir() \
            else frozenset()
        return describe_rules(disabled)

    table = guarded(action, debug)
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

    for line in guarded(action, debug):
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
    source = source_here(source, debug)
    options = {"trim": trim, "profile": profile, "bleed": bleed}
    from mkbook import api

    findings = guarded(lambda: api.check(load_book(source, None, None, None, shown=False), options,
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


@app.command("stats")
def stats_command(
    source: SourceArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Words, characters, paragraphs, reading time and printed pages, per chapter."""
    source = source_here(source, debug)
    from mkbook.stats import book_stats

    report = guarded(lambda: book_stats(load_book(source, None, None, None).book), debug)
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
    source = source_here(source, debug)

    def action() -> dict[str, Any]:
        from mkbook import api
        from mkbook.inspect import inspect_book

        overrides = api.MetadataOverrides(title, tuple(author or ()), language)
        return inspect_book(api.load_project(source, overrides).book)

    report = guarded(action, debug)
    if as_json:
        print_json(report)
    else:
        from mkbook.inspect import format_report

        say(format_report(report))
