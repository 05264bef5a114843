"""The small real vault the dossier tests share: one wave of nine posts aimed at alice (two
threats, a copy-paste cluster, a young account, hostile markup and a bidi override in the text),
kept, parsed, stored, sealed, signed and timestamped, then scored, with one harassment episode.
Built on any data root: a local folder, or an s3:// root opened with vaultstore.vault_root."""

from __future__ import annotations

from typing import Any

import polars as pl

from config.targets import Target
from tasks.detect.table import EPISODES
from tasks.pages import RawPage
from tasks.schema import MENTIONS
from tasks.scoring.table import SCORES
from tasks.store import merge_partitions, scan
from tests.support.digest import episode
from tests.support.evidence import NOW, ingest_and_seal
from tests.support.wire import page, tweet, user

EPISODE = "alice:harassment:20200201T08Z"
RLO = "\u202e"
# (id, author, text, stance, categories, reply to)
POSTS = [
    (
        "101",
        "1",
        "@alice_reporter tu vas payer, on sait où tu habites 🔪",
        "hostile",
        ["threat"],
        "900",
    ),
    ("102", "1", "@alice_reporter encore toi, menteuse", "hostile", ["insult"], None),
    ("103", "1", "@alice_reporter bonne journée quand même", "neutral", [], None),
    (
        "104",
        "2",
        f"@alice_reporter <script>alert(1)</script> je te tue {RLO}gnp.exe",
        "hostile",
        ["threat"],
        "900",
    ),
    (
        "105",
        "3",
        "@alice_reporter rentre chez toi on ne veut plus de toi ici",
        "hostile",
        ["hate"],
        None,
    ),
    (
        "106",
        "4",
        "@alice_reporter rentre chez toi on ne veut plus de toi ici",
        "hostile",
        ["hate"],
        None,
    ),
    (
        "107",
        "5",
        "@alice_reporter Rentre chez toi, on ne veut plus de toi ici !",
        "hostile",
        ["hate"],
        None,
    ),
    ("108", "6", "@alice_reporter merci pour votre travail", "supportive", [], None),
    (
        "109",
        "2",
        "@alice_reporter <img src=x onerror=alert(2)> dégage",
        "hostile",
        ["insult"],
        "101",
    ),
]
AUTHORS = {
    "1": ("troll_one", "2019-01-01T00:00:00.000Z"),
    "2": ("troll_two", "2020-01-30T00:00:00.000Z"),  # 2 days old: a young account
    "3": ("copy_a", "2020-01-29T00:00:00.000Z"),
    "4": ("copy_b", "2018-05-01T00:00:00.000Z"),
    "5": ("copy_c", "2018-05-01T00:00:00.000Z"),
    "6": ("friend", "2015-05-01T00:00:00.000Z"),
}


def tweets() -> list[dict]:
    out = []
    for i, (pid, author, text, _, _, parent) in enumerate(POSTS):
        extra = {"in_reply_to_user_id": "42"} if parent else {}
        t = tweet(
            pid, text=text, author_id=author, created_at=f"2020-02-01T1{i}:00:00.000Z", **extra
        )
        if parent:
            t["referenced_tweets"] = [{"type": "replied_to", "id": parent}]
            t["conversation_id"] = "900"
        out.append(t)
    return out


def scores(root: Any) -> None:
    m = scan(root, MENTIONS).collect()
    by_id = {p[0]: p for p in POSTS}
    rows = m.select("target", "date", "platform", "post_id", "version_id", "version").with_columns(
        scorer=pl.lit("rules"),
        scorer_version=pl.lit("test/1"),
        stance=pl.col("post_id").replace_strict({k: v[3] for k, v in by_id.items()}),
        categories=pl.col("post_id").replace_strict(
            {k: v[4] for k, v in by_id.items()}, return_dtype=pl.List(pl.String)
        ),
        severity=pl.lit(2, pl.Int8),
        score=pl.lit(0.9),
        reasons=pl.lit(["test: <b>fixture</b> rule"], dtype=pl.List(pl.String)),
        scored_at=pl.lit(NOW),
    )
    merge_partitions(root, SCORES, SCORES.conform(rows), ["post_id"])


def alice() -> Target:
    return Target(
        name="alice",
        timezone="Europe/Paris",
        handles={"x": "alice_reporter", "x_user_id": "42"},
        watched_posts=[{"platform": "x", "id": "900", "note": "designating post"}],
        recipients=[{"email": "alice@example.org", "lang": "en"}],
    )


def build_vault(root: Any, signing_key: Any, tsa: Any) -> Target:
    """Keep, store, seal (signed, timestamped by ``tsa``), score and detect alice's wave under
    ``root``; returns the target."""
    target = alice()
    users = [user(a, name, created) for a, (name, created) in AUTHORS.items()]
    pages = [RawPage(page(tweets(), users), "file", "wave.jsonl:1", NOW)]
    assert ingest_and_seal(root, pages, target, "run-1", signing_key, tsa)
    scores(root)
    ep = {**episode(), "pile_on_post_id": "900", "signals": ["copy_paste", "pile_on"]}
    merge_partitions(
        root,
        EPISODES,
        EPISODES.conform(pl.DataFrame([ep], schema=EPISODES.polars_schema())),
        ["start"],
    )
    return target


# alice() in a targets file, for the commands
TARGETS = """[[target]]
name = "alice"
timezone = "Europe/Paris"
handles = { x = "alice_reporter", x_user_id = "42" }
watched_posts = [{ platform = "x", id = "900", note = "designating post" }]
recipients = [{ email = "alice@example.org", lang = "en" }]
"""


def squeezed(text: str) -> str:
    """Without any whitespace: the console wraps long lines, paths included."""
    return "".join(text.split())
