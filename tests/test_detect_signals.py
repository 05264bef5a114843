"""Coordination signals of an episode, on a hand-built pack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl

from tasks.detect.config import DetectConfig
from tasks.detect.episodes import SPAN_SCHEMA
from tasks.detect.signals import add_signals, near_duplicates, normalised_text
from tests.support.detect import frame, post

START = datetime(2021, 4, 1, 18, tzinfo=UTC)
WATCHED = "900"


def episode() -> pl.DataFrame:
    row = {c: 0 for c in SPAN_SCHEMA.names()}
    row.update(
        target="t",
        episode_id="t:harassment:20210401T18Z",
        kind="harassment",
        status="open",
        start=START,
        peak=START,
        end=START + timedelta(hours=2),
        detected_at=START + timedelta(hours=1),
        expected_posts=10.0,
        expected_hostile=1.0,
        expected_supportive=1.0,
        baseline_hostile_share=0.05,
        threats=2,
    )
    return pl.DataFrame([row], schema=SPAN_SCHEMA)


def pack() -> pl.DataFrame:
    rows = []
    # Before: 40 regulars with old accounts, posting normally.
    for i in range(40):
        text = "Merci pour l'article, vraiment" if i < 5 else f"post number {i}"
        rows.append(
            post(i, START - timedelta(days=3, minutes=i), "neutral", author_id=f"r{i}", text=text)
        )
    copies = [
        "Honte à cette propagandiste. Désabonnez-vous, signalez, partagez !",
        "@camille honte à cette PROPAGANDISTE : désabonnez-vous, signalez, partagez",
        "honte a cette propagandiste desabonnez vous signalez partagez 🤮 https://t.co/x",
    ]
    young = START - timedelta(days=5)
    for i in range(60):  # the raid: fresh accounts, replies to the designating post, copies
        at = START + timedelta(minutes=20, seconds=i) if i < 30 else START + timedelta(minutes=i)
        rows.append(
            post(
                1000 + i,
                at,
                "hostile",
                author_id=f"n{i}",
                author_created_at=young if i % 2 == 0 else datetime(2014, 1, 1, tzinfo=UTC),
                text=copies[i % 3]
                if i < 12
                else "merci pour l'article vraiment !"  # a common phrase, not a campaign
                if i < 17
                else f"insulte numéro {i}",
                kind="reply" if i < 40 else "mention",
                in_reply_to_id=WATCHED if i < 40 else None,
                watched_post_id=WATCHED if i < 40 else None,
            )
        )
    rows.append(post(2000, START + timedelta(minutes=5), "hostile", author_id="r1"))  # a regular
    return frame(rows)


def test_normalisation_folds_rewording() -> None:
    texts = pl.DataFrame(
        {
            "text": [
                "Honte à TOI !! @x https://t.co/a",
                "honte a toi 🤮",
                "𝐇𝐨𝐧𝐭𝐞 À 𝐓𝐎𝐈",
                "ＨＯＮＴＥ à toi",
                "hоntе à tоі",  # Cyrillic о, е and і among Latin letters
                "ΗΟΝΤΕ à toi",  # Greek capitals
            ]
        }
    )
    assert texts.select(normalised_text())["text"].to_list() == ["honte a toi"] * 6
    # A Russian post keeps its letters.
    russian = pl.DataFrame({"text": ["позор тебе"]})
    assert russian.select(normalised_text())["text"].to_list() == ["позор тебе"]


def test_signals_of_a_pack() -> None:
    posts = pack()
    prior = pl.DataFrame({"platform": ["x"], "author_id": ["old-timer"]})
    out = add_signals(
        episode(), posts, prior_authors=prior, watched_ids=frozenset({WATCHED}), cfg=DetectConfig()
    ).row(0, named=True)
    assert out["stance_authors"] == 61
    assert out["duplicate_clusters"] == 1 and out["duplicate_posts"] == 12
    assert out["largest_cluster_authors"] == 12 and out["largest_cluster_post_id"] == "1000"
    assert abs(out["young_account_share"] - 30 / 61) < 1e-9
    assert out["baseline_young_account_share"] == 0.0
    assert abs(out["new_author_share"] - 60 / 61) < 1e-9  # r1 had posted before
    assert (out["pile_on_post_id"], out["pile_on_posts"], out["pile_on_watched"]) == (
        WATCHED,
        40,
        True,
    )
    assert out["max_posts_per_minute"] == 30 and out["burst_minutes"] == 1
    assert out["signals"] == ["copy_paste", "young_accounts", "new_authors", "pile_on", "threats"]


def test_near_duplicates_join_a_campaign_that_varies_its_words() -> None:
    texts = [
        "quelqu un devrait faire taire la journaliste pour de bon",
        "quelqu un devrait faire taire cette militante pour de bon",
        "quelqu un devrait faire taire la plumitive pour de bon",
        "quelqu un devrait faire taire la donneuse de lecons pour de bon",
        "merci pour ton travail courage a toi",
        "il fait beau aujourd hui a paris",
    ]
    assert near_duplicates(pl.Series(texts)).to_list() == [0, 0, 0, 0, 4, 5]


def test_a_varied_campaign_is_one_cluster_and_a_varied_common_phrase_none() -> None:
    referents = ["la journaliste", "cette militante", "la plumitive", "cette journaliste"]
    rows = [
        post(i, START - timedelta(days=2, minutes=i), "neutral", author_id=f"r{i}", text=t)
        for i, t in enumerate(["merci pour cet article tres juste", "post sans rapport aucun"])
    ]
    for i in range(12):
        text = f"Quelqu'un devrait faire taire {referents[i % 4]} pour de bon 🔇"
        rows.append(
            post(100 + i, START + timedelta(minutes=i), "hostile", author_id=f"a{i}", text=text)
        )
    for i in range(5):  # a variant of a phrase people wrote before the episode
        text = f"merci pour cet article {['vraiment', 'tres'][i % 2]} juste"
        rows.append(
            post(200 + i, START + timedelta(minutes=i), "neutral", author_id=f"b{i}", text=text)
        )
    out = add_signals(
        episode(),
        frame(rows),
        prior_authors=pl.DataFrame(schema={"platform": pl.String, "author_id": pl.String}),
        watched_ids=frozenset(),
        cfg=DetectConfig(),
    ).row(0, named=True)
    assert (out["duplicate_clusters"], out["duplicate_posts"]) == (1, 12)
    assert (out["largest_cluster_authors"], out["largest_cluster_post_id"]) == (12, "100")
    assert "copy_paste" in out["signals"]
