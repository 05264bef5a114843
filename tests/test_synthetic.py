"""The synthetic source: determinism, wire shape, the seed-wave's numbers, defects, ground truth.

Daily totals and shares are read back from the emitted pages (parsed with the stdlib json module,
independently of the generator's orjson) or from the ground-truth table, never from internals.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import polars as pl
import pytest

from tasks.sources import synthetic as syn
from tasks.sources.synthetic import texts
from tasks.sources.synthetic.texts import compile_template

PARIS = ZoneInfo("Europe/Paris")
ROOT = Path(__file__).resolve().parents[1]
HANDLE = "demo_journalist"
TW_EPOCH_MS = 1288834974657
_X_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def _parse_time(value: object) -> datetime | None:
    """created_at as a client would read it; None for the deliberately broken values."""
    if not isinstance(value, str) or not _X_TIME.fullmatch(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.year < 2090 else None


def _time(value: object) -> datetime:
    parsed = _parse_time(value)
    assert parsed is not None, value
    return parsed


def _snowflake_ms(tweet_id: str) -> int:
    return (int(tweet_id) >> 22) + TW_EPOCH_MS


@pytest.fixture(scope="module")
def pages() -> list[syn.SyntheticPage]:
    return list(syn.generate_pages("seed-wave"))


@pytest.fixture(scope="module")
def parsed(pages: list[syn.SyntheticPage]) -> list[tuple[datetime, dict[str, Any]]]:
    return [(p.hour, json.loads(p.body)) for p in pages]


@pytest.fixture(scope="module")
def tweets(parsed: list[tuple[datetime, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
    """Every emitted tweet object with the index of its page (duplicates included)."""
    return [(i, t) for i, (_, page) in enumerate(parsed) for t in page.get("data", [])]


@pytest.fixture(scope="module")
def truth() -> pl.DataFrame:
    return syn.ground_truth("seed-wave")


@pytest.fixture(scope="module")
def originals(truth: pl.DataFrame) -> pl.DataFrame:
    """One row per post (first version), with its Paris day."""
    return truth.filter(pl.col("post_id") == pl.col("version_id")).with_columns(
        day=pl.col("created_at").dt.convert_time_zone("Europe/Paris").dt.date()
    )


@pytest.fixture(scope="module")
def day_counts(tweets: list[tuple[int, dict[str, Any]]]) -> Counter[date]:
    """Posts per Paris day, read from the pages: each post once, whatever its versions."""
    seen: set[str] = set()
    days: Counter[date] = Counter()
    for _, t in tweets:
        post_id = t["edit_history_tweet_ids"][0]
        created = _parse_time(t.get("created_at"))
        if post_id in seen or created is None:
            continue
        seen.add(post_id)
        days[created.astimezone(PARIS).date()] += 1
    return days


# --- determinism and windows -------------------------------------------------------------------

SLICE = (datetime(2020, 2, 1, 10, tzinfo=UTC), datetime(2020, 2, 1, 14, tzinfo=UTC))


def test_same_arguments_give_the_same_bytes(pages: list[syn.SyntheticPage]) -> None:
    # The busiest day, regenerated from scratch: the full run is compared window-wise below.
    day = (datetime(2020, 2, 1, tzinfo=PARIS), datetime(2020, 2, 2, tzinfo=PARIS))
    again = list(syn.generate_pages("seed-wave", start=day[0], end=day[1]))
    assert again == [p for p in pages if day[0] <= p.hour < day[1]]
    assert sum(len(json.loads(p.body).get("data", [])) for p in again) > 6000


def test_output_does_not_depend_on_the_interpreter_hash_seed() -> None:
    code = (
        "import hashlib; from datetime import datetime, UTC\n"
        "from tasks.sources.synthetic import generate_pages\n"
        "h = hashlib.sha256()\n"
        "for p in generate_pages('seed-wave', start=datetime(2020, 2, 1, 10, tzinfo=UTC),\n"
        "                        end=datetime(2020, 2, 1, 12, tzinfo=UTC)):\n"
        "    h.update(p.body)\n"
        "print(h.hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    here = hashlib.sha256()
    for p in syn.generate_pages("seed-wave", start=SLICE[0], end=SLICE[0] + timedelta(hours=2)):
        here.update(p.body)
    assert run.stdout.strip() == here.hexdigest()


def test_another_seed_gives_other_pages() -> None:
    zero = [p.body for p in syn.generate_pages("seed-wave", start=SLICE[0], end=SLICE[1])]
    one = [p.body for p in syn.generate_pages("seed-wave", seed=1, start=SLICE[0], end=SLICE[1])]
    assert zero != one


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(*SLICE, id="aligned"),
        pytest.param(SLICE[0] + timedelta(minutes=30), SLICE[1], id="unaligned-start"),
        pytest.param(datetime(2019, 1, 1, tzinfo=UTC), SLICE[0], id="before-the-window"),
        pytest.param(
            datetime(2020, 1, 31, 19, 30, tzinfo=PARIS),
            datetime(2020, 2, 1, tzinfo=PARIS),
            id="paris-times",
        ),
    ],
)
def test_a_window_keeps_the_pages_of_its_hours_unchanged(
    pages: list[syn.SyntheticPage], start: datetime, end: datetime
) -> None:
    windowed = list(syn.generate_pages("seed-wave", start=start, end=end))
    expected = [p for p in pages if start <= p.hour < end]
    assert windowed == expected
    assert expected


def test_pages_come_in_time_order_and_cover_every_hour(pages: list[syn.SyntheticPage]) -> None:
    hours = [p.hour for p in pages]
    assert hours == sorted(hours)
    start, end = syn.scenario_window("seed-wave")
    assert sorted(set(hours)) == [
        start + timedelta(hours=k) for k in range((end - start) // timedelta(hours=1))
    ]
    assert all(h.tzinfo is not None and h.utcoffset() == timedelta(0) for h in hours)


def test_scenario_windows_are_paris_midnights() -> None:
    start, end = syn.scenario_window("seed-wave")
    assert start == datetime(2020, 1, 20, tzinfo=PARIS)
    assert end == datetime(2020, 2, 17, tzinfo=PARIS)
    for scenario in syn.SCENARIOS:
        s, e = syn.scenario_window(scenario)
        assert s.astimezone(PARIS).hour == 0 and e.astimezone(PARIS).hour == 0 and s < e


def _pages_sha256(pages: Iterable[syn.SyntheticPage]) -> str:
    h = hashlib.sha256()
    for p in pages:
        h.update(p.hour.isoformat().encode() + b"\0" + p.body + b"\n")
    return h.hexdigest()


def test_the_generated_bytes_are_pinned(
    pages: list[syn.SyntheticPage], truth: pl.DataFrame
) -> None:
    # Any change to what the generator writes (volumes, texts, ids, page layout) changes these:
    # the demo, the scenarios' documented numbers and the benchmarks all read this output, so
    # such a change must be deliberate, and update these digests with it.
    assert _pages_sha256(pages) == (
        "10a7bf342f0fec7bb004b7a06b9e949b6a339dbf8d8174cb791b3fb05f341266"
    )
    rows = truth.with_columns(pl.col(pl.Datetime).dt.epoch("us")).rows()
    assert hashlib.sha256(orjson.dumps(rows)).hexdigest() == (
        "a47083a6f87fc29434a5f0dad3589d1473e4e2cfd3bd6f336793329346c05c38"
    )
    raid = datetime(2021, 10, 25, 20, tzinfo=PARIS)
    flash = syn.generate_pages(
        "flash", seed=1, start=raid, end=raid + timedelta(hours=3), page_size=37
    )
    assert _pages_sha256(flash) == (
        "be82ba2a5159a6a886caafacd748df1f7588c6b81302f94370533946e661a379"
    )


# --- the seed-wave's shape ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "low", "high"),
    [
        pytest.param(date(2020, 1, 30), 140, 270, id="baseline-01-30"),
        pytest.param(date(2020, 2, 1), 6000, 7000, id="peak-02-01"),
        pytest.param(date(2020, 2, 2), 6000, 7000, id="peak-02-02"),
        pytest.param(date(2020, 2, 3), 1300, 1700, id="decay-02-03"),
        pytest.param(date(2020, 2, 4), 650, 950, id="decay-02-04"),
        pytest.param(date(2020, 2, 5), 2700, 3300, id="support-02-05"),
        pytest.param(date(2020, 2, 10), 140, 270, id="baseline-02-10"),
    ],
)
def test_seed_wave_daily_totals(day_counts: Counter[date], day: date, low: int, high: int) -> None:
    assert low <= day_counts[day] <= high


def test_seed_wave_has_more_than_20000_posts(day_counts: Counter[date]) -> None:
    assert sum(day_counts.values()) > 20_000


@pytest.mark.parametrize("day", [date(2020, 2, 1), date(2020, 2, 2)])
def test_peak_days_are_hostile_with_threats(originals: pl.DataFrame, day: date) -> None:
    rows = originals.filter(pl.col("day") == day)
    hostile = rows.filter(pl.col("stance") == "hostile")
    assert hostile.height / rows.height >= 0.80
    threats = hostile.filter(pl.col("category").is_in(["threat", "death_threat"]))
    assert threats.height / hostile.height >= 0.02
    assert hostile.filter(pl.col("category") == "death_threat").height > 0


def test_second_peak_is_supportive(originals: pl.DataFrame) -> None:
    rows = originals.filter(pl.col("day") == date(2020, 2, 5))
    assert (rows["stance"] == "supportive").mean() >= 0.60
    assert (rows["episode"] == "support").mean() >= 0.8


def test_baseline_mix(originals: pl.DataFrame) -> None:
    rows = originals.filter(pl.col("episode").is_null())
    shares = rows["stance"].value_counts(normalize=True)
    share = dict(zip(shares["stance"], shares["proportion"], strict=True))
    assert 0.03 <= share["hostile"] <= 0.07
    assert 0.07 <= share["supportive"] <= 0.13


def test_nights_are_quiet_in_the_baseline(originals: pl.DataFrame) -> None:
    hours = originals.filter(pl.col("episode").is_null()).with_columns(
        h=pl.col("created_at").dt.convert_time_zone("Europe/Paris").dt.hour()
    )
    night = hours.filter(pl.col("h").is_between(2, 6)).height / 5
    evening = hours.filter(pl.col("h").is_between(18, 22)).height / 5
    assert night < evening / 8


def test_onset_follows_the_designating_post(originals: pl.DataFrame) -> None:
    designated = datetime(2020, 1, 31, 19, 47, tzinfo=PARIS).astimezone(UTC)
    wave = originals.filter(pl.col("episode") == "wave")
    assert wave["created_at"].min() > designated
    first_hour = wave.filter(pl.col("created_at") < designated + timedelta(hours=1))
    assert (first_hour["stance"] == "hostile").sum() >= 5


def test_designating_post(tweets: list[tuple[int, dict[str, Any]]], parsed: list[Any]) -> None:
    designating = syn.designating_post_id("seed-wave")
    # Pinned: config/targets.toml lists it as the demo target's watched post.
    assert designating == "1223316818630676480"
    posted = datetime.fromtimestamp(_snowflake_ms(designating) / 1000, UTC).astimezone(PARIS)
    assert posted.date() == date(2020, 1, 31) and 18 <= posted.hour <= 23
    included = [
        t
        for _, page in parsed
        for t in page.get("includes", {}).get("tweets", [])
        if t["id"] == designating
    ]
    assert included and HANDLE not in included[0]["text"].lower()
    assert "mentions" not in included[0].get("entities", {})
    for scenario in ("quiet", "flash", "slow-burn", "support-wave"):
        assert syn.designating_post_id(scenario) is None


def test_replies_to_the_designating_post_never_name_the_target(
    tweets: list[tuple[int, dict[str, Any]]],
) -> None:
    designating = syn.designating_post_id("seed-wave")
    replies = [
        t
        for _, t in tweets
        if {"type": "replied_to", "id": designating} in t.get("referenced_tweets", [])
    ]
    assert len(replies) > 1000
    for t in replies:
        assert t["conversation_id"] == designating
        assert HANDLE not in t["text"].lower()
    quotes = [
        t
        for _, t in tweets
        if {"type": "quoted", "id": designating} in t.get("referenced_tweets", [])
    ]
    assert len(quotes) > 300 and all(HANDLE not in t["text"].lower() for t in quotes)


def test_kinds_all_appear(truth: pl.DataFrame, tweets: list[tuple[int, dict[str, Any]]]) -> None:
    assert set(truth["kind"]) == {"mention", "reply", "quote", "repost"}
    reposts = [
        t
        for _, t in tweets
        if t.get("referenced_tweets", [{}])[0].get("type") == "retweeted" and t["text"]
    ]
    assert reposts and all(t["text"].startswith("RT @") for t in reposts)
    replies_to_target = [
        t for _, t in tweets if t.get("in_reply_to_user_id") == "1000000000000000001" and t["text"]
    ]
    assert len(replies_to_target) > 1000
    assert all(t["text"].lower().startswith("@" + HANDLE) for t in replies_to_target)


def test_wave_authors_are_new_accounts_and_strangers(
    parsed: list[tuple[datetime, dict[str, Any]]], truth: pl.DataFrame
) -> None:
    created = {
        u["id"]: u["created_at"]
        for _, page in parsed
        for u in page.get("includes", {}).get("users", [])
    }
    peak = truth.filter(
        pl.col("stance") == "hostile",
        pl.col("created_at")
        .dt.convert_time_zone("Europe/Paris")
        .dt.date()
        .is_in([date(2020, 2, 1), date(2020, 2, 2)]),
    )
    authors = set(peak["author_id"])
    onset = datetime(2020, 1, 31, 19, 47, tzinfo=PARIS).astimezone(UTC)
    young = [a for a in authors if onset - _time(created[a]) < timedelta(days=30)]
    assert 0.3 <= len(young) / len(authors) <= 0.5
    before = set(truth.filter(pl.col("created_at") < onset)["author_id"])
    wave_authors = set(truth.filter(pl.col("episode") == "wave")["author_id"])
    assert len(wave_authors & before) / len(wave_authors) < 0.2


def test_deletions_and_suspensions(truth: pl.DataFrame) -> None:
    wave = truth.filter(pl.col("episode") == "wave")
    hostile = wave.filter(pl.col("stance") == "hostile")
    assert 0.07 <= hostile["deleted_at"].is_not_null().mean() <= 0.13
    assert (
        hostile["deleted_at"].drop_nulls()
        > hostile.filter(pl.col("deleted_at").is_not_null())["created_at"]
    ).all()
    by_author = wave.group_by("author_id").agg(pl.col("suspended_at").first().is_not_null())
    assert 0.03 <= by_author["suspended_at"].mean() <= 0.08


# --- text -------------------------------------------------------------------------------------


def test_languages(truth: pl.DataFrame) -> None:
    share = truth["lang"].value_counts(normalize=True)
    langs = dict(zip(share["lang"], share["proportion"], strict=True))
    assert 0.70 <= langs["fr"] <= 0.80
    assert 0.15 <= langs["en"] <= 0.28
    assert {"es", "de", "ar", "und"} <= set(langs)


def test_texts_are_varied_and_include_the_hard_cases(
    tweets: list[tuple[int, dict[str, Any]]], truth: pl.DataFrame
) -> None:
    stance = dict(zip(truth["version_id"], truth["stance"], strict=True))
    forms: dict[str, set[str]] = defaultdict(set)
    by_text: dict[str, set[str]] = defaultdict(set)
    for _, t in tweets:
        if "id" in t:
            forms[stance[t["id"]]].add(t["text"])
            by_text[t["text"]].add(str(t["author_id"]))
    assert all(len(forms[s]) >= 500 for s in ("hostile", "supportive", "neutral"))
    hostile = " ".join(forms["hostile"])
    for marker in ("🔪", "⚰️", "rue Imaginaire", "je vais te", "I will find you"):
        assert marker in hostile, marker
    neutral = " ".join(forms["neutral"])
    assert "menaces de mort" in neutral and "I will kill you" in neutral
    # copy-paste campaign: one text, many accounts
    assert max(len(a) for a in by_text.values()) >= 100
    # obfuscated spellings: dotted, spaced or leet versions of the insults
    assert any(("." in w and len(w) > 5 and w.count(".") >= 3) for w in hostile.split())
    assert any(c in hostile for c in ("4", "3", "0", "$"))


# --- wire shape -------------------------------------------------------------------------------


def test_every_page_is_a_v2_search_page(
    pages: list[syn.SyntheticPage], parsed: list[tuple[datetime, dict[str, Any]]]
) -> None:
    for page, (_, body) in zip(pages, parsed, strict=True):
        compact = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        assert page.body == compact
        assert set(body) <= {"data", "includes", "meta"}
        meta = body["meta"]
        data = body.get("data", [])
        assert meta["result_count"] == len(data) <= 100
        if not data:
            assert meta == {"result_count": 0}
            continue
        ids = [int(t["id"]) for t in data if isinstance(t.get("id"), str)]
        assert meta["newest_id"] == str(max(ids)) and meta["oldest_id"] == str(min(ids))
        users = {u["id"]: u for u in body["includes"]["users"]}
        included = {t["id"] for t in body["includes"].get("tweets", [])}
        for u in users.values():
            assert set(u) == {"created_at", "id", "name", "username", "public_metrics", "verified"}
        for t in data:
            assert {
                "text",
                "created_at",
                "author_id",
                "conversation_id",
                "lang",
                "public_metrics",
                "edit_history_tweet_ids",
                "edit_controls",
            } <= set(t)
            assert str(t["author_id"]) in users
            for ref in t.get("referenced_tweets", []):
                assert ref["id"] in included
            entities = t.get("entities", {})
            for m in entities.get("mentions", []):
                assert t["text"][m["start"] : m["end"]] == "@" + m["username"]
                assert users[m["id"]]["username"] == m["username"]
            for u in entities.get("urls", []):
                assert t["text"][u["start"] : u["end"]] == u["url"]
            for h in entities.get("hashtags", []):
                assert t["text"][h["start"] : h["end"]] == "#" + h["tag"]


def test_next_token_only_between_pages_of_one_query(
    parsed: list[tuple[datetime, dict[str, Any]]],
) -> None:
    by_hour: dict[datetime, list[dict[str, Any]]] = defaultdict(list)
    for hour, page in parsed:
        by_hour[hour].append(page["meta"])
    for metas in by_hour.values():
        assert "next_token" not in metas[-1]
        tokens = [m["next_token"] for m in metas if "next_token" in m]
        assert len(tokens) == len(set(tokens))
    assert any(len(m) > 2 for m in by_hour.values())


def test_ids_are_unique_snowflakes_of_their_time(tweets: list[tuple[int, dict[str, Any]]]) -> None:
    objects: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for _, t in tweets:
        created = _parse_time(t.get("created_at"))
        if "id" not in t or created is None:
            continue
        objects[t["id"]].add((t["text"], t["created_at"]))
        assert _snowflake_ms(t["id"]) == (created - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
            milliseconds=1
        )
    assert all(len(versions) == 1 for versions in objects.values())


def test_smaller_pages_hold_the_same_tweets() -> None:
    big = syn.generate_pages("seed-wave", start=SLICE[0], end=SLICE[1])
    small = list(syn.generate_pages("seed-wave", start=SLICE[0], end=SLICE[1], page_size=7))
    assert all(len(json.loads(p.body).get("data", [])) <= 7 for p in small)

    def objects(ps: Any) -> list[bytes]:
        return sorted(
            json.dumps(t, sort_keys=True).encode()
            for p in ps
            for t in json.loads(p.body).get("data", [])
        )

    assert objects(big) == objects(small)


# --- defects and ground truth -----------------------------------------------------------------


def test_ground_truth_matches_the_pages(
    tweets: list[tuple[int, dict[str, Any]]], truth: pl.DataFrame
) -> None:
    assert truth.schema == pl.Schema(syn.GROUND_TRUTH_SCHEMA)
    assert truth.select("post_id", "version_id").is_unique().all()
    emitted = {t.get("id") or t["edit_history_tweet_ids"][-1] for _, t in tweets}
    assert emitted == set(truth["version_id"])
    first = {
        t.get("id") or t["edit_history_tweet_ids"][-1]: t["edit_history_tweet_ids"][0]
        for _, t in tweets
    }
    assert first == dict(zip(truth["version_id"], truth["post_id"], strict=True))
    hostile = truth.filter(pl.col("stance") == "hostile")
    assert hostile["category"].null_count() == 0
    assert (
        truth.filter(pl.col("stance") != "hostile")["category"].null_count()
        == truth.height - hostile.height
    )


def test_defect_rates(truth: pl.DataFrame) -> None:
    posts = truth.filter(pl.col("post_id") == pl.col("version_id"))
    rate = posts["defect"].value_counts(normalize=True)
    rates = dict(zip(rate["defect"], rate["proportion"], strict=True))
    assert 0.006 <= rates["duplicate"] <= 0.014
    assert 0.0015 <= rates["edited"] <= 0.005
    malformed = ("missing_id", "bad_timestamp", "future_timestamp", "empty_text", "wrong_type")
    assert 0.001 <= sum(rates.get(m, 0) for m in malformed) <= 0.0035
    assert all(rates.get(m, 0) > 0 for m in malformed)


def test_duplicates_are_byte_identical_in_a_later_page(
    pages: list[syn.SyntheticPage], truth: pl.DataFrame
) -> None:
    seen: dict[bytes, int] = {}
    repeated = 0
    for i, page in enumerate(pages):
        for t in orjson.loads(page.body).get("data", []):
            raw = orjson.dumps(t)
            if raw in seen:
                assert seen[raw] < i
                repeated += 1
            seen[raw] = i
    assert repeated == truth.filter(pl.col("defect") == "duplicate").height


def test_edits_and_malformed_records(
    tweets: list[tuple[int, dict[str, Any]]], truth: pl.DataFrame
) -> None:
    edited = [t for _, t in tweets if len(t["edit_history_tweet_ids"]) == 2]
    assert (
        len(edited)
        == truth.filter(
            pl.col("defect") == "edited", pl.col("post_id") != pl.col("version_id")
        ).height
    )
    versions = {t.get("id"): t for _, t in tweets}
    for new in edited:
        old = versions[new["edit_history_tweet_ids"][0]]
        assert new["id"] == new["edit_history_tweet_ids"][1] and new["text"] != old["text"]
        assert new["text"].startswith(old["text"])
        delay = _time(new["created_at"]) - _time(old["created_at"])
        assert timedelta(0) <= delay <= timedelta(minutes=10)
    kinds: Counter[str] = Counter()
    for _, t in tweets:
        if "id" not in t:
            kinds["missing_id"] += 1
        elif t["created_at"].startswith("2099"):
            kinds["future_timestamp"] += 1
        elif _parse_time(t["created_at"]) is None:
            kinds["bad_timestamp"] += 1
        elif t["text"] == "":
            kinds["empty_text"] += 1
        elif not isinstance(t["author_id"], str) or not isinstance(t["public_metrics"], dict):
            kinds["wrong_type"] += 1
    malformed = ["missing_id", "bad_timestamp", "future_timestamp", "empty_text", "wrong_type"]
    expected = truth.filter(pl.col("defect").is_in(malformed))["defect"].value_counts()
    assert kinds == dict(zip(expected["defect"], expected["count"], strict=True))


# --- other scenarios ---------------------------------------------------------------------------


def _daily(scenario: str) -> pl.DataFrame:
    return (
        syn.ground_truth(scenario)
        .filter(pl.col("post_id") == pl.col("version_id"))
        .with_columns(day=pl.col("created_at").dt.convert_time_zone("Europe/Paris").dt.date())
        .group_by("day")
        .agg(
            n=pl.len(),
            hostile=(pl.col("stance") == "hostile").mean(),
            supportive=(pl.col("stance") == "supportive").mean(),
        )
        .sort("day")
    )


def test_quiet_has_no_harassment() -> None:
    days = _daily("quiet")
    assert days.height == 60
    assert days["hostile"].max() < 0.15 and days["n"].max() < 600


def test_flash_is_2000_hostile_posts_in_three_hours() -> None:
    truth = syn.ground_truth("flash")
    raid = truth.filter(pl.col("episode") == "wave")
    assert 1800 <= (raid["stance"] == "hostile").sum() <= 2300
    assert raid["created_at"].max() - raid["created_at"].min() <= timedelta(hours=3)


def test_slow_burn_grows_and_turns_hostile() -> None:
    days = _daily("slow-burn").filter(
        pl.col("day").is_between(date(2022, 5, 23), date(2022, 5, 27))
    )
    n, hostile = days["n"].to_list(), days["hostile"].to_list()
    assert all(1.25 <= b / a <= 1.8 for a, b in zip(n, n[1:], strict=False))
    assert hostile == sorted(hostile) and hostile[0] < 0.15 and hostile[-1] >= 0.55


def test_support_wave_is_supportive() -> None:
    days = _daily("support-wave")
    peak = days.sort("n").row(-1, named=True)
    assert peak["n"] > 2000 and peak["supportive"] >= 0.70 and peak["hostile"] < 0.1


# --- errors -----------------------------------------------------------------------------------


def test_bad_arguments_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="unknown synthetic scenario 'nope'"):
        syn.generate_pages("nope")
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        syn.generate_pages("quiet", start=datetime(2021, 3, 1))
    with pytest.raises(ValueError, match="page_size must be at least 1"):
        syn.generate_pages("quiet", page_size=0)
    with pytest.raises(ValueError, match="unknown synthetic scenario"):
        syn.designating_post_id("nope")
    with pytest.raises(ValueError, match="handle must be an X username"):
        syn.generate_pages("quiet", handle="@someone")
    with pytest.raises(ValueError, match="user_id must be a numeric X user id"):
        syn.ground_truth("quiet", user_id="abc")


def test_the_target_is_whoever_is_asked_for() -> None:
    start = datetime(2021, 10, 25, 20, tzinfo=PARIS)
    pages = list(
        syn.generate_pages(
            "flash",
            handle="Other_Person",
            user_id="42",
            start=start,
            end=start + timedelta(hours=1),
        )
    )
    assert not any(b"demo_journalist" in p.body for p in pages)
    data = [t for p in pages for t in json.loads(p.body).get("data", [])]
    mentions = [m for t in data for m in t.get("entities", {}).get("mentions", [])]
    assert any(m["username"] == "Other_Person" and m["id"] == "42" for m in mentions)
    assert any(t.get("in_reply_to_user_id") == "42" for t in data)


# --- the package ------------------------------------------------------------------------------


def test_a_template_with_an_unknown_slot_is_refused() -> None:
    assert compile_template("quelle {insult} {target}{closer}") == (
        "quelle ",
        "insult",
        " ",
        "target",
        "",
        "closer",
        "",
    )
    with pytest.raises(ValueError) as err:
        compile_template("t'es qu'une {I}{C}")
    assert str(err.value) == "unknown template slot {I} in \"t'es qu'une {I}{C}\""


def test_every_slot_is_used_and_every_template_slot_is_named() -> None:
    templates = [
        *(t for by_cat in texts.HOSTILE.values() for by_p in by_cat.values() for ts in by_p.values() for t in ts),
        *(t for table in (texts.SUPPORTIVE, texts.NEUTRAL) for by_p in table.values() for ts in by_p.values() for t in ts),
        *(t for by_s in texts.OTHER.values() for items in by_s.values() for t, _ in items),
        *texts.TARGET_POSTS,
    ]  # fmt: skip
    used = {slot for t in templates for slot in t[1::2]}
    assert used == set(texts.SLOTS)
    assert len(templates) > 300  # every data file was read


def test_no_module_of_the_package_imports_a_private_name_or_grows_past_400_lines() -> None:
    package = ROOT / "tasks" / "sources" / "synthetic"
    modules = sorted(package.glob("*.py"))
    assert {m.stem for m in modules} >= {"__init__", "plan", "accounts", "posts", "texts"}
    for module in modules:
        source = module.read_text()
        assert source.count("\n") <= 400, module.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private or node.module == "__future__", (module.name, private)
