"""The printed books the PDF tests measure, each laid out once per trim and profile."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from mkbook import api
from support import print_book


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``built(name, trim, profile)``: each book laid out once per trim and profile."""

    @cache
    def build(name: str, trim: str, profile: str = "print") -> Path:
        folder = tmp_path_factory.mktemp(f"{name}-{trim}-{profile}")
        project = api.load_project(print_book(name))
        options = {"trim": trim, "profile": profile}
        return api.export(project, "pdf", folder / "book.pdf", options).path

    return build
