"""One settings object, built once at flow or command entry and passed down, in typed slices.

``Settings`` holds the run's own fields (data root, targets file, batch size...) and frozen
sub-models, one per part of Tocsin: ``http`` (every connector's client), ``sources`` (the
platform connectors and their credentials), ``smtp`` (the one relay of alerts and digests),
``digest``, ``evidence`` (config/slices.py), ``detect`` and ``alerts`` (tasks/detect/config.py,
tasks/alerts/config.py). Each task takes only its slice (``settings.smtp``, ``settings.digest``...).
``runner`` (config/slices.py) says where a run's targets run at once (flows/workers.py).
Every field is declared once, in its slice, with its default and description.

The documented keys stay flat: ``smtp_host`` in the config file, ``TOCSIN_SMTP_HOST`` in the
environment, ``load_settings(smtp_host=...)`` from a flow parameter or a command-line option.
``KEYS`` is that key space (derived from the slices); ``load_settings`` reads it with
pydantic-settings and sorts each key into its slice.

Precedence, highest first (documented in README):
  1. a flow parameter or command-line option (passed to ``load_settings`` as keyword arguments)
  2. a ``TOCSIN_*`` environment variable (``TOCSIN_DATA_DIR``, ``TOCSIN_TARGETS_FILE``, ...)
  3. the config file: ``--config``, else ``TOCSIN_CONFIG``, else ``./tocsin.toml`` when present
  4. the defaults below

Nothing below ``config/`` reads ``os.environ``: tasks receive this object, or their slice of it.
"""

from __future__ import annotations

import os
from copy import copy
from dataclasses import fields, is_dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    create_model,
    field_serializer,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from config.dataroot import data_root_of, evidence_root
from config.slices import (
    DigestSettings,
    EvidenceSettings,
    HttpSettings,
    RunnerSettings,
    ScoringSettings,
    Slice,
    SmtpSettings,
    SourcesSettings,
)
from config.tomlfile import read_toml
from tasks.alerts.config import AlertPolicy
from tasks.detect.config import DetectConfig
from tasks.errors import ConfigError
from tasks.storage import Root, S3Root

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


SLICES: dict[str, type[Slice]] = {
    "http": HttpSettings,
    "sources": SourcesSettings,
    "smtp": SmtpSettings,
    "digest": DigestSettings,
    "evidence": EvidenceSettings,
    "runner": RunnerSettings,
    "scoring": ScoringSettings,
}
"""The slices whose keys are flat (``smtp_host``); ``detect`` and ``alerts`` are tables."""


class Settings(BaseModel):
    """Everything a run may be told: the run's own fields, then one slice per part. Unknown keys
    are rejected, the object and its slices are frozen. Built by ``load_settings``; built
    directly (tests), it takes the flat keys too (``Settings(smtp_host=...)``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    data_dir: Path | S3Root = Field(
        Path("data"),
        description="Root of every table Tocsin writes: a folder, or s3://bucket/prefix (needs "
        "evidence_archive_retention_days; docs/several-machines.md).",
    )
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
        DetectConfig.young_account_days,
        gt=0,
        description="An account younger than this when it posted counts as young.",
    )
    data_docs: bool = Field(
        False, description="Also build great-expectations Data Docs (HTML) for each run."
    )
    config_file: Path | None = Field(
        None, description="The config file these settings were read from (set by load_settings)."
    )

    prefect_secret_blocks: bool = Field(
        False,
        description="Look credentials missing from the environment up in Prefect Secret blocks "
        "(tocsin-x-bearer-token, tocsin-mastodon-token, tocsin-bluesky-handle, "
        "tocsin-bluesky-app-password, tocsin-smtp-password; for an s3:// data root or evidence "
        "archive when boto3 finds no AWS keys: tocsin-aws-access-key-id, "
        "tocsin-aws-secret-access-key, optional tocsin-aws-session-token).",
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

    # --- wave watch (docs/detection.md) ---
    alert_outbox_dir: Path | None = Field(
        None, description="Write alert emails as .eml files here instead of sending them."
    )
    detect: DetectConfig = Field(
        default_factory=DetectConfig,
        description="Detection settings (tasks/detect/config.py DetectConfig), e.g. "
        "[detect] min_posts; young_account_days defaults to the setting of that name.",
    )
    alerts: AlertPolicy = Field(
        default_factory=AlertPolicy,
        description="The alert policy (tasks/alerts/config.py AlertPolicy): growth factor, hours "
        "between escalations, maximum age, worst messages quoted.",
    )

    # --- the slices whose keys are flat ---
    http: HttpSettings = Field(
        default_factory=HttpSettings, description="Every connector's HTTP timeouts and retries."
    )
    sources: SourcesSettings = Field(
        default_factory=SourcesSettings, description="The platform connectors and credentials."
    )
    smtp: SmtpSettings = Field(
        default_factory=SmtpSettings, description="The SMTP relay of alerts and digests."
    )
    digest: DigestSettings = Field(
        default_factory=DigestSettings, description="The weekly digest (its smtp is the above)."
    )
    evidence: EvidenceSettings = Field(
        default_factory=EvidenceSettings, description="The evidence vault's key and TSA."
    )
    runner: RunnerSettings = Field(
        default_factory=RunnerSettings,
        description="Where a run's targets run at once: processes here, or a Dask cluster.",
    )
    scoring: ScoringSettings = Field(
        default_factory=ScoringSettings,
        description="What a scorer needs besides its name (the transformer scorer's model).",
    )

    @model_validator(mode="before")
    @classmethod
    def _sort_keys(cls, data: Any) -> Any:
        """Flat keys into their slices; the digest gets the one relay; detection's
        young_account_days defaults to the setting of that name."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for name, kind in SLICES.items():
            flat = {k: data.pop(k) for k in kind.flat_keys() if k in data}
            if flat:
                given = data.get(name)
                data[name] = {**_as_dict(given), **flat} if given is not None else flat
        for shared in ("smtp", "scoring"):  # the digest's are the settings' own
            if shared in data:
                digest = _as_dict(data.get("digest"))
                data["digest"] = {**digest, shared: data[shared]}
        if "young_account_days" in data:
            detect = _as_dict(data.get("detect"))
            data["detect"] = {"young_account_days": data["young_account_days"], **detect}
        return data

    @field_validator("data_dir", mode="before")
    @classmethod
    def _data_root(cls, value: Any) -> Any:
        """A folder stays a ``Path``; ``s3://bucket/prefix`` becomes its root (see below)."""
        return data_root_of(value)

    @model_validator(mode="after")
    def _evidence_root(self) -> Settings:
        """An ``s3://`` data root holds the evidence vault: ``data_dir`` is then the
        ``EvidenceRoot`` config/dataroot.py makes of it (or refuses, in one line)."""
        if isinstance(self.data_dir, S3Root):
            root = evidence_root(
                self.data_dir,
                self.evidence,
                data_docs=self.data_docs,
                secret_blocks=self.prefect_secret_blocks,
            )
            object.__setattr__(self, "data_dir", root)  # frozen: set once, while validated
        return self

    @field_serializer("data_dir", when_used="json")
    def _data_root_text(self, value: Path | S3Root) -> str:
        return str(value)

    @model_validator(mode="after")
    def _one_relay(self) -> Settings:
        if self.digest.smtp != self.smtp:
            raise ValueError("digest.smtp must be the settings' smtp: one relay for all mail")
        if self.digest.scoring != self.scoring:
            raise ValueError("digest.scoring must be the settings' scoring")
        return self

    def with_keys(self, **keys: Any) -> Settings:
        """A copy with these documented keys set (None included), validated again: a command's
        own choice over what was loaded (the demo's timestamp authority), without loading twice."""
        return Settings(**{name: getattr(self, name) for name in type(self).model_fields}, **keys)

    @property
    def clock_skew(self) -> timedelta:
        return timedelta(seconds=self.clock_skew_seconds)


def _as_dict(value: Any) -> dict[str, Any]:
    """A slice given as an object or a mapping, as a mapping of its fields (values kept as they
    are: a SecretStr stays one)."""
    if value is None:
        return {}
    if isinstance(value, BaseModel):
        return {k: getattr(value, k) for k in type(value).model_fields}
    if is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return dict(value)


TABLES = ("detect", "alerts")
"""Settings given as a table of their own (``[detect] min_posts = 10``), read as such."""


class _Sourced(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TOCSIN_", frozen=True, extra="forbid", arbitrary_types_allowed=True
    )


def _key_fields() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, info in Settings.model_fields.items():
        if name == "config_file":
            continue
        if name in SLICES:
            part = SLICES[name].model_fields
            found = {k: (part[k].annotation, copy(part[k])) for k in SLICES[name].flat_keys()}
        elif name in TABLES:
            table = Field(default_factory=dict, description=info.description)
            found = {name: (dict[str, Any], table)}
        else:  # an s3:// data root is read as text: a Path would make s3://b/x s3:/b/x
            kind = str | Path | Root if name == "data_dir" else info.annotation
            found = {name: (kind, copy(info))}
        twice = sorted(set(found) & set(out))
        if twice:
            raise TypeError(f"settings key(s) declared twice: {twice}")
        out.update(found)
    return out


SettingKeys = create_model("SettingKeys", __base__=_Sourced, **_key_fields())
"""The documented, flat key space (config file keys, ``TOCSIN_<KEY>``), as pydantic-settings
reads it; derived from the slices, never declared by hand."""
KEYS: dict[str, FieldInfo] = dict(SettingKeys.model_fields)


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

    class _FromFile(SettingKeys):  # type: ignore[misc, valid-type]
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
        keys = _FromFile(**given)
        values = {k: getattr(keys, k) for k in keys.model_fields_set}
        return Settings(**values, config_file=path)
    except ValidationError as exc:
        where = f" (config file {path})" if path else ""
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"]
            for e in exc.errors()
        )
        raise ConfigError(f"invalid settings{where}: {problems}") from None
