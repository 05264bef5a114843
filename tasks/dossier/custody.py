"""Per manifest, what the vault actually holds: signed or not, timestamped by whom and when, or
by the DEMO authority (never evidence), or not at all. Checked here, never assumed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.x509 import load_pem_x509_certificates

from tasks.evidence import tsa
from tasks.evidence.manifest import list_manifests
from tasks.evidence.rawstore import evidence_dir
from tasks.evidence.state import is_signed  # the digest's and alerts' own rule for "signed"
from tasks.evidence.vaultstore import is_remote


def _roots(root: Path, ca_files: list[Path] | None) -> list[Any] | None:
    """The TSA CA certificates to check tokens against: those configured, else the copy the
    vault keeps (evidence/tsa/*.pem); None when there is none (only the hash binding is checked)."""
    files = list(ca_files or sorted(evidence_dir(root).glob("tsa/*.pem")))
    certs = []
    for f in files:
        try:
            # The vault's copy on an s3:// root is an object: its bytes parsed as tsa.load_ca does.
            certs += load_pem_x509_certificates(f.read_bytes()) if is_remote(f) else tsa.load_ca(f)
        except Exception:  # noqa: BLE001 - an unreadable CA checks nothing: said as unchecked
            continue
    return certs or None


def manifest_facts(
    root: Path, names: list[str], ca_files: list[Path] | None = None
) -> dict[str, dict[str, Any]]:
    """{manifest folder name: facts} for the manifests ``names``."""
    wanted = set(names)
    roots = _roots(root, ca_files)
    out: dict[str, dict[str, Any]] = {}
    for m in list_manifests(root):
        if m.name not in wanted:
            continue
        body = m.manifest or {}
        stamp = body.get("timestamp") or {}
        ts: dict[str, Any] = {"state": "none", "tsa": stamp.get("tsa"), "when": None}
        if m.has_token:
            try:
                token = m.token.read_bytes()
                try:
                    info = tsa.check_token(m.raw or b"", token, roots)
                except tsa.TimestampFailed:
                    if roots is None:
                        raise
                    # Not this CA's (a rotated authority): say the chain was not checked.
                    info = tsa.check_token(m.raw or b"", token, None)
                ts.update(
                    state="demo" if stamp.get("demo") else "ok",
                    when=info.gen_time,
                    chain=info.chain_checked,
                )
            except (tsa.TimestampFailed, OSError):
                ts["state"] = "bad"
        elif stamp.get("tsa"):
            ts["state"] = "pending"
        out[m.name] = {
            "name": m.name,
            "installation": body.get("installation_id"),
            "seq": m.seq,
            "sha256": m.sha256,
            "sealed_at": body.get("sealed_at"),
            "records_root": (body.get("merkle") or {}).get("records_root"),
            "pages_root": (body.get("merkle") or {}).get("pages_root"),
            "previous": body.get("previous_manifest_sha256"),
            "records": (body.get("counts") or {}).get("records"),
            "runs": body.get("runs") or [],
            "sources": body.get("sources") or [],
            "signed": is_signed(root, m),
            "key": (body.get("signature") or {}).get("public_key_sha256"),
            "timestamp": ts,
        }
    return out
