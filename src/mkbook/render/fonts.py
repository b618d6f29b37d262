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
    return _package_folder("font_source_serif_pro")


THEME_FACES = {
    "sans": ("font_lato", "mkbook-sans", {
        ("normal", "normal"): "Lato-Regular.ttf", ("italic", "normal"): "Lato-Italic.ttf",
        ("normal", "bold"): "Lato-Bold.ttf", ("italic", "bold"): "Lato-BoldItalic.ttf"}),
}
"""Faces a theme may set beside the book face, by the name its ``faces`` lists: the
package that installs it (an ordinary PyPI dependency, SIL Open Font License), the
family name the theme's CSS sets, and its files."""
THEME_FACE_NAMES = {"sans": "Lato"}
"""Each of :data:`THEME_FACES` as a colophon names it."""


def _package_folder(package: str) -> Path | None:
    try:
        folder = resources.files(package).joinpath("files")
    except ModuleNotFoundError:
        return None
    path = Path(str(folder))
    return path if path.is_dir() else None


def face_folders() -> list[Path]:
    """Every installed face's folder: the book face's and the themes'."""
    found = [font_folder(), *(_package_folder(package) for package, _, _ in
                              THEME_FACES.values())]
    return [folder for folder in found if folder is not None]


def theme_face_css(faces: tuple[str, ...]) -> str:
    """``@font-face`` rules for a theme's *faces* (those installed)."""
    rules = []
    for face in faces:
        package, family, files = THEME_FACES[face]
        folder = _package_folder(package)
        if folder is None:
            continue
        for (style, weight), name in files.items():
            rules.append(f'@font-face {{ font-family: "{family}"; src: url('
                         f'"{(folder / name).as_uri()}"); font-style: {style}; '
                         f"font-weight: {weight}; }}")
    return "\n".join(rules)
