"""A whole book in one Markdown file: title block, field headings, front and back matter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkbook import api

TEXT = "The ferry came in at dusk, and nobody was waiting on the quay.\n"


def read(tmp_path: Path, text: str) -> api.Book:
    path = tmp_path / "book.md"
    path.write_text(text, encoding="utf-8")
    return api.load_project(path).book


def test_a_pandoc_title_block_is_the_metadata(tmp_path: Path) -> None:
    book = read(tmp_path, f"% The Crossing\n% Ann Author; Bo Author\n% 1904\n\n# One\n\n{TEXT}")
    assert (book.metadata.title, book.metadata.authors) == (
        "The Crossing", ("Ann Author", "Bo Author"))
    assert [r.rule for r in book.removed] == ["title-block"]


def test_field_headings_are_the_metadata_and_the_text_before_chapters_is_front_matter(
        tmp_path: Path) -> None:
    text = (f"# Title: The Crossing\n\n## Author: Ann Author\n\n## Year: 1911\n\n-------\n"
            f"{TEXT}\n##  I\n\n{TEXT}\n##  II\n\n{TEXT}\n## II (Cont.)\n\n{TEXT}")
    book = read(tmp_path, text)
    assert (book.metadata.title, book.metadata.authors) == ("The Crossing", ("Ann Author",))
    assert [c.title for c in book.chapters] == ["I", "II", "II (Cont.)"]
    assert [(s.role, s.title) for s in book.front_matter] == [("other", "")]


def test_unnumbered_headings_around_numbered_chapters_are_matter(tmp_path: Path) -> None:
    text = (f"## Einleitung.\n\n{TEXT}\n## Historische Übersicht.\n\n{TEXT}\n"
            f"# Erstes Kapitel. Der Fluss.\n\n{TEXT}\n# Zweites Kapitel. Die Mühle.\n\n{TEXT}\n"
            f"# Literarische Ergänzungen\n\n{TEXT}")
    book = read(tmp_path, text)
    assert [c.title for c in book.chapters] == ["Erstes Kapitel. Der Fluss.",
                                                "Zweites Kapitel. Die Mühle."]
    assert [(s.role, s.title) for s in book.front_matter] == [
        ("introduction", "Einleitung."), ("other", "Historische Übersicht.")]
    assert [(s.role, s.title) for s in book.back_matter] == [
        ("appendix", "Literarische Ergänzungen")]


def test_a_book_of_unnumbered_chapters_keeps_them_all(tmp_path: Path) -> None:
    """Must not fire: titled chapters with no numbers are all chapters."""
    text = f"# The Ferry\n\n{TEXT}\n# The Mill\n\n{TEXT}\n# Afterwards\n\n{TEXT}"
    assert [c.title for c in read(tmp_path, text).chapters] == [
        "The Ferry", "The Mill", "Afterwards"]


def test_a_heading_that_only_looks_like_a_field_is_a_chapter(tmp_path: Path) -> None:
    """Must not fire: ``# Chapter: One`` is no metadata field."""
    text = f"# Chapter: One\n\n{TEXT}\n# Chapter: Two\n\n{TEXT}"
    book = read(tmp_path, text)
    assert [c.title for c in book.chapters] == ["Chapter: One", "Chapter: Two"]


def test_a_back_section_of_references_is_the_bibliography(write: Callable[..., Path]) -> None:
    refs = "\n\n".join(["Adam, E. P. \"Water.\" *Phil. Mag.* 6, 568 (1903).",
                        "— \"On snow.\" *Nature* 68, 269 (1903).",
                        "v. Aubel, E. \"Action.\" *Compt. rend.* 136 (1903).",
                        "Lebedinsky. \"Wirkung.\" *Journ.* 5 (1902).",
                        "Curie, Pierre \"Radium.\" 1903.", "Elster, J. \"Über.\" 193 (1901)."])
    path = write("b.md", "# Chapter 1\n\nA.\n\n# Chapter 2\n\nB.\n\n# Sources\n\n" + refs
                 + "\n\n# Afterthoughts\n\nAdam, E. said so in 1903. Then we left.\n\n"
                 "Curie, P. was right, they said. We went home.\n\nIt rained.\n\n"
                 "Then it stopped.\n\nThe end came in 1904.\n")
    back = api.load_project(path).book.back_matter
    assert [(s.title, s.role) for s in back] == [("Sources", "bibliography"),
                                                 ("Afterthoughts", "appendix")]
