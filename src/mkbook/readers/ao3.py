"""A work downloaded from the Archive of Our Own (its HTML download), into the model.

The download has a fixed shape: ``div#preface`` holds the archive's notice, the tags
(``dl.tags``: rating, warnings, fandoms, relationships, characters, additional tags,
language, series, stats), the title (``h1``), the byline, the summary and notes;
``div#chapters`` holds each chapter's heading with its summary and notes
(``div.meta``), its text (``div.userstuff``) and its end notes; ``div#afterword`` the
work's end notes.  The tags become the book's metadata (rating, warnings, fandoms,
relationships, characters, tags; the series; the date published; the work's address)
and, with the summary and notes, its preface page; chapter notes are author's notes at their
chapter's start and end.  The archive's own notices and its hidden landmark headings
(``Chapter Text``) are left out, and listed.

A work's page saved from the browser has the same parts in another shape: the tags in
``dl.work.meta``, the title (``h2.title``), byline, summary and notes in
``#workskin .preface``, each chapter a ``div.chapter`` (its ``h3.title`` and notes in
``div.preface`` groups around its ``div.userstuff``), the work's end notes in
``div.afterword``.  The archive's page around it — menus, kudos, comments, footer — is
left out, and listed.
"""

from __future__ import annotations

import re
from typing import Any

from mkbook.diagnostics import SourceRef
from mkbook.model import AuthorNote, Block, BodyItem, Chapter, Metadata, Removal, Scene, Section
from mkbook.readers.html_blocks import (
    SCENE_BREAK,
    HtmlContext,
    cut_scenes,
    element_blocks,
    visible_text,
)
from mkbook.readers.read_file import ReadFile

_WORK_URL_RE = re.compile(r"^https?://(?:www\.)?archiveofourown\.org/works/\d+$")
_SERIES_RE = re.compile(r"Part\s+(?P<index>\d+)\s+of\s+(?P<name>.+)", re.IGNORECASE)
_PUBLISHED_RE = re.compile(r"Published:\s*(?P<date>\d{4}-\d{2}-\d{2})")
_BRACKETED_SERIES_RE = re.compile(r"(?P<name>.+?)\s*\[(?P<index>\d+)\]\s*$")
_DATE_RE = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})")


def is_ao3(root: Any) -> bool:
    """A download of the archive (its preface and its chapters), or a work's page."""
    return (root.find(".//div[@id='preface']") is not None
            and root.find(".//div[@id='chapters']") is not None) or is_ao3_page(root)


def is_ao3_page(root: Any) -> bool:
    """A work's page saved from the archive's site: its skin, its chapters, its tags."""
    return (root.find(".//div[@id='workskin']") is not None
            and root.find(".//div[@id='chapters']") is not None
            and root.find(".//dl[@class]") is not None
            and any("work" in (dl.get("class") or "").split() for dl in root.iter("dl")))


def read_ao3(root: Any, ctx: HtmlContext, source_text: str) -> ReadFile:
    """The work: metadata and preface page, chapters with their notes, end notes."""
    if is_ao3_page(root):
        return _read_page(root, ctx, source_text)
    source = _source(root)  # the notice that links it is about to be left out
    removed = _archive_notices(root, ctx)
    preface = root.find(".//div[@id='preface']")
    title_element = preface.find(".//h1")
    title = " ".join(title_element.text_content().split()) if title_element is not None else ""
    authors = tuple(" ".join(a.text_content().split()) for a in preface.iter("a")
                    if a.get("rel") == "author")
    metadata = work_metadata(title, authors, _tags(preface), _summary(preface), source)
    for byline in [*_classed(preface, "*", "byline"), title_element]:
        if byline is not None:
            removed.append(left_out(byline, "ao3-byline", "the byline, read as the metadata",
                                     ctx))
    page = element_blocks(preface, ctx)
    front = (Section("preface", "", tuple(page), SourceRef(ctx.files.display, 1),
                     rule="ao3-preface"),) if page else ()
    body = tuple(_chapters(root.find(".//div[@id='chapters']"), ctx, title))
    afterword = root.find(".//div[@id='afterword']")
    closing = element_blocks(afterword, ctx) if afterword is not None else []
    back = (Section("author-note", "", tuple(closing), ctx.ref(afterword),
                    rule="ao3-afterword"),) if closing else ()
    return ReadFile(metadata, front, body, back, tuple(ctx.warnings), source_text,
                    tuple(ctx.files.assets.values()), tuple(r for r in removed if r.text))


def _archive_notices(root: Any, ctx: HtmlContext) -> list[Removal]:
    """The archive's notices, hidden landmark headings and pointers to the notes, taken
    out of the page and listed."""
    removed = [left_out(element, "ao3-notice", "the archive's notice", ctx)
               for element in _classed(root, "p", "message")]
    removed += [left_out(element, "ao3-landmark", "a heading the archive hides", ctx)
                for element in _classed(root, "*", "landmark")]
    removed += [left_out(element, "ao3-notice", "the archive's pointer to the notes", ctx)
                for element in _note_pointers(root)]
    return removed


def _read_page(root: Any, ctx: HtmlContext, source_text: str) -> ReadFile:
    """A work's page saved from the site: the same work, its parts in the page's places."""
    body = root.find("body")
    skin = root.find(".//div[@id='workskin']")
    tags = next(dl for dl in root.iter("dl") if "work" in (dl.get("class") or "").split())
    removed = [Removal("ao3-page", "the archive's page around the work (menus, kudos, "
                       "comments)", _strip_around(body, {skin, tags}), ctx.ref(body))]
    removed += _archive_notices(root, ctx)
    source = next((link.get("href") for link in root.iter("link")
                   if link.get("rel") == "canonical"), "") or _source(root)
    preface = next((d for d in _classed(skin, "div", "preface") if d.getparent() is skin),
                   skin)
    title_element = next(iter(_classed(preface, "*", "title")), None)
    title = " ".join(title_element.text_content().split()) if title_element is not None else ""
    authors = tuple(" ".join(a.text_content().split()) for a in preface.iter("a")
                    if a.get("rel") == "author")
    summary = next((" ".join(q.text_content().split()) for d in _classed(preface, "div",
                    "summary") for q in d.iter("blockquote")), "")
    metadata = work_metadata(title, authors, _tags(tags), summary, source)
    for byline in [*_classed(preface, "*", "byline"), title_element]:
        if byline is not None:
            removed.append(left_out(byline, "ao3-byline", "the byline, read as the metadata",
                                    ctx))
    page = element_blocks(tags, ctx) + element_blocks(preface, ctx)
    front = (Section("preface", "", tuple(page), SourceRef(ctx.files.display, 1),
                     rule="ao3-preface"),) if page else ()
    body_items = tuple(_page_chapters(skin.find(".//div[@id='chapters']"), ctx, title))
    closing = [b for d in _classed(skin, "div", "afterword") for b in element_blocks(d, ctx)]
    back = (Section("author-note", "", tuple(closing), SourceRef(ctx.files.display, 1),
                    rule="ao3-afterword"),) if closing else ()
    return ReadFile(metadata, front, body_items, back, tuple(ctx.warnings), source_text,
                    tuple(ctx.files.assets.values()), tuple(r for r in removed if r.text))


def _strip_around(body: Any, keep: set[Any]) -> str:
    """Take out of *body* everything but *keep* and what holds it; return its text."""
    texts: list[str] = []

    def strip(element: Any) -> None:
        for child in list(element):
            if child in keep:
                continue
            if any(inner in keep for inner in child.iter()):
                strip(child)
            elif isinstance(child.tag, str):
                texts.append(" ".join(visible_text(child).split()))
                child.drop_tree()

    strip(body)
    return "\n".join(text for text in texts if text)


def _page_chapters(container: Any, ctx: HtmlContext, work_title: str) -> list[BodyItem]:
    """Each ``div.chapter``: its title and notes before and after its text; a work of
    one chapter has only its text."""
    chapters: list[BodyItem] = []
    for chapter in (c for c in container if "chapter" in (c.get("class") or "").split()):
        groups = [g for g in chapter if "preface" in (g.get("class") or "").split()]
        heading = next((h for g in groups[:1] for h in _classed(g, "*", "title")), None)
        title = " ".join(heading.text_content().split()) if heading is not None else ""
        where = ctx.ref(heading if heading is not None else chapter)
        if heading is not None:
            heading.drop_tree()
        text = [b for c in chapter if "userstuff" in (c.get("class") or "").split()
                for b in element_blocks(c, ctx)]
        opening = _note(groups[0], ctx) if groups and groups[0].getprevious() is None else []
        closing = _note(groups[-1], ctx) if groups and groups[-1].getnext() is None else []
        chapters.append(_chapter(title or work_title, opening, text, closing, where))
    if not chapters:
        text = [b for c in container for b in element_blocks(c, ctx)] if len(container) else []
        chapters.append(_chapter(work_title, [], text, [], ctx.ref(container)))
    return chapters


def _classed(root: Any, tag: str, name: str) -> list[Any]:
    return [element for element in root.iter(tag if tag != "*" else None)
            if isinstance(element.tag, str) and name in (element.get("class") or "").split()]


def left_out(element: Any, rule: str, what: str, ctx: HtmlContext) -> Removal:
    """Take *element* out of the page (its tail stays), listing its text as removed."""
    text = " ".join(visible_text(element).split())
    where = ctx.ref(element)
    element.drop_tree()
    return Removal(rule, what, text, where)


def _note_pointers(root: Any) -> list[Any]:
    """The archive's ``(See the end of the chapter for more notes.)``: a paragraph in
    brackets whose link leads to notes elsewhere in the page, which the book places at
    the chapter's end anyway."""
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    return [paragraph for paragraph in root.iter("p")
            if (text := " ".join(paragraph.text_content().split())).startswith("(")
            and text.endswith((")", ").")) and any(
                (link.get("href") or "")[1:] in ids for link in paragraph.iter("a")
                if (link.get("href") or "").startswith("#"))]


def _source(root: Any) -> str:
    """The work's address on the archive, as the download's notice links it."""
    return next((link.get("href") for link in root.iter("a")
                 if _WORK_URL_RE.match(link.get("href") or "")), "")


def _tags(preface: Any) -> dict[str, list[str]]:
    """The tag list: each label (``fandom``) with its values (each link's text, or the
    whole text for a label without links, like ``Stats``)."""
    found: dict[str, list[str]] = {}
    for term in preface.iter("dt"):
        label = " ".join(term.text_content().split()).rstrip(":").lower()
        value = term.getnext()
        if value is None or value.tag != "dd":
            continue
        links = [" ".join(a.text_content().split()) for a in value.iter("a")]
        text = " ".join(value.text_content().split())
        found[label] = links if links and label != "series" else [text]
    return found


def _summary(preface: Any) -> str:
    """The summary's text: the quotation after the ``Summary`` paragraph."""
    for paragraph in preface.iter("p"):
        if " ".join(paragraph.text_content().split()).rstrip(":").lower() == "summary":
            quote = paragraph.getnext()
            if quote is not None and quote.tag == "blockquote":
                return " ".join(quote.text_content().split())
    return ""


_LABELS = {"content_warnings": ("archive warning", "archive warnings", "warnings"),
           "fandoms": ("fandom", "fandoms", "category"),
           "relationships": ("relationship", "relationships", "ships", "pairing", "pairings"),
           "characters": ("character", "characters"),
           "tags": ("additional tags", "freeform", "genre", "extra tags")}
"""Each fan-fiction field, by the labels archives and FanFicFare give it."""


def work_metadata(title: str, authors: tuple[str, ...], tags: dict[str, list[str]],
                  summary: str, source: str) -> Metadata:
    """A work's metadata from its labelled tags (``fandom`` → its values), as the
    archive's preface or FanFicFare's title page lists them."""
    def values(*labels: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for label in labels for v in tags.get(label, ())))

    series, index = "", None
    named = " ".join(tags.get("series", []))
    if found := _SERIES_RE.search(named) or _BRACKETED_SERIES_RE.search(named):
        series, index = found.group("name").strip(), float(found.group("index"))
    published = _PUBLISHED_RE.search(" ".join(tags.get("stats", []))) or _DATE_RE.match(
        " ".join(tags.get("published", [])))
    return Metadata(title=title, authors=authors,
                    language=_language(" ".join(tags.get("language", []))),
                    description=summary, series=series, series_index=index,
                    date=published.group("date") if published else "", source=source,
                    rating=", ".join(values("rating")),
                    content_warnings=values(*_LABELS["content_warnings"]),
                    fandoms=values(*_LABELS["fandoms"]),
                    relationships=values(*_LABELS["relationships"]),
                    characters=values(*_LABELS["characters"]), tags=values(*_LABELS["tags"]))


def _language(name: str) -> str:
    """The work's language as the archive names it (``English``, ``Русский``) as a tag."""
    if not name.strip():
        return ""
    import langcodes

    try:
        return str(langcodes.find(name.split("-")[0].strip()))
    except (LookupError, ValueError, ImportError):
        return "en"


def _chapters(container: Any, ctx: HtmlContext, work_title: str) -> list[BodyItem]:
    """Each chapter: its heading and opening notes (a ``div.meta`` with an ``h2``), its
    text, and the notes in the ``div.meta`` after it; a one-chapter work has only text."""
    chapters: list[BodyItem] = []
    opening: list[Block] = []
    text: list[Block] = []
    title, where = "", SourceRef(ctx.files.display, 1)
    for child in container:
        if not isinstance(child.tag, str):
            continue
        classes = set((child.get("class") or "").split())
        heading = child.find(".//h2") if "meta" in classes else None
        if heading is not None:
            if text or opening:
                chapters.append(_chapter(title or work_title, opening, text, [], where))
            title, where = " ".join(heading.text_content().split()), ctx.ref(heading)
            heading.drop_tree()
            opening, text = _note(child, ctx), []
        elif "meta" in classes and (text or opening):
            chapters.append(_chapter(title or work_title, opening, text, _note(child, ctx),
                                     where))
            title, opening, text = "", [], []
        else:
            text.extend(element_blocks(child, ctx) if child.tag == "div"
                        else _lone(child, ctx))
    if text or opening:
        chapters.append(_chapter(title or work_title, opening, text, [], where))
    return chapters


def _lone(element: Any, ctx: HtmlContext) -> list[Block]:
    from mkbook.readers.html_blocks import block

    return block(element, ctx)


def _note(meta: Any, ctx: HtmlContext) -> list[Block]:
    """A chapter's summary and notes (or end notes), as one author's note."""
    blocks = [b for b in element_blocks(meta, ctx) if b is not SCENE_BREAK]
    return [AuthorNote(tuple(blocks), ctx.ref(meta))] if blocks else []


def _chapter(title: str, opening: list[Block], text: list[Block], closing: list[Block],
             where: SourceRef) -> Chapter:
    scenes = cut_scenes(text)
    scenes[0][:0] = opening
    scenes[-1].extend(closing)
    return Chapter(title, tuple(Scene(tuple(s)) for s in scenes if s), where,
                   rule="ao3-chapter")
