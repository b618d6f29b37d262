"""Rule *closing-line*: a chapter's last paragraph that says the story is over is
marked, and set centred in both outputs."""

from __future__ import annotations

import pytest

from mkbook.model import Book, Chapter, Emphasis, Metadata, Paragraph, Scene, Text
from mkbook.render.html import RenderContext, render_blocks
from mkbook.transforms.closing_line import mark_closing_lines

STORY = Paragraph((Text("And so they lived."),))


def _closing(*blocks: Paragraph) -> list[bool]:
    book = Book(Metadata(title="T"), (Chapter("One", (Scene((STORY, *blocks)),)),))
    return [p.closing for p in mark_closing_lines(book).chapters[0].blocks
            if isinstance(p, Paragraph)]


@pytest.mark.parametrize("line", [
    (Text("The End."),), (Text("THE END"),), (Emphasis((Text("Fin"),)),), (Text("Finis"),)])
def test_the_last_paragraph_saying_the_story_is_over_is_marked(line: tuple) -> None:
    assert _closing(Paragraph(line)) == [False, True]


@pytest.mark.parametrize("blocks", [
    (Paragraph((Text("The end of the day came at last."),)),),  # a sentence, not the mark
    (Paragraph((Text("The End."),)), Paragraph((Text("Or was it?"),))),  # not the last
])
def test_must_not_fire(blocks: tuple[Paragraph, ...]) -> None:
    assert not any(_closing(*blocks))


def test_the_closing_line_is_a_paragraph_of_its_own_class() -> None:
    html = str(render_blocks((Paragraph((Text("The End."),), closing=True),),
                             RenderContext()))
    assert html == '<p class="closing">The End.</p>'
