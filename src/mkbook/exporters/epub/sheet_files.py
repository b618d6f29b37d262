"""The fonts and images a project's own stylesheet names, packaged into the EPUB.

A project's ``styles/epub.css`` (or ``base.css``) may load a face with ``@font-face``
or draw an ornament with ``background-image``, by a URL relative to the sheet, as CSS
reads it.  The EPUB carries the sheet as ``css/<name>``, so each file it names is read
from beside the sheet in the project (confined to the project, as every read is),
packaged — a font subset to the book's characters, as the book face is — and its URL
pointed at the packaged copy.  A file that is missing, of a kind an EPUB may not hold,
or a font that cannot be read is left out with MK211 naming the sheet's line, and so
is the declaration that names it: the EPUB never refers to what it lacks.  An
``@import`` is not followed (MK211 too): the rules belong in the sheet.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkbook.confine import read_confined
from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import MkbookError
from mkbook.exporters.epub.fonts import subset
from mkbook.exporters.epub.package import package_file_names

FONTS = {".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2"}
"""The font formats an EPUB 3 may hold (its core media types)."""
IMAGES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
          ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
"""The image formats an EPUB 3 may hold."""
MOST_BYTES = 20 * 1024 * 1024
"""A file larger than this is not a font or image a sheet means to package."""


@dataclass(frozen=True, slots=True)
class SheetFile:
    """A file a stylesheet names, as the EPUB holds it."""

    file_name: str
    """Inside the EPUB (``fonts/harbour.otf``); the sheet, in ``css/``, names it
    ``../`` this."""
    media_type: str
    content: bytes


@dataclass
class PackagedSheets:
    """The project sheets' files, packaged once each however many sheets name them."""

    root: Path
    subset: Callable[[bytes, str], bytes]
    """Makes a font's subset in the flavour (``.woff``…) of its file name."""
    taken: set[str]
    """File names the EPUB already holds (which gets the new ones)."""
    files: dict[str, SheetFile] = field(default_factory=dict)
    """By the file's path in the project."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def sheet(self, css: str, name: str) -> str:
        """The project's sheet ``styles/<name>`` with each relative URL it names
        pointed at the file's packaged copy (and what cannot be packaged left out)."""
        import tinycss2

        rules = tinycss2.parse_stylesheet(css)
        return str(tinycss2.serialize(self._rules(rules, f"styles/{name}")))

    def _rules(self, rules: list[Any], label: str) -> list[Any]:
        import tinycss2

        kept = []
        for rule in rules:
            if rule.type == "at-rule" and rule.lower_at_keyword == "import":
                self._warn(label, rule.source_line, "an @import is not followed into the "
                           "EPUB; put its rules in this sheet")
                continue
            if rule.type == "qualified-rule" or (rule.type == "at-rule" and rule.content
                                                 and rule.lower_at_keyword in ("font-face",
                                                                               "page")):
                rule.content = self._declarations(rule.content, label)
            elif rule.type == "at-rule" and rule.content:  # @media, @supports: more rules
                inner = self._rules(tinycss2.parse_rule_list(rule.content), label)
                rule.content = tinycss2.parse_component_value_list(tinycss2.serialize(inner))
            kept.append(rule)
        return kept

    def _declarations(self, content: list[Any], label: str) -> list[Any]:
        import tinycss2

        kept = []
        for node in tinycss2.parse_blocks_contents(content):
            if node.type == "declaration" and not self._pointed(node.value, label):
                continue  # it names a file the EPUB does not hold
            kept.append(node)
        return list(tinycss2.parse_component_value_list(tinycss2.serialize(kept)))

    def _pointed(self, tokens: list[Any], label: str) -> bool:
        """Each relative URL in *tokens* pointed at its packaged file; False if one
        cannot be packaged."""
        for at, token in enumerate(tokens):
            if token.type == "function" and token.lower_name in ("url", "src") and \
                    token.arguments and token.arguments[0].type == "string":
                url, place = token.arguments[0].value, token.arguments[0]
            elif token.type == "url":
                url, place = token.value, token
            elif token.type == "function":
                if not self._pointed(token.arguments, label):
                    return False
                continue
            else:
                continue
            if _absolute(url):
                continue
            packaged = self._packaged(url, label, place.source_line)
            if packaged is None:
                return False
            tokens[at] = _url(place, "../" + packaged.file_name)
        return True

    def _packaged(self, url: str, label: str, line: int) -> SheetFile | None:
        """The file *url* names beside the sheet, packaged (once)."""
        path = url.split("#", 1)[0].split("?", 1)[0]
        relative = posixpath.normpath(posixpath.join("styles", path))
        if relative in self.files:
            return self.files[relative]
        suffix = posixpath.splitext(relative)[1].lower()
        kind = "fonts" if suffix in FONTS else "images" if suffix in IMAGES else None
        if kind is None:
            self._warn(label, line, f"{url} is not a font or image an EPUB may hold: "
                       "left out, with the declaration naming it")
            return None
        try:
            data = read_confined(self.root, self.root / relative, what="stylesheet file",
                                 label=relative, limit=MOST_BYTES)
        except (MkbookError, OSError) as err:
            self._warn(label, line, f"{url} cannot be read ({_reason(err)}): left out, "
                       "with the declaration naming it")
            return None
        if kind == "fonts":
            try:
                data = self.subset(data, suffix)
            except Exception as err:  # fontTools raises many kinds for a broken font
                self._warn(label, line, f"the font {url} cannot be loaded ({err}): left "
                           "out, with the declaration naming it")
                return None
        media_type = (FONTS if kind == "fonts" else IMAGES)[suffix]
        wanted = f"{kind}/{posixpath.basename(relative)}"
        file_name = package_file_names([wanted], self.taken)[wanted]
        self.files[relative] = found = SheetFile(file_name, media_type, data)
        return found

    def _warn(self, label: str, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic("MK211", message, SourceRef(label, line)))


def _absolute(url: str) -> bool:
    """A URL with a scheme (``data:``, ``https:``), from the root, or a fragment: not a
    file beside the sheet (a remote one is never fetched)."""
    head = url.split("/", 1)[0]
    return not url or url.startswith(("/", "#")) or (":" in head)


def _url(place: Any, value: str) -> Any:
    """``url("value")`` where *place* was."""
    from tinycss2 import ast

    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    string = ast.StringToken(place.source_line, place.source_column, value, f'"{quoted}"')
    return ast.FunctionBlock(place.source_line, place.source_column, "url", [string])


def _reason(err: Exception) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    return str(err).rstrip(".") or type(err).__name__


def subset_font(characters: str) -> Callable[[bytes, str], bytes]:
    """A font's subset to *characters*, in the flavour its suffix names."""

    def made(data: bytes, suffix: str) -> bytes:
        flavor = {".woff": "woff", ".woff2": "woff2"}.get(suffix)
        return subset(data, characters, flavor)
    return made

