"""Markdown projects as their tools keep them: GitBook, Leanpub's matter lines, pandoc,
Jekyll and Hugo — each read in its map's order, with its titles, parts and matter — and
the files of a project that are not the book, each left out with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkbook import api
from mkbook.errors import ManuscriptError
from mkbook.model import Book
from support import REPO, assert_valid_epub, reading_warnings


def project(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def outline(book: Book) -> dict[str, object]:
    return {"front": [(s.role, s.title) for s in book.front_matter],
            "chapters": [c.title for c in book.chapters],
            "parts": [(p.title, [c.title for c in p.chapters]) for p in book.parts],
            "back": [(s.role, s.title) for s in book.back_matter]}


def left_out(book: Book) -> dict[str, str]:
    return {item.path: item.reason for item in book.left_out_files}


# ----------------------------------------------------------------------------- GitBook

GITBOOK = {
    "book.json": '{"title": "Harbour Lights", "author": "Ann Author", "language": "en"}',
    "SUMMARY.md": "# Summary\n\n* [Introduction](README.md)\n\n### Part One\n\n"
                  "* [The Ferry](ferry.md)\n    * [At Night](ferry/night.md)\n\n"
                  "### Part Two\n\n* [The Mill](mill.md)\n* [Acknowledgments](thanks.md)\n",
    "README.md": "# Introduction\n\nHow this book came to be.\n",
    "ferry.md": "# The Ferry\n\nThe ferry came in.\n",
    "ferry/night.md": "# At Night\n\nThe river rose.\n",
    "mill.md": "# The Mill\n\nThe wheel turned.\n",
    "thanks.md": "# Acknowledgments\n\nTo everyone.\n",
    "GLOSSARY.md": "## Ferry\n\nA boat that carries people across.\n",
    "outline.md": "# Outline\n\n1. Ferry 2. Mill\n",
}


def test_a_gitbook_reads_its_summary_readme_and_glossary(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, GITBOOK)).book
    assert (book.metadata.title, book.metadata.authors) == ("Harbour Lights", ("Ann Author",))
    assert outline(book) == {
        "front": [("introduction", "Introduction")],
        "chapters": ["The Ferry", "At Night", "The Mill"],
        "parts": [("Part One", ["The Ferry", "At Night"]), ("Part Two", ["The Mill"])],
        "back": [("acknowledgments", "Acknowledgments"), ("glossary", "")]}
    assert left_out(book)["outline.md"] == "not listed in SUMMARY.md"


def test_a_multilingual_gitbook_reads_the_language_asked_for(tmp_path: Path) -> None:
    files = {"LANGS.md": "# Languages\n\n* [English](en/)\n* [Français](fr/)\n",
             "book.toml": '[book]\nlanguage = "fr"\n'}
    for lang, title in (("en", "The Ferry"), ("fr", "Le Bac")):
        files[f"{lang}/SUMMARY.md"] = f"# Summary\n\n* [{title}](ferry.md)\n"
        files[f"{lang}/ferry.md"] = f"# {title}\n\nText.\n"
    assert outline(api.load_project(project(tmp_path, files)).book)["chapters"] == ["Le Bac"]


def test_a_root_summary_that_lists_no_pages_is_no_map(tmp_path: Path) -> None:
    """Must not fire: a synopsis called SUMMARY.md is not a GitBook's list of pages."""
    book = api.load_project(project(tmp_path, {
        "SUMMARY.md": "# Summary\n\nA ferryman falls in love.\n",
        "01-ferry.md": "# The Ferry\n\nText.\n", "02-mill.md": "# The Mill\n\nText.\n"})).book
    assert outline(book)["chapters"] == ["The Ferry", "The Mill"]


# ----------------------------------------------------------------------------- Leanpub


def test_leanpub_matter_lines_hold_across_files(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "manuscript/Book.txt": "front.md\nmain.md\npart1.md\nch1.md\nch2.md\nback.md\n"
                               "appendix.md\n",
        "manuscript/part1.md": "# Part One: Basics\n",
        "manuscript/front.md": "{frontmatter}\n\n# Preface\n\nWhy.\n\n# A Word First\n\nHi.\n",
        "manuscript/main.md": "{mainmatter}\n",
        "manuscript/ch1.md": "# Getting Started\n\nText.\n",
        "manuscript/ch2.md": "# Going On\n\nMore.\n",
        "manuscript/back.md": "{backmatter}\n",
        "manuscript/appendix.md": "# Tables of Values\n\nNumbers.\n"})).book
    assert outline(book) == {
        "front": [("preface", "Preface"), ("other", "A Word First")],
        "chapters": ["Getting Started", "Going On"],
        "parts": [("Part One: Basics", ["Getting Started", "Going On"])],
        "back": [("other", "Tables of Values")]}
    assert not any("{" in str(section.blocks) for section in book.front_matter)


# ----------------------------------------------------------------------------- pandoc


def test_a_pandoc_project_reads_its_defaults_and_metadata(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "book.yaml": "input-files:\n  - title.txt\n  - vorwort.md\n  - teil1.md\n  - ch2.md\n"
                     "  - ch10.md\n  - dank.md\nmetadata-file: metadata.yaml\n",
        "vorwort.md": "# Vorwort\n\nWarum.\n", "teil1.md": "# Erster Teil\n",
        "dank.md": "# Danksagung\n\nAllen.\n",
        "metadata.yaml": "title: Der Fluss\nauthor:\n  - Anna Autor\n  - Bert Zweit\nlang: de\n",
        "title.txt": "---\nsubtitle: Ein Roman\n---\n",
        "ch10.md": "# Zehn\n\nText.\n", "ch2.md": "# Zwei\n\nText.\n",
        "notes.md": "# Notizen\n\nNicht im Buch.\n"})).book
    meta = book.metadata
    assert (meta.title, meta.subtitle, meta.authors, meta.language) == (
        "Der Fluss", "Ein Roman", ("Anna Autor", "Bert Zweit"), "de")
    assert outline(book) == {  # the defaults file's order, not the names'
        "front": [("preface", "Vorwort")], "chapters": ["Zwei", "Zehn"],
        "parts": [("Erster Teil", ["Zwei", "Zehn"])], "back": [("acknowledgments", "Danksagung")]}
    assert left_out(book)["notes.md"] == "not listed in book.yaml"


def test_a_pandoc_metadata_file_alone_is_metadata_not_a_chapter(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "title.txt": "---\ntitle: The River\nauthor: Ann Author\n---\n",
        "ch1.md": "# One\n\nText.\n", "ch2.md": "# Two\n\nText.\n"})).book
    assert (book.metadata.title, book.metadata.authors) == ("The River", ("Ann Author",))
    assert outline(book)["chapters"] == ["One", "Two"]
    assert left_out(book)["title.txt"] == "the book's metadata, read as such"


def test_a_makefiles_pandoc_command_is_the_map(tmp_path: Path) -> None:
    """The command that builds the EPUB gives order, Dublin Core metadata and cover; a
    single file that command names gets them too; nothing is run."""
    cover = REPO / "manuscript" / "images" / "gull-rock.png"
    folder = project(tmp_path, {
        "Makefile": "PANDOC=pandoc\nhtml:\n\t$(PANDOC) a.md b.md -s -o book.html\n"
                    "epub:\n\t$(PANDOC) -f markdown b.md a.md --toc \\\n"
                    "\t  --epub-metadata=dc.xml --epub-cover-image=cover.png -o book.epub\n",
        "dc.xml": "<dc:title>Der Fluss</dc:title>\n<dc:creator>Anna Autor</dc:creator>\n"
                  "<dc:language>de</dc:language>\n",
        "a.md": "# Eins\n\nText.\n", "b.md": "# Zwei\n\nText.\n"})
    (folder / "cover.png").write_bytes(cover.read_bytes())
    book = api.load_project(folder).book
    assert (book.metadata.title, book.metadata.authors, book.metadata.language) == (
        "Der Fluss", ("Anna Autor",), "de")
    assert outline(book)["chapters"] == ["Zwei", "Eins"]
    assert book.cover is not None and book.cover.name == "cover.png"
    single = api.load_project(folder / "a.md").book
    assert (single.metadata.language, single.cover is not None) == ("de", True)


def test_a_readme_title_names_a_book_nothing_else_names(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path / "repo", {
        "README.md": "# Clean Rooms\n\nThe code of the book.\n",
        "manuscript/Book.txt": "ch1.md\n", "manuscript/ch1.md": "# One\n\nText.\n"})).book
    assert book.metadata.title == "Clean Rooms"
    named = api.load_project(project(tmp_path / "named", {
        "README.md": "# my-novel-repo\n", "_config.yml": "title: The Real Title\n",
        "_posts/2020-01-01-one.md": "---\ntitle: One\n---\n\nText.\n"})).book
    assert named.metadata.title == "The Real Title"


# ----------------------------------------------------------------------------- Jekyll


def test_a_jekyll_site_reads_its_posts_in_date_order(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "_config.yml": "title: The Long Winter\nauthor: Sam Writer\nlang: en-GB\n",
        "_posts/2013-11-10-chapter10.md": "---\ntitle: Snow\n---\n\nIt snowed.\n",
        "_posts/2013-11-02-chapter2.md": "---\ntitle: Frost\nlayout: post\n---\n\nCold.\n",
        "_posts/2013-11-01-preface.md": "---\ntitle: Preface\n---\n\n# Preface\n\nWhy.\n",
        "_posts/2013-11-12-chapter11.md": "---\ntitle: Unfinished\npublished: false\n---\n\nX.\n",
        "_drafts/idea.md": "---\ntitle: Idea\n---\n\nLater.\n",
        "index.md": "---\nlayout: home\n---\n\nWelcome to my site.\n",
        "_layouts/post.md": "{{ content }}\n"})).book
    assert (book.metadata.title, book.metadata.authors, book.metadata.language) == (
        "The Long Winter", ("Sam Writer",), "en-GB")
    assert outline(book) == {"front": [("preface", "Preface")], "chapters": ["Frost", "Snow"],
                             "parts": [], "back": []}
    assert set(left_out(book)) == {"_posts/2013-11-12-chapter11.md", "_drafts/idea.md",
                                   "index.md", "_layouts/post.md"}


def test_a_jekyll_collection_follows_its_weights(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "_config.yml": "title: Weights\ncollections:\n  chapters:\n    output: true\n",
        "_chapters/b.md": "---\ntitle: First\nweight: 1\n---\n\nOne.\n",
        "_chapters/a.md": "---\ntitle: Second\nweight: 2\n---\n\nTwo.\n"})).book
    assert outline(book)["chapters"] == ["First", "Second"]


# ----------------------------------------------------------------------------- Hugo


def test_a_hugo_site_reads_sections_as_parts_in_weight_order(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "hugo.toml": 'title = "Islands"\nlanguageCode = "en-us"\n[params]\nauthor = "Ann"\n',
        "content/_index.md": "+++\ntitle = 'Islands'\n+++\n\nAn introduction.\n",
        "content/one/_index.md": "---\ntitle: The North\nweight: 2\n---\n",
        "content/one/b.md": "+++\ntitle = 'Cliffs'\nweight = 2\n+++\n\nHigh.\n",
        "content/one/a.md": "+++\ntitle = 'Birds'\nweight = 1\n+++\n\nMany.\n",
        "content/two/_index.md": "---\ntitle: The South\nweight: 1\n---\n",
        "content/two/beach.md": "---\ntitle: Beaches\n---\n\nSand.\n",
        "content/two/draft.md": "---\ntitle: Later\ndraft: true\n---\n\nNot yet.\n",
        "archetypes/default.md": "---\ntitle: '{{ .Name }}'\n---\n"})).book
    assert (book.metadata.title, book.metadata.authors) == ("Islands", ("Ann",))
    assert outline(book) == {
        "front": [("introduction", "Islands")],
        "chapters": ["Beaches", "Birds", "Cliffs"],
        "parts": [("The South", ["Beaches"]), ("The North", ["Birds", "Cliffs"])],
        "back": []}
    assert "content/two/draft.md" in left_out(book)


# ----------------------------------------------------------------- guessed from the folder


def test_a_file_holding_only_a_part_heading_is_a_part_over_the_files_after_it(
        tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "00-part-one.md": "# Part One\n",
        "01-ferry.md": "# The Ferry\n\nText.\n", "02-mill.md": "# The Mill\n\nText.\n",
        "03-part-two.md": "# Part Two: The Sea\n",
        "04-sea.md": "# The Sea\n\nText.\n"})).book
    assert outline(book)["parts"] == [("Part One", ["The Ferry", "The Mill"]),
                                      ("Part Two: The Sea", ["The Sea"])]


def test_folders_named_as_parts_are_parts(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "01-part-1/01-ferry.md": "# The Ferry\n\nText.\n",
        "01-part-1/02-mill.md": "# The Mill\n\nText.\n",
        "02_book-ii/00-title.md": "# Book II: The Sea\n",
        "02_book-ii/03-sea.md": "# The Sea\n\nText.\n"})).book
    assert outline(book)["parts"] == [("Part 1", ["The Ferry", "The Mill"]),
                                      ("Book II: The Sea", ["The Sea"])]


def test_folders_not_named_as_parts_are_no_parts(tmp_path: Path) -> None:
    """Must not fire: ``chapters/``, ``front/``, ``volume-notes/``… hold files, not parts."""
    book = api.load_project(project(tmp_path, {
        "front/preface.md": "# Preface\n\nWhy.\n",
        "chapters/01.md": "# One\n\nText.\n", "chapters/02.md": "# Two\n\nText.\n",
        "partly-done/03.md": "# Three\n\nText.\n"})).book
    assert outline(book)["parts"] == []
    assert outline(book)["chapters"] == ["One", "Two", "Three"]


def test_working_files_and_repository_files_are_left_out_with_reasons(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "01-ferry.md": "# The Ferry\n\nText.\n", "02-notes.md": "# Notes\n\nEndnotes here.\n",
        "todo.md": "- fix chapter 2\n", "characters.md": "# Cast\n\nAnn.\n",
        "README.md": "# My novel repo\n", "LICENSE.md": "All rights reserved.\n",
        "research/boats.md": "# Boats\n\nFacts.\n"})).book
    assert outline(book)["chapters"] == ["The Ferry"]
    assert [s.title for s in book.back_matter] == ["Notes"]  # numbered: the book's own notes
    assert left_out(book) == {
        "todo.md": "the author's working notes, by its name",
        "characters.md": "the author's working notes, by its name",
        "README.md": "a repository file (README, licence…), not the book",
        "LICENSE.md": "a repository file (README, licence…), not the book",
        "research/boats.md": "in research/, a folder of working files"}


def test_files_named_like_repository_files_but_longer_are_read(tmp_path: Path) -> None:
    """Must not fire: ``authors-note.md`` is the author's note, not an AUTHORS file."""
    book = api.load_project(project(tmp_path, {
        "01-ferry.md": "# The Ferry\n\nText.\n",
        "authors-note.md": "# Author's Note\n\nThanks for reading.\n"})).book
    assert outline(book)["back"] == [("author-note", "Author's Note")]


# ------------------------------------------------------------ small problems, clear errors


def test_an_empty_file_is_a_warning_and_left_out(tmp_path: Path) -> None:
    book = api.load_project(project(tmp_path, {
        "01.md": "# One\n\nText.\n", "02.md": "\n  \n", "03.md": "# Three\n\nText.\n"})).book
    assert outline(book)["chapters"] == ["One", "Three"]
    assert reading_warnings(book) == ["MK208"]
    assert left_out(book)["02.md"] == "empty"


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("novel.pages", b"PK\x03\x04rest", "a Pages document"),
    ("novel.doc", b"\xd0\xcf\x11\xe0rest", "a Word 97-2003 document"),
    ("novel.txt", b"{\\rtf1\\ansi Chapter One}",
     "a Rich Text (RTF) file named as text: name it .rtf"),
    ("novel.txt", b"<!DOCTYPE html>\n<html><body>Text</body></html>",
     "a web page (HTML) named as text: name it .html"),
])
def test_a_format_mkbook_does_not_read_is_a_clear_error(tmp_path: Path, name: str, data: bytes,
                                                        kind: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ManuscriptError) as raised:
        api.load_project(tmp_path / name)
    assert f"is {kind}, which mkbook does not read" in str(raised.value)
    assert "Word (.docx), OpenDocument (.odt, .fodt), Rich Text (.rtf)" in str(raised.value)


def test_a_docx_that_is_not_a_word_document_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "novel.docx").write_bytes(b"PK\x03\x04 not a real package")
    with pytest.raises(ManuscriptError, match="is not a Word document mkbook can open"):
        api.load_project(tmp_path / "novel.docx")


def test_a_part_with_no_chapters_is_a_page_not_an_empty_list(tmp_path: Path) -> None:
    folder = project(tmp_path, {"01.md": "# The Ferry\n\nText.\n",
                                "02.md": "# Part Two\n"})
    loaded = api.load_project(folder)
    assert outline(loaded.book)["parts"] == [("Part Two", [])]
    result = api.export(loaded, "epub", tmp_path / "out.epub")
    assert_valid_epub(result.path)
