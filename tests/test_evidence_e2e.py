"""End to end without the lead's wiring: synthetic pages → keep_pages → parse → validate → store →
seal_run → verify → export, then the commands on top (verify, seal, keygen, export, recheck)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from config.targets import Target
from flows.cli.evidence import register
from tasks.evidence import verify_evidence
from tasks.evidence.manifest import RECORDS, list_manifests
from tasks.evidence.rawstore import list_segments
from tasks.schema import MENTIONS, QUARANTINE
from tasks.sources.registry import SyntheticSource
from tasks.store import scan
from tests.support.evidence import copy_vault, ingest_and_seal

DEMO = Target(
    name="demo",
    timezone="Europe/Paris",
    handles={"x": "demo_journalist", "x_user_id": "1000000000000000001"},
)
# The first hours of the raid: a few thousand records, defects included.
START = datetime(2020, 1, 31, 18, tzinfo=UTC)
END = datetime(2020, 2, 1, 0, tzinfo=UTC)

# The local TSA, the signing key and the vault builders every evidence test shares.


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory, signing_key, tsa_server) -> Path:
    root = tmp_path_factory.mktemp("e2e") / "data"
    tsa_server.mode = "ok"
    pages = list(SyntheticSource("seed-wave", 0).pages(DEMO, START, END))
    ingest_and_seal(root, pages, DEMO, "run-1", signing_key, tsa_server)
    return root


@pytest.fixture
def cli(tmp_path) -> tuple[CliRunner, typer.Typer, dict[str, str]]:
    app = typer.Typer()
    register(app)
    targets = tmp_path / "targets.toml"
    targets.write_text(
        '[[target]]\nname = "demo"\ntimezone = "Europe/Paris"\n'
        'handles = { x = "demo_journalist", x_user_id = "1000000000000000001" }\n'
        'synthetic = { scenario = "seed-wave", seed = 0 }\n'
    )
    return CliRunner(), app, {"TOCSIN_TARGETS_FILE": str(targets)}


def test_every_stored_record_is_sealed_and_verifies(demo_root):
    report = verify_evidence(demo_root)
    assert report.ok, report.errors
    assert report.facts.signed == 1 and report.facts.timestamped == 1
    sealed = set((list_manifests(demo_root)[0].path / RECORDS).read_text().split())
    stored = set(scan(demo_root, MENTIONS).collect()["raw_sha256"]) | set(
        scan(demo_root, QUARANTINE).collect()["raw_sha256"]
    )
    assert stored and stored <= sealed
    assert report.records > 1000


def test_the_commands(demo_root, cli, tsa, signing_key, tmp_path):
    runner, app, env = cli
    root = copy_vault(demo_root, tmp_path / "data")
    ok = runner.invoke(
        app,
        [
            "verify",
            "--data-dir",
            str(root),
            "--public-key",
            str(signing_key.with_name("signing.pub.pem")),
            "--tsa-ca",
            str(tsa.ca),
        ],
        env=env,
    )
    assert ok.exit_code == 0, ok.output
    assert "OK: nothing altered, missing or added" in ok.output

    out = tmp_path / "bundle.zip"
    made = runner.invoke(
        app,
        [
            "export",
            "--data-dir",
            str(root),
            "-t",
            "demo",
            "--from",
            "2020-01-31",
            "--to",
            "2020-01-31",
            "--out",
            str(out),
        ],
        env=env,
    )
    assert made.exit_code == 0, made.output
    with zipfile.ZipFile(out) as zf:
        zf.extractall(tmp_path / "bundle")
    (folder,) = (tmp_path / "bundle").iterdir()
    for command in re.findall(r"^    \$ (.+)$", (folder / "README.txt").read_text(), re.M)[:-1]:
        assert (
            subprocess.run(["sh", "-c", command], cwd=folder, capture_output=True).returncode == 0
        ), command
    assert len(pl.read_parquet(folder / "posts.parquet")) > 900

    seg = list_segments(root)[0]
    data = bytearray(seg.read_bytes())
    data[len(data) // 2] ^= 0x10
    seg.write_bytes(bytes(data))
    bad = runner.invoke(app, ["verify", "--data-dir", str(root)], env=env)
    assert bad.exit_code == 1
    assert f"ERROR: {seg.relative_to(root).as_posix()}: altered" in bad.output

    unknown = runner.invoke(
        app,
        [
            "export",
            "--data-dir",
            str(root),
            "-t",
            "nobody",
            "--from",
            "2020-01-31",
            "--to",
            "2020-01-31",
            "--out",
            str(tmp_path / "x.zip"),
        ],
        env=env,
    )
    assert unknown.exit_code == 2 and "unknown target 'nobody'" in unknown.output

    inside = runner.invoke(
        app, ["keygen", "--data-dir", str(root), "--out", str(root / "k.pem")], env=env
    )
    assert inside.exit_code == 2 and "inside the data root" in inside.output
    made_key = runner.invoke(
        app, ["keygen", "--data-dir", str(root), "--out", str(tmp_path / "k" / "new.pem")], env=env
    )
    assert made_key.exit_code == 0 and (tmp_path / "k" / "new.pub.pem").exists()


def test_seal_retry_timestamps_completes_what_a_failing_tsa_left(demo_root, cli, tsa, tmp_path):
    runner, app, env = cli
    root = tmp_path / "data"
    pages = list(SyntheticSource("seed-wave", 0).pages(DEMO, START, START.replace(hour=19)))
    tsa.mode = "garbage"
    ingest_and_seal(root, pages, DEMO, "run-1", None, tsa)
    assert verify_evidence(root).facts.pending == 1
    nothing = runner.invoke(app, ["seal", "--data-dir", str(root)], env=env)
    assert nothing.exit_code == 0 and "nothing left unsealed" in nothing.output
    tsa.mode = "ok"
    done = runner.invoke(
        app,
        [
            "seal",
            "--data-dir",
            str(root),
            "--retry-timestamps",
            "--tsa-url",
            tsa.url,
            "--tsa-ca",
            str(tsa.ca),
        ],
        env=env,
    )
    assert done.exit_code == 0, done.output
    assert "00000001--run-1--demo: timestamped" in done.output
    assert verify_evidence(root).facts.timestamped == 1


@pytest.mark.usefixtures("prefect_harness")
def test_the_recheck_flow_records_the_simulated_deletions(cli, tmp_path):
    """Under Prefect: the daily deployment's flow, through the command that runs it once."""
    runner, app, env = cli
    root = tmp_path / "data"
    ingest_and_seal(
        root,
        list(SyntheticSource("seed-wave", 0).pages(DEMO, START, END)),
        DEMO,
        "run-1",
        None,
        None,
    )
    result = runner.invoke(
        app, ["recheck", "--data-dir", str(root), "--as-of", "2020-02-17"], env=env
    )
    assert result.exit_code == 0, result.output
    assert re.search(
        r"demo: \d+ posts looked up: author_suspended \d+, deleted \d+", result.output
    ), result.output
    assert verify_evidence(root).ok


def _verify(runner, app, env, root: Path, *args: str):
    return runner.invoke(app, ["verify", "--data-dir", str(root), *args], env=env)


def test_verify_refuses_an_unknown_target_and_an_inverted_window(demo_root, cli):
    runner, app, env = cli
    nobody = _verify(runner, app, env, demo_root, "--target", "nobody")
    assert nobody.exit_code == 2
    assert nobody.output.startswith(
        "error: unknown target 'nobody': not in the targets file and nothing of it under "
    )
    assert nobody.output.rstrip().endswith("(known: demo)") and nobody.output.count("\n") == 1
    inverted = _verify(runner, app, env, demo_root, "--from", "2020-02-01", "--to", "2020-01-31")
    assert inverted.exit_code == 2
    assert inverted.output == (
        "error: --to 2020-01-31 is before --from 2020-02-01: the window is empty\n"
    )


def test_verify_says_what_it_covered_and_exits_1_when_nothing_was(demo_root, cli, tmp_path):
    runner, app, env = cli
    ok = _verify(runner, app, env, demo_root, "--target", "demo")
    assert ok.exit_code == 0, ok.output
    assert re.search(
        r"^covered: 1 of 1 manifest\(s\) \(targets demo; window all days\), \d+ segments, "
        r"[\d,]+ pages, [\d,]+ records \(hashes, Merkle roots\); signed 1 of 1, timestamped 1 of 1$",
        ok.output,
        re.M,
    ), ok.output
    assert re.search(r"^tables: [\d,]+ mentions and \d+ quarantine row\(s\); ", ok.output, re.M)
    later = _verify(runner, app, env, demo_root, "--target", "demo", "--from", "2030-01-01")
    assert later.exit_code == 1
    assert "NOTHING VERIFIED: no sealed manifest for target demo" in later.output
    assert "OK" not in later.output


def test_an_edited_text_cell_makes_verify_exit_1_naming_the_row(demo_root, cli, tmp_path):
    runner, app, env = cli
    root = copy_vault(demo_root, tmp_path / "data")
    part = next((root / "mentions" / "target=demo").glob("date=*/part-0.parquet"))
    rows = pl.read_parquet(part)
    victim = rows.row(0, named=True)
    rows.with_columns(
        text=pl.when(pl.col("raw_sha256") == victim["raw_sha256"])
        .then(pl.lit("nothing to see here"))
        .otherwise(pl.col("text"))
    ).write_parquet(part)
    bad = _verify(runner, app, env, root)
    assert bad.exit_code == 1
    assert (
        f"ERROR: mentions/target=demo/{part.parent.name}: row of post {victim['post_id']} "
        f"(record {victim['raw_sha256']}): text differs from its sealed record (sealed in "
        "00000001--run-1--demo): the row was edited"
    ) in bad.output
    assert bad.output.rstrip().splitlines()[-1].startswith("FAILED: 1 problem(s)")
    out = tmp_path / "bundle.zip"
    refused = runner.invoke(
        app,
        [
            "export",
            "--data-dir",
            str(root),
            "-t",
            "demo",
            "--from",
            "2020-01-31",
            "--to",
            "2020-02-01",
            "--out",
            str(out),
        ],
        env=env,
    )
    assert refused.exit_code == 2 and "nothing exported" in refused.output
    assert not out.exists()
