"""jinja2 templates and shared stylesheets, looked up in the book project first.

An author can override any template (``templates/chapter.html``) or stylesheet
(``styles/print.css``) by putting a file of the same name in the book project, as
mkdocs' ``custom_dir`` does; everything else comes from the installed package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from mkbook.exporters.html import render_blocks, render_inlines, render_notes, render_scenes

_ENVIRONMENTS: dict[Path | None, Environment] = {}


def template_environment(root: Path | None) -> Environment:
    """The jinja2 environment for a book project (compiled templates are cached)."""
    key = root.resolve() if root else None
    if key not in _ENVIRONMENTS:
        loaders: list[FileSystemLoader | PackageLoader] = []
        if key and (key / "templates").is_dir():
            loaders.append(FileSystemLoader(key / "templates"))
        loaders.append(PackageLoader("mkbook", "templates"))
        env = Environment(loader=ChoiceLoader(loaders), autoescape=True,
                          undefined=StrictUndefined, keep_trailing_newline=True,
                          trim_blocks=True, lstrip_blocks=True)
        env.globals.update(blocks=render_blocks, inlines=render_inlines, scenes=render_scenes,
                           notes=render_notes)
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def load_style(name: str, root: Path | None) -> str:
    """The text of stylesheet *name* (``base.css``): the project's own, else mkbook's."""
    if root is not None:
        own = root / "styles" / name
        if own.is_file():
            return own.read_text(encoding="utf-8")
    return resources.files("mkbook.styles").joinpath(name).read_text(encoding="utf-8")
