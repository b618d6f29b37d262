"""Embed each font once in a PDF joined from separately laid-out pieces.

Glyph codes are glyph ids in every piece (WeasyPrint subsets with ``retain_gids``),
so they mean the same glyph everywhere.  Here the pieces' font dictionaries of one
face become one: the widths and Unicode maps are united, and the program is the
original font file subset once to the glyphs the whole book uses (or kept whole,
for KDP).  Pieces embed only a :func:`placeholder` for mkbook's own book face; a
face whose original file is unknown keeps its pieces' fonts unless they are
byte-identical.  A piece's font with an encoding of its own (WeasyPrint's, where the
piece draws a glyph no face has) stays apart, on the shared program.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Stream

_BFCHAR_RE = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")
_CMAP_HEAD = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo
<< /Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
"""
_PLACEHOLDER = b"\0mkbook-font-placeholder:"
_CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"


Subsetter = Callable[[Path, frozenset[int], bool], bytes]


def share_fonts(pdf: pikepdf.Pdf, font_files: dict[str, Path], whole: bool,
                also: Sequence[Object] = (), subset: Subsetter | None = None) -> None:
    """Make every resource that names a face point at one font object for that face.

    *font_files* maps PostScript names to the original files mkbook embeds; *also*
    are resource dictionaries outside the pages whose fonts count too; *subset*
    cuts a font file down (default :func:`subset_font`; the build passes a cached one).
    """
    users, fonts = _fonts(pdf, also)
    programs = _shared_programs(pdf, fonts, font_files, whole, subset or subset_font)
    for key, members in fonts.items():
        program = programs.get(key)
        if program is None:
            continue
        for apart in (font for font in members if not _identity(font)):
            _set_program(apart, program)  # its own encoding: kept, on the shared program
        font = _united(pdf, [font for font in members if _identity(font)], program)
        for resources, resource in users[key]:
            if font is not None and _identity(resources[resource]):
                resources[resource] = font


def subset_ahead(pdf: pikepdf.Pdf, font_files: dict[str, Path], whole: bool,
                 also: Sequence[Object], subset: Subsetter) -> None:
    """Ask *subset* for every face cut to the glyphs *pdf* uses so far: a merge does
    it while the last piece is laid out, and its later :func:`share_fonts` finds the
    programs made (*subset* remembers them) unless that piece adds glyphs."""
    fonts = _fonts(pdf, also)[1]
    for face, keys in _faces(fonts, font_files)[0].items():
        subset(font_files[face], _glyphs(fonts, keys), whole)


def _fonts(pdf: pikepdf.Pdf, also: Sequence[Object]
           ) -> tuple[dict[str, list[tuple[Object, Name]]], dict[str, list[Object]]]:
    """Where each font is named (resources, name) and its distinct objects, by BaseFont."""
    users: dict[str, list[tuple[Object, Name]]] = defaultdict(list)
    fonts: dict[str, list[Object]] = defaultdict(list)
    for resources in _font_resources(pdf, also):
        for name, font in resources.items():
            if _is_cid_font(font):
                key = str(font.BaseFont)
                users[key].append((resources, Name(name)))
                if all(font.objgen != seen.objgen for seen in fonts[key]):
                    fonts[key].append(font)
    return users, fonts


def _font_resources(pdf: pikepdf.Pdf, also: Sequence[Object]) -> Iterator[Object]:
    """Every /Font resource dictionary, on pages and in the forms they draw."""
    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get(Name.Resources) for page in pdf.pages] + list(also)
    while stack:
        resources = stack.pop()
        if not isinstance(resources, Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        if isinstance(resources.get(Name.Font), Dictionary):
            yield resources.Font
        for xobject in (resources.get(Name.XObject) or Dictionary()).values():
            if xobject.get(Name.Subtype) == Name.Form:
                stack.append(xobject.get(Name.Resources))


def _is_cid_font(font: object) -> bool:
    return isinstance(font, Dictionary) and font.get(Name.Subtype) == Name.Type0 and \
        (_identity(font) or isinstance(font.get(Name.Encoding), Stream))


def _identity(font: Object) -> bool:
    """Whether codes are glyph ids (``Identity-H``).  WeasyPrint gives a piece that
    draws a glyph its face lacks an encoding of its own, which sends that glyph's
    code to .notdef: such a font is kept apart, but must get the face's program too
    (a piece embeds only a placeholder for mkbook's book face)."""
    return font.get(Name.Encoding) == Name("/Identity-H")


def _descriptor(font: Object) -> Object:
    descriptor: Object = font.DescendantFonts[0].FontDescriptor
    return descriptor


def _program(font: Object) -> Object | None:
    descriptor = _descriptor(font)
    program: Object | None = descriptor.get(Name.FontFile3) or descriptor.get(Name.FontFile2)
    return program


def _program_bytes(font: Object) -> bytes:
    program = _program(font)
    return bytes(program.read_bytes()) if program is not None else b""


def _shared_programs(pdf: pikepdf.Pdf, fonts: dict[str, list[Object]],
                     font_files: dict[str, Path], whole: bool,
                     subset: Subsetter) -> dict[str, Object]:
    """One program per face: the original file subset to every glyph any piece uses."""
    by_face, programs = _faces(fonts, font_files)
    for face, keys in by_face.items():
        data = subset(font_files[face], _glyphs(fonts, keys), whole)
        stream = Stream(pdf, data)
        old = _program(fonts[keys[0]][0])
        if old is not None and Name.Subtype in old:
            stream.Subtype = old.Subtype
        if old is not None and Name.Length1 in old:
            stream.Length1 = len(data)
        for key in keys:
            programs[key] = stream
    return programs


def _faces(fonts: dict[str, list[Object]], font_files: dict[str, Path]
           ) -> tuple[dict[str, list[str]], dict[str, Object]]:
    """The font keys of each face mkbook has the file of, and the program every other
    font keeps (when all its pieces embed the same one)."""
    by_face: dict[str, list[str]] = defaultdict(list)
    programs: dict[str, Object] = {}
    for key, members in fonts.items():
        first = _program(members[0])
        if first is None:
            continue
        program = _program_bytes(members[0])
        face = _placeholder_face(program, font_files) or _postscript_name(program)
        if face in font_files:
            by_face[face].append(key)
        elif len({_program_bytes(font) for font in members}) == 1:
            programs[key] = first
    return by_face, programs


def _glyphs(fonts: dict[str, list[Object]], keys: list[str]) -> frozenset[int]:
    return frozenset(gid for key in keys for font in fonts[key] for gid in glyph_widths(font))


def _united(pdf: pikepdf.Pdf, members: list[Object], program: Object) -> Object | None:
    """The first member, made to cover every member's glyphs with *program*."""
    if not members:
        return None
    widths: dict[int, object] = {}
    text: dict[int, bytes] = {}
    for font in members:
        widths.update(glyph_widths(font))
        text.update(_to_unicode(font))
    font = members[0]
    descendant = font.DescendantFonts[0]
    descendant.W = _widths_array(widths)
    _set_program(font, program)
    font.ToUnicode = Stream(pdf, _cmap(text))
    return font


def _set_program(font: Object, program: Object) -> None:
    descriptor = _descriptor(font)
    descriptor[Name.FontFile3 if Name.FontFile3 in descriptor else Name.FontFile2] = program


def glyph_widths(font: Object) -> dict[int, object]:
    """Glyph id → width from a /W array of the form ``[first [w w …] first [w …]]``."""
    found: dict[int, object] = {}
    items = list(font.DescendantFonts[0].get(Name.W, Array()))
    for first, run in zip(items[::2], items[1::2], strict=False):
        for offset, width in enumerate(run):
            found[int(first) + offset] = width
    return found


def _widths_array(widths: dict[int, object]) -> Array:
    array: list[object] = []
    run: list[object] = []
    previous = None
    for gid in sorted(widths):
        if previous is None or gid != previous + 1:
            run = []
            array += [gid, run]
        run.append(widths[gid])
        previous = gid
    return Array([item if not isinstance(item, list) else Array(item) for item in array])


def _to_unicode(font: Object) -> dict[int, bytes]:
    stream = font.get(Name.ToUnicode)
    if stream is None:
        return {}
    return {int(gid, 16): text.lower()
            for gid, text in _BFCHAR_RE.findall(bytes(stream.read_bytes()))}


def _cmap(text: dict[int, bytes]) -> bytes:
    """A ToUnicode CMap in WeasyPrint's own layout, a hundred entries a block."""
    items = sorted(text.items())
    lines = [_CMAP_HEAD]
    for start in range(0, len(items), 100):
        block = items[start:start + 100]
        lines.append(f"{len(block)} beginbfchar\n".encode())
        lines += [b"<%04x> <%s>\n" % (gid, code) for gid, code in block]
        lines.append(b"endbfchar\n")
    lines.append(_CMAP_TAIL)
    return b"".join(lines)


def placeholder(path: Path, program: bytes) -> bytes:
    """What a piece embeds for a font the merge embeds for the whole book: the
    program's first four bytes (WeasyPrint tells CFF from TrueType by them) and a
    mark naming the file."""
    return program[:4] + _PLACEHOLDER + path.name.encode()


def _placeholder_face(program: bytes, font_files: dict[str, Path]) -> str:
    """The PostScript name of the file a placeholder stands for ("" for a real font).

    A placeholder for a file the merge does not know would leave text unprintable.
    """
    if program[4:4 + len(_PLACEHOLDER)] != _PLACEHOLDER:
        return ""
    name = program[4 + len(_PLACEHOLDER):].decode("utf-8", "replace")
    for face, path in font_files.items():
        if path.name == name:
            return face
    raise ValueError(f"a laid-out piece stands in for an unknown font file {name!r}")


def _postscript_name(program: bytes) -> str:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        name = font["name"].getDebugName(6) if "name" in font else None
    except Exception:  # a program fontTools cannot read is simply not shared
        return ""
    return name or ""


def subset_font(path: Path, gids: frozenset[int], whole: bool) -> bytes:
    """*path* cut down to *gids*, glyph ids kept, as WeasyPrint subsets (or whole)."""
    if whole:
        return path.read_bytes()
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(retain_gids=True, passthrough_tables=True,
                             ignore_missing_glyphs=True, hinting=False, desubroutinize=True,
                             notdef_outline=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=sorted(gids | {0}))
    # recalcTimestamp off: head.modified would carry the clock, and the same book must
    # give the same bytes; recalcBBoxes off: a PDF takes its metrics elsewhere.
    font = TTFont(path, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    for tag in ("GSUB", "GPOS", "SVG "):  # a PDF draws glyphs, it does not shape text:
        if tag in font:  # dropped unread (a third of the time if the subsetter drops them)
            del font[tag]
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def postscript_names(folder: Path | None, names: tuple[str, ...]) -> dict[str, Path]:
    """PostScript name → file for the font files mkbook embeds."""
    if folder is None:
        return {}
    found = {}
    for name in names:
        path = folder / name
        if path.is_file():
            found[_postscript_name(path.read_bytes())] = path
    return found
