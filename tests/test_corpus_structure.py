"""Issue 3's acceptance: every corpus manuscript read as a person reads it (expected.json)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from mkbook.cli import app
from mkbook.render.documents import default_title
from support import (
    CORPUS,
    BuiltBook,
    corpus_books,
    corpus_expected,
    corpus_source,
    normalise_title,
)

Build = Callable[[str], BuiltBook]
BOOKS = corpus_books()

# How expected.json's words for front and back matter map onto section roles.
ROLE_WORDS = {
    "title page": "titlepage", "preface": "preface", "contents": "toc", "credit": "colophon",
    "author's note": "author-note", "dedication": "dedication", "epigraph": "epigraph",
    "acknowledg": "acknowledgments", "afterword": "afterword", "foreword": "foreword",
    "colophon": "colophon", "changelog": "appendix", "appendix": "appendix",
    "introduction": "introduction", "bibliography": "bibliography",
    "glossary": "glossary", "(notes)": "appendix",
}


def expected_roles(items: list[str]) -> set[str]:
    return {role for item in items for word, role in ROLE_WORDS.items()
            if word in item.casefold()}


@pytest.mark.parametrize("name", BOOKS)
def test_chapters_and_parts_match(build_book: Build, name: str) -> None:
    expected, report = corpus_expected(name), build_book(name).inspect
    assert len(report["chapters"]) == expected["chapter_count"]
    assert [normalise_title(c["title"]) for c in report["chapters"]] == \
        [normalise_title(t) for t in expected["chapter_titles"]]
    parts = [(normalise_title(p["title"]), p["chapters"]) for p in report["parts"]]
    assert parts == [(normalise_title(p["title"]), p["chapters"])
                     for p in expected.get("parts", [])]


@pytest.mark.parametrize("name", BOOKS)
def test_scene_breaks_and_paragraphs_match(build_book: Build, name: str) -> None:
    expected, report = corpus_expected(name), build_book(name).inspect
    breaks = sum(max(chapter["scenes"] - 1, 0) for chapter in report["chapters"])
    if expected["scene_breaks"] is not None:  # null: nobody counted them (corpus README)
        assert breaks == expected["scene_breaks"]["count"]
    if "paragraphs_body" in expected:
        assert sum(c["paragraphs"] for c in report["chapters"]) == expected["paragraphs_body"]


@pytest.mark.parametrize("name", BOOKS)
def test_front_and_back_matter_roles_are_present(build_book: Build, name: str) -> None:
    expected, report = corpus_expected(name), build_book(name).inspect
    front = {section["role"] for section in report["front_matter"]}
    back = {section["role"] for section in report["back_matter"]}
    assert expected_roles(expected["front_matter"]["items"]) <= front
    assert expected_roles(expected["back_matter"]["items"]) <= back
    if not expected["front_matter"].get("present", bool(expected["front_matter"]["items"])):
        assert front == set()
    gutenberg = expected.get("pg_boilerplate", {}).get("footer", False) or any(
        "license" in item.casefold() for item in expected["back_matter"]["items"])
    assert ("license" in back) == gutenberg
    assert back - expected_roles(expected["back_matter"]["items"]) <= {"license"}


@pytest.mark.parametrize("name", BOOKS)
def test_title_and_author_come_from_the_manuscript(build_book: Build, name: str) -> None:
    expected, meta = corpus_expected(name), build_book(name).project.book.metadata
    if expected.get("format") == "plain-text":
        assert meta.title == book_title(expected["title"])
        assert list(meta.authors) == ([expected["author"]] if expected["author"] else [])
        if "subtitle" in expected:  # not a field the corpus README promises everywhere
            assert meta.subtitle == expected["subtitle"]


def book_title(recorded: str) -> str:
    """expected.json's title without a note on where else it is spelled otherwise
    (``Moby-Dick; or, The Whale (PG header: 'Moby Dick; or The Whale')``) or where it
    comes from (``NaNoWriMo 2013/2016 (untitled novel; _config.yml name)``)."""
    return re.sub(r"\s*\((?:PG header|header)\b[^)]*\)$|\s*\([^)]*;[^)]*\)$", "", recorded)


@pytest.mark.parametrize("name", BOOKS)
def test_title_and_language_come_from_the_project(build_book: Build, name: str) -> None:
    """Every book, Markdown projects too: the title its project or text gives (a tool's
    configuration, a title block, a README), and its language."""
    expected, meta = corpus_expected(name), build_book(name).project.book.metadata
    assert meta.title == book_title(expected["title"])
    assert meta.language.casefold() == expected["language"].casefold()


@pytest.mark.parametrize("name", BOOKS)
def test_nav_nests_chapters_under_parts_with_matter_around_them(build_book: Build,
                                                                name: str) -> None:
    book = build_book(name)
    nav = etree.fromstring(book.epub_files["EPUB/nav.xhtml"].encode())
    ns = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
    toc = nav.find(".//x:nav[@epub:type='toc']/x:ol", ns)
    items = [(li.find("x:a", ns), li.find("x:ol", ns)) for li in toc]
    top = [(a.text or "", children) for a, children in items
           if not a.get("href", "").endswith("/copyright.xhtml")]  # mkbook's own page
    generated_copyright = len(top) < len(items)
    report = book.inspect
    front = [s for s in report["front_matter"] if not s["replaced_by"]
             and not (generated_copyright and s["role"] == "colophon")]  # on that page
    back = report["back_matter"]
    titles = [title for title, _ in top]
    title_page = default_title("titlepage", book.project.book.metadata.language)
    assert titles.count(title_page) == 1
    top = [entry for entry in top if entry[0] != title_page]
    assert len(top) == len(front) + (len(report["parts"]) or len(report["chapters"])) + len(back)
    same = normalise_title  # titles in the EPUB are typeset: curly quotes, real dashes
    for (title, _), section in zip(top, front, strict=False):
        assert not section["title"] or same(section["title"]) == same(title)
    for (title, _), section in zip(top[len(top) - len(back):], back, strict=True):
        assert not section["title"] or same(section["title"]) == same(title)
    body = top[len(front):len(top) - len(back)]
    if report["parts"]:
        nested = [(same(title), len(children) if children is not None else 0)
                  for title, children in body]
        assert nested == [(same(p["title"]), p["chapters"]) for p in report["parts"]]
    else:
        assert [same(title) for title, _ in body] == [same(c["title"])
                                                       for c in report["chapters"]]


def test_inspect_json_is_what_the_tests_compare(build_book: Build) -> None:
    """The command line prints the same report the corpus tests read."""
    name = "a-christmas-carol"
    result = CliRunner().invoke(app, ["inspect", str(corpus_source(name)), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == build_book(name).inspect


def person_counted_paragraphs(text: str) -> int:
    """Paragraphs as a reader counts them in a PG text: blank-line-separated blocks of the
    story, headings and ornaments left out (an independent count, not mkbook's)."""
    body = text.split("Chapter 1\n", 1)[1].split("End of the Project Gutenberg", 1)[0]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    return sum(1 for b in blocks if not re.fullmatch(r"Chapter \d+|(\* ?)+", b))


def test_hard_wrapped_text_gives_paragraphs_not_lines(build_book: Build) -> None:
    source = CORPUS / "pride-and-prejudice" / "1342-0.txt"
    text = source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    counted = person_counted_paragraphs(text)
    found = sum(c["paragraphs"] for c in build_book("pride-and-prejudice").inspect["chapters"])
    assert abs(found - counted) <= 0.02 * counted
    assert 1500 < found < 3000  # paragraphs, not the ~10,700 lines


def report_without_sources(report: dict[str, Any]) -> dict[str, Any]:
    for key in ("front_matter", "chapters", "back_matter"):
        for item in report[key]:
            item.pop("source", None)
    report["warnings"] = [w.split(": ", 1)[-1] for w in report["warnings"]]
    return report


def test_the_ratchet_names_corpus_books_and_says_why() -> None:
    """Every entry of tests/corpus_known.json names a corpus book and gives its reason."""
    from conftest import KNOWN

    for book, checks in KNOWN.items():
        assert book in BOOKS, f"corpus_known.json names {book!r}, which is not in the corpus"
        assert checks and all(reason.strip() for reason in checks.values()), book
