"""Manifests: what a seal says, how it is laid out on disk, and the chain that links them.

Each seal writes one folder ``evidence/manifests/<seq>--<run_id>--<target>/``:

    manifest.json       run, target, times, sources, counts, Merkle roots, segment hashes, and
                        the SHA-256 of the previous manifest.json: the target's own chain
                        ("chain": "target"); before issue 15, the installation's single chain
    manifest.json.sig   Ed25519 signature of manifest.json (raw 64 bytes), when a key is set
    pages.jsonl         one line per sealed page: segment, seq, page_sha256, records, ref, ...
    records.txt         one raw_sha256 a line, in leaf order (names what changed, if anything)
    SHA256SUMS          sha256sum -c over the files above (catches bit rot; the signature,
                        the chain and the timestamp are what catch tampering)
    manifest.json.tsr   RFC 3161 timestamp reply over manifest.json, added when the TSA answers
    manifest.json.tsr.sha256

The folder is assembled in ``evidence/.tmp`` and renamed into place in one step: a crash leaves no
manifest or a complete one (``publish_manifest``). An s3:// data root has no rename: each file is
one COMPLIANCE-locked PUT written once (vaultstore.py), manifest.json LAST, so a folder is a
manifest only once its manifest.json is there; a crash before leaves locked files without one,
which ``list_manifests`` leaves out and ``unfinished_manifests`` names. manifest.json is
pretty-printed with sorted keys, one field a line, so ``grep '"records_root"' manifest.json``
works in a shell.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasks.evidence.errors import EvidenceError  # most of the vault imports it from here
from tasks.evidence.rawstore import evidence_dir, fsync_dir
from tasks.evidence.vaultstore import (
    is_remote,
    put_evidence,
    put_evidence_exact,
    read_blocks,
)
from tasks.files import SEALED_MODE, private_dir, private_file

FORMAT = "tocsin-evidence-manifest/2"
# Format 1 recorded a tweet inside an X page as its canonical re-serialisation; format 2 as its
# exact bytes in the page. Verification reads both, each by its own rule.
FORMAT_1 = "tocsin-evidence-manifest/1"
READABLE_FORMATS = frozenset({FORMAT_1, FORMAT})
MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
TOKEN = "manifest.json.tsr"
TOKEN_SUM = "manifest.json.tsr.sha256"
PAGES = "pages.jsonl"
RECORDS = "records.txt"
SUMS = "SHA256SUMS"
_DIR = re.compile(r"^(\d{8})--(.+)--([a-z0-9][a-z0-9_-]{0,63})$")


def manifests_dir(root: Any) -> Any:
    return evidence_dir(root) / "manifests"


def dir_name(seq: int, run_id: str, target: str) -> str:
    return f"{seq:08d}--{run_id}--{target}"


def parse_dir_name(name: str) -> tuple[int, str, str] | None:
    m = _DIR.match(name)
    return (int(m.group(1)), m.group(2), m.group(3)) if m else None


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def sha256_file(path: Any) -> str:
    """A vault file's SHA-256, read a MiB at a time (local or on S3)."""
    h = hashlib.sha256()
    for block in read_blocks(path):
        h.update(block)
    return h.hexdigest()


@dataclass
class Sealed:
    """One manifest folder as found on disk. ``manifest`` is None when manifest.json is missing
    or not JSON (``problem`` says which)."""

    path: Any
    """The folder: a ``Path``, or an ``ObjectPath`` on an s3:// root."""
    seq: int | None
    run_id: str | None
    target: str | None
    raw: bytes | None
    sha256: str | None
    manifest: dict[str, Any] | None
    problem: str | None = None
    segments: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def token(self) -> Any:
        return self.path / TOKEN

    @property
    def has_token(self) -> bool:
        return self.token.exists()


def read_manifest_dir(path: Any) -> Sealed:
    parsed = parse_dir_name(path.name)
    seq, run_id, target = parsed if parsed else (None, None, None)
    file = path / MANIFEST
    if not file.exists():
        return Sealed(path, seq, run_id, target, None, None, None, f"{MANIFEST} is missing")
    raw = file.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        manifest = json.loads(raw)
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
        segments = [str(s["file"]) for s in manifest.get("segments", [])]
    except (ValueError, KeyError, TypeError) as exc:
        return Sealed(
            path, seq, run_id, target, raw, digest, None, f"not a readable manifest ({exc})"
        )
    return Sealed(path, seq, run_id, target, raw, digest, manifest, None, segments)


def list_manifests(root: Any) -> list[Sealed]:
    """Every manifest folder, read, in folder-name order (the sequence number leads the name)."""
    return [read_manifest_dir(p) for p in manifest_folders(root)]


def manifest_folders(root: Any) -> list[Any]:
    """Every manifest folder, unread, in folder-name order: one listing. On S3, a folder without
    manifest.json is a publish that stopped partway: not a manifest."""
    base = manifests_dir(root)
    if is_remote(base):
        return [base / n for n, files in _object_folders(base).items() if MANIFEST in files]
    if not base.exists():
        return []
    return [p for p in sorted(base.iterdir()) if p.is_dir()]


def unfinished_manifests(root: Any) -> list[str]:
    """The S3 manifest folders holding files but no manifest.json (a publish cut short)."""
    base = manifests_dir(root)
    if not is_remote(base):
        return []
    return [n for n, files in _object_folders(base).items() if MANIFEST not in files]


def _object_folders(base: Any) -> dict[str, set[str]]:
    """{folder name: its file names} under an S3 prefix, in name order."""
    found: dict[str, set[str]] = {}
    for key in base.root.list(base.rel):
        folder, _, name = key[len(base.rel) + 1 :].partition("/")
        if name and "/" not in name:
            found.setdefault(folder, set()).add(name)
    return dict(sorted(found.items()))


def publish_manifest(root: Any, files: dict[str, Any], dest: Any) -> None:
    """Put a manifest folder in place, all of it or none. ``files`` are bytes or a
    ``SpooledFile`` (records.txt of a large seal). Locally: assembled aside (each file mode
    0400; a spooled file moved in, not copied), then renamed into place. On S3: each file once
    (an earlier attempt's file with the same bytes counts), manifest.json last: the folder
    counts only from then."""
    if is_remote(dest):
        if dest.root.exists(f"{dest.rel}/{MANIFEST}"):
            raise EvidenceError(f"{dest} already exists: another sealer ran without the lock?")
        for name in sorted(set(files) - {MANIFEST}):
            if not put_evidence_exact(dest / name, _sent(files[name])):
                raise EvidenceError(
                    f"{dest / name} already holds other bytes (a seal cut short under this "
                    "folder name, and locked): seal again under another run id"
                )
        if MANIFEST in files and not put_evidence(dest / MANIFEST, files[MANIFEST]):
            raise EvidenceError(f"{dest} already exists: another sealer ran without the lock?")
        return
    tmp = evidence_dir(root) / ".tmp" / f"seal-{uuid.uuid4().hex}"
    private_dir(tmp)
    try:
        for name, data in files.items():
            if isinstance(data, SpooledFile):  # written and flushed to disk as it was built
                os.replace(data.path, tmp / name)
            else:
                with open(tmp / name, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            private_file(tmp / name, SEALED_MODE)
        fsync_dir(tmp)
        private_dir(dest.parent)
        if dest.exists():
            raise EvidenceError(f"{dest} already exists: another sealer ran without the lock?")
        os.rename(tmp, dest)
        fsync_dir(dest.parent)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sent(data: Any) -> bytes | Path:
    """What a manifest file's PUT sends: its bytes, or a spooled file read as it is sent."""
    return data.path if isinstance(data, SpooledFile) else data


def sealed_segments(chain: list[Sealed]) -> set[str]:
    return {s for m in chain for s in m.segments}


def recorded_tokens(chain: list[Sealed]) -> dict[str, str]:
    """Tokens whose hash a later manifest recorded: {manifest folder name: sha256 of its tsr}."""
    out: dict[str, str] = {}
    for m in chain:
        if m.manifest:
            out.update(m.manifest.get("timestamps_recorded") or {})
    return out


def head(chain: list[Sealed]) -> Sealed | None:
    numbered = [m for m in chain if m.seq is not None]
    return max(numbered, key=lambda m: m.seq or 0) if numbered else None


# Since issue 15, each target has its own chain: a manifest says "chain": "target", numbers itself
# after the target's previous manifest and links to it. Manifests without the field belong to the
# installation-wide chain sealed before (one sequence and one head for all targets).
CHAIN_TARGET = "target"


def target_chained(m: Sealed) -> bool:
    return bool(m.manifest) and (m.manifest or {}).get("chain") == CHAIN_TARGET


def of_target(chain: list[Sealed], target: str) -> list[Sealed]:
    return [m for m in chain if (m.manifest or {}).get("target", m.target) == target]


def target_head(chain: list[Sealed], target: str) -> Sealed | None:
    """The target's latest manifest, of either chain: the one its next manifest links to."""
    return head(of_target(chain, target))


def installation_id(chain: list[Sealed]) -> str | None:
    for m in chain:
        if m.manifest and m.manifest.get("installation_id"):
            return str(m.manifest["installation_id"])
    return None


@dataclass(frozen=True)
class SpooledFile:
    """A manifest file written aside while it was built, and the SHA-256 of the very bytes
    written (taken as they were written)."""

    path: Path
    sha256: str


def file_sha256(data: bytes | bytearray | SpooledFile) -> str:
    """The SHA-256 of a manifest file's bytes, in memory or spooled."""
    if isinstance(data, SpooledFile):
        return data.sha256
    return hashlib.sha256(data).hexdigest()


def records_lines(digests: bytes) -> bytes:
    """records.txt's lines for records' SHA-256 digests given end to end: one hex digest a line."""
    return binascii.hexlify(digests, b"\n", 32) + b"\n" if digests else b""


def sums_text(files: dict[str, Any]) -> bytes:
    """sha256sum's own format (two spaces, then the name), so `sha256sum -c` reads it."""
    return "".join(
        f"{file_sha256(data)}  {name}\n" for name, data in sorted(files.items())
    ).encode()
