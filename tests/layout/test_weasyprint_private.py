"""WeasyPrint's private parts are reached from one module only, behind a version check
that matches the range mkbook pins, and the public-API path works without them."""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

import pypdf
import pytest

from mkbook import api
from mkbook.layout import weasyprint_private as private
from mkbook.layout.weasyprint_private import line_memo, page_making
from support import REPO


def test_the_tested_range_is_the_pinned_range() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(dep for dep in config["project"]["dependencies"] if dep.startswith("weasyprint"))
    low, high = re.findall(r"(\d+)(?:\.(\d+))?", pin.split(">=")[1])[:2]
    assert (int(low[0]), int(low[1] or 0)) == private.TESTED[0]
    assert (int(high[0]), int(high[1] or 0)) == private.TESTED[1]
    assert private.USABLE  # the installed WeasyPrint is one the suite tests


def test_only_the_fence_touches_weasyprint_internals() -> None:
    """Private attributes and patched functions of WeasyPrint appear nowhere else."""
    found = []
    for path in (REPO / "src" / "mkbook").rglob("*.py"):
        if path.parent.name == "weasyprint_private":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"_page_box|make_margin_boxes|handle_leader|Font\.subset"
                     r"|weasyprint\.(?:layout|pdf\.fonts|text\.line_break)", text):
            found.append(path.name)
    assert found == []


def test_without_the_private_hooks_the_book_is_laid_out_through_the_public_api(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """With a WeasyPrint the hooks do not fit, the PDF is one public pass: every page
    there, an even count (a blank verso made publicly), and a warning that says why."""
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a private hook was used")

    monkeypatch.setattr(private, "USABLE", False)
    for hook in ("margin_boxes", "leaders_in_one_box", "font_placeholders", "is_blank"):
        monkeypatch.setattr(private, hook, refused)
    made, blank_page = [], private.blank_page
    monkeypatch.setattr(private, "blank_page", lambda doc: made.append(1) or blank_page(doc))
    book = tmp_path / "story.md"  # one chapter of a few lines: an odd number of pages
    book.write_text("# The Crossing\n\nThe ferry came in at dusk.\n", encoding="utf-8")
    project = api.load_project(book)
    with caplog.at_level(logging.WARNING, logger="mkbook"):
        pdf = api.export(project, "pdf", tmp_path / "public.pdf").path
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) % 2 == 0
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(chapter.title.split()[0] in text for chapter in project.book.chapters)
    assert made == [1]  # the closing blank verso, made through the public API
    assert any("not a version mkbook is tested with" in r.getMessage() for r in caplog.records)


class _Box:
    def __init__(self, tag: str, element: object, children: tuple[_Box, ...] = (),
                 style: dict[str, object] | None = None) -> None:
        self.element_tag, self.element, self.children = tag, element, children
        self.style = style or {"font_size": 10.0, "letter_spacing": "normal",
                               "word_spacing": "normal"}


def test_a_retracked_paragraph_is_tracked_once_through_its_line_boxes() -> None:
    """A paragraph's line boxes carry its tag and element too: each text is tracked by
    the amount asked for, once (it was tracked again for every box it sat in)."""
    element, shared = object(), {"font_size": 10.0, "letter_spacing": 0.3,
                                 "word_spacing": "normal"}
    text = _Box("p", element, style=shared)
    lead = _Box("span", element, (_Box("span", element, style=shared),))
    line = _Box("p", element, (text, lead))
    paragraph = _Box("p", element, (line,))
    undo = page_making._retrack(_Box("body", None, (paragraph,)), {id(element): 0.01})
    for box in (paragraph, line, text, lead.children[0]):
        letters = box.style["letter_spacing"]
        assert letters in (0.1, 0.3 + 0.1) and box.style["word_spacing"] == 0.4
    undo()
    assert text.style is shared


class _Style(dict[str, object]):
    """A style as the line memo reads it (kept by identity, like WeasyPrint's)."""

    def __hash__(self) -> int:
        return id(self)


def test_the_line_memo_breaks_a_line_once_for_the_same_text_style_and_width() -> None:
    calls: list[tuple[str, float]] = []

    def split(text: str, style: object, context: object, width: float) -> tuple[str, float]:
        calls.append((text, width))
        return text, width

    memo = line_memo.LineMemo(split)
    plain, retracked = _Style(text_overflow="clip"), _Style(text_overflow="clip")
    first = memo.split_first_line("Call me Ishmael.", plain, None, 100.0)
    assert memo.split_first_line("Call me Ishmael.", plain, None, 100.0) is first
    memo.split_first_line("Call me Ishmael.", retracked, None, 100.0)  # a new style
    memo.split_first_line("Call me Ishmael.", plain, None, 90.0)  # another width
    assert len(calls) == 3
    memo.forget()
    memo.split_first_line("Call me Ishmael.", plain, None, 100.0)
    cut = _Style(text_overflow="ellipsis")  # drawing it changes its layout's text
    memo.split_first_line("Call me Ishmael.", cut, None, 100.0)
    memo.split_first_line("Call me Ishmael.", cut, None, 100.0)
    assert len(calls) == 6


def _lines_broken(retrack: bool) -> int:
    """Lines WeasyPrint breaks laying out three paragraphs; with *retrack*, the first
    page is made again with the first paragraph retracked (and kept as first made)."""
    from weasyprint import HTML
    from weasyprint.layout import inline

    broken = [0]
    split = inline.split_first_line

    def counted(*args: object, **kwargs: object) -> object:
        broken[0] += 1
        return split(*args, **kwargs)

    def refits(page: object, earlier: object, last: bool) -> list[dict[int, float]]:
        lines = page.lines  # type: ignore[attr-defined]
        return [{lines[0].block: 0.01}] if retrack and not earlier else []

    words = " ".join(["word"] * 24)
    html = (f"<style>@page {{ size: 3in 4in; margin: 0.3in }} p {{ margin: 0 }}</style>"
            f"<p>{words}</p><p>{words * 4}</p><p>{words * 4}</p>")
    inline.split_first_line = counted
    try:
        with page_making.balanced_pages(refits, lambda page, last: (1,)):
            HTML(string=html).render()
    finally:
        inline.split_first_line = split
    return broken[0]


def test_a_page_made_again_breaks_only_its_retracked_lines_anew(
        monkeypatch: pytest.MonkeyPatch) -> None:
    anew = _lines_broken(retrack=True) - _lines_broken(retrack=False)
    monkeypatch.setattr(line_memo.LineMemo, "split_first_line",  # every line broken again
                        lambda memo, *args, **kwargs: memo.split(*args, **kwargs))
    every_line = _lines_broken(retrack=True) - _lines_broken(retrack=False)
    assert 0 < anew < every_line / 2  # the page's first paragraph: a quarter of its lines


def test_a_page_with_a_drop_cap_is_never_made_again(tmp_path: Path) -> None:
    """A chapter opening left short (the picture after its first paragraph does not
    fit) would be made again to fill it; WeasyPrint cannot lay a floated first letter
    out a second time (an assertion in its float layout), so such a page is left as
    it falls and the book is laid out."""
    from PIL import Image


    Image.new("RGB", (1500, 2000), (90, 90, 90)).save(tmp_path / "tall.png")
    words = "the keeper counted lamps along the harbour wall and waited for the boat".split()
    chapters = []
    for n in range(1, 5):
        text = " ".join(words[(n + i) % len(words)] for i in range(60 + 25 * n)) + "."
        chapters.append(f"# Chapter {n}\n\n{text}\n\n![A tall picture](tall.png)\n\n"
                        f"{text}\n\n{text}\n")
    (tmp_path / "book.md").write_text("\n".join(chapters), encoding="utf-8")
    (tmp_path / "book.toml").write_text(
        '[book]\ntitle = "Drops"\nauthors = ["A. B."]\nlanguage = "en"\ntheme = "romance"\n'
        '\n[manuscript]\nfiles = ["book.md"]\n', encoding="utf-8")
    project = api.load_project(tmp_path)
    for options in ({"cache": False}, {"single_pass": True}):
        path = api.export(project, "pdf", tmp_path / "book.pdf", options).path
        assert path.stat().st_size > 10_000
