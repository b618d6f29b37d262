"""A Markdown file's front matter: YAML between ``---`` lines, or TOML between ``+++``.

Jekyll, pandoc and most tools write YAML; Hugo writes either (TOML between ``+++``).
Project maps read it to order and leave out files (``weight``, ``draft``) before the
file is read; the Markdown reader takes a TOML block out of the text here, since its
parser knows only the YAML form.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, cast

import yaml

from mkbook.errors import ManuscriptError

_HEAD_BYTES = 64 * 1024
"""Front matter longer than this is not front matter anyone writes."""


class NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: ``*name`` can make a few hundred bytes expand to gigabytes
    (the "billion laughs"), and no book's front matter needs one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter; write the "
                "value out", self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        return super().compose_node(parent, index)


def load_yaml(text: str, where: str) -> dict[str, Any]:
    """A YAML mapping, or a :class:`ManuscriptError` naming *where* and the line."""
    try:
        data = yaml.load(text, Loader=NoAliasLoader) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        raise ManuscriptError(f"front matter is not valid YAML ({getattr(err, 'problem', err)})",
                              source=f"{where}:{line}") from None
    if not isinstance(data, dict):
        raise ManuscriptError("front matter must be a list of `key: value` lines",
                              source=f"{where}:1")
    return cast(dict[str, Any], data)


def split_toml_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """Hugo's ``+++`` TOML front matter and the text with its lines left blank (so line
    numbers stay those of the file); ``({}, text)`` when there is none."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        return {}, text
    end = next((n for n, line in enumerate(lines[1:], 1) if line.strip() == "+++"), 0)
    if not end:
        return {}, text
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as err:
        raise ManuscriptError(f"front matter is not valid TOML ({err})",
                              source=f"{where}:1") from None
    return data, "\n" * end + "\n".join(lines[end + 1:]) if end + 1 < len(lines) else "\n" * end


def read_front_matter(path: Path, where: str) -> dict[str, Any]:
    """The front matter at the top of *path*, YAML or TOML, without reading the rest."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")
    head = head.replace("\r\n", "\n")
    fence = head.split("\n", 1)[0].strip()
    if fence == "+++":
        return split_toml_front_matter(head, where)[0]
    if fence != "---":
        return {}
    lines = head.split("\n")
    end = next((n for n, line in enumerate(lines[1:], 1) if line.strip() in ("---", "...")), 0)
    return load_yaml("\n".join(lines[1:end]), where) if end else {}
