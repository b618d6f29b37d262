"""A layout run with room on CPython's frame stack, so no call in it crosses a chunk.

CPython (from 3.11) keeps Python frames in chunks of 16 KB, mapped when a call needs
one and unmapped when it returns.  A loop that calls across a chunk's end maps and
unmaps a chunk on every call (CPython issue gh-142183, "Calls across stack chunks
perform badly"; later 3.13 and 3.14 releases keep one chunk cached).  WeasyPrint's
line layout is such a loop wherever the boundary happens to fall in its recursion,
which moves with every frame above it: a remade page (``weasyprint_private.page_making``)
put it right in the loop, and Pride and Prejudice's pieces then mapped 16 KB some
220,000 times, a fifth of their layout's time.

:func:`roomy` runs a call above one frame that asks for half a megabyte of stack and
so gets a chunk of its own (of 1 MB, mapped page by page as it is used): everything
the call does then has half a megabyte of stack before the next chunk, far more than
a layout's deepest recursion.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

CHUNKED = sys.implementation.name == "cpython" and sys.version_info >= (3, 11)
"""Whether this Python keeps its frames in chunks (CPython 3.11 and later)."""
ROOM = 1 << 16
"""Stack slots (8 bytes each) the frame :func:`roomy` calls from asks for."""


def _call(call: Callable[[], T]) -> T:
    return call()


if CHUNKED:  # the frame's size is its code's stack size: a new chunk is needed for it
    _call.__code__ = _call.__code__.replace(co_stacksize=ROOM)


def roomy(call: Callable[[], T]) -> T:
    """``call()``, made at the start of a stack chunk with :data:`ROOM` to spare."""
    return _call(call)
