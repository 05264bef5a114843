"""The typed slices of the settings: frozen groups of fields, one per part of Tocsin, each
taking only what it needs (``Settings.smtp``, ``Settings.digest``, ``Settings.evidence``).

Their field names are the documented keys (``smtp_host`` in the config file,
``TOCSIN_SMTP_HOST`` in the environment); config/settings.py assembles them into ``Settings``
and reads them. This module imports nothing of Tocsin, so every layer may import it.
"""

from __future__ import annotations

import os
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr


def default_key_file() -> Path:
    """Where Tocsin keeps the signing key it creates itself: ``$XDG_CONFIG_HOME/tocsin/`` (an
    absolute XDG_CONFIG_HOME only, as the XDG spec says), else ``~/.config/tocsin/``."""
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return base / "tocsin" / "signing-key.pem"


class Slice(BaseModel):
    """A frozen group of settings. Its field names are the documented keys: the config file's
    ``name``, the environment's ``TOCSIN_NAME``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def flat_keys(cls) -> list[str]:
        """The documented keys this slice holds (a slice it shares, such as the digest's
        ``smtp``, is filled by ``Settings``, not read)."""
        return [n for n, f in cls.model_fields.items() if not _is_slice(f.annotation)]


def _is_slice(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Slice)


class SmtpSettings(Slice):
    """The one SMTP relay of wave alerts and weekly digests (tasks/alerts/smtp.py)."""

    smtp_host: str | None = Field(None, description="SMTP relay host (needed to send email).")
    smtp_port: int = Field(587, gt=0, description="SMTP relay port.")
    smtp_user: str | None = Field(None, description="SMTP login, if the relay needs one.")
    smtp_password: SecretStr | None = Field(
        None,
        description="SMTP password (environment TOCSIN_SMTP_PASSWORD or Prefect Secret block "
        "tocsin-smtp-password only).",
    )
    smtp_starttls: bool = Field(True, description="Upgrade with STARTTLS before anything is sent.")
    smtp_ca_file: Path | None = Field(
        None, description="CA bundle for a private relay's certificate (default: the system's)."
    )
    smtp_timeout_seconds: float = Field(30.0, gt=0, description="SMTP timeout.")
    smtp_from: str = Field(
        "Tocsin <tocsin@localhost>",
        description="From address of alerts and digests (its domain is used in Message-IDs).",
    )

    @property
    def mail_domain(self) -> str:
        return parseaddr(self.smtp_from)[1].rpartition("@")[2] or "localhost"


class DigestSettings(Slice):
    """What the weekly digest may be told (tasks/digest; docs/digest.md). ``smtp`` is the
    settings' one relay: the digest's sender and Message-ID domain come from it."""

    smtp: SmtpSettings = Field(
        default_factory=SmtpSettings, description="The relay (Settings.smtp), shared with alerts."
    )
    digest_mask_slurs: bool = Field(
        True, description="Mask slurs in the digest email body (the evidence export keeps them)."
    )
    digest_max_messages: int = Field(10, ge=0, description="Worst messages quoted per digest.")
    digest_max_accounts: int = Field(
        10, ge=0, description="Most active hostile accounts listed per digest."
    )
    digest_scorer: str = Field("rules", description="Scorer whose stances the digest counts.")
    digest_out_dir: Path | None = Field(
        None, description="Where digests are written (default <data_dir>/digests)."
    )


class EvidenceSettings(Slice):
    """The evidence vault's keys and timestamp authority (tasks/evidence;
    docs/chain-of-custody.md)."""

    evidence_signing_key: Path | None = Field(
        None,
        description="Ed25519 private key (PEM) that signs the manifests; must live outside "
        "data_dir (`tocsin keygen` makes one).",
    )
    evidence_key_file: Path = Field(
        default_factory=default_key_file,
        description="When evidence_signing_key is unset: the Ed25519 key Tocsin signs with, "
        "created on the first seal if missing (mode 600, folder 700; outside data_dir). "
        "Default $XDG_CONFIG_HOME/tocsin/signing-key.pem, else ~/.config/tocsin/signing-key.pem.",
    )
    evidence_tsa_url: str | None = Field(
        None,
        description="RFC 3161 timestamp authority URL; without one manifests are untimestamped.",
    )
    evidence_tsa_ca_file: Path | None = Field(
        None, description="The TSA's CA certificate(s), PEM: tokens are checked on receipt."
    )
    evidence_tsa_timeout_seconds: float = Field(
        10.0, gt=0, description="How long to wait for the TSA before sealing untimestamped."
    )
