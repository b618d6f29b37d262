"""The ``SUMMARY.md`` mdBook and GitBook both keep: a Markdown list of links to pages.

Entries are links (``- [The Ferry](ferry.md)``) in reading order; nesting makes
sub-chapters, which are chapters in their place; a heading between the lists heads a
part (``# Part Two`` in mdBook, ``## Part Two`` in GitBook).  mdBook also has *prefix*
and *suffix* chapters, links outside any list before and after it (front and back
matter), and *drafts*, links with no page (``- [Later]()``), which hold no text.
"""

from __future__ import annotations

import re

from mkbook.config import FileEntry
from mkbook.readers.maps import joined
from mkbook.readers.matter import match_matter_heading

SUMMARY = "SUMMARY.md"
_ITEM_RE = re.compile(r"^(?P<indent>\s*)[-*+]\s+\[(?P<title>[^\]]*)\]\((?P<path>[^)]*)\)\s*$")
_AFFIX_RE = re.compile(r"^\[(?P<title>[^\]]*)\]\((?P<path>[^)]*)\)\s*$")
_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>\S.*?)\s*#*$")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)


def read_summary(text: str, base: str, affixes: bool) -> tuple[FileEntry, ...]:
    """Rule *summary-map*: the files a ``SUMMARY.md`` lists, in its order.

    *base* is the summary's folder relative to the project (entries are relative to
    it).  With *affixes* (mdBook), links outside a list are front and back matter.
    The summary's own title (a first ``#`` heading before any entry) heads no part; a
    line that is neither entry nor heading (``---``, ``#- [Old](old.md)``) is skipped.
    """
    entries: list[FileEntry] = []
    part: str | None = None
    headings = 0
    for line in _COMMENT_RE.sub("", text).split("\n"):
        found = _ITEM_RE.match(line) or (_AFFIX_RE.match(line) if affixes else None)
        heading = _HEADING_RE.match(line)
        if found:
            title, path = " ".join(found.group("title").split()), found.group("path").strip()
            if not path:  # a draft: a title with no page yet, so no text to leave out
                continue
            listed = "indent" in found.groupdict()
            role = None if listed else (match_matter_heading(title) or "other")
            entries.append(FileEntry(joined(base, path.split("#")[0]), role=role, title=title,
                                     part=part if listed else None))
        elif heading:
            if entries or headings or len(heading.group("hashes")) > 1:
                part = heading.group("title")
            headings += 1
    return tuple(entries)
