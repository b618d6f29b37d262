"""The labels mkbook writes into a book, in its language: the catalogues are whole and
agree with the code, and a book gets its own language's words."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from mkbook import api
from mkbook.labels import label, languages, list_of
from mkbook.readers.project import name_untitled_chapters
from support import REPO, assert_valid_epub, write_project

LOCALES = REPO / "src" / "mkbook" / "locales"
CORPUS_AND_ASKED = {"de", "fr", "pt_BR", "es", "it", "pt", "nl", "ru", "ja", "ar"}
_FIELD_RE = re.compile(r"%\(\w+\)s")


def _template_ids() -> set[str]:
    with (LOCALES / "mkbook.pot").open("rb") as source:
        return {message.id for message in read_po(source) if message.id}


def test_the_template_lists_every_label_the_code_and_templates_use() -> None:
    spec = importlib.util.spec_from_file_location("extract_labels",
                                                  REPO / "scripts" / "extract_labels.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert set(script.extracted()) == _template_ids(), "run scripts/extract_labels.py"


@pytest.mark.parametrize("language", sorted(CORPUS_AND_ASKED))
def test_each_catalogue_translates_every_label_with_its_fields(language: str) -> None:
    assert language in languages()
    with (LOCALES / language / "LC_MESSAGES" / "mkbook.po").open("rb") as source:
        catalogue = {m.id: m.string for m in read_po(source) if m.id}
    assert set(catalogue) == _template_ids()
    for message, translated in catalogue.items():
        assert translated, message
        assert sorted(_FIELD_RE.findall(translated)) == sorted(_FIELD_RE.findall(message))


@pytest.mark.parametrize(("language", "expected"), [
    ("pt-BR", "Sumário"), ("pt", "Índice"), ("pt-PT", "Índice"), ("de-AT", "Inhalt"),
    ("en-GB", "Contents"), ("tlh", "Contents"), ("ja", "目次")])
def test_a_region_falls_back_to_its_language_and_an_unknown_one_to_english(
        language: str, expected: str) -> None:
    assert label(language, "Contents") == expected


def test_fields_and_lists_follow_the_language() -> None:
    assert label("ja", "Chapter %(number)s", number=3) == "第3章"
    assert label("fr", "Published by %(publisher)s", publisher="X") == "Publié par X"
    assert list_of("de", ["Source Serif Pro", "Lato"]) == "Source Serif Pro und Lato"
    assert list_of("tlh", ["A", "B"]) == "A and B"


def test_a_french_book_is_labelled_in_french(tmp_path: Path) -> None:
    toml = ('[book]\ntitle = "Le Livre"\nauthors = ["Jean Dupont"]\nlanguage = "fr"\n'
            'publisher = "Éditions X"\ndate = "2024"\n')
    root = write_project(tmp_path / "fr", {"chapters/a.md": "Il était une fois.\n",
                                           "chapters/b.md": "La suite.\n"}, toml)
    epub = api.export(api.load_project(root), "epub", tmp_path / "fr.epub").path
    assert_valid_epub(epub)
    with zipfile.ZipFile(epub) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode()
        copyright_page = archive.read("EPUB/text/copyright.xhtml").decode()
        opf = archive.read("EPUB/content.opf").decode()
        first = archive.read("EPUB/text/chapter-001.xhtml").decode()
    assert "<h2>Table des matières</h2>" in nav and ">Page de titre<" in nav
    assert "<h2>Repères</h2>" in nav
    assert "Publié par Éditions X" in copyright_page and "Première édition 2024" in (
        copyright_page)
    assert 'aria-label="Mentions légales"' in copyright_page
    assert 'title="Couverture"' in opf or "Couverture" in opf
    assert "Il était une fois." in first


def test_untitled_chapters_are_numbered_in_the_books_words(tmp_path: Path) -> None:
    root = write_project(tmp_path / "ru", {"chapters/a.md": "Один.\n", "chapters/b.md":
                                           "Два.\n"}, '[book]\ntitle = "T"\nlanguage = "ru"\n')
    book = api.load_project(root).book
    untitled = tuple(replace(chapter, title="") for chapter in book.chapters)
    named = name_untitled_chapters(untitled, book.metadata)
    assert [chapter.title for chapter in named] == ["Глава 1", "Глава 2"]
