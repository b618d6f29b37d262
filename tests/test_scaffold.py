"""mkbook init: a project that builds at once, or one made from a one-file draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mkbook import api
from mkbook.cli import app
from mkbook.inspect import inspect_book
from mkbook.walk import block_text
from support import assert_valid_epub, corpus_source

runner = CliRunner()


def structure(report: dict[str, Any]) -> dict[str, Any]:
    """What a reader sees of the structure: no file names, lines or rule names."""
    keep = ("title", "part", "scenes", "paragraphs", "words", "subtitle", "notes")
    return {
        "chapters": [{key: c[key] for key in keep} for c in report["chapters"]],
        "parts": [(p["title"], p["chapters"]) for p in report["parts"]],
        "front": [(s["role"], s["title"]) for s in report["front_matter"]],
        "back": [(s["role"], s["title"]) for s in report["back_matter"]],
        "metadata": report["metadata"],
    }


def test_a_new_project_builds_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / ".gitignore").read_text() == "dist/\n.mkbook-cache/\n"
    result = runner.invoke(app, ["build", str(folder), "-o", str(folder / "dist")])
    assert result.exit_code == 0, result.output
    assert_valid_epub(folder / "dist" / "demo.epub")
    book = api.load_project(folder).book
    assert [s.role for s in book.front_matter] == ["dedication"]
    assert [s.role for s in book.back_matter] == ["author-note"]
    assert len(book.chapters) == 2 and len(book.chapters[0].scenes) == 2


def test_init_refuses_an_existing_project(tmp_path: Path) -> None:
    (tmp_path / "book.toml").write_text("[book]\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 5 and "already a book project" in result.stderr


@pytest.mark.parametrize("name", ["when-theres-nothing-left", "a-christmas-carol",
                                  "pride-and-prejudice"])
def test_a_project_made_from_a_draft_reads_as_the_draft(tmp_path: Path, name: str) -> None:
    source = corpus_source(name)
    result = runner.invoke(app, ["init", str(tmp_path / "book"), "--from", str(source)])
    assert result.exit_code == 0, result.output
    original = api.load_project(source).book
    project = api.load_project(tmp_path / "book").book
    assert structure(inspect_book(project)) == structure(inspect_book(original))
    assert [[block_text(b) for b in c.blocks] for c in project.chapters] == \
        [[block_text(b) for b in c.blocks] for c in original.chapters]


def test_markup_characters_in_a_draft_survive_as_text(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Odd Marks\n\nChapter 1\n\nShe wrote # and 2 * 3 = 6, [x] and <b>.\n\n"
                     "- not a list\n\n1) not a list either\n\n> not a quote\n\n"
                     "A _real_ emphasis in snake_case_name.\n", encoding="utf-8")
    assert runner.invoke(app, ["init", str(tmp_path / "p"), "--from", str(draft)]).exit_code == 0
    chapter = api.load_project(tmp_path / "p").book.chapters[0]
    assert [block_text(b) for b in chapter.blocks] == [
        "She wrote # and 2 * 3 = 6, [x] and <b>.", "- not a list", "1) not a list either",
        "> not a quote", "A real emphasis in snake_case_name."]
