"""Templates: a folder per format, the project's own first, and a project that still
overrides one under its former flat name keeps its look."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from mkbook import api
from mkbook.render.documents import plan_documents
from mkbook.render.templates import FORMER_NAMES, render_template
from support import REPO, assert_valid_epub, write_project

TEMPLATES = REPO / "src" / "mkbook" / "templates"


def _project(tmp_path: Path, templates: dict[str, str]) -> Path:
    return write_project(tmp_path / "novel", {
        "chapters/01.md": "# The Quay\n\nThe ferry came in.\n",
        **{f"templates/{name}": text for name, text in templates.items()}})


def test_the_templates_folder_mirrors_the_formats() -> None:
    shared = sorted(path.name for path in TEMPLATES.glob("*.html"))
    assert shared == ["chapter.html", "contents.html", "copyright.html", "halftitle.html",
                      "part.html", "section.html", "titlepage.html"]
    assert sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.glob("*/*")) == [
        "epub/cover.html", "epub/page.xhtml", "preview/page.html", "print/book.html",
        "print/cover.html", "print/running-heads.html"]
    assert set(FORMER_NAMES) <= {p.relative_to(TEMPLATES).as_posix()
                                 for p in TEMPLATES.rglob("*.*")}


def test_the_contents_page_is_not_named_like_the_epub_nav(tmp_path: Path) -> None:
    project = api.load_project(_project(tmp_path, {}))
    contents = [doc for doc in plan_documents(project.book) if doc.kind == "toc"]
    assert [doc.template for doc in contents] == ["contents.html"]


@pytest.mark.parametrize("name", ["epub/page.xhtml", "epub-page.xhtml"])
def test_a_project_page_template_is_used_under_its_name_or_its_former_one(
        tmp_path: Path, name: str) -> None:
    page = (TEMPLATES / "epub" / "page.xhtml").read_text(encoding="utf-8")
    folder = _project(tmp_path, {name: page.replace("<body", "<body data-own=\"yes\"")})
    result = api.export(api.load_project(folder), "epub", tmp_path / "b.epub")
    assert_valid_epub(result.path)
    with zipfile.ZipFile(result.path) as epub:
        chapter = next(n for n in epub.namelist() if n.endswith("chapter-001.xhtml"))
        assert 'data-own="yes"' in epub.read(chapter).decode()


def test_the_new_name_wins_over_the_former_one(tmp_path: Path) -> None:
    folder = _project(tmp_path, {"print/book.html": "new {{ meta.title }}",
                                 "print.html": "former {{ meta.title }}",
                                 "toc.html": "former contents"})
    book = api.load_project(folder).book
    assert render_template(folder, "print/book.html", meta=book.metadata) == "new Harbour"
    assert render_template(folder, "contents.html") == "former contents"


def test_a_template_error_names_the_project_file_it_is_in(tmp_path: Path) -> None:
    from mkbook.errors import ExportError

    folder = _project(tmp_path, {"print.html": "<p>\n{% if %}\n"})
    with pytest.raises(ExportError) as raised:
        render_template(folder, "print/book.html")
    assert str(raised.value).startswith("templates/print.html:2: template error")


def test_a_project_sheets_urls_are_rebased_to_the_project_for_the_pdf() -> None:
    """CSS reads a URL relative to its sheet; the PDF reads every sheet from the project
    folder, so a project sheet's relative URLs go under ``styles/``, and only those."""
    from mkbook.render.templates import _rebased

    css = ('@import "more.css"; @font-face { src: url(fonts/face.otf) format("opentype"), '
           'url("fonts/my face.otf"); } @media print { p { background: url(img/a.png) } } '
           'q { background: url(data:image/png;base64,AA) url(/x.png) url(https://e.org/y) '
           'url(#z) }')
    assert _rebased(css, "styles/") == (
        '@import "styles/more.css"; @font-face { src: url("styles/fonts/face.otf") '
        'format("opentype"), url("styles/fonts/my face.otf"); } @media print { p { '
        'background: url("styles/img/a.png") } } q { background: '
        'url(data:image/png;base64,AA) url(/x.png) url(https://e.org/y) url(#z) }')
