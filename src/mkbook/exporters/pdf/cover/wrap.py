"""Where everything goes on a cover wrap, in inches from its top left corner.

Laid flat a paperback's cover reads back, spine, front, with the bleed on every
outside edge: ``width = bleed + trim + spine + trim + bleed`` and ``height = bleed +
trim height + bleed`` (KDP's cover calculator).  Text keeps inside the safe zones:
0.125 in inside each trimmed edge and each fold (KDP asks for that much), and on the
spine 0.0625 in from each fold.  KDP prints the barcode in a 2 × 1.2 in box at the
back's bottom right, 0.25 in from the spine and from the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

BLEED = 0.125
"""KDP's bleed on a cover's outside edges."""
SAFE = 0.125
"""Text keeps this far inside a trimmed edge or a fold."""
SPINE_SAFE = 0.0625
"""Spine text keeps this far from each fold."""
BARCODE = (2.0, 1.2)
"""The barcode box KDP prints on the back (width, height)."""
BARCODE_MARGIN = 0.25


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: left, top, width, height (inches)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def inset(self, x: float, y: float | None = None) -> Box:
        """The box *x* in from its sides and *y* (default *x*) from top and bottom."""
        y = x if y is None else y
        return Box(self.left + x, self.top + y, self.width - 2 * x, self.height - 2 * y)


@dataclass(frozen=True, slots=True)
class Wrap:
    """A cover wrap for a trim, a spine width and a bleed."""

    trim: tuple[float, float]
    spine: float
    bleed: float = BLEED

    @property
    def size(self) -> tuple[float, float]:
        """The sheet, bleed included."""
        width, height = self.trim
        return 2 * (width + self.bleed) + self.spine, height + 2 * self.bleed

    @property
    def back(self) -> Box:
        """The back cover as trimmed."""
        return Box(self.bleed, self.bleed, *self.trim)

    @property
    def spine_box(self) -> Box:
        return Box(self.bleed + self.trim[0], self.bleed, self.spine, self.trim[1])

    @property
    def front(self) -> Box:
        return Box(self.bleed + self.trim[0] + self.spine, self.bleed, *self.trim)

    @property
    def safe_zones(self) -> tuple[Box, Box, Box]:
        """Where text may go: back, spine, front."""
        return (self.back.inset(SAFE), self.spine_box.inset(SPINE_SAFE, SAFE),
                self.front.inset(SAFE))

    @property
    def barcode(self) -> Box:
        """The box left clear on the back for the printer's barcode."""
        width, height = BARCODE
        back = self.back
        return Box(back.right - BARCODE_MARGIN - width, back.bottom - BARCODE_MARGIN - height,
                   width, height)
