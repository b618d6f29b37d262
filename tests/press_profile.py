"""A small CMYK printer profile (ICC v2) for the PDF/X tests, made here.

Real press profiles (FOGRA39, GRACoL) are the printers' to give and cannot ship with
the tests; this one is a plain ink model (CMY as the complement of sRGB, black by grey
component replacement) written as the two lookup tables an output profile needs, which
Little CMS (through Pillow) reads like any other.  Not for printing.
"""

from __future__ import annotations

import itertools
import struct
from pathlib import Path

D50 = (0.9642, 1.0, 0.8249)


def _fixed(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _srgb_to_lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
    matrix = ((0.4360747, 0.3850649, 0.1430804), (0.2225045, 0.7168786, 0.0606169),
              (0.0139322, 0.0971045, 0.7141733))  # sRGB to XYZ, adapted to D50
    xyz = [sum(m * v for m, v in zip(row, linear, strict=True)) / white
           for row, white in zip(matrix, D50, strict=True)]
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _lab_to_srgb(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    f = (fy + a / 500, fy, fy - b / 200)
    xyz = [(t ** 3 if t ** 3 > 216 / 24389 else (116 * t - 16) * 27 / 24389) * white
           for t, white in zip(f, D50, strict=True)]
    inverse = ((3.1338561, -1.6168667, -0.4906146), (-0.9787684, 1.9161415, 0.0334540),
               (0.0719453, -0.2289914, 1.4052427))
    linear = [sum(m * v for m, v in zip(row, xyz, strict=True)) for row in inverse]
    return tuple(min(1.0, max(0.0, 12.92 * v if v <= 0.0031308 else
                              1.055 * max(v, 0) ** (1 / 2.4) - 0.055))
                 for v in linear)  # type: ignore[return-value]


def _cmyk(rgb: tuple[float, float, float]) -> tuple[float, ...]:
    black = 1 - max(rgb)
    if black >= 1:
        return 0.0, 0.0, 0.0, 1.0
    return (*((1 - v - black) / (1 - black) for v in rgb), black)


def _lut16(inputs: int, outputs: int, grid: int, function: object, lab_in: bool) -> bytes:
    """An ICC ``mft2`` tag: identity curves around a *grid*-point table of *function*."""
    head = b"mft2" + bytes(4) + bytes((inputs, outputs, grid, 0))
    head += b"".join(_fixed(1.0 if row == col else 0.0) for row in range(3) for col in range(3))
    head += struct.pack(">HH", 2, 2)
    curves = struct.pack(">HH", 0, 65535)
    table = bytearray()
    for point in itertools.product(range(grid), repeat=inputs):
        values = [index / (grid - 1) for index in point]
        if lab_in:  # legacy 16-bit Lab: L 0–100 over 0–0xFF00, a and b −128 at 0
            values = [values[0] * 0xFFFF / 0xFF00 * 100,
                      values[1] * 0xFFFF / 256 - 128, values[2] * 0xFFFF / 256 - 128]
        for value in function(values):  # type: ignore[operator]
            table += struct.pack(">H", min(65535, max(0, round(value))))
    return head + curves * inputs + bytes(table) + curves * outputs


def _to_lab(cmyk: list[float]) -> tuple[float, ...]:
    rgb = tuple((1 - c) * (1 - cmyk[3]) for c in cmyk[:3])
    lightness, a, b = _srgb_to_lab(rgb)  # type: ignore[arg-type]
    return lightness / 100 * 0xFF00, (a + 128) * 256, (b + 128) * 256


def _from_lab(lab: list[float]) -> tuple[float, ...]:
    return tuple(v * 65535 for v in _cmyk(_lab_to_srgb(tuple(lab))))  # type: ignore[arg-type]


def _text(kind: bytes, text: str) -> bytes:
    if kind == b"desc":
        ascii_text = text.encode("ascii") + b"\0"
        return (b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text
                + bytes(8) + bytes(3) + bytes(67))
    return b"text" + bytes(4) + text.encode("ascii") + b"\0"


def cmyk_profile(path: Path, description: str = "mkbook test CMYK") -> Path:
    """Write the profile to *path* and return it."""
    tags = [
        (b"desc", _text(b"desc", description)),
        (b"cprt", _text(b"cprt", "No copyright, use freely")),
        (b"wtpt", b"XYZ " + bytes(4) + b"".join(_fixed(v) for v in D50)),
        (b"A2B0", _lut16(4, 3, 5, _to_lab, lab_in=False)),
        (b"B2A0", _lut16(3, 4, 9, _from_lab, lab_in=True)),
        (b"gamt", _lut16(3, 1, 2, lambda _: (0,), lab_in=True)),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        data += bytes(-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = struct.pack(">I", size) + bytes(4) + bytes((2, 0x10, 0, 0)) + b"prtrCMYKLab "
    header += struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + bytes(24) + bytes(4)
    header += b"".join(_fixed(v) for v in D50)
    header += bytes(128 - len(header))
    path.write_bytes(header + struct.pack(">I", len(tags)) + table + body)
    return path
