"""The commands around the project: ``init`` makes one, ``preview`` shows it as it is written."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mkbook.cli.app import (
    DebugOpt,
    SourceArg,
    app,
    guarded,
    source_here,
)
from mkbook.terminal import say


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
    source = source_here(source, debug)
    from mkbook.preview import serve

    def ready(url: str) -> None:
        typer.echo(f"Previewing at {url} (print view: {url}print); Ctrl-C to stop", err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(f"mkbook: warning: listening on {host}: anyone who can reach this "
                       "machine can read the book", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    guarded(lambda: serve(source, port, ready, host), debug)


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

    written = guarded(lambda: init_project(folder, source, force), debug)
    for path in written:
        say(f"Created {path}", one_line=True)
    say(f"Build it with: mkbook build {folder}", one_line=True)
