"""The EPUB exporter and its store targets (:mod:`.exporter`), the package metadata
stores and libraries read (:mod:`.metadata`), the embedded book face (:mod:`.fonts`),
the generated cover (:mod:`.cover`) and the byte-reproducible zip (:mod:`.package`)."""
