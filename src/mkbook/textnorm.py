"""Small text normalisations shared by readers and settings."""

from __future__ import annotations


def normalise_heading(line: str) -> str:
    """A heading with case, spacing, curly apostrophes and edge punctuation folded away.

    ``  PREFACE.`` and ``Preface`` compare equal; so do a CONTENTS entry and the heading
    it repeats (``Stave   I: Marley's Ghost`` / ``STAVE I:  MARLEY'S GHOST``).
    """
    text = " ".join(line.replace("\u2019", "'").split()).casefold()
    return text.strip(" .:;-\u2014\u2013*=_#")
