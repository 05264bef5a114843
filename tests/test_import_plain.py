"""`tocsin import` without a Prefect API: the plain steps, no temporary API server (issue 17).

The command runs the import flow when a Prefect API is configured and the same steps as plain
functions otherwise (flows/cli/ingest.py); both store the same rows and record the run.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from prefect.settings import PREFECT_API_URL, temporary_settings

from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.store import scan
from tests.conftest import page, tweet


def _pages(write_jsonl) -> Path:
    return write_jsonl(
        "pages.jsonl",
        [page([tweet("1"), tweet("2", text=""), tweet("3")]), b'{"data": [', page([tweet("1")])],
    )


def _tables(root: Path) -> dict[str, pl.DataFrame]:
    """What the import stored, without what says when or by which run (``retrieved_at``: each
    run stamps its own pages)."""
    out = {}
    for table in (MENTIONS, QUARANTINE, DAILY):
        df = scan(root, table).collect().drop("run_id", "retrieved_at", strict=False)
        out[table.name] = df.sort([c for c, t in df.schema.items() if not t.is_nested()])
    return out


def test_tocsin_import_without_a_prefect_api_runs_the_plain_steps(
    settings, write_jsonl, monkeypatch
):
    from typer.testing import CliRunner

    import flows.pipeline
    from flows.cli import app

    def no_flow(**_):
        raise AssertionError("the import flow ran: a temporary API server would have started")

    monkeypatch.setattr(flows.pipeline, "import_files", no_flow)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(settings.targets_file))
    path = _pages(write_jsonl)
    args = ["import", str(path), "--target", "alice", "--data-dir", str(settings.data_dir)]
    # The session's Prefect test harness, if another test started it, sets an API: not here.
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    root = settings.data_dir
    assert sorted(scan(root, MENTIONS).collect()["post_id"]) == ["1", "3"]
    (run,) = scan(root, RUNS).collect().to_dicts()
    assert (run["flow"], run["target"], run["source"], run["status"]) == (
        "import",
        "alice",
        "file",
        "ok",
    )
    assert (run["written"], run["quarantined"], run["duplicates"]) == (2, 2, 1)
    assert (root / "validation" / run["run_id"] / "alice").is_dir()
    assert "sealed" in run["evidence"]


@pytest.mark.usefixtures("prefect_harness")
def test_the_plain_import_stores_what_the_flow_stores(settings, write_jsonl, tmp_path):
    from flows.pipeline import import_files
    from tasks.lifecycle import import_plain

    path = _pages(write_jsonl)
    roots = {"flow": tmp_path / "flow", "plain": tmp_path / "plain"}
    rows = {}
    for how, run in (("flow", import_files), ("plain", import_plain)):
        rows[how] = run(
            paths=[str(path)],
            target="alice",
            data_dir=str(roots[how]),
            targets_file=str(settings.targets_file),
        )
    counts = ("records_in", "valid", "quarantined", "duplicates", "written", "scored", "status")
    assert [rows["plain"][k] for k in counts] == [rows["flow"][k] for k in counts]
    assert rows["plain"]["status"] == "ok" and rows["plain"]["written"] == 2
    flow, plain = _tables(roots["flow"]), _tables(roots["plain"])
    for name in flow:
        assert_frame_equal(plain[name], flow[name])


@pytest.mark.parametrize(
    ("env", "files", "expected"),
    [
        pytest.param({}, {}, False, id="nothing-names-one"),
        pytest.param({"PREFECT_API_URL": "http://127.0.0.1:4200/api"}, {}, True, id="env"),
        pytest.param({"PREFECT_PROFILE": "local"}, {}, True, id="profile-chosen"),
        pytest.param({}, {"home/profiles.toml": 'active = "local"\n'}, True, id="profiles-file"),
        pytest.param({}, {"cwd/prefect.toml": "[api]\nurl = 'x'\n"}, True, id="prefect-toml"),
        pytest.param({}, {"cwd/.env": "PREFECT_API_URL=x\n"}, True, id="dotenv"),
        pytest.param(
            {}, {"cwd/pyproject.toml": "[tool.prefect.api]\nurl = 'x'\n"}, True, id="pyproject"
        ),
        pytest.param({}, {"cwd/pyproject.toml": "[tool.ruff]\n"}, False, id="other-pyproject"),
        pytest.param({"PREFECT_HOME": "elsewhere"}, {"home/profiles.toml": ""}, False, id="home"),
    ],
)
def test_prefect_is_asked_only_when_something_could_name_an_api(tmp_path, env, files, expected):
    from flows.cli.ingest import may_name_an_api

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "cwd").mkdir(exist_ok=True)
    env = {"PREFECT_HOME": str(tmp_path / "home")} | {
        k: str(tmp_path / v) if k == "PREFECT_HOME" else v for k, v in env.items()
    }
    assert may_name_an_api(env, tmp_path / "cwd") is expected
