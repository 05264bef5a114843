"""The settings the evidence vault reads, in one place (config/settings.py declares them; see the
field list in docs/chain-of-custody.md).

Evidence is signed by default: without ``evidence_signing_key``, the key at
``evidence_key_file`` (outside the data root) signs, and the first seal creates it. Timestamps
need a configured authority (``evidence_tsa_url``); without one manifests are sealed
untimestamped and every output says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tasks.evidence.sign import KeyInUse, ensure_key


@dataclass(frozen=True)
class EvidenceConfig:
    configured_key: Path | None = None
    """evidence_signing_key: a key the operator made (`tocsin keygen`); it must exist."""
    key_file: Path | None = None
    """evidence_key_file: Tocsin's own key, created on first use when no key is configured."""
    data_root: Path | None = None
    tsa_url: str | None = None
    tsa_ca_file: Path | None = None
    tsa_timeout_seconds: float = 10.0
    x_base_url: str = "https://api.x.com"

    def key_in_use(self) -> KeyInUse | None:
        """Tocsin's own key when none is configured, created now if missing (and said so)."""
        if self.configured_key is not None or self.key_file is None:
            return None
        return ensure_key(self.key_file, self.data_root)

    @property
    def signing_key(self) -> Path | None:
        """The key sealing signs with: the configured one, else Tocsin's own (created on the
        first access, so that only commands that seal ever create a key)."""
        if self.configured_key is not None:
            return self.configured_key
        used = self.key_in_use()
        return used.path if used else None


def evidence_config(settings: Any, **overrides: Any) -> EvidenceConfig:
    """From the settings object (fields ``evidence_*``, ``data_dir`` and the connectors'
    ``x_base_url``), with command-line overrides winning; None overrides are ignored. The
    ``signing_key`` override is an operator's key, as ``evidence_signing_key``."""
    d = EvidenceConfig()
    values = {
        "configured_key": getattr(settings, "evidence_signing_key", d.configured_key),
        "key_file": getattr(settings, "evidence_key_file", d.key_file),
        "data_root": getattr(settings, "data_dir", d.data_root),
        "tsa_url": getattr(settings, "evidence_tsa_url", d.tsa_url),
        "tsa_ca_file": getattr(settings, "evidence_tsa_ca_file", d.tsa_ca_file),
        "tsa_timeout_seconds": getattr(
            settings, "evidence_tsa_timeout_seconds", d.tsa_timeout_seconds
        ),
        "x_base_url": getattr(settings, "x_base_url", d.x_base_url),
    }
    if overrides.get("signing_key") is not None:
        overrides["configured_key"] = overrides.pop("signing_key")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return EvidenceConfig(**values)
