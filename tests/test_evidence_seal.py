"""The evidence copy and sealing: append-only, crash-safe, idempotent."""

from __future__ import annotations

import fcntl
import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.errors import ConfigError
from tasks.evidence import (
    EvidenceError,
    keep_pages,
    rawstore,
    retry_timestamps,
    seal_report,
    seal_run,
    verify_evidence,
)
from tasks.evidence import manifest as manifest_module
from tasks.evidence import seal as seal_module
from tasks.evidence.manifest import MANIFEST, TOKEN, list_manifests, records_lines
from tasks.evidence.rawstore import list_segments, read_segment, relative
from tasks.evidence.sign import generate_key
from tasks.pages import RawPage
from tests.support.evidence import NOW, kept, pages_of_run

# The local TSA, the signing key and the vault builders every evidence test shares.


def test_pages_go_downstream_only_once_their_segment_is_on_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 2)
    root = tmp_path / "data"
    pages = pages_of_run(5)
    seen = []
    for p in keep_pages(pages, root, "run-1", "alice"):
        on_disk = {k.page.body for s in list_segments(root) for k in read_segment(s)}
        assert p.body in on_disk
        seen.append(p)
    assert seen == pages  # unchanged, in order
    segs = list_segments(root, "alice")
    assert [s.name for s in segs] == [f"seg-{i:06d}.parquet" for i in range(1, 5)]
    back = [k for s in segs for k in read_segment(s)]
    assert [k.page for k in back] == pages and [k.seq for k in back] == list(range(len(pages)))


def test_pages_received_before_a_source_fails_are_still_kept(tmp_path):
    root = tmp_path / "data"

    def failing():
        yield from pages_of_run(2)
        raise ConnectionError("platform went away")

    with pytest.raises(ConnectionError):
        list(keep_pages(failing(), root, "run-1", "alice"))
    assert len([k for s in list_segments(root) for k in read_segment(s)]) == len(pages_of_run(2))


def test_no_segment_is_ever_overwritten(tmp_path):
    root = tmp_path / "data"
    first = rawstore.write_segment(root, "alice", "run-1", pages_of_run(1))
    before = first.read_bytes()
    tmp = rawstore.tmp_path(root, ".parquet")
    tmp.write_bytes(b"intruder")
    assert rawstore.publish(tmp, first) is False
    assert first.read_bytes() == before
    second = rawstore.write_segment(root, "alice", "run-1", pages_of_run(1))
    assert second.name == "seg-000002.parquet" and first.read_bytes() == before
    assert pq.read_metadata(second).num_rows == len(pages_of_run(1))


def test_provenance_never_keeps_a_credential(tmp_path):
    root = tmp_path / "data"
    page = RawPage(
        b"{}",
        "x",
        "q",
        NOW,
        provenance={"url": "https://api.x.com/2/x", "Authorization": "Bearer s3cret"},
    )
    kept([page], root, "run-1")
    (back,) = read_segment(list_segments(root)[0])
    assert back.page.provenance == {
        "url": "https://api.x.com/2/x",
        "Authorization": "[removed: looks like a credential]",
    }


@pytest.mark.parametrize("run_id", ["../escape", "a/b", ".hidden", ""])
def test_names_that_could_escape_the_evidence_folder_are_refused(tmp_path, run_id):
    with pytest.raises(ConfigError, match="cannot name an evidence folder"):
        list(keep_pages([], tmp_path, run_id, "alice"))


def test_sealing_twice_seals_nothing_twice_and_a_rerun_seals_only_the_new(tmp_path, signing_key):
    root = tmp_path / "data"
    kept(pages_of_run(3), root, "run-1")
    first = seal_run(root, "run-1", "alice", signing_key=signing_key, tsa_url=None, now=NOW)
    assert first is not None and first.name == "00000001--run-1--alice"
    assert seal_run(root, "run-1", "alice", signing_key=signing_key, tsa_url=None, now=NOW) is None
    kept(pages_of_run(2, first_id=9000), root, "run-2")
    second = seal_report(root, "run-2", "alice", signing_key=signing_key, tsa_url=None, now=NOW)
    m1, m2 = (json.loads((p / MANIFEST).read_text()) for p in (first, second.manifest))
    assert m2["seq"] == 2 and m2["previous_manifest_sha256"] == list_manifests(root)[0].sha256
    # The empty, broken and error pages are the same bytes as run-1's: referenced, not copied.
    assert m2["runs"] == ["run-2"] and second.pages == len(pages_of_run(2)) - 3
    assert [r["pages"] for r in m2["references"]] == [3]
    assert {s["file"] for s in m1["segments"]}.isdisjoint(s["file"] for s in m2["segments"])
    assert m1["counts"] == {
        "segments": 1,
        "pages": 6,
        "records": 3 * 3 + 2,
    }  # 3 tweets a page, broken line, error page
    report = verify_evidence(root)
    assert report.ok, report.errors
    assert report.records == m1["counts"]["records"] + m2["counts"]["records"]


def test_what_a_crashed_run_left_unsealed_is_sealed_by_the_next(tmp_path):
    root = tmp_path / "data"
    kept(pages_of_run(2), root, "run-crashed")  # the run died before its seal
    report = verify_evidence(root)
    assert not report.ok and "no manifest covers this segment" in report.errors[0].message
    kept(pages_of_run(1, first_id=7000), root, "run-next")
    result = seal_report(root, "run-next", "alice", signing_key=None, tsa_url=None, now=NOW)
    manifest = json.loads((result.manifest / MANIFEST).read_text())
    assert manifest["runs"] == ["run-crashed", "run-next"] and manifest["run_id"] == "run-next"
    assert verify_evidence(root).ok


@pytest.mark.parametrize("where", ["sign", "rename"])
def test_a_crash_mid_seal_leaves_no_manifest_and_the_next_seal_completes(
    tmp_path, signing_key, monkeypatch, where
):
    root = tmp_path / "data"
    kept(pages_of_run(2), root, "run-1")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("power cut")

    # The rename that puts a manifest folder in place is manifest.publish_manifest's.
    target = seal_module.sign if where == "sign" else manifest_module.os
    monkeypatch.setattr(target, "sign" if where == "sign" else "rename", crash)
    with pytest.raises(KeyboardInterrupt):
        seal_run(root, "run-1", "alice", signing_key=signing_key, tsa_url=None, now=NOW)
    monkeypatch.undo()
    assert list_manifests(root) == []
    assert not list((root / "evidence" / ".tmp").iterdir())  # no folder, no records.txt aside
    assert (
        seal_run(root, "run-1", "alice", signing_key=signing_key, tsa_url=None, now=NOW) is not None
    )
    assert verify_evidence(root).ok


def test_a_damaged_manifest_stops_sealing_so_nothing_altered_is_sealed_again(tmp_path):
    root = tmp_path / "data"
    kept(pages_of_run(1), root, "run-1")
    path = seal_run(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW) / MANIFEST
    path.chmod(0o644)
    path.write_text("{ not json")
    kept(pages_of_run(1, first_id=8000), root, "run-2")
    with pytest.raises(
        EvidenceError, match=r"00000001--run-1--alice: not a readable manifest .* sealing stopped"
    ):
        seal_run(root, "run-2", "alice", signing_key=None, tsa_url=None, now=NOW)


def test_the_private_key_never_lives_in_the_data_root(tmp_path):
    root = tmp_path / "data"
    with pytest.raises(ConfigError, match="inside the data root"):
        generate_key(root / "keys" / "signing.pem", root)
    key, pub = generate_key(tmp_path / "keys" / "signing.pem", root)
    assert oct(key.stat().st_mode & 0o777) == "0o600" and pub.name == "signing.pub.pem"
    assert oct(pub.stat().st_mode & 0o777) == "0o600"  # keys are owner-only, whatever the umask
    with pytest.raises(ConfigError, match="refusing to overwrite"):
        generate_key(key, root)
    kept(pages_of_run(1), root, "run-1")
    inside = root / "signing.pem"
    inside.write_bytes(key.read_bytes())
    with pytest.raises(ConfigError, match="inside the data root"):
        seal_run(root, "run-1", "alice", signing_key=inside, tsa_url=None, now=NOW)
    seal_run(root, "run-1", "alice", signing_key=key, tsa_url=None, now=NOW)
    stored = list((root / "evidence").rglob("*.pem"))
    assert [p.parent.name for p in stored] == ["keys"] and b"PRIVATE" not in stored[0].read_bytes()


def test_evidence_files_are_read_only(tmp_path: Path):
    root = tmp_path / "data"
    kept(pages_of_run(1), root, "run-1")
    seal_run(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    files = [p for p in (root / "evidence").rglob("*") if p.is_file() and p.name != ".lock"]
    assert files and all(p.stat().st_mode & 0o222 == 0 for p in files)


def test_verify_can_be_limited_to_a_target_and_a_window(tmp_path):
    root = tmp_path / "data"
    kept(pages_of_run(1, day="2020-02-01"), root, "run-1")
    seal_run(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    kept(pages_of_run(1, first_id=5000, day="2020-03-01"), root, "run-2", target="bob")
    seal_run(root, "run-2", "bob", signing_key=None, tsa_url=None, now=NOW)
    from datetime import date

    assert verify_evidence(root).manifests_checked == 2
    assert verify_evidence(root, target="bob").manifests_checked == 1
    feb = verify_evidence(root, start=date(2020, 2, 1), end=date(2020, 2, 29))
    assert feb.manifests_checked == 1 and feb.manifests_total == 2 and feb.ok


def test_manifests_of_format_1_still_verify_by_their_own_rule(tmp_path, monkeypatch):
    """Format 1 sealed an X tweet as its canonical re-serialisation; format 2 as its exact bytes.
    A vault holding both verifies, each manifest by its own rule, and the rules do differ."""
    from tasks.evidence import readback, records
    from tasks.evidence.manifest import FORMAT, FORMAT_1

    root = tmp_path / "data"
    kept(pages_of_run(2, first_id=100), root, "run-1")
    with monkeypatch.context() as m:
        m.setattr(seal_module, "FORMAT", FORMAT_1)
        m.setattr(readback, "page_records", lambda p, t: records.x_records_canonical(p.body))
        seal_report(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    kept(pages_of_run(2, first_id=500), root, "run-2")
    seal_report(root, "run-2", "alice", signing_key=None, tsa_url=None, now=NOW)
    formats = [json.loads((m.path / MANIFEST).read_text())["format"] for m in list_manifests(root)]
    assert formats == [FORMAT_1, FORMAT]
    assert verify_evidence(root).ok
    body = pages_of_run(1, first_id=100)[0].body
    assert records.x_records_canonical(body) != records.x_records(body)


def lock_is_free(root: Path) -> bool:
    """Whether another sealer could take the evidence lock now. flock belongs to an open file, so
    a second open of the lock file conflicts within this process as another process would."""
    with open(root / "evidence" / ".lock", "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


@pytest.mark.parametrize(
    ("meanwhile", "ours", "read_under_lock"),
    [
        pytest.param(["another sealer"], None, [], id="another-sealer-sealed-them"),
        pytest.param(["new segment"], ["run-1", "run-2"], ["run-2"], id="a-segment-came"),
        pytest.param(["another sealer", "new segment"], ["run-2"], ["run-2"], id="both"),
    ],
)
def test_segments_are_read_back_outside_the_lock_and_what_changed_meanwhile_is_sealed_once(
    tmp_path, monkeypatch, meanwhile, ours, read_under_lock
):
    """Two sealers of one target race: each reads back and hashes before taking the lock, then
    under it seals only what is still unsealed, reading there any segment that came meanwhile."""
    root = tmp_path / "data"
    kept(pages_of_run(2), root, "run-1")
    real_part = seal_module.read_part
    reads: list[tuple[str, bool]] = []  # (run of the segment read back, lock free meanwhile)

    def part(root_: Path, path: Path, target: str):
        reads.append((path.parent.name, lock_is_free(root)))
        if len(reads) == 1:  # while the first sealer reads back its first segment
            assert reads[0] == ("run-1", True)  # else the other sealer below would wait forever
            if "another sealer" in meanwhile:
                other = seal_run(
                    root, "run-other", "alice", signing_key=None, tsa_url=None, now=NOW
                )
                assert other is not None
            if "new segment" in meanwhile:
                kept(pages_of_run(1, first_id=9000), root, "run-2")
        return real_part(root_, path, target)

    monkeypatch.setattr(seal_module, "read_part", part)
    result = seal_report(root, "run-1", "alice", signing_key=None, tsa_url=None, now=NOW)
    runs = json.loads((result.manifest / MANIFEST).read_text())["runs"] if result.manifest else None
    assert runs == ours
    assert [run for run, free in reads if not free] == read_under_lock
    covered = [s for m in list_manifests(root) for s in m.segments]
    assert sorted(covered) == [relative(root, p) for p in list_segments(root)]  # each one once
    assert verify_evidence(root).ok


@pytest.mark.parametrize("retry_meanwhile", [False, True], ids=["alone", "retry-meanwhile"])
def test_the_timestamp_authority_is_asked_outside_the_lock(
    tsa, tmp_path, monkeypatch, retry_meanwhile
):
    root = tmp_path / "data"
    kept(pages_of_run(1), root, "run-1")
    real_request = seal_module.tsa.request_token
    free, tokens = [], []

    def request(*args, **kwargs):
        free.append(lock_is_free(root))
        if len(free) == 1:
            assert free[0]  # else the retry below would wait forever
            if retry_meanwhile:  # an operator's retry gets a token first
                assert [e for _, e in retry_timestamps(root, tsa.url, tsa_ca_file=tsa.ca)] == [None]
        tokens.append(real_request(*args, **kwargs))
        return tokens[-1]

    monkeypatch.setattr(seal_module.tsa, "request_token", request)
    result = seal_report(
        root, "run-1", "alice", signing_key=None, tsa_url=tsa.url, tsa_ca_file=tsa.ca, now=tsa.now()
    )
    assert result.timestamped and result.manifest is not None
    assert len(tokens) == 1 + retry_meanwhile
    assert (result.manifest / TOKEN).read_bytes() == tokens[0]  # the first one kept, never replaced
    report = verify_evidence(root, tsa_ca_files=[tsa.ca], tables=False)
    # No warning about the token (its time, its chain); this seal is unsigned, and says so.
    assert report.ok and report.timestamped == 1, report.warnings
    assert [w.message.split(":")[0] for w in report.warnings] == [
        "1 of 1 manifest(s) checked unsigned"
    ], report.warnings


@given(st.lists(st.binary(max_size=40), max_size=20))
def test_records_txt_is_one_hex_sha256_a_line_in_leaf_order(records):
    digests = b"".join(hashlib.sha256(r).digest() for r in records)
    lines = "".join(hashlib.sha256(r).hexdigest() + "\n" for r in records)
    assert records_lines(digests) == lines.encode()


def test_without_a_configured_key_the_first_seal_creates_an_owner_only_one_and_says_so(
    tmp_path, caplog
):
    from config.settings import load_settings
    from tasks.evidence.config import key_in_use, signing_key
    from tasks.evidence.sign import fingerprint, load_private_key

    key_file = tmp_path / "home" / ".config" / "tocsin" / "signing-key.pem"
    settings = load_settings(data_dir=tmp_path / "data", evidence_key_file=key_file)
    cfg = settings.evidence
    assert not key_file.exists()  # reading the settings creates nothing (export, verify)
    root = tmp_path / "data"
    kept(pages_of_run(1), root, "run-1")
    with caplog.at_level("WARNING", logger="tocsin.evidence"):
        result = seal_report(
            root, "run-1", "alice", signing_key=signing_key(cfg, root), tsa_url=None, now=NOW
        )
    fp = fingerprint(load_private_key(key_file).public_key())
    assert result.signed and "signed" in result.describe()
    assert (key_file.stat().st_mode & 0o777, key_file.parent.stat().st_mode & 0o777) == (
        0o600,
        0o700,
    )
    (created,) = [
        r.getMessage() for r in caplog.records if "created the signing key" in r.getMessage()
    ]
    assert str(key_file) in created and f"fingerprint sha256:{fp}" in created
    manifest = json.loads((result.manifest / MANIFEST).read_bytes())
    assert manifest["signature"]["public_key_sha256"] == fp
    again = key_in_use(settings.evidence, settings.data_dir)
    assert again is not None and (again.created, again.fingerprint) == (False, fp)


def test_an_operators_key_wins_and_no_key_of_tocsins_own_is_created(tmp_path, signing_key):
    from config.settings import load_settings
    from tasks.evidence import config

    key_file = tmp_path / "own" / "signing-key.pem"
    settings = load_settings(
        data_dir=tmp_path / "data", evidence_key_file=key_file, evidence_signing_key=signing_key
    )
    assert config.signing_key(settings.evidence, settings.data_dir) == signing_key
    assert not key_file.exists()


def test_tocsins_own_key_is_refused_inside_the_data_root(tmp_path):
    from config.settings import load_settings
    from tasks.evidence.config import key_in_use

    settings = load_settings(
        data_dir=tmp_path / "data", evidence_key_file=tmp_path / "data" / "keys" / "k.pem"
    )
    with pytest.raises(ConfigError, match="is inside the data root"):
        key_in_use(settings.evidence, settings.data_dir)
    assert not (tmp_path / "data" / "keys" / "k.pem").exists()


def test_two_first_seals_at_once_end_up_with_one_key(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from tasks.evidence.sign import ensure_key

    path = tmp_path / "cfg" / "signing-key.pem"
    with ThreadPoolExecutor(8) as pool:
        used = list(pool.map(lambda _: ensure_key(path), range(8)))
    assert len({u.fingerprint for u in used}) == 1
    assert sum(u.created for u in used) == 1
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_the_vault_state_counts_only_what_checks(tmp_path, signing_key, tsa):
    """Signed means a signature that verifies; timestamped, a token over the manifest's hash;
    a TSA that failed leaves the manifest pending; a kept segment not sealed is counted."""
    from tasks.evidence.manifest import SIGNATURE
    from tasks.evidence.state import EvidenceState, evidence_state

    root = tmp_path / "data"
    kept(pages_of_run(1), root, "run-1")
    assert evidence_state(root, "alice") == EvidenceState(unsealed_segments=1)
    tsa.mode = "http500"
    first = seal_report(
        root, "run-1", "alice", signing_key=signing_key, tsa_url=tsa.url, now=tsa.now()
    )
    tsa.mode = "ok"
    kept(pages_of_run(1, first_id=5000), root, "run-2")
    seal_report(root, "run-2", "alice", signing_key=signing_key, tsa_url=tsa.url, now=tsa.now())
    kept(pages_of_run(1, first_id=9000), root, "run-3")
    state = evidence_state(root, "alice")
    assert state == EvidenceState(
        manifests=2, signed=2, timestamped=1, pending_timestamps=1, unsealed_segments=1
    )
    assert not state.complete
    sig = first.manifest / SIGNATURE
    sig.chmod(0o644)
    sig.write_bytes(bytes(64))  # a signature that does not verify is no signature
    assert evidence_state(root, "alice").signed == 1
    assert evidence_state(root, "bob") == EvidenceState()
