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


def test_the_wheel_carries_every_package() -> None:
    """The package list in ``pyproject.toml`` names every folder of the source (a
    folder missing there works in a checkout and is absent from an installed wheel)."""
    import tomllib

    config = tomllib.loads((SRC.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {".".join(path.relative_to(SRC).parts) for path in (SRC / "mkbook").rglob("*")
               if path.is_dir() and path.name != "__pycache__"
               and any(child.suffix in (".py", ".html") for child in path.iterdir())}
    assert sorted(folders | {"mkbook", "mkbook.styles"}) == sorted(listed)


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
