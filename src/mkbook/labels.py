"""The words mkbook writes into a book itself ("Contents", "Chapter 3", "Published
by …"), in the book's language.

They are gettext messages: ``locales/mkbook.pot`` lists them (made by
``scripts/extract_labels.py`` from the code and the templates) and
``locales/<language>/LC_MESSAGES/mkbook.po`` translates them, so a translator adds a
language with the tools made for it (Poedit, Weblate) and no code.  The catalogues are
read with Babel, the library that writes them; a language without one keeps English.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib import resources

from babel import UnknownLocaleError
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context
from jinja2.runtime import Context

DOMAIN = "mkbook"


def N_(message: str) -> str:
    """Mark *message* as a label for the catalogue; it is translated where it is shown,
    once the book's language is known (gettext's ``gettext_noop``)."""
    return message


def label(language: str, message: str, **values: object) -> str:
    """*message* in *language* (a BCP 47 tag), its ``%(name)s`` fields filled."""
    text = translations(language).gettext(message)
    return text % values if values else text


def list_of(language: str, items: list[str]) -> str:
    """``A, B and C`` as *language* writes a list (the CLDR's pattern: ``A, B et C``)."""
    try:
        return format_list(items, locale=_locale_name(language))
    except (ValueError, UnknownLocaleError):  # the CLDR has no such locale: English's
        return format_list(items, locale="en")


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for *language*, falling back from ``pt-BR`` to ``pt`` to English."""
    found: gettext.NullTranslations | None = None
    for name in reversed(_candidates(language)):
        catalogue = _catalogue(name)
        if catalogue is not None:
            if found is not None:
                catalogue.add_fallback(found)
            found = catalogue
    return found or gettext.NullTranslations()


def languages() -> list[str]:
    """The languages that have a catalogue (``ar``, ``pt_BR``…)."""
    folder = resources.files("mkbook.locales")
    return sorted(entry.name for entry in folder.iterdir()
                  if entry.is_dir() and (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


def _candidates(language: str) -> list[str]:
    """``pt-BR`` → ``["pt_BR", "pt"]``: the catalogues to look in, most particular first."""
    parts = language.replace("_", "-").split("-")
    primary = parts[0].lower()
    region = next((part.upper() for part in parts[1:] if len(part) == 2 and part.isalpha()), "")
    return [f"{primary}_{region}", primary] if region else [primary]


def _locale_name(language: str) -> str:
    return _candidates(language)[0]


def _catalogue(name: str) -> gettext.GNUTranslations | None:
    """The compiled catalogue of one language, or None when it has none."""
    po = resources.files("mkbook.locales") / name / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return None
    with po.open("rb") as source:
        catalog = read_po(source, locale=name, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@pass_context
def template_gettext(context: Context, message: str) -> str:
    """jinja2's ``_()`` and ``{% trans %}``: *message* in the language of the book being
    rendered (``meta.language``)."""
    meta = context.get("meta")
    return translations(getattr(meta, "language", "") or "en").gettext(message)


@pass_context
def template_ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    meta = context.get("meta")
    return translations(getattr(meta, "language", "") or "en").ngettext(singular, plural,
                                                                         count)
