"""book.toml: read into typed settings; mistakes name the key, the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkbook import api
from mkbook.errors import ConfigError

STORY = "# One\n\nOnce.\n"


def project(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "book.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "one.md").write_text(STORY, encoding="utf-8")
    return tmp_path


def test_book_table_sets_the_metadata(tmp_path: Path) -> None:
    folder = project(tmp_path, '[book]\ntitle = "T"\nsubtitle = "S"\nauthors = ["A", "B"]\n'
                     'language = "fr"\nisbn = "978-3-16-148410-0"\nseries = "Z"\n'
                     'series_index = 2\n')
    meta = api.load_project(folder).book.metadata
    assert (meta.title, meta.subtitle, meta.authors, meta.language) == ("T", "S", ("A", "B"),
                                                                        "fr")
    assert meta.identifier == "urn:isbn:9783161484100"
    assert (meta.series, meta.series_index) == ("Z", 2.0)


def test_fan_fiction_fields_set_the_metadata(tmp_path: Path) -> None:
    folder = project(tmp_path, '[book]\nsource = "https://archiveofourown.org/works/1"\n'
                     'rating = "Teen And Up Audiences"\nfandoms = ["Original Work"]\n'
                     'relationships = ["A/B"]\ncharacters = ["A", "B"]\ntags = ["Fluff"]\n'
                     'content_warnings = ["No Archive Warnings Apply"]\n')
    meta = api.load_project(folder).book.metadata
    assert (meta.source, meta.rating, meta.fandoms, meta.relationships, meta.characters,
            meta.tags, meta.content_warnings) == (
        "https://archiveofourown.org/works/1", "Teen And Up Audiences", ("Original Work",),
        ("A/B",), ("A", "B"), ("Fluff",), ("No Archive Warnings Apply",))


def test_command_line_beats_book_toml(tmp_path: Path) -> None:
    folder = project(tmp_path, '[book]\ntitle = "From TOML"\n')
    overrides = api.MetadataOverrides(title="From CLI")
    assert api.load_project(folder, overrides).book.metadata.title == "From CLI"


def test_identifier_is_stable_and_derived_from_title_and_authors(tmp_path: Path) -> None:
    folder = project(tmp_path, '[book]\ntitle = "T"\nauthors = ["A"]\n')
    first = api.load_project(folder).book.metadata.identifier
    assert first.startswith("urn:uuid:")
    assert api.load_project(folder).book.metadata.identifier == first


@pytest.mark.parametrize("toml,fragment", [
    ('[book]\ntitle = "T"\ntitel = "typo"\n', "book.toml:3: unknown key 'titel' in [book]"),
    ('[book]\ntitle = "T"\n\n[typesetting]\nx = 1\n', "book.toml:4: unknown table or key"),
    ('[book]\nauthors = "A", "B"\n', "book.toml: is not valid TOML"),
    ('[book]\nauthors = [1, 2]\n', "book.toml:2: authors must be a list of names"),
    ('[manuscript]\nfiles = ["missing/*.md"]\n', "matches no file"),
])
def test_mistakes_are_reported_with_their_place(tmp_path: Path, toml: str, fragment: str) -> None:
    folder = project(tmp_path, toml)
    with pytest.raises(Exception) as caught:
        api.load_project(folder)
    assert fragment in str(caught.value)
    if "TOML" in fragment:
        assert isinstance(caught.value, ConfigError) and "line 2" in str(caught.value)
