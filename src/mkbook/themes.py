"""Themes: named designs the EPUB and the PDF share, chosen per book.

A theme is a folder of ``styles/themes/`` (shipped in the wheel as
``mkbook.styles``): ``theme.toml`` names it, describes it, lists the faces it sets
(``faces``) and the defaults of its options, and ``theme.css`` is added after the
house sheets (``base.css``, then ``epub.css`` or ``print.css``) — a theme extends the
house design rather than replacing it, and a project's own sheets come after both.
The author picks one with ``[book] theme`` (or ``--theme``) and flips its options in
``[theme]``; each option is a few generated rules (:func:`options_css`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any, Literal

from mkbook.errors import ConfigError

DEFAULT_THEME = "classic"
Format = Literal["epub", "pdf"]
LEAD_INS = ("small-caps", "drop-cap", "none")
HEADINGS = ("centred", "left")
CHAPTER_STARTS = ("recto", "any")
_LENGTH_RE = re.compile(r"^\d+(?:\.\d+)?(?:in|mm|cm|pt|em)$")


@dataclass(frozen=True, slots=True)
class ThemeOptions:
    """The ``[theme]`` table: a theme's options, each defaulting to the theme's own."""

    lead_in: str | None = None
    """How a chapter's first words open: ``small-caps``, ``drop-cap`` or ``none``."""
    ornament: str | None = None
    """The text set between scenes (``*   *   *``, ``#``, ``◆``)."""
    sink: str | None = None
    """How far down the page a printed chapter opens (``1.3in``, ``40mm``)."""
    headings: str | None = None
    """``centred`` or ``left``."""
    chapter_start: str | None = None
    """Where a printed chapter opens: ``recto`` (a right-hand page, a blank verso
    before it when needed) or ``any`` (the next page; parts still open on rectos)."""


@dataclass(frozen=True, slots=True)
class Theme:
    """One theme, as its ``theme.toml`` describes it."""

    name: str
    title: str
    description: str
    faces: tuple[str, ...]
    """Faces beyond the book face it sets (``sans``), embedded in the PDF."""
    options: dict[str, str]
    css: str


def available_themes() -> list[Theme]:
    """Every theme mkbook ships, by name."""
    folder = resources.files("mkbook.styles").joinpath("themes")
    return sorted((_read(entry.name) for entry in folder.iterdir()
                   if entry.joinpath("theme.toml").is_file()), key=lambda theme: theme.name)


def theme(name: str) -> Theme:
    """The theme *name*; a name mkbook does not ship is the author's to fix."""
    found = {theme.name: theme for theme in available_themes()}
    if name not in found:
        raise ConfigError(f"unknown theme {name!r}; mkbook's themes are "
                          + ", ".join(found) + " (mkbook themes lists them)")
    return found[name]


def _read(name: str) -> Theme:
    folder = resources.files("mkbook.styles").joinpath("themes", name)
    data = tomllib.loads(folder.joinpath("theme.toml").read_text(encoding="utf-8"))
    return Theme(name, str(data["title"]), str(data["description"]),
                 tuple(data.get("faces", ())), {k: str(v) for k, v in data["options"].items()},
                 folder.joinpath("theme.css").read_text(encoding="utf-8"))


def theme_css(name: str | None, chosen: Mapping[str, Any] | None, fmt: Format) -> str:
    """The sheet theme *name* (default :data:`DEFAULT_THEME`) adds for *fmt*, with the
    author's *chosen* options over its own."""
    from mkbook.render.fonts import theme_face_css

    found = theme(name or DEFAULT_THEME)
    faces = theme_face_css(found.faces) + "\n" if fmt == "pdf" and found.faces else ""
    return faces + found.css + "\n" + options_css(theme_options(name, chosen), fmt)


def theme_options(name: str | None, chosen: Mapping[str, Any] | None) -> dict[str, str]:
    """Theme *name*'s options, the author's *chosen* ones over its own."""
    known = {option.name for option in fields(ThemeOptions)}
    return {**theme(name or DEFAULT_THEME).options,
            **{k: str(v) for k, v in (chosen or {}).items() if k in known}}


def options_css(options: Mapping[str, str], fmt: Format) -> str:
    """The rules a theme's options make, for *fmt*."""
    rules: list[str] = []
    lead_in = _one_of(options, "lead_in", LEAD_INS)
    if lead_in in ("none", "drop-cap"):
        rules.append(".lead-in { font-variant: normal; letter-spacing: 0; }")
    if lead_in == "drop-cap":
        rules.append("section.chapter > header + p::first-letter { float: left; "
                     "font-size: 3.5em; line-height: 1; margin: 0.04em 0.08em 0 0; }")
    ornament = options.get("ornament")
    if ornament is not None:
        text = _css_string(ornament)
        after = (f"hr.scene-break::after {{ content: {text}; }}" if fmt == "pdf" else
                 f"@supports (display: flex) {{ hr.scene-break::after {{ content: {text}; }} }}")
        rules.append(after)
    sink = options.get("sink")
    if sink is not None:
        if not _LENGTH_RE.match(sink):
            raise ConfigError(f"[theme] sink {sink!r} is not a length like 1.3in or 40mm")
        if fmt == "pdf":
            rules.append(f".chapter header {{ padding-top: {sink}; }}")
    if _one_of(options, "headings", HEADINGS) == "left":
        rules.append("h1, h2, h3, .chapter-subtitle { text-align: left; }")
    if _one_of(options, "chapter_start", CHAPTER_STARTS) == "any" and fmt == "pdf":
        rules.append(".bodymatter > .chapter, .backmatter > * { break-before: page; }")
    return "\n".join(rules) + "\n"


def _one_of(options: Mapping[str, str], key: str, allowed: tuple[str, ...]) -> str | None:
    value = options.get(key)
    if value is not None and value not in allowed:
        raise ConfigError(f"[theme] {key} {value!r} is not one of: {', '.join(allowed)}")
    return value


def _css_string(text: str) -> str:
    """*text* as a CSS string, its spaces kept (no-break spaces) so they show."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace(" ", "\\00a0 ")
    return f'"{escaped}"'
