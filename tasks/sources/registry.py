"""Source names → source objects, and the window each can serve."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from pydantic import SecretStr

from config.settings import Settings
from config.targets import Target
from tasks.errors import ConfigError, SourceUnavailable
from tasks.pages import RawPage
from tasks.sources.base import Source, SourceBase

# Synthetic pages are "collected" as the hour closes, like a live collector would: fixed, so a
# re-run reproduces the same rows.
_COLLECTION_DELAY = timedelta(hours=1)


class SyntheticSource(SourceBase):
    """The embedded default: a scenario of SCENARIOS.md as X API v2 pages, from a seed.
    A scenario is generated whole for any window: nothing is ever out of reach, so it has no
    problems, no gaps and no marks to checkpoint."""

    name = "synthetic"

    def __init__(self, scenario: str, seed: int) -> None:
        from tasks.sources import synthetic

        super().__init__()
        self._gen = synthetic
        if scenario not in synthetic.SCENARIOS:
            raise ConfigError(
                f"unknown synthetic scenario {scenario!r}; known: {', '.join(synthetic.SCENARIOS)}"
            )
        self.scenario, self.seed = scenario, seed

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        start, end = self._gen.scenario_window(self.scenario)
        return start, min(end, now)

    def pages(
        self, target: Target, start: datetime | None, end: datetime | None
    ) -> Iterator[RawPage]:
        # X handles are 1–15 of [A-Za-z0-9_]: a target without one gets its name made into one.
        handle = target.handles.x or re.sub(r"[^A-Za-z0-9_]", "_", target.name)[:15]
        user_id = target.handles.x_user_id or "1000000000000000001"
        pages = self._gen.generate_pages(
            self.scenario, seed=self.seed, handle=handle, user_id=user_id, start=start, end=end
        )
        n, hour = 0, None
        for page in pages:
            # Numbered within its hour, so the reference is the same whatever window asked for it.
            n, hour = (n + 1, hour) if page.hour == hour else (0, page.hour)
            yield RawPage(
                body=page.body,
                source=self.name,
                ref=f"synthetic:{self.scenario}:seed={self.seed}:{page.hour:%Y-%m-%dT%H}Z#{n}",
                retrieved_at=page.hour + _COLLECTION_DELAY,
                date_hint=page.hour.date(),
            )


# Each credential: its environment variable (shown to users, never its value), its default
# Prefect Secret block, and what it is.
CREDENTIAL_NAMES = {
    "x_bearer_token": ("TOCSIN_X_BEARER_TOKEN", "tocsin-x-bearer-token", "X API bearer token"),
    "mastodon_token": ("TOCSIN_MASTODON_TOKEN", "tocsin-mastodon-token", "Mastodon access token"),
    "bluesky_handle": ("TOCSIN_BLUESKY_HANDLE", "tocsin-bluesky-handle", "Bluesky login handle"),
    "bluesky_app_password": (
        "TOCSIN_BLUESKY_APP_PASSWORD",
        "tocsin-bluesky-app-password",
        "Bluesky app password",
    ),
}
NEEDS = {
    "x": ("x_bearer_token",),
    "mastodon": ("mastodon_token",),
    "bluesky": ("bluesky_handle", "bluesky_app_password"),
}
KNOWN_SOURCES = ("synthetic", *NEEDS)


def _load_block(name: str, *, required: bool) -> str | None:
    """A Prefect Secret block's value (needs a Prefect API: only when configured to)."""
    from prefect.blocks.system import Secret

    try:
        value = Secret.load(name).get()
    except ValueError:
        if required:
            raise SourceUnavailable(
                f"Prefect Secret block {name!r} does not exist: create it "
                f"(prefect block create secret) or remove it from the targets file"
            ) from None
        return None
    return str(value) if value else None


def credential(settings: Settings, target: Target, name: str) -> str | None:
    """The credential ``name``, by precedence: the target's own Secret block, the settings
    (environment), the installation's Secret block (with prefect_secret_blocks)."""
    block = getattr(target.secret_blocks, name)
    if block:
        return _load_block(block, required=True)
    value = getattr(settings.sources, name)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if value:
        return str(value)
    if settings.prefect_secret_blocks:
        return _load_block(CREDENTIAL_NAMES[name][1], required=False)
    return None


def _missing(target: Target, source: str, names: list[str]) -> SourceUnavailable:
    what = " and ".join(f"{CREDENTIAL_NAMES[n][0]} ({CREDENTIAL_NAMES[n][2]})" for n in names)
    return SourceUnavailable(
        f"target {target.name!r}: source {source!r} is not configured: set {what} in the "
        "environment or a Prefect Secret block (docs/sources.md)"
    )


def make_source(name: str, target: Target, settings: Settings) -> Source:
    """The source object; SourceUnavailable (with what to set) when credentials are missing."""
    if name == "synthetic":
        return SyntheticSource(target.synthetic.scenario, target.synthetic.seed)
    if name not in NEEDS:
        raise ConfigError(
            f"target {target.name!r}: unknown source {name!r}; known: {', '.join(KNOWN_SOURCES)}"
        )
    values = {n: credential(settings, target, n) for n in NEEDS[name]}
    missing = [n for n, v in values.items() if not v]
    if missing:
        raise _missing(target, name, missing)
    if name == "x":
        from tasks.sources.x_api import XSource

        return XSource(target, settings, values["x_bearer_token"] or "")
    if name == "mastodon":
        from tasks.sources.mastodon import MastodonSource

        return MastodonSource(target, settings, values["mastodon_token"] or "")
    from tasks.sources.bluesky import BlueskySource

    return BlueskySource(
        target, settings, values["bluesky_handle"] or "", values["bluesky_app_password"] or ""
    )


def describe_sources(settings: Settings, targets: list[Target]) -> list[dict[str, str]]:
    """Each target's sources and whether each is ready, without loading a Secret block nor
    showing a credential: where each one would come from, and the base URL."""
    rows: list[dict[str, str]] = []
    for target in targets:
        for name in target.sources:
            if name == "synthetic":
                rows.append(
                    {
                        "target": target.name,
                        "source": name,
                        "ready": "yes",
                        "credentials": "none needed",
                        "base_url": "(embedded)",
                    }
                )
                continue
            found, missing = [], []
            for cred in NEEDS[name]:
                env, block, _ = CREDENTIAL_NAMES[cred]
                if getattr(target.secret_blocks, cred):
                    found.append(f"{env}: block {getattr(target.secret_blocks, cred)!r}")
                elif getattr(settings.sources, cred):
                    found.append(f"{env}: set")
                elif settings.prefect_secret_blocks:
                    found.append(f"{env}: block {block!r} (not checked)")
                else:
                    missing.append(env)
            base = {"x": settings.sources.x_base_url, "bluesky": settings.sources.bluesky_url}.get(
                name
            )
            if name == "mastodon":
                from tasks.sources.mastodon import instance_url

                base = instance_url(settings, target)
            ready = "no" if missing or not base else "yes"
            creds = "; ".join(found + [f"{m}: missing" for m in missing])
            rows.append(
                {
                    "target": target.name,
                    "source": name,
                    "ready": ready,
                    "credentials": creds,
                    "base_url": base or "missing: TOCSIN_MASTODON_URL or a handle user@instance",
                }
            )
    return rows


def nightly_window(
    source: Source, watermark: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """From the last watermark (or the start of what the source holds) up to now."""
    start, end = source.available(now)
    if watermark is not None:
        start = max(start, watermark)
    return start, max(start, end)


def utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
