"""The typography transform, case by case from tests/fixtures/typography.json.

Inputs mark emphasis with ``*asterisks*``, read by the plain-text inline rule, so the
cases cover quotes next to emphasis; a list is paragraphs in a row.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mkbook import api
from mkbook.model import (
    Book,
    Chapter,
    Code,
    Emphasis,
    Inline,
    Metadata,
    Paragraph,
    Scene,
    Section,
    Text,
)
from mkbook.readers.inline import parse_plain_inline
from mkbook.transforms.typography import typography
from mkbook.walk import plain_text
from support import CORPUS, FIXTURES, BuiltBook, assert_valid_epub, epub_body_text

CASES: list[dict[str, Any]] = json.loads((FIXTURES / "typography.json").read_text("utf-8"))


def shown(runs: tuple[Inline, ...]) -> str:
    """Inline runs back in the fixture's notation."""
    out = []
    for run in runs:
        if isinstance(run, Emphasis):
            out.append("*" + shown(run.children) + "*")
        elif isinstance(run, Text):
            out.append(run.text)
        else:
            out.append(f"`{run.text}`" if isinstance(run, Code) else "?")
    return "".join(out)


def smartened(paragraphs: list[tuple[Inline, ...]], language: str = "en") -> list[str]:
    scene = Scene(tuple(Paragraph(runs) for runs in paragraphs))
    book = Book(Metadata(title="T", language=language), (Chapter("C", (scene,)),))
    blocks = typography(book).chapters[0].blocks
    return [shown(block.content) for block in blocks if isinstance(block, Paragraph)]


def test_the_table_is_big_enough() -> None:
    dialogue = [c for c in CASES if isinstance(c["in"], list) or c["in"].count('"') >= 2]
    assert len(CASES) >= 150 and len(dialogue) >= 30


@pytest.mark.parametrize("case", CASES, ids=[str(c["in"])[:50] for c in CASES])
def test_typography_case(case: dict[str, Any]) -> None:
    inputs = case["in"] if isinstance(case["in"], list) else [case["in"]]
    expected = case["out"] if isinstance(case["out"], list) else [case["out"]]
    result = smartened([parse_plain_inline(text) for text in inputs], case.get("lang", "en"))
    assert result == expected


def test_code_is_never_touched() -> None:
    runs = (Text('Type "'), Code("it's -- \"raw\"..."), Text('" now.'))
    assert smartened([runs]) == ['Type “`it\'s -- "raw"...`” now.']


Build = Callable[[str], BuiltBook]


def body_text(book: BuiltBook) -> str:
    """The text of every document but a licence (left as its owner wrote it)."""
    return "\n".join(epub_body_text(text) for name, text in sorted(book.epub_files.items())
                     if name.startswith("EPUB/text/") and 'class="license"' not in text)


def test_the_one_shot_has_no_straight_quotes_and_real_dashes(build_book: Build) -> None:
    text = body_text(build_book("when-theres-nothing-left"))
    assert '"' not in text and "'" not in text and "&#34;" not in text and "&#39;" not in text
    assert "guess\u2060\u2014\u201d" in text and "hard\u2060\u2014\u201d" in text
    assert "\u201c\u2014No," in text and "What the\u2060\u2014 are" in text
    assert "W-What" in text and "I-I" in text and "N-no" in text


def test_pride_and_prejudice_has_no_straight_quotes(build_book: Build) -> None:
    book = build_book("pride-and-prejudice")
    text = body_text(book)
    assert text.count('"') + text.count("'") == 0
    licence = [text for text in book.epub_files.values() if 'class="license"' in text]
    assert len(licence) == 1 and "'" in epub_body_text(licence[0])


def test_typography_can_be_switched_off(tmp_path: Path) -> None:
    source = CORPUS / "when-theres-nothing-left" / "when-theres-nothing-left.txt"
    (tmp_path / "story.txt").write_bytes(source.read_bytes())
    (tmp_path / "book.toml").write_text("[typography]\nenabled = false\n", encoding="utf-8")
    project = api.load_project(tmp_path)
    epub = api.export(project, "epub", tmp_path / "plain.epub").path
    assert_valid_epub(epub)
    with zipfile.ZipFile(epub) as archive:
        chapter = archive.read("EPUB/text/chapter-001.xhtml").decode()
    paragraphs = [html.unescape(p) for p in re.split(r"<p(?: class=\"closing\")?>", chapter)[1:]]
    written = [plain_text(b.content) for b in project.book.chapters[0].blocks
               if isinstance(b, Paragraph)]
    assert [p.split("</p>")[0] for p in paragraphs] == written
    assert any(p.endswith('guess-"') for p in written)


def test_a_licence_is_left_as_written() -> None:
    said = (Paragraph((Text('Sold "AS-IS" -- with no warranty...'),)),)
    book = typography(Book(Metadata(title="T"), (Chapter("One", (Scene(said),)),),
                           back_matter=(Section("license", "License", said),)))
    assert plain_text(book.chapters[0].scenes[0].blocks[0].content) == \
        "Sold \u201cAS-IS\u201d\u00a0\u2014 with no warranty\u2026"
    assert book.back_matter[0].blocks == said


@pytest.mark.parametrize("language,text,expected", [
    ("ru", 'Он сказал: "это \'конец\'".', "Он сказал: «это „конец“»."),
    ("ja", '彼は"こんにちは"と言った。', "彼は「こんにちは」と言った。"),
    ("de", '"Ja", sagte sie.', "„Ja“, sagte sie."),
    ("pt-PT", 'Disse "olá".', "Disse «olá»."),
    ("pt-BR", 'Disse "olá".', "Disse “olá”."),
    ("uk", '"Так", — сказав він.', "«Так»,\u00a0— сказав він."),
    ("tlh", 'He said "Qapla\'".', "He said “Qapla’”."),  # no CLDR data: English marks
])
def test_quotation_marks_come_from_the_cldr_for_every_language(
        language: str, text: str, expected: str) -> None:
    assert smartened([parse_plain_inline(text)], language) == [expected]
