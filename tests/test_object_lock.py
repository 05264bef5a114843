"""Write-once evidence on object storage (issue 16, points 3): every sealed object is archived
under S3 Object Lock in COMPLIANCE mode, a locked version cannot be deleted, an unlocked bucket
is refused unless accepted, two writers cannot hold one chain position, and verify reports the
lock of what it checked.

The S3 server is a real one on 127.0.0.1: moto[server] (the only S3 server with Object Lock that
installs here; issue 16 lists its quirks), started once per session.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from config.slices import EvidenceSettings
from flows.cli import app
from tasks.evidence import keep_pages, seal_report, verify_evidence
from tasks.evidence.archive import archive_of, archive_sealed
from tasks.evidence.archive_store import Archive, ArchiveError, retain_until
from tasks.evidence.custody import log_output
from tasks.evidence.manifest import list_manifests
from tasks.evidence.verify_report import report_lines, verdict
from tests.support.evidence import NOW, pages_of_run
from tests.support.s3server import aws_variables, moto_server

boto3 = pytest.importorskip("boto3")
DAYS = 3650  # the retention: past the server's clock whatever the date, faketime included


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """The server, started once per session (the retention is far enough ahead for either
    clock: the server keeps the real one)."""
    with moto_server(tmp_path_factory.mktemp("moto")) as url:
        yield url


@pytest.fixture(scope="module")
def aws(s3_endpoint, tmp_path_factory):
    """A client of the local server, the process's AWS variables pointing at it (as boto3 reads
    them in Tocsin) for this module's tests, and nothing from ~/.aws."""
    folder = tmp_path_factory.mktemp("aws")
    with pytest.MonkeyPatch.context() as mp:
        for name, value in aws_variables(s3_endpoint, folder).items():
            mp.setenv(name, value)
        yield boto3.client("s3")


@pytest.fixture
def s3(aws):
    return aws


@pytest.fixture(scope="module")
def archived(aws, tmp_path_factory, signing_key, tsa_server):
    """One vault sealed into a locked bucket, shared by the tests that only read it: its bucket,
    data root, archive, and the clock before and after sealing (retention counts from then)."""
    tsa_server.mode = "ok"
    name = bucket(aws)
    root = tmp_path_factory.mktemp("archived") / "data"
    before = tsa_server.now()
    vault(root, signing_key, tsa_server, archive_in(name))
    return SimpleNamespace(
        name=name, root=root, archive=archive_in(name), before=before, after=tsa_server.now()
    )


def bucket(s3, *, locked: bool = True) -> str:
    name = f"ev-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, **({"ObjectLockEnabledForBucket": True} if locked else {}))
    return name


def archive_in(name: str, **kw) -> Archive:
    found = archive_of(
        EvidenceSettings(
            evidence_archive=f"s3://{name}/tocsin/vault",
            evidence_archive_retention_days=DAYS,
            **kw,
        )
    )
    assert found is not None
    return found


def vault(root: Path, signing_key, tsa, archive: Archive | None) -> None:
    """Two runs of alice, the second receiving a page again (a refs file), an export logged in
    between (the custody log): every kind of object the vault holds."""
    list(keep_pages(pages_of_run(2), root, "run-1", "alice"))
    seal(root, "run-1", signing_key, tsa, archive)
    log_output(root, "alice", "export", {"from": "2020-02-01"}, root / "x.zip", "ab" * 32, NOW)
    list(keep_pages(pages_of_run(3, first_id=100), root, "run-2", "alice"))
    seal(root, "run-2", signing_key, tsa, archive)


def seal(root, run_id, signing_key, tsa, archive, target="alice"):
    return seal_report(
        root,
        run_id,
        target,
        signing_key=signing_key,
        tsa_url=tsa.url,
        tsa_ca_file=tsa.ca,
        now=tsa.now(),
        archive=archive,
    )


def keys_in(s3, name: str) -> dict[str, str]:
    """{key under the archive's prefix: version id} of every version the bucket holds."""
    out = s3.list_object_versions(Bucket=name, Prefix="tocsin/vault/")
    versions = out.get("Versions") or []
    return {v["Key"].removeprefix("tocsin/vault/"): v["VersionId"] for v in versions}


def local_objects(root: Path) -> set[str]:
    """What the archive must hold: every sealed file of the vault (the custody log as the
    state the last manifest sealed), and one chain position per manifest."""
    ev = root / "evidence"
    files = {
        p.relative_to(root).as_posix()
        for p in ev.rglob("*")
        if p.is_file() and ".tmp" not in p.parts and p.name != ".lock" and "custody" not in p.parts
    }
    chain = list_manifests(root)
    states = {
        f"evidence/custody/alice/{m.manifest['custody']['sha256']}.jsonl"
        for m in chain
        if m.manifest and m.manifest.get("custody")
    }
    positions = {f"evidence/chain/alice/{m.seq:08d}" for m in chain}
    return files | states | positions


def test_every_sealed_object_is_archived_under_a_compliance_lock(s3, archived):
    name, root, before, after = archived.name, archived.root, archived.before, archived.after
    held = keys_in(s3, name)
    assert set(held) == local_objects(root)
    # segments, refs, manifests with their signature and token, the key, the TSA CA, custody
    kinds = {k.split("/")[1] for k in held}
    assert kinds == {"pages", "manifests", "keys", "tsa", "custody", "chain"}
    assert any(k.endswith("refs-000001.jsonl") for k in held)
    assert sum(k.endswith("manifest.json.tsr") for k in held) == 2
    for key, version in held.items():
        head = s3.head_object(
            Bucket=name, Key=f"tocsin/vault/{key}", VersionId=version, ChecksumMode="ENABLED"
        )
        assert head["ObjectLockMode"] == "COMPLIANCE", key
        until = head["ObjectLockRetainUntilDate"]
        assert retain_until(before, DAYS) <= until <= retain_until(after, DAYS), key
        if key.split("/")[1] in ("pages", "manifests", "keys", "tsa"):
            data = (root / key).read_bytes()
            assert (
                head["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(data).digest()).decode()
            )


def test_a_locked_version_cannot_be_deleted(s3, archived):
    name, segment = archived.name, "evidence/pages/alice/run-1/seg-000001.parquet"
    version = keys_in(s3, name)[segment]
    with pytest.raises(s3.exceptions.ClientError) as refused:
        s3.delete_object(Bucket=name, Key=f"tocsin/vault/{segment}", VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    body = s3.get_object(Bucket=name, Key=f"tocsin/vault/{segment}", VersionId=version)["Body"]
    assert body.read() == (archived.root / segment).read_bytes()


def test_an_unlocked_bucket_is_refused_unless_accepted(s3, tmp_path, signing_key, tsa):
    name = bucket(s3, locked=False)
    root = tmp_path / "data"
    list(keep_pages(pages_of_run(1), root, "run-1", "alice"))
    with pytest.raises(ArchiveError) as refused:
        seal(root, "run-1", signing_key, tsa, archive_in(name))
    assert str(refused.value) == (
        f"evidence archive s3://{name}/tocsin/vault: bucket {name} has no Object Lock, so "
        "archived evidence could be altered or deleted; use a bucket created with Object Lock "
        "enabled, or set evidence_archive_accept_unlocked = true to accept unlocked evidence"
    )
    assert keys_in(s3, name) == {}
    # Accepted: archived, and every report says unlocked.
    result = seal(
        root, "seal-2", signing_key, tsa, archive_in(name, evidence_archive_accept_unlocked=True)
    )
    assert result.manifest is None and result.archive is not None
    assert result.describe().endswith(
        "UNLOCKED (the bucket has no Object Lock: evidence_archive_accept_unlocked)"
    )
    assert set(keys_in(s3, name)) == local_objects(root)
    report = verify_evidence(
        root, archive=archive_in(name, evidence_archive_accept_unlocked=True), now=NOW, tables=False
    )
    assert "UNLOCKED bucket" in report.archive.line()
    assert verdict(report) == "OK with warnings: archive UNLOCKED"
    # Verify reports on such a bucket even when the settings do not accept it: it only reads.
    strict = verify_evidence(root, archive=archive_in(name), now=NOW, tables=False)
    assert "UNLOCKED bucket (no Object Lock);" in strict.archive.line()
    assert [f.message for f in strict.findings if f.topic == "archive"] == [
        f"UNLOCKED: bucket {name} has no Object Lock; the archived evidence can be altered or "
        "deleted (sealing refuses to archive there without evidence_archive_accept_unlocked)"
    ]


def test_a_bucket_that_does_not_exist_is_one_line_naming_it(s3, tmp_path):
    missing = f"ev-missing-{uuid.uuid4().hex[:8]}"
    with pytest.raises(ArchiveError) as refused:
        archive_sealed(tmp_path / "data", archive_in(missing), NOW)
    assert str(refused.value) == (
        f"evidence archive s3://{missing}/tocsin/vault: NoSuchBucket: The specified bucket does "
        "not exist"
    )


def test_the_cli_refuses_an_unlocked_bucket_in_one_line(s3, tmp_path, monkeypatch, signing_key):
    name = bucket(s3, locked=False)
    root = tmp_path / "data"
    list(keep_pages(pages_of_run(1), root, "run-1", "alice"))
    monkeypatch.setenv("TOCSIN_EVIDENCE_ARCHIVE", f"s3://{name}")
    monkeypatch.setenv("TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS", "30")
    # An existing key: creating one logs a warning, to whatever stream an earlier CliRunner left.
    monkeypatch.setenv("TOCSIN_EVIDENCE_SIGNING_KEY", str(signing_key))
    result = CliRunner().invoke(app, ["seal", "--data-dir", str(root)])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"error: evidence archive s3://{name}: bucket {name} has no Object Lock, so archived "
        "evidence could be altered or deleted; use a bucket created with Object Lock enabled, "
        "or set evidence_archive_accept_unlocked = true to accept unlocked evidence"
    ]


def test_a_crash_before_the_upload_is_caught_up_and_nothing_is_written_twice(
    s3, tmp_path, signing_key, tsa
):
    name = bucket(s3)
    root = tmp_path / "data"
    vault(root, signing_key, tsa, None)  # sealed locally, never archived (the crash)
    archive = archive_in(name)
    first = archive_sealed(root, archive, NOW, target="alice")
    assert first.uploaded == len(local_objects(root)) and first.present == 0
    again = seal(root, "run-3", signing_key, tsa, archive)  # nothing to seal: checks only
    assert again.manifest is None
    assert (again.archive.uploaded, again.archive.present) == (0, first.uploaded)
    versions = s3.list_object_versions(Bucket=name, Prefix="tocsin/vault/")["Versions"]
    assert len(versions) == first.uploaded  # one version each: never rewritten


def test_a_file_altered_before_the_catch_up_is_not_locked_away_as_sealed(s3, tmp_path):
    name = bucket(s3)
    root = tmp_path / "data"
    list(keep_pages(pages_of_run(1), root, "run-1", "alice"))
    seal_report(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)  # then a crash
    segment = root / "evidence/pages/alice/run-1/seg-000001.parquet"
    segment.chmod(0o600)
    segment.write_bytes(segment.read_bytes() + b"tampered")
    with pytest.raises(ArchiveError) as refused:
        archive_sealed(root, archive_in(name), NOW, target="alice")
    assert str(refused.value) == (
        f"evidence archive s3://{name}/tocsin/vault: evidence/pages/alice/run-1/seg-000001.parquet: "
        "not the bytes 00000001--run-1--alice sealed (SHA-256 differs), so not archived: run "
        "`tocsin verify`"
    )
    held = keys_in(s3, name)
    assert "evidence/manifests/00000001--run-1--alice/manifest.json" in held
    assert "evidence/pages/alice/run-1/seg-000001.parquet" not in held


def test_two_writers_cannot_hold_the_same_chain_position(s3, tmp_path, signing_key, tsa):
    """Two machines, each its own data root, one archive: both seal alice's manifest 1. The
    archive's conditional write (If-None-Match) refuses the second writer's position."""
    name = bucket(s3)
    archive = archive_in(name)
    one, two = tmp_path / "one", tmp_path / "two"
    list(keep_pages(pages_of_run(1), one, "run-a", "alice"))
    seal(one, "run-a", signing_key, tsa, archive)
    list(keep_pages(pages_of_run(1, first_id=500), two, "run-b", "alice"))
    with pytest.raises(ArchiveError) as refused:
        seal(two, "run-b", signing_key, tsa, archive)
    mine, theirs = list_manifests(two)[0].name, list_manifests(one)[0].name
    assert str(refused.value) == (
        f"evidence archive s3://{name}/tocsin/vault: chain position 00000001 of alice is held "
        f"by manifest {theirs}, not {mine}: another writer seals this target's chain into the "
        "same archive; give each target one writer"
    )
    # Nothing lost: the second writer's manifest and pages are archived too, under their names.
    assert f"evidence/manifests/{mine}/manifest.json" in keys_in(s3, name)


def test_verify_reports_the_lock_and_compares_the_archived_bytes(archived, monkeypatch):
    name, root, archive = archived.name, archived.root, archived.archive
    n = len(local_objects(root))
    report = verify_evidence(root, archive=archive, archive_sample=None, now=NOW, tables=False)
    earliest = report.archive.earliest_until
    assert retain_until(archived.before, DAYS) <= earliest <= retain_until(archived.after, DAYS)
    until = earliest.date()
    assert report.archive.line() == (
        f"archive: s3://{name}/tocsin/vault: {n} of {n} object(s) of the manifests checked are "
        f"there, {n} COMPLIANCE-locked until {until} at the earliest; SHA-256 as stored matches "
        f"{n}; bytes downloaded and compared: {n} (all)"
    )
    assert verdict(report).endswith(f", archived and COMPLIANCE-locked until {until} at least")
    sampled = verify_evidence(root, archive=archive, archive_sample=3, now=NOW, tables=False)
    assert sampled.archive.compared == 3 and sampled.archive.sampled
    assert "bytes downloaded and compared: 3 (a random sample)" in report_lines(sampled)[2]
    # The command reads the archive from the settings, like every other command.
    monkeypatch.setenv("TOCSIN_EVIDENCE_ARCHIVE", archive.url)
    monkeypatch.setenv("TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS", str(DAYS))
    result = CliRunner().invoke(app, ["verify", "--data-dir", str(root), "--archive-sample", "5"])
    assert result.exit_code == 0, result.output
    assert (
        f"archive: {archive.url}: {n} of {n} object(s) of the manifests checked are there, {n} "
        f"COMPLIANCE-locked until {until} at the earliest; SHA-256 as stored matches {n}; bytes "
        "downloaded and compared: 5 (a random sample)"
    ) in result.output.replace("\n", " ")


def test_verify_names_a_version_written_over_an_archived_object_and_the_locked_original(
    s3, tmp_path, signing_key, tsa
):
    """Object Lock keeps versions, not keys: whoever holds the keys can PUT a new version over
    an archived segment. Verify reads the current version, says it is altered, and finds the
    locked original underneath. No bytes are sampled (--archive-sample 0): an object without
    the SHA-256 Tocsin always sends is downloaded and compared all the same."""
    name = bucket(s3)
    root = tmp_path / "data"
    archive = archive_in(name)
    list(keep_pages(pages_of_run(1), root, "run-1", "alice"))
    seal(root, "run-1", signing_key, tsa, archive)
    segment = "evidence/pages/alice/run-1/seg-000001.parquet"
    original = keys_in(s3, name)[segment]
    until = s3.head_object(Bucket=name, Key=f"tocsin/vault/{segment}")["ObjectLockRetainUntilDate"]
    s3.put_object(Bucket=name, Key=f"tocsin/vault/{segment}", Body=b"forged")
    report = verify_evidence(root, archive=archive, archive_sample=0, now=NOW, tables=False)
    found = [(f.level, f.path, f.message) for f in report.findings if f.topic == "archive"]
    assert found == [
        (
            "warning",
            f"s3://{name}/tocsin/vault",
            "1 object(s) in the archive without a COMPLIANCE lock: they can be altered or "
            f"deleted: {segment} (none)",
        ),
        (
            "error",
            f"s3://{name}/tocsin/vault/{segment}",
            "altered: the archived bytes differ from the sealed file's; the locked original, "
            f"version {original} (COMPLIANCE until {until:%Y-%m-%d}), still holds the sealed "
            "bytes",
        ),
    ]
    assert report.archive.compared == 1 and verdict(report) == "FAILED: 1 problem(s)"


def test_a_deleted_object_is_named_and_the_next_seal_writes_it_again(
    s3, tmp_path, signing_key, tsa
):
    """A DeleteObject without a version is allowed under Object Lock: it only puts a delete
    marker on top of the locked version."""
    name = bucket(s3)
    root = tmp_path / "data"
    archive = archive_in(name)
    list(keep_pages(pages_of_run(1), root, "run-1", "alice"))
    seal(root, "run-1", signing_key, tsa, archive)
    key = "evidence/pages/alice/run-1/seg-000001.parquet"
    original = keys_in(s3, name)[key]
    s3.delete_object(Bucket=name, Key=f"tocsin/vault/{key}")
    report = verify_evidence(root, archive=archive, archive_sample=0, now=NOW, tables=False)
    (finding,) = [f for f in report.findings if f.topic == "archive"]
    assert finding.level == "warning" and finding.message.startswith(
        "deleted: a delete marker hides it (the next seal writes it again); the locked "
        f"original, version {original} (COMPLIANCE until "
    )
    assert verdict(report) == "OK with warnings: 1 object(s) not archived"
    again = archive_sealed(root, archive, tsa.now(), target="alice")
    assert again.uploaded == 1
    after = verify_evidence(root, archive=archive, archive_sample=0, now=NOW, tables=False)
    assert not [f for f in after.findings if f.topic == "archive"]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        pytest.param(
            {"TOCSIN_EVIDENCE_ARCHIVE": "s3://evidence-bucket"},
            "invalid settings: evidence: Value error, evidence_archive needs "
            "evidence_archive_retention_days: how long no one may delete an archived object (a "
            "COMPLIANCE retention cannot be shortened)",
            id="no-retention",
        ),
        pytest.param(
            {
                "TOCSIN_EVIDENCE_ARCHIVE": "/srv/archive",
                "TOCSIN_EVIDENCE_ARCHIVE_RETENTION_DAYS": "9",
            },
            "invalid settings: evidence.evidence_archive: Value error, '/srv/archive' is not an "
            "s3://bucket/prefix URL (bucket: 3-63 lower-case letters, digits, dots and hyphens)",
            id="not-s3",
        ),
    ],
)
def test_archive_settings_errors_are_one_line(tmp_path, monkeypatch, keys, message):
    for k, v in keys.items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(app, ["verify", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: {message}"]


def test_without_an_archive_sealing_and_verify_say_nothing_of_one(tmp_path, signing_key, tsa):
    root = tmp_path / "data"
    list(keep_pages(pages_of_run(1), root, "run-1", "alice"))
    result = seal(root, "run-1", signing_key, tsa, None)
    assert result.archive is None and "archived" not in result.describe()
    assert verify_evidence(root, tables=False).archive is None
