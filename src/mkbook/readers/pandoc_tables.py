"""Pandoc's grid and simple tables, as a markdown-it block rule.

CommonMark has no tables; GFM pipe tables come from markdown-it-py's own ``table``
rule.  Pandoc writers also draw tables two other ways, which CommonMark would read
as paragraphs and, worse, take a simple table's dashed line for a scene break:

* a *grid table* is framed by ``+----+----+`` lines, with ``|`` between cells and a
  ``+====+====+`` line under its header row;
* a *simple table* is a header line over a line of dash groups (``-----  ------``),
  then a row a line up to a blank line; without a header it starts and ends with a
  dashed line.  The dashes set the columns, and how the header sits over them sets
  each column's alignment, as pandoc's manual says.

Both become the same table tokens the pipe-table rule makes (cells as ``inline``
tokens the inline parser fills in), so the reader has one table conversion.  A table
whose lines do not fit the columns (a cell spanning two) is left as text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_BORDER_RE = re.compile(r"^\+(?:[-=:]+\+)+$")
_DASHES_RE = re.compile(r"^-{3,}(?:\s+-{3,})+$")
_RULE_RE = re.compile(r"^-{3,}$")
_MOST_LINES = 400
"""A table is never longer: no dashed line is looked for further away."""
_CAPTION_RE = re.compile(r"^(?:Table)?:\s+(?P<caption>\S.*)$")

Row = list[str]


def pandoc_tables_plugin(md: MarkdownIt) -> None:
    """Read grid and simple tables before any rule can take their lines."""
    md.block.ruler.before("table", "pandoc_table", _pandoc_table)


def _line(state: StateBlock, number: int) -> str:
    return state.src[state.bMarks[number] + state.tShift[number]:state.eMarks[number]].rstrip()


def _pandoc_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = _line(state, start)
    under = start + 1 < end and state.sCount[start + 1] - state.blkIndent < 4
    if state.sCount[start] - state.blkIndent >= 4 and not (
            under and _DASHES_RE.match(_line(state, start + 1))):
        return False  # indented code, unless a header over the table's dashed line
    found = None
    if _BORDER_RE.match(first):
        found = _grid_table(state, start, end)
    elif _RULE_RE.match(first) or _DASHES_RE.match(first):
        found = _multiline_table(state, start, end)
    if found is None and start + 1 < end and first and _DASHES_RE.match(_line(state, start + 1)):
        found = _simple_table(state, start, end)
    if found is None:
        return False
    if not silent:
        header, rows, align, last = found
        last, caption = _caption(state, last, end)
        _emit(state, (header, rows, align, caption), start, last)
    state.line = last
    return True


def _block_lines(state: StateBlock, start: int, end: int, blanks: bool = False) -> list[str]:
    """The lines from *start* up to the first blank one (with *blanks*, to the end), as
    written: indentation kept, since columns are positions, and tabs expanded."""
    lines = []
    for number in range(start, min(end, start + _MOST_LINES)):
        text = state.src[state.bMarks[number]:state.eMarks[number]].rstrip().expandtabs(4)
        if not text.strip() and not blanks:
            break
        lines.append(text[state.blkIndent:] if text[:state.blkIndent].isspace() else text)
    return lines


def _grid_table(state: StateBlock, start: int,
                end: int) -> tuple[Row, list[Row], list[str], int] | None:
    lines = [line.strip() for line in _block_lines(state, start, end)]
    if len(lines) < 3 or not _BORDER_RE.match(lines[-1]):
        return None
    edges = [index for index, char in enumerate(lines[0]) if char == "+"]
    header: Row = []
    rows: list[Row] = []
    cells: list[list[str]] = [[] for _ in edges[1:]]
    align = _grid_align(lines[0], edges)
    for line in lines[1:]:
        if _BORDER_RE.match(line):
            if [i for i, char in enumerate(line) if char == "+"] != edges:
                return None
            row = ["\n".join(part for part in cell if part) for cell in cells]
            if "=" in line and not header and not rows:
                header, align = row, _grid_align(line, edges)
            else:
                rows.append(row)
            cells = [[] for _ in edges[1:]]
            continue
        if len(line) != len(lines[0]) or any(line[edge] != "|" for edge in edges):
            return None  # a cell spanning columns: kept as text
        for column, (left, right) in enumerate(zip(edges, edges[1:], strict=False)):
            cells[column].append(line[left + 1:right].strip())
    return header, rows, align, start + len(lines)


def _grid_align(border: str, edges: list[int]) -> list[str]:
    return [_colon_align(border[left + 1:right]) for left, right in zip(edges, edges[1:],
                                                                         strict=False)]


def _colon_align(dashes: str) -> str:
    left, right = dashes.startswith(":"), dashes.endswith(":")
    return "center" if left and right else "left" if left else "right" if right else ""


def _simple_table(state: StateBlock, start: int,
                  end: int) -> tuple[Row, list[Row], list[str], int] | None:
    """A header line over dash groups, then a row a line up to a blank line."""
    lines = _block_lines(state, start, end)
    groups = _groups(lines[1])
    if len(lines) < 3 or not all(_fits(line, groups) for line in (lines[0], *lines[2:])):
        return None  # prose over a dashed line, not a table
    return (_cut(lines[0], groups), [_cut(line, groups) for line in lines[2:]],
            _simple_align(lines[0], groups), start + len(lines))


def _multiline_table(state: StateBlock, start: int,
                     end: int) -> tuple[Row, list[Row], list[str], int] | None:
    """A table between two dashed lines: a full-width rule over header lines and dash
    groups, or dash groups alone (no header); rows a line each or, with blank lines
    between them, rows of several lines."""
    lines = _block_lines(state, start, end, blanks=True)
    headed = bool(_RULE_RE.match(lines[0]))
    at = next((n for n, line in enumerate(lines[1:], 1) if not line.strip()
               or _DASHES_RE.match(line)), 0) if headed else 0
    if headed and (not at or not lines[at].strip() or at < 2):
        return None
    groups = _groups(lines[at])
    close = next((n for n, line in enumerate(lines[at + 1:], at + 1)
                  if _RULE_RE.match(line) or _DASHES_RE.match(line)), 0)
    body = lines[at + 1:close]
    if not close or not any(line.strip() for line in body) or (
            close + 1 < len(lines) and lines[close + 1].strip()):
        return None
    if not all(_fits(line, groups) for line in body):
        return None
    header = _joined_cells(lines[1:at], groups) if headed else []
    align = _simple_align(lines[at - 1], groups) if headed else [""] * len(groups)
    if any(not line.strip() for line in body):
        chunks: list[list[str]] = [[]]
        for line in body:
            if line.strip():
                chunks[-1].append(line)
            elif chunks[-1]:
                chunks.append([])
        rows = [_joined_cells(chunk, groups) for chunk in chunks if chunk]
    else:
        rows = [_cut(line, groups) for line in body]
    return header, rows, align, start + close + 1


def _groups(dashes: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]


def _joined_cells(lines: list[str], groups: list[tuple[int, int]]) -> Row:
    """One row written over several lines: each column's pieces joined by spaces."""
    columns = zip(*(_cut(line, groups) for line in lines), strict=False)
    return [" ".join(piece for piece in column if piece) for column in columns]


def _fits(line: str, groups: list[tuple[int, int]]) -> bool:
    """Every column's text ends before the next column's dashes begin."""
    return all(len(line) < start or line[start - 1] == " " for start, _ in groups[1:])


def _cut(line: str, groups: list[tuple[int, int]]) -> Row:
    """A row's cells: each column runs from its dashes' start to the next column's."""
    starts = [0] + [start for start, _ in groups[1:]] + [len(line)]
    return [line[left:right].strip() for left, right in zip(starts, starts[1:], strict=False)]


def _simple_align(header: str, groups: list[tuple[int, int]]) -> list[str]:
    """Pandoc's rule: flush right over its dashes is right-aligned, flush left left,
    inside both ends centred, flush with both the default."""
    align = []
    for start, end in groups:
        text = header[start:end]
        if not text.strip():
            align.append("")  # an empty header cell says nothing of its column
            continue
        left = not text[0].isspace()
        right = len(header) >= end and not text[-1].isspace()
        align.append("" if left and right else "left" if left else "right" if right
                     else "center")
    return align


def _caption(state: StateBlock, line: int, end: int) -> tuple[int, str]:
    """Pandoc's ``Table: …`` (or ``: …``) line after a table, a blank line between."""
    if line + 1 < end and not _line(state, line).strip():
        found = _CAPTION_RE.match(_line(state, line + 1))
        if found:
            return line + 2, found.group("caption")
    return line, ""


def _emit(state: StateBlock, table: tuple[Row, list[Row], list[str], str], start: int,
          end: int) -> None:
    header, rows, align, caption = table
    opening = state.push("table_open", "table", 1)
    opening.map = [start, end]
    opening.meta = {"caption": caption} if caption else {}
    if header:
        state.push("thead_open", "thead", 1)
        _row(state, header, align, "th", start)
        state.push("thead_close", "thead", -1)
    state.push("tbody_open", "tbody", 1)
    for row in rows:
        _row(state, row, align, "td", start)
    state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)


def _row(state: StateBlock, cells: Row, align: list[str], tag: str, line: int) -> None:
    state.push("tr_open", "tr", 1)
    for column, cell in enumerate(cells):
        opening = state.push(f"{tag}_open", tag, 1)
        if column < len(align) and align[column]:
            opening.attrs = {"style": f"text-align:{align[column]}"}
        inline = state.push("inline", "", 0)
        inline.content = cell
        inline.map = [line, line + 1]
        inline.children = []
        state.push(f"{tag}_close", tag, -1)
    state.push("tr_close", "tr", -1)
