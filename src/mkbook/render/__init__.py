"""What every output shares: the book planned as documents in reading order
(:mod:`.documents`), the model rendered as HTML (:mod:`.html`), jinja2 templates and
the shared stylesheets (:mod:`.templates`), and the book face (:mod:`.fonts`).  EPUB,
PDF and the preview all render through here."""
