"""A story FanFicFare downloaded as one web page, into the book's metadata and preface.

FanFicFare's HTML has a fixed head: an ``h1`` linking the story's address and reading
``Title by Author``; a table of ``Label:`` rows (category, genre, characters,
relationships, rating, warnings, published, summary…); a ``Table of Contents`` of
links to the chapters below it; then each chapter under an ``h2``.  The heading gives
the title and authors, the rows the metadata (the archive's fields, by the labels
FanFicFare gives them) and the preface page; the contents list is left out (the book
makes its own), and listed.  The chapters are read as any page's are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mkbook.diagnostics import SourceRef
from mkbook.model import Block, Metadata, Removal, Section
from mkbook.readers.ao3 import left_out, work_metadata
from mkbook.readers.html_blocks import HtmlContext, element_blocks


@dataclass(frozen=True, slots=True)
class StoryHead:
    """What the head of a FanFicFare page says about the story."""

    metadata: Metadata
    preface: tuple[Section, ...]
    removed: tuple[Removal, ...]


def is_fanficfare(body: Any) -> bool:
    """The page opens with a linked ``Title by Author`` heading and a table whose rows
    are labelled (``<b>Rating:</b>``)."""
    heading, table = body.find("h1"), body.find(".//table")
    if heading is None or table is None or heading.find("a") is None:
        return False
    labelled = [row for row in table.iter("tr") if _label(row)]
    return " by " in " ".join(heading.text_content().split()) and len(labelled) >= 2


def read_story_head(body: Any, ctx: HtmlContext) -> StoryHead:
    """The story's metadata and preface page, taking the heading, the table and the
    contents list out of *body* (the chapters stay for the page reader)."""
    heading, table = body.find("h1"), body.find(".//table")
    links = [" ".join(a.text_content().split()) for a in heading.iter("a")]
    source = next((a.get("href") for a in heading.iter("a")
                   if (a.get("href") or "").startswith(("http://", "https://"))), "")
    rows: dict[str, str] = {}
    for row in table.iter("tr"):
        label = _label(row)
        cells = row.findall("td")
        if label and cells:
            text = " ".join(cells[-1].text_content().split())
            rows[label.lower()] = text.removeprefix(label + ":").strip()
    summary = rows.pop("summary", rows.pop("description", ""))
    tags = {label: [v.strip() for v in value.split(", ") if v.strip()]
            for label, value in rows.items()}
    metadata = work_metadata(links[0] if links else "", tuple(links[1:]), tags, summary,
                             tags.get("story url", [source])[0] if source else "")
    page: list[Block] = element_blocks(table, ctx)
    removed = [left_out(heading, "fanficfare-heading", "the title line, read as the metadata",
                         ctx)]
    table.drop_tree()
    removed += [left_out(element, "generated-contents", "the story's contents list", ctx)
                for element in _contents(body)]
    preface = (Section("preface", "", tuple(page), SourceRef(ctx.files.display, 1),
                       rule="fanficfare-title-page"),) if page else ()
    return StoryHead(metadata, preface, tuple(r for r in removed if r.text))


def _label(row: Any) -> str:
    """A row's label: its first bold text, without the colon (``Rating``)."""
    bold = row.find(".//b")
    text = " ".join(bold.text_content().split()) if bold is not None else ""
    return text[:-1] if text.endswith(":") else ""


def _contents(body: Any) -> list[Any]:
    """The contents list: the heading FanFicFare anchors ``TOCTOP`` and the paragraph
    of chapter links after it."""
    top = body.find(".//a[@name='TOCTOP']")
    if top is None:
        return []
    heading = top if top.find(".//h2") is not None else top.getnext()
    links = heading.getnext() if heading is not None else None
    found = [top] if heading is top else [top, heading]
    if links is not None and links.tag == "p" and links.find("a") is not None and all(
            (a.get("href") or "").startswith("#") for a in links.iter("a")):
        found.append(links)
    return [element for element in found if element is not None]
