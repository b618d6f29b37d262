"""mkbook: turn an author's manuscript into a book (EPUB and print-ready PDF).

Installed as the distribution ``mkbook-press`` (``mkbook`` on the package index is an
unrelated project with a command of the same name); the command and this package are
``mkbook``.
"""

DISTRIBUTION = "mkbook-press"


def __getattr__(name: str) -> str:
    """``mkbook.__version__``, read from the installed metadata only when asked for:
    importing :mod:`importlib.metadata` costs start-up time every command would pay."""
    if name != "__version__":
        raise AttributeError(f"module 'mkbook' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"
