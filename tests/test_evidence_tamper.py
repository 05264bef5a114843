"""Any alteration of the evidence is detected and named: a byte anywhere, a record or a page
removed or added, a manifest removed, added or reordered, a key swapped."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import orjson
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.targets import Target
from tasks.evidence import EvidenceError, report_lines, seal_run, verify_evidence
from tasks.evidence.manifest import MANIFEST, SIGNATURE, list_manifests, manifest_bytes
from tasks.evidence.rawstore import list_segments
from tasks.evidence.sign import generate_key, load_private_key, sign
from tasks.evidence.table import EVIDENCE_PAGES
from tasks.parse import sha256_hex
from tests.support.evidence import (
    NOW,
    build_vault,
    copy_vault,
    ingest_and_seal,
    pages_of_run,
)

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
        # run-2's 4 tweet pages (its empty, broken and error pages are run-1's: referenced)
        finding.message.startswith("missing: 4 pages and 12 records sealed in it")
        and len(finding.records) == 12
    )


@pytest.mark.parametrize("which", [0, 1], ids=["first", "last"])
def test_a_removed_manifest_is_detected(vault, which):
    victim = list_manifests(vault)[which].path
    shutil.rmtree(victim)
    report = verify_evidence(vault)
    assert not report.ok
    if which == 0:
        assert (
            "evidence/manifests/00000001--…--alice: missing: manifest 1 of target alice was "
            "removed; 00000002--run-2--alice follows the gap" in text(report)
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


# --- The working tables against the sealed records -------------------------------------------

ALICE = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """Two runs kept, parsed, validated, stored and sealed (unsigned, untimestamped)."""
    root = tmp_path_factory.mktemp("stored") / "data"
    for r in range(2):
        pages = pages_of_run(3, first_id=1000 * (r + 1))
        assert ingest_and_seal(root, pages, ALICE, f"run-{r + 1}", None, None) is not None
    return root


@pytest.fixture
def tables(stored, tmp_path) -> Path:
    return copy_vault(stored, tmp_path / "data")


def _partition(root: Path, table: str = "mentions", day: str = "2020-02-01") -> Path:
    return root / table / "target=alice" / f"date={day}" / "part-0.parquet"


def _rewrite(path: Path, change) -> pl.DataFrame:
    """Rewrite one stored partition after ``change``; the rows as they were before."""
    before = pl.read_parquet(path)
    change(before).write_parquet(path)
    return before


def test_a_pristine_installation_matches_its_tables_row_for_row(stored):
    report = verify_evidence(stored)
    t = report.tables
    assert report.ok and t is not None and t.present, text(report)
    # 3 tweets a page, 3 pages a run, 2 runs; the broken and the error page are quarantined
    # once each (the second run's copies are the same records).
    assert t.mentions == 18 and t.quarantine == 2 and t.compared == 20
    assert (t.edited, t.deleted, t.unsealed, t.not_compared) == (0, 0, 0, 0)
    assert "tables: 18 mentions and 2 quarantine row(s); 20 re-derived from their sealed " in text(
        report
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        pytest.param("text", pl.lit("@alice_reporter something else"), id="text"),
        pytest.param("author_name", pl.lit("Someone Else"), id="author_name"),
        pytest.param("lang", pl.lit("en"), id="lang"),
        pytest.param("author_followers", pl.lit(99_999, pl.Int64), id="author_followers"),
        pytest.param("page_sha256", pl.lit("0" * 64), id="page_sha256"),
        pytest.param("source_ref", pl.lit("elsewhere.jsonl:9"), id="source_ref"),
    ],
)
def test_an_edited_mentions_cell_is_named_with_its_row_and_column(tables, column, value):
    path = _partition(tables)
    before = _rewrite(
        path,
        lambda df: df.with_columns(
            pl.when(pl.col("post_id") == "1001").then(value).otherwise(pl.col(column)).alias(column)
        ),
    )
    raw = before.filter(pl.col("post_id") == "1001")["raw_sha256"][0]
    report = verify_evidence(tables)
    assert not report.ok and report.tables is not None and report.tables.edited == 1
    (finding,) = report.errors
    assert finding.path == "mentions/target=alice/date=2020-02-01"
    assert finding.message.startswith(f"row of post 1001 (record {raw}): {column} differs from ")
    assert finding.message.endswith("the row was edited")
    assert report_lines(report)[-1].startswith("FAILED: 1 problem(s)")


def test_a_deleted_mentions_row_is_a_finding_naming_its_sealed_record(tables):
    before = _rewrite(_partition(tables), lambda df: df.filter(pl.col("post_id") != "2011"))
    raw = before.filter(pl.col("post_id") == "2011")["raw_sha256"][0]
    report = verify_evidence(tables)
    assert report.tables is not None and report.tables.deleted == 1
    (finding,) = report.errors
    assert finding.path == "mentions/target=alice" and finding.records == [raw]
    assert finding.message.startswith(f"record {raw} (post 2011, page run.jsonl:2, sealed in ")
    assert finding.message.endswith("has no row in mentions or quarantine: its row was deleted")


def test_an_edited_or_deleted_quarantine_row_is_a_finding(tables):
    (path,) = (tables / "quarantine" / "target=alice").glob("date=*/part-0.parquet")
    rows = pl.read_parquet(path)
    victim = rows.filter(pl.col("raw") == "not json at all {")["raw_sha256"][0]
    _rewrite(
        path,
        lambda df: df.with_columns(
            raw=pl.when(pl.col("raw_sha256") == victim)
            .then(pl.lit("harmless"))
            .otherwise(pl.col("raw"))
        ),
    )
    edited = verify_evidence(tables)
    assert [f.message.split(": ", 1)[1] for f in edited.errors] == [
        "raw differs from its sealed record (sealed in 00000001--run-1--alice): the row was edited"
    ]
    _rewrite(path, lambda df: df.filter(pl.col("raw_sha256") != victim))
    deleted = verify_evidence(tables)
    assert deleted.tables is not None and deleted.tables.deleted == 1
    (finding,) = deleted.errors
    assert finding.message.startswith(
        f"record {victim} (no readable post id, page run.jsonl:broken"
    )


def test_a_row_without_a_sealed_record_is_a_warning_that_the_verdict_names(tables):
    def add(df: pl.DataFrame) -> pl.DataFrame:
        extra = df.head(1).with_columns(
            post_id=pl.lit("9999"), version_id=pl.lit("9999"), raw_sha256=pl.lit("f" * 64)
        )
        return pl.concat([df, extra])

    _rewrite(_partition(tables), add)
    report = verify_evidence(tables)
    assert report.ok and report.tables is not None and report.tables.unsealed == 1
    (warning,) = [w for w in report.warnings if w.topic == "unsealed"]
    assert warning.message.startswith(f"row of post 9999 (record {'f' * 64}) has no sealed record")
    assert report_lines(report)[-1].startswith(
        "OK with warnings: 2 manifest(s) unsigned, 2 untimestamped, "
        "1 row(s) without a sealed record ("
    )


def test_the_tables_check_stays_fast_on_the_demo_scale(tables):
    """Not a timed assertion: the check runs vectorised, so the report says how long it took."""
    report = verify_evidence(tables)
    assert report.seconds >= 0 and report.tables is not None and report.tables.compared == 20


def test_an_evidence_only_copy_says_the_tables_were_not_compared(pristine):
    report = verify_evidence(pristine)
    assert report.ok and report.tables is not None and not report.tables.present
    assert report_lines(report)[-1].startswith("OK with warnings: working tables not compared (")


def test_a_signed_timestamped_installation_without_tables_problems_is_plain_ok(
    tmp_path, signing_key, tsa
):
    root = tmp_path / "data"
    ingest_and_seal(root, pages_of_run(2), ALICE, "run-1", signing_key, tsa)
    report = verify_evidence(root)
    assert report_lines(report)[-1].startswith(
        "OK: nothing altered, missing or added; 1 manifest(s) signed and timestamped, "
        "8 table rows match their sealed records ("
    ), text(report)
    assert (
        "covered: 1 of 1 manifest(s) (targets alice; window all days), 1 segments, 5 pages, "
        "8 records (hashes, Merkle roots); signed 1 of 1, timestamped 1 of 1"
    ) in text(report)


def test_unsigned_untimestamped_manifests_are_warnings_never_plain_ok(stored):
    report = verify_evidence(stored)
    assert (report.signed, report.timestamped, report.manifests_checked) == (0, 0, 2)
    assert [w.message for w in report.warnings] == [
        "2 of 2 manifest(s) checked unsigned: nothing proves who sealed them (no signing key "
        "when sealed): 00000001--run-1--alice, 00000002--run-2--alice",
        "2 of 2 manifest(s) checked untimestamped: nothing proves when they were sealed (no TSA "
        "token): 00000001--run-1--alice, 00000002--run-2--alice",
    ]
    assert report_lines(report)[-1].startswith(
        "OK with warnings: 2 manifest(s) unsigned, 2 untimestamped ("
    )


def test_an_unknown_target_or_an_inverted_window_is_refused(stored):
    with pytest.raises(
        EvidenceError,
        match=r"^unknown target 'nobody': not in the targets file and nothing of it under .+ "
        r"\(known: alice\)$",
    ):
        verify_evidence(stored, target="nobody")
    with pytest.raises(EvidenceError, match=r"^--to 2020-01-01 is before --from 2020-02-01: "):
        verify_evidence(stored, start=date(2020, 2, 1), end=date(2020, 1, 1))


def test_a_configured_target_with_nothing_sealed_is_not_verified(stored):
    report = verify_evidence(stored, target="bob", configured_targets=["alice", "bob"])
    assert report.ok and not report.verified and report.manifests_checked == 0
    assert report_lines(report)[-1].startswith(
        "NOTHING VERIFIED: no sealed manifest for target bob in window all days"
    )
    # The runs' pages are dated up to NOW (the broken page by its retrieval day).
    outside = verify_evidence(stored, target="alice", start=date(2027, 1, 1))
    assert not outside.verified
    assert "window from 2027-01-01 on (UTC days)" in report_lines(outside)[-1]


def test_a_window_checks_only_the_rows_of_its_manifests(tables):
    _rewrite(
        _partition(tables),
        lambda df: df.with_columns(
            text=pl.when(pl.col("post_id") == "1001")
            .then(pl.lit("edited"))
            .otherwise(pl.col("text"))
        ),
    )
    report = verify_evidence(tables, target="alice", start=date(2020, 2, 1), end=date(2020, 2, 1))
    assert report.manifests_checked == 2 and report.tables is not None
    assert report.tables.edited == 1
