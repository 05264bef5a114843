"""When an episode deserves a message: once when it is found, then only when it gets worse.

Per channel (each e-mail recipient, the webhook, and the ``log`` channel that records every
alert the watch decided on, whoever is configured):
- level 0 ("new"): a harassment episode, or an unread one (a wave of posts in languages no
  rules read: someone must read them), not yet reported on this channel, open or ended less
  than ``max_age_hours`` ago. An unread episode overlapping a harassment episode is not
  reported on its own: the harassment alert says its posts no rules read. Support episodes
  are recorded, never alerted;
- level n+1: the first threat or doxxing post appeared ("threats", "doxxing": at once), or the
  episode's hostile posts (an unread episode's unread posts) grew ``growth_factor``-fold since
  the channel's last message ("grew": at most every ``growth_min_hours``).
At most one message per episode and channel per run, carrying every reason at once: a run that
finds a wave already large and threatening sends one alert that says both, not three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import polars as pl

from tasks.alerts.config import AlertPolicy
from tasks.alerts.state import Delivery
from tasks.detect.table import ALERT_KINDS

LOG_CHANNEL = "log"
# The episode kinds that alert, and the count whose growth escalates each.
ALERTING = dict(zip(ALERT_KINDS, ("hostile", "unread"), strict=True))


class StateLike(Protocol):
    """tasks.alerts.state.AlertState, or an in-memory stand-in (the benchmark's stream)."""

    def last(self, episode_id: str, channel: str) -> Delivery | None: ...


@dataclass(frozen=True)
class Due:
    episode_id: str
    channel: str  # "log", "email:<address>", "webhook:<ENV_NAME>"
    level: int
    reasons: tuple[str, ...]
    previous: Delivery | None
    episode: dict[str, Any]  # the episode row as it stands in this run


def reasons_for(
    episode: dict[str, Any],
    previous: Delivery | None,
    policy: AlertPolicy,
    now: datetime | None = None,
) -> tuple[str, ...]:
    """Why this channel should hear about this episode now (empty: it should not)."""
    focus = ALERTING.get(episode["kind"])
    if focus is None:
        return ()
    # An unread episode's threats and doxxing are those the rules read in the same hours: the
    # harassment episode they belong to says them. It escalates on its own growth only.
    escalate_on = policy.escalate_on if focus == "hostile" else ()
    if previous is None:
        return ("new", *[c for c in escalate_on if episode.get(c, 0) > 0])
    last = {"threats": previous.threats, "doxxing": previous.doxxing}
    urgent = [c for c in escalate_on if episode.get(c, 0) > 0 and last.get(c, 0) == 0]
    grew = (episode[focus] or 0) >= getattr(previous, focus) * policy.growth_factor
    # Growth alone waits a few hours after the last message (a raid quadruples several times in
    # its first evening); a first threat or doxxing post goes out at once, with the growth.
    rested = now is None or now - datetime.fromisoformat(previous.stream_time) >= timedelta(
        hours=policy.growth_min_hours
    )
    return tuple((["grew"] if grew and (rested or urgent) else []) + urgent)


def due_alerts(
    episodes: pl.DataFrame,
    channels: list[str],
    state: StateLike,
    *,
    now: datetime,
    policy: AlertPolicy,
) -> list[Due]:
    """Every (episode, channel) message this run should send, oldest episode first."""
    out: list[Due] = []
    horizon = now - timedelta(hours=policy.max_age_hours)
    raids = episodes.filter(pl.col("kind") == "harassment").select("start", "end").rows()
    for ep in episodes.sort("start").iter_rows(named=True):
        if ep["kind"] not in ALERTING:
            continue
        # An unread wave inside a harassment wave's hours is said by that wave's alert (its
        # posts no rules read, by language): one message per raid, not two.
        covered = ep["kind"] == "unread" and any(
            s < ep["end"] and ep["start"] < e for s, e in raids
        )
        for channel in [LOG_CHANNEL, *channels]:
            previous = state.last(ep["episode_id"], channel)
            if previous is None and covered:
                continue
            if previous is None and ep["status"] == "closed" and ep["end"] < horizon:
                continue  # long over before anyone could be told: the digest reports it
            reasons = reasons_for(ep, previous, policy, now)
            if reasons:
                level = 0 if previous is None else previous.level + 1
                out.append(Due(ep["episode_id"], channel, level, reasons, previous, ep))
    return out


def delivery_of(due: Due, *, now: datetime, sent_at: datetime, message_id: str | None) -> Delivery:
    ep = due.episode
    return Delivery(
        level=due.level,
        hostile=int(ep["hostile"]),
        threats=int(ep.get("threats", 0)),
        doxxing=int(ep.get("doxxing", 0)),
        unread=int(ep.get("unread") or 0),
        reasons=due.reasons,
        stream_time=now.isoformat(),
        sent_at=sent_at.isoformat(),
        message_id=message_id,
    )
