"""Watched targets, read from a TOML file (``config/targets.toml`` by default).

A target is a person under watch: a handle per platform, and the *watched posts* that designated
them, whose replies and quotes belong to the target even when they never name it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from config.tomlfile import read_toml
from tasks.errors import ConfigError, UnknownTarget

Platform = Literal["x", "mastodon", "bluesky"]
SourceName = Literal["synthetic", "x", "mastodon", "bluesky"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Handles(_Frozen):
    x: str | None = Field(None, description="X username, without @.")
    x_user_id: str | None = Field(None, description="X numeric user id, when known.")
    mastodon: str | None = Field(None, description="Mastodon account, user@instance.")
    bluesky: str | None = Field(None, description="Bluesky handle, e.g. name.bsky.social.")
    bluesky_did: str | None = Field(
        None, description="Bluesky DID (did:plc:...), when known: mentions are matched on it too."
    )

    @field_validator("x", "mastodon", "bluesky")
    @classmethod
    def _strip_at(cls, v: str | None) -> str | None:
        return v.lstrip("@") if v else v


class WatchedPost(_Frozen):
    platform: Platform
    id: str
    url: str | None = None
    note: str | None = Field(None, description="Why this post is watched (who posted it, when).")


class SecretBlocks(_Frozen):
    """Names of Prefect Secret blocks holding this target's own credentials (never the secrets
    themselves): notifications are read with the watched person's own account."""

    x_bearer_token: str | None = None
    mastodon_token: str | None = None
    bluesky_handle: str | None = None
    bluesky_app_password: str | None = None


class SyntheticSpec(_Frozen):
    scenario: str = "seed-wave"
    seed: int = 0


class Recipient(_Frozen):
    """Someone who must act: the target, their lawyer, a newsroom safety desk."""

    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    name: str | None = None
    lang: Literal["fr", "en"] = Field("fr", description="Language of what they receive.")
    role: str | None = Field(None, description="target, lawyer, safety desk, ...")
    alerts: bool = Field(True, description="Receives wave alerts.")
    digest: bool = Field(True, description="Receives the weekly digest.")
    show_content: bool = Field(
        False,
        description='For role = "target": receive the full digest, which quotes the hostile '
        "messages and threats (slurs masked as configured). Without it the targeted person gets a "
        "short summary that quotes nothing. Other roles always get the full digest.",
    )
    daily_during_episode: bool | None = Field(
        None,
        description="Receives a daily digest while an episode is open. Default: yes for every "
        'role but "target" (the safety desk, the lawyer), no for the targeted person.',
    )

    @property
    def gentle(self) -> bool:
        """The targeted person's short summary, which quotes no message, instead of the full
        digest."""
        return self.role == "target" and not self.show_content

    @property
    def daily(self) -> bool:
        """Receives the daily digest while an episode is open (``daily_during_episode``, or its
        default for the role)."""
        if self.daily_during_episode is not None:
            return self.daily_during_episode
        return self.role != "target"


class Target(_Frozen):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="Slug used in paths.")
    display_name: str | None = None
    timezone: str = Field("UTC", description="IANA zone the target's days are counted in.")
    handles: Handles = Handles()
    watched_posts: tuple[WatchedPost, ...] = ()
    sources: tuple[SourceName, ...] = ("synthetic",)
    recipients: tuple[Recipient, ...] = ()
    webhook_env: str | None = Field(
        None,
        description="Name of the environment variable holding this target's alert webhook URL "
        "(a URL often embeds a secret, so it is never written in this file).",
    )
    synthetic: SyntheticSpec = SyntheticSpec()
    secret_blocks: SecretBlocks = Field(
        SecretBlocks(),
        description="Prefect Secret block names for this target's credentials, when they differ "
        "from the installation-wide ones.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown timezone {v!r} (use an IANA name like Europe/Paris)"
            ) from None
        return v

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def watched_ids(self, platform: str) -> frozenset[str]:
        return frozenset(p.id for p in self.watched_posts if p.platform == platform)


class TargetsFile(_Frozen):
    target: tuple[Target, ...] = ()


def load_targets(path: Path) -> dict[str, Target]:
    """All configured targets by name; a clear ConfigError for any problem in the file."""
    raw = read_toml(Path(path), "targets file")
    try:
        parsed = TargetsFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"targets file {path}: {problems}") from None
    by_name: dict[str, Target] = {}
    for t in parsed.target:
        if t.name in by_name:
            raise ConfigError(f"targets file {path}: target {t.name!r} is declared twice")
        by_name[t.name] = t
    if not by_name:
        raise ConfigError(f"targets file {path} declares no [[target]]")
    return by_name


def pick_targets(targets: dict[str, Target], names: list[str] | None) -> list[Target]:
    """The named targets (all when ``names`` is empty); unknown names list the configured ones."""
    if not names:
        return list(targets.values())
    unknown = [n for n in names if n not in targets]
    if unknown:
        raise UnknownTarget(
            f"unknown target {', '.join(map(repr, unknown))}; configured: {', '.join(targets)}"
        )
    return [targets[n] for n in names]


def webhook_url(target: Target) -> str | None:
    """The URL of the target's webhook: the environment variable its ``webhook_env`` names (a
    URL holding a token is a credential, kept out of files). Read here, in config/, so that no
    flow or task reads the environment."""
    return os.environ.get(target.webhook_env) if target.webhook_env else None
