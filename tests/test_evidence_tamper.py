"""Any alteration of the evidence is detected and named: a byte anywhere, a record or a page
removed or added, a manifest removed, added or reordered, a key swapped."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.evidence import report_lines, seal_run, verify_evidence
from tasks.evidence.manifest import MANIFEST, SIGNATURE, list_manifests, manifest_bytes
from tasks.evidence.rawstore import list_segments
from tasks.evidence.sign import generate_key, load_private_key, sign
from tasks.evidence.table import EVIDENCE_PAGES
from tasks.parse import sha256_hex
from tests.test_evidence_support import NOW, build_vault, copy_vault

FLIPPABLE = (
    "seg-",
    MANIFEST,
    SIGNATURE,
    ".tsr",
    "pages.jsonl",
    "records.txt",
    "SHA256SUMS",
    ".pem",
)

# The local TSA, the signing key and the vault builders every evidence test shares.
pytest_plugins = ["tests.test_evidence_support"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, signing_key, tsa_server) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "data"
    tsa_server.mode = "ok"
    build_vault(root, signing_key, tsa_server)
    report = verify_evidence(root)
    assert report.ok and report.facts.signed == 2 and report.facts.timestamped == 2, report.errors
    return root


@pytest.fixture
def vault(pristine, tmp_path) -> Path:
    return copy_vault(pristine, tmp_path / "data")


def evidence_files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in (root / "evidence").rglob("*")
        if p.is_file() and any(k in p.name for k in FLIPPABLE)
    )


def text(report) -> str:
    return "\n".join(report_lines(report, full=True))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_single_byte_change_is_detected_and_the_file_named(pristine, data):
    files = evidence_files(pristine)
    rel = data.draw(st.sampled_from(files), label="file")
    size = (pristine / rel).stat().st_size
    pos = data.draw(st.integers(0, size - 1), label="position")
    xor = data.draw(st.integers(1, 255), label="xor")
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_vault(pristine, Path(tmp) / "data")
        raw = bytearray((root / rel).read_bytes())
        raw[pos] ^= xor
        (root / rel).write_bytes(bytes(raw))
        report = verify_evidence(root)
        assert not report.ok, f"{rel}@{pos}^{xor} went unnoticed"
        assert rel in text(report), text(report)


def _rewrite_segment(path: Path, change) -> None:
    """Re-encode a segment as a valid Parquet file after ``change`` edits its rows."""
    rows = pq.read_table(path).to_pylist()
    rows = change(rows)
    path.chmod(0o644)
    pq.write_table(pa.Table.from_pylist(rows, schema=EVIDENCE_PAGES.arrow_schema()), path)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_changed_byte_inside_a_raw_page_names_the_page_and_its_records(pristine, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_vault(pristine, Path(tmp) / "data")
        seg = list_segments(root)[0]
        rows = pq.read_table(seg).to_pylist()
        i = data.draw(st.integers(0, len(rows) - 1), label="page")
        pos = data.draw(st.integers(0, len(rows[i]["body"]) - 1), label="position")
        xor = data.draw(st.integers(1, 255), label="xor")

        def flip(rows):
            body = bytearray(rows[i]["body"])
            body[pos] ^= xor
            rows[i]["body"] = bytes(body)
            return rows

        _rewrite_segment(seg, flip)
        report = verify_evidence(root)
        rel = seg.relative_to(root).as_posix()
        assert not report.ok
        assert f"{rel}: page {rows[i]['seq']} ({rows[i]['ref']}) altered" in text(report)


def test_a_removed_record_and_an_added_record_are_named(vault):
    seg = list_segments(vault)[0]
    removed = {}

    def edit(rows):
        page = orjson.loads(rows[0]["body"])
        removed["tweet"] = page["data"].pop(1)
        page["data"].append({"id": "666", "text": "@alice_reporter planted", "author_id": "7"})
        rows[0]["body"] = orjson.dumps(page)
        return rows

    _rewrite_segment(seg, edit)
    report = verify_evidence(vault)
    gone = sha256_hex(orjson.dumps(removed["tweet"]))
    planted = sha256_hex(
        orjson.dumps({"id": "666", "text": "@alice_reporter planted", "author_id": "7"})
    )
    messages = [f.message for f in report.errors if f.records]
    assert f"record {gone} missing (sealed in page 0 (run.jsonl:1))" in messages
    assert f"record {planted} added (never sealed) in page 0 (run.jsonl:1)" in messages


def test_a_removed_page_is_named_with_its_records(vault):
    seg = list_segments(vault)[0]
    _rewrite_segment(seg, lambda rows: rows[1:])
    report = verify_evidence(vault)
    assert "page 0 (run.jsonl:1) missing" in text(report)
    assert sum(1 for f in report.errors if "missing (sealed in page 0" in f.message) == 3


def test_a_removed_segment_is_named(vault):
    seg = list_segments(vault)[-1]
    seg.unlink()
    report = verify_evidence(vault)
    rel = seg.relative_to(vault).as_posix()
    (finding,) = [f for f in report.errors if f.path == rel]
    assert (
        finding.message.startswith("missing: 7 pages and 14 records sealed in it")
        and len(finding.records) == 14
    )


@pytest.mark.parametrize("which", [0, 1], ids=["first", "last"])
def test_a_removed_manifest_is_detected(vault, which):
    victim = list_manifests(vault)[which].path
    shutil.rmtree(victim)
    report = verify_evidence(vault)
    assert not report.ok
    if which == 0:
        assert "missing: manifest 1 was removed; 00000002--run-2--alice follows the gap" in text(
            report
        )
    # Either way its segments are no longer accounted for by any manifest.
    assert "no manifest covers this segment" in text(report)


def test_an_added_copy_of_a_manifest_is_detected(vault):
    src = list_manifests(vault)[1].path
    shutil.copytree(src, src.with_name("00000003--run-2--alice"))
    report = verify_evidence(vault)
    assert "00000003--run-2--alice/manifest.json: moved or altered: says seq 2" in text(report)
    assert "00000003--run-2--alice/manifest.json: chain broken" in text(report)


def test_reordered_manifests_are_detected(vault):
    one, two = (m.path for m in list_manifests(vault))
    one.rename(one.with_name("tmp"))
    two.rename(two.with_name("00000001--run-2--alice"))
    (one.with_name("tmp")).rename(one.with_name("00000002--run-1--alice"))
    report = verify_evidence(vault)
    assert "00000001--run-2--alice/manifest.json: moved or altered" in text(report)
    assert "00000002--run-1--alice/manifest.json: moved or altered" in text(report)


def test_a_forged_manifest_signed_with_another_key_is_detected(vault, signing_key, tmp_path):
    """An intruder who can write the data root but lacks the private key appends a manifest that
    claims extra records, signs it with their own key and stores their public key."""
    forger, forger_pub = generate_key(tmp_path / "forger.pem")
    key = load_private_key(forger)
    last = list_manifests(vault)[-1]
    fake = dict(last.manifest or {}, seq=3, run_id="run-3", previous_manifest_sha256=last.sha256)
    from tasks.evidence.sign import fingerprint

    fp = fingerprint(key.public_key())
    fake["signature"] = {"algorithm": "Ed25519", "file": SIGNATURE, "public_key_sha256": fp}
    folder = last.path.with_name("00000003--run-3--alice")
    folder.mkdir()
    body = manifest_bytes(fake)
    (folder / MANIFEST).write_bytes(body)
    (folder / SIGNATURE).write_bytes(sign(key, body))
    (vault / "evidence" / "keys" / f"{fp}.pem").write_bytes(forger_pub.read_bytes())
    assert "signed by another key" in text(verify_evidence(vault))
    pub = signing_key.with_name("signing.pub.pem")
    pinned = verify_evidence(vault, public_keys=[pub])
    assert "00000003--run-3--alice/manifest.json: signed by key" in text(pinned)
    assert not any("00000001" in f.path and "signed by key" in f.message for f in pinned.errors)


def test_a_vault_resealed_from_scratch_fails_against_the_pinned_key(vault, signing_key, tmp_path):
    """The strongest intruder re-seals altered evidence under a new key: only anchors outside the
    data root catch it (the pinned public key; a head hash written down; the token times)."""
    seg = list_segments(vault)[0]
    _rewrite_segment(seg, lambda rows: rows[1:])
    shutil.rmtree(vault / "evidence" / "manifests")
    shutil.rmtree(vault / "evidence" / "keys")
    forger, _ = generate_key(tmp_path / "forger.pem")
    for run in ("run-1", "run-2"):
        seal_run(vault, run, "alice", signing_key=forger, tsa_url=None, now=NOW)
    assert verify_evidence(vault).ok  # self-consistent, as any forgery can be
    pub = signing_key.with_name("signing.pub.pem")
    assert not verify_evidence(vault, public_keys=[pub]).ok


def test_a_file_added_to_a_manifest_folder_is_named(vault):
    folder = list_manifests(vault)[0].path
    (folder / "extra.json").write_text(json.dumps({"note": "added later"}))
    report = verify_evidence(vault)
    assert (
        f"{folder.relative_to(vault).as_posix()}/extra.json: added: not a file a seal writes"
        in text(report)
    )


def test_a_replaced_stored_public_key_is_named(vault):
    key_file = next((vault / "evidence" / "keys").glob("*.pem"))
    lines = key_file.read_text().splitlines()
    lines[1] = lines[1][:-2] + ("AA" if not lines[1].endswith("AA") else "BB")
    key_file.write_text("\n".join(lines) + "\n")
    report = verify_evidence(vault)
    assert key_file.relative_to(vault).as_posix() in text(report)
