"""The PDF exporter (:mod:`.exporter`: the parallel layout or the single pass), the
printed page — trims, margins, bleed, profiles (:mod:`.page_setup`), the printed book
as HTML (:mod:`.print_html`), and what goes in each piece of the parallel layout
(:mod:`.pieces`, :mod:`.running_heads`), which ``mkbook.layout`` lays out and joins."""
