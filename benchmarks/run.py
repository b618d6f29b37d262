"""mkbook against pandoc on the same manuscripts, in the same run: seconds and peak memory.

Usage: ``make bench`` or ``python benchmarks/run.py [--runs N] [--skip-pdf] [BOOK ...]``
where BOOK names a folder of the shared corpus (default: the one-shot, Pride and
Prejudice and War and Peace).  Each build runs in its own process, so its peak
memory (``ru_maxrss`` from ``wait4``) is its own; medians of N runs are printed as a
Markdown table with the ratio mkbook/peer, and written to ``benchmarks/results.md``.

Peers: pandoc (from the ``pypandoc-binary`` package) to EPUB, and pandoc to HTML
then WeasyPrint in one pass for the PDF, the single-pass reference.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKBOOK_CORPUS", REPO.parent / "shared" / "corpus"))
DEFAULT_BOOKS = ["when-theres-nothing-left", "pride-and-prejudice", "war-and-peace"]
BIN = Path(sys.executable).parent


def source_of(name: str) -> Path:
    """The file or folder mkbook is given for corpus book *name*."""
    expected = json.loads((CORPUS / name / "expected.json").read_text(encoding="utf-8"))
    if expected.get("format") == "plain-text":
        return CORPUS / name / expected["files"][0]
    return CORPUS / name


def measure(commands: list[list[str]]) -> tuple[float, float]:
    """Run *commands* one after the other; wall seconds and the largest peak MB."""
    start, peak = time.perf_counter(), 0.0
    for command in commands:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"failed: {' '.join(command)}\n{error[-2000:]}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - start, peak


def pandoc() -> str:
    try:
        import pypandoc
    except ImportError:
        raise SystemExit("the benchmark needs pandoc: pip install pypandoc-binary "
                         "(make bench does it)") from None
    return str(pypandoc.get_pandoc_path())


def median_of(runs: int, build: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    results = [build() for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def rows_for(name: str, runs: int, pdf: bool, out: Path) -> list[str]:
    source = source_of(name)
    mkbook, peer = str(BIN / "mkbook"), pandoc()
    cases = [("EPUB", [[mkbook, "epub", str(source), "-o", str(out / "m.epub")]],
              [[peer, str(source), "-f", "markdown", "-o", str(out / "p.epub")]])]
    if pdf:
        html = out / "p.html"
        cases.append(("PDF", [[mkbook, "pdf", str(source), "-o", str(out / "m.pdf")]],
                      [[peer, str(source), "-f", "markdown", "-s", "-o", str(html),
                        "--metadata", f"title={name}"],
                       [str(BIN / "weasyprint"), str(html), str(out / "p.pdf")]]))
    rows = []
    for label, ours, theirs in cases:
        m_time, m_mem = median_of(runs, lambda c=ours: measure(c))
        p_time, p_mem = median_of(runs, lambda c=theirs: measure(c))
        rows.append(f"| {name} | {label} | {m_time:.2f} s / {m_mem:.0f} MB | "
                    f"{p_time:.2f} s / {p_mem:.0f} MB | {m_time / p_time:.2f} | "
                    f"{m_mem / p_mem:.2f} |")
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("books", nargs="*", default=DEFAULT_BOOKS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-pdf", action="store_true", help="EPUB only (much faster)")
    args = parser.parse_args()
    header = ["| book | format | mkbook (median, peak) | pandoc (median, peak) | "
              "time ratio | memory ratio |", "|---|---|---:|---:|---:|---:|"]
    print("\n".join(header), flush=True)
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.books:
            rows += rows_for(name, args.runs, not args.skip_pdf, Path(folder))
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, pandoc {pandoc_version()}, {args.runs} runs each")
    table = "\n".join([*header, *rows, "", f"Measured on {machine}."]) + "\n"
    (REPO / "benchmarks" / "results.md").write_text(table, encoding="utf-8")


def pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


if __name__ == "__main__":
    main()
