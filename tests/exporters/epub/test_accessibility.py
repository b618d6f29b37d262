"""Ace by DAISY on the sample and the one-shot: no critical or serious violations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import REPO, BuiltBook

Build = Callable[[str], BuiltBook]
ACE = Path(os.environ.get("MKBOOK_ACE", REPO / ".tools" / "node_modules" / ".bin" / "ace-cli"))


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_ace(epub: Path, out: Path) -> dict[str, Any]:
    browser = chromium()
    if not ACE.exists() or browser is None:
        pytest.skip("Ace by DAISY cannot run here: "
                    + ("no Chromium (apt-get install chromium)" if browser is None else
                       "@daisy/ace-cli is not installed (make test installs it with npm)"))
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser}
    done = subprocess.run([str(ACE), "-f", "-s", "-o", str(out), str(epub)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    report = out / "report.json"
    assert report.exists(), f"Ace failed: {done.stderr[-2000:]}"
    return json.loads(report.read_text(encoding="utf-8"))


def violations(report: dict[str, Any]) -> list[str]:
    found = []
    for document in report.get("assertions", []):
        for check in document.get("assertions", []):
            test = check["earl:test"]
            if test["earl:impact"] in ("critical", "serious"):
                found.append(f"{test['earl:impact']}: {test['dct:title']} in "
                             f"{document['earl:testSubject']['url']}")
    return found


@pytest.mark.parametrize("name", ["sample", "when-theres-nothing-left"])
def test_ace_finds_no_serious_violations(build_book: Build, name: str, tmp_path: Path) -> None:
    report = run_ace(build_book(name).epub, tmp_path / "ace")
    assert violations(report) == []


def _opf(epub: Path) -> str:
    import zipfile

    with zipfile.ZipFile(epub) as archive:
        return next(archive.read(name).decode() for name in archive.namelist()
                    if name.endswith(".opf"))


@pytest.mark.parametrize("alt", ["A map of the harbour", ""])
def test_the_accessibility_metadata_claims_only_what_is_true(tmp_path: Path, alt: str) -> None:
    """An image without alt text (MK605) takes back "every image has a text
    alternative", the alternative-text feature and the WCAG AA conformance claim."""
    from PIL import Image

    from mkbook import api
    from support import assert_valid_epub, write_project

    root = write_project(tmp_path / "b", {"chapters/01.md": f"# One\n\n![{alt}](map.png)\n"})
    Image.new("RGB", (40, 30), (10, 80, 120)).save(root / "chapters" / "map.png")
    epub = api.export(api.load_project(root), "epub", tmp_path / "b.epub").path
    assert_valid_epub(epub)
    opf = _opf(epub)
    described = bool(alt)
    assert ("every image has a text alternative" in opf) is described
    assert ('"schema:accessibilityFeature">alternativeText<' in opf) is described
    assert ("WCAG 2.2 Level AA" in opf) is described
    assert ("1 image has no text alternative" in opf) is not described
