"""ISBNs, checked with python-stdnum: the check digit, the length, the ranges the
agencies have given out; an ISBN-10 becomes its ISBN-13.

A book has one ISBN per edition: ``[book] isbn`` serves every format unless
``[epub] isbn`` or ``[pdf] isbn`` gives that edition its own (an ebook and a
paperback may not share one).
"""

from __future__ import annotations

from dataclasses import replace

from mkbook.errors import ConfigError
from mkbook.model import Book


def checked_isbn(value: str, where: str = "[book] isbn") -> str:
    """*value* as an ISBN-13 with its hyphens (``978-0-14-143951-8``), or a
    :class:`ConfigError` that says what is wrong with it."""
    from stdnum import isbn
    from stdnum.exceptions import ValidationError

    try:
        number = isbn.to_isbn13(isbn.validate(value))
    except ValidationError as err:
        raise ConfigError(f"{where} {value!r} is not an ISBN: {str(err).lower().rstrip('.')}; "
                          "copy it again from your ISBN agency (13 digits, starting 978 "
                          "or 979, hyphens optional)") from None
    return str(isbn.format(number))


def with_edition_isbn(book: Book, value: object, table: str) -> Book:
    """*book* identified by its edition's own ISBN (``[epub] isbn``), when it has one."""
    if not value:
        return book
    number = checked_isbn(str(value), f"[{table}] isbn")
    identifier = "urn:isbn:" + number.replace("-", "")
    return replace(book, metadata=replace(book.metadata, identifier=identifier))
