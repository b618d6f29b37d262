"""``mkbook check``'s reading of a printed book (the print rules each have their own
tests beside the PDF exporter's)."""

from __future__ import annotations

from pathlib import Path

import pypdf

from mkbook import api
from mkbook.checks import check_pdf
from mkbook.exporters.pdf.page_setup import page_setup
from support import write_project

LONG = " ".join(["The keeper counted the lamps along the harbour wall and waited."] * 30)


def test_a_section_titled_as_the_next_chapter_is_not_that_chapter(tmp_path: Path) -> None:
    """A chapter mapping the book has a section "Stack" on a verso; the chapter
    "Stack" that follows opens on a recto, and that is the one MK504 reads."""
    root = write_project(tmp_path / "book", {
        "chapters/01.md": f"# Map\n\n{LONG}\n\n## Stack\n\nWhere the stack chapter goes.\n",
        "chapters/02.md": "# Stack\n\nThe stack grows down.\n"})
    path = api.export(api.load_project(root), "pdf", tmp_path / "book.pdf").path
    outline = [(str(e.title), pypdf.PdfReader(path).get_destination_page_number(e))
               for e in _flat(pypdf.PdfReader(path).outline)]
    stacks = [page for title, page in outline if title == "Stack"]
    assert len(stacks) == 2 and stacks[0] % 2 == 1 and stacks[1] % 2 == 0, outline
    assert check_pdf(path, page_setup({}), ["Map", "Stack"]) == []


def _flat(entries: list[object]) -> list[object]:
    found: list[object] = []
    for entry in entries:
        found += _flat(entry) if isinstance(entry, list) else [entry]
    return found


def test_check_can_skip_epubcheck_and_says_so(run_cli: object,
                                              monkeypatch: object) -> None:
    """Where Java is missing, ``--no-epubcheck`` still builds the EPUB and checks the
    PDF, and warns (MK703) that the EPUB was not validated."""
    import mkbook.api
    from support import SAMPLE

    def no_java(path: Path) -> list[object]:
        raise AssertionError("epubcheck ran")

    monkeypatch.setattr(mkbook.api, "check_epub", no_java)  # type: ignore[attr-defined]
    result = run_cli("check", str(SAMPLE), "--no-epubcheck", "--json")  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert '"MK703"' in result.stdout and "not validated" in result.stdout
