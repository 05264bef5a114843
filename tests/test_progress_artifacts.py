"""The run artifacts of watch, recheck and the weekly digest (tasks/artifacts.py): what each run
did, in Prefect's UI, with counts, names and paths only; and the daily counts table beside it."""

from __future__ import annotations

import json
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

from config.settings import load_settings
from flows.digest import weekly_digest
from flows.evidence import recheck
from flows.pipeline import import_files
from flows.watch import watch
from tasks.artifacts import digest_markdown, recheck_markdown, watch_markdown
from tests.support.wire import page, tweet

ATTACK = 'evil | </td><img src=x onerror="alert(1)">'


def test_a_watch_summary_lists_what_was_pulled_then_the_episodes_and_alerts():
    rows = [dict(target="alice", source="x", status="ok", pages=2, records_in=5, written=4)]
    summaries = [
        dict(
            target="alice",
            written=4,
            episodes=[
                dict(episode_id="alice:harassment:2020-02-01T09", kind="harassment", status="open"),
                dict(episode_id="alice:support:2020-01-20T10", kind="support", status="closed"),
            ],
            alerts=[dict(channel="email"), dict(channel="log")],
            failures=[f"alice/x: HTTP 400 {ATTACK}"],
        )
    ]
    text = watch_markdown("run-9", rows, summaries, {"Mentions (Parquet)": Path("/d/mentions")})
    lines = text.splitlines()
    assert lines[0] == "# watch run `run-9`"
    assert "| alice | x | ok | — | 2 | 5 |  |  |  | 4 |  |  |" in lines
    assert (
        "| alice | 4 | alice:harassment:2020-02-01T09 (harassment, open), "
        "alice:support:2020-01-20T10 (support, closed) | 1 | 2 | 1 |"
    ) in lines
    assert "- Mentions (Parquet): `/d/mentions`" in lines
    assert "evil" not in text and "HTTP 400" not in text  # failures counted, never quoted


def test_a_digest_summary_counts_messages_per_digest_and_names_no_recipient():
    results = [
        dict(target="alice", week="2020-W05", html="/d/a.html", recipient="a@x.org", status="sent"),
        dict(
            target="alice",
            week="2020-W05",
            html="/d/a.html",
            recipient="b@x.org",
            status="failed",
            error=f"550 {ATTACK}",
        ),
        dict(target="bob", week="2020-W05", html="/d/b.html", recipient=None, status="written"),
        dict(target="carol", week="2020-02-01", status="no episode open"),
    ]
    text = digest_markdown(results)
    lines = text.splitlines()
    assert "| alice | 2020-W05 | 1 | 1 | 0 | — | /d/a.html |" in lines
    assert "| bob | 2020-W05 | 0 | 0 | 1 | — | /d/b.html |" in lines
    assert "| carol | 2020-02-01 | 0 | 0 | 0 | no episode open | — |" in lines
    assert "3 digest(s), 1 message(s) not delivered." in lines
    assert "@x.org" not in text and "evil" not in text
    assert "No digest made" in digest_markdown([])


def test_a_recheck_summary_says_what_was_looked_up_skipped_and_changed(tmp_path):
    summaries = [
        dict(
            target="alice",
            looked_up=40,
            skipped=3,
            skipped_why="no Bluesky credentials (TOCSIN_BLUESKY_HANDLE, TOCSIN_BLUESKY_APP_PASSWORD)",
            changes={"deleted": 2, "edited": 1},
            manifest="00000003--recheck--alice",
        ),
        dict(target="bob", looked_up=0, skipped=0, skipped_why="", changes={}, manifest=None),
    ]
    lines = recheck_markdown("run-7", summaries, tmp_path).splitlines()
    assert lines[0] == "# recheck run `run-7`"
    assert (
        "| alice | 40 | 3 | no Bluesky credentials (TOCSIN_BLUESKY_HANDLE, "
        "TOCSIN_BLUESKY_APP_PASSWORD) | deleted 2, edited 1 | 00000003--recheck--alice |"
    ) in lines
    assert "| bob | 0 | 0 | — | no change | — |" in lines
    assert f"- Status changes: `{tmp_path / 'status_changes'}`" in lines


def _artifacts(run_id) -> dict:
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
        )
    return {a.key: a.data for a in found}


def test_watch_recheck_and_digest_runs_leave_their_summaries_as_artifacts(
    prefect_harness, write_jsonl, tmp_path
):
    targets = tmp_path / "x-only.toml"
    targets.write_text(
        '[[target]]\nname = "alice"\ntimezone = "Europe/Paris"\nsources = ["x"]\n'
        'handles = { x = "alice_reporter", x_user_id = "42" }\n'
    )
    settings = load_settings(data_dir=tmp_path / "data", targets_file=targets)
    common = dict(data_dir=str(settings.data_dir), targets_file=str(targets))
    path = write_jsonl("pages.jsonl", [page([tweet("1"), tweet("2", text=ATTACK)])])
    import_files(paths=[str(path)], target="alice", **common)

    # alice's X source has no token here: skipped with a warning; detection runs on what is stored
    state = watch(targets=["alice"], outbox=str(tmp_path / "outbox"), return_state=True, **common)
    assert state.is_completed()
    found = _artifacts(state.state_details.flow_run_id)
    assert set(found) == {"watch-run", "daily-counts"}
    assert "| alice | 0 | — | 0 | 0 | 0 |" in found["watch-run"].splitlines()
    assert f"`{settings.data_dir / 'site' / 'index.html'}`" in found["watch-run"]
    table = found["daily-counts"]
    table = json.loads(table) if isinstance(table, str) else table
    assert [(r["target"], r["day"], r["posts"]) for r in table] == [("alice", "2020-02-01", 2)]

    # alice's posts are X posts and no X token is configured: skipped, and the artifact says why
    state = recheck(targets=["alice"], return_state=True, **common)
    assert state.is_completed()
    found = _artifacts(state.state_details.flow_run_id)
    assert set(found) == {"recheck-run"}
    assert "| alice | 0 | 2 | no X bearer token (TOCSIN_X_BEARER_TOKEN) | no change | — |" in (
        found["recheck-run"].splitlines()
    )
    assert all("evil" not in text and "onerror" not in text for text in found.values())

    state = weekly_digest(
        targets=["alice"], week="2020-W05", send_email=False, return_state=True, **common
    )
    assert state.is_completed()
    found = _artifacts(state.state_details.flow_run_id)
    assert set(found) == {"weekly-digest-run", "daily-counts"}
    html = state.result()[0]["html"]
    assert (
        f"| alice | 2020-W05 | 0 | 0 | 1 | — | {html} |" in found["weekly-digest-run"].splitlines()
    )
    assert all("evil" not in text and "onerror" not in text for text in found.values())
