"""A target's seal reads the target's own manifests, not every target's (issue 16: on an s3://
root each manifest read is a HEAD and a GET, and reading them all made each seal cost O(targets)
requests), and still writes the very manifest a seal reading every manifest writes: the same
bytes, chain links, numbers and recorded timestamps (tasks/evidence/target_chain.py)."""

from __future__ import annotations

import shutil
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from config.targets import Target
from tasks.evidence import EvidenceError, keep_pages, seal_report, target_chain, verify_evidence
from tasks.evidence.manifest import TOKEN, TOKEN_SUM, list_manifests
from tasks.evidence.media import pending_refs
from tasks.evidence.retry import retry_timestamps
from tasks.evidence.vaultstore import vault_root
from tests.support.evidence import NOW, pages_of_run
from tests.support.s3server import s3_client
from tests.support.vaults import DAYS, PREFIX, new_bucket

ALICE, BOB, CAROL = Target(name="alice"), Target(name="bob"), Target(name="carol")
XBOB = Target(name="x--bob")  # its folders end in "--bob" too: read by bob's seal, told apart


def _keep(root: Any, target: Target, run: str, first_id: int) -> None:
    from tasks.ingest import store_batch
    from tasks.parse import parse_batches
    from tasks.validate import split

    pages = pages_of_run(2, first_id=first_id)[:2]
    for staging, _ in parse_batches(keep_pages(pages, root, run, target.name), target, 50_000):
        valid, rejected = split(staging, NOW, timedelta(minutes=5))
        store_batch(root, valid, rejected, run)


def _seal(root: Any, target: Target, run: str, tsa, per_target: bool = True) -> Path:
    sealed = seal_report(
        root,
        run,
        target.name,
        signing_key=None,
        tsa_url=tsa.url,
        tsa_ca_file=tsa.ca,
        now=NOW,
        per_target=per_target,
    )
    assert sealed.manifest is not None
    return sealed.manifest


def _folder(path: Path) -> dict[str, bytes]:
    """The manifest folder's files but its token (the authority's answer differs each time)."""
    return {p.name: p.read_bytes() for p in path.iterdir() if p.name not in (TOKEN, TOKEN_SUM)}


def test_the_manifests_sealed_equal_those_of_a_seal_reading_every_manifest(
    tmp_path, tsa, monkeypatch
):
    """A vault of the installation-wide chain (tokens recorded across targets, one got late by
    retry), then per-target seals, a target whose name ends like another's: at each seal, the
    manifest written equals, byte for byte, the one written by the same seal of a copy of the
    vault that reads every manifest (what every seal did before)."""
    root = tmp_path / "data"
    steps = [  # target, run, per target, TSA mode
        (ALICE, "a1", False, "ok"),
        (BOB, "b1", False, "ok"),
        (ALICE, "a2", False, "ok"),
        (CAROL, "c1", False, "http500"),  # untimestamped: its token comes by retry below
        (BOB, "b2", True, "ok"),  # b1's token was recorded by a2, alice's
        (CAROL, "c2", True, "ok"),  # c1's token recorded by nobody: c2 records it
        (ALICE, "a3", True, "ok"),  # a1's recorded by b1, a2's by... nobody: a3 records it
        (BOB, "b3", True, "ok"),  # b2's token: recorded now; b1's: already
        (XBOB, "x1", True, "ok"),
        (XBOB, "x2", True, "ok"),
        (BOB, "b4", True, "ok"),
    ]
    # The first seal makes the installation's id up: the same in both vaults.
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=16))
    recorded = {}
    for i, (target, run, per_target, mode) in enumerate(steps):
        if run == "b2":
            assert retry_timestamps(root, tsa.url, tsa_ca_file=tsa.ca)[0][1] is None
        _keep(root, target, run, 1000 * (i + 1))
        whole = shutil.copytree(root, tmp_path / f"whole-{run}")
        tsa.mode = mode
        ours = _seal(root, target, run, tsa, per_target)
        with monkeypatch.context() as m:
            m.setattr(target_chain, "own_folder", lambda name, target: True)
            theirs = _seal(whole, target, run, tsa, per_target)
        tsa.mode = "ok"
        assert ours.name == theirs.name
        assert _folder(ours) == _folder(theirs), run
        recorded[run] = sorted(
            next(m for m in list_manifests(root) if m.name == ours.name).manifest[
                "timestamps_recorded"
            ]
        )
    # The cases the steps are there for did happen.
    assert recorded["b2"] == []
    assert recorded["c2"] == ["00000004--c1--carol"]
    assert recorded["a3"] == []
    assert recorded["b3"] == ["00000003--b2--bob"]
    assert recorded["b4"] == ["00000004--b3--bob"]
    by_name = {m.name: m.manifest for m in list_manifests(root)}
    assert by_name["00000003--a2--alice"]["timestamps_recorded"] == {
        "00000002--b1--bob": by_name["00000003--a2--alice"]["timestamps_recorded"][
            "00000002--b1--bob"
        ]
    }
    assert by_name["00000005--b4--bob"]["previous_manifest_sha256"] == next(
        m.sha256 for m in list_manifests(root) if m.name == "00000004--b3--bob"
    )
    assert len({m["installation_id"] for m in by_name.values()}) == 1


def _counting(monkeypatch) -> list[str]:
    """The names of the manifest folders read from now on (every seal's read goes through
    target_chain.read_manifest_dir, or seal's own after the timestamp)."""
    from tasks.evidence import seal as seal_module

    read: list[str] = []
    real = target_chain.read_manifest_dir

    def counted(path: Any) -> Any:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(target_chain, "read_manifest_dir", counted)
    monkeypatch.setattr(seal_module, "read_manifest_dir", counted)
    return read


@pytest.fixture
def per_target_vault(tmp_path, tsa) -> Path:
    root = tmp_path / "data"
    for i, (target, run) in enumerate([(ALICE, "a1"), (BOB, "b1"), (ALICE, "a2"), (ALICE, "a3")]):
        _keep(root, target, run, 1000 * (i + 1))
        _seal(root, target, run, tsa)
    return root


def test_a_targets_seal_reads_no_manifest_of_another_target(per_target_vault, tsa, monkeypatch):
    root = per_target_vault
    _keep(root, BOB, "b2", 9000)
    read = _counting(monkeypatch)
    assert _seal(root, BOB, "b2", tsa).name == "00000002--b2--bob"
    # b1 before the lock and under it; b2 once its token came.
    assert Counter(read) == {"00000001--b1--bob": 2, "00000002--b2--bob": 1}
    read.clear()
    assert pending_refs(root, "bob") == []
    assert read == ["00000001--b1--bob", "00000002--b2--bob"]
    assert verify_evidence(root).ok


def test_a_targets_first_seal_reads_one_manifest_for_the_installation_id(
    per_target_vault, tsa, monkeypatch
):
    root = per_target_vault
    _keep(root, CAROL, "c1", 9000)
    read = _counting(monkeypatch)
    sealed = _seal(root, CAROL, "c1", tsa)
    assert read == ["00000001--a1--alice", "00000001--c1--carol"]
    ids = {m.manifest["installation_id"] for m in list_manifests(root)}
    assert len(ids) == 1 and sealed.name == "00000001--c1--carol"


def test_on_s3_a_targets_seal_gets_no_object_of_another_targets_manifests(tmp_path, tsa):
    with s3_client(tmp_path) as s3:
        root = vault_root(f"s3://{new_bucket(s3)}/{PREFIX}", DAYS)
        for i, (target, run) in enumerate([(ALICE, "a1"), (BOB, "b1"), (ALICE, "a2")]):
            _keep(root, target, run, 1000 * (i + 1))
            _seal(root, target, run, tsa)
        _keep(root, BOB, "b2", 9000)
        calls: Counter[tuple[str, str]] = Counter()

        def count(model: Any, params: dict[str, Any], **_: Any) -> None:
            calls[(model.name, params.get("Key", ""))] += 1

        root.client.meta.events.register("before-parameter-build.s3", count)
        _seal(root, BOB, "b2", tsa)
        keys = {k.removeprefix(f"{PREFIX}/") for (op, k) in calls if op != "PutObject"}
        manifests = {k for k in keys if k.startswith("evidence/manifests/")}
        assert "evidence/manifests/00000001--b1--bob/manifest.json" in manifests
        assert not [k for k in manifests if "--alice/" in k], sorted(manifests)
        assert verify_evidence(root).ok


def test_a_damaged_manifest_stops_its_own_targets_seal_only(per_target_vault, tsa):
    """A seal no longer reads the other targets' manifests: a damaged one stops the seals of its
    own target (nothing altered gets sealed again), not the others' (`tocsin verify` names it)."""
    root = per_target_vault
    damaged = root / "evidence/manifests/00000001--b1--bob/manifest.json"
    damaged.chmod(0o600)
    damaged.write_bytes(b"not json")
    _keep(root, ALICE, "a4", 9000)
    assert _seal(root, ALICE, "a4", tsa).name == "00000004--a4--alice"
    _keep(root, BOB, "b2", 9100)
    with pytest.raises(EvidenceError, match="00000001--b1--bob: not a readable manifest"):
        _seal(root, BOB, "b2", tsa)
    assert not verify_evidence(root).ok


def test_a_target_named_with_a_double_dash_verifies(tmp_path, tsa):
    """ "x--bob" is a valid target name, and its folder "00000001--x1--x--bob" parses as run
    "x1--x" of target "bob": verify compares the folder name made from what the manifest says,
    so neither it nor bob's own manifest is called moved or altered."""
    root = tmp_path / "data"
    for i, (target, run) in enumerate([(XBOB, "x1"), (BOB, "b1"), (XBOB, "x2")]):
        _keep(root, target, run, 1000 * (i + 1))
        _seal(root, target, run, tsa)
    report = verify_evidence(root)
    assert report.ok, [(f.level, f.path, f.message) for f in report.findings]
    assert not [f for f in report.findings if "moved or altered" in f.message]
