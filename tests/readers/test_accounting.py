"""Reading accounts for every word: in the book, or in a removal a named rule made."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mkbook import api
from mkbook.cli import app
from mkbook.errors import MkbookError, TextLostError
from mkbook.readers import assembly
from support import reading_warnings

PROSE = textwrap.fill("The rain had not stopped for three days, and the river was rising "
                      "faster than anyone in the village could remember. " * 2, 70)
HEADER = ("The Project Gutenberg EBook of The Mill\n\nTitle: The Mill\n\nAuthor: Ann Author\n\n"
          "*** START OF THIS PROJECT GUTENBERG EBOOK THE MILL ***\n\n\n")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reader_that_drops_a_chapter_fails_loudly(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading rule gone wrong (here: the second chapter's text vanishes) stops the
    read, naming the line of the first word lost."""
    text = f"The Mill\n\nChapter 1\n\n{PROSE}\n\nChapter 2\n\nThe miller sang.\n"
    real = assembly.Assembler._chapter

    def dropping(self: assembly.Assembler, draft: object) -> object:
        chapter = real(self, draft)  # type: ignore[arg-type]
        return chapter if chapter.title != "Chapter 2" else type(chapter)(chapter.title, ())

    monkeypatch.setattr(assembly.Assembler, "_chapter", dropping)
    with pytest.raises(TextLostError, match="2 word") as caught:
        api.load_project(write(tmp_path, text))
    assert "book.txt:12" in str(caught.value)
    result = CliRunner().invoke(app, ["epub", str(tmp_path / "book.txt"),
                                      "-o", str(tmp_path / "b.epub")])
    assert result.exit_code == TextLostError.exit_code and "book.txt:12" in result.output
    assert not (tmp_path / "b.epub").exists()


def test_removals_are_named_and_inspect_lists_them(tmp_path: Path) -> None:
    text = HEADER + f"THE MILL\n\nby Ann Author\n\n\nChapter 1\n\n{PROSE}\n\no0o\n\n{PROSE}\n"
    path = write(tmp_path, text)
    removed = api.load_project(path).book.removed
    assert [(r.rule, r.source.line if r.source else 0) for r in removed] == [
        ("gutenberg", 1), ("marker-break", 22)]
    report = json.loads(CliRunner().invoke(app, ["inspect", str(path), "--json"]).output)
    assert [(r["rule"], r["lines"]) for r in report["removed"]] == [
        ("gutenberg", 7), ("marker-break", 1)]
    outline = CliRunner().invoke(app, ["inspect", str(path)]).output
    assert "removed: the Project Gutenberg header — 7 line(s)" in outline


PIECES = st.sampled_from([
    "", "", "", "Chapter 1", "CHAPTER IV.", "Part One", "Book the First--The Mill",
    "PREMIÈRE PARTIE", "I", "II.", "III. The River", "ACT I.  A Room.", "FIRST ACT",
    "STORY OF THE DOOR", "CONTENTS", "Table des matières", "Chapter 1 The Mill", "* * *",
    "o0o", "The End.", "PREFACE", "For my mother.", "     Yours, A.", "  An indented line.",
    "[ Author Note: hi ]", "A/N: a note", "by Ann Author", "Epilogue", "# Title",
    "The rain had not stopped for three days, and the river was rising",
    "faster than anyone in the village could remember, so the miller went down.",
    "*** START OF THIS PROJECT GUTENBERG EBOOK THE MILL ***", "Title: The Mill",
    "End of the Project Gutenberg EBook of The Mill",
])


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(PIECES, st.text(alphabet="abc XYZ.-", max_size=30)),
                      min_size=1, max_size=60))
def test_generated_manuscripts_lose_no_word(tmp_path: Path, lines: list[str]) -> None:
    """Whatever shape a manuscript takes, reading it accounts for every word (other
    errors, an empty book say, are allowed here)."""
    path = write(tmp_path, "\n".join(lines))
    try:
        api.load_project(path)
    except TextLostError as err:
        pytest.fail(f"lost text: {err}\n---\n" + "\n".join(lines))
    except MkbookError:
        pass


MD_PIECES = st.sampled_from([
    "", "", "# Chapter 1", "## Part Two", "*Schmidt*schen Arbeit", "**bold** and _em_",
    "> a quotation", "- an item", "1. first", "```", "code line", "    indented code",
    "<div>raw <b>html</b></div>", "<script>alert(1)</script>", "[a link](http://x.org)",
    "![alt text](missing.png)", "Text with a note.[^1]", "[^1]: The note.", "---",
    "title: x", "* * *", "line one  ", "line two\\", "`inline code`", "&amp; &#12; &copy;",
])


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(MD_PIECES, st.text(alphabet="abc XYZ*_.-", max_size=30)),
                      min_size=1, max_size=40))
def test_generated_markdown_loses_no_word(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "book.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        api.load_project(path)
    except TextLostError as err:
        pytest.fail(f"lost text: {err}\n---\n" + "\n".join(lines))
    except MkbookError:
        pass


def test_markdown_html_the_sanitiser_removes_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "book.md"
    path.write_text("# Chapter 1\n\nThe mill.\n\n<div>Kept <script>alert('gone')</script>"
                    "</div>\n", encoding="utf-8")
    removed = api.load_project(path).book.removed
    assert [(r.rule, r.text) for r in removed] == [("raw-html", "alert gone")]


def test_a_markdown_reader_that_drops_a_chapter_fails_loudly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkbook.readers import markdown

    real = markdown._chapters
    monkeypatch.setattr(markdown, "_chapters", lambda *args: real(*args)[:1])
    path = tmp_path / "book.md"
    path.write_text("# Chapter 1\n\nThe mill.\n\n# Chapter 2\n\nThe river rose.\n",
                    encoding="utf-8")
    with pytest.raises(TextLostError, match="book.md:5"):
        api.load_project(path)


@pytest.mark.parametrize("text", ["# Chapter 1\n\nText here.\n\n[^x]: A note nobody calls.\n",
                                  "# Chapter 1\n\nText here.\n\n[^x]: Calls itself.[^x]\n"])
def test_a_markdown_note_the_text_never_calls_is_named_not_lost(tmp_path: Path,
                                                                text: str) -> None:
    path = tmp_path / "book.md"
    path.write_text(text, encoding="utf-8")
    book = api.load_project(path).book
    assert reading_warnings(book) == ["MK203"]
    assert [(r.rule, r.source.line if r.source else 0) for r in book.removed] == [
        ("footnote", 5)]
