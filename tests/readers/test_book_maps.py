"""Rule *mdbook-summary*: an mdBook project builds as it stands, its map first."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkbook import api
from mkbook.errors import ConfigError
from support import REPO, assert_valid_epub, reading_warnings

BOOK_TOML = """[book]
title = "The Tiny Book"
authors = ["Ann Author"]
language = "en"
multilingual = false
src = "src"

[build]
create-missing = true

[output.html]
default-theme = "ayu"

[preprocessor.links]
"""
SUMMARY = """# Summary

[Introduction](./intro.md)

- [The Ferry](./ferry.md)
    - [At Night](./ferry/night.md)
- [A Draft]()

# Part Two

- [The Mill](mill.md)
- [Gone](./gone.md)

---

[Contributors](./contributors.md)
"""
PAGES = {
    "intro.md": "# Introduction\n\nWhy this book.\n",
    "ferry.md": "# The Ferry\n\nThe ferry came in.\n\n# Boarding\n\nThey boarded.\n",
    "ferry/night.md": "At night the river rose.\n",
    "mill.md": "# The Mill (draft title)\n\nThe wheel turned.\n",
    "contributors.md": "# Contributors\n\nEveryone who helped.\n",
    "notes.md": "# Planning notes\n\nNot part of the book.\n",
}


def mdbook(tmp_path: Path) -> Path:
    (tmp_path / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    for name, text in {"SUMMARY.md": SUMMARY, **PAGES}.items():
        path = tmp_path / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_an_mdbook_project_reads_in_its_summary_order(tmp_path: Path) -> None:
    book = api.load_project(mdbook(tmp_path)).book
    assert (book.metadata.title, book.metadata.authors) == ("The Tiny Book", ("Ann Author",))
    assert [c.title for c in book.chapters] == ["The Ferry", "At Night", "The Mill"]
    assert [(p.title, [c.title for c in p.chapters]) for p in book.parts] == [
        ("Part Two", ["The Mill"])]
    assert [(s.role, s.title) for s in book.front_matter] == [("introduction", "Introduction")]
    assert [s.title for s in book.back_matter] == ["Contributors"]
    # the page's own "# The Ferry" is its title; "# Boarding" is a section inside it
    ferry = book.chapters[0]
    assert [type(b).__name__ for b in ferry.blocks] == ["Paragraph", "Heading", "Paragraph"]
    # a listed file that is missing is left out with a warning; notes.md is not listed
    assert [w.code for w in book.warnings] == ["MK206"]
    assert "Planning" not in str(book)


def test_an_mdbook_project_builds_a_valid_epub(tmp_path: Path) -> None:
    project = api.load_project(mdbook(tmp_path))
    result = api.export(project, "epub", tmp_path / "out.epub")
    assert_valid_epub(result.path)


def test_mkbook_tables_sit_beside_mdbooks_in_one_book_toml(tmp_path: Path) -> None:
    folder = mdbook(tmp_path)
    with (folder / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[manuscript]\ndisable = ["verse"]\n\n[pdf]\ntrim = "6x9"\n')
    project = api.load_project(folder)
    assert project.config.rules.disabled == {"verse"}
    assert [c.title for c in project.book.chapters] == ["The Ferry", "At Night", "The Mill"]


def test_a_key_neither_tool_knows_is_still_an_error(tmp_path: Path) -> None:
    """Must not fire: tolerance is for mdBook's own tables, not for typos."""
    folder = mdbook(tmp_path)
    (folder / "book.toml").write_text(BOOK_TOML + "\n[ouptut]\nx = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ouptut"):
        api.load_project(folder)


def test_a_folder_without_book_toml_is_not_read_as_mdbook(tmp_path: Path) -> None:
    """Must not fire: a src/SUMMARY.md alone (a project of another tool) is no mdBook."""
    folder = mdbook(tmp_path)
    (folder / "book.toml").unlink()
    book = api.load_project(folder).book
    assert "The Mill (draft title)" in [c.title for c in book.chapters]  # read, not mapped
    assert ("src/notes.md", "the author's working notes, by its name") in [
        (f.path, f.reason) for f in book.left_out_files]


LEANPUB = {
    "Book.txt": "intro.md\nch1.txt\nch2.md\ncolophon.md\n",
    "Sample.txt": "ch1.txt\n",
    "intro.md": "# Introduction\n\nWhy this book.\n",
    "ch1.txt": "# The Ferry\n\nThe ferry came in.\n\n## Boarding\n\nThey boarded.\n\n"
               "![The quay](images/quay.png)\n",
    "ch2.md": "# The Mill\n\nThe wheel turned.\n",
    "colophon.md": "# Colophon\n\nSet in a serif.\n",
    "notes.md": "# Planning notes\n\nNot part of the book.\n",
}


def test_a_leanpub_project_reads_in_its_book_txt_order(tmp_path: Path) -> None:
    """Book.txt gives the order (Sample.txt is a sample), a .txt chapter is Markdown, its
    ## are sections, images live under resources/, matter pages take their roles."""
    for name, text in LEANPUB.items():
        (tmp_path / "manuscript" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "manuscript" / name).write_text(text, encoding="utf-8")
    images = tmp_path / "manuscript" / "resources" / "images"
    images.mkdir(parents=True)
    sample = REPO / "manuscript" / "images" / "gull-rock.png"
    (images / "quay.png").write_bytes(sample.read_bytes())
    book = api.load_project(tmp_path).book
    assert [c.title for c in book.chapters] == ["The Ferry", "The Mill"]
    assert [(s.role, s.title) for s in book.front_matter] == [("introduction", "Introduction")]
    assert [(s.role, s.title) for s in book.back_matter] == [("colophon", "Colophon")]
    assert [type(b).__name__ for b in book.chapters[0].blocks] == [
        "Paragraph", "Heading", "Paragraph", "Image"]
    assert reading_warnings(book) == []
