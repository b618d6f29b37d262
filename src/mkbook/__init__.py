"""mkbook: turn an author's manuscript into a book (EPUB and print-ready PDF)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mkbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
