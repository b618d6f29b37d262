"""Rule *no-font*: a book whose characters no font on the machine has is told so once,
before its PDF is laid out (MK512), and never for characters some font draws."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from mkbook import api
from mkbook.exporters.pdf import coverage
from mkbook.layout.fontconfig import installed_coverage
from support import write_project

JAPANESE = "# 第一章\n\n吾輩は猫である。名前はまだ無い。\n"


def test_fontconfig_knows_the_machines_fonts() -> None:
    """Some installed font draws "a" (WeasyPrint needs one); none draws a code point of
    the last private-use plane."""
    assert installed_coverage(frozenset({"a", "\U0010fffd"})) == {"a"}


def test_characters_no_font_has_are_named_with_their_script(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coverage, "installed_coverage", lambda wanted: frozenset())
    missing = coverage.missing_characters("Hello 吾輩\n", [])
    assert missing == sorted(set("Hello吾輩"))  # white space is never drawn
    warning = coverage.missing_font_warning(coverage.missing_characters("吾輩は", []))
    assert warning is not None and warning.code == "MK512" and warning.severity == "warning"
    assert "3 character(s)" in warning.message and "吾" in warning.message
    assert "fonts-noto-cjk" in warning.message and "styles/extra.css" in warning.message


def test_mkbooks_own_faces_count_as_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(coverage, "installed_coverage", lambda wanted: frozenset())
    from mkbook.render.fonts import FONT_FILES, font_folder

    folder = font_folder()
    assert folder is not None
    faces = [folder / name for name in FONT_FILES.values()]
    assert coverage.missing_characters("Café, naïve — «Война»", faces) == []


def _build(tmp_path: Path, text: str, extra: dict[str, str] | None = None,
           caplog: pytest.LogCaptureFixture | None = None) -> list[logging.LogRecord]:
    toml = '[book]\ntitle = "T"\nauthors = ["A"]\nlanguage = "ja"\n'
    root = write_project(tmp_path / "book", {"chapters/one.md": text, **(extra or {})}, toml)
    assert caplog is not None
    with caplog.at_level(logging.INFO, logger="mkbook"):
        api.export(api.load_project(root), "pdf", tmp_path / "book.pdf")
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_book_in_a_script_no_font_has_is_told_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """One MK512 for all the characters, and not WeasyPrint's line per character."""
    monkeypatch.setattr(coverage, "installed_coverage",
                        lambda wanted: frozenset(c for c in wanted if ord(c) < 0x3000))
    warnings = [r.getMessage() for r in _build(tmp_path, JAPANESE, caplog=caplog)]
    assert [m for m in warnings if "[MK512]" in m] and len(warnings) == 1, warnings


def test_no_warning_where_every_character_has_a_font(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(coverage, "installed_coverage", lambda wanted: wanted)
    assert not [r for r in _build(tmp_path, JAPANESE, caplog=caplog)
                if "MK512" in r.getMessage()]


def test_not_claimed_where_the_project_sets_its_own_font(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """Its own sheet names a face whose files this does not read: nothing is claimed."""
    monkeypatch.setattr(coverage, "installed_coverage", lambda wanted: frozenset())
    sheet = {"styles/extra.css": "body { font-family: 'Noto Serif CJK JP', serif; }\n"}
    assert not [r for r in _build(tmp_path, JAPANESE, sheet, caplog=caplog)
                if "MK512" in r.getMessage()]
