"""The settings the evidence vault reads, in one place.

They belong in config/settings.py (see the field list in docs/chain-of-custody.md); until they are
declared there, each falls back to its documented default, so sealing works unsigned and
untimestamped out of the box.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class EvidenceConfig:
    signing_key: Path | None = None
    tsa_url: str | None = None
    tsa_ca_file: Path | None = None
    tsa_timeout_seconds: float = 10.0
    x_base_url: str = "https://api.x.com"


def evidence_config(settings: Any, **overrides: Any) -> EvidenceConfig:
    """From the settings object (fields ``evidence_*`` and the connectors' ``x_base_url``), with
    command-line overrides winning; None overrides are ignored."""
    d = EvidenceConfig()
    values = {
        "signing_key": getattr(settings, "evidence_signing_key", d.signing_key),
        "tsa_url": getattr(settings, "evidence_tsa_url", d.tsa_url),
        "tsa_ca_file": getattr(settings, "evidence_tsa_ca_file", d.tsa_ca_file),
        "tsa_timeout_seconds": getattr(
            settings, "evidence_tsa_timeout_seconds", d.tsa_timeout_seconds
        ),
        "x_base_url": getattr(settings, "x_base_url", d.x_base_url),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return EvidenceConfig(**values)
