"""The OpenDocument reader on hand-made ``.odt`` files: heading styles, layout-only
headings, scene breaks, notes, tracked changes and comments, a missing meta.xml."""

from __future__ import annotations

import zipfile
from pathlib import Path

from mkbook import api
from mkbook.model import Book, Emphasis, FootnoteRef, Image, Span
from mkbook.walk import block_text, iter_inlines, plain_text
from support import REPO, assert_builds, reading_warnings

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
STYLES = (f'<office:document-styles {NS}><office:styles>'
          '<style:style style:name="Heading_20_1" style:display-name="Heading 1" '
          'style:family="paragraph" style:default-outline-level="1"/>'
          '</office:styles></office:document-styles>')
AUTOMATIC = ('<office:automatic-styles>'
             '<style:style style:name="P1" style:family="paragraph"><style:paragraph-properties '
             'fo:text-align="center" fo:break-before="page"/><style:text-properties '
             'fo:font-weight="bold"/></style:style>'
             '<style:style style:name="T1" style:family="text"><style:text-properties '
             'fo:font-style="italic"/></style:style>'
             '<style:style style:name="T2" style:family="text"><style:text-properties '
             'fo:font-variant="small-caps"/></style:style>'
             '<style:style style:name="T3" style:family="text"><style:text-properties '
             'style:text-position="super 58%"/></style:style>'
             '<style:style style:name="T4" style:family="text"><style:text-properties '
             'style:text-underline-style="solid"/></style:style>'
             '</office:automatic-styles>')
LOREM = "The ferry came in at dusk, its lamps swinging, and the people moved back."


def odt(path: Path, body: str, meta: str | None = None, pictures: dict[str, bytes] | None = None
        ) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", f'<office:document-content {NS}>{AUTOMATIC}'
                         f'<office:body><office:text>{body}</office:text></office:body>'
                         '</office:document-content>')
        package.writestr("styles.xml", STYLES)
        if meta is not None:
            package.writestr("meta.xml", f'<office:document-meta {NS}><office:meta>{meta}'
                             '</office:meta></office:document-meta>')
        for name, data in (pictures or {}).items():
            package.writestr(name, data)
    return path


def outline(book: Book) -> dict[str, object]:
    return {"chapters": [c.title for c in book.chapters],
            "scenes": [len(c.scenes) for c in book.chapters]}


def test_heading_styles_notes_and_emphasis(tmp_path: Path) -> None:
    body = "".join(
        f'<text:h text:style-name="Heading_20_1" text:outline-level="1">Chapter {n}</text:h>'
        f'<text:p>{LOREM} It was <text:span text:style-name="T1">late</text:span>.'
        f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}'
        f'</text:note-citation><text:note-body><text:p>A note {n}.</text:p></text:note-body>'
        f'</text:note></text:p><text:p>* * *</text:p><text:p>{LOREM}</text:p>'
        for n in (1, 2))
    meta = ("<dc:title>The Crossing</dc:title>"
            "<meta:initial-creator>Ann Author</meta:initial-creator>")
    project = api.load_project(odt(tmp_path / "crossing.odt", body, meta))
    book = project.book
    assert_builds(project, tmp_path)
    assert (book.metadata.title, book.metadata.authors) == ("The Crossing", ("Ann Author",))
    assert outline(book) == {"chapters": ["Chapter 1", "Chapter 2"], "scenes": [2, 2]}
    first = book.chapters[0]
    runs = [r for b in first.blocks for r in iter_inlines(b)]
    assert any(isinstance(r, Emphasis) for r in runs)
    assert [r.label for r in runs if isinstance(r, FootnoteRef)] == ["odt-ftn1"]
    assert [block_text(b) for n in first.notes for b in n.blocks] == ["A note 1."]


def test_layout_headings_without_meta_xml(tmp_path: Path) -> None:
    """No heading styles, no meta.xml: centred bold paragraphs after page breaks."""
    body = "".join(f'<text:p text:style-name="P1">{title}</text:p><text:p>{LOREM}</text:p>'
                   f'<text:p>{LOREM}</text:p>' for title in ("Arrival", "Departure"))
    project = api.load_project(odt(tmp_path / "draft.odt", body))
    book = project.book
    assert_builds(project, tmp_path)
    assert outline(book)["chapters"] == ["Arrival", "Departure"]


def test_tracked_changes_and_comments(tmp_path: Path) -> None:
    body = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
            '<text:p>quickly</text:p></text:deletion></text:changed-region>'
            '<text:changed-region text:id="c2"><text:insertion/></text:changed-region>'
            '</text:tracked-changes><text:h text:outline-level="1">Chapter One</text:h>'
            '<text:p>The ferry came <text:change text:change-id="c1"/><text:change-start '
            'text:change-id="c2"/>slowly <text:change-end text:change-id="c2"/>in.'
            '<office:annotation><dc:creator>Editor</dc:creator><text:p>Cut this?</text:p>'
            '</office:annotation></text:p>')
    project = api.load_project(odt(tmp_path / "edited.odt", body))
    book = project.book
    assert_builds(project, tmp_path)
    assert [block_text(b) for b in book.chapters[0].blocks] == ["The ferry came slowly in."]
    assert reading_warnings(book) == ["MK209"]


def test_pictures_and_a_valid_epub(tmp_path: Path) -> None:
    picture = (REPO / "manuscript" / "images"
               / "gull-rock.png").read_bytes()
    body = ('<text:h text:outline-level="1">Chapter One</text:h>'
            f'<text:p>{LOREM}</text:p><text:p><draw:frame><draw:image '
            'xlink:href="Pictures/gull.png"/><svg:desc>Gull Rock</svg:desc></draw:frame>'
            '</text:p>')
    project = api.load_project(odt(tmp_path / "pics.odt", body,
                                   pictures={"Pictures/gull.png": picture}))
    images = [b for b in project.book.chapters[0].blocks if isinstance(b, Image)]
    assert [(i.alt, i.asset) for i in images] == [("Gull Rock", "images/pics/gull.png")]
    assert_builds(project, tmp_path)


def test_small_capitals_superscripts_and_underline(tmp_path: Path) -> None:
    body = ('<text:h text:outline-level="1">Chapter 1</text:h>'
            '<text:p>On the 1<text:span text:style-name="T3">st</text:span> the '
            '<text:span text:style-name="T2">bbc</text:span> said it was '
            '<text:span text:style-name="T4">wet</text:span>.</text:p>')
    project = api.load_project(odt(tmp_path / "faces.odt", body))
    book = project.book
    assert_builds(project, tmp_path)
    runs = list(iter_inlines(next(iter(book.chapters[0].blocks))))
    assert [(r.kind, plain_text(r.children)) for r in runs if isinstance(r, Span)] == [
        ("superscript", "st"), ("small-caps", "bbc")]
    assert [plain_text(r.children) for r in runs if isinstance(r, Emphasis)] == ["wet"]


def test_a_flat_opendocument_file(tmp_path: Path) -> None:
    """A flat ``.fodt`` (one XML file: meta, styles and body, pictures inline as base64)
    reads as its zipped twin does."""
    import base64

    picture = (REPO / "manuscript" / "images"
               / "gull-rock.png").read_bytes()
    styles = STYLES.removeprefix(f"<office:document-styles {NS}>").removesuffix(
        "</office:document-styles>")
    flat = tmp_path / "harbour.fodt"
    flat.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        '<office:meta><dc:title>The Harbour</dc:title><dc:language>fr</dc:language>'
        f'</office:meta>{styles}{AUTOMATIC}<office:body><office:text>'
        '<text:h text:outline-level="1">Chapitre 1</text:h>'
        f'<text:p>{LOREM}</text:p><text:p><draw:frame><draw:image><office:binary-data>'
        f'{base64.b64encode(picture).decode()}</office:binary-data></draw:image>'
        '<svg:desc>Gull Rock</svg:desc></draw:frame></text:p>'
        '<text:h text:outline-level="1">Chapitre 2</text:h>'
        f'<text:p>{LOREM}</text:p></office:text></office:body></office:document>',
        encoding="utf-8")
    project = api.load_project(flat)
    book = project.book
    assert (book.metadata.title, book.metadata.language) == ("The Harbour", "fr")
    assert outline(book) == {"chapters": ["Chapitre 1", "Chapitre 2"], "scenes": [1, 1]}
    images = [b for b in book.chapters[0].blocks if isinstance(b, Image)]
    assert [(i.alt, i.asset) for i in images] == [("Gull Rock",
                                                   "images/harbour/embedded-1.png")]
    assert book.assets[0].data == picture
    assert_builds(project, tmp_path)
