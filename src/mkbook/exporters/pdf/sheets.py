"""The stylesheets of the printed book, in their order, and what the project's own
sheets decide: the book face, the house sheets (or the project's in their place), the
theme's, the page geometry, the profile's changes, and last ``styles/extra.css``."""

from __future__ import annotations

from mkbook.exporters.pdf.page_setup import PageSetup, page_css
from mkbook.exporters.pdf.press import Inks, inked_sheet, press_css
from mkbook.exporters.pdf.print_html import font_faces
from mkbook.labels import list_of
from mkbook.layout.jobs import BOOK_URL
from mkbook.model import Book
from mkbook.render.fonts import font_folder
from mkbook.render.templates import EXTRA_SHEET, load_style, project_style

STYLESHEETS = ("base.css", "print.css")


def print_stylesheets(book: Book, setup: PageSetup, inks: Inks | None = None) -> list[str]:
    """The book face, the house sheets (or the project's in their place), the theme's,
    the page geometry, and last the project's ``styles/extra.css``; for a press, every
    colour in its inks."""
    css = [font_faces(font_folder())]
    css += [load_style(name, book.root, from_root=True) for name in STYLESHEETS]
    css += [setup.theme_css, page_css(setup), _profile_css(setup)]
    if book.root is not None and project_style(book.root, EXTRA_SHEET):
        css.append(load_style(EXTRA_SHEET, book.root, from_root=True))
    if inks is None:
        return css
    profile = BOOK_URL + setup.output_profile if inks.profile and setup.output_profile \
        else None
    return [inked_sheet(text, inks) for text in css] + [press_css(profile)]


def _profile_css(setup: PageSetup) -> str:
    """What a profile changes: a screen PDF has no blank pages; KDP wants no bookmarks."""
    if setup.profile == "screen":
        return ("@page { @top-left { content: none; } @top-right { content: none; } "
                "@bottom-center { content: counter(page); } }\n"
                ".frontmatter > *, .bodymatter > *, .backmatter > * "
                "{ break-before: page !important; }\n")
    if setup.kdp:
        return "h1 { bookmark-level: none !important; }\n"
    return ""


def own_font_families(book: Book) -> bool:
    """Whether the project's own sheets set a ``font-family``: the colophon cannot know
    its name, nor the coverage check its files."""
    root = book.root
    return root is not None and any(project_style(root, name) is not None and "font-family"
                                    in load_style(name, root, from_root=True)
                                    for name in (*STYLESHEETS, EXTRA_SHEET))


def typefaces(book: Book, theme_name: object) -> str:
    """The faces the PDF is set in, as its colophon names them: the book face (or its
    fallback) and the theme's own."""
    from mkbook.render.fonts import FACE_NAME, THEME_FACE_NAMES
    from mkbook.themes import DEFAULT_THEME, theme

    faces = [FACE_NAME if font_folder() is not None else "DejaVu Serif"]
    faces += [THEME_FACE_NAMES[face] for face in theme(str(theme_name or DEFAULT_THEME)).faces
              if face in THEME_FACE_NAMES]
    return list_of(book.metadata.language, faces)
