"""The custody log (issue 15, point 2): every export made is logged — who, when, what, the
output's SHA-256 — the target's next seal covers the log, and verify names it when altered."""

from __future__ import annotations

import getpass
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from config.targets import Target
from tasks.evidence import seal_report, verify_evidence
from tasks.evidence.custody import custody_file, log_output
from tasks.pages import RawPage
from tests.conftest import page, tweet, user
from tests.support.evidence import NOW, copy_vault, export_extracted, ingest_and_seal

TARGET = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """A vault, one export of it, then the seal that follows (no new page: the log alone)."""
    base = tmp_path_factory.mktemp("custody")
    root = base / "data"
    raw = [RawPage(page([tweet("100")], [user()]), "file", "in.jsonl:1", NOW, date(2020, 2, 1))]
    ingest_and_seal(root, raw, TARGET, "run-1", None, None)
    export_extracted(root, base / "out")
    return root


def test_an_export_is_logged_with_who_when_what_and_its_hash(exported):
    log = custody_file(exported, "alice")
    (entry,) = [json.loads(line) for line in log.read_text().splitlines()]
    zip_path = Path(entry["output"])
    assert entry["kind"] == "export" and entry["target"] == "alice"
    assert entry["user"] == getpass.getuser() and entry["at"] == "2026-11-24T12:00:00Z"
    assert entry["selection"] == {
        "from": "2020-02-01",
        "to": "2020-02-02",
        "ids": None,
        "timezone": "Europe/Paris",
    }
    assert entry["sha256"] == hashlib.sha256(zip_path.read_bytes()).hexdigest()
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_the_next_seal_covers_the_log_and_verify_names_it_when_altered(exported, tmp_path):
    root = copy_vault(exported, tmp_path / "data")
    before = verify_evidence(root)
    assert before.ok and any(
        w.path == "evidence/custody/alice.jsonl" and w.message.startswith("1 custody entry not")
        for w in before.warnings
    )
    sealed = seal_report(root, "seal-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    assert sealed.manifest is not None
    manifest = json.loads((sealed.manifest / "manifest.json").read_text())
    log = custody_file(root, "alice")
    assert manifest["custody"] == {
        "file": "evidence/custody/alice.jsonl",
        "bytes": log.stat().st_size,
        "entries": 1,
        "sha256": hashlib.sha256(log.read_bytes()).hexdigest(),
    }
    after = verify_evidence(root)
    assert after.ok and not [w for w in after.warnings if "custody" in w.path]
    # Nothing new: the next seal seals nothing; a dossier logged later waits for the next one.
    assert (
        seal_report(root, "seal-2", "alice", signing_key=None, tsa_url=None, now=NOW).manifest
        is None
    )
    log_output(root, "alice", "dossier", {"episode": "e1"}, tmp_path / "d.pdf", "0" * 64, NOW)
    assert verify_evidence(root).ok
    log.write_bytes(log.read_bytes().replace(b'"kind":"export"', b'"kind":"exqort"'))
    errors = [(f.path, f.message) for f in verify_evidence(root).errors]
    assert (
        "evidence/custody/alice.jsonl",
        f"altered: its first 1 entries differ from those sealed in {sealed.manifest.name}",
    ) in errors
    log.write_bytes(b"")
    errors = [(f.path, f.message) for f in verify_evidence(root).errors]
    assert any(
        m.startswith("truncated: ") for p, m in errors if p == "evidence/custody/alice.jsonl"
    )


def test_an_unknown_kind_is_refused(tmp_path):
    with pytest.raises(ValueError, match="custody kind 'print' is not one of export, dossier"):
        log_output(tmp_path, "alice", "print", {}, tmp_path / "x", "0" * 64, NOW)
