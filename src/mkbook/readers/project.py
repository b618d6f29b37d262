"""From a SOURCE argument (a manuscript file or a book project folder) to one :class:`Book`.

A folder's files come from ``book.toml``'s ``[manuscript] files`` (globs allowed) or,
without that, every ``.md``/``.txt`` file in it, in natural name order (chapter2 before
chapter10).  Each file goes to the reader for its kind; the pieces are joined in
reading order, and metadata is merged: command line > ``book.toml`` > manuscript.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mkbook.config import FileEntry, ProjectConfig, ReadingRules, load_config
from mkbook.confine import confined_file, image_size
from mkbook.diagnostics import Diagnostic, SourceRef
from mkbook.errors import ConfigError, ManuscriptError, SourceNotFoundError
from mkbook.labels import label
from mkbook.model import (
    Asset,
    BodyItem,
    Book,
    Chapter,
    LeftOutFile,
    Metadata,
    Part,
    Removal,
    Section,
)
from mkbook.readers.accounting import check_accounted
from mkbook.readers.docx_reader import read_docx_file
from mkbook.readers.formats import (
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    WORD_SUFFIXES,
    ZIPPED_PAGE_SUFFIXES,
    refuse_unreadable,
)
from mkbook.readers.html_reader import read_html_file, read_zipped_html
from mkbook.readers.language import detect_language
from mkbook.readers.markdown import read_markdown_file
from mkbook.readers.markdown_blocks import MarkdownContext
from mkbook.readers.metadata_clean import clean_metadata
from mkbook.readers.odt_reader import read_odt_file
from mkbook.readers.plaintext import read_plaintext_file, read_plaintext_section
from mkbook.readers.project_files import project_files, single_file
from mkbook.readers.read_file import ReadFile
from mkbook.readers.rtf_reader import read_rtf_file
from mkbook.readers.structure_checks import structure_warnings
from mkbook.textnorm import language_tag

_WORD_READERS = {".odt": read_odt_file, ".fodt": read_odt_file, ".rtf": read_rtf_file}
"""The reader of each word processor's format; ``.docx`` is Word's own."""


@dataclass(frozen=True, slots=True)
class MetadataOverrides:
    """Metadata given on the command line; None leaves the book's own value."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """A book as read, with the settings its exporters take from ``book.toml``."""

    book: Book
    config: ProjectConfig
    source: Path | None = None
    """What was read: a book project folder, or a single manuscript file."""

    @property
    def folder(self) -> Path | None:
        """The book project folder (its ``dist/`` and ``.mkbook-cache/`` are in it);
        None for a single manuscript file, which has no project of its own."""
        return self.source if self.source is not None and self.source.is_dir() else None


def read_project(source: Path, overrides: MetadataOverrides | None = None) -> Project:
    """Read *source* into a book, or raise an :class:`~mkbook.errors.MkbookError`."""
    overrides = overrides or MetadataOverrides()
    if not source.exists():
        raise SourceNotFoundError("no such file or folder; check the path", source=source)
    if source.is_dir():
        root, config = source, load_config(source)
        chosen = project_files(source, config)
    else:
        # A file named on the command line is followed if it is a link: its project is
        # the folder it really lies in (where its images are).
        refuse_unreadable(source)
        root, config = source.resolve().parent, ProjectConfig()
        chosen = single_file(source)
    files = chosen.files
    book = _BookJoiner(root.resolve(), len(files) == 1, config.rules).read_all(files)
    map_metadata = chosen.book_map.metadata if chosen.book_map else {}
    metadata = merge_metadata(replace(book.metadata, **map_metadata), config, overrides)
    metadata, warnings = clean_metadata(metadata, SourceRef(_first_name(book), 1))
    if not metadata.language:
        language, guessed = detect_language(book, SourceRef(_first_name(book), 1))
        metadata, warnings = replace(metadata, language=language), (*warnings, guessed)
    if not metadata.title:
        metadata = replace(metadata, title=readme_title(source) or title_from_name(source))
    metadata = replace(metadata, identifier=book_identifier(metadata, config.book.isbn))
    book = replace(book, metadata=metadata, body=name_untitled_chapters(book.body, metadata))
    book = replace(book, warnings=tuple(chosen.warnings) + book.warnings + warnings
                   + structure_warnings(book), left_out_files=chosen.left_out + book.left_out_files,
                   project_map=chosen.book_map.describe() if chosen.book_map else "")
    mapped = chosen.book_map.cover if chosen.book_map and not config.book.cover else None
    if config.book.cover or mapped:
        named_in = Path(chosen.book_map.map_file) if mapped and chosen.book_map else config.path
        cover, warnings = read_cover(config.book.cover or mapped or "", book.root or root,
                                     named_in)
        book = replace(book, cover=cover, warnings=book.warnings + warnings)
    return Project(book, config, source)


def _first_name(book: Book) -> str:
    """The first manuscript file's name in the project, where metadata warnings point."""
    if not book.sources:
        return "manuscript"
    path = book.sources[0].resolve()
    return path.relative_to(book.root).as_posix() if book.root and path.is_relative_to(
        book.root) else path.name


COVER_MIN_SIZE = (1600, 2560)
COVER_MAX_BYTES = 5 * 1024 * 1024
_COVER_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def read_cover(name: str, root: Path, config: Path | None) -> tuple[Asset, tuple[Diagnostic, ...]]:
    """The author's cover image, confined to the project, with the stores' size advice."""
    where = SourceRef(config.name if config else "book.toml", 1)
    if Path(name).suffix.lower() not in _COVER_TYPES:
        raise ConfigError(f"cover {name!r} must be a JPEG or PNG image", source=where)
    path = confined_file(root, name, what="cover", source=where)
    size = image_size(path, name, where)
    warnings = []
    if size[0] < COVER_MIN_SIZE[0] or size[1] < COVER_MIN_SIZE[1]:
        warnings.append(Diagnostic("MK401", f"cover is {size[0]}×{size[1]}; stores ask for "
                                   "at least 1600×2560 pixels", where))
    if path.stat().st_size > COVER_MAX_BYTES:
        warnings.append(Diagnostic("MK402", "cover is larger than 5 MB, the most Kobo and "
                                   "Apple accept; save it smaller", where))
    asset = Asset(path.relative_to(root.resolve()).as_posix(), path,
                  _COVER_TYPES[path.suffix.lower()])
    return asset, tuple(warnings)


def name_untitled_chapters(body: tuple[BodyItem, ...], metadata: Metadata) -> tuple[BodyItem, ...]:
    """A lone untitled chapter takes the book's title; others are numbered."""
    if len(body) == 1 and isinstance(body[0], Chapter) and not body[0].title:
        return (replace(body[0], title=metadata.title),)
    numbered: list[BodyItem] = []
    for number, item in enumerate(body, start=1):
        if isinstance(item, Chapter) and not item.title:
            item = replace(item, title=label(metadata.language, "Chapter %(number)s",
                                             number=number))
        numbered.append(item)
    return tuple(numbered)


def _map_parts(body: list[BodyItem], in_parts: list[tuple[int, int, str]]) -> list[BodyItem]:
    """The chapters a project's map puts under a part heading, as that part."""
    if not in_parts:
        return body
    part_of = {index: title for start, end, title in in_parts for index in range(start, end)}
    grouped: list[BodyItem] = []
    for index, item in enumerate(body):
        title = part_of.get(index)
        if title is None or isinstance(item, Part):
            grouped.append(item)
        elif grouped and isinstance(grouped[-1], Part) and grouped[-1].title == title \
                and part_of.get(index - 1) == title:
            grouped[-1] = replace(grouped[-1], chapters=(*grouped[-1].chapters, item))
        else:
            grouped.append(Part(title, (item,), item.source, "map-part"))
    return grouped


def _part_pages(body: list[BodyItem]) -> list[BodyItem]:
    """Rule *part-page*: a part with no chapters of its own (a file that holds only
    ``# Part Two``) is over the chapters that follow it, up to the next part."""
    grouped: list[BodyItem] = []
    for item in body:
        last = grouped[-1] if grouped else None
        if isinstance(item, Chapter) and isinstance(last, Part) and last.rule == "part-page":
            grouped[-1] = replace(last, chapters=(*last.chapters, item))
        elif (isinstance(item, Part) and item.rule == "map-part" and isinstance(last, Part)
              and last.rule == "part-page" and not last.chapters):
            grouped[-1] = replace(last, chapters=item.chapters)  # the page's title, fuller
        elif isinstance(item, Part) and not item.chapters:
            grouped.append(replace(item, rule="part-page"))
        else:
            grouped.append(item)
    return grouped


EMPTY_FILE = "MK208"


@dataclass(slots=True)
class _BookJoiner:
    """Joins the books read from each file into one, in reading order."""

    root: Path
    single_file: bool
    rules: ReadingRules
    body: list[BodyItem] = field(default_factory=list)
    front: list[Section] = field(default_factory=list)
    back: list[Section] = field(default_factory=list)
    assets: dict[str, Asset] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    empty: list[LeftOutFile] = field(default_factory=list)
    metadata: Metadata | None = None
    matter: str = "main"
    """Where a Leanpub ``{frontmatter}``/``{backmatter}`` line left the book: it holds
    from the file it is in to the next such line, across files."""

    def read_all(self, files: list[tuple[Path, FileEntry]]) -> Book:
        in_parts: list[tuple[int, int, str]] = []  # body items a map puts in a part
        for path, entry in files:
            start = len(self.body)
            self.read_one(path, entry)
            if entry.part:
                in_parts.append((start, len(self.body), entry.part))
        self.body = _part_pages(_map_parts(self.body, in_parts))
        if not any(isinstance(item, Chapter) or item.chapters for item in self.body):
            raise ManuscriptError("has no chapters: only front or back matter was found; add "
                                  "the story's text", source=files[0][0].parent)
        metadata = self.metadata or Metadata(title="")
        return Book(metadata, tuple(self.body), tuple(self.front), tuple(self.back),
                    assets=tuple(self.assets.values()), root=self.root,
                    sources=tuple(path for path, _ in files), warnings=tuple(self.warnings),
                    removed=tuple(self.removed), left_out_files=tuple(self.empty))

    def read_one(self, path: Path, entry: FileEntry) -> None:
        """Read one file; *path* stays as the author gave it, for error messages."""
        resolved = confined_file(self.root, path.absolute(), what="manuscript file",
                                 label=path.name, source=path)
        display = resolved.relative_to(self.root).as_posix()
        refuse_unreadable(path)
        if not self.single_file and not resolved.read_bytes().strip():
            self.warnings.append(Diagnostic(EMPTY_FILE, "is empty: nothing to read, left out; "
                                            "write its text or take it out of the project",
                                            SourceRef(display, 1)))
            self.empty.append(LeftOutFile(display, "empty"))
            return
        if entry.markdown or path.suffix.lower() in MARKDOWN_SUFFIXES:
            self._add_markdown(path, display, entry.role, entry.title)
        elif path.suffix.lower() in WORD_SUFFIXES:
            reader = _WORD_READERS.get(path.suffix.lower(), read_docx_file)
            self._add_read(reader(path, display, one_of_many=not self.single_file), display)
        elif path.suffix.lower() in HTML_SUFFIXES | ZIPPED_PAGE_SUFFIXES:
            files = MarkdownContext(self.root, path, display, self.assets)
            page = read_html_file if path.suffix.lower() in HTML_SUFFIXES else read_zipped_html
            self._add_read(page(path, files, one_of_many=not self.single_file), display)
        elif entry.role and entry.role != "chapter":
            self._add_sections((read_plaintext_section(path, display, entry.role, self.root),))
        else:
            rules = replace(self.rules, chapters=entry.chapters)
            piece = read_plaintext_file(path, display, rules, self.root)
            self.metadata = self.metadata or piece.metadata
            self._add_sections(piece.front_matter)
            self.body.extend(piece.body)
            self.back.extend(piece.back_matter)
            self.warnings.extend(piece.warnings)
            self.removed.extend(piece.removed)

    def _add_markdown(self, path: Path, display: str, role: str | None,
                      title: str | None = None) -> None:
        ctx = MarkdownContext(self.root, path, display, self.assets,
                              one_of_many=not self.single_file, matter=self.matter)
        piece = read_markdown_file(path, ctx, role, title)
        self.matter = ctx.matter
        self.warnings.extend(ctx.warnings)
        self.removed.extend(ctx.removed)
        if self.metadata is None:
            self.metadata = metadata_from_front_matter(piece.front_matter, piece.title,
                                                       self.single_file)
        if piece.section:
            self._add_sections((piece.section,))
        self._add_sections(piece.lead)
        self.body.extend(piece.body)
        self._add_sections(piece.tail)

    def _add_read(self, piece: ReadFile, display: str) -> None:
        """A whole-document reader's file (Word, HTML), its words accounted for."""
        read = Book(piece.metadata, piece.body, piece.front, piece.back, removed=piece.removed)
        check_accounted(piece.source_text, read, display)
        self.removed.extend(piece.removed)
        self.metadata = self.metadata or piece.metadata
        self._add_sections(piece.front)
        self.body.extend(piece.body)
        self.back.extend(piece.back)
        self.warnings.extend(piece.warnings)
        self.assets.update((asset.name, asset) for asset in piece.assets)

    def _add_sections(self, sections: tuple[Section, ...]) -> None:
        """Sections before the first chapter are front matter; after it, back matter."""
        (self.back if self.body else self.front).extend(sections)


def metadata_from_front_matter(meta: dict[str, Any], heading_title: str,
                               single_file: bool) -> Metadata:
    """Book metadata a Markdown file may carry (pandoc-style YAML keys).

    In a one-file book ``title:`` names the book; in a folder it names a chapter.
    """
    authors = meta.get("authors", meta.get("author", ()))
    if isinstance(authors, str):
        authors = (authors,)
    title = heading_title or (str(meta.get("title") or "") if single_file else "")
    return Metadata(
        title=title,
        subtitle=str(meta.get("subtitle") or ""),
        authors=tuple(str(a) for a in authors if a),
        language=str(meta.get("language") or meta.get("lang") or ""),
        description=str(meta.get("description") or ""),
    )


def merge_metadata(found: Metadata, config: ProjectConfig,
                   overrides: MetadataOverrides) -> Metadata:
    """Command line over ``book.toml`` over the manuscript; then a stable identifier."""
    settings = config.book
    values = {key: getattr(settings, key) for key in settings.__slots__
              if key not in ("isbn", "cover", "theme") and getattr(settings, key) is not None}
    if overrides.title:
        values["title"] = overrides.title
    if overrides.authors:
        values["authors"] = overrides.authors
    if overrides.language:
        tag = language_tag(overrides.language)
        if tag is None:
            raise ConfigError(f"--language {overrides.language!r} is not a BCP 47 language "
                              "tag; give one like en, en-GB, fr or pt-BR")
        values["language"] = tag
    return replace(found, **values)


_README_TITLE_RE = re.compile(r"\A\s*(?:#[ \t]+(?P<atx>[^\n#]+?)[ \t#]*\n"
                              r"|(?P<setext>[^\n]+)\n=+[ \t]*\n)")


def readme_title(folder: Path) -> str:
    """Rule *readme-title*: when nothing else names the book, the title its project's
    README opens with (``# Clean Architectures in Python``)."""
    readme = folder / "README.md"
    if not folder.is_dir() or not readme.is_file():
        return ""
    found = _README_TITLE_RE.match(readme.read_text("utf-8-sig", errors="replace")[:2000])
    return " ".join((found.group("atx") or found.group("setext")).split()) if found else ""


def title_from_name(path: Path) -> str:
    """A readable title from a file or folder name: ``my_first-book.txt`` → ``My First Book``."""
    stem = path.resolve().stem if path.is_file() else path.resolve().name
    words = stem.replace("_", " ").replace("-", " ").split()
    return " ".join(word.capitalize() for word in words) or "Untitled"


def book_identifier(metadata: Metadata, isbn: str | None) -> str:
    """``urn:isbn:`` for a book with an ISBN, else a UUID derived from title and authors."""
    if isbn:
        return "urn:isbn:" + re.sub(r"[^0-9Xx]", "", isbn)
    key = "mkbook:" + metadata.title + "\x1f" + "\x1f".join(metadata.authors)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, key))
