"""Notes a web page links within itself: ``<a href="#fn1">1</a>`` in the text and,
further down, the paragraph it names (``id="fn1"`` or ``name="fn1"``) holding the note.

Rule *page-notes*: a link whose text is a note's mark (a number, a letter, a symbol,
``[2]``) to a paragraph or list item later in the page is a note reference, and that
paragraph its note.  The first element so named *after* the reference is the one, so
the ids an archive's authors repeat in every chapter (``#footnote1`` in chapter one
and again in chapter two) pair each reference with its own chapter's note.  A link in
the note back to its reference (``↩``, or the number again) is left out: the book
numbers and links its notes itself.  The marks are listed as removed, so every word
stays accounted for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from mkbook.model import Footnote, Part
from mkbook.readers.markdown_book import notes_of

_MARK_RE = re.compile(r"^[\[(]?(?:\d{1,3}|[*\u2020\u2021\u00a7\u00b6]{1,3}|[ivxlc]{1,5}|[a-z])"
                      r"[\])]?$|^\u21a9\ufe0e?$", re.IGNORECASE)
_NOTE_MAX = 3000
"""Characters a note may hold: an element longer than a page is a chapter, not a note."""
_HOLDERS = frozenset({"p", "li", "div", "dd", "aside", "section"})
_INLINE = frozenset({"a", "span", "sup", "sub", "b", "i", "em", "strong", "small", "font"})


@dataclass(slots=True)
class PageNotes:
    """Which links of a page are note references and which elements are their notes."""

    references: dict[Any, str] = field(default_factory=dict)
    """Each reference link, by the label of its note."""
    notes: dict[Any, str] = field(default_factory=dict)
    """Each note's element, by its label."""
    back_links: set[Any] = field(default_factory=set)
    """Links inside notes that lead back to their references: left out."""

    def marks(self) -> str:
        """The text of every reference and back link: what the book's own numbers
        replace."""
        return "\n".join(" ".join(link.text_content().split())
                         for link in (*self.references, *self.back_links))


def find_page_notes(body: Any) -> PageNotes:
    """The note references in *body* and the notes they lead to."""
    order = {element: index for index, element in enumerate(body.iter())}
    named: dict[str, list[Any]] = {}
    for element in body.iter():
        for key in {element.get("id"), element.get("name")} - {None, ""}:
            named.setdefault(key, []).append(element)
    found = PageNotes()
    for link in body.iter("a"):
        href = link.get("href") or ""
        if len(href) < 2 or not href.startswith("#") or not _is_mark(link) or any(
                ancestor in found.notes for ancestor in link.iterancestors()):
            continue  # not a mark, or a note's link back to its reference
        target = next((element for element in named.get(href[1:], ())
                       if order[element] > order[link]), None)
        holder = _holder(target) if target is not None else None
        if holder is None or holder in found.notes or _inside(link, holder) or not _answers(
                holder, link):
            continue
        label = f"page-note-{len(found.notes) + 1}"
        found.references[link] = label
        found.notes[holder] = label
    for holder in found.notes:
        found.back_links.update(link for link in holder.iter("a")
                                if (link.get("href") or "").startswith("#") and _is_mark(link)
                                and link not in found.references)
    return found


def _is_mark(link: Any) -> bool:
    return bool(_MARK_RE.match(" ".join(link.text_content().split())))


def _holder(target: Any) -> Any:
    """The paragraph (or list item) a note's anchor names or stands in; None when the
    anchor names a heading, a table or another block that holds no note."""
    element = target
    while element is not None and isinstance(element.tag, str):
        tag = element.tag.lower()
        if tag in _HOLDERS:
            text = element.text_content().strip()
            return element if text and len(text) <= _NOTE_MAX else None
        if tag not in _INLINE:
            return None
        element = element.getparent()
    return None


def _answers(holder: Any, reference: Any) -> bool:
    """Whether *holder* reads as the note of *reference*: it opens with the same mark,
    or it links back to the reference."""
    mark = " ".join(reference.text_content().split()).strip("[]()")
    opening = holder.text_content().strip().lstrip("[(")
    names = {reference.get("id"), reference.get("name")} - {None, ""}
    for ancestor in reference.iterancestors():
        names |= {ancestor.get("id")} - {None, ""}
        if ancestor.tag in _HOLDERS:
            break
    return opening.startswith(mark) or any(
        (link.get("href") or "")[1:] in names for link in holder.iter("a"))


def _inside(element: Any, container: Any) -> bool:
    while element is not None:
        if element is container:
            return True
        element = element.getparent()
    return False


def attach_notes(items: tuple[Any, ...], notes: dict[str, Footnote]) -> tuple[Any, ...]:
    """*items* (sections, chapters, parts) each with the page notes its blocks call."""
    if not notes:
        return items
    every = tuple(notes.values())

    def attached(item: Any) -> Any:
        if isinstance(item, Part):
            return replace(item, chapters=tuple(attached(c) for c in item.chapters))
        called = notes_of(tuple(item.blocks), every)
        return replace(item, notes=item.notes + called) if called else item

    return tuple(attached(item) for item in items)
