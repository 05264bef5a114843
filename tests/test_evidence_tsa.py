"""Timestamps against a real RFC 3161 TSA started by the tests (openssl ts on 127.0.0.1)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tasks.evidence import retry_timestamps, seal_report, verify_evidence
from tasks.evidence.manifest import MANIFEST, TOKEN
from tasks.evidence.tsa import TimestampFailed, check_token, load_ca, redact_url, request_token
from tests.support.evidence import NOW, kept, pages_of_run

# The local TSA, the signing key and the vault builders every evidence test shares.


def test_a_token_from_the_local_tsa_verifies_with_openssl_and_in_python(tsa, tmp_path):
    data = b'{"a manifest": true}\n'
    token = request_token(data, tsa.url, timeout=5, roots=load_ca(tsa.ca))
    info = check_token(data, token, load_ca(tsa.ca))
    assert (
        info.chain_checked
        and abs((info.gen_time - info.gen_time.now(info.gen_time.tzinfo)).total_seconds()) < 60
    )
    (tmp_path / "m.json").write_bytes(data)
    (tmp_path / "m.tsr").write_bytes(token)
    ok = subprocess.run(
        ["openssl", "ts", "-verify", "-data", "m.json", "-in", "m.tsr", "-CAfile", str(tsa.ca)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    with pytest.raises(TimestampFailed, match="for other data"):
        check_token(data + b" ", token, load_ca(tsa.ca))


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        pytest.param("garbage", "not a well-formed RFC 3161 timestamp reply", id="garbage"),
        pytest.param("slow", "did not answer within 0.5 s", id="timeout"),
        pytest.param("http500", "answered HTTP 500", id="http-500"),
    ],
)
def test_a_failing_tsa_leaves_the_manifest_untimestamped_then_retry_completes_it(
    tsa, signing_key, tmp_path, mode, message
):
    root = tmp_path / "data"
    kept(pages_of_run(2), root, "run-1")
    tsa.mode = mode
    result = seal_report(
        root,
        "run-1",
        "alice",
        signing_key=signing_key,
        tsa_url=tsa.url,
        tsa_ca_file=tsa.ca,
        tsa_timeout=0.5,
        now=tsa.now(),
    )
    assert result.manifest is not None and result.signed and not result.timestamped
    assert message in (result.timestamp_error or "")
    assert "UNTIMESTAMPED" in result.describe()
    assert not (result.manifest / TOKEN).exists()
    report = verify_evidence(root)
    assert report.ok and report.facts.pending == 1
    assert any("timestamp pending" in w.message for w in report.warnings)

    tsa.mode = "ok"
    assert retry_timestamps(root, tsa.url, tsa_ca_file=tsa.ca) == [(result.manifest.name, None)]
    assert retry_timestamps(root, tsa.url, tsa_ca_file=tsa.ca) == []  # nothing left to do
    report = verify_evidence(root)
    assert report.ok and report.facts.timestamped == 1 and report.facts.pending == 0


def test_without_a_tsa_the_manifest_says_it_is_untimestamped(tmp_path):
    root = tmp_path / "data"
    kept(pages_of_run(1), root, "run-1")
    result = seal_report(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    text = (result.manifest / MANIFEST).read_text()
    assert '"note": "untimestamped: no timestamp authority configured"' in text
    report = verify_evidence(root)
    assert report.ok and report.facts.untimestamped == 1


def test_a_token_recorded_by_a_later_manifest_cannot_be_removed(tsa, tmp_path):
    root = tmp_path / "data"
    kept(pages_of_run(1), root, "run-1")
    first = seal_report(
        root, "run-1", "alice", signing_key=None, tsa_url=tsa.url, tsa_ca_file=tsa.ca, now=tsa.now()
    )
    kept(pages_of_run(1, first_id=5000), root, "run-2")
    seal_report(
        root, "run-2", "alice", signing_key=None, tsa_url=tsa.url, tsa_ca_file=tsa.ca, now=tsa.now()
    )
    token = first.manifest / TOKEN
    token.chmod(0o644)
    token.unlink()
    report = verify_evidence(root)
    assert not report.ok
    assert [
        f.message for f in report.errors if f.path.endswith(f"{first.manifest.name}/{TOKEN}")
    ] == ["missing: a later manifest recorded this token"]


def test_credentials_never_reach_the_manifest():
    assert (
        redact_url("https://user:s3cret@tsa.example.org:8443/tsr?x=1")
        == "https://tsa.example.org:8443/tsr?x=1"
    )


def test_a_tsa_ca_that_is_not_a_certificate_is_one_clear_error(tmp_path: Path):
    bad = tmp_path / "ca.pem"
    bad.write_text("nope")
    with pytest.raises(Exception, match="holds no PEM certificate"):
        load_ca(bad)
