"""A page's lines kept while it is made again, so only retracked text is broken anew.

A page remade with a paragraph retracked (``page_making``) breaks every other line on
it exactly as before: the same text, in the same style, in the same width.  Breaking
a line is WeasyPrint's costliest step (Pango shapes the text), so each line broken
while a page is made is kept until the next page, and a remake of the page takes the
lines it asks for again from here.  A retracked paragraph has a new style, and so new
lines.

A line is WeasyPrint's ``split_first_line`` result: a Pango layout, put away after
use, and numbers.  Two boxes may share the layout: each sets it up again with its own
style before it is drawn, and the style is part of the key.  Text cut with an
ellipsis is not kept: drawing it changes the layout's text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class LineMemo:
    """WeasyPrint's line breaking, remembered until :meth:`forget`."""

    def __init__(self, split_first_line: Callable[..., Any]) -> None:
        self.split = split_first_line
        self.lines: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def forget(self) -> None:
        """A new page: the lines kept so far will not be asked for again."""
        self.lines.clear()

    def split_first_line(self, text: str, style: Any, context: Any, *args: Any,
                         **kwargs: Any) -> Any:
        """``split_first_line``, or what it gave for the same text, style and width."""
        if style["text_overflow"] != "clip":
            return self.split(text, style, context, *args, **kwargs)
        key = (text, id(style), args, tuple(kwargs.items()))
        kept = self.lines.get(key)
        if kept is None or kept[0] is not style:  # the style holds its id while kept
            kept = self.lines[key] = style, self.split(text, style, context, *args, **kwargs)
        return kept[1]


@contextmanager
def remembered_lines() -> Iterator[LineMemo]:
    """WeasyPrint's inline layout breaks its lines through a :class:`LineMemo`."""
    from weasyprint.layout import inline

    memo = LineMemo(inline.split_first_line)
    inline.split_first_line = memo.split_first_line
    try:
        yield memo
    finally:
        inline.split_first_line = memo.split
