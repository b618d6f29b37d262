"""Third-party exporters install by declaring an entry point in ``mkbook.exporters``."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mkbook.cli import app
from mkbook.exporters import available_formats, load_exporter
from support import assert_valid_epub

PLUGIN = '''
from pathlib import Path

from mkbook.exporters import BaseExporter
from mkbook.walk import block_text


class OutlineExporter(BaseExporter):
    """Writes the book's chapter titles and first lines, one per line."""

    name = "outline"
    suffix = ".outline.txt"

    def export(self, book, ctx):
        lines = [book.metadata.title]
        for chapter in book.chapters:
            first = next(iter(chapter.blocks), None)
            lines.append(f"{chapter.title}: {block_text(first) if first else ''}")
        ctx.output.parent.mkdir(parents=True, exist_ok=True)
        ctx.output.write_text("\\n".join(lines) + "\\n", encoding="utf-8")
        return ctx.output
'''


@pytest.fixture
def outline_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Install a tiny exporter the way pip would: a module plus a dist-info with entry points."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "mkbook_outline.py").write_text(PLUGIN, encoding="utf-8")
    info = site / "mkbook_outline-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: mkbook-outline\n"
                                   "Version: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[mkbook.exporters]\noutline = mkbook_outline:OutlineExporter\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()


def test_builtin_formats_are_found_through_entry_points() -> None:
    assert {"epub", "pdf"} <= set(available_formats())
    assert load_exporter("epub").suffix == ".epub"


@pytest.mark.usefixtures("outline_plugin")
def test_an_installed_plugin_is_a_new_format(write: Callable[..., Path], tmp_path: Path) -> None:
    assert "outline" in available_formats()
    source = write("story.txt", "My Story\n\nChapter 1\n\nIt began.\n\nChapter 2\n\nIt ended.\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(out), "-f", "outline",
                                      "-f", "epub"])
    assert result.exit_code == 0, result.output
    written = (out / "my-story.outline.txt").read_text(encoding="utf-8")
    assert written == "My Story\nChapter 1: It began.\nChapter 2: It ended.\n"
    assert_valid_epub(out / "my-story.epub")


@pytest.mark.usefixtures("outline_plugin")
def test_build_without_format_writes_every_installed_format(write: Callable[..., Path],
                                                            tmp_path: Path) -> None:
    source = write("story.txt", "Short\n\nOnly one line of story.\n\nAnd one more.\n")
    result = CliRunner().invoke(app, ["build", str(source), "-o", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert names == ["short.epub", "short.kepub.epub", "short.kindle.epub", "short.outline.txt",
                     "short.pdf"]
    for name in ("short.epub", "short.kepub.epub", "short.kindle.epub"):
        assert_valid_epub(tmp_path / "all" / name)
