"""The joined book's structure tree, made from its tagged pieces' (a tagged PDF).

WeasyPrint tags each piece (``pdf_tags``): a ``StructTreeRoot`` whose one
``Document`` element holds the piece's headings, paragraphs and links, each marked
content on a page found through the ``ParentTree`` by the page's ``StructParents``
key (its number in the piece) and each link annotation's ``StructParent`` (numbers
after the pages').  The book gets one root and one ``Document``, which the pieces
join in reading order (the front matter first); each piece's keys are moved past the
keys of the pieces before it, on its pages and annotations as in the tree.  Each
piece's ``Document`` becomes a ``Part`` of the book's.  The pieces' elements were
copied with the pages they mark (one copier per source, so an element's ``/Pg`` is
the book's page).  Running heads and folios laid
over the pages are artifacts (``join.py``), outside the tree as a single pass has
them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name


def join_structure(book: pikepdf.Pdf, pieces: Sequence[tuple[pikepdf.Pdf, int]]) -> None:
    """Give *book* one structure tree from *pieces*: (source, the book page its first
    page became), in reading order.  Untagged pieces add nothing; a book with no
    tagged piece is left untagged."""
    tagged = [(source, first) for source, first in pieces
              if Name.StructTreeRoot in source.Root]
    if not tagged:
        return
    root = book.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = book.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document,
                                             P=root, K=Array()))
    nums: list[object] = []
    next_key = 0
    for source, first in tagged:
        next_key = _join_piece(book, source, first, document, nums, next_key)
    root.K = Array([document])
    root.ParentTree = book.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = next_key
    book.Root.StructTreeRoot = root
    book.Root.MarkInfo = Dictionary(Marked=True)
    book.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _join_piece(book: pikepdf.Pdf, source: pikepdf.Pdf, first: int,
                document: pikepdf.Object, nums: list[object], key: int) -> int:
    """Move one piece's elements under *document* and its parent-tree entries into
    *nums* from *key* on; returns the next free key."""
    tree = book.copy_foreign(source.Root.StructTreeRoot)  # the whole tree in one copy
    for element in tree.K if isinstance(tree.K, Array) else [tree.K]:
        if element.get(Name.S) == Name.Document:
            element.S = Name.Part  # a division of the book's one Document
        element.P = document
        document.K.append(element)
    entries = _number_tree(tree.ParentTree)
    moved = {old: key + n for n, (old, _) in enumerate(entries)}
    for old, value in entries:
        nums += [moved[old], value]
    for number in range(len(source.pages)):
        page = book.pages[first + number].obj
        if Name.StructParents in page:
            page.StructParents = moved.get(int(page.StructParents), int(page.StructParents))
        for annot in page.get(Name.Annots, Array()):
            if Name.StructParent in annot:
                annot.StructParent = moved.get(int(annot.StructParent),
                                               int(annot.StructParent))
    return key + len(entries)


def _number_tree(node: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    """A number tree's (key, value) pairs, its kids walked in order."""
    found: list[tuple[int, pikepdf.Object]] = []
    if Name.Nums in node:
        values = list(node.Nums)
        found += [(int(values[n]), values[n + 1]) for n in range(0, len(values) - 1, 2)]
    for kid in node.get(Name.Kids, Array()):
        found += _number_tree(kid)
    return found
