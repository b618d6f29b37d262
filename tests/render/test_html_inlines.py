"""Blocks and inlines to XHTML: what the print layout is given to keep whole."""

from __future__ import annotations

from mkbook.model import Text
from mkbook.render.html import RenderContext, render_inlines


def test_print_keeps_capitalised_words_whole_that_could_be_hyphenated() -> None:
    text = "Mr. Darcy\u2060\u2014that Elizabeth & élan Émile at Netherfield\u2019s DARCY"
    html = render_inlines([Text(text)], RenderContext(whole_names=True))
    assert html == ('Mr. <span class="name">Darcy</span>\u2060\u2014that '
                    '<span class="name">Elizabeth</span> &amp; élan Émile at '
                    '<span class="name">Netherfield</span>\u2019s DARCY')


def test_the_ebook_leaves_words_as_they_are() -> None:
    assert render_inlines([Text("Elizabeth")], RenderContext()) == "Elizabeth"
