"""The crash matrix: `tocsin backfill` killed with SIGKILL at each stage boundary, then the same
command again, ends where a clean run ends, table by table.

The real command runs in a subprocess, on twelve days of
the synthetic seed-wave baseline and its onset (~3,500 posts: enough history for detection to
find the wave's first episode). ``TOCSIN_TEST_KILL_AFTER`` (tasks/crashpoint.py) makes it kill
itself right after a stage: store (mentions and quarantine written, nothing derived), score,
aggregate (the daily file written, the derivation not recorded), seal (evidence sealed, the run
summary not written). Each process group is killed afterwards, whatever it started with it.

The commands report to the session's running Prefect server (``prefect_harness``), as a
deployment's runs do, rather than each starting a temporary one: that start cost ~15 s of every
one of the dozen commands here, and the server is not what is under test. A killed command leaves
its flow run "running" there, as it would on a real server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tasks.alerts.table import ALERTS
from tasks.crashpoint import KILL_ENV, STAGES
from tasks.derive import ledger_path
from tasks.detect.table import EPISODES
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.scoring import SCORES
from tasks.store import scan

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[1]
COMMAND = ["backfill", "--target", "demo", "--from", "2020-01-20", "--to", "2020-01-31"]
# Columns that say when or by which run a row was written, not what it holds.
RUN_COLUMNS = {
    MENTIONS.name: ["run_id"],
    QUARANTINE.name: ["run_id"],
    SCORES.name: ["scored_at"],
    DAILY.name: [],
    EPISODES.name: ["computed_at"],
}


@pytest.fixture(scope="module")
def prefect_env(tmp_path_factory: pytest.TempPathFactory, prefect_harness) -> dict[str, str]:
    """A Prefect home of the module's own and the session's server, for the commands run here."""
    from prefect.settings import PREFECT_API_URL

    return {
        "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
    }


def tocsin(
    root: Path,
    prefect_env: dict[str, str],
    kill_after: str | None = None,
    args: list[str] | None = None,
) -> int:
    """Run the command (``args`` to python; default: the backfill) on ``root``; its exit code
    (negative: killed by that signal)."""
    args = args or ["-m", "flows.cli", *COMMAND, "--data-dir", str(root)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOCSIN_", "PREFECT_"))}
    env |= prefect_env | {
        "PYTHONPATH": str(REPO),
        "TOCSIN_CACHE_DIR": os.environ["TOCSIN_CACHE_DIR"],  # the session's (conftest)
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    if kill_after is not None:
        env[KILL_ENV] = kill_after
    root.parent.mkdir(parents=True, exist_ok=True)
    log = root.parent / f"tocsin-{kill_after or 'run'}-{len(list(root.parent.glob('*.log')))}.log"
    # Output to a file, not a pipe: anything the command starts inherits it and may outlive a
    # SIGKILLed command, so a pipe might never close.
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *args],
            cwd=root.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            proc.wait(timeout=400)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the group it leads: all it started
            except ProcessLookupError:
                pass
    if proc.returncode not in (0, -signal.SIGKILL):
        tail = log.read_text(errors="replace")[-3000:]
        pytest.fail(f"tocsin exited {proc.returncode}: {tail}")
    return proc.returncode


def episodes(root: Path) -> pl.DataFrame:
    """The episodes `tocsin detect` finds in what is stored, over the wave's onset."""
    from config.settings import SHIPPED_TARGETS
    from config.targets import load_targets
    from tasks.detect import run
    from tasks.detect.config import DetectConfig

    run._MEMO.clear()  # posts scored in memory for another root must not fill this one's gaps
    found = run.detect_range(
        root,
        load_targets(SHIPPED_TARGETS)["demo"],
        start=datetime(2020, 1, 28, tzinfo=UTC),
        end=datetime(2020, 2, 1, tzinfo=UTC),
        cfg=DetectConfig(),
        scorer=run.make_scorer("rules"),
    )
    return EPISODES.conform(found)


def tables(root: Path) -> dict[str, pl.DataFrame]:
    out = {t.name: scan(root, t).collect() for t in (MENTIONS, QUARANTINE, SCORES, DAILY)}
    out[EPISODES.name] = episodes(root)
    for name, df in out.items():
        df = df.drop(RUN_COLUMNS[name])
        out[name] = df.sort([c for c, t in df.schema.items() if not t.is_nested()])
    return out


def unsealed(root: Path) -> list[str]:
    from tasks.evidence.manifest import list_manifests, sealed_segments
    from tasks.evidence.rawstore import list_segments, relative

    done = sealed_segments(list_manifests(root))
    return [relative(root, p) for p in list_segments(root, "demo") if relative(root, p) not in done]


@pytest.fixture(scope="module")
def clean(
    tmp_path_factory: pytest.TempPathFactory, prefect_env: dict[str, str]
) -> dict[str, pl.DataFrame]:
    root = tmp_path_factory.mktemp("clean") / "data"
    assert tocsin(root, prefect_env) == 0
    out = tables(root)
    # What the comparison is worth: every table holds rows, detection found the wave's onset.
    assert {name: df.height > 0 for name, df in out.items()} == dict.fromkeys(out, True)
    assert out[SCORES.name].height == out[MENTIONS.name].height
    return out


def _killed_state(root: Path, stage: str) -> None:
    """The process died where it was told to, not before or after."""
    has = {
        "scores": scan(root, SCORES).collect().height > 0,
        "daily": (root / DAILY.path).exists(),
        "derived": ledger_path(root, "demo").exists(),
        "sealed": (root / "evidence" / "manifests").exists(),
        "summary": scan(root, RUNS).collect().height > 0,
    }
    want = {
        "store": dict(scores=False, daily=False, derived=False, sealed=False, summary=False),
        "score": dict(scores=True, daily=False, derived=False, sealed=False, summary=False),
        "aggregate": dict(scores=True, daily=True, derived=False, sealed=False, summary=False),
        "seal": dict(scores=True, daily=True, derived=True, sealed=True, summary=False),
    }[stage]
    assert scan(root, MENTIONS).collect().height > 2000
    assert has == want


@pytest.mark.parametrize("stage", STAGES)
def test_killed_after_a_stage_then_run_again_ends_like_a_clean_run(
    stage, clean, tmp_path, prefect_env
):
    root = tmp_path / "data"
    assert tocsin(root, prefect_env, kill_after=stage) == -signal.SIGKILL
    _killed_state(root, stage)

    assert tocsin(root, prefect_env) == 0

    again = tables(root)
    assert again.keys() == clean.keys()
    for name in clean:
        try:
            assert_frame_equal(again[name], clean[name], check_row_order=True)
        except AssertionError as exc:
            raise AssertionError(f"table {name} differs from a clean run's: {exc}") from None
    assert unsealed(root) == []
    # The re-run says what it did: nothing new stored, what the crash left underived derived.
    (summary,) = scan(root, RUNS).collect().to_dicts()
    assert (summary["flow"], summary["status"], summary["written"]) == ("backfill", "ok", 0)
    expected_scored = clean[MENTIONS.name].height if stage == "store" else 0
    assert summary["scored"] == expected_scored


# The watch at the onset's evening, its first run pulling the twelve days before: the CLI runs
# the watch at the wall clock, so this calls the flow with a stream time, as a replay does.
WATCH = """
import sys
from datetime import UTC, datetime
from flows.watch import watch
watch(targets=["demo"], now=datetime(2020, 1, 31, 21, tzinfo=UTC), first_pull_days=12,
      data_dir=sys.argv[1], outbox=sys.argv[2])
"""


def watch_tables(root: Path) -> dict[str, pl.DataFrame]:
    out = {t.name: scan(root, t).collect() for t in (MENTIONS, QUARANTINE, SCORES, DAILY, EPISODES)}
    out[ALERTS.name] = scan(root, ALERTS).collect()
    drop = RUN_COLUMNS | {ALERTS.name: ["sent_at", "message_id"]}
    for name, df in out.items():
        df = df.drop(drop[name])
        out[name] = df.sort([c for c, t in df.schema.items() if not t.is_nested()])
    return out


def test_a_watch_killed_after_storing_then_run_again_stores_what_a_clean_watch_does(
    tmp_path, prefect_env
):
    clean, crashed = tmp_path / "clean" / "data", tmp_path / "crashed" / "data"
    args = [["-c", WATCH, str(r), str(r.parent / "outbox")] for r in (clean, crashed)]
    assert tocsin(clean, prefect_env, args=args[0]) == 0
    want = watch_tables(clean)
    assert want[EPISODES.name].height > 0 and want[ALERTS.name].height > 0
    assert tocsin(crashed, prefect_env, kill_after="store", args=args[1]) == -signal.SIGKILL
    _killed_state(crashed, "store")
    assert not (crashed / EPISODES.path).exists()
    assert tocsin(crashed, prefect_env, args=args[1]) == 0
    got = watch_tables(crashed)
    for name in want:
        try:
            assert_frame_equal(got[name], want[name], check_row_order=True)
        except AssertionError as exc:
            raise AssertionError(f"table {name} differs from a clean watch's: {exc}") from None
    assert unsealed(crashed) == []
    # Every alert sent once: the killed run had sent none.
    sent = [len(list((r.parent / "outbox").glob("*.eml"))) for r in (clean, crashed)]
    assert sent[0] > 0 and sent[1] == sent[0]
