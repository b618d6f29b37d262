"""The Word reader on documents made here with python-docx, one per pattern real
manuscripts show: heading styles; no styles, only centred bold headings after page
breaks; scene breaks three ways; tracked changes and comments; footnotes."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from word_documents import LOREM, outline, save

from mkbook import api
from mkbook.model import Emphasis, FootnoteRef, Image, Strong
from mkbook.walk import block_text, iter_inlines, word_counts
from support import REPO, assert_builds, assert_valid_epub, reading_warnings


def test_heading_styles_give_title_chapters_and_sections(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.author = "Ann Author"
    document.add_paragraph("The Harbour", style="Title")
    document.add_paragraph("A Novel", style="Subtitle")
    document.add_heading("Preface", level=1)
    document.add_paragraph("Why I wrote it.")
    for number in (1, 2):
        document.add_heading("", level=1)  # an empty heading used as spacing
        document.add_heading(f"Chapter {number}", level=1)
        document.add_paragraph(LOREM * 3)
        document.add_heading("On the quay", level=2)
        paragraph = document.add_paragraph("She said it was ")
        paragraph.add_run("never").italic = True
        paragraph.add_run(" too late, ")
        paragraph.add_run("truly").bold = True
        paragraph.add_run(".")
    document.add_heading("Acknowledgments", level=1)
    document.add_paragraph("To everyone.")
    project = api.load_project(save(document, tmp_path / "novel.docx"))
    book = project.book
    assert_builds(project, tmp_path)
    assert (book.metadata.title, book.metadata.subtitle, book.metadata.authors) == (
        "The Harbour", "A Novel", ("Ann Author",))
    assert outline(book) == {"front": [("preface", "Preface")],
                             "chapters": ["Chapter 1", "Chapter 2"], "scenes": [1, 1],
                             "parts": [], "back": [("acknowledgments", "Acknowledgments")]}
    blocks = list(book.chapters[0].blocks)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Heading", "Paragraph"]
    runs = list(iter_inlines(blocks[2]))
    assert any(isinstance(r, Emphasis) for r in runs) and any(isinstance(r, Strong) for r in runs)


def test_no_styles_centred_bold_headings_after_page_breaks(tmp_path: Path) -> None:
    """Every paragraph in Normal: the headings are told apart by layout alone."""
    document = docx.Document()
    for number, title in enumerate(("The Arrival", "The Storm", "The Departure")):
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.add_run(title).bold = True
        for _ in range(3):
            document.add_paragraph(LOREM * 2)
    centred = document.add_paragraph("A line set in the middle, but not a heading at all.")
    centred.alignment = WD_ALIGN_PARAGRAPH.CENTER
    project = api.load_project(save(document, tmp_path / "draft.docx"))
    book = project.book
    assert_builds(project, tmp_path)
    assert outline(book)["chapters"] == ["The Arrival", "The Storm", "The Departure"]


def test_a_lone_centred_bold_line_is_not_a_heading(tmp_path: Path) -> None:
    """Must not fire: one set-apart line in a document is emphasis, not a chapter."""
    document = docx.Document()
    document.add_paragraph(LOREM * 3)
    line = document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.add_run("Remember this").bold = True
    document.add_paragraph(LOREM * 3)
    project = api.load_project(save(document, tmp_path / "story.docx"))
    book = project.book
    assert_builds(project, tmp_path)
    assert outline(book)["chapters"] == ["Story"]
    assert "Remember this" in [block_text(b) for b in book.chapters[0].blocks]


def test_scene_breaks_three_ways(tmp_path: Path) -> None:
    def chapter(document: docx.document.Document, breaks: str) -> None:
        document.add_paragraph("Chapter One")
        for scene in range(3):
            if scene and breaks == "marker":
                document.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif scene and breaks == "empty":
                document.add_paragraph()
            elif scene and breaks == "double":
                document.add_paragraph()
                document.add_paragraph()
            for _ in range(2):
                document.add_paragraph(LOREM)
                if breaks == "double":
                    document.add_paragraph()  # the author double-spaces every paragraph

    for breaks in ("marker", "empty", "double"):
        document = docx.Document()
        chapter(document, breaks)
        project = api.load_project(save(document, tmp_path / f"{breaks}.docx"))
        assert outline(project.book)["scenes"] == [3], breaks
        assert_builds(project, tmp_path / breaks)


def _tracked(paragraph: docx.text.paragraph.Paragraph, tag: str, text: str) -> None:
    """A tracked insertion (``w:ins``) or deletion (``w:del``) holding *text*."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), "1")
    change.set(qn("w:author"), "Editor")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    change.append(run)
    paragraph._p.append(change)


def test_tracked_changes_and_comments(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Chapter One")
    paragraph = document.add_paragraph("The ferry came ")
    _tracked(paragraph, "w:ins", "slowly ")
    _tracked(paragraph, "w:del", "quickly ")
    paragraph.add_run("in.")
    document.add_comment(paragraph.runs, text="Cut this? — your editor", author="Editor")
    project = api.load_project(save(document, tmp_path / "edited.docx"))
    text = " ".join(block_text(b) for b in project.book.chapters[0].blocks)
    assert text == "The ferry came slowly in."
    assert reading_warnings(project.book) == ["MK209"]
    assert "editor" not in str(project.book).casefold().replace("mk209", "")
    assert_builds(project, tmp_path)


def _footnote(document: docx.document.Document, paragraph: docx.text.paragraph.Paragraph,
              text: str, kind: str = "footnote") -> None:
    """A footnote (or an endnote): python-docx writes none, so its part is made here."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = (f'<w:{kind}s xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
           f'main"><w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
           f'</w:p></w:{kind}><w:{kind} w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r>'
           f'</w:p></w:{kind}></w:{kind}s>')
    part = Part(PackURI(f"/word/{kind}s.xml"),
                f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml",
                xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)
    run = paragraph.add_run()
    reference = OxmlElement(f"w:{kind}Reference")
    reference.set(qn("w:id"), "1")
    run._r.append(reference)


def test_footnotes_are_notes_of_their_chapter(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Chapter One", level=1)
    paragraph = document.add_paragraph("The ferry came in.")
    _footnote(document, paragraph, "It was late, as always.")
    project = api.load_project(save(document, tmp_path / "notes.docx"))
    book = project.book
    assert_builds(project, tmp_path)
    chapter = book.chapters[0]
    assert [r.label for b in chapter.blocks for r in iter_inlines(b)
            if isinstance(r, FootnoteRef)] == ["fn-1"]
    assert [block_text(b) for n in chapter.notes for b in n.blocks] == ["It was late, as always."]


def test_endnotes_are_notes_of_their_chapter(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Chapter One", level=1)
    paragraph = document.add_paragraph("The ferry came in.")
    _footnote(document, paragraph, "Endnote: the harbour log.", kind="endnote")
    project = api.load_project(save(document, tmp_path / "endnotes.docx"))
    chapter = project.book.chapters[0]
    assert [r.label for b in chapter.blocks for r in iter_inlines(b)
            if isinstance(r, FootnoteRef)] == ["en-1"]
    assert [block_text(b) for n in chapter.notes for b in n.blocks] == [
        "Endnote: the harbour log."]
    assert_builds(project, tmp_path)


def test_every_word_of_the_document_reaches_the_epub(tmp_path: Path) -> None:
    """Conservation: python-docx's own text of the body, every word, is in the EPUB."""
    document = docx.Document()
    document.add_paragraph("The Harbour", style="Title")
    for number in (1, 2):
        document.add_heading(f"Chapter {number}", level=1)
        document.add_paragraph(LOREM * 2)
        document.add_paragraph("A quotation set apart.", style="Quote")
        document.add_paragraph("first item", style="List Bullet")
        document.add_paragraph("second item", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Name", "Age"), ("Ann", "31")), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    path = save(document, tmp_path / "whole.docx")
    project = api.load_project(path)
    result = api.export(project, "epub", tmp_path / "whole.epub")
    assert_valid_epub(result.path)
    import zipfile

    from lxml import html

    with zipfile.ZipFile(result.path) as epub:
        shown = " ".join(" ".join(html.fromstring(epub.read(name)).itertext())
                         for name in epub.namelist() if name.endswith(".xhtml"))
    source = "\n".join([p.text for p in document.paragraphs]
                       + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert not word_counts(source) - word_counts(shown)
    pdf = api.export(project, "pdf", tmp_path / "whole.pdf")
    assert pdf.path.stat().st_size > 1000


def test_a_folder_of_word_files_titled_by_their_names(tmp_path: Path) -> None:
    """Chapter titles that exist only as file names, in natural order, Prologue first;
    Word's lock files (``~$…``) are not chapters."""
    for name in ("Chapitre 10", "Chapitre 2", "Prologue", "Épilogue"):
        document = docx.Document()
        document.add_paragraph(LOREM * 2)
        save(document, tmp_path / f"{name}.docx")
    (tmp_path / "~$apitre 2.docx").write_bytes(b"lock")
    project = api.load_project(tmp_path)
    book = project.book
    assert_builds(project, tmp_path)
    assert outline(book)["chapters"] == ["Prologue", "Chapitre 2", "Chapitre 10", "Épilogue"]


def test_pictures_are_carried_with_their_alt_text(tmp_path: Path) -> None:
    """A picture in the document is an image of the book (its bytes carried, no file
    written into the project), with the alt text Word keeps; the EPUB is valid."""
    picture = REPO / "manuscript" / "images" / "gull-rock.png"
    document = docx.Document()
    document.add_heading("Chapter One", level=1)
    document.add_paragraph(LOREM)
    document.add_picture(str(picture))
    drawing = document.paragraphs[-1]._p.xpath(".//wp:docPr")[0]
    drawing.set("descr", "Gull Rock at low tide")
    document.add_paragraph(LOREM)
    path = save(document, tmp_path / "pictures.docx")
    project = api.load_project(path)
    images = [b for b in project.book.chapters[0].blocks if isinstance(b, Image)]
    assert [(i.alt, i.asset) for i in images] == [("Gull Rock at low tide",
                                                   "images/pictures/image1.png")]
    assert project.book.assets[0].data == picture.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pictures.docx"]
    result = api.export(project, "epub", tmp_path / "pictures.epub")
    assert_valid_epub(result.path)
    pdf = api.export(project, "pdf", tmp_path / "pictures.pdf")
    import pdfplumber

    with pdfplumber.open(pdf.path) as opened:
        assert sum(len(page.images) for page in opened.pages) == 1


def test_a_generated_contents_table_is_left_out(tmp_path: Path) -> None:
    """Word's contents table (TOC styles) is not reproduced: the book makes its own; its
    text is listed as removed, so no word goes unaccounted for."""
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    for number in (1, 2):
        document.add_paragraph(f"Chapter {number}\t{number * 3}", style="toc 1")
    for number in (1, 2):
        document.add_heading(f"Chapter {number}", level=1)
        document.add_paragraph(LOREM)
    project = api.load_project(save(document, tmp_path / "toc.docx"))
    book = project.book
    assert_builds(project, tmp_path)
    assert outline(book)["front"] == [] and outline(book)["chapters"] == ["Chapter 1",
                                                                         "Chapter 2"]
    assert [r.rule for r in book.removed] == ["generated-contents"]


def test_init_from_a_word_draft_makes_a_project_that_reads_the_same(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mkbook.cli import app

    picture = REPO / "manuscript" / "images" / "gull-rock.png"
    document = docx.Document()
    document.add_paragraph("The Harbour", style="Title")
    for number in (1, 2):
        document.add_heading(f"Chapter {number}", level=1)
        paragraph = document.add_paragraph("The ferry came ")
        paragraph.add_run("in").italic = True
        paragraph.add_run(" at dusk. " + LOREM)
    document.add_picture(str(picture))
    draft = save(document, tmp_path / "draft.docx")
    result = CliRunner().invoke(app, ["init", str(tmp_path / "novel"), "--from", str(draft)])
    assert result.exit_code == 0, result.output
    original, made = api.load_project(draft).book, api.load_project(tmp_path / "novel").book
    assert outline(made) == outline(original) and made.metadata.title == "The Harbour"
    assert [[block_text(b) for b in c.blocks] for c in made.chapters] == \
        [[block_text(b) for b in c.blocks] for c in original.chapters]
    assert (tmp_path / "novel" / "images" / "draft" / "image1.png").read_bytes() == \
        picture.read_bytes()


def test_parts_in_heading_1_over_chapters_in_heading_2(tmp_path: Path) -> None:
    document = docx.Document()
    for part in ("One", "Two"):
        document.add_heading(f"Part {part}", level=1)
        for number in (1, 2):
            document.add_heading(f"Chapter {part} {number}", level=2)
            document.add_paragraph(LOREM)
    project = api.load_project(save(document, tmp_path / "parts.docx"))
    book = project.book
    assert_builds(project, tmp_path)
    assert outline(book)["parts"] == [("Part One", ["Chapter One 1", "Chapter One 2"]),
                                      ("Part Two", ["Chapter Two 1", "Chapter Two 2"])]


def test_an_rtf_file_is_read_through_pandoc_by_the_same_rules(tmp_path: Path) -> None:
    import pypandoc

    markdown = "# Chapter One\n\nThe ferry *came* in.\n\n# Chapter Two\n\nIt left again.\n"
    rtf = tmp_path / "draft.rtf"
    pypandoc.convert_text(markdown, "rtf", format="markdown", outputfile=str(rtf),
                          extra_args=["--standalone"])
    project = api.load_project(rtf)
    assert outline(project.book)["chapters"] == ["Chapter One", "Chapter Two"]
    runs = [r for b in project.book.chapters[0].blocks for r in iter_inlines(b)]
    assert any(isinstance(r, Emphasis) for r in runs)
    assert_builds(project, tmp_path)
