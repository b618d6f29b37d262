"""Proof that a change to the code leaves the books the same: build, hash, compare.

Usage: ``python benchmarks/same_output.py OUT [--against EARLIER] [BOOK ...]``

Builds the EPUB and the PDF of the sample manuscript and of each BOOK (a folder of the
shared corpus, default: the one-shot, A Christmas Carol and Pride and Prejudice) into
``OUT``, each in its own process with ``SOURCE_DATE_EPOCH`` fixed and no layout cache,
and writes ``OUT/hashes.json``.  With ``--against`` (an ``OUT`` of an earlier checkout)
it prints every file whose bytes differ and exits 1 if any does.  Run it before a
refactoring from a clean checkout, then after, to show the output is byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKBOOK_CORPUS", REPO.parent / "shared" / "corpus"))
DEFAULT_BOOKS = ["when-theres-nothing-left", "a-christmas-carol", "pride-and-prejudice"]


def source_of(name: str) -> Path:
    """The sample (``sample``) or a corpus book, pointed at as its expected.json says."""
    if name == "sample":
        return REPO / "manuscript"
    folder = CORPUS / name
    entry = json.loads((folder / "expected.json").read_text(encoding="utf-8")).get("entry")
    return folder / entry if entry else folder


def build(name: str, out: Path) -> dict[str, str]:
    """Each format of book *name* built into *out*: file name → sha256."""
    hashes = {}
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    for fmt in ("epub", "pdf"):
        target = out / f"{name}.{fmt}"
        command = [str(Path(sys.executable).with_name("mkbook")), fmt, str(source_of(name)),
                   "--output", str(target), *(["--no-cache"] if fmt == "pdf" else [])]
        subprocess.run(command, check=True, env=env, capture_output=True)
        hashes[target.name] = hashlib.sha256(target.read_bytes()).hexdigest()
    return hashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path)
    parser.add_argument("books", nargs="*", default=["sample", *DEFAULT_BOOKS])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    hashes = {name: digest for book in args.books for name, digest in build(book, args.out).items()}
    (args.out / "hashes.json").write_text(json.dumps(hashes, indent=2) + "\n", encoding="utf-8")
    if args.against is None:
        print(f"{len(hashes)} files hashed into {args.out / 'hashes.json'}")
        return 0
    earlier = json.loads((args.against / "hashes.json").read_text(encoding="utf-8"))
    differ = sorted(name for name in hashes if earlier.get(name) != hashes[name])
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(hashes) - len(differ)} of {len(hashes)} files byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
