"""The printed page: trim sizes, mirrored margins with a gutter, bleed, and profiles.

Everything here is measured in inches.  The page rules are generated (the trim and
margins vary per book); the rest of the print design is static in ``print.css``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from mkbook.errors import ConfigError
from mkbook.exporters.pdf.press import PRESS_VARIANTS
from mkbook.textnorm import text_direction
from mkbook.themes import theme_css, theme_options

TRIMS: dict[str, tuple[float, float]] = {
    "5x8": (5.0, 8.0), "5.25x8": (5.25, 8.0), "5.5x8.5": (5.5, 8.5), "6x9": (6.0, 9.0),
    "4.25x6.87": (4.25, 6.87), "a5": (5.83, 8.27), "b5": (6.93, 9.84), "a4": (8.27, 11.69),
    "letter": (8.5, 11.0), "6.14x9.21": (6.14, 9.21), "7x10": (7.0, 10.0),
    "8.25x11": (8.25, 11.0),
}
DEFAULT_TRIM = "5.5x8.5"
PROFILES = ("print", "screen", "kdp", "kdp-hardcover")
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/ua-1", *PRESS_VARIANTS)
KDP_BLEED = 0.125
# KDP's minimum inside margin by page count (kdp.amazon.com paperback guidelines).
KDP_GUTTERS = ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (828, 0.875))
KDP_MIN_OUTSIDE = 0.25
# KDP's hardcover (case laminate): these trims, 75 to 550 pages, and otherwise the
# paperback's interior rules, margins included (kdp.amazon.com hardcover guidelines).
KDP_HARDCOVER_TRIMS = ((5.5, 8.5), (6.0, 9.0), (6.14, 9.21), (7.0, 10.0), (8.25, 11.0))
KDP_HARDCOVER_PAGES = (75, 550)
_CUSTOM_TRIM_RE = re.compile(r"^(?P<w>\d+(?:\.\d+)?)x(?P<h>\d+(?:\.\d+)?)(?P<unit>in|mm)?$")


@dataclass(frozen=True, slots=True)
class PageSetup:
    """How the book is laid on paper."""

    width: float
    height: float
    profile: str = "print"
    bleed: bool = False
    inside: float = 0.75
    """The gutter side's margin; KDP's minimum grows with the page count."""
    outside: float = 0.6
    top: float = 0.7
    bottom: float = 0.8
    pdf_variant: str | None = None
    balance: bool = True
    """Fill short pages by retracking a paragraph or two (``layout/balance.py``)."""
    theme_css: str = ""
    """What the book's theme adds to the house sheets (``themes.py``)."""
    tagged: bool = True
    """Write a tagged PDF (``layout/structure.py``)."""
    output_profile: str | None = None
    """The printer's CMYK profile, a file in the project (PDF/X, ``press.py``)."""
    output_condition: str | None = None
    """The printing condition's name in the ICC's registry (PDF/X)."""
    chapter_start: str = "recto"
    """``recto`` or ``any`` (the theme's option): where chapters open."""
    right_to_left: bool = False
    """A book bound on the right (Arabic, Hebrew): it opens on a left-hand page."""

    @property
    def kdp(self) -> bool:
        """A KDP interior, paperback or hardcover: its gutter from the page count."""
        return self.profile in ("kdp", "kdp-hardcover")

    @property
    def hardcover(self) -> bool:
        return self.profile == "kdp-hardcover"

    @property
    def facing(self) -> bool:
        """Mirrored margins and chapters on rectos: not for a screen PDF."""
        return self.profile != "screen"

    @property
    def bleed_size(self) -> float:
        return KDP_BLEED if self.bleed else 0.0

    @property
    def page_size(self) -> tuple[float, float]:
        """The PDF page, with KDP bleed on the outside, top and bottom when asked for."""
        return self.width + self.bleed_size, self.height + 2 * self.bleed_size

    def left_hand(self, index: int) -> bool:
        """Whether page *index* lies on the left of its spread (its gutter on its right).
        A book opens on a recto: the right-hand page, or in a right-to-left book the
        left-hand one (as WeasyPrint sets an ``rtl`` root's first page)."""
        return bool(index % 2) != self.right_to_left

    def trim_box(self, index: int) -> tuple[float, float, float, float] | None:
        """Page *index*'s TrimBox in points (left, bottom, right, top), where the
        page carries bleed: the trimmed page inside it, the bleed on the outside edge
        (a right-hand page's right, a left-hand page's left).  None without bleed,
        where the trim is the whole page (as WeasyPrint writes it)."""
        if not self.bleed:
            return None
        bleed, width, height = (size * 72 for size in (self.bleed_size, self.width,
                                                         self.height))
        left = bleed if self.facing and self.left_hand(index) else 0.0
        return left, bleed, left + width, bleed + height


def parse_trim(value: str) -> tuple[float, float]:
    """``6x9``, ``a5``, ``148x210mm`` → (width, height) in inches."""
    key = value.strip().lower().replace(" ", "").replace("×", "x")
    if key in TRIMS:
        return TRIMS[key]
    found = _CUSTOM_TRIM_RE.match(key)
    if not found:
        raise ConfigError(f"unknown trim {value!r}; use one of {', '.join(TRIMS)} or WxH in "
                          "inches (6x9) or millimetres (148x210mm)")
    scale = 1 / 25.4 if found.group("unit") == "mm" else 1.0
    width, height = float(found.group("w")) * scale, float(found.group("h")) * scale
    if not (2 <= width <= 12 and 3 <= height <= 16):
        raise ConfigError(f"trim {value!r} is not a book page size")
    return round(width, 3), round(height, 3)


def page_setup(options: dict[str, Any], language: str = "en") -> PageSetup:
    """The setup from ``[pdf]`` options and command-line flags (already merged), for a
    book in *language* (a right-to-left one is bound on the right)."""
    profile = str(options.get("profile") or "print")
    if profile not in PROFILES:
        raise ConfigError(f"unknown profile {profile!r}; use one of: {', '.join(PROFILES)}")
    variant = options.get("pdf_variant") or None
    if variant is not None and variant not in PDF_VARIANTS:
        raise ConfigError(f"unknown PDF variant {variant!r}; use one of: "
                          + ", ".join(PDF_VARIANTS))
    default_trim = "a5" if profile == "screen" else DEFAULT_TRIM
    width, height = parse_trim(str(options.get("trim") or default_trim))
    if profile == "kdp-hardcover" and (width, height) not in KDP_HARDCOVER_TRIMS:
        raise ConfigError(f"KDP binds hardcovers at {_trims(KDP_HARDCOVER_TRIMS)} in only, not "
                          f"{width:g}x{height:g}; choose one of them as [pdf] trim")
    setup = PageSetup(width, height, profile, bool(options.get("bleed")), pdf_variant=variant,
                      balance=bool(options.get("balance", True)),
                      tagged=bool(options.get("tagged", True)),
                      output_profile=_text(options.get("output_profile")),
                      output_condition=_text(options.get("output_condition")),
                      theme_css=theme_css(options.get("theme"), options.get("theme_options"),
                                          "pdf"),
                      chapter_start=theme_options(options.get("theme"), options.get(
                          "theme_options")).get("chapter_start", "recto"),
                      right_to_left=text_direction(language) == "rtl")
    if profile == "screen":
        setup = replace(setup, inside=0.6, outside=0.6)
    return setup


def _text(value: object) -> str | None:
    return str(value) if value else None


def _trims(trims: tuple[tuple[float, float], ...]) -> str:
    return ", ".join(f"{width:g}x{height:g}" for width, height in trims)


def kdp_inside_margin(pages: int, hardcover: bool = False) -> float:
    """KDP's minimum gutter for a book of *pages* pages (a paperback, or a hardcover)."""
    if hardcover and not KDP_HARDCOVER_PAGES[0] <= pages <= KDP_HARDCOVER_PAGES[1]:
        raise ConfigError("KDP binds hardcovers of {} to {} pages; this book has {pages} at "
                          "this trim: choose {} trim, or a paperback (profile = \"kdp\")"
                          .format(*KDP_HARDCOVER_PAGES, "a larger" if pages > 550
                                  else "a smaller", pages=pages))
    for limit, margin in KDP_GUTTERS:
        if pages <= limit:
            return margin
    raise ConfigError(f"KDP prints at most 828 pages; this book has {pages} at this trim — "
                      "choose a larger trim")


def page_css(setup: PageSetup) -> str:
    """The ``@page`` geometry rules for *setup*."""
    width, height = setup.page_size
    bleed = setup.bleed_size
    top, bottom = setup.top + bleed, setup.bottom + bleed
    inside, outside = setup.inside, setup.outside + bleed
    rules = [f"@page {{ size: {width:.3f}in {height:.3f}in; "
             f"margin: {top:.3f}in {outside:.3f}in {bottom:.3f}in {inside:.3f}in; }}"]
    if setup.facing:
        rules.append(f"@page :left {{ margin-left: {outside:.3f}in; "
                     f"margin-right: {inside:.3f}in; }}")
        rules.append(f"@page :right {{ margin-left: {inside:.3f}in; "
                     f"margin-right: {outside:.3f}in; }}")
    if setup.facing and setup.right_to_left:
        rules.append(RIGHT_TO_LEFT_HEADS)
    return "\n".join(rules) + "\n"


RIGHT_TO_LEFT_HEADS = """\
@page body:left, opening:left { @top-center { content: string(chapter); font-style: italic;
  font-variant: normal; letter-spacing: normal; } }
@page body:right, opening:right { @top-center { content: string(author); font-style: normal;
  font-variant: normal; letter-spacing: normal; } }"""
"""A right-to-left book's rectos are its left-hand pages: the chapter's title goes
there and the author on the right-hand versos (``print.css`` sets them the other way);
folios stay at the outer corners, which are the same corners in either binding.  The
author is not spaced small capitals here: Arabic and Hebrew have no capitals, and
spacing letters breaks Arabic's joined script."""
