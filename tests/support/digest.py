"""A small, hostile dataset for the digest tests, written to the real tables under tmp_path.

Target ``alice`` (Europe/Paris), ISO week 2020-W05: a quiet previous week and Monday-Friday,
then a hostile wave on Saturday and Sunday. Some posts carry attacker markup: ``<script>``,
``<img onerror>``, CSS, bidi overrides, look-alike and ``javascript:`` links. Every table is
written with the real store functions, the scores (fixture ``scored``) into the scorer's own
``scores`` table.

No tests here (tests/test_digest_dataset.py tests the loading code on it); the ``dataset`` and
``scored`` fixtures are in tests/conftest.py.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from config.targets import Target
from tasks.aggregate import recompute_daily
from tasks.detect.table import EPISODES
from tasks.digest.week import IsoWeek
from tasks.evidence.table import STATUS_CHANGES
from tasks.runs import record_run
from tasks.schema import MENTIONS, QUARANTINE
from tasks.store import merge_partitions

PARIS = ZoneInfo("Europe/Paris")
WEEK = IsoWeek(2020, 5)
NOW = datetime(2020, 2, 3, 7, 0, tzinfo=UTC)  # Monday 08:00 in Paris: the scheduled run
TARGET = Target(
    name="alice",
    display_name="Alice Martin",
    timezone="Europe/Paris",
    handles={"x": "alice_reporter", "x_user_id": "42"},
    sources=["synthetic"],
    recipients=[
        {"email": "alice@example.org", "name": "Alice", "lang": "fr", "role": "target"},
        {"email": "desk@example.org", "name": "Safety desk", "lang": "en", "role": "safety desk"},
        {"email": "nodigest@example.org", "lang": "en", "digest": False},
    ],
)

# The same target, the targeted person opting in to the full digest (Recipient.show_content).
TARGET_FULL = TARGET.model_copy(
    update={
        "recipients": tuple(
            r.model_copy(update={"show_content": True}) if r.role == "target" else r
            for r in TARGET.recipients
        )
    }
)

SCRIPT = '<script>alert("pwned")</script> je vais te crever'
IMG = "<img src=x onerror=alert(1)>"
BIDI_NAME = "\u202eAdmin\u202c Tocsin"
LOOKALIKE = (
    "\u202etxt.exe\u202c tu mérites une balle, salope https://x.com.evil.example/i/web/status/1"
)
CSS = '</p><style>body{display:none}</style><a href="javascript:alert(1)">clique ici</a> idiote'
COPY = "Dégage de Twitter, on ne veut plus te voir"
# (day offset from Monday of WEEK, stance, n): the previous week is -7..-1.
SCHEDULE = {
    **{d: {"hostile": 1, "supportive": 1, "neutral": 4} for d in range(-7, 5)},
    5: {"hostile": 34, "supportive": 2, "neutral": 4},
    6: {"hostile": 25, "supportive": 2, "neutral": 3},
}


def _sha(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def _post(
    i: int, day: date, minute: int, stance: str, text: str, author: int, **over: Any
) -> dict[str, Any]:
    created = datetime(day.year, day.month, day.day, 10, 0, tzinfo=PARIS) + timedelta(
        minutes=minute
    )
    post_id = str(1223000000000000000 + i)
    row = {
        "target": "alice",
        "date": created.astimezone(UTC).date().isoformat(),
        "platform": "x",
        "post_id": post_id,
        "version_id": post_id,
        "version": 0,
        "edited_at": None,
        "url": f"https://x.com/i/web/status/{post_id}",
        "author_id": str(5000 + author),
        "author_handle": f"user_{author}",
        "author_name": f"User {author}",
        "author_created_at": datetime(2020, 1, 25, tzinfo=UTC)
        if author >= 100
        else datetime(2015, 3, 1, tzinfo=UTC),
        "author_followers": 10,
        "created_at": created.astimezone(UTC),
        "text": text,
        "lang": "fr",
        "kind": "reply",
        "in_reply_to_id": "900",
        "quoted_id": None,
        "reposted_id": None,
        "conversation_id": "900",
        "watched_post_id": "900",
        "mentions_target": False,
        "retrieved_at": NOW,
        "source": "synthetic",
        "source_ref": f"test:{i}",
        "page_sha256": _sha(f"page{i}"),
        "run_id": "run-ok-1",
        "raw_sha256": _sha(f"raw{i}"),
        "_stance": stance,
        "_categories": [],
        "_severity": 0,
    }
    row.update(over)
    return row


def posts_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    i = 0
    for offset, mix in SCHEDULE.items():
        day = WEEK.monday + timedelta(days=offset)
        for stance, n in mix.items():
            for k in range(n):
                i += 1
                wave = offset >= 5
                author = 100 + (i % 12) if wave and stance == "hostile" else i
                text = {
                    "hostile": f"t'es vraiment nulle {k}",
                    "supportive": f"courage Alice {k}",
                    "neutral": f"article du jour {k}",
                }[stance]
                rows.append(
                    _post(
                        i,
                        day,
                        k * 7 + (11 if stance == "supportive" else 0),
                        stance,
                        text,
                        author,
                        _categories=["insult"] if stance == "hostile" else [],
                        _severity=2 if stance == "hostile" else 0,
                    )
                )
    sat = WEEK.monday + timedelta(days=5)
    specials = [  # replace the text of Saturday's first hostile posts
        dict(
            text=SCRIPT,
            author_name=IMG,
            author_handle="troll_1",
            _categories=["threat"],
            _severity=4,
        ),
        dict(
            text=LOOKALIKE,
            author_name=BIDI_NAME,
            author_handle="troll_2",
            _categories=["threat", "insult"],
            _severity=4,
        ),
        dict(
            text=CSS,
            url="javascript:alert(1)",
            author_name="L'ami\u200b des <b>bêtes</b>",
            _categories=["insult"],
            _severity=2,
            version=1,
            edited_at=NOW - timedelta(days=2),
        ),
        dict(
            text="أنتِ كاذبة 🤡",
            author_name="مستخدم",
            lang="ar",
            _categories=["insult"],
            _severity=2,
        ),
    ] + [dict(text=COPY, _categories=["other_abuse"], _severity=1) for _ in range(4)]
    sat_hostile = [
        r
        for r in rows
        if r["_stance"] == "hostile" and r["created_at"].astimezone(PARIS).date() == sat
    ]
    for row, over in zip(sat_hostile, specials, strict=False):
        row.update(over)
    return rows


def frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    """(mentions rows, scores rows) of the dataset."""
    rows = posts_rows()
    df = pl.DataFrame(
        rows, schema_overrides={"_categories": pl.List(pl.String)}, infer_schema_length=None
    )
    scores = df.select(
        "platform",
        "post_id",
        "version_id",
        stance=pl.col("_stance"),
        categories=pl.col("_categories"),
        severity=pl.col("_severity").cast(pl.Float64),
        score=pl.when(pl.col("_stance") == "hostile")
        .then(0.5 + pl.col("_severity") / 10)
        .otherwise(0.0),
    )
    return MENTIONS.conform(df), scores


def utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


def _full(table: Any, rows: list[dict[str, Any]]) -> pl.DataFrame:
    return table.conform(pl.DataFrame(rows, schema=table.polars_schema()))


def write_dataset(root: Path) -> dict[str, Any]:
    mentions, scores = frames()
    merge_partitions(root, MENTIONS, mentions, ["created_at", "post_id"])
    q = [
        {
            "target": "alice",
            "date": "2020-02-01",
            "platform": "x",
            "post_id": None,
            "reasons": ["required: post_id is missing"],
            "raw": "{}",
            "raw_sha256": _sha("q1"),
            "source": "synthetic",
            "source_ref": "test:q1",
            "page_sha256": _sha("qp"),
            "retrieved_at": NOW,
            "run_id": "run-ok-1",
        },
        {
            "target": "alice",
            "date": "2020-02-02",
            "platform": "x",
            "post_id": "77",
            "reasons": ["parse: created_at: not a timestamp: '<script>x</script>'"],
            "raw": '{"created_at": "<script>x</script>"}',
            "raw_sha256": _sha("q2"),
            "source": "synthetic",
            "source_ref": "test:q2",
            "page_sha256": _sha("qp"),
            "retrieved_at": NOW,
            "run_id": "run-ok-1",
        },
    ]
    merge_partitions(root, QUARANTINE, _full(QUARANTINE, q), ["raw_sha256"])
    dates = sorted(set(mentions["date"].to_list()) | {"2020-02-01", "2020-02-02"})
    recompute_daily(root, "alice", "Europe/Paris", dates, 30)
    base = {
        "target": "alice",
        "source": "synthetic",
        "pages": 1,
        "records_in": 1,
        "valid": 1,
        "quarantined": 0,
        "duplicates": 0,
        "written": 1,
        "partitions_touched": 1,
        "api_errors": 0,
        "timings": "{}",
    }
    for run_id, flow, start, end, status, error in [
        ("run-ok-1", "backfill", utc(2020, 1, 19, 23), utc(2020, 2, 1, 23), "ok", None),
        (
            "run-failed",
            "nightly",
            utc(2020, 2, 1, 23),
            utc(2020, 2, 2, 5),
            "failed",
            "x: HTTP 503 <html>Service Unavailable</html>",
        ),
        ("run-ok-2", "nightly", utc(2020, 2, 2, 5), utc(2020, 2, 3, 1, 30), "ok", None),
    ]:
        record_run(
            root,
            {
                **base,
                "run_id": run_id,
                "flow": flow,
                "started_at": end,
                "finished_at": end,
                "window_start": start,
                "window_end": end,
                "status": status,
                "error": error,
                "scored": 0,
                "evidence": None,
            },
        )
    troll_1 = mentions.filter(pl.col("author_handle") == "troll_1").row(0, named=True)
    merge_partitions(
        root,
        STATUS_CHANGES,
        _full(
            STATUS_CHANGES,
            [
                {
                    "target": "alice",
                    "platform": "x",
                    "post_id": troll_1["post_id"],
                    "author_id": troll_1["author_id"],
                    "status": "deleted",
                    "previous_status": "available",
                    "observed_at": utc(2020, 2, 2, 12),
                    "detail": "Not Found",
                    "lookup": "simulated",
                    "response_sha256": _sha("r"),
                    "run_id": "recheck-1",
                }
            ],
        ),
        ["observed_at"],
    )
    merge_partitions(root, EPISODES, _full(EPISODES, [episode()]), ["start"])
    return {"mentions": mentions, "scores": scores}


def episode() -> dict[str, Any]:
    return {
        "target": "alice",
        "episode_id": "alice:harassment:20200201T08Z",
        "kind": "harassment",
        "status": "closed",
        "start": datetime(2020, 2, 1, 8, tzinfo=UTC),
        "peak": datetime(2020, 2, 1, 10, tzinfo=UTC),
        "end": datetime(2020, 2, 2, 12, tzinfo=UTC),
        "detected_at": datetime(2020, 2, 1, 9, tzinfo=UTC),
        "hours": 28,
        "posts": 70,
        "hostile": 59,
        "supportive": 4,
        "neutral": 7,
        "threats": 2,
        "doxxing": 0,
        "expected_posts": 8.0,
        "expected_hostile": 1.0,
        "expected_supportive": 1.0,
        "peak_posts": 12,
        "peak_stance_posts": 10,
        "baseline_hostile_share": 0.16,
        "authors": 20,
        "stance_authors": 12,
        "young_account_share": 0.6,
        "baseline_young_account_share": 0.02,
        "new_author_share": 0.8,
        "duplicate_clusters": 1,
        "duplicate_posts": 4,
        "largest_cluster_authors": 4,
        "largest_cluster_post_id": None,
        "pile_on_post_id": "900<script>",
        "pile_on_posts": 50,
        "pile_on_watched": True,
        "burst_minutes": 0,
        "max_posts_per_minute": 3,
        "signals": ["copy_paste", "young_accounts", "pile_on", "threats", "<b>new</b>"],
        "method": "cusum/1",
        "scorer": "rules/1",
        "computed_at": NOW,
    }


def unread_episode(**over: Any) -> dict[str, Any]:
    """A closed wave of posts in a language no rules read, on Tuesday of WEEK, before the
    harassment wave: its posts counted neutral, 55 of its 60 unread."""
    row = {
        **episode(),
        "episode_id": "alice:unread:20200128T09Z",
        "kind": "unread",
        "start": datetime(2020, 1, 28, 9, tzinfo=UTC),
        "peak": datetime(2020, 1, 28, 12, tzinfo=UTC),
        "end": datetime(2020, 1, 28, 20, tzinfo=UTC),
        "detected_at": datetime(2020, 1, 28, 11, tzinfo=UTC),
        "hours": 11,
        "posts": 60,
        "hostile": 0,
        "supportive": 2,
        "neutral": 58,
        "threats": 0,
        "unread": 55,
        "expected_unread": 0.5,
        "peak_stance_posts": 14,
        "pile_on_post_id": None,
        "pile_on_posts": 0,
        "pile_on_watched": False,
        "signals": ["young_accounts"],
    }
    return row | over


def write_episodes(root: Path, rows: list[dict[str, Any]]) -> None:
    """Episodes added to (or rewritten in) the episodes table, as detection writes them."""
    merge_partitions(root, EPISODES, _full(EPISODES, rows), ["start"])


def make_dataset(tmp_path: Path) -> dict[str, Any]:
    """The dataset written under ``tmp_path/data``: root, mentions and scores frames."""
    root = tmp_path / "data"
    return {"root": root, **write_dataset(root)}


def write_scores(ds: dict[str, Any]) -> dict[str, Any]:
    """Add the dataset's scores to the scorer's ``scores`` table, as the scorer would write them.

    Plain functions rather than shared fixtures: the other digest test modules build their own
    fixtures from them (tests/conftest.py belongs to everyone)."""
    from tasks.scoring.table import SCORES

    rows = (
        ds["mentions"]
        .join(ds["scores"], on=["platform", "post_id", "version_id"])
        .select(
            "target",
            "date",
            "platform",
            "post_id",
            "version_id",
            "version",
            scorer=pl.lit("rules"),
            scorer_version=pl.lit("test/1"),
            stance="stance",
            categories="categories",
            severity=pl.col("severity").cast(pl.Int8),
            score="score",
            reasons=pl.lit(["test: fixture"], dtype=pl.List(pl.String)),
            scored_at=pl.lit(NOW),
        )
    )
    merge_partitions(ds["root"], SCORES, SCORES.conform(rows), ["post_id"])
    return ds


def expected_days(mentions: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """The week's numbers computed independently of the digest code, straight from the rows."""
    return (
        mentions.join(scores, on=["platform", "post_id", "version_id"])
        .with_columns(day=pl.col("created_at").dt.convert_time_zone("Europe/Paris").dt.date())
        .filter(pl.col("day").is_between(WEEK.monday, WEEK.sunday))
        .group_by("day")
        .agg(
            posts=pl.len(),
            hostile=(pl.col("stance") == "hostile").sum(),
            supportive=(pl.col("stance") == "supportive").sum(),
            threats=pl.col("categories").list.contains("threat").sum(),
        )
        .sort("day")
    )
