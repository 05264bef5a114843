"""Sealing: every segment not yet covered by a manifest gets one, signed and timestamped.

One seal = one manifest over all of a target's unsealed segments: this run's, and any a crashed
run left behind. It reads the segments back from disk (it seals what is kept, not what it was
told) and publishes the manifest folder with one rename. Reading back and hashing, nearly all the
work, run before taking the lock on the evidence folder, so sealers of different targets (two
worker processes) overlap; under the lock the target's manifests are read again (its chain has
one head) and only the segments still unsealed are sealed, so two sealers of one target never seal
a segment twice. A seal reads the target's own manifests, not the other targets' (target_chain.py).
Each target has its own chain (numbered and linked after the target's previous manifest), so
targets seal independently: on other machines, their vaults never share a head.
Numbering, chaining and publishing happen under the lock; asking the TSA does not. A TSA failure
leaves the manifest untimestamped, says so, and ``retry_timestamps`` completes it later.
"""

from __future__ import annotations

import logging
import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tasks.evidence import demo_tsa, merkle, sealahead, sign, tsa
from tasks.evidence.archive import Archive, ArchiveResult, archive_sealed
from tasks.evidence.custody import custody_to_seal
from tasks.evidence.fold import Fold
from tasks.evidence.manifest import (
    CHAIN_TARGET,
    FORMAT,
    MANIFEST,
    PAGES,
    RECORDS,
    SIGNATURE,
    SUMS,
    TOKEN,
    TOKEN_SUM,
    EvidenceError,
    Sealed,
    dir_name,
    file_sha256,
    head,
    list_manifests,
    manifest_bytes,
    manifests_dir,
    of_target,
    publish_manifest,
    read_manifest_dir,
    sealed_segments,
    sums_text,
    target_head,
)
from tasks.evidence.media_store import index_entry, unsealed_indexes
from tasks.evidence.rawstore import (
    check_name,
    evidence_dir,
    kept_targets,
    list_segments,
    relative,
    write_new,
)
from tasks.evidence.readback import Part, iso, read_part
from tasks.evidence.refs import list_refs
from tasks.evidence.target_chain import (
    chain_installation_id,
    own_manifests,
    read_target_chain,
    tokens_to_record,
)
from tasks.evidence.vaultstore import vault_lock
from tasks.memory import release_freed_memory
from tasks.parse import sha256_hex

log = logging.getLogger("tocsin.evidence")
UNTIMESTAMPED = "untimestamped: no timestamp authority configured"


@dataclass(frozen=True)
class SealResult:
    manifest: Path | None
    segments: int = 0
    pages: int = 0
    records: int = 0
    signed: bool = False
    timestamped: bool = False
    timestamp_error: str | None = None
    demo_timestamp: bool = False
    """Timestamped (or to be) by the demo's local authority: it proves nothing to a third party."""
    archive: ArchiveResult | None = None
    """What was written to the write-once archive (archive.py), when one is set."""
    media: str | None = None
    """What fetching the pages' media did, when any were named (media.MediaReport.describe)."""

    def describe(self) -> str:
        text = self._describe() + (f"; {self.media}" if self.media else "")
        return text + (f"; {self.archive.describe()}" if self.archive else "")

    def _describe(self) -> str:
        if self.manifest is None:
            return "nothing to seal"
        how = ["signed" if self.signed else "UNSIGNED"]
        if self.timestamped:
            how.append(
                f"timestamped by a {demo_tsa.NOTE}" if self.demo_timestamp else "timestamped"
            )
        else:
            how.append(f"UNTIMESTAMPED ({self.timestamp_error or UNTIMESTAMPED})")
        return f"sealed {self.records} records in {self.pages} pages: {self.manifest.name}, {', '.join(how)}"


def evidence_lock(root: Path) -> AbstractContextManager[None]:
    """One sealer at a time per data root (each target's chain has a single head; the custody
    logs are appended under it too): flock on ``evidence/.lock`` locally, a lease object on S3."""
    return vault_lock(root)


def _read_part(root: Path, segment: Path, target: str) -> Part:
    return sealahead.take(root, segment, target) or read_part(root, segment, target)


def _unsealed(root: Path, target: str, chain: list[Sealed]) -> list[Path]:
    """The target's segments no manifest of ``chain`` covers, in order."""
    broken = [m for m in chain if m.manifest is None or m.seq is None]
    if broken:
        raise EvidenceError(
            f"evidence/manifests/{broken[0].name}: {broken[0].problem or 'unexpected folder name'}; "
            "sealing stopped so that nothing altered gets sealed again: run `tocsin verify`"
        )
    done = sealed_segments(chain)
    return [p for p in list_segments(root, target) if relative(root, p) not in done]


def unsealed_refs(root: Path, target: str, chain: list[Sealed]) -> list[Path]:
    """The target's refs files no manifest of ``chain`` lists, in order."""
    done = {str(r.get("file")) for m in chain for r in (m.manifest or {}).get("references") or []}
    return [p for p in list_refs(root, target) if relative(root, p) not in done]


def _ref_entry(root: Path, path: Path) -> dict[str, Any]:
    data = path.read_bytes()
    return {"file": relative(root, path), "sha256": sha256_hex(data), "pages": data.count(b"\n")}


def _keep_public_key(root: Path, key: Any) -> str:
    fp = sign.fingerprint(key.public_key())
    dest = evidence_dir(root) / "keys" / f"{fp}.pem"
    if not dest.exists():
        write_new(root, dest, sign.public_pem(key.public_key()))
    return fp


def keep_tsa_ca(root: Path, ca_file: Path | None) -> None:
    if ca_file is None:
        return
    data = Path(ca_file).read_bytes()
    dest = evidence_dir(root) / "tsa" / f"{sha256_hex(data)}.pem"
    if not dest.exists():
        write_new(root, dest, data)


def add_token(root: Path, sealed: Sealed, token: bytes) -> None:
    write_new(root, sealed.path / TOKEN, token)
    write_new(root, sealed.path / TOKEN_SUM, f"{sha256_hex(token)}  {TOKEN}\n".encode())


def seal_report(
    root: Path,
    run_id: str,
    target: str,
    *,
    signing_key: Path | None,
    tsa_url: str | None,
    now: datetime,
    tsa_ca_file: Path | None = None,
    tsa_timeout: float = 10.0,
    per_target: bool = True,
    archive: Archive | None = None,
) -> SealResult:
    """Seal the target's unsealed segments into one new manifest; say how it went.

    An ``archive`` then gets what the target's manifests hold and it lacks (archive.py), even
    with nothing to seal. ``per_target=False`` seals into the installation-wide chain, as every
    seal did before per-target chains: kept only so that tests can build a vault of that layout."""
    check_name(run_id, "run id")
    check_name(target, "target")
    key = sign.load_private_key(signing_key, root) if signing_key else None
    roots = tsa.load_ca(tsa_ca_file) if tsa_ca_file else None
    demo = bool(tsa_url) and demo_tsa.is_demo_ca(tsa_ca_file)
    # Reading back and hashing is nearly all of a seal's work, and segments are never rewritten:
    # it runs before the lock, so that sealers of different targets overlap. The lock covers
    # only numbering, chaining and publishing (the chain has one head).
    release_freed_memory()  # what storing and scoring freed: the read-back peaks on top of it
    # Only the target's own manifests are read (target_chain.py): a seal's reads do not grow
    # with the number of targets.
    before = own_manifests(root, target) if per_target else list_manifests(root)
    # Each segment's part as read ahead while it was kept (sealahead.py), if the file is still
    # the one read; else read here. Each is added up and let go (fold.py).
    with Fold(root) as fold:
        for segment in _unsealed(root, target, before):
            fold.add(segment, _read_part(root, segment, target))
        with evidence_lock(root):
            # The installation-wide chain (per_target=False) reads every manifest, as it always did.
            tc = read_target_chain(root, target if per_target else None)
            chain = tc.own
            todo = _unsealed(root, target, chain)
            refs = unsealed_refs(root, target, chain)
            custody = custody_to_seal(root, target, chain)
            media = unsealed_indexes(root, target, chain)
            if not todo and not refs and not custody and not media:
                return _archived(SealResult(None), root, archive, now, target)
            # Meanwhile another sealer of this target may have sealed some (they left ``todo``:
            # added up again) and new segments may have come (read now, under the lock).
            if todo[: len(fold.segments)] != fold.segments:
                fold.restart()
            for segment in todo[len(fold.segments) :]:
                fold.add(segment, _read_part(root, segment, target))
            c = fold.summary()
            # The target's own chain: it links to the target's last manifest only, so targets seal
            # independently (another machine, another target: no shared head).
            mine = of_target(chain, target)
            last = target_head(chain, target) if per_target else head(chain)
            seq = (last.seq or 0) + 1 if last else 1
            fp = _keep_public_key(root, key) if key else None
            keep_tsa_ca(root, tsa_ca_file)
            files = {PAGES: c["pages_jsonl"], RECORDS: c["records_txt"]}
            manifest = {
                "format": FORMAT,
                "seq": seq,
                **({"chain": CHAIN_TARGET} if per_target else {}),
                "previous_manifest_sha256": last.sha256 if last else None,
                "installation_id": chain_installation_id(tc) or uuid.uuid4().hex,
                "run_id": run_id,
                "target": target,
                "runs": c["runs"],
                "sealed_at": iso(now),
                "sources": c["sources"],
                "retrieved": {"first": c["retrieved"][0], "last": c["retrieved"][1]},
                "dates": {"first": c["dates"][0], "last": c["dates"][1]},
                "counts": {
                    "segments": len(c["segments"]),
                    "pages": c["pages"],
                    "records": c["records"],
                },
                "merkle": {
                    "algorithm": merkle.ALGORITHM,
                    "records_root": c["records_root"],
                    "pages_root": c["pages_root"],
                },
                "files": {name: file_sha256(data) for name, data in files.items()},
                "segments": c["segments"],
                # Pages received again: referenced, not copied (refs.py). Only when there are some,
                # so that manifests without any read as before.
                **({"references": [_ref_entry(root, p) for p in refs]} if refs else {}),
                # The media files fetched since the last seal, by their index files (media.py).
                **({"media": [index_entry(root, p) for p in media]} if media else {}),
                # The exports and dossiers logged since the last seal (custody.py).
                **({"custody": custody} if custody else {}),
                "signature": (
                    {"algorithm": "Ed25519", "file": SIGNATURE, "public_key_sha256": fp}
                    if key
                    else None
                ),
                "timestamp": (
                    {"tsa": tsa.redact_url(tsa_url), "file": TOKEN}
                    | ({"demo": True, "note": demo_tsa.NOTE} if demo else {})
                    if tsa_url
                    else {"tsa": None, "note": UNTIMESTAMPED}
                ),
                # Tokens obtained since the last seal: from now on, removing one is detected.
                "timestamps_recorded": tokens_to_record(tc, mine if per_target else chain),
            }
            body = manifest_bytes(manifest)
            files[MANIFEST] = body
            if key:
                files[SIGNATURE] = sign.sign(key, body)
            files[SUMS] = sums_text(files)
            dest = manifests_dir(root) / dir_name(seq, run_id, target)
            publish_manifest(root, files, dest)
            result = SealResult(
                dest,
                len(c["segments"]),
                c["pages"],
                c["records"],
                signed=key is not None,
                demo_timestamp=demo,
            )
    if not tsa_url:
        return _archived(result, root, archive, now, target)
    # The authority is asked outside the lock: it may take up to tsa_timeout, and other sealers
    # need not wait for it. A seal that runs meanwhile sees this manifest without its token and
    # records nothing of it; the next one records it, as after retry_timestamps.
    try:
        token = tsa.request_token(body, tsa_url, timeout=tsa_timeout, roots=roots)
    except tsa.TimestampFailed as exc:
        log.warning("%s is UNTIMESTAMPED: %s; run `tocsin seal --retry-timestamps`", dest.name, exc)
        return _archived(replace(result, timestamp_error=str(exc)), root, archive, now, target)
    with evidence_lock(root):
        sealed = read_manifest_dir(dest)
        if not sealed.has_token:  # else `tocsin seal --retry-timestamps` got one meanwhile
            add_token(root, sealed, token)
    return _archived(replace(result, timestamped=True), root, archive, now, target)


def _archived(
    result: SealResult, root: Path, archive: Archive | None, now: datetime, target: str
) -> SealResult:
    if archive is None:
        return result
    return replace(result, archive=archive_sealed(root, archive, now, target=target))


def seal_run(
    root: Path,
    run_id: str,
    target: str,
    *,
    signing_key: Path | None,
    tsa_url: str | None,
    now: datetime,
    tsa_ca_file: Path | None = None,
    tsa_timeout: float = 10.0,
    archive: Archive | None = None,
) -> Path | None:
    """Seal what keep_pages wrote for ``target`` and not yet sealed; the new manifest folder, or
    None when there was nothing to seal. Running it again seals nothing twice."""
    return seal_report(
        root,
        run_id,
        target,
        signing_key=signing_key,
        tsa_url=tsa_url,
        now=now,
        tsa_ca_file=tsa_ca_file,
        tsa_timeout=tsa_timeout,
        archive=archive,
    ).manifest


def seal_pending(
    root: Path,
    run_id: str,
    *,
    signing_key: Path | None,
    tsa_url: str | None,
    now: datetime,
    tsa_ca_file: Path | None = None,
    tsa_timeout: float = 10.0,
    targets: list[str] | None = None,
    archive: Archive | None = None,
) -> list[SealResult]:
    """Seal every target's leftovers (what crashed runs did not seal): `tocsin seal`."""
    names = targets or kept_targets(root)
    return [
        seal_report(
            root,
            run_id,
            t,
            signing_key=signing_key,
            tsa_url=tsa_url,
            now=now,
            tsa_ca_file=tsa_ca_file,
            tsa_timeout=tsa_timeout,
            archive=archive,
        )
        for t in names
    ]
