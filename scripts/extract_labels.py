"""Make ``src/mkbook/locales/mkbook.pot``: every label mkbook writes into a book, found
in the code (``N_("…")``, ``label(language, "…")``) and the templates (``_("…")``) by
Babel's extractors, the template a translator starts a new ``.po`` file from.

    python scripts/extract_labels.py           # rewrite the template
    pybabel init -D mkbook -i src/mkbook/locales/mkbook.pot -d src/mkbook/locales -l sv

A test checks that the template lists what the code uses and that every catalogue
translates all of it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mkbook"
TEMPLATE = PACKAGE / "locales" / "mkbook.pot"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.xhtml", "jinja2")]
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "N_": None, "label": (2,)}
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                 "lstrip_blocks": "true"}}


def extracted() -> dict[str, list[tuple[str, int]]]:
    """Each label the package uses, with where it is used."""
    found: dict[str, list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            PACKAGE, METHODS, keywords=KEYWORDS, options_map=OPTIONS):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append((filename, line))
    return found


def template() -> Catalog:
    catalog = Catalog(project="mkbook", domain="mkbook", fuzzy=False,
                      copyright_holder="The mkbook team")
    for message, places in sorted(extracted().items()):
        flags = ("python-format",) if "%(" in message else ()
        catalog.add(message, locations=places, flags=flags)
    return catalog


def main() -> int:
    with TEMPLATE.open("wb") as out:
        write_po(out, template(), omit_header=False, sort_output=True, width=88,
                 no_location=False)
    print(f"{TEMPLATE.relative_to(PACKAGE.parent.parent)}: {len(template())} labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
