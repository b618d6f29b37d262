"""The PDF exporter (:mod:`.exporter`: the parallel layout or the single pass), the
printed page — trims, margins, bleed, profiles (:mod:`.page_setup`), the printed book
as HTML (:mod:`.print_html`) and the URL fetcher that confines WeasyPrint to the
project (:mod:`.fetcher`)."""
