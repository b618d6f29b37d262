"""What a catalog run built, for a program (``report.json``: every book's status,
formats and sizes, warnings by code, epubcheck's counts, seconds and peak memory) and
for a person (``index.html``: the same as a table)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from markupsafe import escape

from mkbook.catalog.plan import Catalog
from mkbook.catalog.storage import Output

FAILED = ("failed", "timeout")


def summary(reports: list[dict[str, Any]]) -> dict[str, int]:
    """How many books were built, left as they were, failed and timed out."""
    counts = Counter(report["status"] for report in reports)
    return {"books": len(reports), "built": counts["built"], "unchanged": counts["unchanged"],
            "failed": counts["failed"], "timeout": counts["timeout"]}


def summary_line(reports: list[dict[str, Any]], seconds: float) -> str:
    """``40 books: 37 built, 0 unchanged, 2 failed, 1 timed out in 412 s``."""
    found = summary(reports)
    return (f"{found['books']} books: {found['built']} built, {found['unchanged']} unchanged, "
            f"{found['failed']} failed, {found['timeout']} timed out in {seconds:.0f} s")


def write_reports(catalog: Catalog, reports: list[dict[str, Any]], output: Output) -> None:
    """``report.json`` and ``index.html`` in the output folder, each written whole."""
    data = {"catalog": catalog.title, "summary": summary(reports), "books": reports}
    output.write("report.json",
                     (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())
    output.write("index.html", _html(catalog, reports).encode())


def _html(catalog: Catalog, reports: list[dict[str, Any]]) -> str:
    rows = "\n".join(_row(report) for report in reports)
    found = summary(reports)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
            f"<title>{escape(catalog.title)}</title><style>body {{ font: 0.9em sans-serif; "
            "margin: 2em; }} table {{ border-collapse: collapse; }} td, th {{ padding: 0.3em "
            "0.6em; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; }} "
            "img {{ height: 4em; }} .failed, .timeout {{ color: #a00; }}</style></head><body>"
            f"<h1>{escape(catalog.title)}</h1><p>{found['books']} books: {found['built']} "
            f"built, {found['unchanged']} unchanged, {found['failed']} failed, "
            f"{found['timeout']} timed out. <a href=\"catalog.xml\">OPDS 1.2</a> · "
            "<a href=\"catalog.json\">OPDS 2.0</a></p><table><tr><th></th><th>Book</th>"
            "<th>Status</th><th>Files</th><th>Warnings</th><th>epubcheck</th><th>Seconds</th>"
            f"<th>Peak MB</th></tr>\n{rows}\n</table></body></html>\n")


def _row(report: dict[str, Any]) -> str:
    slug, status = report["slug"], report["status"]
    cover = report.get("cover")
    image = f'<img src="{escape(slug)}/{escape(cover)}" alt=""/>' if cover else ""
    files = ", ".join(f'<a href="{escape(slug)}/{escape(item["file"])}">{escape(fmt)}</a> '
                      f'({item["bytes"] / 1024:.0f} KB)'
                      for fmt, item in report.get("formats", {}).items())
    warnings = ", ".join(f"{escape(code)} ×{count}"
                         for code, count in report.get("warnings", {}).items())
    checked = "; ".join(f"{sum(counts.values())} problem(s)" if sum(counts.values()) else "clean"
                        for counts in report.get("epubcheck", {}).values())
    title = escape(report.get("title") or slug)
    error = f"<br/>{escape(report['error'])}" if report.get("error") else ""
    return (f'<tr class="{escape(status)}"><td>{image}</td><td>{title}</td><td>'
            f"{escape(status)}{error}</td><td>{files}</td><td>{warnings}</td><td>{checked}"
            f"</td><td>{report.get('seconds', 0)}</td><td>{report.get('peak_memory_mb', 0)}"
            "</td></tr>")
