"""The ``mkbook`` command line: thin typer commands over :mod:`mkbook.api`.

``app.py`` holds the application and its shared options; the commands live by what
they do: ``writing.py`` (pdf, epub, cover, build), ``looking.py`` (inspect, stats,
check, themes), ``project.py`` (init, preview) and ``catalog.py`` (catalog).
"""

# Importing a command module registers its commands, listed by mkbook --help in this
# order: making the book, then the project's, then looking at it.
from mkbook.cli import writing  # noqa: F401, I001
from mkbook.cli import project  # noqa: F401
from mkbook.cli import looking  # noqa: F401
from mkbook.cli import catalog  # noqa: F401
from mkbook.cli.app import INTERNAL_ERROR, app, run

__all__ = ["INTERNAL_ERROR", "app", "run"]
