"""When an episode deserves a message: once when it is found, then only when it gets worse.

Per channel (each e-mail recipient, the webhook, and the ``log`` channel that records every
alert the watch decided on, whoever is configured):
- level 0 ("new"): a harassment episode, or an unread one (a wave of posts in languages no
  rules read: someone must read them), not yet reported on this channel, open or ended less
  than ``max_age_hours`` ago. An unread episode whose first message would go out with a
  harassment message of the same run covering its hours is carried by it (that message names
  the posts no rules read, by language: ``_carried``). Support episodes are recorded, never
  alerted;
- level n+1: the first threat or doxxing post appeared ("threats", "doxxing": at once), or the
  episode's hostile posts (an unread episode's unread posts) grew ``growth_factor``-fold since
  the channel's last message ("grew": at most every ``growth_min_hours``).
At most one message per episode and channel per run, carrying every reason at once: a run that
finds a wave already large and threatening sends one alert that says both, not three.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

import polars as pl

from tasks.alerts.config import AlertPolicy
from tasks.alerts.state import Delivery
from tasks.alerts.unread import FACT_MIN
from tasks.detect.table import ALERT_KINDS, EPISODE_FOCUS

LOG_CHANNEL = "log"
# The episode kinds that alert, and the count whose growth escalates each.
ALERTING = {kind: EPISODE_FOCUS[kind] for kind in ALERT_KINDS}


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
    # An unread episode's first message carried by a harassment message of this run (its
    # episode id): nothing is sent for it, its delivery is recorded with that message's.
    covered_by: str | None = None


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
    # An unread episode escalates on its threats too: the universal rules read a knife emoji or
    # a phone number in any language.
    if previous is None:
        return ("new", *[c for c in policy.escalate_on if episode.get(c, 0) > 0])
    last = {"threats": previous.threats, "doxxing": previous.doxxing}
    urgent = [c for c in policy.escalate_on if episode.get(c, 0) > 0 and last.get(c, 0) == 0]
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
    for ep in episodes.sort("start").iter_rows(named=True):
        if ep["kind"] not in ALERTING:
            continue
        for channel in [LOG_CHANNEL, *channels]:
            previous = state.last(ep["episode_id"], channel)
            if previous is None and ep["status"] == "closed" and ep["end"] < horizon:
                continue  # long over before anyone could be told: the digest reports it
            reasons = reasons_for(ep, previous, policy, now)
            if reasons:
                level = 0 if previous is None else previous.level + 1
                out.append(Due(ep["episode_id"], channel, level, reasons, previous, ep))
    return _carried(out)


def _carried(dues: list[Due]) -> list[Due]:
    """An unread wave's first message, where a harassment message of the same run and channel
    covers its hours and names its posts no rules read (``unread.FACT_MIN`` of them), is carried
    by that message: one message per raid, not two. Carried dues come last (after the message
    that carries them); a harassment message sent in an earlier run never carries one."""
    raids = [d for d in dues if d.episode["kind"] == "harassment"]

    def carrier(d: Due) -> str | None:
        if d.episode["kind"] != "unread" or d.level != 0:
            return None
        e = d.episode
        for r in raids:
            h = r.episode
            if (
                r.channel == d.channel
                and h["start"] < e["end"]
                and e["start"] < h["end"]
                and (h.get("unread") or 0) >= FACT_MIN
            ):
                return r.episode_id
        return None

    marked = [replace(d, covered_by=carrier(d)) for d in dues]
    return [d for d in marked if d.covered_by is None] + [d for d in marked if d.covered_by]


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
        thread=due.previous.thread if due.previous is not None else message_id,
    )
