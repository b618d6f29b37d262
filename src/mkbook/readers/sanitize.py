"""Raw HTML in a manuscript, made safe and well-formed before it enters the book model.

nh3 (the Ammonia sanitiser) keeps a small set of harmless, EPUB-valid tags and drops
scripts, styles, event handlers and any URL that is not ``http(s)`` or ``mailto``.
Images are dropped too: an image must come through the manuscript's own syntax so
that its file is checked to lie inside the book project.  lxml then re-serialises
the result as XML so it can sit inside an XHTML document.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

import nh3
from lxml import etree, html

_ALLOWED_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "cite", "code", "dd", "del", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul", "var",
}
_ALLOWED_ATTRIBUTES = {"*": {"class", "lang", "title", "dir"}, "a": {"href"}}


def sanitize_html(fragment: str) -> str:
    """Return *fragment* cleaned to a safe subset, serialised as well-formed XHTML."""
    cleaned = nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    if not cleaned.strip():
        return ""
    parts = html.fragments_fromstring(cleaned)
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(xml_escape(part))
        else:
            out.append(etree.tostring(part, method="xml", encoding="unicode"))
    return "".join(out).strip()
