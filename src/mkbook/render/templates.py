"""jinja2 templates and shared stylesheets, looked up in the book project first.

An author can override any template (``templates/chapter.html``) or stylesheet
(``styles/print.css``) by putting a file of the same name in the book project, as
mkdocs' ``custom_dir`` does; everything else comes from the installed package.

A project's templates are someone else's code when a project or theme is shared, so
they run in jinja2's sandbox (no attribute walks to ``os``) and are read through
:mod:`mkbook.confine` like every other file: a link out of the project is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mkbook.confine import read_confined
from mkbook.errors import ExportError
from mkbook.render.html import render_blocks, render_inlines, render_notes, render_scenes

_ENVIRONMENTS: dict[Path | None, Environment] = {}


class ProjectTemplateLoader(BaseLoader):
    """Templates from a book project's ``templates/`` folder, confined to the project."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = self.root / "templates" / template
        if not (path.exists() or path.is_symlink()):
            raise TemplateNotFound(template)
        data = read_confined(self.root, path, what="template", label=f"templates/{template}")
        mtime = path.stat().st_mtime
        return data.decode("utf-8", "replace"), str(path), lambda: path.stat().st_mtime == mtime


def template_environment(root: Path | None) -> Environment:
    """The jinja2 environment for a book project (compiled templates are cached)."""
    key = root.resolve() if root else None
    if key not in _ENVIRONMENTS:
        loaders: list[BaseLoader] = []
        if key and (key / "templates").is_dir():
            loaders.append(ProjectTemplateLoader(key))
        loaders.append(PackageLoader("mkbook", "templates"))
        env = ImmutableSandboxedEnvironment(
            loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
            keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        env.globals.update(blocks=render_blocks, inlines=render_inlines, scenes=render_scenes,
                           notes=render_notes)
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def render_template(root: Path | None, name: str, **values: object) -> str:
    """Template *name* rendered with *values*; a broken project template is the author's
    to fix, so its error names the template and line instead of a traceback."""
    try:
        return template_environment(root).get_template(name).render(**values)
    except TemplateError as err:
        line = getattr(err, "lineno", None)
        where = f"templates/{getattr(err, 'name', None) or name}" + (f":{line}" if line else "")
        raise ExportError(f"template error: {err.message or type(err).__name__}; fix the "
                          "template or remove it to use mkbook's own", source=where) from None


def load_style(name: str, root: Path | None) -> str:
    """The text of stylesheet *name* (``base.css``): the project's own, else mkbook's."""
    if root is not None:
        own = root / "styles" / name
        if own.exists() or own.is_symlink():
            data = read_confined(root, own, what="stylesheet", label=f"styles/{name}")
            return data.decode("utf-8", "replace")
    return resources.files("mkbook.styles").joinpath(name).read_text(encoding="utf-8")
