"""A wave of posts in languages no rules read is detected and alerted on its own.

The rules read French and English: a raid in German or Arabic is neutral to them, so the
harassment family cannot see it. Its posts (``language.unread`` in their reasons) are counted
per hour as a family of their own; a departure in their volume and share is an ``unread``
episode, which alerts ("someone who reads German must look") and escalates on its growth.
"""

from __future__ import annotations

import email
import random
from datetime import UTC, datetime, timedelta
from email import policy as email_policy
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from tasks.alerts.config import AlertPolicy
from tasks.alerts.dispatch import Transport, deliver
from tasks.alerts.policy import reasons_for
from tasks.alerts.state import Delivery
from tasks.derive import bring_up_to_date
from tasks.detect.config import DetectConfig
from tasks.detect.run import detect_at, load_posts, make_scorer, read_episodes
from tasks.detect.table import EPISODES
from tasks.ingest import store_batch
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.store import PART_FILE, partition_dir
from tasks.validate import split
from tests.support.alerts import alert_target
from tests.support.detect import T0, ZONE, baseline_posts, frame, post
from tests.support.wire import page, tweet

GERMAN = [
    "wir wissen wo du wohnst",
    "verschwinde aus dem internet oder du wirst es bereuen",
    "<script>alert(1)</script> du bist erledigt",
]


def _foreign_wave(
    rows: list[dict[str, object]], start: datetime, per_hour: list[int], lang: str, share: float
) -> None:
    """``share`` of each hour's posts in ``lang`` (unread, neutral), the rest French neutral."""
    rng = random.Random(11)
    for k, n in enumerate(per_hour):
        for _ in range(n):
            at = start + timedelta(hours=k, seconds=rng.randrange(3600))
            i = 200_000 + len(rows)
            if rng.random() < share:
                text = GERMAN[i % len(GERMAN)] if lang == "de" else f"post {i}"
                rows.append(post(i, at, "neutral", unread=lang, lang=lang, text=text))
            else:
                rows.append(post(i, at, "neutral"))


def _detect(rows: list[dict[str, object]], now: datetime) -> pl.DataFrame:
    return detect_at(frame(rows), target="alice", timezone=ZONE, now=now, cfg=DetectConfig())


def _with_unread_share(rows: list[dict[str, object]], share: float) -> list[dict[str, object]]:
    """The baseline with ``share`` of its posts in German (a target some Germans write about)."""
    rng = random.Random(5)
    for r in rows:
        if rng.random() < share:
            r.update(unread="de", lang="de", stance="neutral", categories=[])
    return rows


def _alerted(
    rows: list[dict[str, object]], now: datetime, tmp_path: Path
) -> tuple[pl.DataFrame, list[dict[str, object]], dict[str, email.message.EmailMessage]]:
    """Detect at ``now``, deliver to an outbox: (episodes, delivered rows, mails by To)."""
    posts = frame(rows)
    episodes = detect_at(posts, target="alice", timezone=ZONE, now=now, cfg=DetectConfig())
    report = deliver(
        tmp_path / "data",
        alert_target(),
        episodes,
        posts,
        now=now,
        policy=AlertPolicy(),
        transport=Transport(outbox=tmp_path / "outbox"),
    )
    assert not report.failures
    mails = {
        str(m["To"]): m
        for m in (
            email.message_from_bytes(f.read_bytes(), policy=email_policy.default)
            for f in (tmp_path / "outbox").glob("*.eml")
        )
    }
    return episodes, report.sent, mails


ONSET = T0 + timedelta(days=30, hours=17)


def test_a_raid_in_german_is_an_unread_episode_not_harassment() -> None:
    rows = baseline_posts()
    _foreign_wave(rows, ONSET, [300, 500, 400], "de", 0.95)
    got = _detect(rows, ONSET + timedelta(hours=12))
    assert got["kind"].to_list() == ["unread"]
    ep = got.row(0, named=True)
    assert ep["detected_at"] == ONSET + timedelta(hours=1)  # at the end of its first hour
    assert ep["start"] <= ONSET and ep["status"] == "closed"
    assert ep["unread"] > 1000 and ep["expected_unread"] < 5
    assert ep["peak"] == ONSET + timedelta(hours=1) and ep["peak_stance_posts"] > 400
    assert ep["hostile"] < 0.1 * ep["posts"]  # the rules saw nothing hostile in it
    assert "copy_paste" in ep["signals"]  # three German texts posted by hundreds of accounts


def test_the_same_wave_in_french_posts_opens_no_unread_episode() -> None:
    """Control: the same volume of posts the rules read, all neutral, is no episode at all."""
    rows = baseline_posts()
    _foreign_wave(rows, ONSET, [300, 500, 400], "de", 0.0)
    assert _detect(rows, ONSET + timedelta(hours=12)).is_empty()


def test_a_french_raid_with_its_usual_german_share_is_harassment_only() -> None:
    """A target who usually gets 3 % of posts in German: a French raid carrying the same 3 % is
    a harassment episode; the German posts grew with it but their share did not move."""
    rows = _with_unread_share(baseline_posts(), 0.03)
    rng = random.Random(2)
    for k, n in enumerate([400, 700, 300]):
        for _ in range(n):
            at = ONSET + timedelta(hours=k, seconds=rng.randrange(3600))
            i = 300_000 + len(rows)
            if rng.random() < 0.03:
                rows.append(post(i, at, "neutral", unread="de", lang="de"))
            else:
                rows.append(post(i, at, "hostile" if rng.random() < 0.9 else "neutral"))
    got = _detect(rows, ONSET + timedelta(hours=12))
    assert got["kind"].to_list() == ["harassment"]
    assert got["unread"][0] > 20  # counted, said in the row, not an episode of their own


def test_the_unread_episode_alerts_in_words_that_ask_for_a_reader(tmp_path: Path) -> None:
    rows = baseline_posts()
    _foreign_wave(rows, ONSET, [300, 500, 400], "de", 0.95)
    episodes, sent, mails = _alerted(rows, ONSET + timedelta(hours=2), tmp_path)
    assert len(sent) == 3  # log, two recipients
    en, fr = mails["Safety desk <desk@example.org>"], mails["Alice <alice@example.org>"]
    assert str(en["Subject"]).startswith("[Tocsin] Wave of posts in German about Alice Martin:")
    assert "cannot read" in str(en["Subject"]) and "allemand" in str(fr["Subject"])
    text = en.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    n = int(episodes["unread"][0])
    assert f"received {n:,} posts in 2 h in languages Tocsin does not read" in text
    assert f"By language: German {n:,}." in text
    assert "cannot tell whether these posts are hostile" in text
    assert "Have someone who reads German go through these posts now" in text
    assert "harassment wave" not in text.lower()  # nothing claims what was not read
    for sentence in GERMAN[:2]:
        assert sentence in text  # the campaign's texts, quoted for a reader
    html = en.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html  # inert
    fr_text = fr.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "quelqu'un qui comprend la langue (allemand)" in fr_text


def test_an_unread_episode_escalates_on_its_unread_growth_and_its_threats() -> None:
    """Growth is counted in unread posts (not hostile ones, which a German raid barely has);
    a knife emoji is a threat in any language, and its first appearance escalates at once."""
    ep = {"kind": "unread", "hostile": 0, "unread": 400, "threats": 0, "doxxing": 0}
    policy = AlertPolicy()
    assert reasons_for(ep, None, policy) == ("new",)
    assert reasons_for({**ep, "threats": 2}, None, policy) == ("new", "threats")
    sent = Delivery(0, 0, 0, 0, ("new",), "2021-03-31T18:00:00+00:00", "x", unread=100)
    later = datetime(2021, 4, 1, 6, tzinfo=UTC)
    soon = datetime(2021, 3, 31, 19, tzinfo=UTC)
    assert reasons_for(ep, sent, policy, later) == ("grew",)
    assert reasons_for({**ep, "unread": 399}, sent, policy, later) == ()
    assert reasons_for({**ep, "unread": 120, "threats": 1}, sent, policy, soon) == ("threats",)
    assert reasons_for({**ep, "kind": "support"}, None, policy) == ()


def test_posts_read_back_say_their_unread_language(tmp_path: Path) -> None:
    """The real rules scorer's ``language.unread`` reason becomes detection's ``unread`` column,
    for stored posts and for quarantined records scored by the derive step alike."""
    now = datetime(2020, 2, 1, 12, tzinfo=UTC)
    root, target = tmp_path / "data", alert_target()
    tweets = [
        tweet("1", text="@alice_reporter bravo pour l'enquête"),
        tweet("2", text="@alice_reporter wir wissen, wo du wohnst", lang="de"),
        tweet("3", text="@alice_reporter wir finden dich", lang="de", author_id=""),
    ]
    staging, _ = parse_pages([RawPage(page(tweets), "file", "f:1", now)], target)
    valid, rejected = split(staging, now, timedelta(minutes=5))
    store_batch(root, valid, rejected, "run-1")
    bring_up_to_date(root, "alice", timezone="Europe/Paris", young_days=30, scorer_name="rules")
    posts = load_posts(root, "alice", now - timedelta(hours=3), now, scorer=make_scorer("rules"))
    got = posts.select("post_id", "unread", "validated").sort("post_id").rows()
    assert got == [("1", None, True), ("2", "de", True), ("3", "de", False)]


def test_an_episodes_file_written_before_unread_was_counted_still_reads(tmp_path: Path) -> None:
    root = tmp_path / "data"
    rows = baseline_posts()
    _foreign_wave(rows, ONSET, [300, 500, 400], "de", 0.95)
    episodes = _detect(rows, ONSET + timedelta(hours=12))
    old = episodes.drop("unread", "expected_unread", "target").to_arrow()
    dest = partition_dir(root, EPISODES, {"target": "alice"}) / PART_FILE
    dest.parent.mkdir(parents=True)
    pq.write_table(old, dest)
    back = read_episodes(root, "alice")
    assert back["episode_id"].to_list() == episodes["episode_id"].to_list()
    assert back["unread"].to_list() == [None] and back["expected_unread"].to_list() == [None]


def test_a_wave_in_german_does_not_hide_a_french_raid_at_the_same_hours() -> None:
    """The hostile share is a share of the posts the rules read: 1,500 German posts an hour (a
    news story abroad) arriving with a French raid of 100 an hour must not dilute the raid's
    share below its test (90 hostile of 1,600 posts would be 6 %, of the 100 read 90 %)."""
    rows = baseline_posts()
    _foreign_wave(rows, ONSET, [1500, 1500, 1500], "de", 1.0)
    rng = random.Random(4)
    for k in range(3):
        for _ in range(100):
            at = ONSET + timedelta(hours=k, seconds=rng.randrange(3600))
            stance = "hostile" if rng.random() < 0.9 else "neutral"
            rows.append(post(400_000 + len(rows), at, stance))
    got = _detect(rows, ONSET + timedelta(hours=1))
    harassment = got.filter(pl.col("kind") == "harassment")
    assert harassment.height == 1 and harassment["detected_at"][0] == ONSET + timedelta(hours=1)
    assert sorted(got["kind"].to_list()) == ["harassment", "unread"]


def test_the_generated_foreign_raid_alerts_at_the_end_of_its_onset_hour() -> None:
    """The generator's raid in German and Arabic (synthetic scenario ``foreign-raid``), through
    the parser, validation and the real scorer (which says its posts unread), then the watch
    replayed hour by hour as the detection benchmark does: an alert goes out at the end of the
    onset hour (harassment: the raid's knife emoji are read as threats, and its unread wave is
    said by that alert), and none anywhere else."""
    from benchmarks.detection import evaluate, scored_posts
    from tasks.alerts.config import AlertPolicy

    posts = scored_posts("foreign-raid", 0, make_scorer("rules"), cache=None)
    raid = posts.filter(
        pl.col("created_at").is_between(
            datetime(2023, 3, 27, 18, tzinfo=UTC), datetime(2023, 3, 27, 21, tzinfo=UTC)
        )
    )
    said = dict(raid["unread"].drop_nulls().value_counts().iter_rows())
    assert said["de"] > 800 and said["ar"] > 150  # the raid, said unread by the rules scorer
    res = evaluate("foreign-raid", 0, posts, DetectConfig(), AlertPolicy())
    assert res.ttd_minutes == 0 and res.false_alerts == 0 and res.messages_on_wave >= 1


def test_an_unread_wave_inside_a_raid_is_said_by_the_raid_alert_one_message(tmp_path: Path) -> None:
    """A French raid and a German one in the same hours: one message per recipient, the
    harassment alert, which names the posts no rules read, by language."""
    rows = baseline_posts()
    _foreign_wave(rows, ONSET, [300, 500, 400], "de", 0.95)
    rng = random.Random(6)
    for k, n in enumerate([200, 300, 200]):
        for _ in range(n):
            at = ONSET + timedelta(hours=k, seconds=rng.randrange(3600))
            rows.append(post(500_000 + len(rows), at, "hostile", text=f"sale menteuse {k}"))
    episodes, sent, mails = _alerted(rows, ONSET + timedelta(hours=2), tmp_path)
    assert sorted(episodes["kind"].to_list()) == ["harassment", "unread"]
    # Recorded for both episodes, sent once: the unread one rides on the harassment message.
    assert sorted((r["episode_id"].split(":")[1], r["reasons"][-1]) for r in sent) == [
        *[("harassment", "new")] * 3,
        *[("unread", "carried")] * 3,
    ]
    ids = {r["message_id"] for r in sent if "unread" not in r["episode_id"]}
    assert {r["message_id"] for r in sent if "unread" in r["episode_id"]} == ids
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    en = mails["Safety desk <desk@example.org>"]
    text = en.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    harassment = episodes.filter(pl.col("kind") == "harassment").row(0, named=True)
    n = harassment["unread"]
    assert n > 500
    assert (
        f"Over the same hours, {n:,} posts are in languages Tocsin does not read (German {n:,})"
        in text
    )
    # The German wave grows fivefold, the raid does not: the wave's escalation goes out on its
    # own, in the thread of the message that carried it.
    later = ONSET + timedelta(hours=9)
    grown = episodes.with_columns(
        unread=pl.when(pl.col("kind") == "unread").then(pl.col("unread") * 5).otherwise("unread")
    )
    report = deliver(
        tmp_path / "data",
        alert_target(),
        grown,
        frame(rows),
        now=later,
        policy=AlertPolicy(),
        transport=Transport(outbox=tmp_path / "outbox2"),
    )
    assert {(r["episode_id"].split(":")[1], r["level"]) for r in report.sent} == {("unread", 1)}
    (again,) = [
        m
        for m in (
            email.message_from_bytes(f.read_bytes(), policy=email_policy.default)
            for f in (tmp_path / "outbox2").glob("*.eml")
        )
        if "desk@" in str(m["To"])
    ]
    assert again["In-Reply-To"] == en["Message-ID"]


def test_an_unread_wave_after_the_raid_alert_was_sent_gets_its_own() -> None:
    """The harassment message went out in an earlier run, before the German wave began: no
    message of this run carries the wave, so it is announced on its own."""
    from tasks.alerts.policy import due_alerts
    from tests.support.alerts import make_episode

    raid = make_episode(unread=40, start=ONSET, end=ONSET + timedelta(hours=6))
    wave = make_episode(
        episode_id="alice:unread:x",
        kind="unread",
        unread=900,
        expected_unread=1.0,
        start=ONSET + timedelta(hours=3),
        end=ONSET + timedelta(hours=5),
    )
    episodes = pl.concat([raid, wave])
    sent = Delivery(0, raid["hostile"][0], 0, 0, ("new",), ONSET.isoformat(), "x")

    class Earlier:
        def last(self, episode_id: str, channel: str) -> Delivery | None:
            return sent if episode_id == raid["episode_id"][0] else None

    now = ONSET + timedelta(hours=5)
    dues = due_alerts(episodes, ["email:a@example.org"], Earlier(), now=now, policy=AlertPolicy())
    assert [(d.episode_id, d.covered_by) for d in dues] == [("alice:unread:x", None)] * 2

    # Both due in one run: the raid's message carries the wave on every channel.
    class Fresh:
        def last(self, episode_id: str, channel: str) -> Delivery | None:
            return None

    dues = due_alerts(episodes, ["email:a@example.org"], Fresh(), now=now, policy=AlertPolicy())
    assert [d.covered_by for d in dues if d.episode["kind"] == "unread"] == [
        raid["episode_id"][0]
    ] * 2


def test_a_language_code_from_a_post_is_named_or_hidden_never_repeated_raw() -> None:
    """The unread language comes from the post's own tag (Bluesky's ``langs`` is free text): a
    code CLDR names is named, a plausible unknown code is kept, anything else reads "?"."""
    from tasks.i18n import language_counts, language_name

    assert language_name("de", "fr") == "allemand" and language_name("ar", "en") == "Arabic"
    assert language_name("xqz", "en") == "xqz"
    for hostile in ("evil.example/reset", "<b>x</b>", "de\u202e", "DE-evil"):
        assert language_name(hostile, "en") == "?"
    assert language_counts([("de", 3), ("evil.example", 2)], "en") == "German 3, ? 2"
