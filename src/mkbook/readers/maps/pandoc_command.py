"""A pandoc command line in a project's build file, read as the defaults file it stands for.

Many pandoc books are built by a ``Makefile`` (or a ``build.sh``) whose recipe runs
``pandoc ch1.md ch2.md --epub-metadata=dc.xml --epub-cover-image=cover.png -o
book.epub``.  That line is the project's map: the command that builds the EPUB (else
the first pandoc command) is turned into the keys a pandoc defaults file would hold
(``input-files``, ``metadata-files``, ``metadata``, ``epub-metadata``,
``epub-cover-image``), so :mod:`.pandoc` reads both the same way.  Nothing is run.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

BUILD_FILES = ("Makefile", "makefile", "GNUmakefile", "build.sh", "make.sh")
_PANDOC_RE = re.compile(r"(?:^|[\s/])pandoc(?:\s|$)|\$[({]PANDOC[)}]|\$PANDOC\b")
_INPUT_SUFFIXES = (".md", ".markdown", ".txt", ".text")
_TAKES_VALUE = frozenset({
    "-o", "--output", "-f", "--from", "-r", "--read", "-t", "--to", "-w", "--write",
    "-M", "--metadata", "-V", "--variable", "-d", "--defaults", "--metadata-file",
    "--epub-metadata", "--epub-cover-image", "--bibliography", "--csl", "--css", "-c",
    "--resource-path", "--template", "--toc-depth", "--epub-chapter-level", "--lua-filter",
    "-F", "--filter", "--epub-embed-font", "--data-dir", "--top-level-division", "-H",
    "--include-in-header", "-B", "--include-before-body", "-A", "--include-after-body",
    "--pdf-engine", "--reference-doc", "--citation-abbreviations", "--highlight-style",
})


def build_command(folder: Path) -> tuple[str, dict[str, Any]] | None:
    """The build file's pandoc command as defaults keys, with the build file's name."""
    for name in BUILD_FILES:
        path = folder / name
        if not path.is_file():
            continue
        commands = [command for line in _logical_lines(path.read_text("utf-8", "replace"))
                    if _PANDOC_RE.search(line) and (command := _parse(line)) is not None]
        epub = [c for c in commands if str(c.get("output", "")).endswith(".epub")]
        if epub or commands:
            return name, (epub or commands)[0]
    return None


def _logical_lines(text: str) -> list[str]:
    """Lines with backslash continuations joined."""
    return re.sub(r"\\\n", " ", text).split("\n")


def _parse(line: str) -> dict[str, Any] | None:
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None  # a line shlex cannot split is not one mkbook can read
    start = next((n for n, word in enumerate(words) if _PANDOC_RE.search(f" {word} ")), None)
    if start is None:
        return None
    settings: dict[str, Any] = {"input-files": [], "metadata-files": [], "metadata": {}}
    args = iter(words[start + 1:])
    for word in args:
        if word in ("&&", ";", "|", ">"):
            break
        option, _, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if option in _TAKES_VALUE and not value:
            value = next(args, "")
        _take(settings, option, value, word)
    return settings


def _take(settings: dict[str, Any], option: str, value: str, word: str) -> None:
    """One option (or input file) of the command into the defaults keys."""
    if option in ("-o", "--output"):
        settings["output"] = value
    elif option in ("-M", "--metadata", "-V", "--variable"):
        key, _, setting = value.partition("=")
        if option in ("-M", "--metadata") or key == "lang":
            settings["metadata"][key] = setting or True
    elif option == "--metadata-file":
        settings["metadata-files"].append(value)
    elif option in ("--epub-metadata", "--epub-cover-image"):
        settings[option[2:]] = value
    elif not word.startswith("-") and word.lower().endswith(_INPUT_SUFFIXES):
        settings["input-files"].append(word)
