"""KDP's hardcover: its five trims, 75 to 550 pages, the paperback's margins."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from mkbook.checks import check_pdf
from mkbook.errors import ConfigError
from mkbook.exporters.pdf.page_setup import kdp_inside_margin, page_setup
from support import SAMPLE


def test_a_hardcover_is_refused_at_a_trim_kdp_does_not_bind() -> None:
    with pytest.raises(ConfigError, match=r"hardcovers at 5\.5x8\.5, 6x9, 6\.14x9\.21, 7x10, "
                                          r"8\.25x11 in only, not 5x8"):
        page_setup({"profile": "kdp-hardcover", "trim": "5x8"})
    setup = page_setup({"profile": "kdp-hardcover", "trim": "6.14x9.21"})
    assert (setup.width, setup.height, setup.kdp, setup.hardcover) == (6.14, 9.21, True, True)


@pytest.mark.parametrize("pages,wanted", [(60, "a smaller"), (551, "a larger")])
def test_a_hardcover_has_75_to_550_pages(pages: int, wanted: str) -> None:
    with pytest.raises(ConfigError, match=f"75 to 550 pages; this book has {pages} .*{wanted}"):
        kdp_inside_margin(pages, hardcover=True)
    assert kdp_inside_margin(pages) == (0.375 if pages < 150 else 0.75)  # a paperback may


def test_the_sample_is_too_short_for_a_hardcover(run_cli: Callable[..., object],
                                                 tmp_path: Path) -> None:
    result = run_cli("pdf", str(SAMPLE), "--profile", "kdp-hardcover", "-o",
                     str(tmp_path / "hard.pdf"))
    assert result.exit_code == 5, result.output  # type: ignore[attr-defined]
    assert "KDP binds hardcovers of 75 to 550 pages" in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / "hard.pdf").exists()


def test_check_reads_a_hardcovers_page_count_and_margins(built: Callable[..., Path]) -> None:
    """Pride and Prejudice's KDP interior passes as a hardcover at the same trim (its
    gutter is the paperback's); a shorter book is MK511."""
    path = built("pride-and-prejudice", "6x9", "kdp")
    hardcover = page_setup({"profile": "kdp-hardcover", "trim": "6x9"})
    assert 75 <= len(pypdf.PdfReader(path).pages) <= 550
    assert [f.code for f in check_pdf(path, hardcover, [])] == []
    short = built("sample", "6x9")
    assert "MK511" in {f.code for f in check_pdf(short, hardcover, [])}
