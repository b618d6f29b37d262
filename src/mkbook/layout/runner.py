"""Laying out pieces of HTML through the layout cache, in worker processes unless
``--jobs 1``: the engine's one entry, taking plain data (HTML, stylesheets, the
folders it may read) and giving laid-out pieces (:class:`~mkbook.layout.jobs.LaidOut`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass

from mkbook.errors import ExportError
from mkbook.layout import workers
from mkbook.layout.cache import LayoutCache
from mkbook.layout.jobs import LaidOut, LayoutJob, lay_out

log = logging.getLogger("mkbook")


@dataclass(frozen=True, slots=True)
class Sheets:
    """What every job of one layout shares: stylesheets, base URL, readable folders."""

    stylesheets: tuple[str, ...]
    base_url: str
    allowed: tuple[str, ...]
    facing: bool
    merged_fonts: tuple[str, ...] = ()
    """Font files the merge embeds once for the whole book (pieces carry a placeholder)."""
    root: str = ""
    """The book project, read at *base_url*."""
    balance: bool = True
    """Whether the jobs that ask for it fill short pages (``balance.py``)."""
    tagged: bool = True
    """Whether the jobs that ask for it are written tagged (``structure.py``)."""

    def job(self, html: str, extra_css: str = "", margin_boxes: bool = True,
            balance: bool = False, tagged: bool = False) -> LayoutJob:
        return LayoutJob(html, self.stylesheets, self.base_url, self.allowed, self.root,
                         self.merged_fonts, extra_css, margin_boxes, balance and self.balance,
                         tagged and self.tagged)


class PieceRunner:
    """Lays out jobs through the cache, in worker processes unless ``--jobs 1``."""

    def __init__(self, cache: LayoutCache, jobs: int) -> None:
        self.cache = cache
        self.jobs = jobs
        self.pool: Executor | None = None
        self.warnings: list[str] = []

    def run(self, work: Iterable[tuple[LayoutJob, tuple[str, ...]]]) -> list[LaidOut]:
        """Lay out every (job, document ids) of *work*, sending each missing one to a
        worker as soon as it is made, so workers start while later HTML is rendered."""
        return self.start(work)()

    def start(self, work: Iterable[tuple[LayoutJob, tuple[str, ...]]]
              ) -> Callable[[], list[LaidOut]]:
        """Send *work* to the workers now; the call returned waits for the pieces."""
        keys: list[str] = []
        found: list[LaidOut | None] = []
        waiting: dict[int, Callable[[], LaidOut]] = {}
        for index, (job, ids) in enumerate(work):
            keys.append(self.cache.key(job, ids))
            found.append(self.cache.get(keys[-1]))
            if found[-1] is None:
                waiting[index] = self._start(job, ids)
        log.info("laid out %d of %d pieces (the rest from the layout cache)", len(waiting),
                 len(found))

        def wait() -> list[LaidOut]:
            for index, result in waiting.items():
                found[index] = piece = _result(result)
                self.cache.put(keys[index], piece)
            waiting.clear()
            pieces = [piece for piece in found if piece is not None]
            self.warnings += [w for piece in pieces for w in piece.warnings]
            return pieces

        return wait

    def _start(self, job: LayoutJob, ids: tuple[str, ...]) -> Callable[[], LaidOut]:
        """A worker starts on *job* now; in-process (``--jobs 1``) it waits its turn."""
        if self.jobs < 2:
            return lambda: lay_out(job, ids)
        if self.pool is None:
            self.pool = workers.pool(self.jobs)
        return self.pool.submit(lay_out, job, ids).result

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def _result(call: Callable[[], LaidOut]) -> LaidOut:
    try:
        return call()
    except RuntimeError as err:
        raise ExportError(str(err)) from None
