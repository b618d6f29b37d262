"""A layout run through ``frame_stack.roomy`` makes no call across a stack chunk."""

from __future__ import annotations

import resource

from mkbook.layout.frame_stack import roomy


def _leaf(a: int, b: int, c: int, d: int) -> list[int]:
    return [a, b, c, d]


def _loop_at(depth: int, calls: int) -> None:
    """*calls* calls made *depth* frames down, as a line-layout loop makes them."""
    if depth:
        _loop_at(depth - 1, calls)
        return
    for _ in range(calls):
        _leaf(1, 2, 3, 4)


def _faults_over_depths() -> int:
    """Page faults while a loop runs at every depth to 300 frames: a loop that calls
    across a chunk's end maps a fresh chunk, four pages, on each call."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for depth in range(300):
        _loop_at(depth, 100)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_no_call_in_a_roomy_run_maps_a_chunk() -> None:
    # Outside it, on CPython 3.11, one of these depths straddles a chunk's end and
    # maps a chunk per call: over a thousand faults.
    assert roomy(_faults_over_depths) < 100


def test_roomy_returns_what_the_call_returns() -> None:
    assert roomy(lambda: _leaf(1, 2, 3, 4)) == [1, 2, 3, 4]
