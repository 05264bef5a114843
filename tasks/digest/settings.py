"""What the digest may be told: the SMTP relay (shared with the wave alerts), masking, sizes.

The SMTP fields are tasks/alerts/smtp.py's ``SmtpSettings`` (one relay, one set of ``smtp_*``
settings for alerts and digests). The ``digest_*`` fields are meant to join the one settings
object (config/settings.py); until they do, ``DigestSettings.from_settings`` reads each one from
the settings object when it declares it, else from ``TOCSIN_<NAME>`` in the environment mapping
it is given, else the default: the documented precedence holds either way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasks.alerts.smtp import SmtpSettings
from tasks.digest.errors import DigestError


@dataclass(frozen=True)
class DigestSettings:
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    # Mask slurs in the email body (the evidence export always keeps the exact text).
    digest_mask_slurs: bool = True
    # Worst messages quoted, and hostile accounts listed, per digest.
    digest_max_messages: int = 10
    digest_max_accounts: int = 10
    # Whose stances the digest counts (the scores table holds one row per scorer).
    digest_scorer: str = "rules"
    # Where the .html/.txt/.png/.eml files go (default: <data_dir>/digests/<target>/).
    digest_out_dir: Path | None = None

    @classmethod
    def from_settings(
        cls, settings: Any, env: Mapping[str, str], **overrides: Any
    ) -> DigestSettings:
        """Each ``digest_*`` field from ``overrides``, else ``settings`` when it declares it,
        else ``TOCSIN_<NAME>`` in ``env``, else the default; SMTP fields likewise."""
        values: dict[str, Any] = {"smtp": SmtpSettings.from_settings(settings, env)}
        for f in dataclasses.fields(cls):
            if f.name == "smtp":
                continue
            if overrides.get(f.name) is not None:
                values[f.name] = overrides[f.name]
            elif getattr(settings, f.name, None) is not None:
                values[f.name] = getattr(settings, f.name)
            elif f"TOCSIN_{f.name.upper()}" in env:
                values[f.name] = _parse(f.name, str(f.type), env[f"TOCSIN_{f.name.upper()}"])
        return cls(**values)


def _parse(name: str, kind: str, raw: str) -> Any:
    value = raw.strip()
    try:
        if kind.startswith("bool"):
            if value.lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                raise ValueError(raw)
            return value.lower() in ("1", "true", "yes", "on")
        if kind.startswith("int"):
            n = int(value)
            if n < 0:
                raise ValueError(raw)
            return n
        if kind.startswith("Path"):
            return Path(value)
    except ValueError:
        raise DigestError(f"TOCSIN_{name.upper()}={raw!r}: not a valid {kind}") from None
    return value
