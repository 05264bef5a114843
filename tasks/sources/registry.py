"""Source names → source objects, and the window each can serve."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from config.settings import Settings
from config.targets import Target
from tasks.errors import ConfigError
from tasks.sources.base import RawPage, Source

# Synthetic pages are "collected" as the hour closes, like a live collector would: fixed, so a
# re-run reproduces the same rows.
_COLLECTION_DELAY = timedelta(hours=1)


class SyntheticSource:
    """The embedded default: a scenario of SCENARIOS.md as X API v2 pages, from a seed."""

    name = "synthetic"

    def __init__(self, scenario: str, seed: int) -> None:
        from tasks.sources import synthetic

        self._gen = synthetic
        if scenario not in synthetic.SCENARIOS:
            raise ConfigError(
                f"unknown synthetic scenario {scenario!r}; known: {', '.join(synthetic.SCENARIOS)}"
            )
        self.scenario, self.seed = scenario, seed

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        start, end = self._gen.scenario_window(self.scenario)
        return start, min(end, now)

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        # X handles are 1–15 of [A-Za-z0-9_]: a target without one gets its name made into one.
        handle = target.handles.x or re.sub(r"[^A-Za-z0-9_]", "_", target.name)[:15]
        user_id = target.handles.x_user_id or "1000000000000000001"
        pages = self._gen.generate_pages(
            self.scenario, seed=self.seed, handle=handle, user_id=user_id, start=start, end=end
        )
        n, hour = 0, None
        for page in pages:
            # Numbered within its hour, so the reference is the same whatever window asked for it.
            n, hour = (n + 1, hour) if page.hour == hour else (0, page.hour)
            yield RawPage(
                body=page.body,
                source=self.name,
                ref=f"synthetic:{self.scenario}:seed={self.seed}:{page.hour:%Y-%m-%dT%H}Z#{n}",
                retrieved_at=page.hour + _COLLECTION_DELAY,
                date_hint=page.hour.date(),
            )


def make_source(name: str, target: Target, settings: Settings) -> Source:
    if name == "synthetic":
        return SyntheticSource(target.synthetic.scenario, target.synthetic.seed)
    raise ConfigError(f"target {target.name!r}: unknown source {name!r}; known: synthetic")


def nightly_window(
    source: Source, watermark: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """From the last watermark (or the start of what the source holds) up to now."""
    start, end = source.available(now)
    if watermark is not None:
        start = max(start, watermark)
    return start, max(start, end)


def utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
