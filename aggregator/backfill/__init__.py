"""Backfill: past articles from web archives and sitemaps, on a process pool or on Dask.

    plan ──▶ units ──▶ engine (workers: read or fetch, prefilter, extract) ──▶ shards
                                                                                  │
                   database ◀── one writer (importer.import_jsonl), in plan order ◀┘

`runner` wires it; `plan` keeps the job on disk (resumable, idempotent); `warc` and
`sitemap` turn inputs into pages; `pages` is the per-page work; `engines` runs units;
`merge` hands shards to the writer.
"""
