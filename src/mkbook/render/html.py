"""Book-model blocks and inlines to (X)HTML markup, shared by every HTML-based format.

Everything goes through :func:`markupsafe.escape`, and the output is well-formed XML,
so one stray ``<`` or ``&`` in a manuscript can never break an EPUB.  Templates call
:func:`render_blocks`; documents and page furniture stay in jinja2 templates.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from mkbook import labels
from mkbook.model import (
    Asset,
    AuthorNote,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Definitions,
    Emphasis,
    Footnote,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    RawHtml,
    Scene,
    Span,
    Strong,
    Table,
    Text,
    Verse,
)


def embedded_asset_href(assets: Iterable[Asset]) -> Callable[[str], str]:
    """Asset names as URLs for a document read from the project folder: an image that
    lives inside the manuscript file (:attr:`Asset.data`) as a ``data:`` URL, since it is
    no file there; every other one as its name."""
    embedded = {asset.name: asset for asset in assets if asset.data is not None}

    def href(name: str) -> str:
        asset = embedded.get(name)
        if asset is None or asset.data is None:
            return name
        return f"data:{asset.media_type};base64,{base64.b64encode(asset.data).decode()}"

    return href


@dataclass(slots=True)
class RenderContext:
    """What rendering one document needs: how to reach assets, and its notes."""

    asset_href: Callable[[str], str] = lambda name: name
    language: str = "en"
    """The book's language, for the labels the rendering writes (``Author's note``)."""
    """Maps an asset's name to a URL relative to the document being rendered."""
    note_numbers: dict[str, int] = field(default_factory=dict)
    """Footnote label → number shown, filled in order of first reference."""
    note_calls: dict[str, int] = field(default_factory=dict)
    """Footnote label → how many times it has been called so far."""
    id_prefix: str = ""
    """Prefix for ids made here, unique per document (needed in the one-file PDF)."""
    inline_notes: dict[str, Footnote] | None = None
    """For print: notes by label, set where they are called (``float: footnote``)."""
    kobo_spans: bool = False
    """Wrap each sentence in a ``koboSpan`` (Kobo's kepub renderer tracks reading by them)."""
    whole_names: bool = False
    """For print: wrap each capitalised word long enough to hyphenate in a ``name``
    span, which the print stylesheet keeps whole (WeasyPrint would split *Eliza-beth*:
    CSS has no rule against hyphenating a proper name)."""
    lead_ins: bool = False
    """For print: a chapter's first words in a ``lead-in`` span (set in small caps)."""
    _paragraph: int = 0
    _sentence: int = 0
    _setting_notes: list[str] = field(default_factory=list)
    """The inline notes being set, outermost first: a note that refers to itself (or to
    one that refers back) is set once, not without end."""

    def next_paragraph(self) -> None:
        self._paragraph += 1
        self._sentence = 0

    def kobo_span(self, text: Markup) -> Markup:
        self._sentence += 1
        return Markup('<span class="koboSpan" id="kobo.%d.%d">%s</span>') % (
            self._paragraph, self._sentence, text)

    def note_id(self, label: str) -> str:
        """The note's id: from its number, unique in the document whatever its label
        holds (``[^a b]`` and ``[^a-b]`` are two notes)."""
        return f"{self.id_prefix}fn-{self.note_numbers[label]}"

    def ref_id(self, label: str, repeat: int = 1) -> str:
        """The id of the *repeat*-th call of a note (the backlink goes to the first)."""
        suffix = f"-{repeat}" if repeat > 1 else ""
        return f"{self.id_prefix}fnref-{self.note_numbers[label]}{suffix}"


# --------------------------------------------------------------------------- inlines


def render_inlines(runs: Iterable[Inline], ctx: RenderContext) -> Markup:
    """Inline runs to markup."""
    return Markup("").join(_inline(run, ctx) for run in runs)


def escape_text(text: str) -> Markup:
    """Escape character data: only ``&``, ``<`` and ``>`` (quotes stay readable)."""
    return Markup(xml_escape(text))


_SENTENCE_RE = re.compile(r"[^.!?\u2026]*(?:[.!?\u2026]+[\u201d\u2019\u00bb\"')\]]*\s*|$)")


def _sentences(text: str) -> list[str]:
    """*text* cut after each sentence's closing punctuation (and any quote after it)."""
    return [piece for piece in _SENTENCE_RE.findall(text) if piece]


_SPAN_TAGS = {"small-caps": '<span class="small-caps">%s</span>', "superscript": "<sup>%s</sup>",
              "subscript": "<sub>%s</sub>"}


_NAME_RE = re.compile(r"\b[^\W\d_a-z][^\W\d_]*(?:(?<=[^\W\d_]{6})|(?=\u2060))")
"""A capitalised word that could be hyphenated: six letters or more (the shortest the
stylesheets hyphenate), or held to a dash by a word joiner (*Darcy⁠—that* is one word
to the hyphenator)."""


_TOKEN_RE = re.compile(r"[^ \t\n]+")
"""What lies between two places a line may break (a no-break space or a word joiner
holds its neighbours in one: ``Mr.\u00a0Bingley’s``, ``Darcy\u2060—that``)."""


def _names_kept_whole(text: str) -> Markup:
    """*text* escaped, each capitalised word of it in a ``name`` span.

    The span takes in all that is held to the name (``Mr.\u00a0Bingley’s,``): a span
    boundary where no line may break sends WeasyPrint's line breaker back word by
    word, leaving lines of one word (``cer-`` / ``tain`` / ``step``) above it."""
    out, last = [], 0
    for token in _TOKEN_RE.finditer(text):
        if any(found.group()[0].isupper() for found in _NAME_RE.finditer(token.group())):
            out += [escape_text(text[last:token.start()]),
                    Markup('<span class="name">%s</span>') % token.group()]
            last = token.end()
    return Markup("").join([*out, escape_text(text[last:])])


def _inline(run: Inline, ctx: RenderContext) -> Markup:
    if isinstance(run, Text):
        if ctx.kobo_spans and run.text.strip():
            return Markup("").join(ctx.kobo_span(escape_text(piece))
                                   for piece in _sentences(run.text))
        return _names_kept_whole(run.text) if ctx.whole_names else escape_text(run.text)
    if isinstance(run, Emphasis):
        return Markup("<em>%s</em>") % render_inlines(run.children, ctx)
    if isinstance(run, Strong):
        return Markup("<strong>%s</strong>") % render_inlines(run.children, ctx)
    if isinstance(run, Span):
        return Markup(_SPAN_TAGS[run.kind]) % render_inlines(run.children, ctx)
    if isinstance(run, Code):
        return Markup("<code>%s</code>") % run.text
    if isinstance(run, Link):
        return Markup('<a href="%s">%s</a>') % (run.href, render_inlines(run.children, ctx))
    if isinstance(run, LineBreak):
        return Markup("<br/>")
    return _noteref(run, ctx)


def _noteref(run: FootnoteRef, ctx: RenderContext) -> Markup:
    if ctx.inline_notes is not None and run.label in ctx.inline_notes:
        if run.label in ctx._setting_notes:
            return Markup("")  # its text is being set around this very call
        note = ctx.inline_notes[run.label]
        ctx._setting_notes.append(run.label)
        text = Markup(" ").join(render_inlines(runs, ctx) for block in note.blocks
                                for runs in _inline_groups_of(block))
        ctx._setting_notes.pop()
        return Markup('<span class="footnote">%s</span>') % text
    number = ctx.note_numbers.setdefault(run.label, len(ctx.note_numbers) + 1)
    ctx.note_calls[run.label] = repeat = ctx.note_calls.get(run.label, 0) + 1
    return Markup(
        '<a class="noteref" epub:type="noteref" role="doc-noteref" id="%s" href="#%s">%s</a>'
    ) % (ctx.ref_id(run.label, repeat), ctx.note_id(run.label), number)


# --------------------------------------------------------------------------- blocks


def render_blocks(blocks: Iterable[Block], ctx: RenderContext) -> Markup:
    """Blocks to markup, one element per block."""
    return Markup("\n").join(render_block(block, ctx) for block in blocks)


def render_block(block: Block, ctx: RenderContext) -> Markup:
    """One block to markup."""
    ctx.next_paragraph()
    return _BLOCK_RENDERERS[type(block)](block, ctx)


def _heading(block: Heading, ctx: RenderContext) -> Markup:
    level = min(block.level, 6)
    return Markup("<h%d>%s</h%d>") % (level, render_inlines(block.content, ctx), level)


def _verse(block: Verse, ctx: RenderContext) -> Markup:
    lines = Markup("<br/>\n").join(render_inlines(line, ctx) for line in block.lines)
    return Markup('<p class="verse">%s</p>') % lines


def _list(block: ListBlock, ctx: RenderContext) -> Markup:
    tag = "ol" if block.ordered else "ul"
    items = Markup("\n").join(Markup("<li>%s</li>") % render_blocks(item, ctx)
                              for item in block.items)
    return Markup("<%s>\n%s\n</%s>") % (Markup(tag), items, Markup(tag))


def _code(block: CodeBlock, ctx: RenderContext) -> Markup:
    code = Markup("<pre><code>%s</code></pre>") % block.text
    if not block.caption:
        return code
    return Markup('<figure class="code"><figcaption>%s</figcaption>%s</figure>') % (
        render_inlines(block.caption, ctx), code)


def _table(block: Table, ctx: RenderContext) -> Markup:
    """A table with its header row in ``<thead>`` (screen readers announce it per cell)."""
    def row(cells: tuple[tuple[Inline, ...], ...], tag: str) -> Markup:
        out = []
        for column, cell in enumerate(cells):
            align = block.align[column] if column < len(block.align) else ""
            style = Markup(' style="text-align: %s"') % align if align else Markup("")
            out.append(Markup("<%s%s>%s</%s>") % (Markup(tag), style, render_inlines(cell, ctx),
                                                   Markup(tag)))
        return Markup("<tr>%s</tr>") % Markup("").join(out)

    caption = (Markup("<caption>%s</caption>\n") % render_inlines(block.caption, ctx)
               if block.caption else Markup(""))
    head = (Markup("<thead>%s</thead>\n") % row(block.header, "th")
            if block.header else Markup(""))
    body = Markup("\n").join(row(cells, "td") for cells in block.rows)
    return Markup('<table>\n%s%s<tbody>\n%s\n</tbody>\n</table>') % (caption, head, body)


def _definitions(block: Definitions, ctx: RenderContext) -> Markup:
    items = Markup("\n").join(
        Markup("<dt>%s</dt>\n<dd>%s</dd>") % (render_inlines(term, ctx),
                                            render_blocks(definition, ctx))
        for term, definition in block.items)
    return Markup("<dl>\n%s\n</dl>") % items


def _figure(block: Image, ctx: RenderContext) -> Markup:
    image = Markup('<img src="%s" alt="%s"/>') % (ctx.asset_href(block.asset), block.alt)
    if not block.caption:
        return Markup('<figure class="image">%s</figure>') % image
    caption = render_inlines(block.caption, ctx)
    return Markup('<figure class="image">%s<figcaption>%s</figcaption></figure>') % (image,
                                                                                    caption)


_BLOCK_RENDERERS: dict[type, Callable[[Any, RenderContext], Markup]] = {
    Paragraph: lambda block, ctx: Markup('<p class="closing">%s</p>' if block.closing
                                         else "<p>%s</p>") % render_inlines(block.content, ctx),
    Heading: _heading,
    BlockQuote: lambda block, ctx: Markup("<blockquote>\n%s\n</blockquote>") % render_blocks(
        block.blocks, ctx),
    Verse: _verse,
    ListBlock: _list,
    CodeBlock: _code,
    Image: _figure,
    Table: _table,
    Definitions: _definitions,
    AuthorNote: lambda block, ctx: Markup(
        '<aside class="author-note" aria-label="%s">\n%s\n</aside>') % (
        labels.label(ctx.language, "Author's Note"), render_blocks(block.blocks, ctx)),
    RawHtml: lambda block, ctx: Markup('<div class="raw">%s</div>') % Markup(block.html),
}


def render_scenes(scenes: Iterable[Scene], ctx: RenderContext) -> Markup:
    """A chapter's scenes, with a scene-break ornament between each two."""
    separator = Markup('\n<hr class="scene-break"/>\n')
    rendered = [_with_lead_in(scene.blocks, ctx) if n == 0 and ctx.lead_ins
                else render_blocks(scene.blocks, ctx) for n, scene in enumerate(scenes)]
    return separator.join(rendered)


LEAD_IN_WORDS = 4
"""A lead-in's most words: a phrase, not a line (a line's length is the measure's)."""


def _with_lead_in(blocks: tuple[Block, ...], ctx: RenderContext) -> Markup:
    """A chapter's opening blocks, its first paragraph (after an author's note at the
    head) opening with a lead-in: its first words up to the end of their phrase, at
    most :data:`LEAD_IN_WORDS` — a span, so that only they are letter-spaced and the
    line is justified as the others are (``::first-line`` stretched it wide open)."""
    at = 1 if blocks[:1] and isinstance(blocks[0], AuthorNote) else 0
    first = blocks[at] if len(blocks) > at else None
    if not isinstance(first, Paragraph) or first.closing or not first.content or \
            not isinstance(first.content[0], Text):
        return render_blocks(blocks, ctx)
    text, end = first.content[0].text, 0
    for count, word in enumerate(_TOKEN_RE.finditer(text), 1):
        end = word.end()
        if count == LEAD_IN_WORDS or not word.group()[-1].isalnum():
            break
    head = [render_blocks(blocks[:at], ctx)] if at else []
    ctx.next_paragraph()
    lead = Markup('<p><span class="lead-in">%s</span>%s</p>') % (
        escape_text(text[:end]), render_inlines((Text(text[end:]), *first.content[1:]), ctx))
    rest = [render_blocks(blocks[at + 1:], ctx)] if blocks[at + 1:] else []
    return Markup("\n").join([*head, lead, *rest])


def _inline_groups_of(block: Block) -> list[tuple[Inline, ...]]:
    """A note block's inline runs, for setting it inside a line (print footnotes)."""
    if isinstance(block, Paragraph | Heading):
        return [block.content]
    if isinstance(block, Verse):
        return list(block.lines)
    return []


def render_notes(notes: Iterable[Footnote], ctx: RenderContext) -> Markup:
    """The notes referenced so far, in reference order, each with a link back."""
    if ctx.inline_notes is not None:
        return Markup("")  # already set at the foot of their pages
    by_label = {note.label: note for note in notes}
    asides = []
    for label, number in sorted(ctx.note_numbers.items(), key=lambda item: item[1]):
        note = by_label.get(label)
        if note is None:
            continue
        back = Markup('<a class="noteback" href="#%s" role="doc-backlink">%s.</a> ') % (
            ctx.ref_id(label), number)
        body = _note_body(back, note.blocks, ctx)
        asides.append(Markup(
            '<aside class="footnote" epub:type="footnote" role="doc-footnote" id="%s">'
            "%s</aside>") % (ctx.note_id(label), body))
    return Markup("\n").join(asides)


def _note_body(back: Markup, blocks: tuple[Block, ...], ctx: RenderContext) -> Markup:
    """A note's blocks with its number, the link back, opening its first paragraph (not
    standing on a line of its own above the note)."""
    if blocks and isinstance(blocks[0], Paragraph):
        ctx.next_paragraph()
        first = Markup("<p>%s%s</p>") % (back, render_inlines(blocks[0].content, ctx))
        return Markup("\n").join([first, render_blocks(blocks[1:], ctx)]) if blocks[1:] \
            else first
    return Markup("<p>%s</p>\n%s") % (back, render_blocks(blocks, ctx))
