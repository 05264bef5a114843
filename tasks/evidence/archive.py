"""Write-once evidence on object storage: every sealed object also goes to an S3 bucket under
Object Lock in COMPLIANCE mode (issue 16, point 3), where no one — not the operator, not an
intruder with the operator's keys — can alter or delete it before its retention date.

The archive (``evidence_archive = "s3://bucket/prefix"``) mirrors the vault's layout under its
prefix: ``evidence/pages/<target>/<run>/seg-*.parquet`` and ``refs-*.jsonl``, every file of
``evidence/manifests/<folder>/`` (timestamp tokens included), ``evidence/keys/`` and
``evidence/tsa/``. The custody log grows, so what a manifest sealed of it (its first ``bytes``)
is archived as ``evidence/custody/<target>/<sha256>.jsonl``. Those keys never name two
contents: a local file is never rewritten, and the others are named by their hash.

Each object is one single-part PUT (S3 servers may ignore Object Lock on multipart uploads) with
Content-MD5 and x-amz-checksum-sha256, COMPLIANCE retention ``evidence_archive_retention_days``
from ``now``, and ``If-None-Match: *``: an object is written once, never replaced, and a second
writer's PUT of the same key is refused by the store itself. Uploading is a catch-up: after each
seal, what the target's manifests list and the archive lacks is written; a crash between the
local seal and the upload is repaired by the next seal (or `tocsin seal`).

Two writers of one target (two machines, each its own data root, one archive) would each seal
manifest N of the target's chain. The archive refuses the second: chain position N is the object
``evidence/chain/<target>/<N>`` (the manifest's SHA-256 and folder), created with
``If-None-Match: *``; a writer that finds it held by another manifest fails, naming both.

Endpoint and credentials are boto3's own: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY, AWS_REGION (or ~/.aws). Checking what was archived is archive_check.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from config.slices import EvidenceSettings
from tasks.evidence.archive_store import (
    Archive,
    ArchiveError,
    Store,
    listing,
    open_store,
    put_once,
    read_object,
)
from tasks.evidence.manifest import (
    CHAIN_TARGET,
    TOKEN,
    TOKEN_SUM,
    Sealed,
    list_manifests,
    of_target,
)
from tasks.evidence.rawstore import evidence_dir, relative

INSTALLATION_CHAIN = "installation"  # manifests sealed before per-target chains (issue 15)


def archive_of(evidence: EvidenceSettings, *, secret_blocks: bool = False) -> Archive | None:
    """The archive the settings name, or None (the settings validated the URL and the
    retention: config/slices.py). ``secret_blocks``: the ``prefect_secret_blocks`` setting (its
    client may then take its keys from Prefect Secret blocks: tasks/storage/credentials.py)."""
    url = evidence.evidence_archive
    if not url:
        return None
    bucket, _, prefix = url.removeprefix("s3://").partition("/")
    return Archive(
        url=url,
        bucket=bucket,
        prefix=prefix.strip("/"),
        retention_days=int(evidence.evidence_archive_retention_days or 0),
        accept_unlocked=evidence.evidence_archive_accept_unlocked,
        secret_blocks=secret_blocks,
    )


@dataclass(frozen=True)
class Item:
    """One object the archive must hold: a sealed file (its first ``size`` bytes, for the
    custody log) or a small body made here (a chain position)."""

    rel: str
    path: Path | None = None
    size: int | None = None
    body: bytes | None = None
    sha256: str | None = None  # what the manifest recorded of it, when it records it
    sealed_by: str = ""

    def length(self) -> int:
        if self.body is not None:
            return len(self.body)
        assert self.path is not None
        return self.size if self.size is not None else self.path.stat().st_size

    def data(self) -> bytes:
        if self.body is not None:
            return self.body
        assert self.path is not None
        with open(self.path, "rb") as fh:
            return fh.read() if self.size is None else fh.read(self.size)


def chain_item(m: Sealed) -> Item:
    """Manifest ``m``'s position in its chain, as the archive holds it."""
    chain = (m.manifest or {}).get("target", m.target) if _target_chained(m) else None
    name = chain or INSTALLATION_CHAIN
    return Item(f"evidence/chain/{name}/{m.seq:08d}", body=f"{m.sha256}  {m.name}\n".encode())


def _target_chained(m: Sealed) -> bool:
    return (m.manifest or {}).get("chain") == CHAIN_TARGET


def sealed_items(root: Path, manifests: Iterable[Sealed]) -> tuple[list[Item], list[str]]:
    """Every object the archive must hold for ``manifests`` (plus the vault's keys and TSA
    certificates), and the problems that keep some from it (a custody log no longer holding
    what was sealed, a file gone)."""
    items: dict[str, Item] = {}
    problems: list[str] = []
    ev = evidence_dir(root)
    for folder in ("keys", "tsa"):
        for p in sorted((ev / folder).glob("*.pem")) if (ev / folder).exists() else []:
            items[relative(root, p)] = Item(relative(root, p), p)
    for m in manifests:
        if m.manifest is None or m.seq is None:
            problems.append(f"{relative(root, m.path)}: {m.problem or 'not a manifest folder'}")
            continue
        items[chain_item(m).rel] = chain_item(m)
        recorded = _recorded(m)
        for p in sorted(m.path.iterdir()):
            if p.is_file():
                rel = relative(root, p)
                items[rel] = Item(rel, p, sha256=recorded.get(p.name), sealed_by=m.name)
        listed = list(m.manifest.get("segments") or []) + list(m.manifest.get("references") or [])
        for entry in listed:
            rel = str(entry["file"])
            if not (Path(root) / rel).is_file():
                problems.append(f"{rel}: sealed by {m.name} but missing from the data root")
                continue
            items[rel] = Item(rel, Path(root) / rel, sha256=entry.get("sha256"), sealed_by=m.name)
        custody = m.manifest.get("custody")
        if custody:
            item, problem = _custody_item(root, m, custody)
            if item:
                items[item.rel] = item
            if problem:
                problems.append(problem)
    return list(items.values()), problems


def _recorded(m: Sealed) -> dict[str, str]:
    """The SHA-256 the manifest folder records of its own files: pages.jsonl and records.txt in
    manifest.json, the timestamp token in its .sha256 file (the rest: signature and chain)."""
    out = {str(k): str(v) for k, v in ((m.manifest or {}).get("files") or {}).items()}
    token_sum = m.path / TOKEN_SUM
    if token_sum.is_file():
        out[TOKEN] = token_sum.read_text(errors="replace").split(" ")[0].strip()
    return out


def _custody_item(root: Path, m: Sealed, custody: dict[str, Any]) -> tuple[Item | None, str | None]:
    rel, size, digest = str(custody["file"]), int(custody["bytes"]), str(custody["sha256"])
    path = Path(root) / rel
    if not path.is_file():
        return None, f"{rel}: its first {size} bytes were sealed by {m.name} but it is missing"
    head = Item(rel, path, size).data()
    if hashlib.sha256(head).hexdigest() != digest:
        return None, f"{rel}: its first {size} bytes no longer hash as {m.name} sealed them"
    target = Path(rel).stem
    return Item(f"evidence/custody/{target}/{digest}.jsonl", path, size), None


def _list_prefix(rel: str) -> str:
    """The folder listed to learn whether ``rel`` is archived: a target's pages, custody and
    chain; the manifests, keys and TSA folders whole."""
    parts = rel.split("/")
    depth = 3 if parts[1] in ("pages", "custody", "chain") else 2
    return "/".join(parts[:depth]) + "/"


# --- catching up ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveResult:
    """What one catch-up did: objects written now, objects already there, and under which lock."""

    url: str
    locked: bool
    uploaded: int
    present: int
    retain_until: datetime | None = None

    def describe(self) -> str:
        if not self.locked:
            lock = "UNLOCKED (the bucket has no Object Lock: evidence_archive_accept_unlocked)"
        elif self.retain_until:
            lock = f"COMPLIANCE-locked until {self.retain_until:%Y-%m-%d %H:%M} UTC"
        else:
            lock = "under Object Lock"
        return (
            f"archived {self.uploaded} new object(s) to {self.url} "
            f"({self.present} already there), {lock}"
        )


def archive_sealed(
    root: Path, archive: Archive, now: datetime, *, target: str | None = None, s3: Any = None
) -> ArchiveResult:
    """Write to the archive every object of the target's manifests (all manifests without
    ``target``) that it does not hold yet. Raises ArchiveError after writing all it could when
    something was refused: a chain position held by another manifest, an object whose archived
    size differs, a sealed file missing locally."""
    store = open_store(archive, s3)
    chain = list_manifests(root)
    manifests = of_target(chain, target) if target else chain
    items, problems = sealed_items(root, manifests)
    have = listing(store, {_list_prefix(i.rel) for i in items})
    uploaded = present = 0
    until: datetime | None = None
    for item in items:
        if item.rel in have:
            size, etag = have[item.rel]
            if item.body is not None:  # a chain position: it must be this manifest's
                problem = _claim_problem(store, item, etag)
                if problem:
                    problems.append(problem)
            elif size != item.length():
                problems.append(
                    f"{archive.where(item.rel)}: holds {size} bytes, not the {item.length()} "
                    "sealed: never replaced; check it with `tocsin verify`"
                )
            present += 1
            continue
        data = item.data()
        if item.sha256 and hashlib.sha256(data).hexdigest() != item.sha256:
            # Never lock altered bytes away for years as if they were the sealed ones.
            problems.append(
                f"{item.rel}: not the bytes {item.sealed_by} sealed (SHA-256 differs), so not "
                "archived: run `tocsin verify`"
            )
            continue
        done = put_once(store, item.rel, data, now)
        if done is False:  # written meanwhile by another writer
            present += 1
            if item.body is not None:
                problem = _claim_problem(store, item, None)
                if problem:
                    problems.append(problem)
            continue
        uploaded += 1
        if isinstance(done, datetime):
            until = done if until is None else min(until, done)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ArchiveError(f"evidence archive {archive.url}: {problems[0]}{more}")
    return ArchiveResult(archive.url, store.locked, uploaded, present, until)


def _claim_problem(store: Store, item: Item, etag: str | None) -> str | None:
    """None when the archive's chain position is this manifest's; else what holds it."""
    assert item.body is not None
    if etag and etag == hashlib.md5(item.body).hexdigest():
        return None
    held = read_object(store, item.rel)
    if held == item.body:
        return None
    mine = item.body.decode().split()[-1]
    other = (held or b"").decode(errors="replace").split()
    return (
        f"chain position {item.rel.rsplit('/', 1)[-1]} of {item.rel.split('/')[2]} is held by "
        f"manifest {other[-1] if other else '(unreadable)'}, not {mine}: another writer seals "
        "this target's chain into the same archive; give each target one writer"
    )
