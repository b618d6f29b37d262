"""The parallel print-layout engine, fed plain data — pieces of HTML with their
stylesheets — and importing nothing of the book model: jobs run through the cache
(:mod:`.runner`, :mod:`.cache`) by worker processes (:mod:`.workers`, :mod:`.preload`,
:mod:`.jobs`), and the laid-out pieces are joined into one PDF with each font embedded
once (:mod:`.join`, :mod:`.fonts`); every touch of WeasyPrint's internals is in
:mod:`.weasyprint_private`.  Only the PDF exporter uses it; what goes in each piece is
planned there (:mod:`mkbook.exporters.pdf.pieces`, :mod:`~mkbook.exporters.pdf.running_heads`).
"""
