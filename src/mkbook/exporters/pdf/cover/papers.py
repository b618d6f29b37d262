"""How thick a printed page is, by printer and paper: what sets the spine's width.

KDP gives a paperback's spine as the page count times a factor per paper, in its
"Paperback cover calculator and templates" help (kdp.amazon.com/help, topic
G201953020; the same figures in its cover templates): black ink on white paper
0.002252 in a page, on cream 0.0025 in, standard colour on white 0.002252 in, premium
colour on white 0.002347 in.  Spine text is allowed only on books of more than 79
pages, and a cover whose spine is more than 0.0625 in off the interior's is refused.

IngramSpark sizes its spines from the page count in its cover template generator
rather than by a published factor; its figure is given as ``[cover] spine`` (or
``--spine``), which overrides the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkbook.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper a printer offers."""

    name: str
    inches_per_page: float
    label: str


PAPERS: dict[str, Paper] = {paper.name: paper for paper in (
    Paper("white", 0.002252, "KDP black and white, white paper"),
    Paper("cream", 0.0025, "KDP black and white, cream paper"),
    Paper("standard-colour", 0.002252, "KDP standard colour, white paper"),
    Paper("premium-colour", 0.002347, "KDP premium colour, white paper"),
)}
"""KDP's papers, by the name ``[cover] paper`` takes."""
ALIASES = {"standard-color": "standard-colour", "premium-color": "premium-colour",
           "colour": "premium-colour", "color": "premium-colour"}
DEFAULT_PAPER = "white"
"""KDP's own default."""
SPINE_TEXT_PAGES = 79
"""KDP prints text on the spine only of books with more pages than this."""
SPINE_TOLERANCE = 0.0625
"""How far (inches) KDP lets a cover's spine be from the interior's."""


def paper(name: str) -> Paper:
    """The paper ``[cover] paper`` (or ``--paper``) names."""
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    key = ALIASES.get(key, key)
    if key not in PAPERS:
        raise ConfigError(f"unknown paper {name!r}; use one of: {', '.join(PAPERS)}")
    return PAPERS[key]


def spine_width(pages: int, chosen: Paper) -> float:
    """The spine (inches) of a book of *pages* pages on *chosen* paper."""
    return pages * chosen.inches_per_page
