"""ISBNs checked (python-stdnum) and one per edition."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdf
import pytest

from mkbook import api
from mkbook.errors import ConfigError
from support import HARBOUR, write_project

CHAPTER = {"chapters/01.md": "# One\n\nThe harbour was quiet.\n"}


@pytest.mark.parametrize("isbn,why", [("12345", "invalid length"),
                                      ("978-0-14-143951-7", "checksum")])
def test_a_wrong_isbn_is_refused_with_its_line(tmp_path: Path, isbn: str, why: str) -> None:
    root = write_project(tmp_path / "b", CHAPTER, HARBOUR + f'isbn = "{isbn}"\n')
    with pytest.raises(ConfigError, match=f"is not an ISBN: .*{why}.*13 digits") as caught:
        api.load_project(root)
    assert "book.toml:4" in str(caught.value)


def test_an_isbn_10_is_its_isbn_13_with_hyphens(tmp_path: Path) -> None:
    root = write_project(tmp_path / "b", CHAPTER, HARBOUR + 'isbn = "0141439513"\n')
    project = api.load_project(root)
    assert project.config.book.isbn == "978-0-14-143951-8"
    assert project.book.metadata.identifier == "urn:isbn:9780141439518"


def test_each_edition_carries_its_own_isbn(tmp_path: Path) -> None:
    toml = (HARBOUR + 'isbn = "978-0-14-143951-8"\n\n[epub]\nisbn = "9780141199078"\n\n'
            '[pdf]\nisbn = "978-0-14-310498-8"\n')
    project = api.load_project(write_project(tmp_path / "b", CHAPTER, toml))
    epub = api.export(project, "epub", tmp_path / "b.epub").path
    with zipfile.ZipFile(epub) as archive:
        opf = next(archive.read(n).decode() for n in archive.namelist() if n.endswith(".opf"))
    assert "urn:isbn:9780141199078" in opf and "9780141439518" not in opf
    pdf = api.export(project, "pdf", tmp_path / "b.pdf").path
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages[:6])
    assert "9780143104988" in text.replace("-", "") and "9780141199078" not in text
    with pytest.raises(ConfigError, match=r"\[epub\] isbn '42' is not an ISBN"):
        api.export(project, "epub", tmp_path / "c.epub", {"isbn": "42"})
