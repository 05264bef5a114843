"""What the vault actually holds for a target since a day: sealed, signed, timestamped, pending.

The digest and the alerts say "signed" or "timestamped" only from this count, never from what
Tocsin is meant to do. It is deliberately a superset: every manifest of the target retrieved
since the period began (a post of the period cannot have been retrieved before it), and every
segment of the target not yet sealed. Counting more can only weaken a claim, never inflate it.

A signature counts when its file is there and verifies with the public key the vault keeps; a
token counts when it is a granted reply over the manifest's hash. The full checks (the chain,
the TSA's certificate) are ``tocsin verify``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tasks.evidence import sign, tsa
from tasks.evidence.manifest import SIGNATURE, Sealed, list_manifests, sealed_segments
from tasks.evidence.rawstore import evidence_dir, list_segments, relative
from tasks.storage import is_s3


@dataclass(frozen=True)
class EvidenceState:
    manifests: int = 0
    signed: int = 0
    timestamped: int = 0
    """By a real authority: the demo's does not count here."""
    demo_timestamped: int = 0
    pending_timestamps: int = 0
    """Manifests sealed with a TSA configured that has not answered yet."""
    unsealed_segments: int = 0

    @property
    def sealed(self) -> bool:
        return self.manifests > 0 and self.unsealed_segments == 0

    @property
    def all_signed(self) -> bool:
        return self.manifests > 0 and self.signed == self.manifests

    @property
    def all_timestamped(self) -> bool:
        return self.manifests > 0 and self.timestamped == self.manifests

    @property
    def complete(self) -> bool:
        """Sealed AND signed AND timestamped by a real authority: the only state in which a
        victim may be told that screenshots are not needed."""
        return self.sealed and self.all_signed and self.all_timestamped


def _retrieved_last(m: dict[str, Any]) -> date | None:
    last = (m.get("retrieved") or {}).get("last")
    try:
        return date.fromisoformat(str(last)[:10]) if last else None
    except ValueError:
        return None


def is_signed(root: Any, m: Sealed) -> bool:
    spec = (m.manifest or {}).get("signature") or {}
    fp, sig = spec.get("public_key_sha256"), m.path / SIGNATURE
    if not fp or not sig.exists() or m.raw is None:
        return False
    key_file = evidence_dir(root) / "keys" / f"{fp}.pem"
    try:
        key = sign.load_public_key(key_file)
    except sign.SignatureProblem:
        return False
    return sign.fingerprint(key) == fp and sign.verify_signature(key, m.raw, sig.read_bytes())


def _token_ok(m: Sealed) -> bool:
    try:
        tsa.check_token(m.raw or b"", m.token.read_bytes(), None)
    except (tsa.TimestampFailed, OSError):
        return False
    return True


def evidence_state(root: Any, target: str, since: date | None = None) -> EvidenceState:
    """The target's evidence retrieved on or after ``since`` (all of it when None); ``root``: a
    local folder or an s3:// data root."""
    root = root if is_s3(root) else Path(root)
    chain = list_manifests(root)
    done = sealed_segments(chain)
    unsealed = sum(1 for p in list_segments(root, target) if relative(root, p) not in done)
    counts = dict.fromkeys(("manifests", "signed", "timestamped", "demo", "pending"), 0)
    for m in chain:
        body = m.manifest or {}
        if (body.get("target") or m.target) != target:
            continue
        last = _retrieved_last(body)
        if since is not None and last is not None and last < since:
            continue
        counts["manifests"] += 1
        counts["signed"] += is_signed(root, m)
        stamp = body.get("timestamp") or {}
        if not m.has_token:
            counts["pending"] += bool(stamp.get("tsa"))
        elif _token_ok(m):
            counts["demo" if stamp.get("demo") else "timestamped"] += 1
    return EvidenceState(
        manifests=counts["manifests"],
        signed=counts["signed"],
        timestamped=counts["timestamped"],
        demo_timestamped=counts["demo"],
        pending_timestamps=counts["pending"],
        unsealed_segments=unsealed,
    )
