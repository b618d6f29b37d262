"""Markdown read without losing a word: the parser's text against what was read.

Every word a reader would see in the parsed file (its inline text, code, raw HTML as
text) must be in the chapters and sections read from it, or in what is left out on
purpose and listed by ``mkbook inspect``: raw HTML the sanitiser removes (a script),
a footnote the text never calls (with a warning).  The parse is the reader's own; no
file is parsed twice.
"""

from __future__ import annotations

from markdown_it.token import Token

from mkbook.diagnostics import Diagnostic
from mkbook.model import BodyItem, Book, Footnote, Metadata, Part, Removal, Section
from mkbook.readers.accounting import blocks_texts, check_accounted, markup_text
from mkbook.readers.markdown_blocks import MarkdownContext
from mkbook.readers.sanitize import sanitize_html
from mkbook.walk import word_counts

UNREFERENCED_NOTE = "MK203"


def leave_out_unattached_notes(notes: tuple[Footnote, ...], body: tuple[BodyItem, ...],
                               sections: tuple[Section, ...], ctx: MarkdownContext) -> None:
    """A note the text never calls (only itself, or nothing at all) belongs nowhere: the
    author is told, and its words are listed as left out."""
    items = [*body, *sections]
    chapters = [c for item in items for c in (item.chapters if isinstance(item, Part)
                                               else (item,))]
    attached = {note.label for chapter in chapters for note in chapter.notes}
    for note in notes:
        if note.label not in attached:
            where = getattr(note.blocks[0], "source", None) if note.blocks else None
            line = where.line if where else 1
            leave_out_note(note.label, line, " ".join(blocks_texts(list(note.blocks))), ctx)


def leave_out_note(label: str, line: int, text: str, ctx: MarkdownContext) -> None:
    ctx.warnings.append(Diagnostic(UNREFERENCED_NOTE, f"footnote [^{label}] is never "
                                   "referenced from the text, so it is left out; put "
                                   f"[^{label}] where it belongs", ctx.ref_line(line)))
    ctx.removed.append(Removal("footnote", f"footnote [^{label}], never referenced", text,
                               ctx.ref_line(line)))


def account_for_words(text: str, tokens: list[Token], body: tuple[BodyItem, ...],
                      sections: tuple[Section, ...], title: str, ctx: MarkdownContext) -> None:
    """Every word the parser found in the file is in what was read from it, or in raw
    HTML the sanitiser removed (a script, a style), which is listed as removed."""
    words, unsafe = _token_words(tokens)
    removed = tuple(Removal("raw-html", "raw HTML the sanitiser removes", left, ctx.ref_line(line))
                    for line, left in unsafe)
    read = Book(Metadata(title=title), body, sections,
                removed=removed + tuple(ctx.removed))
    check_accounted(text, read, ctx.display, source=words)
    ctx.removed.extend(removed)


def _inline_text(token: Token) -> str:
    """An inline token's text: its own for text and code, a space for a line break,
    nothing for markup (``*Schmidt*schen`` is one word)."""
    if token.type in ("text", "code_inline", "math_inline", "math_inline_double"):
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""


def _token_words(tokens: list[Token]) -> tuple[str, list[tuple[int, str]]]:
    """The text of every token a reader sees, and for each raw HTML block the text the
    sanitiser takes out of it (line, text)."""
    texts: list[str] = []
    unsafe: list[tuple[int, str]] = []
    for token in tokens:
        if token.type == "inline":
            texts.append("".join(_inline_text(child) for child in token.children or ()))
        elif token.type in ("fence", "code_block"):
            texts.append(token.content)
        elif token.type == "html_block":
            raw, kept = markup_text(token.content), markup_text(sanitize_html(token.content))
            texts.append(raw)
            left = word_counts(raw) - word_counts(kept)
            if left:
                unsafe.append(((token.map[0] + 1) if token.map else 1, " ".join(left.elements())))
    return "\n".join(texts), unsafe
