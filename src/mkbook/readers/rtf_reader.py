"""The RTF reader: a Rich Text file, through pandoc, into the Word reader.

No Python library reads RTF well; pandoc does (through ``pypandoc-binary``, the
optional ``rtf`` extra).  The file is converted to a Word document in a temporary
folder — pandoc runs with ``--sandbox``, so it reads nothing but the file and never
the network — and read by the Word reader, so RTF gets the same rules for headings,
scenes, notes and pictures.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from mkbook.errors import ManuscriptError
from mkbook.readers.docx_reader import read_docx_file
from mkbook.readers.read_file import ReadFile


def read_rtf_file(path: Path, display: str, one_of_many: bool) -> ReadFile:
    """Read the RTF file at *path* (pandoc converts it; the Word reader reads it)."""
    try:
        import pypandoc
    except ImportError:
        raise ManuscriptError("is a Rich Text (RTF) file: reading one needs pandoc; install "
                              "it with pip install 'mkbook-press[rtf]', or save the file as .docx",
                              source=path) from None
    with tempfile.TemporaryDirectory(prefix="mkbook-rtf-") as folder:
        converted = Path(folder) / f"{path.stem}.docx"
        try:
            pypandoc.convert_file(str(path), "docx", format="rtf", outputfile=str(converted),
                                  extra_args=["--sandbox"])
        except (RuntimeError, OSError) as err:
            raise ManuscriptError(f"is not an RTF file pandoc can read ({err}); save it as "
                                  ".docx", source=path) from None
        piece = read_docx_file(converted, display, one_of_many)
    # Its pictures live in the RTF file, not in the converted document that is gone.
    return replace(piece, assets=tuple(replace(asset, path=path) for asset in piece.assets))
