"""The typed slices of the settings: frozen groups of fields, one per part of Tocsin, each
taking only what it needs (``Settings.http``, ``Settings.sources``, ``Settings.smtp``,
``Settings.digest``, ``Settings.evidence``, ``Settings.runner``, ``Settings.scoring``).

Their field names are the documented keys (``smtp_host`` in the config file,
``TOCSIN_SMTP_HOST`` in the environment); config/settings.py assembles them into ``Settings``
and reads them. This module imports nothing of Tocsin but config/paths.py (the standard library
only), so every layer may import it.
"""

from __future__ import annotations

import re
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from config.paths import xdg_home

# s3://bucket[/prefix]: S3's bucket naming rules (lower case, 3-63 characters), any prefix.
_S3_URL = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\s]*)?$")


def default_key_file() -> Path:
    """Where Tocsin keeps the signing key it creates itself: ``$XDG_CONFIG_HOME/tocsin/`` (an
    absolute XDG_CONFIG_HOME only, as the XDG spec says), else ``~/.config/tocsin/``."""
    return xdg_home("XDG_CONFIG_HOME", ".config") / "tocsin" / "signing-key.pem"


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


class ScoringSettings(Slice):
    """What a scorer needs besides its name (tasks/scoring; docs/scoring.md): the local model
    of the ``transformer`` scorer. Whoever builds a scorer from the settings (the nightly run,
    the watch, the digest, ``tocsin score``) passes ``options(name)`` to ``get_scorer``."""

    transformer_model: Path | None = Field(
        None,
        description="Directory of a text-classification model saved on this machine, for the "
        "transformer scorer (never downloaded; docs/scoring.md, Bring your own model).",
    )

    def options(self, name: str) -> dict[str, Any]:
        """``get_scorer``'s options for the scorer called ``name``."""
        if name == "transformer" and self.transformer_model is not None:
            return {"model": self.transformer_model}
        return {}


class DigestSettings(Slice):
    """What the weekly digest may be told (tasks/digest; docs/digest.md). ``smtp`` is the
    settings' one relay: the digest's sender and Message-ID domain come from it. ``scoring``
    is the settings' too: the digest scores the quarantined records it reports with it."""

    smtp: SmtpSettings = Field(
        default_factory=SmtpSettings, description="The relay (Settings.smtp), shared with alerts."
    )
    scoring: ScoringSettings = Field(
        default_factory=ScoringSettings,
        description="The scorers' settings (Settings.scoring), shared with the pipeline.",
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
    evidence_media: bool = Field(
        True,
        description="Fetch the media attached to collected posts (images, videos), hash them "
        "and seal them with the pages (tasks/evidence/media.py).",
    )
    evidence_media_max_bytes: int = Field(
        100_000_000,
        gt=0,
        description="Largest media file kept, in bytes; a larger one is recorded as too large, "
        "with its URL, and not kept.",
    )
    evidence_media_private_hosts: bool = Field(
        False,
        description="Fetch media from hosts that resolve to private, loopback or link-local "
        "addresses too (an internal mirror, tests). Default: refused, since an imported file "
        "could name any address.",
    )
    evidence_archive: str | None = Field(
        None,
        description="Write-once archive of every sealed evidence object: s3://bucket/prefix, "
        "a bucket with Object Lock (COMPLIANCE retention); endpoint and credentials from "
        "AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION "
        "(docs/several-machines.md).",
    )
    evidence_archive_retention_days: int | None = Field(
        None,
        gt=0,
        description="Days each archived object stays COMPLIANCE-locked from its upload: no one "
        "can delete or alter it before, nor shorten it (required with evidence_archive, and "
        "with an s3:// data_dir, whose evidence objects it locks).",
    )
    evidence_archive_accept_unlocked: bool = Field(
        False,
        description="Archive even into a bucket without Object Lock (the evidence there can be "
        "altered or deleted; every report then says unlocked). Default: refuse.",
    )

    @field_validator("evidence_archive")
    @classmethod
    def _s3_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not _S3_URL.match(value):
            raise ValueError(
                f"{value!r} is not an s3://bucket/prefix URL (bucket: 3-63 lower-case letters, "
                "digits, dots and hyphens)"
            )
        return value.rstrip("/")

    @model_validator(mode="after")
    def _retention_with_archive(self) -> EvidenceSettings:
        if self.evidence_archive and self.evidence_archive_retention_days is None:
            raise ValueError(
                "evidence_archive needs evidence_archive_retention_days: how long no one may "
                "delete an archived object (a COMPLIANCE retention cannot be shortened)"
            )
        return self


class HttpSettings(Slice):
    """Every connector's HTTP client: timeout, retries, longest wait (tasks/sources/http.py)."""

    request_timeout_seconds: float = Field(
        30.0, gt=0, description="Timeout of one HTTP request to a platform (connect and read)."
    )
    http_max_retries: int = Field(
        5, ge=0, description="Retries of one request on 429, 5xx and timeouts before giving up."
    )
    http_max_wait_seconds: float = Field(
        960.0,
        gt=0,
        description="Longest single wait for a rate-limit reset; a later reset fails the query "
        "(X windows are 15 minutes).",
    )


class SourcesSettings(Slice):
    """The platform connectors: base URLs, credentials (environment or Secret blocks only), X's
    read budget and paging (tasks/sources; docs/sources.md)."""

    x_base_url: str = Field(
        "https://api.x.com", description="Base URL of the X API (v2 paths are appended)."
    )
    mastodon_url: str | None = Field(
        None,
        description="Base URL of the Mastodon instance the token belongs to (default: the "
        "instance of the target's Mastodon handle).",
    )
    bluesky_url: str = Field(
        "https://bsky.social",
        description="Base URL of the Bluesky PDS / entryway that creates the session and serves XRPC.",
    )
    x_bearer_token: SecretStr | None = Field(
        None, description="X API v2 app bearer token (environment or Prefect Secret block only)."
    )
    mastodon_token: SecretStr | None = Field(
        None,
        description="Mastodon access token (read scope) of the account whose notifications are "
        "read (environment or Prefect Secret block only).",
    )
    bluesky_handle: str | None = Field(
        None, description="Bluesky handle (or DID) that logs in (environment or Secret block only)."
    )
    bluesky_app_password: SecretStr | None = Field(
        None, description="Bluesky app password of that account (environment or Secret block only)."
    )
    x_search_mode: Literal["recent", "all"] = Field(
        "recent",
        description="X search endpoint: recent (last 7 days, every access level) or all "
        "(full archive, Pro/Enterprise).",
    )
    x_monthly_read_cap: int = Field(
        10_000,
        ge=0,
        description="Posts Tocsin may read from X per calendar month (UTC), all targets "
        "together; collection stops at the cap (X bills per post read). 0 disables X reads.",
    )
    x_target_floor: int | None = Field(
        None,
        ge=0,
        description="Posts of x_monthly_read_cap guaranteed to each target with an X source per "
        "month: a wave on one target can read what the others leave, never their floors; the "
        "daily recheck's lookups count against the target rechecked. Default: half the cap, "
        "split equally among the targets file's X targets; at most an equal share.",
    )
    x_quote_search: bool = Field(
        False,
        description="Also search quotes with the quotes_of_tweet_id: operator (needs an access "
        "level that allows it); the quote-tweets endpoint is always used.",
    )
    x_own_posts: int = Field(
        10,
        ge=0,
        le=100,
        description="How many of the target's own most recent X posts have their reply "
        "conversations collected (needs the target's x handle or x_user_id).",
    )
    x_page_size: int = Field(
        100, ge=10, le=100, description="Posts per X API page (max_results, 10-100)."
    )
    first_run_days: int = Field(
        30,
        gt=0,
        description="How far back a first nightly run of Mastodon and Bluesky reaches (X recent "
        "search reaches 7 days at most).",
    )


class RunnerSettings(Slice):
    """Where a run's targets run at once: a process pool on this machine, or a Dask cluster
    through prefect-dask (flows/workers.py; docs/several-machines.md)."""

    task_runner: Literal["process", "dask"] = Field(
        "process",
        description="How nightly and backfill runs spread their targets: process (a pool of "
        "`workers` processes on this machine) or dask (prefect-dask's DaskTaskRunner: the "
        "scheduler at dask_address, else a local cluster of `workers` processes; needs the "
        "dask extra).",
    )
    dask_address: str | None = Field(
        None,
        description="Address of a running Dask scheduler (tcp://host:8786) for task_runner = "
        "dask; unset: a local Dask cluster started for the run. Its workers must reach the "
        "Prefect API (PREFECT_API_URL) and the data root.",
    )
