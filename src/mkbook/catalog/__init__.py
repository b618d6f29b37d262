"""``mkbook catalog``: a whole catalog of books built as one job, on this machine or a
Dask cluster, with a report and OPDS feeds.

The stages, one module each:

- ``plan.py``: the catalog (a folder, or its ``catalog.toml``) read into the books it
  lists, each with the defaults it shares and the hash of its inputs, which decides
  whether it is built again;
- ``one_book.py``: one book built in a process of its own (a crash, a hang or a memory
  blow-up ends that process, not the run), measured, into ``dist/<slug>/``;
- ``storage.py``: where books are read and outputs written, a path or an fsspec URL
  (``s3://``), the same calls for every protocol;
- ``run.py``: the books as Dask tasks, on an embedded ``LocalCluster`` or any
  scheduler, each failure recorded with its reason;
- ``report.py`` and ``opds.py``: what was built, for people (``report.json``,
  ``index.html``) and for e-reader apps (OPDS 1.2 and 2.0 feeds).
"""
