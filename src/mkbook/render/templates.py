"""jinja2 templates and shared stylesheets, looked up in the book project first.

An author can override any template (``templates/chapter.html``) or stylesheet
(``styles/print.css``) by putting a file of the same name in the book project, as
mkdocs' ``custom_dir`` does; everything else comes from the installed package.  The
templates folder mirrors the formats: the fragments every format shares (a chapter, a
part, the contents page) at the top, each format's own page in ``epub/``, ``print/``
and ``preview/``.

A project's templates are someone else's code when a project or theme is shared, so
they run in jinja2's sandbox (no attribute walks to ``os``) and are read through
:mod:`mkbook.confine` like every other file: a link out of the project is refused.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

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
from mkbook.labels import list_of, template_gettext, template_ngettext
from mkbook.render.html import render_blocks, render_inlines, render_notes, render_scenes
from mkbook.textnorm import text_direction
from mkbook.transforms.heading_parts import own_title

_ENVIRONMENTS: dict[Path | None, Environment] = {}
log = logging.getLogger("mkbook")


FORMER_NAMES = {
    "epub/page.xhtml": "epub-page.xhtml",
    "epub/cover.html": "cover.html",
    "print/book.html": "print.html",
    "print/running-heads.html": "running-heads.html",
    "preview/page.html": "preview.html",
    "contents.html": "toc.html",
}
"""Templates that moved into a folder per format (or were renamed), by the flat name a
project may still override them under: a project's ``templates/print.html`` keeps
working when mkbook's own is ``print/book.html``."""


class ProjectTemplateLoader(BaseLoader):
    """Templates from a book project's ``templates/`` folder, confined to the project."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = project_template(self.root, template)
        if path is None:
            raise TemplateNotFound(template)
        label = path.relative_to(self.root).as_posix()
        if label != f"templates/{template}":
            log.info("%s is read as templates/%s (its former name)", label, template)
        data = read_confined(self.root, path, what="template", label=label)
        mtime = path.stat().st_mtime
        return data.decode("utf-8", "replace"), str(path), lambda: path.stat().st_mtime == mtime


def project_template(root: Path, template: str) -> Path | None:
    """The project's own file for *template*, under its name or its former one."""
    for name in (template, FORMER_NAMES.get(template)):
        path = root / "templates" / name if name else None
        if path is not None and (path.exists() or path.is_symlink()):
            return path
    return None


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
            keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"])
        env.install_gettext_callables(  # type: ignore[attr-defined]  # the i18n extension's
            template_gettext, template_ngettext, newstyle=True)
        env.globals.update(blocks=render_blocks, inlines=render_inlines, scenes=render_scenes,
                           notes=render_notes, own_title=own_title, direction=text_direction,
                           list_of=list_of)
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def render_template(root: Path | None, name: str, **values: object) -> str:
    """Template *name* rendered with *values*; a broken project template is the author's
    to fix, so its error names the template and line instead of a traceback."""
    try:
        return template_environment(root).get_template(name).render(**values)
    except TemplateError as err:
        line = getattr(err, "lineno", None)
        where = _template_file(root, err, name) + (f":{line}" if line else "")
        raise ExportError(f"template error: {err.message or type(err).__name__}; fix the "
                          "template or remove it to use mkbook's own", source=where) from None


def _template_file(root: Path | None, err: TemplateError, name: str) -> str:
    """``templates/print.html``: the file a template error was found in."""
    name = getattr(err, "name", None) or name
    own = project_template(root, name) if root is not None else None
    return own.relative_to(root).as_posix() if own is not None and root else f"templates/{name}"


def load_style(name: str, root: Path | None, from_root: bool = False) -> str:
    """The text of stylesheet *name* (``base.css``): the project's own, else mkbook's.

    With *from_root*, the project's own sheet has its relative URLs (a ``@font-face``
    file, an ``@import``) made relative to the project folder, for a renderer that
    reads every sheet from there (the PDF's): in CSS they are relative to the sheet.
    """
    own = project_style(root, name) if root is not None else None
    if root is not None and own is not None:
        data = read_confined(root, own, what="stylesheet", label=f"styles/{name}")
        text = data.decode("utf-8", "replace")
        return _rebased(text, "styles/") if from_root else text
    return resources.files("mkbook.styles").joinpath(name).read_text(encoding="utf-8")


EXTRA_SHEET = "extra.css"
"""A project's sheet added after the house's and the theme's, in every format (as
mkdocs' ``extra_css``): a project extends its theme here, where a ``styles/print.css``
of its own replaces mkbook's."""


def project_style(root: Path, name: str) -> Path | None:
    """The project's own stylesheet *name* (``styles/epub.css``), if it has one."""
    own = root / "styles" / name
    return own if own.exists() or own.is_symlink() else None


_ABSOLUTE_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)")
"""A URL with a scheme (``data:``, ``https:``), from the root, or a fragment."""


def _rebased(css: str, folder: str) -> str:
    """*css* with each relative URL (``url(…)``, ``@import "…"``) put under *folder*."""
    import tinycss2

    def walk(nodes: list[Any], importing: bool = False) -> list[Any]:
        for at, node in enumerate(nodes):
            if node.type == "url" or (node.type == "string" and importing):
                nodes[at] = _moved(node, folder)
            elif node.type == "function":
                node.arguments = [_moved(arg, folder) if arg.type == "string" and
                                  node.lower_name == "url" else arg
                                  for arg in walk(node.arguments)]
            elif node.type in ("qualified-rule", "at-rule"):
                walk(node.prelude, node.type == "at-rule" and node.lower_at_keyword == "import")
                walk(node.content or [])
            elif isinstance(getattr(node, "content", None), list):
                walk(node.content)
        return nodes

    return str(tinycss2.serialize(walk(tinycss2.parse_stylesheet(css))))


def _moved(token: Any, folder: str) -> Any:
    """A URL or string token under *folder*, quoted, unless it is absolute."""
    from tinycss2 import ast

    if _ABSOLUTE_RE.match(token.value):
        return token
    value = folder + token.value
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    string = ast.StringToken(token.source_line, token.source_column, value, f'"{quoted}"')
    if token.type == "url":  # url(bare) becomes url("quoted")
        return ast.FunctionBlock(token.source_line, token.source_column, "url", [string])
    return string
