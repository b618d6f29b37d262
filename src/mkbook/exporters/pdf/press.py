"""PDF/X: the book in the press's inks, for a printer's RIP.

PDF/X-1a and X-3 allow no RGB and no transparency; X-4 allows transparency but, like
them, no RGB that the press cannot print, and every PDF/X names its printing condition
in an output intent.  WeasyPrint writes each variant's metadata (``pdf_variant``); the
rest is done here, before and after its pass:

- every colour in the style sheets becomes ``device-cmyk()`` (greys black ink alone,
  so type never prints in four registered inks);
- raster images are flattened onto the paper and turned grey or CMYK as they are read;
- the output intent is the printer's profile (``[pdf] output_profile``) or, for X-1a
  and X-3, which may name a characterization registered with the ICC instead, the one
  ``[pdf] output_condition`` names (U.S. Web Coated SWOP, ``CGATS TR 001``, unless
  told);
- PDF/X-4's document ID, which WeasyPrint draws at random, is made from the book.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkbook.errors import ConfigError

PRESS_VARIANTS = ("pdf/x-1a", "pdf/x-3", "pdf/x-4")
OPAQUE_VARIANTS = ("pdf/x-1a", "pdf/x-3")
"""The variants that allow no transparency (ISO 15930-4 and -6)."""
PROFILE_REQUIRED = ("pdf/x-4",)
"""ISO 15930-7: a PDF/X-4 output intent carries its profile."""
DEFAULT_CONDITION = "CGATS TR 001"
"""U.S. Web Coated (SWOP), in the ICC's Characterization Data Registry: what US
print-on-demand presses print to, and a name a PDF/X-1a RIP knows without a profile."""
REGISTRY = "http://www.color.org"
JPEG_QUALITY = 95
COLOUR_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab",
                              "oklch", "color"})
_DOCUMENT_ID_RE = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def is_press(variant: str | None) -> bool:
    """True for the PDF/X variants, which print in CMYK."""
    return variant in PRESS_VARIANTS


@dataclass
class Inks:
    """How an sRGB colour or image turns into the press's inks: through the printer's
    profile when the book names one, else black generated from the darkest channel
    (grey component replacement) and the rest in cyan, magenta and yellow."""

    profile: bytes | None = None
    _transform: Any = field(default=None, init=False, repr=False)

    def cmyk(self, red: float, green: float, blue: float) -> tuple[float, float, float, float]:
        """The inks for one colour, 0–1 each; a grey is black ink alone."""
        if max(red, green, blue) - min(red, green, blue) < 1 / 255:
            return 0.0, 0.0, 0.0, round(1 - (red + green + blue) / 3, 4)
        if self.profile is not None:
            from PIL import Image

            pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in (red, green, blue)))
            inks = self._profiled(pixel).getpixel((0, 0))
            return tuple(round(v / 255, 4) for v in inks)
        black = 1 - max(red, green, blue)
        rest = [(1 - value - black) / (1 - black) for value in (red, green, blue)]
        return round(rest[0], 4), round(rest[1], 4), round(rest[2], 4), round(black, 4)

    def image(self, image: Any) -> Any:
        """An RGB Pillow image in CMYK."""
        if self.profile is not None:
            return self._profiled(image)
        from PIL import Image, ImageChops, ImageMath

        black = ImageChops.invert(ImageChops.lighter(ImageChops.lighter(*image.split()[:2]),
                                                     image.getchannel("B")))
        inks = [ImageMath.lambda_eval(  # (1 - channel - black) / (1 - black)
                    lambda a: a["convert"]((255 - a["v"] - a["k"]) * 255
                                           / (255 - a["k"] + (a["k"] == 255)), "L"),
                    v=channel, k=black)
                for channel in image.split()]
        return Image.merge("CMYK", (*inks, black))

    def _profiled(self, image: Any) -> Any:
        from PIL import ImageCms

        if self._transform is None:
            try:
                press = ImageCms.ImageCmsProfile(io.BytesIO(self.profile or b""))
                self._transform = ImageCms.buildTransform(
                    ImageCms.createProfile("sRGB"), press, "RGB", "CMYK",
                    ImageCms.Intent.RELATIVE_COLORIMETRIC)
            except (OSError, ImageCms.PyCMSError) as err:
                raise ConfigError(f"the output profile is not a CMYK ICC profile: {err}") \
                    from err
        return ImageCms.applyTransform(image, self._transform)


def press_profile(root: Path | None, option: object, variant: str) -> bytes | None:
    """The printer's ICC profile ``[pdf] output_profile`` names, read from inside the
    project; None when there is none and *variant* may do without."""
    if not option:
        if variant in PROFILE_REQUIRED:
            raise ConfigError(f"{variant.upper()} carries the press's colour profile: set "
                              "[pdf] output_profile to the CMYK ICC profile your printer "
                              "gives (FOGRA39, GRACoL2013, SWOP…), a file in the project")
        return None
    from mkbook.confine import MAX_ASSET_BYTES, read_confined

    data = read_confined(root or Path.cwd(), str(option), what="output profile",
                         limit=MAX_ASSET_BYTES, source="[pdf] output_profile")
    if data[36:40] != b"acsp" or data[16:20] != b"CMYK":
        raise ConfigError(f"the output profile {option} is not a CMYK ICC profile")
    return data


def press_css(profile_url: str | None) -> str:
    """Black ink for the text WeasyPrint would draw in sRGB black, and the printer's
    profile as the output intent WeasyPrint writes."""
    css = "html { color: device-cmyk(0 0 0 1); }\n"
    if profile_url:
        css += (f"@color-profile device-cmyk {{ src: url(\"{profile_url}\"); "
                "components: c, m, y, k; }\n")
    return css


# -- colours in the style sheets ---------------------------------------------------

def inked_sheet(css: str, inks: Inks) -> str:
    """*css* with every colour a ``device-cmyk()`` of the press's inks, a
    translucent one first laid over white paper."""
    import tinycss2

    return "".join(_inked_node(node, inks) for node in
                   tinycss2.parse_stylesheet(css, skip_comments=True))


def _inked_node(node: Any, inks: Inks) -> str:
    import tinycss2

    content = getattr(node, "content", None)
    if node.type not in ("qualified-rule", "at-rule") or content is None:
        return str(node.serialize())
    if node.type == "at-rule" and node.lower_at_keyword in ("media", "supports", "layer",
                                                             "document", "container"):
        inner = "".join(_inked_node(rule, inks) for rule in
                        tinycss2.parse_rule_list(content, skip_comments=True))
    else:
        inner = _inked_block(content, inks)
    head = f"@{node.at_keyword}" if node.type == "at-rule" else ""
    return f"{head}{tinycss2.serialize(node.prelude)}{{{inner}}}"


def _inked_block(content: list[Any], inks: Inks) -> str:
    import tinycss2

    parts = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True):
        if item.type == "declaration":
            value = item.value
            if _takes_colour(item.lower_name):
                value = [_inked_token(token, inks) for token in value]
            important = " !important" if item.important else ""
            parts.append(f"{item.name}:{tinycss2.serialize(value)}{important};")
        elif item.type == "at-rule":
            parts.append(_inked_node(item, inks))
        else:
            parts.append(str(item.serialize()))
    return "".join(parts)


def _takes_colour(name: str) -> bool:
    return (name == "color" or name.endswith("-color") or name == "fill" or name == "stroke"
            or name.startswith(("background", "border", "outline", "text-decoration",
                                "column-rule", "box-shadow", "text-shadow",
                                "text-emphasis")))


def _inked_token(token: Any, inks: Inks) -> Any:
    import tinycss2
    from tinycss2.color5 import parse_color

    if token.type == "function" and token.lower_name not in COLOUR_FUNCTIONS:
        token.arguments = [_inked_token(argument, inks) for argument in token.arguments]
        return token
    if token.type not in ("hash", "ident", "function"):
        return token
    colour = parse_color(token)
    if colour is None or isinstance(colour, str) or colour.space == "device-cmyk" or \
            colour.alpha == 0:
        return token
    alpha = colour.alpha
    red, green, blue = (min(1.0, max(0.0, alpha * value + 1 - alpha))
                        for value in colour.to("srgb").coordinates)
    inked = " ".join(f"{value:g}" for value in inks.cmyk(red, green, blue))
    return tinycss2.parse_one_component_value(f"device-cmyk({inked})")


# -- images as they are read ---------------------------------------------------------

def inked_image(data: bytes, inks: Inks) -> tuple[bytes, str] | None:
    """*data* (a raster image) flattened onto white and in grey or CMYK, with its
    MIME type; None for what Pillow does not read (an SVG), left as it is."""
    from PIL import Image, ImageChops, ImageOps, UnidentifiedImageError

    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError):
        return None
    image = ImageOps.exif_transpose(image)
    if image.mode == "CMYK":
        return _saved(image, "JPEG")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, "white")
        image = Image.alpha_composite(paper, rgba).convert("RGB")
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    if image.mode == "RGB":
        red, green, blue = image.split()
        grey = ImageChops.difference(red, green).getbbox() is None and \
            ImageChops.difference(green, blue).getbbox() is None
        image = image.convert("L") if grey else inks.image(image)
    return _saved(image, "JPEG" if image.mode == "CMYK" else "PNG")


def _saved(image: Any, kind: str) -> tuple[bytes, str]:
    out = io.BytesIO()
    options = {"quality": JPEG_QUALITY} if kind == "JPEG" else {}
    image.save(out, format=kind, **options)
    return out.getvalue(), f"image/{kind.lower()}"


# -- after WeasyPrint's pass ---------------------------------------------------------

def finish_press(pdf: Any, condition: str | None, seed: str) -> None:
    """The output intent WeasyPrint writes only from a profile (a registered
    condition otherwise), and a PDF/X-4 document ID made from *seed* (the book)."""
    import pydyf

    if "OutputIntents" not in pdf.catalog:
        name = condition or DEFAULT_CONDITION
        pdf.catalog["OutputIntents"] = pydyf.Array([pydyf.Dictionary({
            "Type": "/OutputIntent", "S": "/GTS_PDFX",
            "OutputConditionIdentifier": pydyf.String(name),
            "RegistryName": pydyf.String(REGISTRY), "Info": pydyf.String(name)})])
    elif condition:
        for intent in pdf.catalog["OutputIntents"]:
            intent["OutputConditionIdentifier"] = pydyf.String(condition)
    digest = hashlib.sha256(seed.encode()).hexdigest()
    document_id = f"xmp.did:{uuid.UUID(hex=digest[:32])}".encode()
    for number in _metadata_streams(pdf):
        stream = pdf.objects[number]
        stream.stream = [_DOCUMENT_ID_RE.sub(document_id, bytes(part)) for part in
                         stream.stream]


def _metadata_streams(pdf: Any) -> Iterable[int]:
    """The numbers of the PDF's XMP metadata streams (pydyf keeps objects by number)."""
    for number, item in enumerate(pdf.objects):
        extra = getattr(item, "extra", None)
        if extra is not None and str(extra.get("Type")) == "/Metadata":
            yield number
