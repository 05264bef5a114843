"""Deliver the alerts a watch run owes: compose per recipient, send, then record.

Each (episode, channel) is independent: a recipient whose server refuses does not stop the others,
and is retried by the next run because nothing was recorded for it. The failures are returned
and the flow fails on them (a watch that could not warn someone must not look green).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from tasks.alerts import unread
from tasks.alerts.compose import (
    Audience,
    build_view,
    email_message,
    message_id,
    unvalidated_hostile,
    worst_posts,
)
from tasks.alerts.config import AlertPolicy
from tasks.alerts.policy import LOG_CHANNEL, Due, delivery_of, due_alerts
from tasks.alerts.smtp import DeliveryError, SmtpSettings, send_message, write_outbox
from tasks.alerts.state import AlertState, exclusive
from tasks.alerts.table import ALERTS
from tasks.alerts.webhook import post_webhook, webhook_payload
from tasks.errors import ConfigError
from tasks.evidence.state import EvidenceState, evidence_state
from tasks.files import locked
from tasks.store import merge_partitions


@dataclass(frozen=True)
class Transport:
    """How messages leave: SMTP, or an outbox folder of .eml files (dry run, replay, demo)."""

    smtp: SmtpSettings | None = None
    outbox: Path | None = None
    webhook_url: str | None = None  # resolved from the target's webhook_env by the flow


@dataclass
class DeliveryReport:
    sent: list[dict[str, Any]] = field(default_factory=list)  # rows of the ALERTS log
    failures: list[str] = field(default_factory=list)


def channels_of(target: Any) -> list[str]:
    """The target's alert channels: each recipient who takes alerts, then its webhook."""
    out = [f"email:{r.email}" for r in target.recipients if r.alerts]
    if target.webhook_env:
        out.append(f"webhook:{target.webhook_env}")
    return out


def _audience(target: Any, lang: str, exclude: str | None) -> Audience:
    contacts = tuple(
        f"{r.name or r.email}{f' ({r.role})' if r.role else ''} <{r.email}>"
        for r in target.recipients
        if r.alerts and r.email != exclude
    )
    return Audience(
        target_name=target.name,
        display_name=target.display_name or target.name,
        timezone=target.timezone,
        lang=lang,
        contacts=contacts,
    )


def _send(
    due: Due,
    target: Any,
    posts: pl.DataFrame,
    transport: Transport,
    policy: AlertPolicy,
    state: AlertState,
    now: datetime,
    evidence: EvidenceState | None = None,
) -> tuple[str | None, str]:
    """Deliver one message; (Message-ID or None, language). Raises DeliveryError/ConfigError."""
    kind, _, address = due.channel.partition(":")
    if kind == LOG_CHANNEL:
        return None, "en"
    since = datetime.fromisoformat(due.previous.stream_time) if due.previous else None
    worst = worst_posts(posts, due.episode, policy.worst_messages, since=since)
    languages = unread.episode_languages(posts, due.episode)
    if kind == "email":
        recipient = next(r for r in target.recipients if r.email == address)
        view = build_view(
            due.episode,
            worst,
            audience=_audience(target, recipient.lang, address),
            level=due.level,
            reasons=due.reasons,
            evidence=evidence,
            unvalidated=unvalidated_hostile(posts, due.episode),
            languages=languages,
        )
        if transport.smtp is None and transport.outbox is None:
            raise ConfigError("no SMTP relay configured (smtp_host) and no outbox: cannot e-mail")
        smtp = transport.smtp or SmtpSettings()
        domain = smtp.mail_domain
        msg_id = message_id(due.episode_id, due.level, address, domain)
        first = state.last(due.episode_id, due.channel)
        root_id = None
        if first is not None:  # the first message's id (a carried wave's: the one carrying it)
            root_id = first.thread or message_id(due.episode_id, 0, address, domain)
        msg = email_message(
            view,
            sender=smtp.smtp_from,
            recipient=address,
            recipient_name=recipient.name,
            msg_id=msg_id,
            thread_root=root_id,
            episode_id=due.episode_id,
            date=now,
        )
        if transport.outbox is not None:
            write_outbox(transport.outbox, msg, f"{msg_id.strip('<>').split('@')[0]}")
        else:
            send_message(smtp, msg)
        return msg_id, view.lang
    if kind == "webhook":
        if not transport.webhook_url:
            raise DeliveryError(f"webhook: ${address} is not set in the environment")
        lang = target.recipients[0].lang if target.recipients else "en"
        view = build_view(
            due.episode,
            worst.clear(),
            audience=_audience(target, lang, None),
            level=due.level,
            reasons=due.reasons,
            evidence=evidence,
            unvalidated=unvalidated_hostile(posts, due.episode),
            languages=languages,
        )
        post_webhook(
            transport.webhook_url,
            webhook_payload(view, due.episode, level=due.level, reasons=due.reasons),
            env_name=address,
        )
        return None, view.lang
    raise ConfigError(f"unknown alert channel {due.channel!r}")


def deliver(
    root: Path,
    target: Any,
    episodes: pl.DataFrame,
    posts: pl.DataFrame,
    *,
    now: datetime,
    policy: AlertPolicy,
    transport: Transport,
) -> DeliveryReport:
    """Send every due alert of ``target``; record each success at once (state, then log)."""
    with exclusive(root, target.name):
        return _deliver(root, target, episodes, posts, now=now, policy=policy, transport=transport)


def _deliver(
    root: Path,
    target: Any,
    episodes: pl.DataFrame,
    posts: pl.DataFrame,
    *,
    now: datetime,
    policy: AlertPolicy,
    transport: Transport,
) -> DeliveryReport:
    state = AlertState(root, target.name)  # read inside the lock: what earlier runs recorded
    report = DeliveryReport()
    carried: dict[tuple[str, str], tuple[str | None, str]] = {}  # (episode, channel) sent
    for due in due_alerts(episodes, channels_of(target), state, now=now, policy=policy):
        if due.covered_by is not None:
            # Said by the harassment message just sent on this channel (it names the posts no
            # rules read): recorded with it, nothing sent. Not sent, not recorded: retried.
            if (due.covered_by, due.channel) not in carried:
                continue
            msg_id, lang = carried[(due.covered_by, due.channel)]
        else:
            try:
                # What the vault holds since the wave began, read now: the alert claims no more.
                evidence = evidence_state(root, target.name, since=due.episode["start"].date())
                msg_id, lang = _send(due, target, posts, transport, policy, state, now, evidence)
            except (DeliveryError, ConfigError) as exc:
                report.failures.append(f"{target.name} {due.episode_id} {due.channel}: {exc}")
                continue
            carried[(due.episode_id, due.channel)] = (msg_id, lang)
        sent_at = datetime.now(UTC)
        state.record(
            due.episode_id,
            due.channel,
            delivery_of(due, now=now, sent_at=sent_at, message_id=msg_id),
        )
        kind, _, address = due.channel.partition(":")
        row = {
            "target": target.name,
            "alert_id": f"{due.episode_id}#{due.level}@{due.channel}",
            "episode_id": due.episode_id,
            "level": due.level,
            # "carried": said by the harassment message of the same message_id, not sent alone
            "reasons": [*due.reasons, *(["carried"] if due.covered_by else [])],
            "channel": "outbox" if kind == "email" and transport.outbox is not None else kind,
            "recipient": address or "-",
            "lang": lang,
            "message_id": msg_id,
            "stream_time": now,
            "sent_at": sent_at,
        }
        # The readable log, right after the state: a crash between the two loses a log line,
        # never a delivery record.
        with locked(root):
            merge_partitions(root, ALERTS, pl.DataFrame([row]), sort_by=["stream_time", "alert_id"])
        report.sent.append(row)
    return report
