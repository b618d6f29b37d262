"""The EPUB's store gates: cover, metadata, accessibility, semantics."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from mkbook import api
from mkbook.exporters.epub.metadata import file_as
from support import (
    BuiltBook,
    assert_valid_epub,
    epubcheck_problems,
    reading_warnings,
    run_epubcheck,
)

Build = Callable[[str], BuiltBook]


def read_epub(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_book_without_a_cover_image_gets_a_generated_cover(build_book: Build) -> None:
    book = build_book("when-theres-nothing-left")
    with zipfile.ZipFile(book.epub) as archive:
        image = Image.open(io.BytesIO(archive.read("EPUB/images/cover.png")))
        assert image.size == (1600, 2560) and image.mode == "RGB"
        colours = image.resize((40, 64)).getcolors(maxcolors=4096) or []
        assert len(colours) > 2  # type is drawn on the background
    opf = book.epub_files["EPUB/content.opf"]
    assert re.search(r'<item href="images/cover.png" id="cover-image" media-type="image/png" '
                     r'properties="cover-image"/>', opf)
    assert '<meta name="cover" content="cover-image">' in opf
    assert re.search(r'<spine toc="ncx">\s*<itemref idref="cover"/>', opf)
    page = book.epub_files["EPUB/text/cover.xhtml"]
    assert '<img class="cover-image" role="doc-cover" src="../images/cover.png"' in page
    assert 'alt="Cover: When There\u2019s Nothing Left"' in page


def test_the_authors_cover_is_used_and_its_size_checked(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    Image.new("RGB", (800, 1280), (10, 20, 30)).save(tmp_path / "images" / "front.jpg")
    (tmp_path / "book.toml").write_text('[book]\ntitle = "Small"\ncover = "images/front.jpg"\n',
                                        encoding="utf-8")
    (tmp_path / "story.md").write_text("# One\n\nText.\n", encoding="utf-8")
    project = api.load_project(tmp_path)
    assert reading_warnings(project.book) == ["MK401"]
    epub = api.export(project, "epub", tmp_path / "small.epub").path
    assert_valid_epub(epub)
    files = read_epub(epub)
    assert files["EPUB/images/front.jpg"] == (tmp_path / "images" / "front.jpg").read_bytes()
    assert "EPUB/images/cover.png" not in files
    assert b'properties="cover-image"' in files["EPUB/content.opf"]


def test_metadata_for_stores_and_libraries(build_book: Build) -> None:
    opf = build_book("sample").epub_files["EPUB/content.opf"]
    for line in (
        '<dc:creator id="author-1">Ada Marlowe</dc:creator>',
        '<meta refines="#author-1" property="file-as">Marlowe, Ada</meta>',
        '<meta refines="#author-1" property="role" scheme="marc:relators">aut</meta>',
        '<dc:title id="subtitle">A Short Novel in Three Chapters</dc:title>',
        '<meta refines="#subtitle" property="title-type">subtitle</meta>',
        '<meta property="belongs-to-collection" id="series">mkbook Samples</meta>',
        '<meta refines="#series" property="collection-type">series</meta>',
        '<meta refines="#series" property="group-position">1</meta>',
        '<meta name="calibre:series" content="mkbook Samples"',
        '<meta name="calibre:series_index" content="1"',
        '<dc:publisher>mkbook Sample Press</dc:publisher>',
        '<dc:contributor id="contributor-1">Teodor Vance</dc:contributor>',
        '<meta refines="#contributor-1" property="role" scheme="marc:relators">ill</meta>',
        '<meta property="schema:accessibilityFeature">alternativeText</meta>',
        '<meta property="schema:accessibilityHazard">none</meta>',
        '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>',
        '<package xml:lang="en"',
    ):
        assert line in opf, line


def test_translators_from_a_gutenberg_header_are_contributors(build_book: Build) -> None:
    opf = build_book("war-and-peace").epub_files["EPUB/content.opf"]
    assert '<dc:contributor id="contributor-1">Louise and Aylmer Maude</dc:contributor>' in opf
    assert '<meta refines="#contributor-1" property="role" scheme="marc:relators">trl</meta>' \
        in opf


def test_file_as() -> None:
    assert file_as("Jane Austen") == "Austen, Jane"
    assert file_as("Martin Luther King Jr.") == "King, Martin Luther Jr."
    assert file_as("Homer") == "Homer"
    assert file_as("Austen, Jane") == "Austen, Jane"


def test_every_section_carries_its_semantics(build_book: Build) -> None:
    files = build_book("sample").epub_files
    assert 'epub:type="dedication" role="doc-dedication"' in files["EPUB/text/front-01.xhtml"]
    assert 'epub:type="epigraph" role="doc-epigraph"' in files["EPUB/text/front-02.xhtml"]
    chapter = files["EPUB/text/chapter-002.xhtml"]
    assert '<body epub:type="bodymatter">' in chapter
    assert 'epub:type="chapter" role="doc-chapter"' in chapter
    assert 'epub:type="noteref" role="doc-noteref"' in chapter
    assert 'epub:type="footnote" role="doc-footnote"' in chapter
    assert 'role="doc-backlink"' in chapter
    assert '<hr class="scene-break"/>' in chapter


def test_kobo_target_wraps_sentences_and_pages(build_book: Build) -> None:
    path = build_book("when-theres-nothing-left").epub_for("epub-kobo")
    assert path.name.endswith(".kepub.epub")
    chapter = read_epub(path)["EPUB/text/chapter-001.xhtml"].decode()
    assert '<div id="book-columns"><div id="book-inner">' in chapter
    assert '<p><span class="koboSpan" id="kobo.1.1">A sigh escaped the lips' in chapter
    ids = re.findall(r'id="(kobo\.\d+\.\d+)"', chapter)
    assert len(ids) == len(set(ids)) > 208  # every paragraph, most of them several sentences


def test_kindle_target_has_no_cover_page_and_no_webkit_css(build_book: Build) -> None:
    files = read_epub(build_book("sample").epub_for("epub-kindle"))
    assert "EPUB/text/cover.xhtml" not in files
    assert b'properties="cover-image"' in files["EPUB/content.opf"]
    assert b"-webkit-" not in files["EPUB/css/epub.css"] + files["EPUB/css/base.css"]
    assert all(content.startswith(b"<?xml") for name, content in files.items()
               if name.endswith((".xhtml", ".opf", ".ncx")))
    assert b"<body id=" not in b"".join(files.values())


def test_epub_command_takes_a_target(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mkbook.cli import app
    from support import SAMPLE

    result = CliRunner().invoke(app, ["epub", str(SAMPLE), "--target", "kobo", "-o",
                                      str(tmp_path / "b.kepub.epub")])
    assert result.exit_code == 0, result.output
    assert b"koboSpan" in read_epub(tmp_path / "b.kepub.epub")["EPUB/text/chapter-001.xhtml"]
    assert_valid_epub(tmp_path / "b.kepub.epub")
    result = CliRunner().invoke(app, ["epub", str(SAMPLE), "--target", "nook"])
    assert result.exit_code == 5 and "unknown target 'nook'" in result.stderr


def test_embedded_fonts_are_subset_and_reproducible(tmp_path: Path) -> None:
    import shutil

    from support import SAMPLE

    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    with (book / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n[epub]\nembed_fonts = true\n")
    project = api.load_project(book)
    first = api.export(project, "epub", tmp_path / "a.epub").path
    second = api.export(api.load_project(book), "epub", tmp_path / "b.epub").path
    assert first.read_bytes() == second.read_bytes()
    assert_valid_epub(first)
    files = read_epub(first)
    fonts = [name for name in files if name.startswith("EPUB/fonts/")]
    assert len(fonts) == 4 and all(len(files[name]) < 120_000 for name in fonts)
    assert b'font-family: "Source Serif Pro", serif' in files["EPUB/css/fonts.css"]
    assert b'href="../css/fonts.css"' in files["EPUB/text/chapter-001.xhtml"]
    assert b'media-type="font/otf"' in files["EPUB/content.opf"]


def test_without_embedding_the_reader_chooses_the_font(build_book: Build) -> None:
    files = build_book("sample").epub_files
    assert not [name for name in files if name.startswith("EPUB/fonts/")]
    css = re.sub(r"/\*.*?\*/", "", files["EPUB/css/base.css"] + files["EPUB/css/epub.css"],
                 flags=re.DOTALL)
    assert "font-family" not in css


@pytest.mark.parametrize(("table", "message"), [
    ('[epub]\nembed_font = true\n',
     "book.toml:2: unknown key 'embed_font' in [epub]; known keys: embed_fonts"),
    ('[book]\ntitle = "T"\n\n[epub]\nembed_fonts = "yes"\n',
     "book.toml:5: embed_fonts in [epub] must be true or false"),
    ('[pdf]\ntrim = "6x9"\njobs = "two"\n', "book.toml:3: jobs in [pdf] must be a whole number"),
    ('[pdf]\ncache = true\npages = 3\n', "book.toml:3: unknown key 'pages' in [pdf]"),
])
def test_an_exporter_option_error_names_the_key_and_its_line(
        table: str, message: str, tmp_path: Path) -> None:
    """Each exporter declares its options (a dataclass, a docstring per key);
    ``book.toml`` is checked against it, and an error names the key, file and line."""
    from mkbook.errors import ConfigError

    (tmp_path / "book.toml").write_text(table, encoding="utf-8")
    (tmp_path / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    fmt = "epub" if "[epub]" in table else "pdf"
    with pytest.raises(ConfigError) as raised:
        api.export(api.load_project(tmp_path), fmt, tmp_path / f"x.{fmt}")
    assert str(raised.value).startswith(message)


def test_every_exporter_option_is_documented() -> None:
    """Every key an exporter declares has a docstring in its options class's source."""
    import inspect
    from dataclasses import fields

    from mkbook.exporters import load_exporter

    for fmt in ("epub", "pdf"):
        spec = load_exporter(fmt).options_class
        source = inspect.getsource(spec)
        for option in fields(spec):
            after = source.split(f"    {option.name}:", 1)[1].split("\n", 2)[1]
            assert after.strip().startswith('"""'), (fmt, option.name)


def test_the_checker_reports_a_broken_epub(build_book: Build, tmp_path: Path) -> None:
    """The session's one epubcheck JVM still finds what epubcheck finds: a chapter the
    package lists but the zip lacks is an error, and the intact book has none."""
    intact = build_book("when-theres-nothing-left").epub
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(intact) as source, zipfile.ZipFile(broken, "w") as target:
        dropped = next(name for name in source.namelist() if "/text/chapter" in name
                       or "/text/part" in name)
        for info in source.infolist():
            if info.filename != dropped:
                target.writestr(info, source.read(info.filename))
    problems = epubcheck_problems(run_epubcheck(broken, tmp_path / "broken.json"))
    assert any("RSC-001" in problem and dropped.removeprefix("EPUB/") in problem
               for problem in problems), problems
    assert epubcheck_problems(run_epubcheck(intact, tmp_path / "intact.json")) == []
