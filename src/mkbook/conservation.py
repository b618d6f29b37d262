"""Conservation of text: every word of the book reaches every format, or the build fails.

A book's words are counted per document (title, subtitle, blocks, notes) and counted
again in what an exporter made of it; a word the model holds and the output does not
is an error naming the document and where it came from, never a quiet success.  Only
the pages mkbook makes from the metadata stand in for the manuscript's own: its title
page (rule ``title-page``, listed by ``inspect``) and its contents list, and that only
when the list holds nothing but the book's headings (see
:func:`mkbook.exporters.documents.is_contents_list`).

Words are runs of letters and digits (:func:`mkbook.walk.word_counts`); no exporter
changes a letter's case or form, so nothing is folded.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

from mkbook.errors import ExportError
from mkbook.model import Chapter, Part
from mkbook.render.documents import Document
from mkbook.walk import block_text, word_counts

REPLACED_KINDS = frozenset({"halftitle", "titlepage", "copyright", "toc"})
"""Documents made from the metadata and the structure, not from the manuscript's text."""

# Markup to text: a note's call (its number) is no word of the text around it; inline
# elements join the text they split (``<em>Schmidt</em>schen``); every other tag is a
# word boundary.
_NOTE_CALL_RE = re.compile(r'<a class="noteref"[^>]*>.*?</a>', re.DOTALL)
_INLINE_TAG_RE = re.compile(r"</?(?:em|strong|i|b|span|code|small|abbr|cite|q|s|u|mark|sub|"
                            r"sup|a)(?:\s[^>]*)?>")
_TAG_RE = re.compile(r"<[^>]*>")


def document_words(doc: Document) -> Counter[str]:
    """Every word the model holds for *doc*: its heading, subtitle, blocks and notes."""
    item = doc.item
    texts = [doc.title]
    if isinstance(item, Chapter):
        texts.append(item.subtitle)
    if not isinstance(item, Part):
        texts += [block_text(block) for block in item.blocks]
        texts += [block_text(block) for note in item.notes for block in note.blocks]
    return word_counts(" ".join(texts))


def markup_words(markup: str) -> Counter[str]:
    """The words a reader sees in XHTML or HTML *markup*."""
    markup = _note_spans_apart(_NOTE_CALL_RE.sub(" ", markup))
    text = _TAG_RE.sub(" ", _INLINE_TAG_RE.sub("", markup))
    return word_counts(html.unescape(text))


def _note_spans_apart(markup: str) -> str:
    """A footnote set where it is called (print: ``<span class="footnote">``) is text
    apart from the words around it: its span's opening and closing tags become spaces
    (other spans, a Kobo sentence's, join what they split)."""
    if _NOTE_SPAN not in markup:
        return markup
    pieces: list[str] = []
    stack: list[bool] = []  # per open span: is it a note's?
    last = 0
    for tag in _SPAN_TAG_RE.finditer(markup):
        opening = tag.group().startswith("<span")
        is_note = tag.group().startswith(_NOTE_SPAN) if opening else bool(stack and stack.pop())
        if opening:
            stack.append(is_note)
        if is_note:
            pieces += [markup[last:tag.start()], " "]
            last = tag.end()
    return "".join([*pieces, markup[last:]])


_NOTE_SPAN = '<span class="footnote">'
_SPAN_TAG_RE = re.compile(r"<span\b[^>]*>|</span>")


def check_conserved(documents: Iterable[Document], output: Counter[str], fmt: str) -> None:
    """Fail unless *output* (the words of what the *fmt* exporter wrote) holds every word
    of every document that is not made from the metadata."""
    output = Counter(output)  # used up document by document below
    for doc in documents:
        if doc.kind in REPLACED_KINDS:
            continue
        needed = document_words(doc)
        lost = needed - output
        if lost:
            where = getattr(doc.item, "source", None) or doc.id
            sample = ", ".join(sorted(lost, key=lambda word: -lost[word])[:6])
            raise ExportError(f"the {fmt} would lose {lost.total()} word(s) of "
                              f"{doc.toc_title or doc.title or doc.id!r} ({sample}); this is a "
                              "bug in mkbook: please report it with the manuscript",
                              source=where)
        output.subtract(needed)  # what this document used is not there for the next one
