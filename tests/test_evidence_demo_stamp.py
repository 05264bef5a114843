"""A vault timestamped by the demo's own authority: every output says so, none calls it evidence.

The demo starts a local RFC 3161 authority (tasks/evidence/demo_tsa.py); its tokens check against
its certificate, but prove nothing to anyone else. verify, the export's READMEs and its verify.sh
must count them apart and never print a plain OK over them."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from config.targets import Target
from tasks.evidence import verify_evidence
from tasks.evidence.demo_tsa import LocalTSA
from tasks.evidence.verify_report import report_lines
from tasks.pages import RawPage
from tests.conftest import page, tweet, user
from tests.support.evidence import NOW, export_extracted, ingest_and_seal


@pytest.fixture(scope="module")
def demo_stamped(tmp_path_factory, signing_key) -> Path:
    authority = LocalTSA(tmp_path_factory.mktemp("demo-tsa"))
    try:
        root = tmp_path_factory.mktemp("vault") / "data"
        target = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
        raw = [
            RawPage(page([tweet(str(100 + i))], [user()]), "file", f"in.jsonl:{i + 1}", NOW)
            for i in range(2)
        ]
        ingest_and_seal(root, raw, target, "run-1", signing_key, authority)
    finally:
        authority.close()
    return root


def test_verify_counts_demo_tokens_apart_and_never_says_plain_ok(demo_stamped):
    report = verify_evidence(demo_stamped)
    assert report.ok and report.timestamped == report.demo_timestamped == 1
    lines = report_lines(report)
    assert "timestamped 1 of 1 (1 by the DEMO authority: not evidence)" in lines[1]
    assert lines[-1].startswith("OK with warnings: 1 timestamped by the DEMO authority only")


def test_the_export_says_demo_and_its_verify_sh_warns(demo_stamped, tmp_path):
    folder = export_extracted(demo_stamped, tmp_path, date(2020, 2, 1), date(2020, 2, 1))
    readme = (folder / "README.txt").read_text()
    assert "carry only a token of the Tocsin DEMO" in readme
    assert "This is not evidence." in readme
    assert "Every manifest existed no later than its timestamp" not in readme
    assert "de DÉMONSTRATION de Tocsin" in (folder / "LISEZMOI.txt").read_text()
    run = subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "DEMO TIMESTAMP: " in run.stdout
    last = run.stdout.strip().splitlines()[-1]
    assert last.startswith("OK with warnings: ") and last.endswith(
        ", 1 timestamped by the DEMO authority only (not evidence)"
    )
