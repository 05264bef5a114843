"""One settings object, built once at flow or command entry and passed down.

Precedence, highest first (documented in README):
  1. a flow parameter or command-line option (passed to ``load_settings`` as keyword arguments)
  2. a ``TOCSIN_*`` environment variable (``TOCSIN_DATA_DIR``, ``TOCSIN_TARGETS_FILE``, ...)
  3. the config file: ``--config``, else ``TOCSIN_CONFIG``, else ``./tocsin.toml`` when present
  4. the defaults below

Tasks never read ``os.environ``: they receive this object.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from config.tomlfile import read_toml
from tasks.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_TARGETS = PACKAGE_DIR / "targets.toml"
CONFIG_ENV = "TOCSIN_CONFIG"
DEFAULT_CONFIG_NAME = "tocsin.toml"
# Credentials come from the environment or Prefect Secret blocks, never from a file that gets
# copied, committed and shared: load_settings refuses them in the config file.
CREDENTIALS = (
    "x_bearer_token",
    "mastodon_token",
    "bluesky_handle",
    "bluesky_app_password",
    "smtp_password",
    "perspective_api_key",
)


def default_key_file() -> Path:
    """Where Tocsin keeps the signing key it creates itself: ``$XDG_CONFIG_HOME/tocsin/`` (an
    absolute XDG_CONFIG_HOME only, as the XDG spec says), else ``~/.config/tocsin/``."""
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return base / "tocsin" / "signing-key.pem"


class Settings(BaseSettings):
    """Everything a run may be told. Unknown keys are rejected, the object is frozen."""

    model_config = SettingsConfigDict(env_prefix="TOCSIN_", frozen=True, extra="forbid")

    data_dir: Path = Field(Path("data"), description="Root of every table Tocsin writes.")
    targets_file: Path = Field(
        SHIPPED_TARGETS, description="TOML file of watched targets (default: the shipped demo)."
    )
    batch_size: int = Field(
        50_000, gt=0, description="Records per processing batch: bounds memory on large inputs."
    )
    workers: int = Field(
        0,
        ge=0,
        description="Targets a nightly run processes at once, each in its own process "
        "(0: as many as the machine has cores; 1: one after another in the flow's process).",
    )
    clock_skew_seconds: int = Field(
        300,
        ge=0,
        description="How far past the run time a timestamp may lie before it counts as future.",
    )
    young_account_days: int = Field(
        30, gt=0, description="An account younger than this when it posted counts as young."
    )
    data_docs: bool = Field(
        False, description="Also build great-expectations Data Docs (HTML) for each run."
    )
    config_file: Path | None = Field(
        None, description="The config file these settings were read from (set by load_settings)."
    )

    # --- platform connectors (tasks/sources; docs/sources.md) ---
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
    prefect_secret_blocks: bool = Field(
        False,
        description="Look credentials missing from the environment up in Prefect Secret blocks "
        "(tocsin-x-bearer-token, tocsin-mastodon-token, tocsin-bluesky-handle, "
        "tocsin-bluesky-app-password).",
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

    scorer: str = Field(
        "rules",
        description="Scorer the pipeline runs on new posts and counts in the daily aggregates: "
        "rules (local, default), perspective (ends in 2026), transformer (a local model).",
    )
    perspective_api_key: SecretStr | None = Field(
        None,
        description="Google Perspective API key, for the perspective scorer (environment "
        "TOCSIN_PERSPECTIVE_API_KEY only).",
    )

    # --- evidence vault (tasks/evidence; docs/chain-of-custody.md) ---
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

    # --- email: one relay for wave alerts and weekly digests ---
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

    # --- wave watch (docs/detection.md) ---
    alert_outbox_dir: Path | None = Field(
        None, description="Write alert emails as .eml files here instead of sending them."
    )
    detect: dict[str, Any] = Field(
        default_factory=dict,
        description="Overrides of the detection settings (tasks/detect/config.py DetectConfig), "
        "e.g. min_posts; unknown keys are rejected when the watch starts.",
    )
    alerts: dict[str, Any] = Field(
        default_factory=dict,
        description="Overrides of the alert policy (AlertPolicy): growth factor, hours between "
        "escalations, maximum age, worst messages quoted.",
    )

    # --- weekly digest (docs/digest.md) ---
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

    @property
    def clock_skew(self) -> timedelta:
        return timedelta(seconds=self.clock_skew_seconds)


def resolve_config_file(explicit: str | Path | None = None) -> Path | None:
    """The config file to read, by the documented precedence; an explicit one must exist."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    env = os.environ.get(CONFIG_ENV)
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"{CONFIG_ENV} points at {path}, which does not exist")
        return path
    local = Path(DEFAULT_CONFIG_NAME)
    return local if local.is_file() else None


def _refuse_credentials_in(path: Path | None) -> None:
    if path is None:
        return
    # Read here first: a malformed file is one line naming it, its line and column, instead of
    # the settings source's traceback.
    keys = set(read_toml(path, "config file"))
    found = sorted(keys & set(CREDENTIALS))
    if found:
        envs = ", ".join(f"TOCSIN_{k.upper()}" for k in found)
        raise ConfigError(
            f"config file {path}: credentials do not belong in a file ({', '.join(found)}); "
            f"remove them and set {envs} in the environment or a Prefect Secret block"
        )


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings; ``overrides`` (flow parameters, CLI options) win over everything.

    ``None`` overrides are ignored so that an unset option falls through to the next level.
    """
    path = resolve_config_file(config_file)
    _refuse_credentials_in(path)
    given = {k: v for k, v in overrides.items() if v is not None}

    class _FromFile(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            sources = [init_settings, env_settings]
            if path is not None:
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
            return tuple(sources)

    try:
        built = _FromFile(**given)
    except ValidationError as exc:
        where = f" (config file {path})" if path else ""
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '?'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"invalid settings{where}: {problems}") from None
    values = built.model_dump()
    values["config_file"] = path
    # Re-validate as the public class so callers get a plain, frozen Settings.
    return Settings.model_construct(**values)
