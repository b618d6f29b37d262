"""The book face mkbook can count on: Source Serif Pro, an ordinary PyPI dependency.

Every install has it (``font-source-serif-pro``), so the PDF and the generated cover
look the same everywhere; "DejaVu Serif" is the fallback where it is missing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FACE_NAME = "Source Serif Pro"
"""The book face's family name, as a colophon names it."""

FONT_FILES = {
    ("normal", "normal"): "SourceSerifPro-Regular.otf",
    ("italic", "normal"): "SourceSerifPro-It.otf",
    ("normal", "bold"): "SourceSerifPro-Semibold.otf",
    ("italic", "bold"): "SourceSerifPro-SemiboldIt.otf",
}


def font_folder() -> Path | None:
    """Where the packaged book face's files are, if it is installed."""
    try:
        folder = resources.files("font_source_serif_pro").joinpath("files")
    except ModuleNotFoundError:
        return None
    path = Path(str(folder))
    return path if path.is_dir() else None
