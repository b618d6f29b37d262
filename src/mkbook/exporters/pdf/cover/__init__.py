"""The printed book's cover wrap: back, spine and front on one sheet, with bleed.

``papers`` holds the printers' paper tables (how thick a page is), ``wrap`` the
geometry a page count and a trim give (panels, folds, safe zones, the barcode's
place), and ``render`` lays the wrap out with WeasyPrint from the book's metadata and
its cover image (or a typographic front).
"""
