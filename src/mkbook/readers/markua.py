"""Leanpub's Markua, and the attribute lines other Markdown tools write, never printed.

Markua (Leanpub's Markdown) puts *attribute lines* on a line of their own before the
block they describe — ``{caption: "app.py"}`` before a code block, ``{alt: "…"}`` or
``{width: 60%}`` before an image — wraps asides in ``{blurb}``…``{/blurb}`` (or
``{aside}``), and marks the book's matter with ``{frontmatter}``, ``{mainmatter}``,
``{backmatter}``.  Older Leanpub Markdown writes an aside as lines that begin ``A> ``
(``T>`` tip, ``W>`` warning, …).  kramdown (Jekyll) and pandoc write attribute lists of
their own: ``{: .note}`` and ``{#id .class}``.  To a CommonMark parser all of these are
paragraph text; a core rule here, run on the parsed tokens, applies them (a caption, an
alt text, a block quote, a matter marker) or drops them, so none is ever printed.

Only lines a person would recognise as attribute lines are taken: braces round
``key: value`` pairs, or round one of Markua's own directive words, or round ``#id``,
``.class`` and ``key=value`` items; ``{Redacted}`` in a story stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^,{}"']*)"""
_ITEM = rf"[a-z][\w-]*(?:\s*:\s*{_VALUE})?"
_MARKUA_RE = re.compile(rf"^\{{\s*(?P<items>{_ITEM}(?:\s*,\s*{_ITEM})*)\s*,?\s*\}}$",
                        re.IGNORECASE)
_PAIR_RE = re.compile(rf"(?P<key>[a-z][\w-]*)(?:\s*:\s*(?P<value>{_VALUE}))?", re.IGNORECASE)
_CLOSE_RE = re.compile(r"^\{/(?P<name>[a-z]+)\}$", re.IGNORECASE)
_ATTR_ITEM = r"""(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|[^\s}]+)|-)"""
_ATTR_LIST_RE = re.compile(rf"^\{{:?\s*{_ATTR_ITEM}(?:\s+{_ATTR_ITEM})*\s*\}}$"
                           r"|^\{:[^{}]*\}$")  # any kramdown line: {:toc}, {::options …}
HEADING_ATTRIBUTES_RE = re.compile(rf"\s+\{{:?\s*{_ATTR_ITEM}(?:\s+{_ATTR_ITEM})*\s*\}}$")
"""Pandoc's and kramdown's attributes after a heading: ``# Title {#id .unnumbered}``."""

ASIDES = frozenset({"blurb", "aside", "blockquote", "quote", "sidebar"})
"""Markua's block directives: their lines open and close a box, read as a block quote."""
MATTER = {"frontmatter": "front", "mainmatter": "main", "backmatter": "back"}
_BARE_DIRECTIVES = ASIDES | set(MATTER) | {"pagebreak", "sample", "nonsample"}
_ASIDE_PREFIX_RE = re.compile(r"^(?P<letter>[ABDEGIQTWX])> ?")


@dataclass(frozen=True, slots=True)
class Directive:
    """One attribute line: its items, and what it is (``aside``, ``close``, ``matter``,
    ``attributes`` for the next block, or ``drop``)."""

    kind: str
    name: str
    attributes: dict[str, str]


def read_directive(line: str) -> Directive | None:
    """The directive *line* is, or None when it is text."""
    line = line.strip()
    if closed := _CLOSE_RE.match(line):
        name = closed.group("name").lower()
        return Directive("close", name, {}) if name in ASIDES else None
    if _ATTR_LIST_RE.match(line):
        return Directive("drop", "", {})
    found = _MARKUA_RE.match(line)
    if not found:
        return None
    attributes: dict[str, str] = {}
    bare: list[str] = []
    for item in _PAIR_RE.finditer(found.group("items")):
        key, value = item.group("key").lower(), item.group("value")
        if value is None:
            bare.append(key)
        else:
            attributes[key] = value.strip().strip("\"'")
    if any(word not in _BARE_DIRECTIVES for word in bare) or (not bare and not attributes):
        return None
    if bare and bare[0] in ASIDES:
        return Directive("aside", bare[0], attributes)
    if bare and bare[0] in MATTER:
        return Directive("matter", MATTER[bare[0]], attributes)
    return Directive("attributes" if attributes and not bare else "drop", "", attributes)


def markua_rule(state: StateCore) -> None:
    """Core rule: split attribute lines out of paragraphs, then apply each one."""
    tokens: list[Token] = []
    index = 0
    while index < len(state.tokens):
        token = state.tokens[index]
        if token.type == "paragraph_open" and index + 2 < len(state.tokens):
            tokens.extend(_split_paragraph(state.tokens[index:index + 3]))
            index += 3
        else:
            tokens.append(token)
            index += 1
    state.tokens = _apply(tokens)


def _split_paragraph(tokens: list[Token]) -> list[Token]:
    """A paragraph's attribute lines as directive tokens, its other lines as paragraphs
    (an ``A> `` paragraph as a block quote)."""
    opening, inline, closing = tokens
    lines, breaks = _lines(inline)
    if lines is None or opening.map is None:
        return tokens
    raw = inline.content.split("\n")
    if all(_ASIDE_PREFIX_RE.match(line) for line in raw) and len(
            {line[0] for line in raw}) == 1:
        return _aside_paragraphs(tokens, lines, breaks, raw)
    directives = [read_directive(line) for line in raw]
    if not any(directives):
        return tokens
    out: list[Token] = []
    start = 0
    for number, directive in enumerate([*directives, None]):
        if number < len(lines) and directive is None:
            continue
        if start < number:
            out.extend(_paragraph(opening, inline, closing, lines, breaks, start, number))
        if directive is not None:
            marker = Token("markua", "", 0, block=True, map=[opening.map[0] + number,
                                                             opening.map[0] + number + 1])
            marker.meta = {"directive": directive}
            out.append(marker)
        start = number + 1
    return out


def _lines(inline: Token) -> tuple[list[list[Token]] | None, list[Token]]:
    """An inline token's children cut at its line breaks, and the breaks; None when the
    lines do not match the source's (a code span across a line end)."""
    lines: list[list[Token]] = [[]]
    breaks: list[Token] = []
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
            breaks.append(child)
        else:
            lines[-1].append(child)
    return (lines if len(lines) == inline.content.count("\n") + 1 else None), breaks


def _paragraph(opening: Token, inline: Token, closing: Token, lines: list[list[Token]],
               breaks: list[Token], start: int, end: int) -> list[Token]:
    """The paragraph of lines *start*–*end* (exclusive) of a split paragraph."""
    assert opening.map is not None
    children: list[Token] = []
    for number in range(start, end):
        if number > start:
            children.append(breaks[number - 1])
        children.extend(lines[number])
    first = opening.copy(map=[opening.map[0] + start, opening.map[0] + end])
    text = inline.copy(children=children,
                       content="\n".join(inline.content.split("\n")[start:end]))
    return [first, text, closing.copy()]


def _aside_paragraphs(tokens: list[Token], lines: list[list[Token]], breaks: list[Token],
                      raw: list[str]) -> list[Token]:
    """Rule *leanpub-aside*: a paragraph whose every line begins ``A> `` (or ``T> ``,
    ``W> ``… with one letter) is an aside, read as a block quote; a line of just ``A>``
    between its lines parts its paragraphs."""
    opening, inline, closing = tokens
    for line in lines:
        if line and line[0].type == "text":
            line[0].content = _ASIDE_PREFIX_RE.sub("", line[0].content, count=1)
    content = [_ASIDE_PREFIX_RE.sub("", line, count=1) for line in raw]
    inline.content = "\n".join(content)
    out = [Token("blockquote_open", "blockquote", 1, block=True, map=opening.map)]
    start = 0
    for number, text in enumerate([*content, ""]):
        if text.strip():
            continue
        if start < number:
            out.extend(_paragraph(opening, inline, closing, lines, breaks, start, number))
        start = number + 1
    out.append(Token("blockquote_close", "blockquote", -1, block=True))
    return out


def _apply(tokens: list[Token]) -> list[Token]:
    """Each directive applied: an aside's lines become a block quote's opening and
    closing (when both are found in the same container), attributes go to the next
    block, matter markers stay as ``matter_marker`` tokens; the rest is dropped."""
    pairs = _aside_pairs(tokens)
    out: list[Token] = []
    pending: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.type != "markua":
            if pending and token.nesting >= 0 and token.block:
                token.meta = {**token.meta, "attributes": pending}
                pending = {}
            out.append(token)
            continue
        directive: Directive = token.meta["directive"]
        if index in pairs:
            opens = directive.kind == "aside"
            out.append(Token(f"blockquote_{'open' if opens else 'close'}", "blockquote",
                             1 if opens else -1, block=True, map=token.map,
                             meta={"aside": directive.name}))
        elif directive.kind == "attributes":
            pending = directive.attributes
        elif directive.kind == "matter":
            out.append(Token("matter_marker", "", 0, block=True, map=token.map,
                             meta={"matter": directive.name}))
    return out


def _aside_pairs(tokens: list[Token]) -> set[int]:
    """The indexes of aside openings and closings that match, in the same container."""
    depth, matched = 0, set[int]()
    stack: list[tuple[int, str, int]] = []
    for index, token in enumerate(tokens):
        if token.type == "markua":
            directive: Directive = token.meta["directive"]
            if directive.kind == "aside":
                stack.append((index, directive.name, depth))
            elif directive.kind == "close":
                while stack and stack[-1][2] > depth:
                    stack.pop()
                if stack and stack[-1][1] == directive.name and stack[-1][2] == depth:
                    matched.update((stack.pop()[0], index))
        depth += token.nesting
    return matched
