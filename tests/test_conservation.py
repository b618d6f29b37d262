"""Conservation of text: every word of the book reaches every format, or the build fails."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mkbook import api
from mkbook.conservation import check_conserved, document_words, markup_words
from mkbook.diagnostics import SourceRef
from mkbook.errors import ExportError
from mkbook.model import Book, Chapter, Metadata, Paragraph, Scene, Section, Text
from mkbook.render.documents import is_contents_list, plan_documents
from support import assert_valid_epub


def paragraph(text: str) -> Paragraph:
    return Paragraph((Text(text),))


def book_with(front: tuple[Section, ...], tmp_path: Path) -> Book:
    chapters = tuple(Chapter(f"Chapter {n}", (Scene((paragraph(f"Text of chapter {n}."),)),),
                             SourceRef("book.txt", 10 * n)) for n in (1, 2))
    return Book(Metadata("Lost", authors=("A. Writer",), language="en", identifier="urn:uuid:"
                         "5b8b7a4e-93a8-4a0a-9d4e-0f1f3e1c2d3b"), chapters, front, root=tmp_path)


def test_a_contents_list_of_the_books_headings_gives_way_to_the_generated_one(
        tmp_path: Path) -> None:
    contents = Section("toc", "Contents", (paragraph("Chapter 1 . . . 3"),
                                           paragraph("Chapter II, page xi")))
    (doc,) = [d for d in plan_documents(book_with((contents,), tmp_path))
              if d.item is contents]
    assert doc.kind == "toc"


def test_a_contents_section_holding_prose_is_kept_as_text(tmp_path: Path) -> None:
    """The novel whose chapters were read into its CONTENTS section lost 90% of its text
    when the generated contents page took the section's place."""
    swallowed = Section("toc", "Contents", (paragraph("Chapter 1"), paragraph(
        "It was a bright cold day in April, and the clocks were striking thirteen.")))
    book = book_with((swallowed,), tmp_path)
    (doc,) = [d for d in plan_documents(book) if d.item is swallowed]
    assert doc.kind == "section"
    from mkbook.exporters import ExportContext
    from mkbook.exporters.epub.exporter import EpubExporter

    epub = EpubExporter().export(book, ExportContext(tmp_path / "b.epub", 0))
    assert_valid_epub(epub)
    import zipfile

    with zipfile.ZipFile(epub) as archive:
        text = " ".join(archive.read(name).decode() for name in archive.namelist()
                        if name.endswith(".xhtml"))
    assert "clocks were striking thirteen" in text


@pytest.mark.parametrize("words,expected", [
    ("Stave I: Marley's Ghost", True), ("BOOK ONE: 1805 CHAPTER IV", True),
    ("Chapter 1 — page 7", True), ("Chapter 1 and then the story begins", False),
    ("Book the First--Recalled to Life", False),
])
def test_is_contents_list_reads_only_the_books_headings(words: str, expected: bool) -> None:
    headings = frozenset({"stave", "i", "marley", "s", "ghost", "book", "one", "1805",
                          "chapter", "iv", "1"})
    assert is_contents_list(Section("toc", "", (paragraph(words),)), headings) is expected


def test_markup_words_join_inline_elements_and_drop_note_calls() -> None:
    markup = ('<p><em>Schmidt</em>schen text<a class="noteref" href="#n">12</a>.<br/>Next'
              '</p><p>line</p>')
    assert markup_words(markup) == {"Schmidtschen": 1, "text": 1, "Next": 1, "line": 1}


def test_a_broken_exporter_fails_loudly_naming_the_chapter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkbook.render import html

    (tmp_path / "book.txt").write_text("Title\n\nChapter 1\n\nFirst words.\n\nChapter 2\n\n"
                                       "Second words.\n\nMore of them.\n\nThe last paragraph.\n",
                                       encoding="utf-8")
    project = api.load_project(tmp_path / "book.txt")
    real = html.render_blocks

    def drop_last(blocks: object, ctx: object) -> object:  # an exporter that loses text
        kept = list(blocks)  # type: ignore[call-overload]
        return real(kept[:-1] if len(kept) > 1 else kept, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(html, "render_blocks", drop_last)
    from mkbook.render import templates

    monkeypatch.setitem(templates.template_environment(tmp_path).globals, "blocks", drop_last)
    for fmt in ("epub", "pdf"):
        with pytest.raises(ExportError, match="would lose 3 word") as caught:
            api.export(project, fmt, tmp_path / f"b.{fmt}")
        assert str(caught.value.source) == "book.txt:7" and "Chapter 2" in str(caught.value)
        assert not (tmp_path / f"b.{fmt}").exists()


def test_check_conserved_counts_every_document_of_the_book(tmp_path: Path) -> None:
    documents = plan_documents(book_with((), tmp_path))
    everything = sum((document_words(doc) for doc in documents), start=Counter())
    check_conserved(documents, everything, "EPUB")
    with pytest.raises(ExportError, match="Chapter 2"):
        check_conserved(documents, everything - Counter({"2": 1}), "EPUB")


def test_a_note_set_where_it_is_called_is_text_apart_but_a_kobo_sentence_is_not() -> None:
    markup = ('<p>Text<span class="footnote">See<span class="footnote">Back <em>x</em>y.'
              '</span>.</span>. <span class="koboSpan">Schmidt</span><span class="koboSpan">'
              'schen</span></p>')
    assert markup_words(markup) == {"Text": 1, "See": 1, "Back": 1, "xy": 1,
                                    "Schmidtschen": 1}
