"""A catalog's throughput: books per minute with 1 and 2 workers, against a shell loop
calling ``mkbook build`` once per book, on the same books in the same run.

Usage: ``python benchmarks/catalog.py [--books N] [--formats epub,pdf] [--no-epubcheck]``.
The catalog is the shared corpus's plain-text and Markdown books plus generated short
novels up to N books (default 40), each copied into a scratch folder; every run starts
from an empty output folder.  Printed as a Markdown table: seconds, books a minute,
the efficiency from 1 to 2 workers (books a minute with 2 / twice those with 1), and
the cost of one book, with a projection for 75,000 books.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKBOOK_CORPUS", REPO.parent / "shared" / "corpus"))
MKBOOK = Path(sys.executable).with_name("mkbook")
WORDS = ("the harbour light ferry morning evening sea wind stone house road letter door "
         "window river field garden winter summer quiet long small old new far").split()


def corpus_books(folder: Path) -> list[Path]:
    """The corpus books that are one plain-text or Markdown file."""
    found = []
    for expected in sorted(CORPUS.glob("*/expected.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))
        entry = data.get("entry") or (data.get("files") or [None])[0]
        source = expected.parent / entry if entry and entry != "." else None
        if source is not None and source.is_file() and source.suffix in (".txt", ".md"):
            target = folder / f"{expected.parent.name}{source.suffix}"
            shutil.copy(source, target)
            found.append(target)
    return found


def generated_book(folder: Path, number: int) -> Path:
    """A short novel of a dozen chapters, different for each *number*."""
    rng = random.Random(number)
    chapters = []
    for chapter in range(1, 13):
        paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))).capitalize()
                      + "." for _ in range(rng.randint(8, 20))]
        chapters.append(f"# Chapter {chapter}\n\n" + "\n\n".join(paragraphs))
    path = folder / f"generated-{number:03d}.md"
    path.write_text(f"---\ntitle: Generated {number}\nauthor: A. Writer\nlang: en\n---\n\n"
                    + "\n\n".join(chapters) + "\n", encoding="utf-8")
    return path


def timed(command: list[str], cwd: Path) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=40)
    parser.add_argument("--formats", default="epub,pdf")
    parser.add_argument("--no-epubcheck", action="store_true")
    args = parser.parse_args()
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory(prefix="mkbook-catalog-bench-") as scratch:
        folder = Path(scratch) / "catalog"
        folder.mkdir()
        books = corpus_books(folder)[: args.books]
        books += [generated_book(folder, n) for n in range(args.books - len(books))]
        (folder / "catalog.toml").write_text(
            f"[catalog]\ntitle = \"Benchmark\"\nformats = {json.dumps(formats)}\n",
            encoding="utf-8")
        rows = []
        for workers in (1, 2):
            shutil.rmtree(folder / "dist", ignore_errors=True)
            command = [str(MKBOOK), "-q", "catalog", str(folder), "--workers", str(workers)]
            if args.no_epubcheck:
                command.append("--no-epubcheck")
            rows.append((f"mkbook catalog, {workers} worker(s)", timed(command, folder)))
        loop = Path(scratch) / "loop"
        loop.mkdir()
        started = time.monotonic()
        for book in books:
            for fmt in formats:
                subprocess.run([str(MKBOOK), "-q", "build", str(book), "-f", fmt, "-o",
                                str(loop / book.stem)], check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows.append(("shell loop of mkbook build", time.monotonic() - started))
    count = len(books)
    print(f"{count} books ({len([b for b in books if not b.name.startswith('generated')])} "
          f"from the corpus), formats {', '.join(formats)}, {os.cpu_count()} cores\n")
    print("| run | seconds | books a minute |\n|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} | {count / seconds * 60:.1f} |")
    one, two = rows[0][1], rows[1][1]
    print(f"\nefficiency from 1 to 2 workers: {one / two / 2:.2f}")
    per_book = two / count
    print(f"one book: {per_book:.1f} s with 2 workers; 75,000 books: about "
          f"{75_000 * per_book / 3600:.1f} hours here, or "
          f"{75_000 * per_book * 2 / 3600 / 64:.1f} hours on 64 such cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
