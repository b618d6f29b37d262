"""``mkbook cover``: the print cover wrap sized for the interior it goes round."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from typer.testing import CliRunner

from mkbook import api
from mkbook.cli import app
from mkbook.errors import ConfigError
from mkbook.exporters.pdf.cover.papers import PAPERS, paper, spine_width
from mkbook.exporters.pdf.cover.wrap import BLEED, Box, Wrap
from support import print_book, write_project

Built = Callable[..., Path]


def test_kdp_spines_are_the_page_count_times_the_papers_thickness() -> None:
    assert spine_width(300, paper("cream")) == pytest.approx(0.75)
    assert spine_width(200, paper("white")) == pytest.approx(0.4504)
    assert spine_width(100, paper("Premium color")) == pytest.approx(0.2347)
    assert set(PAPERS) == {"white", "cream", "standard-colour", "premium-colour"}
    with pytest.raises(ConfigError, match="unknown paper 'glossy'"):
        paper("glossy")


def test_the_wrap_is_back_spine_front_with_bleed_round_it() -> None:
    wrap = Wrap((6.0, 9.0), 0.75)
    assert wrap.size == (13.0, 9.25)
    assert wrap.spine_box == Box(6.125, 0.125, 0.75, 9.0)
    assert wrap.front.left == 6.875 and wrap.front.right == 12.875
    back, spine, front = wrap.safe_zones
    assert (back.left, back.right) == (0.25, 6.0) and (spine.left, spine.right) == (6.1875, 6.8125)
    barcode = wrap.barcode
    assert barcode.right == 6.125 - 0.25 and barcode.bottom == 9.125 - 0.25


def _inside(box: Box, char: dict[str, float]) -> bool:
    left, right = char["x0"] / 72, char["x1"] / 72
    top, bottom = char["top"] / 72, char["bottom"] / 72
    return box.left - 0.001 <= left and right <= box.right + 0.001 and \
        box.top - 0.001 <= top and bottom <= box.bottom + 0.001


def test_pride_and_prejudice_at_6x9_on_cream(built: Built, tmp_path: Path) -> None:
    """The wrap is 2 × (6 in + bleed) + the spine the page count and KDP's cream paper
    give, and every letter lies inside a safe zone."""
    interior = built("pride-and-prejudice", "6x9")
    with pikepdf.open(interior) as pdf:
        pages = len(pdf.pages)
    project = api.load_project(print_book("pride-and-prejudice"))
    result, ebook = api.cover(project, tmp_path / "cover.pdf",
                              {"trim": "6x9", "paper": "cream", "interior": interior})
    spine = pages * 0.0025
    with pdfplumber.open(result.path) as pdf:
        page = pdf.pages[0]
        assert page.width / 72 == pytest.approx(2 * (6 + BLEED) + spine, abs=0.01)
        assert page.height / 72 == pytest.approx(9 + 2 * BLEED, abs=0.01)
        chars = [c for c in page.chars if c["text"].strip()]
    zones = Wrap((6.0, 9.0), spine).safe_zones
    assert chars and all(any(_inside(zone, c) for zone in zones) for c in chars)
    text = "".join(c["text"] for c in chars)
    assert text.count("PrideandPrejudice") == 2  # the front and the spine
    with pikepdf.open(result.path) as pdf:
        assert str(pdf.docinfo["/MkbookPages"]) == str(pages)
    assert ebook.path == tmp_path / "cover.jpg"


def test_a_thin_book_has_a_bare_spine_and_its_blurb_on_the_back(tmp_path: Path) -> None:
    root = write_project(tmp_path / "book", {"manuscript.md": "# One\n\nThe lamp was lit.\n"},
                         '[book]\ntitle = "Harbour Lights"\nauthors = ["A. Writer"]\n'
                         'description = "A lighthouse.\\n\\nA keeper who stays."\n'
                         '[cover]\npaper = "white"\n')
    result = CliRunner().invoke(app, ["cover", str(root), "--pages", "60", "-o",
                                      str(tmp_path / "cover.pdf")])
    assert result.exit_code == 0, result.output
    wrap = Wrap((5.5, 8.5), 60 * 0.002252)
    with pdfplumber.open(tmp_path / "cover.pdf") as pdf:
        page = pdf.pages[0]
        assert page.width / 72 == pytest.approx(wrap.size[0], abs=0.01)
        back, spine, front = wrap.safe_zones
        on_spine = [c for c in page.chars if _inside(wrap.spine_box, c)]
        blurb = "".join(c["text"] for c in page.chars if _inside(back, c))
        barcode = [c for c in page.chars if _inside(wrap.barcode, c)]
    assert on_spine == [] and barcode == []
    assert "A lighthouse." in blurb and "A keeper who stays." in blurb


def test_a_printers_spine_overrides_the_table_and_bad_values_are_refused(
        tmp_path: Path) -> None:
    root = write_project(tmp_path / "book", {"manuscript.md": "# One\n\nThe lamp was lit.\n"})
    project = api.load_project(root)
    path = api.cover(project, tmp_path / "c.pdf", {"pages": 200, "spine": 0.5})[0].path
    with pikepdf.open(path) as pdf:
        assert float(pdf.pages[0].MediaBox[2]) / 72 == pytest.approx(2 * 5.625 + 0.5)
    with pytest.raises(ConfigError, match="not a width in inches"):
        api.cover(project, tmp_path / "d.pdf", {"pages": 200, "spine": 12})


def _interior(path: Path, pages: int) -> Path:
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(432, 648))
    pdf.save(path)
    return path


def test_check_warns_when_the_interior_has_moved_since_the_cover(tmp_path: Path) -> None:
    from mkbook.checks import check_cover

    root = write_project(tmp_path / "book", {"manuscript.md": "# One\n\nThe lamp was lit.\n"})
    cover = api.cover(api.load_project(root), tmp_path / "cover.pdf",
                      {"pages": 200, "paper": "cream"})[0].path
    assert check_cover(cover, _interior(tmp_path / "same.pdf", 200)) == []
    moved = check_cover(cover, _interior(tmp_path / "longer.pdf", 212))
    assert [d.code for d in moved] == ["MK506"]
    assert "made for 200 pages; the interior has 212, which need 0.530 in" in moved[0].message
    assert check_cover(tmp_path / "none.pdf", tmp_path / "same.pdf") == []


def test_the_cover_image_fills_the_front_and_a_coarse_one_is_named(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from PIL import Image

    root = write_project(tmp_path / "book", {"manuscript.md": "# One\n\nThe lamp was lit.\n"},
                         '[book]\ntitle = "Harbour Lights"\ncover = "cover.png"\n')
    Image.new("RGB", (1600, 2560), (40, 70, 110)).save(root / "cover.png")
    with caplog.at_level("WARNING", logger="mkbook"):
        path, ebook = (result.path for result in api.cover(
            api.load_project(root), tmp_path / "c.pdf", {"pages": 200, "trim": "6x9"}))
    assert "cover.png: the cover image is 1600×2560, 261 ppi" in caplog.text
    assert "[MK403]" in caplog.text
    with pdfplumber.open(path) as pdf:
        image = pdf.pages[0].images[0]
    wrap = Wrap((6.0, 9.0), 200 * 0.002252)
    assert image["x0"] / 72 == pytest.approx(wrap.front.left, abs=0.01)
    assert image["x1"] / 72 == pytest.approx(wrap.size[0], abs=0.01)  # into the bleed
    assert image["top"] <= 0 and image["bottom"] / 72 >= wrap.size[1] - 0.01  # cropped to fill
    with Image.open(ebook) as store:  # and the ebook cover beside it, at store size
        assert (store.format, store.size) == ("JPEG", (1600, 2560))
