"""The vault's writers on an s3:// data root (issue 16, points 1 and 3): kept segments, refs
files, a manifest folder's files, a public key copy and the custody log go under the same keys
with the same bytes as in a local folder, each one single-part PUT under Object Lock COMPLIANCE,
written once; a locked version cannot be deleted; a bucket without Object Lock is refused unless
accepted. The S3 server is moto[server] on 127.0.0.1 (tests/support/s3server.py)."""

from __future__ import annotations

import hashlib
import threading
import time
import tracemalloc
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tasks.evidence.archive_store import ArchiveError, retain_until
from tasks.evidence.custody import custody_file, custody_to_seal, log_output, read_custody
from tasks.evidence.errors import EvidenceError
from tasks.evidence.keep import keep_pages
from tasks.evidence.manifest import (
    MANIFEST,
    SUMS,
    Sealed,
    SpooledFile,
    dir_name,
    list_manifests,
    manifests_dir,
    publish_manifest,
    sums_text,
    unfinished_manifests,
)
from tasks.evidence.media import write_index
from tasks.evidence.media_fetch import Fetcher
from tasks.evidence.media_store import list_indexes, media_dir, unsealed_indexes
from tasks.evidence.rawstore import (
    evidence_dir,
    kept_targets,
    read_segment,
    scratch_dir,
    vault_file,
    write_new,
    write_segment,
)
from tasks.evidence.refs import known_pages, list_refs, write_refs
from tasks.evidence.state import evidence_state
from tasks.evidence.vaultstore import (
    LOCK,
    EvidenceRoot,
    put_evidence_exact,
    vault_lock,
    vault_root,
)
from tasks.evidence.verify_custody import check_custody
from tasks.storage import S3Root
from tests.support.evidence import NOW, pages_of_run
from tests.support.s3server import s3_client
from tests.support.sources import settings_for

boto3 = pytest.importorskip("boto3")
DAYS = 3650  # past the server's clock whatever the machine's (faketime included)
PREFIX = "tocsin/data"


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


def new_bucket(s3, *, locked: bool = True) -> str:
    name = f"vault-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, **({"ObjectLockEnabledForBucket": True} if locked else {}))
    return name


def write_everything(root) -> None:
    """Every writer moved onto the storage layer, with the same inputs on either root."""
    pages = pages_of_run(3)
    write_segment(root, "alice", "run-1", pages[:2], kept_at=NOW)
    write_segment(root, "alice", "run-1", pages[2:], kept_at=NOW)
    write_refs(root, "alice", "run-2", pages[:1], known_pages(root, "alice"))
    log_output(root, "alice", "export", {"from": "2020-02-01"}, Path("/x.zip"), "ab" * 32, NOW)
    log_output(root, "alice", "dossier", {"episode": "e1"}, Path("/d.pdf"), "cd" * 32, NOW)
    files = {"pages.jsonl": b'{"seq":0}\n', "records.txt": b"00\n", MANIFEST: b'{"seq": 1}\n'}
    files[SUMS] = sums_text(files)
    publish_manifest(root, files, manifests_dir(root) / dir_name(1, "run-1", "alice"))
    write_new(root, evidence_dir(root) / "keys" / "ab.pem", b"-----BEGIN PUBLIC KEY-----\n")


def local_files(root: Path) -> dict[str, bytes]:
    ev = root / "evidence"
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in ev.rglob("*")
        if p.is_file() and ".tmp" not in p.parts and p.name != ".lock"
    }


def stored(s3, name: str) -> dict[str, tuple[bytes, dict]]:
    """{key under the prefix: (bytes, HeadObject)} of every object of the bucket."""
    out = {}
    for o in s3.list_objects_v2(Bucket=name, Prefix=f"{PREFIX}/").get("Contents") or []:
        key = o["Key"]
        head = s3.head_object(Bucket=name, Key=key)
        out[key.removeprefix(f"{PREFIX}/")] = (
            s3.get_object(Bucket=name, Key=key)["Body"].read(),
            head,
        )
    return out


def test_the_moved_writers_put_the_local_bytes_under_the_same_keys_compliance_locked(s3, tmp_path):
    local = tmp_path / "data"
    write_everything(local)
    name = new_bucket(s3)
    remote = vault_root(f"s3://{name}/{PREFIX}", DAYS)
    before = datetime.now(UTC)
    write_everything(remote)
    after = datetime.now(UTC)
    mine, theirs = local_files(local), stored(s3, name)
    # The custody log: one file locally, one object per entry on S3; joined, the same bytes.
    log = mine.pop("evidence/custody/alice.jsonl")
    entries = sorted(k for k in theirs if k.startswith("evidence/custody/"))
    assert entries == [
        "evidence/custody/alice.jsonl/0000000001.jsonl",
        "evidence/custody/alice.jsonl/0000000002.jsonl",
    ]
    assert b"".join(theirs[k][0] for k in entries) == log == read_custody(remote, "alice")
    assert {k: v[0] for k, v in theirs.items() if k not in entries} == mine
    assert len(mine) == 8  # 2 segments, 1 refs file, 4 manifest files, the key copy
    for key, (_, head) in theirs.items():
        assert head["ObjectLockMode"] == "COMPLIANCE", key
        until = head["ObjectLockRetainUntilDate"]
        if key in entries:  # a custody entry's retention counts from the time it was logged
            assert until == retain_until(NOW, DAYS), key
            continue
        assert retain_until(before, DAYS) <= until <= retain_until(after, DAYS), key
    # Locally, unchanged: sealed files read-only, the custody log owner-only and appendable.
    for rel in mine:
        assert oct((local / rel).stat().st_mode & 0o777) == "0o400", rel
    assert oct(custody_file(local, "alice").stat().st_mode & 0o777) == "0o600"
    assert list((local / "evidence" / ".tmp").iterdir()) == []  # nothing left aside
    folder = manifests_dir(local) / dir_name(1, "run-1", "alice")
    with pytest.raises(EvidenceError, match=r"already exists: another sealer ran without the lock"):
        publish_manifest(local, {MANIFEST: b"{}\n"}, folder)
    # What the next seal records of the custody log is the same on either root.
    assert custody_to_seal(remote, "alice", []) == custody_to_seal(local, "alice", [])
    # The pages read back are the pages kept.
    segs = [remote.location(k) for k in sorted(theirs) if k.endswith(".parquet")]
    assert [k.page for s in segs for k in read_segment(s)] == pages_of_run(3)


def test_a_locked_version_cannot_be_deleted_nor_an_evidence_object_rewritten(s3):
    name = new_bucket(s3)
    remote = vault_root(f"s3://{name}/{PREFIX}", DAYS)
    seg = write_segment(remote, "alice", "run-1", pages_of_run(1), kept_at=NOW)
    key = f"{PREFIX}/{seg.rel}"
    (version,) = [v["VersionId"] for v in s3.list_object_versions(Bucket=name)["Versions"]]
    with pytest.raises(s3.exceptions.ClientError) as refused:
        s3.delete_object(Bucket=name, Key=key, VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    original = seg.read_bytes()
    assert write_new(remote, seg, b"altered") is False  # If-None-Match: * refused it
    assert seg.read_bytes() == original
    # A second segment of the run takes the next name, and the page numbering goes on.
    again = write_segment(remote, "alice", "run-1", pages_of_run(1, first_id=200), kept_at=NOW)
    assert again.name == "seg-000002.parquet"
    assert read_segment(again)[0].seq == len(read_segment(seg))


def test_keeping_pages_and_the_vault_state_on_s3(s3):
    remote = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)
    pages = pages_of_run(2)
    assert list(keep_pages(pages + pages[:1], remote, "run-1", "alice")) == pages + pages[:1]
    (ref,) = list_refs(remote, "alice")
    assert ref.rel == "evidence/pages/alice/run-1/refs-000001.jsonl"
    assert evidence_state(remote, "alice").unsealed_segments == 1
    folder = manifests_dir(remote) / dir_name(1, "run-1", "alice")
    # A publish cut short (no manifest.json yet) is not a manifest; finishing it makes one.
    publish_manifest(remote, {"pages.jsonl": b"p\n"}, folder)
    assert list_manifests(remote) == [] and unfinished_manifests(remote) == [folder.name]
    publish_manifest(remote, {"pages.jsonl": b"p\n", MANIFEST: b'{"seq": 1}\n'}, folder)
    (sealed,) = list_manifests(remote)
    assert sealed.manifest == {"seq": 1} and unfinished_manifests(remote) == []
    with pytest.raises(EvidenceError, match=r"already exists: another sealer ran without the lock"):
        publish_manifest(remote, {MANIFEST: b"{}\n"}, folder)
    # Cut short, then retried with other bytes: the locked leftover is named, nothing replaced.
    other = manifests_dir(remote) / dir_name(2, "run-2", "alice")
    publish_manifest(remote, {"pages.jsonl": b"p\n"}, other)
    with pytest.raises(EvidenceError, match=r"pages\.jsonl already holds other bytes"):
        publish_manifest(remote, {"pages.jsonl": b"q\n", MANIFEST: b"{}\n"}, other)
    assert (other / "pages.jsonl").read_bytes() == b"p\n" and len(list_manifests(remote)) == 1


def test_two_custody_writers_at_once_lose_no_entry(s3):
    remote = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)

    def log(who: str) -> None:
        for i in range(4):
            log_output(remote, "alice", "export", {"w": who, "i": i}, Path("/x"), "0" * 64, NOW)

    threads = [threading.Thread(target=log, args=(w,)) for w in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (read_custody(remote, "alice") or b"").splitlines()
    assert len(lines) == 8 and len(set(lines)) == 8


def test_a_bucket_without_object_lock_is_refused_unless_accepted(s3):
    name = new_bucket(s3, locked=False)
    with pytest.raises(ArchiveError) as refused:
        write_segment(vault_root(f"s3://{name}/{PREFIX}", DAYS), "alice", "r", pages_of_run(1))
    assert str(refused.value).startswith(
        f"evidence archive s3://{name}/{PREFIX}: bucket {name} has no Object Lock, so archived "
        "evidence could be altered or deleted"
    )
    assert "Contents" not in s3.list_objects_v2(Bucket=name)
    accepted = vault_root(f"s3://{name}/{PREFIX}", DAYS, accept_unlocked=True)
    seg = write_segment(accepted, "alice", "r", pages_of_run(1))
    head = s3.head_object(Bucket=name, Key=f"{PREFIX}/{seg.rel}")
    assert "ObjectLockMode" not in head


def test_no_evidence_on_s3_without_a_retention(s3):
    url = f"s3://{new_bucket(s3)}/{PREFIX}"
    with pytest.raises(EvidenceError, match=r"needs evidence_archive_retention_days"):
        vault_root(url)
    with pytest.raises(EvidenceError, match=r"would not be locked: open the data root with"):
        write_segment(S3Root(url), "alice", "r", pages_of_run(1))
    assert isinstance(vault_root(url, DAYS), EvidenceRoot)


def test_the_evidence_lock_is_a_lease_on_s3_held_by_one_sealer_at_a_time(s3, tmp_path):
    remote = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)
    inside, overlaps = [], []

    def seal_like() -> None:
        for _ in range(3):
            with vault_lock(remote):
                overlaps.append(bool(inside))
                inside.append(1)
                assert remote.exists(LOCK)
                time.sleep(0.02)
                inside.pop()

    threads = [threading.Thread(target=seal_like) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == [False] * 6 and not remote.exists(LOCK)  # released: deletable, no lock
    # Locally: flock on the very file seal.evidence_lock takes.
    with vault_lock(tmp_path):
        assert (tmp_path / "evidence" / ".lock").is_file()


def test_media_indexes_on_s3_are_listed_for_the_next_seal(s3):
    remote = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)
    index = media_dir(remote, "alice") / "run-1" / "media-000001.jsonl"
    assert list_indexes(remote, "alice") == []
    assert write_new(remote, index, b'{"status":"kept"}\n')
    assert list_indexes(remote, "alice") == [index] == unsealed_indexes(remote, "alice", [])


def test_verify_reads_an_s3_custody_log_and_names_a_hidden_entry(s3):
    name = new_bucket(s3)
    remote = vault_root(f"s3://{name}/{PREFIX}", DAYS)
    for kind in ("export", "dossier"):
        log_output(remote, "alice", kind, {}, Path("/x"), "0" * 64, NOW)
    state = custody_to_seal(remote, "alice", [])
    assert state is not None and state["entries"] == 2
    chain = [Sealed(Path("m1"), 1, "r", "alice", b"", "", {"target": "alice", "custody": state})]

    def findings() -> list[tuple[str, str, str]]:
        out: list = []
        check_custody(remote, chain, None, out)
        return [(f.level, f.path, f.message) for f in out]

    assert findings() == []
    log_output(remote, "alice", "export", {}, Path("/y"), "1" * 64, NOW)
    log = "evidence/custody/alice.jsonl"
    assert findings() == [
        (
            "warning",
            log,
            "1 custody entry not yet sealed (the next seal covers them: `tocsin seal`)",
        )
    ]
    # Object Lock keeps every version, but a delete marker can still hide the current one.
    s3.delete_object(Bucket=name, Key=f"{PREFIX}/{log}/0000000002.jsonl")
    (error,) = [f for f in findings() if f[0] == "error"]
    assert error[1] == log and error[2].startswith("truncated: m1 sealed ")
    S3Root(remote.url).write("evidence/custody/notes.txt", b"x")
    assert ("error", "evidence/custody/notes.txt", "added: not a custody log entry") in findings()


def test_a_media_file_is_one_locked_put_on_s3_and_kept_once(s3, srv, tmp_path):
    remote = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)
    image = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    srv.expect_request("/cdn/a.png").respond_with_data(image, content_type="image/png")
    http = settings_for(tmp_path, srv.url_for(""), http_max_retries=0).http
    fetcher = Fetcher(http, 1 << 20, private_hosts=True)  # served on 127.0.0.1
    try:
        got = fetcher.fetch(remote, "alice", srv.url_for("/cdn/a.png"))
        again = fetcher.fetch(remote, "alice", srv.url_for("/cdn/a.png"))
    finally:
        fetcher.close()
    digest = hashlib.sha256(image).hexdigest()
    assert got["status"] == "kept" and got["file"] == f"evidence/media/alice/files/{digest}"
    assert not got["_reused"] and again["_reused"]
    head = s3.head_object(Bucket=remote.bucket, Key=f"{PREFIX}/{got['file']}")
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert remote.read(got["file"]) == image
    versions = s3.list_object_versions(Bucket=remote.bucket, Prefix=f"{PREFIX}/evidence/media/")
    assert len(versions["Versions"]) == 1  # kept once
    assert list(scratch_dir().iterdir()) == []  # nothing left on this machine
    index = write_index(remote, "alice", "run-1", [got])
    assert write_index(remote, "alice", "run-1", [again]).name == "media-000002.jsonl"
    assert list_indexes(remote, "alice")[0] == index


def test_the_kept_targets_and_a_sealed_file_are_found_on_either_root(s3, tmp_path):
    remote = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)
    for root in (tmp_path / "data", remote):
        assert kept_targets(root) == []
        for target in ("bob", "alice"):
            write_segment(root, target, "run-1", pages_of_run(1), kept_at=NOW)
        assert kept_targets(root) == ["alice", "bob"]
        seg = vault_file(root, "evidence/pages/bob/run-1/seg-000001.parquet")
        assert [k.page for k in read_segment(seg)] == pages_of_run(1)


def test_sealing_on_s3_chains_signed_manifests_every_object_locked(s3, signing_key):
    """The seal itself on an s3:// vault: two runs' pages sealed into two signed manifests, the
    second chained to the first, the vault's state reading them back; every object written is
    COMPLIANCE-locked (the lease, released, leaves nothing behind)."""
    from tasks.evidence.seal import seal_pending, seal_report

    name = new_bucket(s3)
    remote = vault_root(f"s3://{name}/{PREFIX}", DAYS)
    pages = pages_of_run(3)
    list(keep_pages(pages[:2], remote, "run-1", "alice"))
    first = seal_report(remote, "run-1", "alice", signing_key=signing_key, tsa_url=None, now=NOW)
    list(keep_pages(pages[2:], remote, "run-2", "alice"))
    (second,) = seal_pending(remote, "run-2", signing_key=signing_key, tsa_url=None, now=NOW)
    assert first.signed and second.signed and first.records and second.records
    chain = list_manifests(remote)
    assert [m.seq for m in chain] == [1, 2]
    assert (
        chain[1].manifest["previous_manifest_sha256"]
        == hashlib.sha256(
            (manifests_dir(remote) / chain[0].name / MANIFEST).read_bytes()
        ).hexdigest()
    )
    state = evidence_state(remote, "alice")
    assert (state.manifests, state.signed, state.unsealed_segments) == (2, 2, 0)
    objects = stored(s3, name)
    assert objects and LOCK not in objects
    for key, (_, head) in objects.items():
        assert head["ObjectLockMode"] == "COMPLIANCE", key


def test_a_spooled_manifest_file_is_sent_from_disk_and_its_retry_compares_it_from_disk(
    s3, tmp_path
):
    """records.txt of a large seal is a file (SpooledFile): its PUT reads it as it sends it,
    never whole (a 10M-post seal's is 650 MB), and a publish retried after a crash accepts
    only an object holding exactly its bytes."""
    remote = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)
    spooled = tmp_path / "records.txt"
    size = 24 << 20
    spooled.write_bytes(bytes(range(256)) * (size // 256))
    digest = hashlib.sha256(spooled.read_bytes()).hexdigest()
    files = {"records.txt": SpooledFile(spooled, digest), MANIFEST: b'{"seq": 1}\n'}
    folder = manifests_dir(remote) / dir_name(1, "run-1", "alice")
    # The clients made and their service models loaded first: not what a PUT holds.
    spare = manifests_dir(remote) / dir_name(1, "run-0", "alice")
    publish_manifest(remote, {"records.txt": b"00\n", MANIFEST: b"{}\n"}, spare)
    tracemalloc.start()
    try:
        publish_manifest(remote, files, folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < size // 4, f"{peak:,} bytes held to send a {size:,}-byte file"
    assert (folder / "records.txt").read_bytes() == spooled.read_bytes()
    # A retry finds the object already there: the same bytes count as written...
    assert put_evidence_exact(folder / "records.txt", spooled)
    # ...other bytes do not, whether they differ, stop short, or run on.
    changed = bytearray(spooled.read_bytes())
    changed[size // 2] ^= 1
    for name, data in {
        "changed": bytes(changed),
        "shorter": spooled.read_bytes()[:-1],
        "longer": spooled.read_bytes() + b"\n",
    }.items():
        other = tmp_path / name
        other.write_bytes(data)
        assert not put_evidence_exact(folder / "records.txt", other), name
        assert not put_evidence_exact(folder / "records.txt", data), name
    # A key with no object yet is written, from a file as from bytes.
    assert put_evidence_exact(spare.parent / "spare" / "records.txt", spooled)
