"""ISO weeks (``2020-W05``) and their bounds in a target's timezone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tasks.digest.errors import DigestError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        m = _WEEK.match(text.strip())
        if not m:
            raise DigestError(f"week {text!r}: expected an ISO week as YYYY-Www, e.g. 2020-W05")
        year, week = int(m.group(1)), int(m.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise DigestError(f"week {text!r}: {year} has no ISO week {week}") from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def last_complete(cls, now: datetime, timezone: str) -> IsoWeek:
        """The latest week that has ended in ``timezone`` at ``now``: on a Monday morning, the
        week that ended the night before."""
        return cls.containing(now.astimezone(ZoneInfo(timezone)).date()).previous

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    def __str__(self) -> str:
        return self.label

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    @property
    def previous(self) -> IsoWeek:
        return IsoWeek.containing(self.monday - timedelta(days=7))

    @property
    def next(self) -> IsoWeek:
        return IsoWeek.containing(self.monday + timedelta(days=7))

    def utc_bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """[Monday 00:00, next Monday 00:00) local, in UTC (a DST week is 167 or 169 hours)."""
        zone = ZoneInfo(timezone)
        start = datetime.combine(self.monday, time(), tzinfo=zone)
        end = datetime.combine(self.monday + timedelta(days=7), time(), tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)
