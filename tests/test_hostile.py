"""Careless and hostile input: nothing lost, nothing outside the project read or run.

One test (or one parametrised family) for each hole the attack run of issue 13 found,
in its order: data loss, reads and code escaping the project, injection, denial of
service, invalid output, reproducibility, faults, ordinary mistakes.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mkbook import api
from mkbook.cli import INTERNAL_ERROR, app
from mkbook.readers.inline import emphasis_spans, parse_plain_inline
from support import SAMPLE, assert_valid_epub, reading_warnings

runner = CliRunner()
DRAFT = "The Draft\n\nChapter 1\n\nIt was a dark night.\n\nChapter 2\n\nThe end came.\n"


def mkbook(*args: str | Path) -> tuple[int, str]:
    """Run the command line in-process: its exit code and what it printed on stderr."""
    result = runner.invoke(app, [str(arg) for arg in args])
    assert result.exit_code != INTERNAL_ERROR, result.stderr
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project with a book.toml, a chapter, an image, a style and a template."""
    from PIL import Image

    folder = tmp_path / "novel"
    (folder / "chapters").mkdir(parents=True)
    (folder / "images").mkdir()
    (folder / "styles").mkdir()
    (folder / "book.toml").write_text('[book]\ntitle = "Novel"\n', encoding="utf-8")
    (folder / "chapters" / "01.md").write_text("# One\n\nText.\n\n![A map](../images/map.png)\n",
                                               encoding="utf-8")
    Image.new("RGB", (40, 30), "white").save(folder / "images" / "map.png")
    (folder / "styles" / "base.css").write_text("p { margin: 0 }\n", encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- 1. data loss


@pytest.mark.parametrize("target", ["draft.txt", "draft.md"])
def test_an_output_onto_the_manuscript_is_refused_and_it_survives(draft: Path,
                                                                  target: str) -> None:
    victim = draft.parent / target
    if not victim.exists():
        victim.write_text("notes\n", encoding="utf-8")
    before = victim.read_bytes()
    code, err = mkbook("epub", draft, "-o", victim)
    assert code == 5 and target in err
    assert victim.read_bytes() == before


@pytest.mark.parametrize("name", ["book.toml", "chapters/01.md", "images/map.png",
                                  "styles/base.css"])
def test_an_output_onto_any_file_of_the_project_is_refused(project: Path, name: str) -> None:
    victim = project / name
    before = victim.read_bytes()
    for command in ("epub", "pdf"):
        code, _ = mkbook(command, project, "-o", victim)
        assert code == 5
    assert victim.read_bytes() == before


def test_an_output_that_is_a_device_a_folder_or_a_file_for_build_is_refused(
        draft: Path, tmp_path: Path) -> None:
    specials = [tmp_path / "pipe.epub"]
    os.mkfifo(specials[0])
    if os.geteuid() == 0:  # a device of its own, as /dev/full is (never the machine's own)
        os.mknod(tmp_path / "full.epub", 0o666 | stat.S_IFCHR, os.makedev(1, 7))
        specials.append(tmp_path / "full.epub")
    for special in specials:
        code, err = mkbook("epub", draft, "-o", special)
        assert code == 5 and "not a regular file" in err
        assert not special.is_file()
    code, err = mkbook("epub", draft, "-o", tmp_path)
    assert code == 5 and "is a folder" in err
    code, err = mkbook("build", draft, "-o", draft)
    assert code == 5 and "not a folder" in err
    assert draft.read_text(encoding="utf-8") == DRAFT


def test_a_new_output_and_a_rebuild_over_the_last_one_still_work(draft: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out" / "book.epub"
    assert mkbook("epub", draft, "-o", out)[0] == 0
    assert mkbook("epub", draft, "-o", out)[0] == 0
    assert_valid_epub(out)


def test_init_over_an_existing_folder_names_the_files_and_overwrites_none(tmp_path: Path) -> None:
    folder = tmp_path / "novel"
    assert mkbook("init", folder)[0] == 0
    chapter = folder / "chapters" / "01-the-beginning.md"
    chapter.write_text("# Mine\n\nWhat I wrote.\n", encoding="utf-8")
    (folder / "book.toml").unlink()
    code, err = mkbook("init", folder)
    assert code == 5 and "chapters/01-the-beginning.md" in err
    code, err = mkbook("init", folder, "--force")
    assert code == 5 and "chapters/01-the-beginning.md" in err
    assert chapter.read_text(encoding="utf-8") == "# Mine\n\nWhat I wrote.\n"


def test_init_force_replaces_only_its_own_scaffold_files(tmp_path: Path) -> None:
    folder = tmp_path / "novel"
    folder.mkdir()
    (folder / "book.toml").write_text("[book]\ntitle = 'Old'\n", encoding="utf-8")
    assert mkbook("init", folder)[0] == 5
    assert mkbook("init", folder, "--force")[0] == 0
    assert "title = " in (folder / "book.toml").read_text(encoding="utf-8")


def test_init_from_a_draft_never_overwrites_a_same_named_chapter(draft: Path,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "novel"
    (folder / "chapters").mkdir(parents=True)
    mine = folder / "chapters" / "01-chapter-1.md"
    mine.write_text("mine\n", encoding="utf-8")
    code, err = mkbook("init", folder, "--from", draft)
    assert code == 5 and "chapters/01-chapter-1.md" in err
    assert mine.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("name", [".gitignore", "book.toml", "chapters"])
def test_init_never_writes_through_a_link(tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside"
    folder = tmp_path / "novel"
    folder.mkdir()
    (folder / name).symlink_to(outside)  # dangling: init would create it outside
    code, _ = mkbook("init", folder)
    assert code == 5
    assert not outside.exists()


def test_init_onto_a_file_is_refused(draft: Path) -> None:
    assert mkbook("init", draft)[0] == 5
    assert draft.read_text(encoding="utf-8") == DRAFT


# --------------------------------------------------------------------------- 3. escapes


def test_a_stylesheet_linked_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("/* TOP-SECRET */\n", encoding="utf-8")
    (project / "styles" / "base.css").unlink()
    (project / "styles" / "base.css").symlink_to(secret)
    code, err = mkbook("epub", project, "-o", tmp_path / "b.epub")
    assert code == 7 and "styles/base.css" in err
    assert not (tmp_path / "b.epub").exists()


def test_a_template_cannot_run_code(project: Path, tmp_path: Path) -> None:
    canary = tmp_path / "ran"
    (project / "templates").mkdir()
    (project / "templates" / "epub-page.xhtml").write_text(
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(canary) + "').read() }}",
        encoding="utf-8")
    code, err = mkbook("epub", project, "-o", tmp_path / "b.epub")
    assert code == 6 and "templates/epub-page.xhtml" in err
    assert not canary.exists()


def test_a_template_linked_out_of_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "evil.xhtml"
    outside.write_text("SECRET {{ title }}", encoding="utf-8")
    (project / "templates").mkdir()
    (project / "templates" / "epub-page.xhtml").symlink_to(outside)
    code, err = mkbook("epub", project, "-o", tmp_path / "b.epub")
    assert code == 7 and "templates/epub-page.xhtml" in err


def test_a_broken_template_is_named_with_its_line(project: Path, tmp_path: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "epub-page.xhtml").write_text("<p>\n{% if %}\n", encoding="utf-8")
    code, err = mkbook("epub", project, "-o", tmp_path / "b.epub")
    assert code == 6 and "templates/epub-page.xhtml:2" in err


# --------------------------------------------------------------------------- 4. injection


@pytest.mark.parametrize("tag", ['en"><x', "en\\q", "english", "fr-", "", "en gb"])
def test_a_language_that_is_not_a_bcp47_tag_is_refused(draft: Path, tmp_path: Path,
                                                       tag: str) -> None:
    code, err = mkbook("epub", draft, "--language", tag, "-o", tmp_path / "b.epub")
    assert (code, "BCP 47" in err) == ((5, True) if tag else (0, False))


def test_a_language_in_book_toml_is_checked_and_spelled_as_the_standard_says(
        project: Path, tmp_path: Path) -> None:
    toml = project / "book.toml"
    toml.write_text('[book]\ntitle = "Novel"\nlanguage = "en\\"><x"\n', encoding="utf-8")
    code, err = mkbook("inspect", project)
    assert code == 5 and "book.toml:3" in err and "BCP 47" in err
    toml.write_text('[book]\ntitle = "Novel"\nlanguage = "pt_br"\n', encoding="utf-8")
    epub = api.export(api.load_project(project), "epub", tmp_path / "b.epub").path
    with zipfile.ZipFile(epub) as archive:
        assert "<dc:language>pt-BR</dc:language>" in archive.read("EPUB/content.opf").decode()


def test_a_manuscript_that_names_no_real_language_is_marked_english_with_a_warning(
        tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text("---\ntitle: T\nlanguage: Klingonese!\n---\n\n# One\n\n"
                                      "Text.\n", encoding="utf-8")
    book = api.load_project(tmp_path / "book.md").book
    assert book.metadata.language == "en"
    assert [w.code for w in book.warnings] == ["MK103"]


def test_a_title_with_a_newline_cannot_inject_into_the_generated_book_toml(
        tmp_path: Path) -> None:
    import tomllib

    draft = tmp_path / "draft.md"
    draft.write_text('---\ntitle: "Real\\n[pdf]\\ntrim = \\"a4\\""\n---\n\n# One\n\nText.\n',
                     encoding="utf-8")
    assert mkbook("init", tmp_path / "p", "--from", draft)[0] == 0
    config = tomllib.loads((tmp_path / "p" / "book.toml").read_text(encoding="utf-8"))
    assert "pdf" not in config and config["book"]["title"] == 'Real [pdf] trim = "a4"'


def test_terminal_codes_and_newlines_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "one\x1b[2J.md").write_text("# One\x1b]0;owned\x07\n\nText.\n",
                                          encoding="utf-8")
    (folder / "two\nmkbook: error: forged.md").write_text("# Two\n\n![x](missing.png)\n",
                                                       encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(folder)])
    assert "\x1b" not in result.output + result.stderr
    assert not [line for line in (result.output + result.stderr).splitlines()
                if line.startswith("mkbook: error: forged")]
    assert result.exit_code == 0 and "\\nmkbook: error: forged.md" in result.output


# --------------------------------------------------------------------------- 5. denial of service


def test_a_device_or_a_pipe_as_the_manuscript_is_refused_at_once(tmp_path: Path) -> None:
    assert mkbook("inspect", "/dev/zero")[0] == 4
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    code, err = mkbook("inspect", fifo)  # reading it would wait for a writer for ever
    assert code == 4 and "not a regular file" in err


def test_an_image_of_too_many_pixels_is_refused_before_layout(project: Path,
                                                              tmp_path: Path) -> None:
    from PIL import Image

    Image.new("1", (12000, 12000)).save(project / "images" / "map.png")  # small file, 144 MP
    code, err = mkbook("inspect", project)
    assert code == 4 and "12000×12000" in err and "chapters/01.md:5" in err


# The rule the plain-text emphasis parser implements, as the regular expression it
# replaced (which was quadratic): the parser must agree with it everywhere.
EMPHASIS_DEFINITION = re.compile(r"(?<![\w*_])([_*])(?=[^\s_*])(.+?)(?<=[^\s_*])\1(?![\w*_])")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="_* a\n.é1", max_size=16))
def test_plain_emphasis_is_found_as_its_definition_says(text: str) -> None:
    expected = [(m.start(), m.end() - 1) for m in EMPHASIS_DEFINITION.finditer(text)]
    assert emphasis_spans(text) == expected


@settings(max_examples=8, deadline=None)
@given(st.sampled_from(["_a ", "*a ", "_a* ", "a_ _", "_a\n", "__a ", "*_a "]),
       st.sampled_from(["", "\n a_", " b*"]))
def test_plain_emphasis_takes_time_linear_in_the_paragraph(unit: str, tail: str) -> None:
    """A paragraph 16 times longer takes about 16 times as long, not 256 (quadratic).

    CPU time of this process, best of five with the collector off: a busy machine
    slows the wall clock, not the work."""
    import gc
    import time

    def seconds(repeat: int) -> float:
        text = unit * repeat + tail
        best = float("inf")
        gc.disable()
        try:
            for _ in range(5):
                start = time.process_time()
                parse_plain_inline(text)
                best = min(best, time.process_time() - start)
        finally:
            gc.enable()
        return best

    assert seconds(16 * 4000) < 80 * max(seconds(4000), 1e-4)


# --------------------------------------------------------------------------- 6. invalid output


def test_characters_xml_forbids_never_reach_the_epub(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "book.toml").write_text('[book]\ntitle = "Bell\\u0007 \\u001b[31mRed"\n'
                                      'authors = ["A\\u0000B"]\n', encoding="utf-8")
    (folder / "one.md").write_text("# One\ufffe\n\nRaw \ufffe and \uffff; entities &#12; "
                                   "&#xFFFF; &#x1F;.\n\n[link](https://x.example \"&#12;\")\n",
                                   encoding="utf-8")
    (folder / "two.txt").write_text("Chapter 2\n\nPlain \ufffe text\x0c.\n", encoding="utf-8")
    project = api.load_project(folder)
    assert project.book.metadata.title == "Bell [31mRed"
    assert set(reading_warnings(project.book)) == {"MK102"}
    epub = api.export(project, "epub", tmp_path / "b.epub").path
    assert_valid_epub(epub)


# --------------------------------------------------------------------------- 8. faults


def run_limited(args: list[str], file_size: int, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The mkbook command with files capped at *file_size* bytes: a disk that fills up."""
    import resource
    import signal

    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run([str(Path(sys.executable).with_name("mkbook")), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300, preexec_fn=cap)


@pytest.mark.parametrize("fmt", ["epub", "pdf"])
def test_a_full_disk_is_an_export_error_and_the_last_book_survives(tmp_path: Path,
                                                                   fmt: str) -> None:
    import random
    import shutil

    from PIL import Image

    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    noise = random.Random(7).randbytes(700 * 700 * 3)  # does not compress: a 1.5 MB image
    Image.frombytes("RGB", (700, 700), noise).save(book / "images" / "gull-rock.png")
    out = tmp_path / "dist" / f"book.{fmt}"
    out.parent.mkdir()
    out.write_bytes(b"the previous book")
    # Room for everything the build writes on its way (WeasyPrint's font files), not
    # for the book itself.
    result = run_limited([fmt, str(book), "-o", str(out)], 1_000_000, tmp_path)
    assert result.returncode == 6, result.stderr
    assert "cannot be written" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes() == b"the previous book"
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_a_read_only_output_folder_is_an_export_error(draft: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import mkbook.exporters as exporters

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))  # what mkstemp meets there

    monkeypatch.setattr(exporters.tempfile, "mkstemp", read_only)
    code, err = mkbook("epub", draft, "-o", tmp_path / "b.epub")
    assert code == 6 and "Read-only file system" in err and "b.epub" in err


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    import mkbook.exporters as exporters
    from mkbook.cli.app import _terminated

    out = tmp_path / "book.pdf"
    out.write_bytes(b"the previous book")
    previous = signal.signal(signal.SIGTERM, _terminated)
    monkeypatch.setattr(exporters.os, "chmod", lambda *args: os.kill(os.getpid(), signal.SIGTERM))
    try:
        with pytest.raises(SystemExit) as ended:
            exporters.write_atomically(out, b"%PDF-1.7 half a book")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert ended.value.code == 128 + signal.SIGTERM
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]
    assert out.read_bytes() == b"the previous book"


def test_sigterm_ends_the_command_through_its_clean_up(tmp_path: Path) -> None:
    import shutil
    import signal

    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    process = subprocess.Popen([str(Path(sys.executable).with_name("mkbook")), "--verbose",
                                "pdf", str(book), "-o", str(tmp_path / "b.pdf"), "--no-cache"],
                               stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    said = []
    for line in process.stderr:  # ready: it has begun laying the PDF out
        said.append(line)
        if "writing PDF" in line:
            break
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=60)
    err = "".join(said) + rest
    assert process.returncode in (0, 128 + signal.SIGTERM), err  # exited, not killed
    assert "Traceback" not in err
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_damaged_layout_cache_heals_itself(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setenv("MKBOOK_CACHE_DIR", str(tmp_path / "cache"))
    book = tmp_path / "book"
    shutil.copytree(SAMPLE, book)
    project = api.load_project(book)
    first = api.export(project, "pdf", tmp_path / "1.pdf", {"jobs": 2}).path.read_bytes()
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert any(p.suffix == ".bin" for p in entries) and any(p.suffix == ".pdf" for p in entries)
    for path in entries:  # every record cut short, as a full disk or a crash would leave it
        path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 3)])
    for run in ("2", "3"):
        again = api.export(project, "pdf", tmp_path / f"{run}.pdf", {"jobs": 2}).path
        assert again.read_bytes() == first


def test_a_stray_windows_byte_in_a_utf8_file_is_read_and_its_line_named(
        tmp_path: Path) -> None:
    from mkbook.walk import block_text

    source = tmp_path / "story.txt"
    source.write_bytes("Title\n\nChapter 1\n\nCafé au lait.\n\n".encode()
                       + b"She said \x93yes\x94 to the na\xc3\xafve man.\n")
    book = api.load_project(source).book
    assert [block_text(b) for b in book.chapters[0].blocks] == [
        "Café au lait.", "She said “yes” to the naïve man."]
    (warning,) = (warning for warning in book.warnings if warning.code != "MK104")
    assert warning.code == "MK101" and str(warning.source) == "story.txt:7"


# --------------------------------------------------------------------------- 9. ordinary mistakes


@pytest.mark.parametrize("name", ["my map.png", "café.png"])
def test_an_image_with_a_space_or_an_accent_in_its_name_is_found(project: Path, tmp_path: Path,
                                                                 name: str) -> None:
    (project / "images" / "map.png").rename(project / "images" / name)
    (project / "chapters" / "01.md").write_text(f"# One\n\n![A map](<../images/{name}>)\n",
                                                encoding="utf-8")
    epub = api.export(api.load_project(project), "epub", tmp_path / "b.epub").path
    with zipfile.ZipFile(epub) as archive:
        assert any(entry.startswith("EPUB/images/") for entry in archive.namelist())
    assert_valid_epub(epub)


# --------------------------------------------------------------------------- 2. preview


@pytest.fixture
def single_file_preview(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """``mkbook preview draft.txt`` running, with a secret and an SVG beside the draft."""
    import re
    import subprocess
    import sys

    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "id_rsa").write_text("SECRET-KEY\n", encoding="utf-8")
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "id_rsa").write_text("SECRET-KEY\n", encoding="utf-8")
    mkbook_bin = Path(sys.executable).with_name("mkbook")
    process = subprocess.Popen([str(mkbook_bin), "preview", str(tmp_path / "draft.txt"),
                                "--port", "0"], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    assert found, line
    try:
        yield int(found.group(1)), tmp_path
    finally:
        process.terminate()
        process.wait(timeout=10)
        rest = process.stderr.read()
        assert "Traceback" not in rest, rest


def request(port: int, path: str, host: str | None = None, method: str = "GET"
            ) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP request (the path sent as written, not normalised by a client)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


TRAVERSALS = ["/id_rsa", "/draft.txt", "/.ssh/id_rsa", "/../id_rsa", "/%2e%2e/id_rsa",
              "/images/../id_rsa", "/%2fid_rsa", "//id_rsa", "/./id_rsa", "/id_rsa%00.png",
              "/__styles/../id_rsa", "/__styles/..%2fid_rsa", "/" + "a" * 5000, "/%00"]


def test_a_single_file_preview_serves_nothing_of_its_folder(
        single_file_preview: tuple[int, Path]) -> None:
    port, _ = single_file_preview
    status, headers, body = request(port, "/")
    assert status == 200 and b"It was a dark night" in body
    assert "script-src" in headers["Content-Security-Policy"]
    for path in TRAVERSALS:
        status, _, body = request(port, path)
        assert status == 404 and b"SECRET" not in body, path
    assert request(port, "/", method="HEAD")[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "localhost.evil.example", ""])
def test_the_preview_refuses_a_foreign_host(single_file_preview: tuple[int, Path],
                                            host: str) -> None:
    port, _ = single_file_preview
    status, _, body = request(port, "/", host=host or " ")
    assert status == 403 and b"dark night" not in body


def test_the_preview_serves_the_books_images_only_as_images(tmp_path: Path) -> None:
    from mkbook.preview import PreviewState, _resolve

    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.svg").write_text(svg, encoding="utf-8")
    (tmp_path / "images" / "unused.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "one.md").write_text("# One\n\n![Map](images/map.svg)\n", encoding="utf-8")
    state = PreviewState(tmp_path)
    state.rebuild()
    body, kind = _resolve(state, "/images/map.svg")
    assert body == svg.encode() and kind == "image/svg+xml"
    assert _resolve(state, "/images/unused.png") == (None, "")
    assert _resolve(state, "/one.md") == (None, "")


def test_a_series_index_that_is_no_number_is_a_config_error(project: Path) -> None:
    for value in ("nan", "inf", "-1", "1e300"):
        (project / "book.toml").write_text(f'[book]\ntitle = "N"\nseries_index = {value}\n',
                                           encoding="utf-8")
        code, err = mkbook("inspect", project)
        assert code == 5 and "book.toml:3" in err, value


@pytest.mark.parametrize("files,code", [('["/etc/passwd"]', 7), ('["../outside.md"]', 7),
                                        ('["chapters"]', 5), ('["nothing/*.md"]', 3)])
def test_manuscript_files_outside_the_project_or_folders_are_clear_errors(
        project: Path, files: str, code: int) -> None:
    (project.parent / "outside.md").write_text("# Outside\n\nSecret.\n", encoding="utf-8")
    (project / "book.toml").write_text(f'[book]\ntitle = "N"\n[manuscript]\nfiles = {files}\n',
                                       encoding="utf-8")
    assert mkbook("inspect", project)[0] == code


def test_a_huge_source_date_epoch_is_a_config_error(draft: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 30)
    code, err = mkbook("epub", draft, "-o", tmp_path / "b.epub")
    assert code == 5 and "SOURCE_DATE_EPOCH" in err


def test_a_project_1100_folders_deep_is_read(tmp_path: Path) -> None:
    folder = deep = tmp_path / "p"
    folder.mkdir()
    for _ in range(1100):  # one at a time: pathlib's own mkdir(parents=True) recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "one.md").write_text("# Deep\n\nDown here.\n", encoding="utf-8")
    try:
        assert [c.title for c in api.load_project(folder).book.chapters] == ["Deep"]
    finally:  # removed here, one level at a time: shutil.rmtree recurses too
        (deep / "one.md").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent


def test_an_unreadable_folder_is_an_error_not_a_missing_chapter(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "book.toml").unlink()
    (project / "chapters" / "part2").mkdir()
    (project / "chapters" / "part2" / "02.md").write_text("# Two\n\nText.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # what a folder without read permission does
        if str(path).endswith("part2"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    code, err = mkbook("inspect", project)
    assert code == 4 and "chapters/part2" in err


@pytest.mark.parametrize("notes", ["[^a]: See[^a].", "[^a]: See[^b].\n\n[^b]: Back[^a], then on."])
def test_a_footnote_that_refers_to_itself_prints(tmp_path: Path, notes: str) -> None:
    import pypdf

    (tmp_path / "book.md").write_text(f"# One\n\nText[^a].\n\n{notes}\n", encoding="utf-8")
    pdf = api.export(api.load_project(tmp_path / "book.md"), "pdf", tmp_path / "b.pdf").path
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "See" in text and ("then on" in text or "[^b]" not in notes)


def test_a_chapter_pattern_that_backtracks_for_ever_is_stopped_with_a_message(
        tmp_path: Path) -> None:
    """A shared project's own pattern cannot hang the build (``(a|aa)+$`` on 40 a's and a
    '!' would take longer than the universe has)."""
    (tmp_path / "book.toml").write_text("[manuscript]\nchapter_pattern = '(a|aa)+$'\n",
                                        encoding="utf-8")
    (tmp_path / "one.txt").write_text("Title\n\n" + "a" * 40 + "!\n\nText.\n", encoding="utf-8")
    code, err = mkbook("inspect", tmp_path)
    assert code == 5 and "chapter_pattern" in err and "book.toml" in err
