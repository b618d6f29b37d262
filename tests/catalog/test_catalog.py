"""A catalog built as one job on an embedded Dask cluster: every good book built and
valid, a broken one and a hanging one reported with their reason, the run exiting
non-zero; built again, only what changed; the report and the OPDS feeds say it all."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from feeds import assert_valid_feeds, atom_problems, feed_problems, publication_problems
from forty import CRASHES, faulty_children
from lxml import etree
from typer.testing import CliRunner

from mkbook.catalog.one_book import MANIFEST
from mkbook.catalog.opds import ACQUISITION, ATOM
from mkbook.catalog.plan import read_catalog
from mkbook.cli import app
from support import write_project

STORY = "Chapter 1\n\nThe boat came in at dawn, and the whole village went down to meet it.\n"


def _catalog(root: Path) -> Path:
    """Two projects, one manuscript file, a binary file and a pipe named as manuscripts."""
    write_project(root / "harbour", {"chapters/01.md": "# One\n\nThe ferry came.\n"},
                  '[book]\ntitle = "Harbour"\nauthors = ["A. Writer"]\nlanguage = "en"\n')
    write_project(root / "lighthouse", {"chapters/01.md": "# Light\n\nIt turned.\n"},
                  '[book]\ntitle = "Lighthouse"\nlanguage = "en"\npublisher = "Own Imprint"\n')
    (root / "tide.txt").write_text(f"The Tide\n\n{STORY}", encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01\x02 not a manuscript")
    os.mkfifo(root / "pipe.txt")  # reading it would wait for a writer that never comes
    (root / "catalog.toml").write_text(
        '[catalog]\ntitle = "Test Press"\nformats = ["epub"]\nbooks = ["harbour", '
        '"lighthouse", "tide.txt", "broken.txt", "pipe.txt"]\n\n[book]\n'
        'publisher = "Test Press"\nauthors = ["House Author"]\n', encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = _catalog(tmp_path_factory.mktemp("catalog"))
    result = CliRunner().invoke(app, ["catalog", str(root), "--workers", "2",
                                      "--book-timeout", "300"])
    report = json.loads((root / "dist" / "report.json").read_text(encoding="utf-8"))
    return {"root": root, "result": result, "books": {b["slug"]: b for b in report["books"]},
            "summary": report["summary"]}


def test_good_books_are_built_and_valid_and_bad_ones_reported(run: dict[str, Any]) -> None:
    result, books = run["result"], run["books"]
    assert result.exit_code == 1, result.output
    assert "5 books: 3 built, 0 unchanged, 2 failed, 0 timed out" in result.stdout
    assert {slug: book["status"] for slug, book in books.items()} == {
        "harbour": "built", "lighthouse": "built", "tide": "built", "broken": "failed",
        "pipe": "failed"}
    assert "binary file" in books["broken"]["error"]
    assert "not a regular file" in books["pipe"]["error"]
    for slug in ("harbour", "lighthouse", "tide"):  # epubcheck ran in the task: 0 and 0
        (epub,) = (run["root"] / "dist" / slug).glob("*.epub")
        assert books[slug]["epubcheck"] == {epub.name: {"errors": 0, "warnings": 0}}
        assert books[slug]["seconds"] > 0 and books[slug]["peak_memory_mb"] > 0


def test_the_catalogs_defaults_fill_what_a_book_leaves_out(run: dict[str, Any]) -> None:
    books = run["books"]
    assert books["harbour"]["publisher"] == "Test Press"
    assert books["harbour"]["authors"] == ["A. Writer"]  # its own book.toml wins
    assert books["lighthouse"]["publisher"] == "Own Imprint"
    assert books["lighthouse"]["authors"] == ["House Author"]


def test_built_again_only_the_book_that_changed_is_built(run: dict[str, Any]) -> None:
    root = run["root"]
    chapter = root / "harbour" / "chapters" / "01.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nIt left.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", str(root), "--workers", "2",
                                      "--no-epubcheck"])
    assert "1 built, 2 unchanged, 2 failed" in result.stdout, result.output
    report = json.loads((root / "dist" / "report.json").read_text(encoding="utf-8"))
    assert [b["slug"] for b in report["books"] if b["status"] == "built"] == ["harbour"]


def test_the_opds_feeds_list_every_built_book_with_its_files(run: dict[str, Any]) -> None:
    out = run["root"] / "dist"
    feed = etree.parse(str(out / "catalog.xml")).getroot()
    ns = {"a": ATOM}
    assert feed.tag == f"{{{ATOM}}}feed" and feed.findtext("a:title", namespaces=ns) == \
        "Test Press"
    for required in ("a:id", "a:updated", "a:link[@rel='self']"):
        assert feed.find(required, ns) is not None, required
    entries = feed.findall("a:entry", ns)
    assert sorted(e.findtext("a:title", namespaces=ns) for e in entries) == [
        "Harbour", "Lighthouse", "The Tide"]
    for entry in entries:
        (link,) = entry.findall(f"a:link[@rel='{ACQUISITION}']", ns)
        assert link.get("type") == "application/epub+zip"
        assert (out / link.get("href")).is_file()
        assert entry.find("a:id", ns) is not None and entry.find("a:updated", ns) is not None
    data = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert data["metadata"]["numberOfItems"] == 3
    assert {"rel": "self", "href": "catalog.json", "type": "application/opds+json"} in \
        data["links"]
    for publication in data["publications"]:  # what OPDS 2.0 asks of each publication
        assert publication["metadata"]["@type"] == "http://schema.org/Book"
        assert publication["metadata"]["title"] and publication["metadata"]["modified"]
        links = {link["rel"]: link for link in publication["links"]}
        assert (out / links[ACQUISITION]["href"]).is_file()
        assert json.loads((out / links["self"]["href"]).read_text(encoding="utf-8")) == \
            publication
        assert [image["type"] for image in publication["images"]] == ["image/png"]
        assert all((out / image["href"]).is_file() for image in publication["images"])


def test_the_opds_feeds_pass_their_schemas(run: dict[str, Any]) -> None:
    assert_valid_feeds(run["root"] / "dist")


def test_the_schemas_catch_what_an_opds_client_would_trip_on(run: dict[str, Any]) -> None:
    """Each schema fails a feed with one of the faults it is there to catch."""
    out = run["root"] / "dist"
    feed = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    untitled = {**feed, "metadata": {"numberOfItems": 3}}
    assert any("'title' is a required property" in p for p in feed_problems(untitled))
    unlisted = {key: value for key, value in feed.items() if key != "publications"}
    assert feed_problems(unlisted)
    publication = feed["publications"][0]
    no_files = {**publication, "links": [link for link in publication["links"]
                                         if link["rel"] == "self"]}
    assert any(p.startswith("links") for p in publication_problems(no_files))
    assert publication_problems({**publication, "images": []})
    undated = {**publication, "metadata": {**publication["metadata"], "modified": "May"}}
    assert publication_problems(undated)
    atom = (out / "catalog.xml").read_bytes()
    assert any("no acquisition link" in p for p in atom_problems(
        atom.replace(ACQUISITION.encode(), b"related")))
    assert atom_problems(atom.replace(b"<updated>", b"<updated>on ", 1))
    assert atom_problems(atom.replace(b"<id>", b"<!-- --><title>Two</title><id>", 1))


def test_a_catalog_folder_without_catalog_toml_lists_its_projects_and_manuscripts(
        tmp_path: Path) -> None:
    write_project(tmp_path / "one", {"chapters/01.md": "# One\n\nA.\n"})
    (tmp_path / "two.md").write_text("# Two\n\nB.\n", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-")
    (tmp_path / "dist").mkdir()
    catalog = read_catalog(tmp_path)
    assert [book.slug for book in catalog.books] == ["one", "two"]
    before = catalog.books[0].inputs
    (tmp_path / "one" / "dist").mkdir()
    (tmp_path / "one" / "dist" / "old.epub").write_bytes(b"PK")
    assert read_catalog(tmp_path).books[0].inputs == before  # an output is no input
    (tmp_path / "one" / "chapters" / "01.md").write_text("# One\n\nB.\n", encoding="utf-8")
    assert read_catalog(tmp_path).books[0].inputs != before


def test_a_catalog_toml_error_names_the_table(tmp_path: Path) -> None:
    (tmp_path / "catalog.toml").write_text("[books]\nx = 1\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", str(tmp_path)])
    assert result.exit_code == 5 and "unknown table [books]" in result.output


def test_a_book_past_its_time_is_stopped_and_the_last_build_kept(tmp_path: Path) -> None:
    """A book that takes longer than ``--book-timeout`` is stopped, with every process
    it started, and reported; its previous output stays as it was."""
    from mkbook.catalog.one_book import build_isolated

    root = write_project(tmp_path / "slow", {"chapters/01.md": f"# One\n\n{STORY}"})
    (book,) = read_catalog(tmp_path).books
    (tmp_path / "out" / "slow").mkdir(parents=True)
    (tmp_path / "out" / "slow" / "slow.epub").write_bytes(b"the previous book")
    report = build_isolated(book, str(tmp_path / "out"), timeout=0.5)
    assert report["status"] == "timeout" and "timed out after 0.5 s" in report["error"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["slow"]
    assert (tmp_path / "out" / "slow" / "slow.epub").read_bytes() == b"the previous book"
    assert root.is_dir()


def test_a_book_that_crashes_its_process_is_reported_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that dies on a signal (here SIGSEGV, injected by :func:`forty.fault_hook`)
    is reported as such; the folder it was writing goes."""
    from mkbook.catalog.one_book import build_isolated

    faulty_children(monkeypatch, tmp_path / "hook")
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / CRASHES).write_text(f"Crash\n\n{STORY}", encoding="utf-8")
    (book,) = read_catalog(tmp_path / "books").books
    report = build_isolated(book, str(tmp_path / "out"), timeout=120)
    assert report["status"] == "failed", report
    assert report["error"].startswith("the build process ended on SIGSEGV (it crashed)")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_book_past_its_memory_is_stopped(tmp_path: Path) -> None:
    from mkbook.catalog.one_book import build_isolated

    write_project(tmp_path / "big", {"chapters/01.md": f"# One\n\n{STORY}"})
    (book,) = read_catalog(tmp_path).books
    report = build_isolated(book, str(tmp_path / "out"), timeout=120, memory_mb=20)
    assert report["status"] == "failed"
    assert report["error"] == "used more than 20 MB of memory (--book-memory)"
    assert report["peak_memory_mb"] > 20
    assert [*(tmp_path / "out").glob("*"), *(tmp_path / "out").glob(".*")] == []


def test_the_output_is_served_on_loopback_with_the_feeds_media_types(tmp_path: Path) -> None:
    import threading
    from urllib.error import HTTPError
    from urllib.request import urlopen

    from mkbook.catalog.serve import catalog_server

    (tmp_path / "dist" / "book").mkdir(parents=True)
    (tmp_path / "dist" / "catalog.xml").write_text("<feed/>", encoding="utf-8")
    (tmp_path / "dist" / "book" / "book.epub").write_bytes(b"PK")
    (tmp_path / "secret.txt").write_text("not served", encoding="utf-8")
    server = catalog_server(tmp_path / "dist", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with urlopen(url + "catalog.xml") as response:
            assert response.headers["Content-Type"].startswith("application/atom+xml")
        with urlopen(url + "book/book.epub") as response:
            assert response.headers["Content-Type"] == "application/epub+zip"
        for path in ("../secret.txt", "%2e%2e/secret.txt", "book/"):
            with pytest.raises(HTTPError) as caught:
                urlopen(url + path)
            assert caught.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_the_dashboard_link_is_given_when_the_scheduler_runs_one() -> None:
    from mkbook.catalog.run import dashboard_link

    class Client:
        dashboard_link = "http://127.0.0.1:8787/status"

        def __init__(self, services: dict[str, int], bokeh: bool) -> None:
            self.services, self.bokeh = services, bokeh

        def scheduler_info(self) -> dict[str, Any]:
            return {"services": self.services}

        def run_on_scheduler(self, function: Any) -> bool:
            assert isinstance(function(), bool)  # it runs there, whatever is installed here
            return self.bokeh

    assert dashboard_link(Client({"dashboard": 8787}, True)) == "http://127.0.0.1:8787/status"
    assert dashboard_link(Client({"dashboard": 8787}, False)) == ""  # a page saying so
    assert dashboard_link(Client({}, True)) == ""


def test_a_catalog_at_a_url_is_read_and_written_through_fsspec(tmp_path: Path) -> None:
    """``file://`` takes the calls ``s3://`` would (fsspec's): the books are listed,
    hashed, copied to the worker and their folders uploaded; the bytes are those of the
    catalog built from its path, and a second run finds every book up to date."""
    root = tmp_path / "press"
    write_project(root / "harbour", {"chapters/01.md": "# One\n\nThe ferry came.\n"},
                  '[book]\ntitle = "Harbour"\nlanguage = "en"\n')
    (root / "tide.txt").write_text(f"The Tide\n\n{STORY}", encoding="utf-8")
    (root / "catalog.toml").write_text('[catalog]\nformats = ["epub", "pdf"]\n', "utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01 not a manuscript")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    runner = CliRunner()
    here = runner.invoke(app, ["catalog", str(root), "-o", str(tmp_path / "here"),
                               "--workers", "1", "--no-epubcheck"])
    url = runner.invoke(app, ["catalog", root.as_uri(), "-o", (tmp_path / "there").as_uri(),
                              "--workers", "1", "--no-epubcheck"])
    assert "3 books: 2 built" in here.stdout and "3 books: 2 built" in url.stdout, url.output
    assert f"broken: {root.as_uri()}/broken.txt: is a binary file" in url.output  # its URL
    report = json.loads((tmp_path / "there" / "report.json").read_text(encoding="utf-8"))
    built = [book for book in report["books"] if book["status"] == "built"]
    assert len(built) == 2
    for book in built:  # every file as the catalog built from its path gave it
        assert sorted(book["formats"]) == ["epub", "pdf"]
        for item in book["formats"].values():
            ours = tmp_path / "here" / book["slug"] / item["file"]
            assert (tmp_path / "there" / book["slug"] / item["file"]).read_bytes() == \
                ours.read_bytes()
    assert {b["source"] for b in report["books"]} == {
        f"file://{root}/harbour", f"file://{root}/tide.txt", f"file://{root}/broken.txt"}
    assert_valid_feeds(tmp_path / "there")
    again = runner.invoke(app, ["catalog", root.as_uri(), "-o", (tmp_path / "there").as_uri(),
                                "--workers", "1", "--no-epubcheck"])
    assert "3 books: 0 built, 2 unchanged, 1 failed" in again.stdout, again.output
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # nothing written
    assert not list((tmp_path / "there").glob(".*"))  # no upload or old folder left


def test_a_source_copied_from_a_url_keeps_its_files_times(tmp_path: Path) -> None:
    """The book's date is its newest file's: the copy a worker builds from has them."""
    from mkbook.catalog.plan import LEFT_OUT
    from mkbook.catalog.storage import modified_time, staged

    project = write_project(tmp_path / "book", {"chapters/01.md": "# One\n\nA.\n",
                                                "dist/book.epub": "an old build"})
    os.utime(project / "chapters" / "01.md", (1_500_000_000, 1_500_000_000))
    with staged(project.as_uri(), "book", LEFT_OUT) as local:
        assert local != project and (local / "chapters" / "01.md").read_text() == "# One\n\nA.\n"
        assert (local / "chapters" / "01.md").stat().st_mtime == 1_500_000_000
        assert not (local / "dist").exists()  # a project's outputs are no input
    assert not local.exists()
    assert modified_time({"updated": "2017-07-14T02:40:00Z"}) == 1_500_000_000  # GCS

def test_an_unknown_protocol_is_named_with_what_to_install(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["catalog", "nosuchfs://bucket/books"])
    assert result.exit_code == 5, result.output
    assert "cannot open nosuchfs://bucket/books" in result.output and "install" in result.output


def test_an_object_stores_own_hash_stands_for_the_bytes(tmp_path: Path) -> None:
    """Where the store lists a file's hash (S3's ETag), the catalog is planned from
    listings alone: no book is read, and a changed hash is a changed book."""
    from fsspec.implementations.memory import MemoryFileSystem

    from mkbook.catalog.plan import input_hash

    class Store(MemoryFileSystem):  # type: ignore[misc]
        etag = "abc"

        def info(self, path: str, **kwargs: Any) -> dict[str, Any]:
            found = dict(super().info(path, **kwargs))
            return {**found, "ETag": self.etag} if found["type"] == "file" else found

        def _open(self, path: str, mode: str = "rb", **kwargs: Any) -> Any:
            assert "r" not in mode, f"{path} was read"
            return super()._open(path, mode, **kwargs)

    store = Store()
    store.pipe_file("/press/book/chapters/01.md", b"# One\n")
    store.find = lambda path, detail=False, **kw: {  # type: ignore[method-assign]
        "/press/book/chapters/01.md": store.info("/press/book/chapters/01.md")}
    first = input_hash(store, "/press/book", {}, ())
    assert input_hash(store, "/press/book", {}, ()) == first
    Store.etag = "def"
    assert input_hash(store, "/press/book", {}, ()) != first


def test_a_catalog_larger_than_a_page_is_a_chain_of_feed_pages(tmp_path: Path) -> None:
    """Five books at two a page: three pages of each feed, linked first, previous, next
    and last, with the total on each; written again on one page, the others go."""
    from dataclasses import replace

    from mkbook.catalog.opds import write_feeds
    from mkbook.catalog.plan import Catalog
    from mkbook.catalog.storage import Output

    reports = [{"slug": f"book-{n}", "status": "built", "title": f"Book {n}",
                "modified": f"2024-01-0{n}T00:00:00Z", "cover": "cover.png",
                "formats": {"epub": {"file": f"book-{n}.epub", "bytes": 100}}}
               for n in range(1, 6)]
    catalog = Catalog(str(tmp_path), "Paged Press", (), per_page=2)
    write_feeds(catalog, reports, Output(str(tmp_path)))
    assert sorted(p.name for p in tmp_path.glob("catalog*")) == [
        "catalog-2.json", "catalog-2.xml", "catalog-3.json", "catalog-3.xml", "catalog.json",
        "catalog.xml"]
    assert_valid_feeds(tmp_path)
    middle = json.loads((tmp_path / "catalog-2.json").read_text(encoding="utf-8"))
    assert {link["rel"]: link["href"] for link in middle["links"]} == {
        "self": "catalog-2.json", "first": "catalog.json", "last": "catalog-3.json",
        "previous": "catalog.json", "next": "catalog-3.json"}
    assert middle["metadata"]["numberOfItems"] == 5
    assert (middle["metadata"]["itemsPerPage"], middle["metadata"]["currentPage"]) == (2, 2)
    assert [p["metadata"]["title"] for p in middle["publications"]] == ["Book 3", "Book 4"]
    ns = {"a": ATOM, "os": "http://a9.com/-/spec/opensearch/1.1/"}
    last = etree.parse(str(tmp_path / "catalog-3.xml")).getroot()
    assert {link.get("rel"): link.get("href") for link in last.findall("a:link", ns)} == {
        "self": "catalog-3.xml", "start": "catalog.xml", "first": "catalog.xml",
        "last": "catalog-3.xml", "previous": "catalog-2.xml"}
    assert [last.findtext(f"os:{name}", namespaces=ns)
            for name in ("totalResults", "itemsPerPage", "startIndex")] == ["5", "2", "5"]
    assert len({etree.parse(str(page)).getroot().findtext("a:id", namespaces=ns)
                for page in tmp_path.glob("catalog*.xml")}) == 3
    write_feeds(replace(catalog, per_page=0), reports, Output(str(tmp_path)))
    assert sorted(p.name for p in tmp_path.glob("catalog*")) == ["catalog.json", "catalog.xml"]
    whole = json.loads((tmp_path / "catalog.json").read_text(encoding="utf-8"))
    assert len(whole["publications"]) == 5 and "currentPage" not in whole["metadata"]
    assert [link["rel"] for link in whole["links"]] == ["self"]


def test_per_page_must_be_a_count(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    (tmp_path / "catalog.toml").write_text('[catalog]\nper_page = "ten"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["catalog", str(tmp_path)])
    assert result.exit_code == 5 and "per_page must be a whole number" in result.output


def test_a_second_plan_reads_only_the_files_that_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sizes and times remembered from the last run stand for the bytes; a changed
    file is read again, and its book's hash changes."""
    from fsspec.implementations.local import LocalFileSystem

    monkeypatch.setenv("MKBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "press"
    write_project(root / "one", {"chapters/01.md": "# One\n\nA.\n"})
    (root / "two.md").write_text("# Two\n\nB.\n", encoding="utf-8")
    for path in root.rglob("*"):
        os.utime(path, (1_600_000_000, 1_600_000_000))
    first = {book.slug: book.inputs for book in read_catalog(root).books}
    opened: list[str] = []
    real_open = LocalFileSystem._open

    def counted(self: Any, path: str, *args: Any, **kwargs: Any) -> Any:
        opened.append(path)
        return real_open(self, path, *args, **kwargs)

    monkeypatch.setattr(LocalFileSystem, "_open", counted)
    again = {book.slug: book.inputs for book in read_catalog(root).books}
    assert again == first and opened == []
    (root / "two.md").write_text("# Two\n\nC.\n", encoding="utf-8")  # same size, new time
    os.utime(root / "two.md", (1_600_000_100, 1_600_000_100))
    changed = {book.slug: book.inputs for book in read_catalog(root).books}
    assert opened == [str(root / "two.md")]
    assert changed["one"] == first["one"] and changed["two"] != first["two"]
    (root / "two.md").unlink()
    read_catalog(root)
    (memo,) = (tmp_path / "cache" / "catalog-hashes").glob("*.json")
    assert list(json.loads(memo.read_text(encoding="utf-8"))) == [
        str(root / "one" / "book.toml"), str(root / "one" / "chapters" / "01.md")]  # forgotten


def test_a_run_killed_half_way_is_finished_by_the_next(tmp_path: Path) -> None:
    """What a killed run leaves — a book with no finished build (no manifest), another
    half-written beside its place — is built by the next run, and nothing else is."""
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.md").write_text(f"# {name.title()}\n\n{STORY}", encoding="utf-8")
    (tmp_path / "catalog.toml").write_text('[catalog]\nformats = ["epub"]\n', encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["catalog", str(tmp_path), "--workers", "1", "--no-epubcheck"])
    assert "3 books: 3 built" in first.stdout, first.output
    out = tmp_path / "dist"
    shutil.rmtree(out / "two")  # killed before it was put in place
    (out / ".two.partial-99999").mkdir()
    (out / ".two.partial-99999" / "two.epub").write_bytes(b"half")
    (out / "three" / MANIFEST).unlink()  # killed before its manifest was written
    again = runner.invoke(app, ["catalog", str(tmp_path), "--workers", "1", "--no-epubcheck"])
    assert "3 books: 2 built, 1 unchanged" in again.stdout, again.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [b["slug"] for b in report["books"] if b["status"] == "built"] == ["three", "two"]
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []
