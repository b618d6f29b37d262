"""Which characters the fonts installed on this machine can draw, as fontconfig says:
the library Pango, and so WeasyPrint, picks fallback fonts with.  It is asked through
its public C interface (``FcFontList`` and each font's ``charset``), loaded with ctypes
as WeasyPrint loads it through cffi; where it cannot be loaded nothing is claimed."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


def installed_coverage(wanted: frozenset[str]) -> frozenset[str]:
    """The characters of *wanted* that some installed font has (fontconfig's list);
    all of them where fontconfig cannot be asked, so nothing is claimed missing."""
    lib = _fontconfig()
    if lib is None:
        return wanted
    config = lib.FcInitLoadConfigAndFonts()
    pattern = lib.FcPatternCreate()
    objects = lib.FcObjectSetCreate()
    lib.FcObjectSetAdd(objects, b"charset")
    fonts = lib.FcFontList(config, pattern, objects)
    found: set[str] = set()
    try:
        if fonts:
            charset = ctypes.c_void_p()
            for index in range(fonts.contents.nfont):
                if lib.FcPatternGetCharSet(fonts.contents.fonts[index], b"charset", 0,
                                           ctypes.byref(charset)) != 0:  # FcResultMatch
                    continue
                found |= {char for char in wanted - found
                          if lib.FcCharSetHasChar(charset, ord(char))}
                if len(found) == len(wanted):
                    break
    finally:
        if fonts:
            lib.FcFontSetDestroy(fonts)
        lib.FcObjectSetDestroy(objects)
        lib.FcPatternDestroy(pattern)
        lib.FcConfigDestroy(config)
    return frozenset(found)


def fontconfig_available() -> bool:
    """Whether the machine's fonts can be asked (and so MK512 was said where due)."""
    return _fontconfig() is not None


class _FontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int),
                ("fonts", ctypes.POINTER(ctypes.c_void_p))]


@cache
def _fontconfig() -> ctypes.CDLL | None:
    """fontconfig's C library with the signatures used here, or None."""
    name = ctypes.util.find_library("fontconfig") or "libfontconfig.so.1"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    pointer = ctypes.c_void_p
    signatures = {
        "FcInitLoadConfigAndFonts": ([], pointer), "FcPatternCreate": ([], pointer),
        "FcObjectSetCreate": ([], pointer),
        "FcObjectSetAdd": ([pointer, ctypes.c_char_p], ctypes.c_int),
        "FcFontList": ([pointer, pointer, pointer], ctypes.POINTER(_FontSet)),
        "FcPatternGetCharSet": ([pointer, ctypes.c_char_p, ctypes.c_int,
                                 ctypes.POINTER(pointer)], ctypes.c_int),
        "FcCharSetHasChar": ([pointer, ctypes.c_uint32], ctypes.c_int),
        "FcFontSetDestroy": ([ctypes.POINTER(_FontSet)], None),
        "FcObjectSetDestroy": ([pointer], None), "FcPatternDestroy": ([pointer], None),
        "FcConfigDestroy": ([pointer], None),
    }
    for function, (arguments, result) in signatures.items():
        try:
            entry = getattr(lib, function)
        except AttributeError:
            return None
        entry.argtypes, entry.restype = arguments, result
    return lib
