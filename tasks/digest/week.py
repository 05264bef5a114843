"""The periods a digest covers, counted in a target's timezone: ISO weeks (``2020-W05``) for the
weekly digest, local days (``2020-02-01``) for the daily digest while an episode is open.

Both answer the same questions (``kind``, ``label``, ``first``, ``last``, ``days``, ``previous``,
``chart_days``, ``utc_bounds``), which is all the digest asks of its period."""

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

    @classmethod
    def due(cls, now: datetime, timezone: str, hour: int) -> IsoWeek:
        """The week a scheduled run at ``now`` sends: the last complete week once the target's
        Monday has reached ``hour`` o'clock in ``timezone``, the one before until then. Counted
        in the target's zone, so one schedule serves Paris, Los Angeles and Honolulu alike."""
        return cls.last_complete(now - timedelta(hours=hour), timezone)

    kind = "week"

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def first(self) -> date:
        return self.monday

    @property
    def last(self) -> date:
        return self.sunday

    @property
    def chart_days(self) -> list[date]:
        return self.days

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
        return local_bounds(self.monday, self.monday + timedelta(days=7), timezone)


def local_bounds(first: date, end: date, timezone: str) -> tuple[datetime, datetime]:
    """[first 00:00, end 00:00) in ``timezone``, in UTC."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(first, time(), tzinfo=zone)
    stop = datetime.combine(end, time(), tzinfo=zone)
    return start.astimezone(UTC), stop.astimezone(UTC)


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, order=True)
class LocalDay:
    """One day in a target's timezone: the daily digest's period. Its chart shows the seven
    days that end with it, so a wave is seen building."""

    day: date
    kind = "day"

    @classmethod
    def parse(cls, text: str) -> LocalDay:
        if not _DAY.match(text.strip()):
            raise DigestError(f"day {text!r}: expected a date as YYYY-MM-DD, e.g. 2020-02-01")
        try:
            return cls(date.fromisoformat(text.strip()))
        except ValueError:
            raise DigestError(f"day {text!r}: no such date") from None

    @classmethod
    def last_complete(cls, now: datetime, timezone: str) -> LocalDay:
        """The latest day that has ended in ``timezone`` at ``now`` (yesterday, there)."""
        return cls(now.astimezone(ZoneInfo(timezone)).date() - timedelta(days=1))

    @classmethod
    def due(cls, now: datetime, timezone: str, hour: int) -> LocalDay:
        """The day a scheduled run at ``now`` sends: yesterday once ``hour`` o'clock has come
        in ``timezone``, the day before until then."""
        return cls.last_complete(now - timedelta(hours=hour), timezone)

    @property
    def label(self) -> str:
        return self.day.isoformat()

    def __str__(self) -> str:
        return self.label

    @property
    def first(self) -> date:
        return self.day

    @property
    def last(self) -> date:
        return self.day

    @property
    def days(self) -> list[date]:
        return [self.day]

    @property
    def chart_days(self) -> list[date]:
        return [self.day - timedelta(days=6 - i) for i in range(7)]

    @property
    def previous(self) -> LocalDay:
        return LocalDay(self.day - timedelta(days=1))

    def utc_bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """[00:00, next 00:00) local, in UTC (a DST day is 23 or 25 hours)."""
        return local_bounds(self.day, self.day + timedelta(days=1), timezone)


Period = IsoWeek | LocalDay
