"""The chapter and part heading rules, case by case from a fixture table that names the
rule each line must be read by (or null: no heading)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mkbook.readers.headings import match_heading
from support import FIXTURES

CASES: list[dict[str, Any]] = json.loads((FIXTURES / "headings.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["line"][:40] for case in CASES])
def test_heading_rule(case: dict[str, Any]) -> None:
    found = match_heading(case["line"])
    if case["level"] is None:
        assert found is None
    else:
        assert found is not None
        assert (found.level, found.title, found.rule) == (case["level"], case["title"],
                                                          case["rule"])
