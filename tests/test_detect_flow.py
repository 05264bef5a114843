"""The watch flow end to end under Prefect, on the synthetic flash raid, in stream time; then
``tocsin detect`` over what it stored."""

from __future__ import annotations

import email
import json
from datetime import UTC, datetime, timedelta
from email import policy as email_policy
from typing import Any

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from tasks.alerts.table import ALERTS
from tasks.detect.replay import replay_targets_toml
from tasks.detect.table import EPISODES
from tasks.store import scan

ONSET = datetime(2021, 10, 25, 18, tzinfo=UTC)  # 20:00 in Paris: the raid's first hour


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> dict[str, Any]:
    from flows.watch import watch

    folder = tmp_path_factory.mktemp("watch")
    targets = folder / "targets.toml"
    targets.write_text(replay_targets_toml("flash", 0))
    common = dict(
        targets=["flash"],
        data_dir=str(folder / "data"),
        targets_file=str(targets),
        outbox=str(folder / "outbox"),
    )
    runs = {
        # The first run pulls the three baseline weeks in one go, up to the raid.
        "bootstrap": watch(now=ONSET, first_pull_days=22, **common),
        "onset+1h": watch(now=ONSET + timedelta(hours=1), **common),
        "again": watch(now=ONSET + timedelta(hours=1), **common),
        "onset+1h20": watch(now=ONSET + timedelta(hours=1, minutes=20), **common),
    }
    return {"folder": folder, "targets": targets, "runs": runs}


def test_the_raid_alerts_at_the_end_of_its_first_hour(watched: dict[str, Any]) -> None:
    runs = watched["runs"]
    (boot,) = runs["bootstrap"]
    assert boot["written"] > 4000 and boot["alerts"] == [] and boot["episodes"] == []
    (first,) = runs["onset+1h"]
    assert 500 < first["written"] < 900
    fired = {(a["channel"], a["recipient"]) for a in first["alerts"]}
    assert fired == {
        ("log", "-"),
        ("outbox", "camille@example.org"),
        ("outbox", "safety-desk@example.org"),
    }
    assert {a["episode_id"] for a in first["alerts"]} == {"flash:harassment:20211025T18Z"}


def test_repeated_runs_send_nothing_more(watched: dict[str, Any]) -> None:
    for name in ("again", "onset+1h20"):
        (summary,) = watched["runs"][name]
        assert (summary["written"], summary["alerts"]) == (0, [])
    folder = watched["folder"]
    assert len(list((folder / "outbox").glob("*.eml"))) == 2
    log = scan(folder / "data", ALERTS).collect()
    assert log.height == 3 and log["level"].to_list() == [0, 0, 0]


def test_the_episode_is_stored_with_its_signals(watched: dict[str, Any]) -> None:
    folder = watched["folder"]
    episodes = scan(folder / "data", EPISODES).collect()
    ep = episodes.filter(pl.col("kind") == "harassment").row(0, named=True)
    assert ep["status"] == "open" and ep["detected_at"] == ONSET + timedelta(hours=1)
    assert ep["hostile"] > 300 and ep["expected_hostile"] < 5
    assert {"copy_paste", "young_accounts", "new_authors"} <= set(ep["signals"])
    assert ep["scorer"].startswith("rules/") and ep["method"] == "cusum/1"
    msg = email.message_from_bytes(
        next((folder / "outbox").glob("*.eml")).read_bytes(), policy=email_policy.default
    )
    assert msg["X-Tocsin-Episode"] == "flash:harassment:20211025T18Z"


def test_detect_command_over_stored_data(
    watched: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.cli.watch import register

    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(watched["targets"]))
    app = typer.Typer()
    register(app)
    data = str(watched["folder"] / "data")
    args = ["detect", "--target", "flash", "--from", "2021-10-25", "--to", "2021-10-25"]
    result = CliRunner().invoke(app, [*args, "--json", "--data-dir", data])
    assert result.exit_code == 0, result.output
    (ep,) = json.loads(result.output)
    assert ep["episode_id"] == "flash:harassment:20211025T18Z" and ep["kind"] == "harassment"
    table = CliRunner().invoke(app, [*args, "--data-dir", data])
    assert table.exit_code == 0, table.output
    assert "flash:harassment:20211025T18Z" in table.output
    assert "10-25 20:00" in table.output  # the start, in Paris time
    bad = CliRunner().invoke(
        app,
        [
            "detect",
            "--target",
            "flash",
            "--from",
            "2021-10-26",
            "--to",
            "2021-10-25",
            "--data-dir",
            data,
        ],
    )
    assert bad.exit_code == 2 and "--to 2021-10-25 is before --from 2021-10-26" in bad.output
