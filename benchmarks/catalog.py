"""A catalog's throughput: books per minute with 1 and 2 workers, against a shell loop
calling ``mkbook build`` once per book and against Project Gutenberg's ebookmaker once
per book it reads (HTML), on the same books in the same run.

Usage: ``python benchmarks/catalog.py [--books N] [--formats epub,pdf] [--no-epubcheck]``.
The catalog is every corpus book, handed over as its ``expected.json`` says, plus
generated short novels up to N books (default 40), each copied into a scratch folder;
every run starts from an empty output folder.  The loop builds each book's formats in
one ``mkbook build -j 1`` (one layout process, as a catalog task has) and runs no
epubcheck, so compare it with ``--no-epubcheck``.  Printed as a Markdown table:
seconds, books a minute, the efficiency from 1 to 2 workers (books a minute with 2 /
twice those with 1), and the cost of one book, with a projection for 75,000 books.
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
    """Every corpus book copied into *folder*: its entry file, or its whole folder."""
    found = []
    for expected in sorted(CORPUS.glob("*/expected.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))
        entry = data.get("entry")
        if entry is None and data.get("format") == "plain-text":
            entry = data["files"][0]
        name = expected.parent.name
        if entry in (None, "."):
            shutil.copytree(expected.parent, folder / name,
                            ignore=shutil.ignore_patterns("expected.json"))
            found.append(folder / name)
        else:
            source = expected.parent / entry
            target = folder / f"{name}{source.suffix}"
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


def ebookmaker_loop(books: list[Path], out: Path) -> str:
    """ebookmaker's time on the books it reads (HTML; it builds EPUB from HTML and
    reST), one call each, or why there is none."""
    program = shutil.which("ebookmaker")
    html = [book for book in books if book.suffix.lower() in (".html", ".htm")]
    if program is None:
        return "not installed (pip install ebookmaker), so not measured"
    if not html:
        return f"reads none of these {len(books)} books (it takes HTML), so not measured"
    started = time.monotonic()
    for book in html:
        subprocess.run([program, "--make=epub.images", f"--output-dir={out / book.stem}",
                        str(book)], check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    return f"{len(html)} books in {seconds:.1f} s ({len(html) / seconds * 60:.1f} a minute)"


def fresh_cache(scratch: str, name: str) -> dict[str, str]:
    """An environment whose PDF layout cache is new and empty: every run lays out
    every page (a cache left by the run before would make the next one look fast)."""
    return {**os.environ, "MKBOOK_CACHE_DIR": tempfile.mkdtemp(prefix=f"cache-{name}-",
                                                               dir=scratch)}


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run(command, cwd=cwd, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=env)
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
            f"[catalog]\ntitle = \"Benchmark\"\nformats = {json.dumps(formats)}\n"
            f"books = {json.dumps([book.name for book in books])}\n",
            encoding="utf-8")
        rows = []
        for workers in (1, 2):
            shutil.rmtree(folder / "dist", ignore_errors=True)
            command = [str(MKBOOK), "-q", "catalog", str(folder), "--workers", str(workers)]
            if args.no_epubcheck:
                command.append("--no-epubcheck")
            rows.append((f"mkbook catalog, {workers} worker(s)",
                         timed(command, folder, fresh_cache(scratch, f"{workers}"))))
        loop = Path(scratch) / "loop"
        loop.mkdir()
        env = fresh_cache(scratch, "loop")
        started = time.monotonic()
        for book in books:
            subprocess.run([str(MKBOOK), "-q", "build", str(book), "-j", "1",
                            *(f"--format={fmt}" for fmt in formats), "-o",
                            str(loop / book.stem)], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        rows.append(("shell loop of mkbook build", time.monotonic() - started))
        ebookmaker = ebookmaker_loop(books, Path(scratch) / "ebookmaker")
    count = len(books)
    print(f"{count} books ({len([b for b in books if not b.name.startswith('generated')])} "
          f"from the corpus), formats {', '.join(formats)}, {os.cpu_count()} cores\n")
    print("| run | seconds | books a minute |\n|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} | {count / seconds * 60:.1f} |")
    print(f"\nebookmaker: {ebookmaker}")
    one, two = rows[0][1], rows[1][1]
    print(f"\nefficiency from 1 to 2 workers: {one / two / 2:.2f}")
    per_book = two / count
    print(f"one book: {per_book:.1f} s with 2 workers; 75,000 books: about "
          f"{75_000 * per_book / 3600:.1f} hours here, or "
          f"{75_000 * per_book * 2 / 3600 / 64:.1f} hours on 64 such cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
