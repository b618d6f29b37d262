"""The Markdown reader, on the sample manuscript and on small cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkbook import api
from mkbook.inspect import inspect_book
from mkbook.model import BlockQuote, FootnoteRef, Image, RawHtml, Verse
from mkbook.walk import iter_inlines
from support import FIXTURES, SAMPLE, assert_golden, reading_warnings


def test_sample_manuscript_reads_as_golden() -> None:
    golden = FIXTURES / "sample-manuscript.json"
    actual = inspect_book(api.load_project(SAMPLE).book)
    assert_golden(actual, golden)


def test_sample_manuscript_shows_every_feature() -> None:
    book = api.load_project(SAMPLE).book
    assert [s.role for s in book.front_matter] == ["dedication", "epigraph"]
    assert [s.role for s in book.back_matter] == ["author-note"]
    assert len(book.chapters) >= 3
    assert any(len(chapter.scenes) > 1 for chapter in book.chapters)
    blocks = [block for chapter in book.chapters for block in chapter.blocks]
    assert any(isinstance(block, Image) and block.alt for block in blocks)
    assert any(isinstance(run, FootnoteRef) for block in blocks for run in iter_inlines(block))
    assert any(chapter.notes for chapter in book.chapters)
    assert isinstance(book.front_matter[1].blocks[0], BlockQuote)
    assert [asset.name for asset in book.assets] == ["images/gull-rock.png"]
    assert book.metadata.authors == ("Ada Marlowe",)


def test_single_file_with_title_heading_and_front_matter(write: Callable[..., Path]) -> None:
    path = write("novel.md", "---\nauthor: Sam Writer\nlanguage: de\n---\n\n# Der Roman\n\n"
                 "## Eins\n\nErster *Absatz*.\n\n---\n\nZweite Szene.\n\n## Zwei\n\nEnde.\n")
    book = api.load_project(path).book
    assert book.metadata.title == "Der Roman"
    assert book.metadata.authors == ("Sam Writer",)
    assert book.metadata.language == "de"
    assert [c.title for c in book.chapters] == ["Eins", "Zwei"]
    assert len(book.chapters[0].scenes) == 2


def test_files_in_a_folder_are_read_in_natural_order(tmp_path: Path) -> None:
    for number in (10, 2, 1):
        (tmp_path / f"chapter{number}.md").write_text(f"# Chapter {number}\n\nText {number}.\n",
                                                     encoding="utf-8")
    (tmp_path / "README.md").write_text("# Not part of the book\n", encoding="utf-8")
    book = api.load_project(tmp_path).book
    assert [c.title for c in book.chapters] == ["Chapter 1", "Chapter 2", "Chapter 10"]


def test_part_headings_group_chapters(write: Callable[..., Path]) -> None:
    path = write("b.md", "# Part One\n\n# Chapter 1\n\nA.\n\n# Chapter 2\n\nB.\n\n"
                 "# Part Two\n\n# Chapter 3\n\nC.\n")
    book = api.load_project(path).book
    assert [(p.title, len(p.chapters)) for p in book.parts] == [("Part One", 2), ("Part Two", 1)]


def test_raw_html_is_kept_only_in_its_safe_form(write: Callable[..., Path]) -> None:
    path = write("b.md", "# One\n\n<div class=\"letter\" onclick=\"x()\"><p>Dear J,</p>"
                 "<script>bad()</script></div>\n\nAfter.\n")
    blocks = list(api.load_project(path).book.chapters[0].blocks)
    raw = [b for b in blocks if isinstance(b, RawHtml)]
    assert raw and raw[0].html == '<div class="letter"><p>Dear J,</p></div>'


def test_remote_images_are_not_fetched(write: Callable[..., Path]) -> None:
    path = write("b.md", "# One\n\n![A map](https://example.org/map.png)\n")
    book = api.load_project(path).book
    assert "remote image" in str(book.warnings[0])
    assert not book.assets


def test_label_then_title_line_blocks_and_loose_headings(write: Callable[..., Path]) -> None:
    path = write("b.md", "# Chapter 1\n\n## The Start\n\nText.\n\n| Roses are red,\n"
                 "| violets *blue*.\n\n#Chapter Two\n\nMore.\n")
    book = api.load_project(path).book
    first, second = book.chapters
    assert (first.title, first.subtitle) == ("Chapter 1", "The Start")
    verse = list(first.blocks)[1]
    assert isinstance(verse, Verse) and len(verse.lines) == 2
    assert second.title == "Chapter Two"
    assert reading_warnings(book) == ["MK202"]
    assert str(book.warnings[0].source) == "b.md:10"


def test_front_matter_fences_are_not_scene_breaks(tmp_path: Path) -> None:
    for number in (1, 2):
        (tmp_path / f"2013-11-0{number}-chapter{number}.md").write_text(
            f"---\nlayout: post\ntitle: Chapter {number}\n---\n\nOne.\n\nTwo.\n",
            encoding="utf-8")
    book = api.load_project(tmp_path).book
    assert [(c.title, len(c.scenes), c.rule) for c in book.chapters] == [
        ("Chapter 1", 1, "front-matter-title"), ("Chapter 2", 1, "front-matter-title")]
