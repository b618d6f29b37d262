"""Blocks and inlines to XHTML: what the print layout is given to keep whole."""

from __future__ import annotations

import pytest

from mkbook.model import AuthorNote, Block, Emphasis, Paragraph, Scene, Text
from mkbook.render.html import RenderContext, render_inlines, render_scenes


def test_print_keeps_capitalised_words_whole_that_could_be_hyphenated() -> None:
    text = "Mr. Darcy\u2060\u2014that Elizabeth & élan Émile at Netherfield\u2019s DARCY"
    html = render_inlines([Text(text)], RenderContext(whole_names=True))
    assert html == ('Mr. <span class="name">Darcy\u2060\u2014that</span> '
                    '<span class="name">Elizabeth</span> &amp; élan Émile at '
                    '<span class="name">Netherfield\u2019s</span> DARCY')


def test_a_name_span_takes_in_what_is_held_to_it() -> None:
    """A span edge where no line may break misleads WeasyPrint's line breaker."""
    html = render_inlines([Text("hopes of Mr.\u00a0Bingley\u2019s heart")],
                          RenderContext(whole_names=True))
    assert html == 'hopes of <span class="name">Mr.\u00a0Bingley\u2019s</span> heart'


def test_the_ebook_leaves_words_as_they_are() -> None:
    assert render_inlines([Text("Elizabeth")], RenderContext()) == "Elizabeth"


def _opening(*blocks: Block, lead_ins: bool = True) -> str:
    return str(render_scenes([Scene(blocks)], RenderContext(lead_ins=lead_ins)))


@pytest.mark.parametrize("first,lead,rest", [
    ("It is a truth universally acknowledged, that", "It is a truth",
     " universally acknowledged, that"),
    ("Marley was dead: to begin with.", "Marley was dead:", " to begin with."),
    ("Nothing.", "Nothing.", ""),
    ("Not all that Mrs.\u00a0Bennet, however", "Not all that Mrs.\u00a0Bennet,", " however"),
])
def test_print_sets_a_chapters_first_words_as_a_lead_in(first: str, lead: str,
                                                        rest: str) -> None:
    html = _opening(Paragraph((Text(first), Emphasis((Text("so"),)))),
                    Paragraph((Text("Then."),)))
    assert html == (f'<p><span class="lead-in">{lead}</span>{rest}<em>so</em></p>\n'
                    "<p>Then.</p>")


def test_the_lead_in_opens_the_paragraph_after_an_authors_note() -> None:
    html = _opening(AuthorNote((Paragraph((Text("Thanks."),)),)),
                    Paragraph((Text("She ran."),)))
    assert html.endswith('<p><span class="lead-in">She ran.</span></p>')
    assert html.count("lead-in") == 1


def test_no_lead_in_where_the_chapter_opens_otherwise() -> None:
    emphasis = Paragraph((Emphasis((Text("Dear sir,"),)), Text(" he wrote.")))
    assert "lead-in" not in _opening(emphasis)
    assert "lead-in" not in _opening(Paragraph((Text("It was dark."),)), lead_ins=False)
