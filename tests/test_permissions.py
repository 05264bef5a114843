"""Owner-only data whatever the umask: the data root and every folder under it 0700, files 0600,
sealed evidence 0400 (README, "Permissions")."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from tasks.alerts.smtp import write_outbox
from tasks.evidence.rawstore import write_new
from tasks.files import locked, private_root, replace_file


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, int]:
    """Every path under ``root`` (root included, as ".") with its permission bits."""
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for p in root.rglob("*"):
        out[p.relative_to(root).as_posix()] = stat.S_IMODE(p.lstat().st_mode)
    return out


def open_to_others(root: Path) -> list[str]:
    """What ``find root -perm /g=rwx,o=rwx`` would list."""
    return sorted(p for p, m in modes(root).items() if m & 0o077)


@pytest.mark.parametrize("mask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_store_writes_are_owner_only_whatever_the_umask(tmp_path, mask):
    root = tmp_path / "data"
    with umask(mask):
        with locked(root):
            replace_file(root / "state" / "watermarks.json", "{}")
            write_new(root, root / "evidence" / "keys" / "k.pem", b"sealed")
        write_outbox(root / "outbox", _message(), "m1")
    assert modes(root) == {
        ".": 0o700,
        ".lock": 0o600,
        "state": 0o700,
        "state/watermarks.json": 0o600,
        "evidence": 0o700,
        "evidence/.tmp": 0o700,
        "evidence/keys": 0o700,
        "evidence/keys/k.pem": 0o400,
        "outbox": 0o700,
        "outbox/m1.eml": 0o600,
    }


def _message() -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = "x"
    msg.set_content("y")
    return msg


def test_a_root_open_to_others_is_tightened_whole_at_the_next_write(tmp_path):
    """A data root made before the rule (0755, files 0644, evidence 0444) is fixed by the next
    run: folders 0700, files 0600, read-only files stay read-only as 0400."""
    root = tmp_path / "data"
    (root / "mentions" / "target=a").mkdir(parents=True)
    (root / "mentions" / "target=a" / "part-0.parquet").write_bytes(b"x")
    (root / "evidence").mkdir()
    (root / "evidence" / "seg.parquet").write_bytes(b"y")
    for p, m in (
        (root, 0o755),
        (root / "mentions", 0o755),
        (root / "mentions" / "target=a", 0o755),
        (root / "mentions" / "target=a" / "part-0.parquet", 0o644),
        (root / "evidence", 0o777),
        (root / "evidence" / "seg.parquet", 0o444),
    ):
        os.chmod(p, m)
    private_root(root)
    assert modes(root) == {
        ".": 0o700,
        "mentions": 0o700,
        "mentions/target=a": 0o700,
        "mentions/target=a/part-0.parquet": 0o600,
        "evidence": 0o700,
        "evidence/seg.parquet": 0o400,
    }


@pytest.mark.usefixtures("prefect_harness")
def test_a_backfill_leaves_nothing_open_to_others_under_umask_000(tmp_path, targets_file):
    """The real pipeline (store, evidence, seal, validation results, GX Data Docs, run record)
    with the most permissive umask. The root exists and is already 0700, so no catch-up pass
    hides a write site that forgot its mode."""
    from flows.pipeline import backfill

    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    os.chmod(root, 0o700)
    config = tmp_path / "tocsin.toml"
    config.write_text(f"data_docs = true\ntargets_file = {str(targets_file)!r}\n")
    with umask(0o000):
        (summary,) = backfill(
            target="demo",
            start=datetime(2020, 1, 30, tzinfo=UTC),
            end=datetime(2020, 1, 31, tzinfo=UTC),
            data_dir=str(root),
            config_file=str(config),
        )
    assert summary["written"] > 0
    assert open_to_others(root) == []
    found = modes(root)
    for folder in ("mentions", "evidence/pages", "evidence/manifests", "validation", "gx", "runs"):
        assert found[folder] == 0o700, folder
    files = {p: m for p, m in found.items() if (root / p).is_file()}
    # Evidence, and the public keys and TSA certificates kept beside it (a seal signs by
    # default now), are read-only.
    kept = ("evidence/pages/", "evidence/manifests/", "evidence/keys/", "evidence/tsa/")
    sealed = {p: m for p, m in files.items() if p.startswith(kept)}
    assert any(p.startswith("evidence/keys/") for p in sealed)
    assert sealed and set(sealed.values()) == {0o400}, sealed
    others = {p: m for p, m in files.items() if p not in sealed}
    assert any(p.startswith("gx/") for p in others) and any(
        p.startswith("validation/") for p in others
    )
    assert set(others.values()) == {0o600}, others
