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
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tasks.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_TARGETS = PACKAGE_DIR / "targets.toml"
CONFIG_ENV = "TOCSIN_CONFIG"
DEFAULT_CONFIG_NAME = "tocsin.toml"


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


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings; ``overrides`` (flow parameters, CLI options) win over everything.

    ``None`` overrides are ignored so that an unset option falls through to the next level.
    """
    path = resolve_config_file(config_file)
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
