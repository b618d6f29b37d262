"""PDF/X for a printer: the book in CMYK with its output intent, trim and bleed, and
``check`` reading the variant's rules."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from mkbook import api
from mkbook.checks import check_pdf
from mkbook.errors import ConfigError, MkbookError
from mkbook.exporters.pdf.page_setup import page_setup
from mkbook.exporters.pdf.press import DEFAULT_CONDITION, Inks, inked_image, inked_sheet
from press_profile import cmyk_profile
from support import SAMPLE, corpus_source, write_project

POINTS = 72
PRESS = {"trim": "6x9", "bleed": True}


PRESS_BOOKS = [pytest.param("a-christmas-carol"),
               pytest.param("pride-and-prejudice", marks=pytest.mark.long)]
"""A short novel in ``make test``; Pride and Prejudice, which takes a single pass of
nearly a minute in each variant, in the long suite."""


@pytest.fixture(scope="module", params=PRESS_BOOKS)
def in_press(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A corpus novel at 6×9 with bleed, as PDF/X-1a (a registered printing condition)
    and PDF/X-4 (a profile in the project): each laid out once."""
    root = tmp_path_factory.mktemp(f"{request.param}-press")
    source = corpus_source(request.param)
    shutil.copy(source, root / source.name)
    cmyk_profile(root / "press.icc")
    project = api.load_project(root / source.name)
    return {variant: api.export(project, "pdf", root / f"{variant[4:]}.pdf",
                                {**PRESS, "pdf_variant": variant, **extra}).path
            for variant, extra in (("pdf/x-1a", {}),
                                   ("pdf/x-4", {"output_profile": "press.icc"}))}


def _trim_and_bleed(pdf: pikepdf.Pdf) -> None:
    """Every page: the sheet is the trim plus 0.125 in bleed on the outside, top and
    bottom; the TrimBox is the 6×9 trim inside it, against the spine; the BleedBox
    the sheet."""
    bleed = 0.125 * POINTS
    for index, page in enumerate(pdf.pages):
        trim = [float(v) for v in page.TrimBox]
        assert [round(trim[2] - trim[0], 2), round(trim[3] - trim[1], 2)] == [432, 648]
        assert [float(v) for v in page.BleedBox] == [float(v) for v in page.MediaBox] == \
            [0, 0, 432 + bleed, 648 + 2 * bleed]
        spine_side = trim[0] if index % 2 == 0 else 432 + bleed - trim[2]
        assert spine_side == 0 and trim[1] == bleed, index  # bleed only off the spine


def _structure_tree(pdf: pikepdf.Pdf) -> None:
    assert pdf.Root.MarkInfo.Marked is True and len(pdf.Root.StructTreeRoot.K) > 0


def test_a_novel_as_pdf_x1a(in_press: dict[str, Path]) -> None:
    path = in_press["pdf/x-1a"]
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == "1.4"
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-1a:2003"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == DEFAULT_CONDITION
        assert str(intent.RegistryName) == "http://www.color.org"
        _trim_and_bleed(pdf)
        _structure_tree(pdf)
    setup = page_setup({**PRESS, "pdf_variant": "pdf/x-1a"})
    assert check_pdf(path, setup, []) == []


def test_a_novel_as_pdf_x4(in_press: dict[str, Path]) -> None:
    path = in_press["pdf/x-4"]
    profile = (path.parent / "press.icc").read_bytes()
    with pikepdf.open(path) as pdf:
        assert pdf.pdf_version == "1.6"
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "mkbook test CMYK"
        assert intent.DestOutputProfile.read_bytes() == profile
        assert int(intent.DestOutputProfile.N) == 4
        metadata = pdf.Root.Metadata.read_bytes()
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in metadata
        _trim_and_bleed(pdf)
        _structure_tree(pdf)
    setup = page_setup({**PRESS, "pdf_variant": "pdf/x-4"})
    assert check_pdf(path, setup, []) == []


def test_the_default_pdf_checked_as_pdf_x_names_what_a_press_refuses(tmp_path: Path) -> None:
    """An ordinary PDF (sRGB text, an image with an alpha channel) checked as PDF/X-1a:
    no output intent, RGB, transparency; built as PDF/X-1a, none of them."""
    root = write_project(tmp_path / "book", {"chapters/01.md": "# One\n\n![A map](map.png)\n"})
    Image.new("RGBA", (1500, 1000), (200, 40, 40, 128)).save(root / "chapters" / "map.png")
    project = api.load_project(root)
    plain = api.export(project, "pdf", tmp_path / "plain.pdf").path
    setup = page_setup({"pdf_variant": "pdf/x-1a"})
    assert [f.code for f in check_pdf(plain, setup, [])] == ["MK508", "MK509", "MK510"]
    press = api.export(project, "pdf", tmp_path / "press.pdf", {"pdf_variant": "pdf/x-1a"}).path
    assert check_pdf(press, setup, []) == []
    with pikepdf.open(press) as pdf:
        images = {x.objgen: pikepdf.PdfImage(x) for page in pdf.pages
                  for x in page.get_images().values()}
        assert images and all(image.colorspace == "/DeviceCMYK" and "/SMask" not in image.obj
                              for image in images.values())


def test_an_image_under_300_ppi_where_it_prints_is_warned(tmp_path: Path) -> None:
    root = write_project(tmp_path / "book", {"chapters/01.md": "# One\n\n![A map](map.png)\n"})
    Image.new("RGB", (600, 400), (10, 90, 160)).save(root / "chapters" / "map.png")
    path = api.export(api.load_project(root), "pdf", tmp_path / "book.pdf").path
    [finding] = check_pdf(path, page_setup({}), [])
    assert finding.code == "MK507" and finding.severity == "warning"
    assert re.search(r"600×400 pixels prints at [\d.]+×[\d.]+ in, 1\d\d ppi", finding.message)


def test_a_press_build_is_the_same_bytes_twice(tmp_path: Path) -> None:
    """PDF/X-4's document ID, random in WeasyPrint, is made from the book."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    cmyk_profile(root / "press.icc")
    options = {"pdf_variant": "pdf/x-4", "output_profile": "press.icc"}
    first, second = (api.export(api.load_project(root), "pdf", tmp_path / f"{n}.pdf",
                                options).path.read_bytes() for n in (1, 2))
    assert first == second and b"xmp.did:" in first


def test_pdf_x4_needs_the_printers_profile_from_inside_the_project(tmp_path: Path) -> None:
    project = api.load_project(SAMPLE)
    with pytest.raises(ConfigError, match=r"output_profile .* CMYK ICC profile your printer"):
        api.export(project, "pdf", tmp_path / "x4.pdf", {"pdf_variant": "pdf/x-4"})
    (tmp_path / "outside.icc").write_bytes(cmyk_profile(tmp_path / "p.icc").read_bytes())
    with pytest.raises(MkbookError, match="outside the book project"):
        api.export(project, "pdf", tmp_path / "x4.pdf",
                   {"pdf_variant": "pdf/x-4", "output_profile": "../outside.icc"})
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    (root / "rgb.icc").write_bytes(b"\0" * 200)
    with pytest.raises(ConfigError, match="not a CMYK ICC profile"):
        api.export(api.load_project(root), "pdf", tmp_path / "x4.pdf",
                   {"pdf_variant": "pdf/x-4", "output_profile": "rgb.icc"})


def test_every_colour_in_a_sheet_becomes_the_press_inks() -> None:
    css = ("a { color: #ff0000; border: 1px solid rgba(0, 0, 0, .5) }\n"
           "@media print { p { background: linear-gradient(red, white) } }\n"
           "@page { @top-center { content: 'x'; color: gray } }\n"
           ".x { font-family: black; color: currentColor; background: transparent !important;"
           " outline-color: device-cmyk(0 1 0 0) }")
    inked = inked_sheet(css, Inks())
    assert "color: device-cmyk(0 1 1 0)" in inked  # red: magenta and yellow
    assert "solid device-cmyk(0 0 0 0.5)" in inked  # half-black over white: a grey
    assert "linear-gradient(device-cmyk(0 1 1 0), device-cmyk(0 0 0 0))" in inked
    assert "color: device-cmyk(0 0 0 0.498)" in inked  # a grey in a margin box: black
    assert "font-family: black" in inked and "currentColor" in inked
    assert "transparent  !important" in inked and "device-cmyk(0 1 0 0)" in inked
    assert not re.search(r"#|rgb|red|white|gray", inked.replace("font-family: black", ""))


def test_the_printers_profile_sets_the_inks_of_a_colour(tmp_path: Path) -> None:
    profiled = Inks(cmyk_profile(tmp_path / "p.icc").read_bytes())
    cyan, magenta, yellow, black = profiled.cmyk(1.0, 0.0, 0.0)
    assert cyan < 0.05 and magenta > 0.8 and yellow > 0.8 and black < 0.1
    assert profiled.cmyk(0.2, 0.2, 0.2) == (0, 0, 0, 0.8)  # a grey stays black ink alone


def test_images_are_flattened_on_the_paper_and_grey_or_cmyk() -> None:
    def png(mode: str, colour: object) -> bytes:
        out = io.BytesIO()
        Image.new(mode, (8, 8), colour).save(out, format="PNG")  # type: ignore[arg-type]
        return out.getvalue()

    inked = inked_image(png("RGBA", (0, 0, 0, 0)), Inks())
    assert inked is not None and inked[1] == "image/png"
    image = Image.open(io.BytesIO(inked[0]))
    assert image.mode == "L" and image.getpixel((0, 0)) == 255  # clear shows the paper
    inked = inked_image(png("RGB", (0, 128, 255)), Inks())
    assert inked is not None and inked[1] == "image/jpeg"
    assert Image.open(io.BytesIO(inked[0])).mode == "CMYK"
    assert inked_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>", Inks()) is None
