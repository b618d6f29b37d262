"""The HTML reader on pages of the kinds authors have: an Archive of Our Own download,
Google Docs' HTML export, Word's "Save as Web Page" (fixtures written here by hand)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mkbook import api
from mkbook.model import (
    AuthorNote,
    Book,
    Emphasis,
    FootnoteRef,
    Image,
    ListBlock,
    Span,
    Strong,
    Table,
)
from mkbook.walk import block_text, iter_blocks, iter_inlines, plain_text
from support import FIXTURES, REPO, assert_builds, assert_valid_epub

PAGES = FIXTURES / "html"


def outline(book: Book) -> dict[str, object]:
    return {"front": [(s.role, s.title) for s in book.front_matter],
            "chapters": [c.title for c in book.chapters],
            "scenes": [len(c.scenes) for c in book.chapters],
            "back": [(s.role, s.title) for s in book.back_matter]}


@pytest.fixture
def ao3(tmp_path: Path) -> Path:
    return Path(shutil.copy(PAGES / "ao3-work.html", tmp_path / "work.html"))


def test_an_ao3_download_gives_metadata_and_a_preface_page(ao3: Path) -> None:
    book = api.load_project(ao3).book
    meta = book.metadata
    assert (meta.title, meta.authors, meta.language) == ("The Lighthouse Keeper",
                                                         ("ferrywoman",), "en")
    assert (meta.rating, meta.content_warnings, meta.fandoms, meta.relationships,
            meta.characters, meta.tags) == (
        "General Audiences", ("No Archive Warnings Apply",), ("Original Work",),
        ("Keeper/Sea",), ("The Keeper", "Gulls"), ("Slow Burn",))
    assert meta.source == "https://archiveofourown.org/works/12345"
    assert (meta.series, meta.series_index, meta.date) == ("Harbour Tales", 2.0, "2021-03-04")
    assert meta.description == "A keeper, a lamp, and a storm that will not end."
    preface = book.front_matter[0]
    assert preface.role == "preface"
    text = " ".join(block_text(b) for b in iter_blocks(preface.blocks))
    assert "General Audiences" in text and "Written for a prompt about light." in text


def test_an_ao3_download_gives_chapters_with_their_notes(ao3: Path) -> None:
    book = api.load_project(ao3).book
    assert outline(book) == {"front": [("preface", "")],
                             "chapters": ["Chapter 1: The Lamp", "Chapter 2: The Storm"],
                             "scenes": [2, 2], "back": [("author-note", "")]}
    first, second = book.chapters
    assert isinstance(first.scenes[0].blocks[0], AuthorNote)
    assert isinstance(second.scenes[-1].blocks[-1], AuthorNote)
    assert any(isinstance(r, Emphasis) for b in first.blocks for r in iter_inlines(b))
    shown = str((book.front_matter, book.body, book.back_matter))
    assert "never print me" not in shown and "Chapter Text" not in shown
    assert "Posted originally" not in shown and "drop by the Archive" not in shown
    assert {r.rule for r in book.removed} == {"ao3-notice", "ao3-landmark", "ao3-byline",
                                              "page-notes"}
    assert "See the end of the chapter" not in shown
    assert "Preface" not in shown and "Afterword" not in shown  # headings the page hides


def test_ao3_footnotes_pair_with_their_own_chapter(ao3: Path) -> None:
    """Authors' footnotes link ``#footnote1`` in every chapter: each reference finds the
    note after it, in its own chapter; the notes leave the text for the chapter's notes."""
    book = api.load_project(ao3).book
    notes = [[block_text(b) for n in c.notes for b in n.blocks] for c in book.chapters]
    assert notes == [["Since the year the harbour was dredged."],
                     ["Three days by the keeper's log."]]
    for chapter in book.chapters:
        refs = [r for b in chapter.blocks for r in iter_inlines(b) if isinstance(r, FootnoteRef)]
        assert [r.label for r in refs] == [n.label for n in chapter.notes]
        assert not any("harbour was dredged" in block_text(b) or "keeper's log" in block_text(b)
                       for b in chapter.blocks)


def test_an_ao3_download_builds_a_valid_epub_and_a_pdf(ao3: Path, tmp_path: Path) -> None:
    """The tags reach the OPF where EPUB has a place: subjects, collection, source."""
    project = api.load_project(ao3)
    epub = api.export(project, "epub", tmp_path / "work.epub").path
    assert_valid_epub(epub)
    import zipfile

    with zipfile.ZipFile(epub) as package:
        opf = package.read("EPUB/content.opf").decode()
    for expected in ("<dc:subject>Original Work</dc:subject>",
                     "<dc:subject>Keeper/Sea</dc:subject>", "<dc:subject>Slow Burn</dc:subject>",
                     "<dc:source>https://archiveofourown.org/works/12345</dc:source>",
                     'property="belongs-to-collection"'):
        assert expected in opf
    assert api.export(project, "pdf", tmp_path / "work.pdf").path.stat().st_size > 1000


def test_a_google_docs_export(tmp_path: Path) -> None:
    """Italic, bold, small capitals and superscripts by style-sheet class, chapters at
    h1, a marker scene break, a picture of the export's images/ folder, a list and a
    table."""
    page = Path(shutil.copy(PAGES / "google-docs.html", tmp_path / "crossing.html"))
    (tmp_path / "images").mkdir()
    picture = REPO / "manuscript" / "images" / "gull-rock.png"
    shutil.copy(picture, tmp_path / "images" / "image1.png")
    project = api.load_project(page)
    book = project.book
    assert outline(book)["chapters"] == ["Chapter One", "Chapter Two"]
    assert outline(book)["scenes"] == [2, 1]
    runs = [r for b in book.chapters[0].blocks for r in iter_inlines(b)]
    assert any(isinstance(r, Emphasis) for r in runs) and any(isinstance(r, Strong) for r in runs)
    assert [(r.kind, plain_text(r.children)) for r in runs if isinstance(r, Span)] == [
        ("superscript", "st"), ("small-caps", "bbc"), ("subscript", "2")]
    kinds = {type(b) for b in iter_blocks(book.chapters[1].blocks)}
    assert {Image, ListBlock, Table} <= kinds
    assert_builds(project, tmp_path)


def test_words_save_as_web_page(tmp_path: Path) -> None:
    """Headings that are only centred bold paragraphs reading as chapter headings;
    Word's conditional comments and office tags show nothing."""
    page = Path(shutil.copy(PAGES / "word-web-page.html", tmp_path / "draft.htm"))
    project = api.load_project(page)
    book = project.book
    assert_builds(project, tmp_path)
    assert outline(book)["chapters"] == ["CHAPTER 1", "CHAPTER 2"]
    assert [block_text(b) for b in book.chapters[1].blocks] == ["Morning came slowly."]
    assert "DocumentProperties" not in str(book)


def test_a_folder_of_saved_pages_is_read_when_it_holds_nothing_else(tmp_path: Path) -> None:
    for number in (2, 10, 1):
        (tmp_path / f"chapter{number}.html").write_text(
            f"<html><body><h1>Chapter {number}</h1><p>Text {number}.</p></body></html>",
            encoding="utf-8")
    assert outline(api.load_project(tmp_path).book)["chapters"] == [
        "Chapter 1", "Chapter 2", "Chapter 10"]
    (tmp_path / "notes.md").write_text("# Notes\n\nNot a chapter.\n", encoding="utf-8")
    (tmp_path / "01-story.md").write_text("# The Story\n\nText.\n", encoding="utf-8")
    assert outline(api.load_project(tmp_path).book)["chapters"] == ["The Story"]


def test_google_docs_zipped_export(tmp_path: Path) -> None:
    """Google Docs' "Web page (.html, zipped)": the page and its images/ in one zip; the
    pictures are carried from the zip, nothing is unpacked into the project."""
    import zipfile

    picture = REPO / "manuscript" / "images" / "gull-rock.png"
    package = tmp_path / "TheCrossing.zip"
    with zipfile.ZipFile(package, "w") as zipped:
        zipped.write(PAGES / "google-docs.html", "TheCrossing.html")
        zipped.write(picture, "images/image1.png")
    project = api.load_project(package)
    assert outline(project.book)["chapters"] == ["Chapter One", "Chapter Two"]
    images = [b for c in project.book.chapters for b in c.blocks if isinstance(b, Image)]
    assert [(i.alt, i.asset) for i in images] == [("A map of the crossing",
                                                   "images/TheCrossing/image1.png")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["TheCrossing.zip"]
    assert_builds(project, tmp_path)


def test_a_zip_of_many_pages_is_a_clear_error(tmp_path: Path) -> None:
    import zipfile

    from mkbook.errors import ManuscriptError

    package = tmp_path / "site.zip"
    with zipfile.ZipFile(package, "w") as zipped:
        zipped.writestr("a.html", "<p>A</p>")
        zipped.writestr("b.html", "<p>B</p>")
    with pytest.raises(ManuscriptError, match="holding 2 web pages"):
        api.load_project(package)


def test_words_web_page_footnotes_and_links_that_are_not_notes(tmp_path: Path) -> None:
    """Word's saved footnotes (``[1]`` to ``_ftn1``, and back) are notes; a contents
    list's numbers linking to chapter headings, and a cross-reference to a paragraph
    that neither opens with its number nor links back, are not."""
    page = tmp_path / "story.html"
    page.write_text(
        '<html><body><p><a href="#one">1</a> <a href="#two">2</a></p>'
        '<h1 id="one">Chapter One</h1><p>The ferry came in.<a href="#_ftn1" '
        'name="_ftnref1">[1]</a> As told in <a href="#later">3</a>, it was late.</p>'
        '<h1 id="two">Chapter Two</h1><p id="later">The lamps swung in the wind.</p>'
        '<div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> At dusk, as always.</p>'
        '</div></body></html>', encoding="utf-8")
    book = api.load_project(page).book
    assert [c.title for c in book.chapters] == ["Chapter One", "Chapter Two"]
    first, second = book.chapters
    assert [block_text(b) for n in first.notes for b in n.blocks] == ["At dusk, as always."]
    assert [block_text(b) for b in first.blocks] == ["The ferry came in. As told in 3, it was "
                                                     "late."]
    assert [block_text(b) for b in second.blocks] == ["The lamps swung in the wind."]
    assert "1 2" in [block_text(b) for s in book.front_matter for b in s.blocks]


def test_a_fanficfare_download(tmp_path: Path) -> None:
    """FanFicFare's page: ``Title by Author`` and its labelled rows are the metadata and
    the preface page, its contents list is left out, its chapters are the h2s (each
    inside the anchor FanFicFare wraps round it)."""
    page = Path(shutil.copy(PAGES / "fanficfare-story.html", tmp_path / "story.html"))
    project = api.load_project(page)
    book = project.book
    meta = book.metadata
    assert (meta.title, meta.authors, meta.language) == ("The Lighthouse Keeper",
                                                         ("ferrywoman",), "en")
    assert (meta.series, meta.series_index, meta.date, meta.rating) == (
        "Harbour Tales", 2.0, "2021-03-04", "General Audiences")
    assert (meta.fandoms, meta.relationships, meta.characters, meta.tags) == (
        ("Original Work",), ("Keeper/Sea",), ("The Keeper", "Gulls"),
        ("Slow Burn", "Hurt/Comfort"))
    assert meta.description == "A keeper, a lamp, and a storm that will not end."
    assert meta.source == "https://archiveofourown.org/works/12345"
    assert outline(book) == {"front": [("preface", "")], "chapters": ["The Lamp", "The Storm"],
                             "scenes": [1, 1], "back": []}
    assert {r.rule for r in book.removed} == {"fanficfare-heading", "generated-contents"}
    assert "Table of Contents" not in str(book.body)
    assert_builds(project, tmp_path)


def test_a_page_with_a_byline_heading_and_a_table_is_not_fanficfare(tmp_path: Path) -> None:
    """Must not fire: a heading that is not a link, over a table of labelled rows."""
    page = tmp_path / "report.html"
    page.write_text("<html><body><h1>Tides by the Harbour Office</h1><table>"
                    "<tr><td><b>High:</b></td><td>06:10</td></tr>"
                    "<tr><td><b>Low:</b></td><td>12:25</td></tr></table>"
                    "<p>The ferry keeps to the tables.</p></body></html>", encoding="utf-8")
    book = api.load_project(page).book
    assert not book.removed and book.metadata.fandoms == ()
    assert "Tides by the Harbour Office" in [c.title for c in book.chapters]


def test_what_the_page_hides_is_not_text_but_print_rules_do_not_hide(tmp_path: Path) -> None:
    """A class the page's style sheet hides (``display: none``) shows nothing; one only
    its ``@media print`` rules hide is on the screen, so it is text."""
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><style>.menu { display: none } @media print { .screen-note "
        "{ display: none } }</style></head><body><div class='menu'>Home | Log in</div>"
        "<h1>Chapter One</h1><p>The ferry came in.</p><p class='screen-note'>Read on, the "
        "storm is coming.</p><h1>Chapter Two</h1><p>It left again.</p></body></html>",
        encoding="utf-8")
    book = api.load_project(page).book
    texts = [block_text(b) for c in book.chapters for b in c.blocks]
    assert texts == ["The ferry came in.", "Read on, the storm is coming.", "It left again."]
    assert "Log in" not in str(book)


def test_an_ao3_work_page_saved_from_the_browser(tmp_path: Path) -> None:
    """The work's page as the site shows it: the same metadata, chapters and notes as the
    download; the site around it (menus, kudos, comments, footer, scripts) left out and
    listed."""
    page = Path(shutil.copy(PAGES / "ao3-work-page.html", tmp_path / "work.html"))
    project = api.load_project(page)
    book = project.book
    meta = book.metadata
    assert (meta.title, meta.authors, meta.date, meta.rating) == (
        "The Lighthouse Keeper", ("ferrywoman",), "2021-03-04", "General Audiences")
    assert (meta.fandoms, meta.relationships, meta.characters, meta.tags) == (
        ("Original Work",), ("Keeper/Sea",), ("The Keeper", "Gulls"), ("Slow Burn",))
    assert meta.source == "https://archiveofourown.org/works/12345"
    assert outline(book) == {"front": [("preface", "")],
                             "chapters": ["Chapter 1: The Lamp", "Chapter 2: The Storm"],
                             "scenes": [1, 2], "back": [("author-note", "")]}
    first = list(book.chapters[0].blocks)
    assert isinstance(first[0], AuthorNote) and isinstance(first[-1], AuthorNote)
    shown = str((book.front_matter, book.body, book.back_matter))
    for chrome in ("Fandoms", "Kudos", "Loved the lamp", "Organization for Transformative",
                   "never print me", "Chapter Text", "Entire Work"):
        assert chrome not in shown, chrome
    assert "ao3-page" in {r.rule for r in book.removed}
    assert_builds(project, tmp_path)
