"""Themes: named designs the EPUB and the PDF share, with options an author flips."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import zipfile
from functools import cache
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from mkbook import api
from mkbook.errors import ConfigError
from mkbook.themes import available_themes, options_css, theme_css
from support import (
    SAMPLE,
    assert_valid_epub,
    corpus_books,
    corpus_source,
    outline_entries,
    write_project,
)

THEMES = ("classic", "modern", "romance", "manuscript")


def test_four_themes_ship_and_each_describes_itself(run_cli: object) -> None:
    assert tuple(theme.name for theme in available_themes()) == tuple(sorted(THEMES))
    listed = run_cli("themes")  # type: ignore[operator]
    assert listed.exit_code == 0
    for theme in available_themes():
        assert theme.description and f"{theme.name}" in listed.stdout
        assert set(theme.options) == {"lead_in", "ornament", "sink", "headings"}


def test_an_unknown_theme_or_option_value_names_what_there_is() -> None:
    with pytest.raises(ConfigError, match="unknown theme 'gothic'.*classic, manuscript"):
        theme_css("gothic", None, "pdf")
    with pytest.raises(ConfigError, match="lead_in 'raised' is not one of"):
        theme_css("classic", {"lead_in": "raised"}, "pdf")
    with pytest.raises(ConfigError, match="sink 'deep' is not a length"):
        theme_css("classic", {"sink": "deep"}, "pdf")


def test_options_make_their_rules_and_only_theirs() -> None:
    drop = options_css({"lead_in": "drop-cap"}, "pdf")
    assert "::first-letter" in drop and "font-variant: normal" in drop
    assert "::first-letter" not in options_css({"lead_in": "small-caps"}, "pdf")
    assert options_css({"ornament": '* "x"'}, "pdf") == \
        'hr.scene-break::after { content: "*\\00a0 \\"x\\""; }\n'
    assert "@supports" in options_css({"ornament": "#"}, "epub")
    assert "padding-top: 2in" in options_css({"sink": "2in"}, "pdf")
    assert options_css({"sink": "2in"}, "epub") == "\n"  # a screen has no page to sink on
    assert "text-align: left" in options_css({"headings": "left"}, "epub")
    assert "break-before: page" in options_css({"chapter_start": "any"}, "pdf")
    assert options_css({"chapter_start": "any"}, "epub") == "\n"
    assert options_css({"chapter_start": "recto"}, "pdf") == "\n"
    with pytest.raises(ConfigError, match="chapter_start 'left' is not one of: recto, any"):
        options_css({"chapter_start": "left"}, "pdf")


def test_a_book_toml_theme_table_is_checked(tmp_path: Path) -> None:
    (tmp_path / "book.toml").write_text('[book]\ntitle = "T"\ntheme = "romance"\n'
                                        '[theme]\nlead_in = "none"\nglow = true\n')
    (tmp_path / "a.md").write_text("# One\n\nText.\n")
    with pytest.raises(ConfigError, match="unknown key 'glow' in \\[theme\\]"):
        api.export(api.load_project(tmp_path), "epub", tmp_path / "b.epub")


@cache
def _built(folder: Path, theme: str, fmt: str) -> Path:
    """The sample set in *theme*, as *fmt* (built once per session)."""
    path = folder / f"{theme}.{'epub' if fmt == 'epub' else 'pdf'}"
    return api.export(api.load_project(SAMPLE), fmt, path, {"theme": theme}).path


def _opening_png(pdf: Path) -> bytes:
    """The first chapter's opening page, rendered (PDFium) as PNG bytes."""
    import pypdfium2

    reader = pypdf.PdfReader(pdf)
    page = dict(outline_entries(reader))["The Count"]
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=1).to_pil()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def themed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("themed")


def test_each_theme_sets_the_sample_in_a_valid_epub_and_a_pdf_of_its_own(themed: Path) -> None:
    openings = {}
    for theme in THEMES:
        epub = _built(themed, theme, "epub")
        assert_valid_epub(epub)
        with zipfile.ZipFile(epub) as book:
            sheet = book.read("EPUB/css/theme.css").decode()
            chapter = next(book.read(n).decode() for n in book.namelist() if "chapter" in n)
        assert sheet.startswith(theme_css(theme, None, "epub")[:40])
        assert chapter.index("css/epub.css") < chapter.index("css/theme.css")
        openings[theme] = _opening_png(_built(themed, theme, "pdf"))
    for one, other in itertools.combinations(THEMES, 2):
        assert openings[one] != openings[other], (one, other)


def test_the_modern_theme_embeds_its_sans(themed: Path) -> None:
    import pikepdf

    with pikepdf.open(_built(themed, "modern", "pdf")) as pdf:
        fonts = {str(font.BaseFont): font for page in pdf.pages
                 for font in page.Resources.get("/Font", pikepdf.Dictionary()).values()}
        sans = [font for name, font in fonts.items() if name.endswith("+mkbook-sans")]
        assert sans, list(fonts)
        descriptor = sans[0].DescendantFonts[0].FontDescriptor
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        assert len(program.read_bytes()) > 1000  # Lato's glyphs, embedded


def test_a_project_extends_its_theme_with_styles_extra_css(tmp_path: Path) -> None:
    root = write_project(tmp_path / "book", {
        "a.md": "# One\n\nThe lamp was lit.\n\n# Two\n\nThe tide came in.\n",
        "styles/extra.css": "h1.chapter-title { font-size: 30pt; }\n"},
        '[book]\ntitle = "Harbour"\nauthors = ["A. Writer"]\ntheme = "romance"\n')
    project = api.load_project(root)
    epub = api.export(project, "epub", tmp_path / "b.epub").path
    assert_valid_epub(epub)
    with zipfile.ZipFile(epub) as book:
        chapter = next(book.read(n).decode() for n in book.namelist() if "chapter" in n)
    assert chapter.index("css/theme.css") < chapter.index("css/extra.css")
    pdf = api.export(project, "pdf", tmp_path / "b.pdf").path
    with pdfplumber.open(pdf) as printed:
        sizes = {round(c["size"]) for page in printed.pages for c in page.chars
                 if c["text"] == "O"}
    assert 30 in sizes, sizes  # the project's rule over the theme's 1.7em


@pytest.mark.parametrize("name", corpus_books())
def test_each_theme_sets_every_corpus_book_in_a_valid_epub(name: str, tmp_path: Path) -> None:
    project = api.load_project(corpus_source(name))
    for theme in THEMES[1:]:  # classic is the corpus tests' own build
        assert_valid_epub(api.export(project, "epub", tmp_path / f"{theme}.epub",
                                     {"theme": theme}).path)


@pytest.mark.long
@pytest.mark.parametrize("theme", THEMES[1:])  # classic is the corpus tests' own build
@pytest.mark.parametrize("name", corpus_books())
def test_each_theme_sets_every_corpus_book_in_a_pdf(name: str, theme: str,
                                                     tmp_path: Path) -> None:
    """Every corpus book laid out in each theme: a PDF ``check`` finds no error in (the
    trim, fonts embedded with their glyphs, an even count, chapters on rectos), with
    every chapter in its outline.  Forty-two layouts, about 16 minutes here: the long
    suite (``make test-long``), which CI runs after ``make test``."""
    from mkbook.checks import check_pdf
    from mkbook.exporters.pdf.page_setup import page_setup
    from mkbook.transforms import apply_transforms

    project = api.load_project(corpus_source(name))
    path = api.export(project, "pdf", tmp_path / f"{theme}.pdf", {"theme": theme}).path
    chapters = apply_transforms(project.book, project.config).chapters
    setup = page_setup({"theme": theme})
    errors = [f for f in check_pdf(path, setup, [c.title for c in chapters])
              if f.severity == "error"]
    assert errors == []
    reader = pypdf.PdfReader(path)
    assert len(outline_entries(reader)) >= len(chapters) or len(chapters) < 2


def test_the_colophon_names_the_faces_the_book_is_set_in(themed: Path, tmp_path: Path) -> None:
    """The book face and the theme's own; where the project's sheets set a font of
    their own, the colophon says nothing rather than name the wrong one."""
    def colophon(path: Path) -> str:
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages[:6])
        found = re.search(r"Set in [^.]+\.", " ".join(text.split()))
        return found.group(0) if found else ""

    assert colophon(_built(themed, "classic", "pdf")) == "Set in Source Serif Pro."
    assert colophon(_built(themed, "modern", "pdf")) == "Set in Source Serif Pro and Lato."
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    (root / "styles").mkdir(exist_ok=True)
    (root / "styles" / "extra.css").write_text("body { font-family: serif; }\n",
                                               encoding="utf-8")
    own = api.export(api.load_project(root), "pdf", tmp_path / "own.pdf").path
    assert colophon(own) == ""
