"""The house's rooms hold: the import graph has no cycle, only the PDF exporter reaches
the layout engine, and the command line knows no format's insides."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in (SRC / "mkbook").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path], top_only: bool) -> set[str]:
    """The package modules *name* imports — at module level only when *top_only* (an
    import inside a function runs later, and ``if TYPE_CHECKING:`` never) — with the
    packages Python runs on the way (``mkbook.layout`` for ``mkbook.layout.jobs``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    nodes = tree.body if top_only else list(ast.walk(tree))
    targets: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    found = set()
    for target in targets:
        parts = target.split(".")
        found.update(".".join(parts[:size]) for size in range(2, len(parts) + 1))
    return {target for target in found if target in known and target != name
            and not name.startswith(target + ".")}  # its own packages are already loading


def test_the_import_graph_has_no_cycle() -> None:
    known = modules()
    graph = {name: imports(name, path, known, top_only=True) for name, path in known.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> list[str]:
        if name in trail:
            return [*trail[trail.index(name):], name]
        if name in done:
            return []
        for target in sorted(graph[name]):
            if cycle := visit(target, [*trail, name]):
                return cycle
        done.add(name)
        return []

    cycles = [cycle for name in sorted(graph) if (cycle := visit(name, []))]
    assert cycles == []


def test_only_the_pdf_exporter_reaches_the_layout_engine() -> None:
    known = modules()
    inside = ("mkbook.layout", "mkbook.exporters.pdf")
    reaching = sorted(name for name, path in known.items()
                      if not name.startswith(inside)
                      and any(target.startswith("mkbook.layout")
                              for target in imports(name, path, known, top_only=False)))
    assert reaching == []


def test_the_command_line_knows_no_format() -> None:
    """``cli.py`` reaches exporters, the layout engine and rendering only through the
    API (:func:`mkbook.api.prepare`, :func:`mkbook.api.export`)."""
    known = modules()
    reached = imports("mkbook.cli", known["mkbook.cli"], known, top_only=False)
    assert sorted(t for t in reached if t.startswith(("mkbook.exporters", "mkbook.layout",
                                                       "mkbook.render"))) == []


def test_the_wheel_carries_every_file() -> None:
    """Packages are discovered (setuptools' find under ``src/``, which reaches the
    stylesheets through ``src/mkbook/styles``), and every file that is not Python — a
    template, a stylesheet — matches a ``package-data`` pattern of its package or one
    above it: a file missing there works in a checkout and is absent from a wheel."""
    import fnmatch
    import tomllib

    from setuptools import find_namespace_packages

    config = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))
    found = set(find_namespace_packages(where=str(SRC), include=["mkbook*"]))
    assert {"mkbook.styles", "mkbook.layout", "mkbook.exporters.pdf"} <= found
    patterns = config["tool"]["setuptools"]["package-data"]
    left_out = []
    for path in sorted((SRC / "mkbook").rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".py":
            continue
        parts = path.relative_to(SRC).parts
        owners = [(".".join(parts[:n]), "/".join(parts[n:])) for n in range(1, len(parts))]
        if not any(fnmatch.fnmatch(rest, pattern) and rest.count("/") == pattern.count("/")
                   for package, rest in owners if package in found
                   for pattern in patterns.get(package, ())):  # as glob: * stops at /
            left_out.append("/".join(parts))
    assert left_out == []


def test_every_code_is_in_the_one_table_and_the_readme() -> None:
    """Each ``MKnnn`` the source reports is in :data:`mkbook.codes.CODES` with the
    README's line for it, and the table holds no code nothing reports."""
    import re

    from mkbook.codes import CODES

    used = {code for path in (SRC / "mkbook").rglob("*.py") if path.name != "codes.py"
            for code in re.findall(r"MK\d{3}", path.read_text(encoding="utf-8"))}
    readme = (SRC.parent / "README.md").read_text(encoding="utf-8")
    assert sorted(used) == sorted(CODES)
    assert [code for code in CODES if f"| {code} | {CODES[code].severity} |" not in readme] == []


def test_the_layout_engine_knows_no_book() -> None:
    """``layout/`` is fed plain data (HTML, stylesheets, folders): it imports nothing of
    the model, its walkers, the readers, rendering or the exporters."""
    known = modules()
    book_side = ("mkbook.model", "mkbook.walk", "mkbook.readers", "mkbook.render",
                 "mkbook.exporters", "mkbook.transforms")
    reaching = sorted((name, target) for name, path in known.items()
                      if name.startswith("mkbook.layout")
                      for target in imports(name, path, known, top_only=False)
                      if target.startswith(book_side))
    assert reaching == []


def test_the_tests_mirror_the_package_layout() -> None:
    """Each folder of ``tests/`` is a package of mkbook (``tests/readers/`` holds the
    readers' tests, ``tests/exporters/pdf/`` the PDF exporter's); whole-product tests
    (the command line, the corpus, hostile input) stay at the top."""
    tests = Path(__file__).resolve().parent
    folders = sorted(path.relative_to(tests) for path in tests.rglob("*")
                     if path.is_dir() and path.name != "__pycache__"
                     and "fixtures" not in path.relative_to(tests).parts)
    assert folders and [folder.as_posix() for folder in folders
                        if not (SRC / "mkbook" / folder / "__init__.py").is_file()] == []
