"""What `aggregator serve` adds to Datasette for an analyst, beside the search function of
`datasette_plugin`: the archive always at `/aggregator`, whatever its file is called, so
the URLs in the README and `serve --help` work for every `--db`."""

from __future__ import annotations

from datasette import hookimpl
from datasette.app import Datasette

ROUTE = "aggregator"


@hookimpl
def startup(datasette: Datasette) -> None:
    """Datasette names a database after its file (`archive.db` → `/archive`); give the one
    archive `aggregator serve` opens the route every link assumes."""
    files = [db for db in datasette.databases.values() if not db.is_memory]
    if len(files) == 1:
        files[0].route = ROUTE
