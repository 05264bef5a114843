"""An alert episode, its hostile posts (attacker markup included) and a delivery run, for the
alert tests (no tests here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from config.targets import Target
from tasks.alerts.config import AlertPolicy
from tasks.alerts.dispatch import Transport, deliver
from tasks.detect.table import EPISODES

NOW = datetime(2020, 1, 31, 19, 0, tzinfo=UTC)
START = datetime(2020, 1, 31, 18, 0, tzinfo=UTC)
HOSTILE_TEXTS = [
    "<script>alert('x')</script> tu vas voir",
    "<img src=x onerror=\"fetch('//evil.example')\"> salope",
    "je vais te \u202etrouver\u202c, va sur https://evil.example/report-here",
    "t'es morte 🔪 \u200bsignale-toi ici: evil.com",
]


# --- an episode and its posts -------------------------------------------------------------------


def alert_target(webhook_env: str | None = None) -> Target:
    return Target(
        name="alice",
        display_name="Alice Martin",
        timezone="Europe/Paris",
        handles={"x": "alice_reporter"},
        recipients=[
            {"email": "alice@example.org", "name": "Alice", "lang": "fr", "role": "target"},
            {
                "email": "desk@example.org",
                "name": "Safety desk",
                "lang": "en",
                "role": "safety desk",
            },
            {"email": "digest-only@example.org", "lang": "en", "alerts": False},
        ],
        webhook_env=webhook_env,
    )


def make_episode(**overrides: Any) -> pl.DataFrame:
    row: dict[str, Any] = {c.name: 0 for c in EPISODES.columns}
    row.update(
        target="alice",
        episode_id="alice:harassment:20200131T18Z",
        kind="harassment",
        status="open",
        start=START,
        peak=START,
        end=NOW,
        detected_at=NOW,
        hours=1,
        posts=900,
        hostile=812,
        supportive=20,
        neutral=68,
        threats=0,
        expected_posts=12.0,
        expected_hostile=0.6,
        expected_supportive=1.2,
        peak_posts=900,
        peak_stance_posts=812,
        baseline_hostile_share=0.05,
        authors=700,
        stance_authors=640,
        young_account_share=0.45,
        baseline_young_account_share=0.02,
        new_author_share=0.93,
        duplicate_clusters=4,
        duplicate_posts=120,
        largest_cluster_authors=60,
        largest_cluster_post_id="1",
        pile_on_post_id="1223316818630676480",
        pile_on_posts=300,
        pile_on_watched=True,
        signals=["copy_paste", "young_accounts", "new_authors", "pile_on"],
        method="cusum/1",
        scorer="rules/test",
        computed_at=NOW,
    )
    row.update(overrides)
    return EPISODES.conform(pl.DataFrame([row]).cast({"start": pl.Datetime("us", "UTC")}))


def hostile_posts() -> pl.DataFrame:
    rows = []
    for i, text in enumerate(HOSTILE_TEXTS):
        rows.append(
            {
                "post_id": str(100 + i),
                "created_at": START + timedelta(minutes=10 + i),
                "author_id": str(7 + i),
                "author_handle": "troll\u202e_evil" if i == 0 else f"troll{i}",
                "text": text,
                "url": f"https://x.com/i/web/status/{100 + i}"
                if i
                else "https://evil.example/status/1",
                "stance": "hostile",
                "categories": ["threat"] if i >= 2 else ["insult"],
                "severity": 4 if i >= 2 else 2,
                "score": 0.9,
            }
        )
    return pl.DataFrame(rows, schema_overrides={"categories": pl.List(pl.String)})


def run(
    root: Path,
    transport: Transport,
    episode: pl.DataFrame | None = None,
    now: datetime = NOW,
    target: Target | None = None,
):
    return deliver(
        root,
        target or alert_target(),
        episode if episode is not None else make_episode(),
        hostile_posts(),
        now=now,
        policy=AlertPolicy(),
        transport=transport,
    )
