"""Time mkbook on real manuscripts: median wall time and peak memory per format.

Usage: ``make bench`` or ``python benchmarks/run.py [--runs N] [BOOK ...]`` where BOOK
names a folder of the shared corpus (default: the one-shot and Pride and Prejudice).
Each build runs in its own process, so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKBOOK_CORPUS", REPO.parent / "shared" / "corpus"))
DEFAULT_BOOKS = ["when-theres-nothing-left", "pride-and-prejudice"]


def source_of(name: str) -> Path:
    """The file or folder mkbook is given for corpus book *name*."""
    expected = json.loads((CORPUS / name / "expected.json").read_text(encoding="utf-8"))
    if expected.get("format") == "plain-text":
        return CORPUS / name / expected["files"][0]
    return CORPUS / name


def measure(command: list[str]) -> tuple[float, float]:
    """Run *command*; return its wall time in seconds and peak memory in MB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command)}\n{error}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("books", nargs="*", default=DEFAULT_BOOKS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    mkbook = str(Path(sys.executable).with_name("mkbook"))
    print("| book | format | median s | peak MB | runs |\n|---|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as out:
        for name in args.books:
            for fmt in ("epub", "pdf"):
                runs = [measure([mkbook, fmt, str(source_of(name)), "-o",
                                 f"{out}/{name}.{fmt}"]) for _ in range(args.runs)]
                seconds = statistics.median(r[0] for r in runs)
                memory = max(r[1] for r in runs)
                print(f"| {name} | {fmt} | {seconds:.2f} | {memory:.0f} | {args.runs} |",
                      flush=True)


if __name__ == "__main__":
    main()
