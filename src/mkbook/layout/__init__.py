"""The parallel print-layout engine: the book planned in pieces (:mod:`.plan`), laid out
by worker processes (:mod:`.workers`, :mod:`.preload`, :mod:`.jobs`), kept between
builds (:mod:`.cache`), its running heads stamped (:mod:`.running_heads`), and joined
into one PDF with each font embedded once (:mod:`.join`, :mod:`.fonts`).  Only the PDF
exporter uses it."""
