"""Small text normalisations shared by readers and settings."""

from __future__ import annotations


def normalise_heading(line: str) -> str:
    """A heading with case, spacing, curly apostrophes and edge punctuation folded away.

    ``  PREFACE.`` and ``Preface`` compare equal; so do a CONTENTS entry and the heading
    it repeats (``Stave   I: Marley's Ghost`` / ``STAVE I:  MARLEY'S GHOST``).
    """
    text = " ".join(line.replace("\u2019", "'").split()).casefold()
    return text.strip(" .:;-\u2014\u2013*=_#")


def language_tag(value: str) -> str | None:
    """*value* as a well-formed, registered BCP 47 tag in its standard spelling
    (``en_us`` → ``en-US``), or None when it is not one (``english``, ``en"><x``).

    The tag is written into XML attributes and the PDF, so nothing else may pass.
    """
    import langcodes  # 30 ms: loaded only when a book names its language

    try:
        return str(langcodes.standardize_tag(value)) if langcodes.tag_is_valid(value) else None
    except ValueError:  # langcodes.LanguageTagError is one
        return None
