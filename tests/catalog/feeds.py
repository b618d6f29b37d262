"""The catalog's feeds checked against the OPDS schemas of ``tests/fixtures/opds``:
``catalog.json`` and every book's ``publication.json`` (OPDS 2.0, JSON Schema),
``catalog.xml`` (OPDS 1.2, RELAX NG, and an acquisition link in every entry)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from lxml import etree

from support import FIXTURES

SCHEMAS = FIXTURES / "opds"
ACQUISITION_XPATH = "a:link[starts-with(@rel, 'http://opds-spec.org/acquisition')]"


def feed_problems(feed: Any) -> list[str]:
    """What the OPDS 2.0 schema finds wrong with *feed*, one line each."""
    return _problems(_opds2(), feed)


def publication_problems(publication: Any) -> list[str]:
    """What the schema's publication finds wrong with one ``publication.json``."""
    schema = _opds2()
    return _problems({**schema["$defs"]["publication"], "$defs": schema["$defs"]},
                     publication)


def atom_problems(feed: bytes) -> list[str]:
    """What the OPDS 1.2 RELAX NG schema, and the acquisition rule, find wrong."""
    grammar = etree.RelaxNG(etree.parse(str(SCHEMAS / "opds12.rng")))
    document = etree.fromstring(feed)
    problems = [] if grammar.validate(document) else [
        f"line {error.line}: {error.message}" for error in grammar.error_log]
    for entry in document.iterfind("{http://www.w3.org/2005/Atom}entry"):
        if not entry.xpath(ACQUISITION_XPATH, namespaces={"a": "http://www.w3.org/2005/Atom"}):
            problems.append(f"line {entry.sourceline}: an entry with no acquisition link")
    return problems


def assert_valid_feeds(out: Path) -> None:
    """Every feed page in the output folder *out* passes its schema."""
    for page in sorted(out.glob("catalog*.xml")):
        assert atom_problems(page.read_bytes()) == [], page.name
    for page in sorted(out.glob("catalog*.json")):
        assert feed_problems(json.loads(page.read_text(encoding="utf-8"))) == [], page.name
    for path in sorted(out.glob("*/publication.json")):
        assert publication_problems(json.loads(path.read_text(encoding="utf-8"))) == [], path


def _opds2() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (SCHEMAS / "opds2-feed.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


def _problems(schema: dict[str, Any], document: Any) -> list[str]:
    validator = Draft202012Validator(schema)
    return [f"{'/'.join(map(str, error.absolute_path)) or '(feed)'}: {error.message}"
            for error in sorted(validator.iter_errors(document), key=str)]
