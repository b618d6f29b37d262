"""Write ``src/mkbook/transforms/cldr_quotes.json``: every language's quotation marks
from the Unicode CLDR (its ``delimiters``), which the typography transform sets.

Run it on an unpacked ``cldr-misc-full`` package (the CLDR's own JSON release, from
the npm registry: ``npm pack cldr-misc-full && tar xzf cldr-misc-full-*.tgz``):

    python scripts/cldr_quotes.py package/

A regional locale is kept only where its marks differ from its language's.  The
data is under the Unicode License v3, whose notice the file carries.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "mkbook" / "transforms" / "cldr_quotes.json"
KEYS = ("quotationStart", "quotationEnd", "alternateQuotationStart", "alternateQuotationEnd")


def main(package: Path) -> None:
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    marks: dict[str, list[str]] = {}
    for path in sorted((package / "main").glob("*/delimiters.json")):
        locale = path.parent.name
        found = json.loads(path.read_text(encoding="utf-8"))["main"][locale]["delimiters"]
        marks[locale] = [found[key] for key in KEYS]
    kept = {locale: quotes for locale, quotes in marks.items()
            if "-" not in locale or marks.get(locale.split("-")[0]) != quotes}
    notice = (f"Unicode CLDR {version}, delimiters: Copyright (c) 2004-2026 Unicode, Inc. "
              "Unicode License v3 (https://www.unicode.org/license.txt).")
    OUT.write_text(json.dumps({"source": notice, "quotes": kept}, ensure_ascii=False,
                              indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(kept)} locales of {len(marks)} written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
