"""Running one task per target (or per group of targets) in worker processes, and surviving a
worker that dies; or, with ``task_runner = "dask"``, on a Dask cluster through prefect-dask
(``in_dask``).

The one module that reaches into Prefect's internals: Prefect has no public way to release the
message queue of a ``ProcessPoolTaskRunner`` whose forwarder could not be stopped (see
``release_message_queue``). It was checked on Prefect ``PREFECT_CHECKED``;
tests/test_workers.py fails on any other version, and pins what the workaround does through
the public path (a process that used the runner exits).
"""

from __future__ import annotations

import ipaddress
import logging
import os
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar
from urllib.parse import urlsplit

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.settings import PREFECT_API_URL, temporary_settings
from prefect.task_runners import ProcessPoolTaskRunner

from config.settings import Settings
from tasks import progress
from tasks.errors import TocsinError

PREFECT_CHECKED = "3.8.8"
"""The Prefect release ``release_message_queue`` was checked against."""
QUEUE_ATTRIBUTE = "_subprocess_message_queue"
"""Prefect's own (private) attribute of ProcessPoolTaskRunner holding the workers' message
queue; ``None`` once the runner stopped its forwarder cleanly."""


def worker_count(settings: Settings, targets: int) -> int:
    """How many targets run at once: ``settings.workers`` (0: one per core), never more than
    there are targets."""
    wanted = settings.workers or os.cpu_count() or 1
    return max(1, min(wanted, targets))


WITHOUT_PROFILER = {"distributed.worker.profile.enabled": False}
"""Dask's configuration for the workers of a cluster started for one run. A Dask worker samples
its running task's stack every 10 ms and keeps the call tree of each second for the last 1000
seconds (``distributed.admin.low-level-log-length``), for the dashboard's profile page. Measured
on Tocsin's targets: ~0.8 MB per second of work, so a worker grows by up to ~0.8 GB over its
first ~17 minutes (docs/several-machines.md). No one opens the dashboard of a cluster started
for one run (its port is picked at random)."""

T = TypeVar("T")
Results = list[tuple[Any, BaseException | None]]
"""(result, error) per call, in call order."""


def run_targets(
    fn: Any, calls: list[dict[str, Any]], settings: Settings, sizes: list[int] | None = None
) -> Results:
    """Run the task ``fn`` once per parameter set in ``calls`` (one per target, or per group of
    targets: ``sizes`` says how many each call has, for the progress shown) through the
    settings' task runner: ``in_dask`` with ``task_runner = "dask"``, else ``in_workers``.

    A local Dask cluster is only started for more than one call and more than one worker (as
    the process pool); a scheduler given as ``dask_address`` gets every call, even one.
    """
    runner = settings.runner
    if runner.task_runner == "dask" and (
        runner.dask_address or worker_count(settings, len(calls)) > 1
    ):
        return in_dask(fn, calls, settings, sizes)
    return in_workers(fn, calls, worker_count(settings, len(calls)), sizes)


def target_groups(settings: Settings, targets: list[T]) -> list[list[T]]:
    """``targets`` dealt into one group per worker process (in turn, so that the groups'
    sizes differ by one at most), each group a task that pulls its targets one after another
    then derives them together (tasks/grouped.py); on Dask, one target a group, so that every
    worker of a cluster, however many, gets work."""
    runner = settings.runner
    if runner.task_runner == "dask":
        return [[t] for t in targets]
    n = worker_count(settings, len(targets))
    return [g for g in (targets[k::n] for k in range(n)) if g]


def _host(url: str) -> str:
    return urlsplit(url if "://" in url else f"tcp://{url}").hostname or ""


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_reachable_api(api_url: str, address: str) -> None:
    """Refuse a Dask scheduler on another machine when the flow's Prefect API listens on this
    one only (a temporary server, or a server on 127.0.0.1): the workers could not report."""
    if _loopback(_host(api_url)) and not _loopback(_host(address)):
        raise TocsinError(
            f"task_runner = dask with dask_address {address}: its workers must reach the "
            f"Prefect API, and this flow's is {api_url} (this machine only); set "
            "PREFECT_API_URL to a Prefect server they reach"
        )


def in_dask(
    fn: Any, calls: list[dict[str, Any]], settings: Settings, sizes: list[int] | None = None
) -> Results:
    """Run the task ``fn`` once per parameter set in ``calls`` on a Dask cluster, through
    prefect-dask's ``DaskTaskRunner``; (result, error) in call order, as ``in_workers``.

    The cluster: the scheduler at ``dask_address``, else a ``LocalCluster`` of
    ``worker_count`` processes with one thread each (one target per process at a time, as the
    process pool), started and stopped with the run. Each task reports to the flow's own API
    (a running server, or the temporary one an unconfigured flow starts): the address travels
    with the task's settings context, so no Dask worker starts a temporary API server of its
    own (74-96 s for a 2-task flow when they did). A call that fails comes back in its place
    with its error; the others run on. A worker that dies is Dask's to handle: its nanny
    starts a new one and the scheduler runs the task again, up to ``allowed-failures``, then
    fails it with ``KilledWorker`` (Dask's documented behaviour; not exercised here).
    """
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise TocsinError(
            "task_runner = dask needs prefect-dask: install Tocsin with its dask extra "
            "(pip install -e '.[dask]')"
        ) from None
    import dask

    with get_client(sync_client=True) as client:
        api_url = str(client.api_url)
    address = settings.runner.dask_address
    if address:
        require_reachable_api(api_url, address)
        runner = DaskTaskRunner(address=address)
    else:
        runner = DaskTaskRunner(
            cluster_kwargs=dict(
                n_workers=worker_count(settings, len(calls)),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: 8787 may be taken
                # As the process pool: no per-worker memory cap (Dask's default kills a worker
                # past 95 % of its share of the machine's memory).
                memory_limit=0,
            )
        )
    # Dask's own INFO lines (scheduler, nannies, connections) would drown the run's output.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    results: Results = []
    with (
        temporary_settings(updates={PREFECT_API_URL: api_url}),
        dask.config.set(WITHOUT_PROFILER),  # the workers the runner starts (none at an address)
        runner,
    ):
        futures = [runner.submit(fn, params) for params in calls]
        sized = list(zip(futures, sizes or [1] * len(calls), strict=True))
        with shown(sum(n for _, n in sized)) as done:  # its targets, as each result comes back
            for future, _ in done.count(sized, by=lambda pair: pair[1]):
                try:
                    results.append((future.result(), None))
                except Exception as exc:  # noqa: BLE001 - returned to the caller
                    results.append((None, exc))
    return results


def _report_to(api_url: str) -> None:
    """Run in each worker process as it starts: report to the flow's API (an ephemeral one
    included) instead of starting an API server of its own."""
    os.environ["PREFECT_API_URL"] = api_url


def in_workers(
    fn: Any, calls: list[dict[str, Any]], workers: int, sizes: list[int] | None = None
) -> list[tuple[Any, BaseException | None]]:
    """Run the task ``fn`` once per parameter set in ``calls``; (result, error) in call order.

    With one worker (or one call) the task runs in the flow's process; otherwise in a pool of
    ``workers`` processes (Prefect's ProcessPoolTaskRunner), so that per-record Python work of
    two targets uses two cores. A call that raises does not stop the others: its error comes
    back in its place. A worker process that dies (killed, out of memory) breaks the whole pool
    and fails every call still in it; those calls run again, each in a process of its own, so
    only the one that kills its process fails (a run is idempotent: running a target again
    stores nothing twice). ``sizes``: how many targets each call has (the progress shown).
    """
    size = sizes or [1] * len(calls)
    if workers <= 1 or len(calls) <= 1:
        out: list[tuple[Any, BaseException | None]] = []
        with shown(sum(size)) as done:
            sized = list(zip(calls, size, strict=True))
            for params, _ in done.count(sized, by=lambda pair: pair[1]):
                try:
                    out.append((fn(**params), None))
                except Exception as exc:  # noqa: BLE001 - returned to the caller, which reports it
                    out.append((None, exc))
        return out
    with get_client(sync_client=True) as client:
        api_url = str(client.api_url)
    results: list[tuple[Any, BaseException | None]] = [(None, None)] * len(calls)
    pending, alone = list(range(len(calls))), False
    done = shown(sum(size))  # per target, as each result comes back: workers show no bars
    while pending:
        groups = [[i] for i in pending] if alone else [pending]
        broken: list[int] = []
        for group in groups:
            runner = ProcessPoolTaskRunner(
                max_workers=min(workers, len(group)), initializer=_report_to, initargs=(api_url,)
            )
            with runner:
                futures = [(i, runner.submit(fn, calls[i])) for i in group]
                for i, future in futures:
                    try:
                        results[i] = (future.result(), None)
                        done.advance(size[i])
                    except BrokenProcessPool as exc:
                        if alone:
                            results[i] = (None, exc)
                        else:
                            broken.append(i)
                    except Exception as exc:  # noqa: BLE001 - returned to the caller
                        results[i] = (None, exc)
                        done.advance(size[i])
            if broken or alone:
                release_message_queue(runner)
        if broken:
            get_run_logger().warning(
                "a worker process died; %d target(s) run again, each in its own process",
                len(broken),
            )
        pending, alone = broken, True
    done.close()
    return results


def shown(targets: int) -> progress.Bar:
    """The targets of a run, counted as each is done (tasks/progress.py)."""
    return progress.bar("targets", targets, "targets done")


def release_message_queue(runner: ProcessPoolTaskRunner) -> bool:
    """After a worker died: never wait at exit on the runner's message queue; whether there
    was one left to release.

    A process killed while writing to that queue can leave it unusable; Prefect then gives up
    stopping its forwarder (after 5 s) and keeps the queue, whose feeder thread the interpreter
    joins at exit, forever: the flow's process finished its work but never exited. Only
    buffered log messages of the dead worker can be lost. Without the attribute (another
    Prefect release) this does nothing.
    """
    queue = getattr(runner, QUEUE_ATTRIBUTE, None)
    if queue is None:
        return False
    queue.cancel_join_thread()
    return True
