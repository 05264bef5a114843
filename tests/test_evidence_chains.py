"""Per-target evidence chains (issue 15, point 6): each target's manifests number themselves and
link to the target's previous manifest only, so targets seal independently; a vault sealed
before (one installation-wide chain) stays verifiable, and new seals continue each target's
chain from its last manifest there."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from config.targets import Target
from tasks.evidence import keep_pages, seal_report, verify_evidence
from tasks.evidence.manifest import list_manifests
from tests.support.evidence import NOW, copy_vault, export_extracted, pages_of_run

ALICE = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
BOB = Target(name="bob", timezone="Europe/Paris", handles={"x": "bob_reporter"})


def _run(root: Path, target: Target, run: str, first_id: int, per_target: bool = True) -> str:
    from tasks.ingest import store_batch
    from tasks.parse import parse_batches
    from tasks.validate import split

    pages = pages_of_run(2, first_id=first_id)[:2]  # tweets pages only: no shared bytes
    for staging, _ in parse_batches(keep_pages(pages, root, run, target.name), target, 50_000):
        valid, rejected = split(staging, NOW, timedelta(minutes=5))
        store_batch(root, valid, rejected, run)
    sealed = seal_report(
        root, run, target.name, signing_key=None, tsa_url=None, now=NOW, per_target=per_target
    )
    assert sealed.manifest is not None
    return sealed.manifest.name


def _links(root: Path) -> dict[str, tuple[int, str | None]]:
    by_sha = {m.sha256: m.name for m in list_manifests(root)}
    out = {}
    for m in list_manifests(root):
        c = json.loads(m.raw or b"{}")
        out[m.name] = (c["seq"], by_sha.get(c["previous_manifest_sha256"]))
    return out


@pytest.fixture(scope="module")
def two_targets(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("chains") / "data"
    for i, (target, run) in enumerate([(ALICE, "a1"), (BOB, "b1"), (ALICE, "a2"), (BOB, "b2")]):
        _run(root, target, run, 1000 * (i + 1))
    return root


def test_each_target_numbers_and_links_its_own_manifests(two_targets):
    assert _links(two_targets) == {
        "00000001--a1--alice": (1, None),
        "00000002--a2--alice": (2, "00000001--a1--alice"),
        "00000001--b1--bob": (1, None),
        "00000002--b2--bob": (2, "00000001--b1--bob"),
    }
    assert verify_evidence(two_targets).ok


def test_one_targets_evidence_alone_verifies_without_the_others(two_targets, tmp_path):
    alone = copy_vault(two_targets, tmp_path / "data")
    shutil.rmtree(alone / "evidence" / "pages" / "bob")
    for m in (alone / "evidence" / "manifests").glob("*--bob"):
        shutil.rmtree(m)
    report = verify_evidence(alone, target="alice", tables=False)
    assert report.ok and report.manifests_checked == 2, report.errors


def test_a_removed_manifest_breaks_only_its_targets_chain(two_targets, tmp_path):
    copy = copy_vault(two_targets, tmp_path / "data")
    shutil.rmtree(copy / "evidence/manifests/00000001--b1--bob")
    errors = [(f.path, f.message) for f in verify_evidence(copy).errors]
    assert (
        "evidence/manifests/00000001--…--bob",
        "missing: manifest 1 of target bob was removed; 00000002--b2--bob follows the gap",
    ) in errors
    assert not [p for p, _ in errors if "alice" in p]


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory) -> Path:
    """A vault sealed in the installation-wide chain (the layout before), then per target."""
    root = tmp_path_factory.mktemp("legacy") / "data"
    for i, (target, run) in enumerate([(ALICE, "a1"), (BOB, "b1"), (ALICE, "a2")]):
        _run(root, target, run, 1000 * (i + 1), per_target=False)
    _run(root, BOB, "b2", 7000)
    _run(root, ALICE, "a3", 8000)
    return root


def test_a_vault_of_the_installation_wide_chain_stays_verifiable_and_continues(upgraded):
    assert _links(upgraded) == {
        "00000001--a1--alice": (1, None),
        "00000002--b1--bob": (2, "00000001--a1--alice"),
        "00000003--a2--alice": (3, "00000002--b1--bob"),
        "00000003--b2--bob": (3, "00000002--b1--bob"),
        "00000004--a3--alice": (4, "00000003--a2--alice"),
    }
    report = verify_evidence(upgraded)
    assert report.ok, [(f.path, f.message) for f in report.errors]


def test_in_a_mixed_vault_removing_an_old_manifest_is_still_named(upgraded, tmp_path):
    copy = copy_vault(upgraded, tmp_path / "data")
    shutil.rmtree(copy / "evidence/manifests/00000003--a2--alice")
    errors = [(f.path, f.message) for f in verify_evidence(copy).errors]
    assert any(
        p == "evidence/manifests/00000004--a3--alice/manifest.json" and m.startswith("chain broken")
        for p, m in errors
    ), errors


def test_the_export_of_a_mixed_vault_checks_its_links(upgraded, tmp_path):
    folder = export_extracted(upgraded, tmp_path)
    run = subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    # alice: 1 (first), 3 -> 2 (bob's: not in her bundle), 4 -> 3 (checked).
    assert "1 chain link(s) check" in run.stdout
    assert "1 chain link(s) lead outside this bundle (not checked)" in run.stdout
    head = folder / "manifests/00000003--a2--alice/manifest.json"
    head.write_text(head.read_text().replace('"sealed_at": "', '"sealed_at": "1'))
    run = subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 1
    assert (
        "FAILED: manifests/00000004--a3--alice/manifest.json: its link to the previous manifest"
        in run.stdout
    ), run.stdout
