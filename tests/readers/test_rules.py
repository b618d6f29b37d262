"""The plain-text rules as one ordered table: `inspect --rules`, `[manuscript] disable`."""

from __future__ import annotations

import importlib
import inspect
import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mkbook import api
from mkbook.cli import app
from mkbook.errors import ConfigError
from mkbook.readers.rules import RULES, describe_rules
from mkbook.walk import block_text

PROSE = textwrap.fill("The rain had not stopped for three days, and the river was rising "
                      "faster than anyone in the village could remember. " * 3, 70)
VERSE = "The river rose,\nthe mill stood still,\nand no one slept."


def project(tmp_path: Path, toml: str, text: str) -> Path:
    (tmp_path / "book.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "book.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_every_rule_has_one_name_and_lives_in_the_module_it_names() -> None:
    """A newcomer finds a rule by name: its module says *name* or registers it."""
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        module = importlib.import_module(f"mkbook.readers.{rule.module}")
        assert rule.name in inspect.getsource(module), (rule.name, rule.module)
    assert [rule.stage for rule in RULES] == sorted(
        (rule.stage for rule in RULES),
        key=["document", "lines", "book", "assembly", "blocks"].index)


def test_inspect_rules_lists_the_table_in_order(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["inspect", "--rules", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == describe_rules()
    text = CliRunner().invoke(app, ["inspect", "--rules"]).output
    assert [line.split()[1] for line in text.splitlines()] == [rule.name for rule in RULES]


def test_inspect_rules_shows_what_a_project_disables(tmp_path: Path) -> None:
    folder = project(tmp_path, '[manuscript]\ndisable = ["verse"]\n', f"T\n\n{PROSE}\n")
    result = CliRunner().invoke(app, ["inspect", "--rules", str(folder), "--json"])
    enabled = {rule["name"]: rule["enabled"] for rule in json.loads(result.output)}
    assert enabled["verse"] is False and enabled["chapter-label"] is True


def blocks(tmp_path: Path, toml: str) -> list[str]:
    text = f"The Mill\n\nChapter 1\n\n{PROSE}\n\n{VERSE}\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n"
    book = api.load_project(project(tmp_path, toml, text)).book
    return [type(block).__name__ for block in book.chapters[0].blocks]


def test_a_disabled_rule_does_not_fire(tmp_path: Path) -> None:
    assert blocks(tmp_path, "") == ["Paragraph", "Verse", "Paragraph"]
    assert blocks(tmp_path, '[manuscript]\ndisable = ["verse"]\n') == ["Paragraph"] * 3


def test_a_disabled_heading_rule_leaves_its_lines_as_text(tmp_path: Path) -> None:
    text = f"The Mill\n\nChapter 1\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n"
    book = api.load_project(project(tmp_path, '[manuscript]\ndisable = ["chapter-label"]\n',
                                    text)).book
    assert len(book.chapters) == 1
    assert "Chapter 2" in [block_text(block) for block in book.chapters[0].blocks]


@pytest.mark.parametrize(("names", "message"), [
    ('["no-such-rule"]', "no reading rule 'no-such-rule'"),
    ('["hard-wrap"]', "cannot be disabled"),
    ('"verse"', "list of rule names"),
])
def test_disable_is_checked_against_the_table(tmp_path: Path, names: str, message: str) -> None:
    folder = project(tmp_path, f"[manuscript]\ndisable = {names}\n", f"T\n\n{PROSE}\n")
    with pytest.raises(ConfigError, match=message) as caught:
        api.load_project(folder)
    assert "book.toml" in str(caught.value)
