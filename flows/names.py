"""Flow-run names that say what ran: the flow, its window, its targets ("backfill demo
2020-01-30..2020-02-02", "nightly 2026-12-02 alice,bob", "watch 2026-12-02 17:45Z all targets"),
instead of Prefect's random ones. Only names and dates from the run's parameters: no post text.

``run_name(kind)`` is what a flow passes as ``flow_run_name``: Prefect calls it when the run starts
and it reads the run's parameters and scheduled time from ``prefect.runtime``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any


def _targets(params: Mapping[str, Any]) -> str:
    target = params.get("target")
    if target:  # one name, or several (a backfill of several targets)
        return target if isinstance(target, str) else ",".join(target)
    return ",".join(params.get("targets") or []) or "all targets"


def _day(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d}"
    return f"{value:%Y-%m-%d}"


def _instant(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC)


def name_of(kind: str, params: Mapping[str, Any], at: datetime) -> str:
    """The run's name. ``at``: when it was scheduled to start (the window of nightly and watch)."""
    who = _targets(params)
    if kind == "backfill-days":
        return f"backfill {who} {_day(params['first_day'])}..{_day(params['last_day'])}"
    if kind == "backfill":  # [start, end): the last day named is the one before end, as typed
        last = _instant(params["end"]) - timedelta(microseconds=1)
        by = params.get("flow_name") or "backfill"
        started = "" if by == "backfill" else f" ({by})"
        return f"backfill {who} {_day(params['start'])}..{_day(last)}{started}"
    if kind == "watch":
        when = _instant(params["now"]) if params.get("now") else at.astimezone(UTC)
        return f"watch {when:%Y-%m-%d %H:%MZ} {who}"
    if kind == "weekly-digest":
        return f"weekly-digest {params.get('week') or 'last week'} {who}"
    if kind == "import":
        return f"import {who} {len(params.get('paths') or [])} file(s)"
    return f"{kind} {at.astimezone(UTC):%Y-%m-%d} {who}"


def run_name(kind: str) -> Callable[[], str]:
    def name() -> str:
        from prefect.runtime import flow_run

        at = flow_run.scheduled_start_time or datetime.now(UTC)
        return name_of(kind, flow_run.parameters, at)

    name.__name__ = f"{kind.replace('-', '_')}_run_name"
    return name
