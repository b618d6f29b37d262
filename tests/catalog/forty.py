"""The forty-book catalog of the acceptance tests: every corpus book as its
``expected.json`` says to hand it to mkbook, small generated books of each kind an
author keeps (Markdown projects, Markdown files with front matter, plain text), two
broken books and one that hangs.

The hang is injected, not found: no real manuscript is known to stall mkbook (a pipe
or a device named as one is refused at once), so :func:`fault_hook` is a
``sitecustomize`` put on the child processes' ``PYTHONPATH`` that makes opening a file
called :data:`HANGS` sleep, as a stalled network mount would (and opening one called
:data:`CRASHES` crash the process).
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from support import corpus_books, corpus_source, write_project

HANGS = "hangs.txt"
BROKEN = ("broken-binary", "broken-config")
WORDS = ("the harbour light ferry morning evening sea wind stone house road letter door "
         "window river field garden winter summer quiet long small old new far she he "
         "they said went came looked waited").split()


def forty(root: Path) -> Path:
    """Write the catalog into *root* (its ``catalog.toml`` and its generated books)."""
    generated = root / "generated"
    generated.mkdir(parents=True)
    corpus = [str(corpus_source(name)) for name in corpus_books()]
    count = 40 - len(corpus) - len(BROKEN) - 1
    for number in range(count):
        _generated(generated, number)
    (root / "broken-binary.txt").write_bytes(b"\x00\x01\x02\xff not a manuscript\x00" * 64)
    write_project(root / "broken-config", {"chapters/01.md": "# One\n\nText.\n"},
                  '[book]\ntitle = "Unclosed\nlanguage = "en"\n')
    (root / HANGS).write_text("The Stalled Book\n\nChapter 1\n\nIt never came.\n", "utf-8")
    books = [*corpus, "generated/*", "broken-binary.txt", "broken-config", HANGS]
    (root / "catalog.toml").write_text(
        f'[catalog]\ntitle = "Forty Books"\nformats = ["epub"]\nbooks = {json.dumps(books)}'
        '\n\n[book]\npublisher = "Forty Press"\n', encoding="utf-8")
    return root


CRASHES = "crashes.txt"


def faulty_children(patch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make the processes started from here on load :func:`fault_hook` (from *folder*)."""
    patch.setenv("PYTHONPATH", os.pathsep.join(
        filter(None, [str(fault_hook(folder)), os.environ.get("PYTHONPATH")])))


def fault_hook(folder: Path) -> Path:
    """A folder with a ``sitecustomize`` that stalls any open of a file named HANGS
    and crashes the process (SIGSEGV) at any open of one named CRASHES."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        "import io, os, signal, time\n"
        "def _faulty(real):\n"
        "    def opened(file, *args, **kwargs):\n"
        "        name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else ''\n"
        f"        if name.endswith({HANGS!r}):\n"
        "            time.sleep(3600)\n"
        f"        if name.endswith({CRASHES!r}):\n"
        "            os.kill(os.getpid(), signal.SIGSEGV)\n"
        "        return real(file, *args, **kwargs)\n"
        "    return opened\n"
        "io.open = _faulty(io.open)\n"
        "os.open = _faulty(os.open)\n", encoding="utf-8")
    return folder


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 70))).capitalize() + "."
            for _ in range(count)]


def _generated(folder: Path, number: int) -> None:
    """Book *number*: a Markdown project, a Markdown file or a plain-text file in turn."""
    rng = random.Random(number)
    title = f"Harbour Tales {number + 1}"
    chapters = [(f"Chapter {n}", _paragraphs(rng, rng.randint(3, 8)))
                for n in range(1, rng.randint(3, 7))]
    kind = number % 3
    if kind == 0:
        files = {f"chapters/{n:02d}.md": f"# {heading}\n\n" + "\n\n".join(text) + "\n"
                 for n, (heading, text) in enumerate(chapters, 1)}
        write_project(folder / f"project-{number:02d}", files,
                      f'[book]\ntitle = "{title}"\nauthors = ["A. Writer"]\nlanguage = "en"\n')
    elif kind == 1:
        body = "\n\n".join(f"## {heading}\n\n" + "\n\n".join(text) for heading, text in chapters)
        (folder / f"markdown-{number:02d}.md").write_text(
            f"---\ntitle: {title}\nauthor: B. Writer\nlang: en\n---\n\n{body}\n", "utf-8")
    else:
        body = "\n\n\n".join(f"{heading.upper()}\n\n" + "\n\n".join(text)
                             for heading, text in chapters)
        (folder / f"text-{number:02d}.txt").write_text(f"{title}\n\nby C. Writer\n\n\n{body}\n",
                                                       "utf-8")
