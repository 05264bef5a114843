"""The table alerting writes, declared with tasks.tablekit's Table/Column (registered in
``tasks.dictionary.all_tables``)."""

from __future__ import annotations

import pyarrow as pa

from tasks.tablekit import UTC_TS, Column, Table

ALERTS = Table(
    name="alerts",
    path="alerts",
    description=(
        "One row per alert message delivered (e-mail, webhook or outbox file), written after "
        "the delivery succeeded. The authoritative de-duplication state is "
        "state/alerts/<target>.json; this is the readable log."
    ),
    key=("target", "alert_id"),
    partition_by=("target",),
    columns=(
        Column("target", pa.string(), "Target.", nullable=False),
        Column("alert_id", pa.string(), "episode_id#level@channel:recipient.", nullable=False),
        Column("episode_id", pa.string(), "Episode alerted on.", nullable=False),
        Column(
            "level",
            pa.int32(),
            "0 for the first alert, then one more per escalation.",
            nullable=False,
        ),
        Column(
            "reasons",
            pa.list_(pa.string()),
            "Why this message: new, grew, threats, doxxing; carried: an unread-language wave "
            "said by the harassment message of the same message_id, not sent on its own.",
            nullable=False,
        ),
        Column("channel", pa.string(), "email, webhook or outbox.", nullable=False),
        Column(
            "recipient",
            pa.string(),
            "E-mail address, or the name of the webhook's environment variable (never its URL).",
            nullable=False,
        ),
        Column("lang", pa.string(), "Language of the message (fr, en).", nullable=False),
        Column(
            "message_id",
            pa.string(),
            "Message-ID of the e-mail (stable per episode, level, recipient).",
        ),
        Column("stream_time", UTC_TS, "The run's `now` (stream time in a replay).", nullable=False),
        Column("sent_at", UTC_TS, "Wall-clock time the delivery succeeded.", nullable=False),
    ),
)
