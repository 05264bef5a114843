"""`tocsin verify` on an evidence vault kept on object storage (issue 16, point 3): every check
reads the objects themselves, and the lock mode and retain-until date of every evidence object
checked is read with HeadObject and reported; what is short of COMPLIANCE, past its retention,
written over or hidden is named. The same content sealed locally and on S3 verifies alike.
The S3 server is moto[server] on 127.0.0.1 (tests/support/s3server.py)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tasks.evidence import verify_store
from tasks.evidence.archive_store import Archive
from tasks.evidence.errors import EvidenceError
from tasks.evidence.media_fetch import Fetcher
from tasks.evidence.vaultstore import vault_root
from tasks.evidence.verify import VerifyReport, report_lines, verify_evidence
from tasks.evidence.verify_store import ListedRoot
from tasks.storage import S3Root, root_of
from tests.support.s3server import s3_client
from tests.support.sources import settings_for
from tests.support.vaults import DAYS, PREFIX, fill_vault, new_bucket

boto3 = pytest.importorskip("boto3")
FIRST = "evidence/manifests/00000001--run-1--alice"
SEGMENT = "evidence/pages/alice/run-1/seg-000001.parquet"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


@pytest.fixture
def fetch(srv, tmp_path):
    """Keeps one image, served on 127.0.0.1, as a media file of alice."""
    image = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    srv.expect_request("/cdn/a.png").respond_with_data(image, content_type="image/png")
    http = settings_for(tmp_path, srv.url_for(""), http_max_retries=0).http

    def kept(root: Any) -> dict[str, Any]:
        fetcher = Fetcher(http, 1 << 20, private_hosts=True)
        try:
            return fetcher.fetch(root, "alice", srv.url_for("/cdn/a.png"))
        finally:
            fetcher.close()

    return kept


@pytest.fixture
def sealed(s3, signing_key, tsa, fetch):
    """A vault sealed on S3: (bucket name, its data root URL)."""
    name = new_bucket(s3)
    fill_vault(vault_root(f"s3://{name}/{PREFIX}", DAYS), signing_key, tsa, fetch)
    return name, f"s3://{name}/{PREFIX}"


def evidence_objects(s3, name: str) -> dict[str, dict]:
    """{key under the prefix: HeadObject} of every current evidence object of the bucket."""
    listed = s3.list_objects_v2(Bucket=name, Prefix=f"{PREFIX}/evidence/").get("Contents") or []
    return {
        o["Key"].removeprefix(f"{PREFIX}/"): s3.head_object(Bucket=name, Key=o["Key"])
        for o in listed
    }


def facts(report: VerifyReport) -> tuple:
    t = report.tables
    return (
        report.manifests_total,
        report.manifests_checked,
        report.segments,
        report.pages,
        report.records,
        report.media,
        report.signed,
        report.timestamped,
        (t.mentions, t.quarantine, t.compared) if t else None,
    )


def found(report: VerifyReport) -> list[tuple[str, str, str]]:
    return [(f.level, f.path, f.message) for f in report.findings]


def lines_but_times(report: VerifyReport) -> list[str]:
    """The report less what differs between two sealings of the same pages (the head's hash
    and the TSA's times) and the lock line; the verdict without its duration."""
    lines = report_lines(report)
    kept = [ln for ln in lines[:-1] if not ln.startswith(("manifests:", "timestamps:", "object"))]
    return [*kept, re.sub(r" \(\d+\.\d s\)$", "", lines[-1])]


def test_a_vault_sealed_on_s3_verifies_alike_and_every_object_checked_is_compliance_locked(
    s3, signing_key, tsa, fetch, tmp_path
):
    local = tmp_path / "data"
    fill_vault(local, signing_key, tsa, fetch)
    name = new_bucket(s3)
    fill_vault(vault_root(f"s3://{name}/{PREFIX}", DAYS), signing_key, tsa, fetch)
    here = verify_evidence(local)
    there = verify_evidence(f"s3://{name}/{PREFIX}")  # a URL, as root_of gives the CLI's
    assert here.verified and there.verified and found(here) == found(there) == []
    assert facts(here) == facts(there) == (2, 2, 2, 9, 20, 1, 2, 2, (18, 2, 20))
    assert found(verify_evidence(root_of(local))) == [] and here.locks is None
    # Every evidence object in the bucket was read and its lock read: all COMPLIANCE.
    objects = evidence_objects(s3, name)
    assert there.locks is not None and there.locks.checked == len(objects) == 23
    assert {h["ObjectLockMode"] for h in objects.values()} == {"COMPLIANCE"}
    earliest = min(h["ObjectLockRetainUntilDate"] for h in objects.values())
    day = f"{earliest:%Y-%m-%d}"
    assert there.locks.earliest_until == earliest
    lines = report_lines(there)
    assert f"object lock: 23 object(s) checked (HeadObject), all COMPLIANCE until ≥ {day}" in lines
    assert lines[-1].startswith(
        "OK: nothing altered, missing or added; 2 manifest(s) signed and timestamped, 20 table "
        "rows match their sealed records, every one of the 23 evidence object(s) checked "
        f"COMPLIANCE-locked until {day} at least ("
    )
    # Locally nothing is said of locks; the rest of the report is the same.
    assert not [ln for ln in report_lines(here) if "lock" in ln]
    assert lines_but_times(here)[:-1] == lines_but_times(there)[:-1]


def test_each_object_is_fetched_once_and_its_lock_read_once(sealed):
    name, url = sealed
    vault = ListedRoot(S3Root(url))
    calls: Counter[tuple[str, str]] = Counter()

    def count(model: Any, params: dict[str, Any], **_: Any) -> None:
        calls[(model.name, params.get("Key", ""))] += 1

    vault.client.meta.events.register("before-parameter-build.s3", count)
    report = verify_evidence(vault)
    assert report.verified and report.locks is not None
    gets = {k: n for (op, k), n in calls.items() if op == "GetObject"}
    heads = {k: n for (op, k), n in calls.items() if op == "HeadObject"}
    assert len(gets) == len(heads) == report.locks.checked == 23
    assert set(gets.values()) == set(heads.values()) == {1}  # segments included: no range reads
    assert f"{PREFIX}/{SEGMENT}" in gets


def test_a_segment_written_over_with_other_bytes_fails_and_is_named(s3, sealed):
    name, url = sealed
    sealed_until = s3.head_object(Bucket=name, Key=f"{PREFIX}/{SEGMENT}")[
        "ObjectLockRetainUntilDate"
    ]
    # Object Lock keeps the sealed version, but a new version can still be put on top of it.
    s3.put_object(Bucket=name, Key=f"{PREFIX}/{SEGMENT}", Body=b"not the sealed segment")
    report = verify_evidence(url)
    assert not report.verified
    altered = "altered: its SHA-256 differs from the one sealed in 00000001--run-1--alice"
    assert ("error", SEGMENT, altered) in found(report)
    warned = [f.message for f in report.warnings if f.topic == "locks"]
    assert warned == [
        f"1 evidence object(s) without a COMPLIANCE lock: they can be altered or deleted: "
        f"{SEGMENT} (none)",
        "1 evidence object(s) written over: more than one version under the key (the vault "
        f"writes each once); the current version is the one checked: {SEGMENT} (the first "
        f"version, COMPLIANCE until {sealed_until:%Y-%m-%d}, is still underneath)",
    ]
    assert report_lines(report)[-1].startswith("FAILED: ")


@pytest.mark.parametrize("mode", [None, "GOVERNANCE"], ids=["unlocked", "governance"])
def test_the_same_bytes_put_again_without_compliance_is_a_warning_the_verdict_names(
    s3, sealed, mode
):
    name, url = sealed
    same = S3Root(url).read(SEGMENT)
    assert same is not None
    if mode is None:
        S3Root(url).write(SEGMENT, same)  # the plain root: no retention
    else:
        until = s3.head_object(Bucket=name, Key=f"{PREFIX}/{SEGMENT}")["ObjectLockRetainUntilDate"]
        s3.put_object(
            Bucket=name,
            Key=f"{PREFIX}/{SEGMENT}",
            Body=same,
            ObjectLockMode=mode,
            ObjectLockRetainUntilDate=until,
        )
    report = verify_evidence(url)
    assert report.verified and not report.errors  # the bytes are the sealed ones
    shown = "without a lock" if mode is None else mode
    lock_line = next(ln for ln in report_lines(report) if ln.startswith("object lock:"))
    assert lock_line.startswith("object lock: 23 object(s) checked (HeadObject), 22 COMPLIANCE ")
    assert lock_line.endswith(f", 1 {shown}; 1 written over")
    assert f"{SEGMENT} ({mode or 'none'})" in report.warnings[0].message
    assert report_lines(report)[-1].startswith(
        "OK with warnings: 1 evidence object(s) not COMPLIANCE-locked, 1 evidence object(s) "
        "written over ("
    )


def test_a_manifest_hidden_behind_a_delete_marker_fails(s3, sealed):
    name, url = sealed
    s3.delete_object(Bucket=name, Key=f"{PREFIX}/{FIRST}/manifest.json")
    report = verify_evidence(url)
    assert not report.verified
    assert (
        "error",
        f"{FIRST}/manifest.json",
        "missing: hidden behind a delete marker; 1 version(s) of it are still stored underneath "
        "(restore the latest by deleting the marker)",
    ) in found(report)
    assert (
        "error",
        "evidence/manifests/00000001--…--alice",
        "missing: manifest 1 of target alice was removed; 00000002--run-2--alice follows the gap",
    ) in found(report)
    assert ("error", SEGMENT, "added or not sealed: no manifest covers this segment (after a "
            "crash before sealing, run `tocsin seal`)") in found(report)  # fmt: skip


def test_a_sealed_segment_hidden_behind_a_delete_marker_is_missing(s3, sealed):
    name, url = sealed
    s3.delete_object(Bucket=name, Key=f"{PREFIX}/{SEGMENT}")
    report = verify_evidence(url)
    (error,) = [f for f in report.errors if f.path == SEGMENT]
    assert error.message == "missing: 7 pages and 14 records sealed in it"
    assert len(error.records) == 14 and not report.verified


def test_an_unlocked_bucket_accepted_verifies_with_its_warnings(s3, signing_key, tsa):
    name = new_bucket(s3, locked=False)
    remote = vault_root(f"s3://{name}/{PREFIX}", DAYS, accept_unlocked=True)
    fill_vault(remote, signing_key, tsa)
    report = verify_evidence(remote)
    assert report.verified and not report.errors
    (unlocked,) = [f for f in report.warnings if f.topic == "locks"]
    assert unlocked.message == (
        f"UNLOCKED: bucket {name} has no Object Lock; the evidence kept there can be altered or "
        "deleted (accepted by evidence_archive_accept_unlocked)"
    )
    lines = report_lines(report)
    assert (
        "object lock: 21 object(s) checked (HeadObject), 0 COMPLIANCE, 21 without a lock; the "
        "bucket has no Object Lock"
    ) in lines
    assert lines[-1].startswith(
        "OK with warnings: bucket without Object Lock, 21 evidence object(s) not COMPLIANCE-locked"
    )


def test_a_retention_past_as_of_now_is_a_warning(s3, sealed):
    name, url = sealed
    heads = evidence_objects(s3, name)
    latest = max(h["ObjectLockRetainUntilDate"] for h in heads.values())
    report = verify_evidence(url, now=latest + timedelta(days=1))
    assert report.verified and not report.errors
    (past,) = [f for f in report.warnings if "past their retain-until" in f.message]
    assert past.message.startswith("23 evidence object(s) past their retain-until date: they can")
    assert "23 evidence object(s) past their retention" in report_lines(report)[-1]
    earlier = verify_evidence(url, now=latest - timedelta(days=DAYS + 1))
    assert not [f for f in earlier.warnings if f.topic == "locks"]


def test_added_and_altered_objects_are_found_as_in_a_local_folder(
    s3, sealed, signing_key, tsa, fetch, tmp_path
):
    name, url = sealed
    local = tmp_path / "data"
    fill_vault(local, signing_key, tsa, fetch)
    strays = {
        "evidence/pages/alice/run-1/notes.txt": "added: not a segment file",
        "evidence/extra.txt": "added: not part of the evidence layout",
        "evidence/manifests/readme.txt": "added: not a manifest folder",
        f"{FIRST}/more.txt": "added: not a file a seal writes",
    }
    for rel in strays:
        S3Root(url).write(rel, b"x")
        (local / rel).write_bytes(b"x")
    S3Root(url).write(SEGMENT, b"not the sealed segment")  # a new version over the sealed one
    (local / SEGMENT).chmod(0o600)
    (local / SEGMENT).write_bytes(b"not the sealed segment")
    here, there = verify_evidence(local), verify_evidence(url)
    assert {(f.path, f.message) for f in here.errors} >= set(strays.items())
    assert found(here) == [f for f in found(there) if f[1] != url]  # less the lock warnings
    assert len(here.errors) == len(strays) + 4  # the segment altered, unreadable; 2 Merkle roots
    assert facts(here) == facts(there)


def test_a_publish_cut_short_on_s3_is_named_not_taken_for_a_manifest(sealed):
    name, url = sealed
    folder = "evidence/manifests/00000003--run-3--alice"
    S3Root(url).write(f"{folder}/pages.jsonl", b"{}\n")  # no manifest.json: not a manifest
    report = verify_evidence(url)
    assert report.verified and not report.errors
    assert found(report)[0] == (
        "warning",
        folder,
        "not a manifest: files without a manifest.json (a seal cut short while publishing; its "
        "files stay locked)",
    )


def test_the_scope_is_read_from_the_bucket(s3, sealed):
    name, url = sealed
    assert verify_evidence(url, target="alice", tables=False).verified
    with pytest.raises(EvidenceError, match=r"unknown target 'bob': .* \(known: alice\)"):
        verify_evidence(url, target="bob")
    empty = verify_evidence(f"s3://{name}/elsewhere")
    assert found(empty) == [("error", "evidence", "missing: no evidence copy under this data root")]
    assert not empty.verified and empty.locks is None


def test_an_archive_beside_a_vault_on_s3_is_named_as_not_checked(sealed):
    name, url = sealed
    archive = Archive(f"s3://{name}/copy", name, "copy", DAYS)
    report = verify_evidence(url, archive=archive)
    assert report.archive is not None and report.verified
    why = "the data root is itself on object storage: its own object locks are checked instead"
    assert f"archive: s3://{name}/copy: NOT CHECKED ({why})" in report_lines(report)
    assert report_lines(report)[-1].startswith("OK with warnings: archive not checked (")


def test_the_local_report_says_nothing_of_locks(tmp_path, signing_key, tsa):
    fill_vault(tmp_path, signing_key, tsa)
    report = verify_evidence(Path(tmp_path))
    assert report.locks is None and report.verified
    assert not [ln for ln in report_lines(report) if "lock" in ln.lower()]


def _gets(vault: ListedRoot) -> Counter[str]:
    calls: Counter[str] = Counter()

    def count(model: Any, params: dict[str, Any], **_: Any) -> None:
        if model.name == "GetObject":
            calls[params.get("Key", "")] += 1

    vault.client.meta.events.register("before-parameter-build.s3", count)
    return calls


def test_a_records_list_too_big_to_keep_is_read_once_as_it_comes(s3, sealed, monkeypatch):
    """records.txt (650 MB at 10M posts) is read a MiB at a time from one GET: its hashes, its
    SHA-256 for the manifest and for SHA256SUMS all from that one pass. Nothing kept (the
    cache's budget set to nothing), the report is the one of the kept files, altered or not."""
    name, url = sealed
    records = f"{FIRST}/records.txt"
    whole = verify_evidence(url)
    monkeypatch.setattr(verify_store, "CACHE_BYTES", 0)
    vault = ListedRoot(S3Root(url))
    gets = _gets(vault)
    streamed = verify_evidence(vault)
    assert streamed.verified and gets[f"{PREFIX}/{records}"] == 1
    assert found(streamed) == found(whole) and streamed.records == whole.records > 0
    monkeypatch.undo()
    listed = s3.get_object(Bucket=name, Key=f"{PREFIX}/{records}")["Body"].read()
    s3.put_object(Bucket=name, Key=f"{PREFIX}/{records}", Body=listed.replace(b"a", b"b", 1))
    altered_whole = verify_evidence(url)
    monkeypatch.setattr(verify_store, "CACHE_BYTES", 0)
    altered_streamed = verify_evidence(url)
    assert not altered_streamed.verified
    assert found(altered_streamed) == found(altered_whole)
    messages = [m for level, _, m in found(altered_streamed) if level == "error"]
    assert (
        f"altered: does not match the hash in {FIRST.rsplit('/', 1)[1]}/manifest.json" in messages
    )
    assert any(m.startswith(f"{records} does not match its checksum") for m in messages)
