"""Reading ``book.toml``'s values: each checked for its kind, and each error naming the
key and the line it is on (tomllib keeps no positions, so :class:`Locator` finds them);
an exporter's table is checked against its options dataclass (:func:`check_options`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any, get_args, get_type_hints

from mkbook.errors import ConfigError

if TYPE_CHECKING:  # loaded only for a book.toml that sets a pattern
    import regex


def pattern_value(table: dict[str, Any], key: str, where: Locator) -> regex.Pattern[str]:
    import regex

    try:
        return regex.compile(string_value(table, key, where), regex.IGNORECASE | regex.V0)
    except regex.error as err:
        raise ConfigError(f"{key} is not a valid regular expression: {err}",
                          source=where.find(key)) from None


def reject_unknown(table: dict[str, Any], known: frozenset[str], name: str,
                    where: Locator) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(f"unknown key {key!r} in [{name}]; known keys: "
                              + ", ".join(sorted(known)), source=where.find(key))


def string_value(table: dict[str, Any], key: str, where: Locator) -> str:
    value = table[key]
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ConfigError(f"{key} must be text", source=where.find(key))
    return str(value).strip()


def string_list(table: dict[str, Any], key: str, where: Locator) -> tuple[str, ...]:
    value = table[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{key} must be a list of names, like [\"Jane Doe\"]",
                          source=where.find(key))
    return tuple(item.strip() for item in value if item.strip())


class Locator:
    """Finds the line a key is on, since tomllib does not keep positions."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.lines = text.splitlines()

    def find_in(self, table: str, key: str) -> str:
        """The line of *key* inside ``[table]`` (else of the table, else the file)."""
        header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
        start = next((i for i, line in enumerate(self.lines) if header.match(line)), None)
        if start is None:
            return self.name
        setting = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for number in range(start + 1, len(self.lines)):
            if self.lines[number].lstrip().startswith("["):
                break
            if setting.match(self.lines[number]):
                return f"{self.name}:{number + 1}"
        return f"{self.name}:{start + 1}"

    def find(self, key: str) -> str:
        pattern = re.compile(rf"^\s*(\[\s*{re.escape(key)}\s*\]|\"?{re.escape(key)}\"?\s*=)")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return f"{self.name}:{number}"
        return self.name


def check_options(spec: type, values: Mapping[str, Any], table: str,
                  locate: Callable[[str, str], str]) -> None:
    """Refuse a key of ``[table]`` that *spec* (an exporter's options dataclass) does
    not declare, or a value not of its declared kind, naming the key and the line."""
    hints = get_type_hints(spec)
    known = [option.name for option in fields(spec)]
    for key, value in values.items():
        if key not in hints:
            raise ConfigError(f"unknown key {key!r} in [{table}]; known keys: "
                              + ", ".join(known), source=locate(table, key))
        kinds = tuple(kind for kind in get_args(hints[key]) or (hints[key],)
                      if kind is not type(None))
        fits = any(isinstance(value, kind) and not (kind is int and isinstance(value, bool))
                   for kind in kinds)
        if value is not None and not fits:
            raise ConfigError(f"{key} in [{table}] must be {_kind_name(kinds)}",
                              source=locate(table, key))


def _kind_name(kinds: tuple[type, ...]) -> str:
    names = {bool: "true or false", int: "a whole number", str: "text", float: "a number"}
    return " or ".join(names.get(kind, kind.__name__) for kind in kinds)
