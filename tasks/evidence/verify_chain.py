"""Verification of the manifests themselves: the signatures, the timestamps (the hash chains:
verify_links.py).

These checks read only the manifest folders, so they always run over the whole installation
(a year of nightly runs is a few hundred small files); the record-level checks in verify.py run
over the manifests a filter selects.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tasks.errors import ConfigError
from tasks.evidence import sign, tsa
from tasks.evidence.manifest import (
    MANIFEST,
    PAGES,
    RECORDS,
    SIGNATURE,
    SUMS,
    TOKEN,
    TOKEN_SUM,
    Sealed,
    recorded_tokens,
    sha256_file,
)
from tasks.evidence.rawstore import evidence_dir, relative, vault_file
from tasks.evidence.verify_store import children, load_ca, stem

KNOWN_FILES = {MANIFEST, SIGNATURE, PAGES, RECORDS, SUMS, TOKEN, TOKEN_SUM}


@dataclass
class Finding:
    level: str  # "error" (fails verification) or "warning"
    path: str  # relative to the data root
    message: str
    records: list[str] = field(default_factory=list)  # raw_sha256 of the records concerned
    topic: str = ""  # a warning the verdict already words from the facts ("coverage", ...)


def sealed_file(root: Any, m: Sealed, entry: dict, what: str, out: list[Finding]) -> Any:
    """The file a manifest entry (``{"file", "sha256"}``) lists, when it is there with the
    SHA-256 ``m`` sealed; else None, the finding (missing, altered) added to ``out``. (A
    ``Path``, or an ``ObjectPath`` on an s3:// root.)"""
    rel = str(entry.get("file"))
    path = vault_file(root, rel)
    if not path.exists():
        out.append(Finding("error", rel, f"missing: {what} sealed in {m.name}"))
        return None
    if sha256_file(path) != entry.get("sha256"):
        message = f"altered: its SHA-256 differs from the one sealed in {m.name}"
        out.append(Finding("error", rel, message))
        return None
    return path


@dataclass
class ChainFacts:
    signed: int = 0
    timestamped: int = 0
    pending: int = 0
    untimestamped: int = 0
    key_fingerprints: set[str] = field(default_factory=set)
    key_source: str = ""
    token_times: dict[str, datetime] = field(default_factory=dict)
    chain_checked: bool = True
    signed_names: set[str] = field(default_factory=set)  # manifests whose signature verifies
    timestamped_names: set[str] = field(default_factory=set)  # manifests whose token verifies


def manifest_rel(root: Any, m: Sealed, name: str = MANIFEST) -> str:
    return relative(root, m.path / name)


def _stored_key(root: Any, fp: str, out: list[Finding], m: Sealed) -> Ed25519PublicKey | None:
    path = evidence_dir(root) / "keys" / f"{fp}.pem"
    try:
        key = sign.load_public_key(path)
    except sign.SignatureProblem as exc:
        out.append(Finding("error", relative(root, path), f"{exc} (needed by {m.name})"))
        return None
    if sign.fingerprint(key) != fp or path.read_bytes() != sign.public_pem(key):
        return None  # reported once by check_copies
    return key


def check_signatures(
    root: Any,
    chain: list[Sealed],
    pinned: list[Ed25519PublicKey] | None,
    out: list[Finding],
    facts: ChainFacts,
) -> None:
    by_fp = {sign.fingerprint(k): k for k in pinned or []}
    facts.key_source = (
        "the key(s) given with --public-key"
        if pinned
        else (
            "the public key stored in evidence/keys (pin it with --public-key to rule out a replaced key)"
        )
    )
    seen_signed = False
    for m in sorted((m for m in chain if m.manifest and m.seq), key=lambda m: m.seq or 0):
        spec = m.manifest.get("signature") if m.manifest else None
        sig_path = m.path / SIGNATURE
        if not spec:
            if seen_signed:
                out.append(
                    Finding(
                        "error",
                        manifest_rel(root, m),
                        "unsigned, although earlier manifests are signed",
                    )
                )
            continue
        seen_signed = True
        fp = str(spec.get("public_key_sha256"))
        if pinned:
            key = by_fp.get(fp)
            if key is None:
                out.append(
                    Finding(
                        "error",
                        manifest_rel(root, m),
                        f"signed by key {fp[:16]}…, not by a key given with --public-key",
                    )
                )
                continue
        else:
            if facts.key_fingerprints and fp not in facts.key_fingerprints:
                out.append(
                    Finding(
                        "error",
                        manifest_rel(root, m),
                        f"signed by another key ({fp[:16]}…) than the manifests before it; if the key "
                        "was rotated on purpose, verify with --public-key for each key",
                    )
                )
            key = _stored_key(root, fp, out, m)
            if key is None:
                continue
        facts.key_fingerprints.add(fp)
        if not sig_path.exists():
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m, SIGNATURE),
                    "missing: the manifest says it is signed",
                )
            )
        elif not sign.verify_signature(key, m.raw or b"", sig_path.read_bytes()):
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m, SIGNATURE),
                    f"signature does not verify over {m.name}/{MANIFEST}: one of the two was altered",
                )
            )
        else:
            facts.signed += 1
            facts.signed_names.add(m.name)


def _roots(
    root: Any, pinned: list[Path] | None, out: list[Finding]
) -> tuple[list[x509.Certificate], str]:
    files = pinned or sorted((evidence_dir(root) / "tsa").glob("*.pem"))
    certs: list[x509.Certificate] = []
    for f in files:
        if not pinned and hashlib.sha256(f.read_bytes()).hexdigest() != stem(f):
            continue  # reported once by check_copies
        try:
            certs += load_ca(f)
        except ConfigError as exc:
            out.append(
                Finding(
                    "error",
                    relative(root, f) if not pinned else str(f),
                    f"altered or unreadable: {exc}",
                )
            )
    names = ", ".join(relative(root, f) if not pinned else str(f) for f in files)
    return certs, names


def check_timestamps(
    root: Any,
    chain: list[Sealed],
    ca_files: list[Path] | None,
    out: list[Finding],
    facts: ChainFacts,
) -> None:
    roots, ca_names = _roots(root, ca_files, out)
    facts.chain_checked = bool(roots)
    for m in chain:
        if m.manifest is None:
            continue
        if not m.has_token:
            if (m.manifest.get("timestamp") or {}).get("tsa"):
                facts.pending += 1
                out.append(
                    Finding(
                        "warning",
                        manifest_rel(root, m),
                        "timestamp pending: the TSA did not answer; run `tocsin seal --retry-timestamps`",
                    )
                )
            else:
                facts.untimestamped += 1
            continue
        token = m.token.read_bytes()
        digest = hashlib.sha256(token).hexdigest()
        sum_file = m.path / TOKEN_SUM
        if not sum_file.exists():
            out.append(
                Finding(
                    "error", manifest_rel(root, m, TOKEN_SUM), "missing: the token's checksum file"
                )
            )
        elif sum_file.read_bytes() != f"{digest}  {TOKEN}\n".encode():
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m, TOKEN),
                    f"altered: does not match {manifest_rel(root, m, TOKEN_SUM)} (or that was altered)",
                )
            )
        try:
            info = tsa.check_token(m.raw or b"", token, roots or None)
        except tsa.TimestampFailed as exc:
            ca = f" (TSA CA: {ca_names})" if roots else ""
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m, TOKEN),
                    f"invalid timestamp over {m.name}/{MANIFEST}: {exc}{ca}",
                )
            )
            continue
        facts.timestamped += 1
        facts.timestamped_names.add(m.name)
        facts.token_times[m.name] = info.gen_time
        _compare_times(root, m, info.gen_time, out)
    if not roots and facts.timestamped:
        out.append(
            Finding(
                "warning",
                "evidence/tsa",
                "no TSA CA certificate: tokens checked against the manifests' hashes, not the TSA's signature chain (pass --tsa-ca)",
            )
        )
    by_name = {m.name: m for m in chain}
    for name, digest in recorded_tokens(chain).items():
        m = by_name.get(name)
        if m is None:
            continue  # the manifest itself is missing: reported by the chain check
        if not m.has_token:
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m, TOKEN),
                    "missing: a later manifest recorded this token",
                )
            )
        elif hashlib.sha256(m.token.read_bytes()).hexdigest() != digest:
            out.append(
                Finding(
                    "error",
                    manifest_rel(root, m, TOKEN),
                    "altered: differs from the token a later manifest recorded",
                )
            )


def _compare_times(root: Any, m: Sealed, token_time: datetime, out: list[Finding]) -> None:
    """A token is the proof of time; the manifest's own sealed_at is only our clock's claim."""
    try:
        sealed_at = datetime.fromisoformat(
            str((m.manifest or {}).get("sealed_at")).replace("Z", "+00:00")
        )
    except ValueError:
        return
    gap = token_time - sealed_at
    if gap > timedelta(days=1):
        out.append(
            Finding(
                "warning",
                manifest_rel(root, m, TOKEN),
                f"timestamped {gap.days} day(s) after sealing: the manifest is proven to exist only "
                f"since {token_time:%Y-%m-%d %H:%M} UTC",
            )
        )
    elif gap < -timedelta(days=1):
        out.append(
            Finding(
                "warning",
                manifest_rel(root, m, TOKEN),
                f"the TSA's time is {-gap.days} day(s) before the manifest's sealed_at: the "
                "installation's clock was wrong when it sealed",
            )
        )


def check_copies(root: Any, out: list[Finding]) -> None:
    """The public keys and TSA certificates kept beside the evidence are byte for byte what a
    seal wrote: a key file is its key's canonical PEM, named by its fingerprint; a CA copy is
    named by its own SHA-256."""
    for path in sorted((evidence_dir(root) / "keys").glob("*")):
        try:
            key = sign.load_public_key(path)
            ok = sign.fingerprint(key) == stem(path) and path.read_bytes() == sign.public_pem(key)
        except sign.SignatureProblem:
            ok = False
        if not ok:
            out.append(
                Finding(
                    "error",
                    relative(root, path),
                    "altered: not the public key its name fingerprints",
                )
            )
    for path in sorted((evidence_dir(root) / "tsa").glob("*")):
        if hashlib.sha256(path.read_bytes()).hexdigest() != stem(path):
            out.append(
                Finding("error", relative(root, path), "altered: its SHA-256 is not its name")
            )


def check_folder_files(root: Any, chain: list[Sealed], out: list[Finding]) -> None:
    for m in chain:
        for p in sorted(children(m.path)):
            if p.name not in KNOWN_FILES:
                out.append(Finding("error", relative(root, p), "added: not a file a seal writes"))
