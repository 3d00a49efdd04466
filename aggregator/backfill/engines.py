"""Where units run: a local process pool, or a Dask cluster (local or remote).

Both run `units.run_unit` on each unit and hand back results as they complete; the caller
writes and merges them in plan order, so the engine never changes the database. Dask is an
optional extra, imported only when asked for.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..workers import make_executor, worker_count
from .pages import TaskContext
from .plan import Unit
from .units import UnitResult, run_unit

ENGINES = ("local", "dask")


# A Dask worker samples its task's stack every 10 ms for the dashboard's profile, and its
# event loop wakes every 20 ms: measured here, a unit then took 15-30 % more CPU than in the
# process pool. Extraction needs neither.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.tick.interval": "500ms",
}


class EngineError(Exception):
    """The engine cannot start (Dask missing, scheduler unreachable); one line."""


def run_units(
    units: Sequence[Unit],
    context: TaskContext,
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[UnitResult]:
    """Results of `run_unit` for each unit, in completion order."""
    if not units:
        return
    if engine == "dask":
        yield from _on_dask(units, context, workers, scheduler)
    else:
        yield from _on_pool(units, context, workers)


def _on_pool(
    units: Sequence[Unit], context: TaskContext, workers: int | None
) -> Iterator[UnitResult]:
    executor = make_executor(min(worker_count(workers), len(units)))
    try:
        futures = {executor.submit(run_unit, unit, context): unit for unit in units}
        for future in concurrent.futures.as_completed(futures):
            # dropped once handed over: a month of shards must not pile up in memory
            yield _outcome(futures.pop(future), future.result)
    finally:
        executor.shutdown(cancel_futures=True)


def _on_dask(
    units: Sequence[Unit], context: TaskContext, workers: int | None, scheduler: str | None
) -> Iterator[UnitResult]:
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise EngineError("--engine dask needs Dask: pip install 'aggregator[dask]'") from None
    # Dask sets its own loggers to INFO when imported: as quiet as the rest unless -v
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            dask.config.set(QUIET_WORKERS)  # handed on to the workers the cluster starts
            cluster = LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = Client(cluster)
    except OSError as exc:
        where = f"reach the Dask scheduler {scheduler}" if scheduler else "start a Dask cluster"
        raise EngineError(f"cannot {where}: {exc}") from None
    try:
        futures = {client.submit(run_unit, unit, context, pure=False): unit for unit in units}
        for future in as_completed(futures):
            yield _outcome(futures.pop(future), future.result)
    finally:
        client.close()
        if not scheduler:
            cluster.close()


def _outcome(unit: Unit, result: Callable[[], Any]) -> UnitResult:
    """A unit whose task raised (a bug, a worker that died) failed; the others go on."""
    try:
        return result()
    except Exception as exc:
        return UnitResult(unit.index, failed=f"unit {unit.index}: {type(exc).__name__}: {exc}")
