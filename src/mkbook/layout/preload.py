"""Loaded once by the server PDF layout workers are forked from (``layout/workers.py``),
so that no worker loads it again on its first piece — and so the server knows how a
worker whose command has ended should go.

English hyphenation patterns: WeasyPrint parses a language's patterns the first time
a worker hyphenates a line in it (a tenth of a second, which a one-chapter rebuild
waits for), and most books are in English.  Other languages load as before.

A worker forked just as its command ends (Ctrl-C, SIGTERM) finds the command's pipes
and semaphores gone before it has started; multiprocessing then prints a traceback
from inside its start-up that says nothing to the author.  Such a worker goes quietly;
any other error is shown as before.
"""

import sys
import traceback
from types import TracebackType

import pyphen

pyphen.Pyphen(lang="en")

_ORPHANED = (FileNotFoundError, EOFError, ConnectionError)
_shown = sys.excepthook


def _quiet_when_orphaned(kind: type[BaseException], error: BaseException,
                         trace: TracebackType | None) -> None:
    """Say nothing for a worker whose command ended while multiprocessing started it."""
    starting = any(frame.filename.endswith(("multiprocessing/spawn.py",
                                            "multiprocessing/synchronize.py"))
                   for frame in traceback.extract_tb(trace))
    if not (issubclass(kind, _ORPHANED) and starting):
        _shown(kind, error, trace)


sys.excepthook = _quiet_when_orphaned
