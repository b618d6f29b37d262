"""The book's own contents list: where it ends, and which lines of the text it names.

A contents list is the best evidence of a book's structure there is: each entry
names a heading further on.  An entry may drop the heading's label (``Chapter I
The Period`` for ``I. The Period``) or keep it when the heading drops it, end in a
page number, name only the heading's beginning (``BOOK ONE`` for ``BOOK ONE:
1805``) or wrap over two lines, as the heading itself may.  Words are compared,
never punctuation: ``EXTRACTS (Supplied by …).`` names ``EXTRACTS. (Supplied by …).``
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence

from mkbook.readers.chunks import Chunk
from mkbook.readers.headings import HeadingMatch, is_label_word, match_heading
from mkbook.readers.marks import Context, Mark
from mkbook.readers.matter import match_matter_heading
from mkbook.textnorm import normalise_heading
from mkbook.walk import words_of

Words = tuple[str, ...]

PROSE_LINE = 50
"""Lines of running text are longer on average than this; contents entries are shorter."""
WRAPPED_ENTRY = 60
"""An entry line this long may go on over the next line (``… and the True`` / ``Pictures…``)."""
CANDIDATE_CHARACTERS = 160
"""A heading named by the contents list fits on two lines."""


def forms(text: str, entry: bool = False) -> set[Words]:
    """The ways an entry or a heading may be spelled elsewhere: as it is, without its
    label word, and for an *entry* without a page number at its end (``… 17``,
    ``… page 17``) — unless the number is the label's (``Chapter 3``)."""
    words = tuple(words_of(text.casefold()))
    found = {words}
    if entry and len(words) > 1 and words[-1].isdigit():
        shorter = words[:-1][:-1] if words[-2] in ("page", "p") else words[:-1]
        if shorter and not (len(shorter) == 1 and is_label_word(shorter[0])):
            found.add(shorter)
    for form in list(found):
        if len(form) > 1 and is_label_word(form[0]):
            found.add(form[1:])
    return {form for form in found if form}


class HeadingIndex:
    """Lines by their forms and beginnings, so each entry is looked up once: an entry
    names a line when they share a form, or one is the other's beginning of two words
    or more (``BOOK ONE`` names ``BOOK ONE: 1805``)."""

    def __init__(self, lines: Iterable[str], longest: int = 1_000) -> None:
        """*longest*: the most words an entry looked up will have (beginnings longer
        than that are never asked for)."""
        self.full: set[Words] = set()
        self.beginnings: set[Words] = set()
        for line in lines:
            for form in forms(line):
                self.full.add(form)
                self.beginnings.update(form[:size]
                                       for size in range(2, min(len(form), longest) + 1))

    def named(self, entry: str) -> bool:
        for form in forms(entry, entry=True):
            if form in self.full or form in self.beginnings:
                return True
            if any(form[:size] in self.full for size in range(2, len(form))):
                return True
        return False


def is_candidate(chunk: Chunk) -> bool:
    """A chunk a contents entry may name: a line, or two lines of a wrapped heading."""
    return len(chunk.lines) <= 2 and len(chunk.text) <= CANDIDATE_CHARACTERS


def entries(chunks: Sequence[Chunk]) -> list[tuple[str, int]]:
    """The entries of a list's chunks and their line numbers: a line each, a long line
    with the next one when that one is no entry of its own (a wrapped entry)."""
    found: list[tuple[str, int]] = []
    for chunk in chunks:
        merged: list[tuple[str, int]] = []
        for offset, raw in enumerate(chunk.lines):
            line = raw.strip()
            if merged and len(merged[-1][0]) >= WRAPPED_ENTRY and not match_heading(line):
                merged[-1] = (f"{merged[-1][0]} {line}", merged[-1][1])
            elif line:
                merged.append((line, chunk.line + offset))
        found.extend(merged)
    return found


def contents_end(chunks: Sequence[Chunk], start: int) -> int:
    """Rule *contents-list*: where a plain-text contents list that begins at *start* ends.

    The list runs at most to where its first entry appears again as a real heading
    (``CHAPTER I.`` for an entry ``CHAPTER I. The Ferry``, ``BOOK ONE: 1805`` for
    ``BOOK ONE``) or to the first chunk of prose; and it ends with the last of its
    chunks that names a line after it — a dedication or a transcriber's note between
    the list and the text is not part of the list.
    """
    limit = _limit(chunks, start)
    listed = [(index, text) for index in range(start, limit)
              for text, _ in entries([chunks[index]])]
    longest = max((len(words_of(text)) for _, text in listed), default=0)
    later = HeadingIndex((chunk.text for chunk in chunks[limit:] if is_candidate(chunk)),
                         longest)
    naming = [index for index, text in listed if later.named(text)]
    return naming[-1] + 1 if naming else limit


def _limit(chunks: Sequence[Chunk], start: int) -> int:
    first_entry = normalise_heading(chunks[start].lines[0]) if start < len(chunks) else ""
    for index in range(start + 1, len(chunks)):
        chunk = chunks[index]
        if _repeats_entry(chunk, first_entry) or _is_prose(chunk):
            return index
    return len(chunks)


def _repeats_entry(chunk: Chunk, entry: str) -> bool:
    """An unindented line that is the entry, the entry's label part (``chapter i`` for
    ``chapter i. the ferry``), or the entry with more after it (``book one: 1805`` for
    ``book one``): one of the two is the other's beginning, up to a word's end."""
    line = chunk.lines[0]
    heading = normalise_heading(line)
    if not heading or not entry or line.startswith((" ", "\t")):
        return False
    shorter, longer = sorted((entry, heading), key=len)
    return longer.startswith(shorter) and (len(longer) == len(shorter)
                                           or not longer[len(shorter)].isalnum())


def _is_prose(chunk: Chunk) -> bool:
    """Running text ends a contents list; a block of short entry lines does not, and
    neither does an entry that wraps (``CHAPTER 56. Of Whales in Paint; …`` / ``Stone…``)."""
    if match_heading(chunk.lines[0]):
        return False
    if chunk.is_single_line:
        return len(chunk.text) > 120
    mean = sum(len(line.strip()) for line in chunk.lines) / len(chunk.lines)
    return mean > PROSE_LINE and (len(chunk.text) > 120 or (
        chunk.text.endswith((".", "!", "?")) and len(chunk.text) > 80))


def named_lines(entry_texts: Sequence[str], chunks: Sequence[Chunk], start: int) -> list[int]:
    """Rule *contents-entry*: for each entry in order, the index of the first chunk from
    *start* on (and after the previous entry's) whose words are the entry's, or -1.

    Only exact matches count here (a form of one equal to a form of the other), for
    these chunks become headings."""
    where: dict[Words, list[int]] = defaultdict(list)
    for index in range(start, len(chunks)):
        if is_candidate(chunks[index]):
            for form in forms(chunks[index].text):
                where[form].append(index)
    found, cursor = [], start
    for text in entry_texts:
        hits = sorted({i for form in forms(text, entry=True) for i in where.get(form, ())})
        position = bisect.bisect_left(hits, cursor)
        if position < len(hits):
            found.append(hits[position])
            cursor = hits[position] + 1
        else:
            found.append(-1)
    return found


# --------------------------------------------------------------------------- passes


def mark_contents_lists(marks: list[Mark], context: Context) -> None:
    """Rule *contents-list*: everything a CONTENTS list holds is an entry, even lines that
    look like headings (:func:`contents_end` says where it ends).  Where each list is
    goes into *context* for rule *contents-entry*."""
    chunks = [mark.chunk for mark in marks]
    index = 0
    while index < len(marks):
        if marks[index].kind == "matter" and marks[index].role == "toc":
            end = contents_end(chunks, index + 1)
            for inner in range(index + 1, end):
                marks[inner] = Mark("contents", marks[inner].chunk)
            context.lists.append((index + 1, end))
            index = end
        else:
            index += 1


def mark_named_lines(marks: list[Mark], context: Context) -> None:
    """Rule *contents-entry*: a line of text that a contents entry names is a heading,
    even unnumbered, indented, or wrapped over two lines: a front-matter section's
    before the book's first recognised chapter (``ETYMOLOGY.``), else a chapter's."""
    for start, end in context.lists:
        _mark_lines_named_by(marks, start, end)


def _mark_lines_named_by(marks: list[Mark], start: int, end: int) -> None:
    chunks = [mark.chunk for mark in marks]
    texts = [text for text, _ in entries(chunks[start:end])]
    first_chapter = next((i for i in range(end, len(marks)) if marks[i].kind == "heading"), -1)
    for index in named_lines(texts, chunks, end):
        if index < 0 or marks[index].kind != "text":
            continue
        chunk = marks[index].chunk
        title = " ".join(chunk.text.split())
        if index < first_chapter:
            marks[index] = Mark("matter", chunk, role=match_matter_heading(title) or "other")
        else:
            marks[index] = Mark("heading", chunk,
                                HeadingMatch("chapter", title.rstrip("."), "contents-entry"))
