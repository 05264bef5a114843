"""The prefilter's scans kept between processes (tasks/scoring/scancache.py): read back only for
exactly the inputs they were computed from, never trusted when unreadable, owner-only, and the
same scores either way."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from config.paths import default_cache_dir
from tasks.scoring import scancache
from tasks.scoring.rules import RulesScorer
from tasks.scoring.ruleset import RuleSet, Scan

REPO = Path(__file__).resolve().parents[1]
TEXTS = pl.DataFrame(
    {
        "text": [
            "on va te buter sale pute",
            "je sais où tu habites, fais gaffe à toi",
            "merci pour ton article, courage",
            "I will find you and you will regret it",
            "what a lovely day at the beach",
            "tu finiras au bord de la route",
            "why don't you just die",  # a shielded rule (release 1.44): read only if kept
        ],
        "lang": ["fr", "fr", "fr", "en", "en", "fr", "en"],
    }
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache" / "tocsin"
    monkeypatch.setenv(scancache.ENV, str(folder))
    return folder


def _computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts each scan ``Scan.of`` computes from here on."""
    calls: list[int] = []
    real = Scan.of

    def counting(name: str, source: str, anchors: list[str]) -> Scan:
        calls.append(1)
        return real(name, source, anchors)

    monkeypatch.setattr(Scan, "of", staticmethod(counting))
    return calls


def test_a_second_ruleset_reads_the_scans_the_first_computed_and_scores_the_same(
    cache: Path, monkeypatch: pytest.MonkeyPatch
):
    computed = _computed(monkeypatch)
    first = RuleSet()
    want = first.scans
    assert len(computed) == len(want) > 40
    (path,) = cache.glob("scans-*.json")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    computed.clear()
    second = RuleSet()
    assert second.scans == want
    assert computed == []  # read, not computed

    monkeypatch.setenv(scancache.ENV, "")  # no cache: computed again, the same scores
    third = RuleSet()
    assert third.scans == want and len(computed) == len(want)
    got = RulesScorer(second).score(TEXTS)
    assert_frame_equal(got, RulesScorer(third).score(TEXTS))
    assert (got["categories"].list.contains("threat")).sum() >= 2  # the comparison is worth it


def test_other_inputs_are_computed_not_read(cache: Path, monkeypatch: pytest.MonkeyPatch):
    from tasks.scoring import lexicon

    assert RuleSet().scans
    computed = _computed(monkeypatch)
    fewer = RuleSet(rules=lexicon.RULES[:-1])
    assert fewer.scans == [Scan.of(n, s, a) for n, s, a in _inputs(fewer)]
    assert len(computed) >= len(fewer.scans)
    assert len(list(cache.glob("scans-*.json"))) == 2  # the other lexicon's file kept


def _inputs(rs: RuleSet) -> list[tuple[str, str, list[str]]]:
    out = [(f"_c{i}", ch.source, ch.rule_anchors) for i, ch in enumerate(rs.chunks)]
    return [*out, ("_neutral", "norm", [n[2] for n in rs.neutralizers])]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b.replace(b'"words":[', b'"words":[1,', 1), id="not-strings"),
        pytest.param(lambda b: b.replace(b'"key":"', b'"key":"0', 1), id="other-key"),
        pytest.param(lambda b: b.replace(b'"gates":', b'"gatez":', 1), id="other-fields"),
    ],
)
def test_a_damaged_file_is_computed_again_and_replaced(
    damage, cache: Path, monkeypatch: pytest.MonkeyPatch
):
    want = RuleSet().scans
    (path,) = cache.glob("scans-*.json")
    path.write_bytes(damage(path.read_bytes()))
    computed = _computed(monkeypatch)
    assert RuleSet().scans == want
    assert len(computed) == len(want)
    computed.clear()
    assert RuleSet().scans == want and computed == []  # rewritten whole


def test_a_folder_that_cannot_be_written_only_costs_the_computation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(scancache.ENV, str(blocker / "tocsin"))
    computed = _computed(monkeypatch)
    assert RuleSet().scans and len(computed) > 40


def test_the_default_folder_follows_xdg_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.delenv(scancache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "tocsin"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/not/allowed")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "tocsin"


def test_another_process_reads_what_this_one_wrote(cache: Path):
    want = RuleSet().scans
    code = (
        "from tasks.scoring.ruleset import RuleSet, Scan\n"
        "def refuse(*a):\n    raise SystemExit('computed')\n"
        "Scan.of = staticmethod(refuse)\n"
        "print(len(RuleSet().scans))\n"
    )
    env = os.environ | {"PYTHONPATH": str(REPO), scancache.ENV: str(cache)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert (out.returncode, out.stdout.strip()) == (0, str(len(want))), out.stderr[-2000:]


def _compiled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts each RuleSet ``__init__`` compiles from here on."""
    calls: list[int] = []
    real = RuleSet.__init__

    def counting(self, *args, **kwargs) -> None:
        calls.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(RuleSet, "__init__", counting)
    return calls


def test_the_shipped_ruleset_read_back_is_the_one_compiled(
    cache: Path, monkeypatch: pytest.MonkeyPatch
):
    compiled = _compiled(monkeypatch)
    first = RuleSet.default()
    assert compiled == [1] and len(list(cache.glob("ruleset-*.json"))) == 1
    second = RuleSet.default()
    assert compiled == [1]  # read, not compiled
    assert second._doc() == first._doc()
    assert (second.digest, second.chunks, second.scans) == (first.digest, first.chunks, first.scans)
    assert [type(r.weight) for r in second.rules] == [type(r.weight) for r in first.rules]
    assert_frame_equal(RulesScorer(second).score(TEXTS), RulesScorer(first).score(TEXTS))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d["rules"][0].__setitem__(3, "1.0"), id="weight-as-text"),
        pytest.param(lambda d: d["rules"][5].pop(), id="rule-short"),
        pytest.param(lambda d: d["neutral_gates"].pop(), id="gates-short"),
        pytest.param(lambda d: d.pop("respell"), id="field-missing"),
        pytest.param(lambda d: d.__setitem__("extra", []), id="field-added"),
        pytest.param(lambda d: d["respell"].__setitem__("x", 1), id="respell-not-text"),
        pytest.param(lambda d: d["shielded"].append(10**6), id="shielded-past-the-rules"),
        pytest.param(lambda d: d["shielded"].append("0"), id="shielded-not-a-position"),
    ],
)
def test_a_damaged_ruleset_is_compiled_again(damage, cache: Path, monkeypatch: pytest.MonkeyPatch):
    import orjson

    want = RuleSet.default()._doc()
    (path,) = cache.glob("ruleset-*.json")
    doc = orjson.loads(path.read_bytes())
    damage(doc["value"])
    path.write_bytes(orjson.dumps(doc))
    compiled = _compiled(monkeypatch)
    assert RuleSet.default()._doc() == want
    assert compiled == [1]
    assert RuleSet.default()._doc() == want and compiled == [1]  # rewritten whole
