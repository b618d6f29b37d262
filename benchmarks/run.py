"""mkbook against pandoc on the same manuscripts, in the same run: seconds and peak memory.

Usage: ``make bench`` or ``python benchmarks/run.py [--runs N] [--skip-pdf] [BOOK ...]``
where BOOK names a folder of the shared corpus (default: the one-shot, Pride and
Prejudice and War and Peace).  Every build runs in its own process; its peak memory
is the largest peak (``VmHWM``) of any one process of the build, layout workers
included.  Medians of N runs are printed as a Markdown table with the ratio
mkbook/reference, and written to ``benchmarks/results.md``.

Rows, each against its reference:
- EPUB: mkbook against pandoc (from the ``pypandoc-binary`` package).
- PDF: mkbook with its default workers and no layout cache against pandoc to HTML
  then WeasyPrint in one pass (the single-pass reference: A4, WeasyPrint's defaults),
  against WeasyPrint laying that same HTML out on mkbook's page and type size (as
  many pages as mkbook's book), against mkbook's own single pass
  (``[pdf] single_pass``: the same book laid out as one document), and against mkbook
  with its pages left as they fall (``[pdf] balance = false``: what refitting short
  pages and ladders costs; the two builds run in turn, as the ratio is small).
- PDF rebuild: one word changed in one chapter, with the layout cache, against a full
  build from an empty cache.
- ``mkbook --help``: start-up, in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKBOOK_CORPUS", REPO.parent / "shared" / "corpus"))
DEFAULT_BOOKS = ["when-theres-nothing-left", "pride-and-prejudice", "war-and-peace"]
REBUILD_BOOK = "pride-and-prejudice"
BIN = Path(sys.executable).parent
# pandoc's HTML set on mkbook's default page (5.5 x 8.5 in, 10.5 pt): the same text on
# as many pages as mkbook lays out, so the two one-pass times compare like with like.
BOOK_PAGE = """@page { size: 5.5in 8.5in !important; margin: 0.7in 0.6in 0.8in 0.75in !important; }
html { font-size: 10.5pt !important; line-height: 1.35 !important; }
body { max-width: none !important; margin: 0 !important; padding: 0 !important;
       font-size: 1em !important; hyphens: auto; text-align: justify; }
"""
Command = list[str]
Result = tuple[float, float]


def source_of(folder: Path) -> Path:
    """The file or folder mkbook is given for the corpus book copied to *folder*."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    if expected.get("format") == "plain-text":
        return folder / expected["files"][0]
    return folder


def _tree_peak(root: int, peaks: dict[int, int], done: threading.Event) -> None:
    """Record the peak RSS (VmHWM, kB) of *root* and every process under it.

    Runs beside the build it measures: it reads only the tree's own /proc entries, so
    it takes little of the cores the build is using (a scan of all of /proc every
    50 ms took 4% of a core, a handicap for a build that keeps both busy).
    """
    while not done.is_set():
        stack = [root]
        while stack:
            pid = stack.pop()
            stack += _children(pid)
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]))
            except OSError:
                pass
        done.wait(0.05)


def _children(pid: int) -> list[int]:
    """The processes *pid* started (from /proc/PID/task/*/children)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def measure(commands: list[Command], env: dict[str, str] | None = None) -> Result:
    """Run *commands* one after the other; wall seconds and the largest one-process peak MB."""
    start, peak = time.perf_counter(), 0.0
    for command in commands:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env=env)
        peaks: dict[int, int] = {}
        done = threading.Event()
        watcher = threading.Thread(target=_tree_peak, args=(process.pid, peaks, done))
        if Path("/proc/self/status").exists():
            watcher.start()
        _, status, usage = os.wait4(process.pid, 0)
        done.set()
        if watcher.is_alive():
            watcher.join()
        if os.waitstatus_to_exitcode(status) != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"failed: {' '.join(command)}\n{error[-2000:]}")
        peak = max(peak, usage.ru_maxrss / 1024, max(peaks.values(), default=0) / 1024)
    return time.perf_counter() - start, peak


def median_of(runs: int, build: Callable[[], Result]) -> Result:
    return median([build() for _ in range(runs)])


def median(results: list[Result]) -> Result:
    """The median seconds of *results* and the largest peak of any."""
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def alternated(runs: int, ours: Command, theirs: Command,
               env: dict[str, str]) -> tuple[Result, Result]:
    """Medians of *runs* of each command, run in turn (ours, theirs, ours, …): two
    mkbook builds a few per cent apart are compared on the same machine speed, which
    drifts over the minutes a benchmark takes."""
    pairs = [(measure([ours], env), measure([theirs], env)) for _ in range(runs)]
    return median([a for a, _ in pairs]), median([b for _, b in pairs])


def pandoc() -> str:
    try:
        import pypandoc
    except ImportError:
        raise SystemExit("the benchmark needs pandoc: pip install pypandoc-binary "
                         "(make bench does it)") from None
    return str(pypandoc.get_pandoc_path())


def row(book: str, label: str, ours: Result, theirs: Result, peer: str) -> str:
    line = (f"| {book} | {label} | {ours[0]:.2f} s / {ours[1]:.0f} MB | {peer}: "
            f"{theirs[0]:.2f} s / {theirs[1]:.0f} MB | {ours[0] / theirs[0]:.2f} | "
            f"{ours[1] / theirs[1]:.2f} |")
    print(line, flush=True)
    return line


def rows_for(name: str, runs: int, pdf: bool, out: Path, env: dict[str, str]) -> list[str]:
    source = source_of(out / name)
    mkbook, peer = str(BIN / "mkbook"), pandoc()

    def run(*commands: Command) -> Result:
        return median_of(runs, lambda: measure(list(commands), env))

    rows = [row(name, "EPUB", run([mkbook, "epub", str(source), "-o", str(out / "m.epub")]),
                run([peer, str(source), "-f", "markdown", "-o", str(out / "p.epub")]),
                "pandoc")]
    if pdf:
        html = out / "p.html"
        ours = run([mkbook, "pdf", str(source), "-o", str(out / "m.pdf"), "--no-cache"])
        single_pass = _with_config(out / name, "[pdf]\nsingle_pass = true\n", "single-pass")
        as_they_fall = _with_config(out / name, "[pdf]\nbalance = false\n", "unbalanced")
        rows.append(row(name, "PDF", ours, run(
            [peer, str(source), "-f", "markdown", "-s", "-o", str(html),
             "--metadata", f"title={name}"],
            [str(BIN / "weasyprint"), str(html), str(out / "p.pdf")]),
            "pandoc + WeasyPrint, one pass"))
        page = out / "page.css"
        page.write_text(BOOK_PAGE, encoding="utf-8")
        rows.append(row(name, "PDF", ours, run(
            [str(BIN / "weasyprint"), "-s", str(page), str(html), str(out / "q.pdf")]),
            "WeasyPrint, one pass, on the book's page"))
        rows.append(row(name, "PDF", ours, run(
            [mkbook, "pdf", str(single_pass), "-o", str(out / "s.pdf"), "--no-cache"]),
            "mkbook, one pass"))
        rows.append(row(name, "PDF", *alternated(
            runs, [mkbook, "pdf", str(source), "-o", str(out / "m.pdf"), "--no-cache"],
            [mkbook, "pdf", str(as_they_fall), "-o", str(out / "u.pdf"), "--no-cache"], env),
            "mkbook, pages as they fall (runs alternated)"))
    return rows


def _with_config(folder: Path, table: str, suffix: str) -> Path:
    """A copy of the corpus book at *folder* with *table* in its book.toml."""
    copy = folder.with_name(f"{folder.name}-{suffix}")
    if not copy.exists():
        shutil.copytree(folder, copy)
        config = copy / "book.toml"
        if config.exists():
            config.write_text(config.read_text(encoding="utf-8") + "\n" + table, "utf-8")
        else:  # a bare manuscript: name its file in a new project
            text = source_of(copy).name
            config.write_text(f'[manuscript]\nfiles = ["{text}"]\n\n{table}', "utf-8")
    return copy


def rebuild_rows(runs: int, out: Path, env: dict[str, str]) -> list[str]:
    """A one-word edit with the layout cache against a full build from an empty cache."""
    source = source_of(out / REBUILD_BOOK)
    text_file = source if source.is_file() else sorted(source.glob("*.txt"))[0]
    original = text_file.read_text(encoding="utf-8-sig")
    cache = Path(env["MKBOOK_CACHE_DIR"])
    mkbook = [str(BIN / "mkbook"), "pdf", str(source), "-o", str(out / "r.pdf")]
    fulls, rebuilds = [], []
    for run in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        text_file.write_text(original, encoding="utf-8")
        fulls.append(measure([mkbook], env))
        word = original.index(" she ", len(original) // 2 + 997 * run)
        text_file.write_text(original[:word] + " She " + original[word + 5:], encoding="utf-8")
        rebuilds.append(measure([mkbook], env))
    text_file.write_text(original, encoding="utf-8")
    return [row(REBUILD_BOOK, "PDF rebuild, one word changed", median(rebuilds),
                median(fulls), "mkbook full build")]


def help_row(runs: int, env: dict[str, str]) -> str:
    seconds, peak = median_of(runs, lambda: measure([[str(BIN / "mkbook"), "--help"]], env))
    line = f"| — | `mkbook --help` | {seconds:.2f} s / {peak:.0f} MB | target: 0.30 s | " \
           f"{seconds / 0.3:.2f} | — |"
    print(line, flush=True)
    return line


def _with_bytecode(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment with Python's bytecode cache on, every module compiled first: an
    installed wheel is compiled at install time, so a shell that sets
    ``PYTHONDONTWRITEBYTECODE`` would otherwise charge each run for compiling mkbook,
    WeasyPrint and their dependencies from source (half a second a run here)."""
    env = {key: value for key, value in environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    folders = [path for path in sys.path if path and Path(path).is_dir()
               and not path.startswith(sys.base_prefix)]
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", *folders],
                   env=env, check=False, stdout=subprocess.DEVNULL)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("books", nargs="*", default=DEFAULT_BOOKS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-pdf", action="store_true", help="EPUB only (much faster)")
    args = parser.parse_args()
    header = ["| book | build | mkbook (median, peak) | reference (median, peak) | "
              "time ratio | memory ratio |", "|---|---|---:|---:|---:|---:|"]
    print("\n".join(header), flush=True)
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        env = {**_with_bytecode(os.environ), "MKBOOK_CACHE_DIR": str(out / "cache")}
        for name in {*args.books, *([] if args.skip_pdf else [REBUILD_BOOK])}:
            shutil.copytree(CORPUS / name, out / name)
        for name in args.books:
            rows += rows_for(name, args.runs, not args.skip_pdf, out, env)
        if not args.skip_pdf:
            rows += rebuild_rows(args.runs, out, env)
        rows.append(help_row(args.runs, env))
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, pandoc {pandoc_version()}, {args.runs} runs each; "
               "memory is the largest peak of any one process")
    table = "\n".join([*header, *rows, "", f"Measured on {machine}."]) + "\n"
    (REPO / "benchmarks" / "results.md").write_text(table, encoding="utf-8")


def pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


if __name__ == "__main__":
    main()
