"""The knobs of alerting, with the reason for each default (settings section ``[alerts]``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tasks.detect.config import from_section


@dataclass(frozen=True)
class AlertPolicy:
    growth_factor: float = 4.0
    """An open episode's alert is escalated each time its hostile posts grow by this factor since
    the last message: a few escalations over a multi-day raid, not one per hour."""
    growth_min_hours: int = 6
    """Least time between two growth escalations (threats and doxxing do not wait)."""
    max_age_hours: int = 24
    """An episode that ended longer ago than this is not alerted any more (a watch that was down
    for days should not wake people for a wave long over; the digest reports it)."""
    worst_messages: int = 5
    """How many of the worst messages an alert quotes, behind a content warning."""
    escalate_on: tuple[str, ...] = ("threats", "doxxing")
    """Counts (episode columns) whose first post in an episode escalates its alert at once."""

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> AlertPolicy:
        return from_section(cls, values, "alerts")
