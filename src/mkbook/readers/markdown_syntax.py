"""The Markdown book writers use, beyond CommonMark: the parser mkbook reads it with.

CommonMark (markdown-it-py) with what writers' tools add, each from mdit-py-plugins or
markdown-it-py itself where it exists: YAML front matter, footnotes (``[^1]`` and inline
``^[…]``), GFM pipe tables, definition lists, ``$…$`` math (kept readable, as written);
pandoc's grid and simple tables (:mod:`mkbook.readers.pandoc_tables`).  Then core rules
of mkbook's own on the parsed tokens, for what a source may hold that no reader should
see printed: Markua and kramdown attribute lines (:mod:`mkbook.readers.markua`), Liquid
tags (``{% include … %}``, ``{{ page.title }}``), heading attributes (``{#id}``), and
wikilinks (``[[Page|label]]`` reads ``label``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from mkbook.readers.markua import HEADING_ATTRIBUTES_RE, markua_rule
from mkbook.readers.pandoc_tables import pandoc_tables_plugin

_LIQUID_RE = re.compile(r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.DOTALL)
_LIQUID_COMMENT_RE = re.compile(r"\{%-?\s*(?P<end>end)?comment\s*-?%\}")
_WIKILINK_RE = re.compile(r"(?P<embed>!?)\[\[(?P<target>[^\]|\n]+)(?:\|(?P<label>[^\]\n]+))?\]\]")


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one Markdown parser every file is read with."""
    md = (MarkdownIt("commonmark", {"html": True}).enable("table")
          .use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)
          .use(dollarmath_plugin, allow_space=False, allow_digits=False,  # pandoc's rules:
               allow_blank_lines=False, allow_labels=False, double_inline=True)  # $5, $6 is text
          .use(pandoc_tables_plugin)
          .use(superscript_plugin).use(sub_plugin)  # pandoc's 1^st^ and H~2~O
          .use(attrs_plugin, after=("span_close",), spans=True, allowed=("class",)))
    md.core.ruler.before("footnote_tail", "unreferenced_notes", keep_unreferenced_notes)
    md.core.ruler.after("text_join", "markua", markua_rule)
    md.core.ruler.after("markua", "template_tags", template_tags_rule)
    return md


def parse_inline(text: str) -> list[SyntaxTreeNode]:
    """The inline nodes of one line of Markdown (an attribute line's caption)."""
    root = SyntaxTreeNode(parser().parseInline(text))
    return list(root.children[0].children) if root.children else []


def keep_unreferenced_notes(state: StateCore) -> None:
    """The footnote plugin drops a definition nothing refers to; before it does, its
    label, line and text are kept in the parse's env, so the author is told and the
    words are accounted for."""
    refs = state.env.get("footnotes", {}).get("refs", {})
    found: list[tuple[str, int, str]] = []
    current: list[str] | None = None
    label, line = "", 1
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            label = token.meta["label"]
            current = [] if refs.get(f":{label}", -1) < 0 else None
            line = token.map[0] + 1 if token.map else 1
        elif token.type == "footnote_reference_close":
            if current is not None:
                found.append((label, line, " ".join(current)))
            current = None
        elif current is not None and token.type == "inline":
            current.append(token.content)
    state.env["unreferenced_notes"] = found


def template_tags_rule(state: StateCore) -> None:
    """Core rule *template-tags*: Liquid tags are taken out of the text (a paragraph left
    empty goes), a ``{% comment %}`` … ``{% endcomment %}`` span with what it holds
    (kept in the parse's env as left out, for ``inspect``); heading attributes go; a
    wikilink reads as its label."""
    left_out: list[tuple[int, str]] = state.env.setdefault("template_comments", [])
    out: list[Token] = []
    in_comment: list[str] | None = None
    line = 1
    for index, token in enumerate(state.tokens):
        line = token.map[0] + 1 if token.map else line
        if token.type == "inline":
            in_comment = _inline_tags(token, in_comment, left_out, line)
        elif in_comment is not None and token.type in ("fence", "code_block", "html_block"):
            in_comment.append(token.content)
            continue
        out.append(token)
        if token.type == "inline" and index > 0 and state.tokens[index - 1].type == "heading_open":
            _heading_attributes(token)
    state.tokens = _without_empty_paragraphs(out)


def _inline_tags(token: Token, in_comment: list[str] | None,
                 left_out: list[tuple[int, str]], line: int) -> list[str] | None:
    """Take Liquid tags out of one inline token's text runs, and every run inside a
    comment (its words recorded as left out); returns the comment still open after it."""
    children: list[Token] = []
    for child in token.children or ():
        if child.type != "text":
            if in_comment is None:
                children.append(child)
            else:
                in_comment.append(child.content)
            continue
        kept: list[str] = []
        position = 0
        for found in _LIQUID_RE.finditer(child.content):
            (kept if in_comment is None else in_comment).append(
                child.content[position:found.start()])
            comment = _LIQUID_COMMENT_RE.fullmatch(found.group(0))
            if comment and not comment.group("end") and in_comment is None:
                in_comment = []
            elif comment and comment.group("end") and in_comment is not None:
                left_out.append((line, " ".join(" ".join(in_comment).split())))
                in_comment = None
            position = found.end()
        (kept if in_comment is None else in_comment).append(child.content[position:])
        child.content = _WIKILINK_RE.sub(_wikilink, _joined(kept))
        children.append(child)
    token.children = children
    return in_comment


def _joined(pieces: list[str]) -> str:
    """Text pieces a tag stood between, one space where the tag had one each side."""
    text = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        text += piece.lstrip(" ") if text.endswith(" ") and piece.startswith(" ") else piece
    return text


def _wikilink(found: re.Match[str]) -> str:
    """``[[Page]]`` reads ``Page``, ``[[Page#Part|the part]]`` ``the part``; an embed
    (``![[map.png]]``) shows nothing of its name."""
    if found.group("embed"):
        return ""
    label = found.group("label") or found.group("target").split("#")[0]
    return label.strip()


def _heading_attributes(token: Token) -> None:
    """``# Chapter One {#one .unnumbered}`` is titled ``Chapter One``."""
    children = token.children or []
    if children and children[-1].type == "text":
        children[-1].content = HEADING_ATTRIBUTES_RE.sub("", children[-1].content)
        token.content = HEADING_ATTRIBUTES_RE.sub("", token.content)


def _without_empty_paragraphs(tokens: list[Token]) -> list[Token]:
    """Paragraphs that held only tags are gone."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (token.type == "paragraph_open" and index + 2 < len(tokens)
                and tokens[index + 1].type == "inline" and not _has_text(tokens[index + 1])):
            index += 3
            continue
        out.append(token)
        index += 1
    return out


def _has_text(inline: Token) -> bool:
    return any(child.content.strip() or child.type not in ("text", "softbreak", "hardbreak")
               for child in inline.children or ())
