"""Several targets derived with one scorer call (tasks/derive.py ``derive_many``,
tasks/scoring/primed.py): the same tables as a derivation per target, fewer scorer calls."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from config.targets import Target
from tasks import derive
from tasks.derive import bring_up_to_date, derive_many, ledger_path
from tasks.ingest import store_batch
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.schema import DAILY, MENTIONS
from tasks.scoring import SCORES, get_scorer
from tasks.scoring.primed import Primed
from tasks.scoring.rules import RulesScorer
from tasks.scoring.table import QUARANTINE_SCORES
from tasks.store import merge_partitions, scan
from tasks.validate import split
from tests.conftest import page, tweet
from tests.support.mentions import mention

ZONES = {"alice": "Europe/Paris", "bob": "America/New_York", "chloe": "UTC"}
TEXTS = [
    ("je vais te tuer", "fr"),
    ("courage 💪", "fr"),
    ("sale pute", None),
    ("you should be shot", "en"),
    ("great article, thank you", "en"),
    ("on sait où tu habites", "de"),  # a wrong platform label: the scorer's own language id
]


def _store(root: Path) -> None:
    rows = []
    for t, target in enumerate(ZONES):
        for i, (text, lang) in enumerate(TEXTS[t:] + TEXTS[:t]):  # shared texts, other orders
            row = mention(f"{t}{i}", 0, text, datetime(2020, 2, 1 + i % 3, 9 + t, tzinfo=UTC))
            rows.append(row | {"target": target, "lang": lang})
        extra = mention(f"{t}9", 0, f"{target} only: dégage", datetime(2020, 2, 4, tzinfo=UTC))
        rows.append(extra | {"target": target})
    merge_partitions(root, MENTIONS, MENTIONS.conform(pl.DataFrame(rows)), sort_by=["post_id"])
    for t, target in enumerate(ZONES):  # and a threat quarantined (no author id) for each
        now = datetime(2020, 2, 2, 12, tzinfo=UTC)
        text = f"@alice_reporter je vais te retrouver sale pute n°{t}"
        body = page([tweet(f"8{t}", text=text, author_id="")])
        staging, _ = parse_pages(
            [RawPage(body, "file", "f:1", now)], Target(name=target, timezone=ZONES[target])
        )
        valid, rejected = split(staging, now, timedelta(minutes=5))
        store_batch(root, valid, rejected, "run-q")


def _stored_twice(tmp_path: Path) -> tuple[Path, Path]:
    """The same posts stored under two roots: one to derive a target at a time, one together."""
    apart, together = tmp_path / "apart", tmp_path / "together"
    _store(apart)
    _store(together)
    return apart, together


def _tables(root: Path) -> dict[str, pl.DataFrame]:
    out = {}
    for t in (SCORES, DAILY, QUARANTINE_SCORES):
        df = scan(root, t).collect().drop("scored_at", strict=False)
        out[t.name] = df.sort(df.columns)
    return out


def _ledgers(root: Path) -> dict[str, dict]:
    out = {}
    for name in ZONES:
        ledger = json.loads(ledger_path(root, name).read_text())
        # Fingerprints hold files' times and inodes: the dates they cover must agree.
        out[name] = {
            k: sorted(v) if k != "config" and isinstance(v, dict) else v
            for k, v in ledger.items()
            if k != "daily"
        }
    return out


@pytest.fixture
def calls(monkeypatch) -> list[int]:
    """The rows of each call of the rules scorer."""
    seen: list[int] = []
    real = RulesScorer.score

    def counted(self, df):
        seen.append(df.height)
        return real(self, df)

    monkeypatch.setattr(RulesScorer, "score", counted)
    return seen


def _one_by_one(root: Path) -> list:
    return [
        bring_up_to_date(root, name, timezone=zone, young_days=30, scorer_name="rules")
        for name, zone in ZONES.items()
    ]


def _together(root: Path) -> list:
    return derive_many(root, list(ZONES.items()), young_days=30, scorer_name="rules")


def test_targets_derived_together_give_the_tables_of_one_by_one(tmp_path, calls):
    apart, together = _stored_twice(tmp_path)
    one = _one_by_one(apart)
    assert len(calls) == 6  # two calls per target: its posts, its quarantined record
    calls.clear()
    many = _together(together)
    # One call for every target's posts and quarantined records, each distinct (text, lang)
    # once: the shared texts, each target's own, each one's quarantined threat.
    assert calls == [len(TEXTS) + 2 * len(ZONES)]
    assert [d.scored for d in many] == [d.scored for d in one] == [len(TEXTS) + 1] * 3
    assert [d.dates for d in many] == [d.dates for d in one]
    a, b = _tables(apart), _tables(together)
    for name in a:
        assert_frame_equal(a[name], b[name])
    assert b["quarantine_scores"].height == len(ZONES)
    assert set(b["quarantine_scores"]["stance"]) == {"hostile"}
    assert _ledgers(apart) == _ledgers(together)
    # Nothing left to do for either, whichever way the next run derives.
    calls.clear()
    assert [d.scored for d in _one_by_one(together)] == [0, 0, 0]
    assert [d.scored for d in _together(apart)] == [0, 0, 0]
    assert calls == []


def test_calls_are_bounded_and_give_the_same_tables(tmp_path, calls, monkeypatch):
    apart, together = _stored_twice(tmp_path)
    _one_by_one(apart)
    calls.clear()
    monkeypatch.setattr(derive, "PRIME_ROWS", len(TEXTS) + 2)  # one target's posts a call
    _together(together)
    assert calls == [len(TEXTS) + 2] * 3
    a, b = _tables(apart), _tables(together)
    for name in a:
        assert_frame_equal(a[name], b[name])


def test_a_target_that_fails_leaves_the_others_derived(tmp_path, monkeypatch):
    root = tmp_path / "data"
    _store(root)
    real = derive.recompute_daily

    def failing(root_, target, *args, **kwargs):
        if target == "bob":
            raise OSError("disk full")
        return real(root_, target, *args, **kwargs)

    monkeypatch.setattr(derive, "recompute_daily", failing)
    alice, bob, chloe = _together(root)
    assert isinstance(bob, OSError)
    assert alice.scored == chloe.scored == len(TEXTS) + 1
    assert not ledger_path(root, "bob").exists()  # bob's derivation is done again next time
    monkeypatch.setattr(derive, "recompute_daily", real)
    again = _together(root)
    assert [d.scored for d in again] == [0, 0, 0]  # its scores were merged before it failed
    assert again[1].dates and ledger_path(root, "bob").exists()


def test_a_primed_scorer_answers_as_the_scorer_would_even_unprimed():
    scorer = get_scorer("rules")
    posts = pl.DataFrame(
        {
            "text": [t for t, _ in TEXTS] * 2 + ["pas préparé : va crever", "not primed"],
            "lang": [lang for _, lang in TEXTS] * 2 + ["fr", None],
        },
        schema={"text": pl.String, "lang": pl.String},
    )
    primed = Primed(scorer)
    assert primed.prime([posts.head(4), posts.slice(2, 5)]) == 6  # distinct pairs, scored once
    assert primed.prime([posts.head(3)]) == 0  # already known
    assert (primed.name, primed.version) == (scorer.name, scorer.version)
    assert_frame_equal(primed.score(posts), scorer.score(posts))
    assert_frame_equal(primed.score(posts.reverse()), scorer.score(posts.reverse()))
    assert_frame_equal(primed.score(posts.drop("lang")), scorer.score(posts.drop("lang")))


def test_a_target_bigger_than_a_call_is_derived_alone_unprimed(tmp_path, calls, monkeypatch):
    apart, together = _stored_twice(tmp_path)
    _one_by_one(apart)
    one_by_one = list(calls)
    calls.clear()
    monkeypatch.setattr(derive, "PRIME_ROWS", 3)  # less than any target's posts
    _together(together)
    assert calls == one_by_one  # as a derivation per target: nothing primed, nothing held twice
    a, b = _tables(apart), _tables(together)
    for name in a:
        assert_frame_equal(a[name], b[name])


def test_a_big_target_is_not_held_whole_but_scored_in_bounded_calls(
    tmp_path, calls, reads, monkeypatch
):
    """A target with more to score than a call holds (a new scorer version re-scoring all it
    has) is read and scored date group by date group during its own derivation (the store's
    SCORE_ROWS), never read whole beforehand: the same tables, no call over the bound."""
    from tasks.scoring import store

    apart, together = _stored_twice(tmp_path)
    _one_by_one(apart)
    posts = sum(calls)
    calls.clear()
    reads["posts"].clear()
    monkeypatch.setattr(derive, "PRIME_ROWS", 3)
    monkeypatch.setattr(store, "SCORE_ROWS", 2)
    _together(together)
    assert max(calls) <= 2 and sum(calls) == posts
    # each target's four dates (2, 2, 2 and 1 posts) read one group at a time, in its turn
    assert reads["posts"] == [name for name in ZONES for _ in range(4)]
    a, b = _tables(apart), _tables(together)
    for name in a:
        assert_frame_equal(a[name], b[name])


@pytest.fixture
def reads(monkeypatch) -> dict[str, list[str]]:
    """The targets whose posts were read to score, and whose quarantined records were parsed
    again, in order."""
    from tasks.scoring import quarantine, store

    seen: dict[str, list[str]] = {"posts": [], "reparsed": []}
    posts, reparse = store.unscored_posts, quarantine.reparse

    def posts_read(root, target, *args, **kwargs):
        seen["posts"].append(target)
        return posts(root, target, *args, **kwargs)

    def reparsed(rows, target, *args, **kwargs):
        seen["reparsed"].append(target)
        return reparse(rows, target, *args, **kwargs)

    monkeypatch.setattr(store, "unscored_posts", posts_read)
    monkeypatch.setattr(quarantine, "reparse", reparsed)
    return seen


def test_what_is_read_to_prime_is_not_read_again_to_derive(tmp_path, reads):
    apart, together = _stored_twice(tmp_path)
    _one_by_one(apart)
    assert reads == {"posts": list(ZONES), "reparsed": list(ZONES)}
    reads["posts"].clear()
    reads["reparsed"].clear()
    _together(together)
    assert reads == {"posts": list(ZONES), "reparsed": list(ZONES)}  # once each, not twice
    a, b = _tables(apart), _tables(together)
    for name in a:
        assert_frame_equal(a[name], b[name])


def test_a_write_between_priming_and_deriving_is_read_and_scored(tmp_path, reads, monkeypatch):
    """A post stored for a target after its posts were read to prime the scorer, before its
    derivation: the derivation sees its partition changed, reads again and scores it too."""
    root = tmp_path / "data"
    _store(root)
    late = mention("late", 0, "on va te crever", datetime(2020, 2, 2, 18, tzinfo=UTC))
    real = Primed.prime

    def prime_then_store(self, frames):
        out = real(self, frames)
        row = MENTIONS.conform(pl.DataFrame([late | {"target": "bob"}]))
        merge_partitions(root, MENTIONS, row, sort_by=["post_id"])
        return out

    monkeypatch.setattr(Primed, "prime", prime_then_store)
    derived = dict(zip(ZONES, _together(root), strict=True))
    assert derived["bob"].scored == len(TEXTS) + 2  # its own posts and the late one
    assert derived["alice"].scored == derived["chloe"].scored == len(TEXTS) + 1
    assert reads["posts"] == [*ZONES, "bob"]  # bob's posts read again, the others' not
    scores = scan(root, SCORES, where={"target": "bob"}).collect()
    assert "late" in scores["post_id"].to_list()
    monkeypatch.setattr(Primed, "prime", real)
    assert [d.scored for d in _together(root)] == [0, 0, 0]  # nothing left for the next run


def test_only_targets_whose_pulls_stored_something_are_derived(tmp_path):
    """A target whose sources all failed (or were skipped) is not derived by its group, as it
    was not when each target derived alone: its failure came first, and nothing of its
    derivation (a ledger) is written."""
    from dataclasses import replace as copy

    from config.settings import load_settings
    from tasks.grouped import NOT_DERIVED, derive_pulled, underived
    from tasks.lifecycle import plain_steps
    from tasks.runs import RunSummary

    root = tmp_path / "data"
    _store(root)
    now = datetime(2020, 2, 5, tzinfo=UTC)
    pulled_at = datetime(2020, 2, 5, 0, 1, tzinfo=UTC)  # when each pull ended, before deriving
    base = RunSummary(
        run_id="r", flow="nightly", target="", source="x", started_at=now, finished_at=pulled_at
    )
    ok = copy(base, target="alice", status="ok")
    failed = copy(base, target="bob", error="ArchiveError: no Object Lock")
    skipped = copy(base, target="chloe", status="skipped")
    assert underived(ok).status == "partial" and NOT_DERIVED in underived(ok).error
    assert underived(failed) == failed
    settings = load_settings(data_dir=root)
    targets = {n: Target(name=n, timezone=z) for n, z in ZONES.items()}
    pulled = [(targets["alice"], [ok]), (targets["bob"], [failed]), (targets["chloe"], [skipped])]
    derive_pulled(plain_steps(), settings, pulled)
    assert ok.status == "ok" and ok.scored == len(TEXTS) + 1
    assert (failed.status, failed.scored, skipped.scored) == ("failed", 0, 0)
    # Recorded again once derived, as finishing then; what was not derived keeps its end.
    assert ok.finished_at > pulled_at
    assert failed.finished_at == skipped.finished_at == pulled_at
    assert ledger_path(root, "alice").exists()
    assert not ledger_path(root, "bob").exists() and not ledger_path(root, "chloe").exists()
