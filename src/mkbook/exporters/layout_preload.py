"""Loaded once by the server PDF layout workers are forked from (``workers.py``), so
that no worker loads it again on its first piece.

English hyphenation patterns: WeasyPrint parses a language's patterns the first time
a worker hyphenates a line in it (a tenth of a second, which a one-chapter rebuild
waits for), and most books are in English.  Other languages load as before.
"""

import pyphen

pyphen.Pyphen(lang="en")
