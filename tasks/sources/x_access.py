"""What every read of the X API goes through, the collection's (x_api.py) and the recheck's
(tasks/evidence/lookups.py) alike: one client with the settings' base URL, timeout, retries and
longest wait, the bearer token in a header only and scrubbed from everything kept or said; and
the target's fair share of the monthly read cap (state.Budget), which both spend.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import httpx

from config.settings import Settings
from config.targets import load_targets
from tasks.errors import ConfigError
from tasks.sources.http import Client, utcnow
from tasks.sources.state import Budget


def x_sharers(settings: Settings) -> list[str]:
    """The targets that share the X read budget: those of the targets file with an X source."""
    try:
        targets = load_targets(settings.targets_file)
    except ConfigError:  # the flow has refused to start already; a lone source shares with none
        return []
    return [t.name for t in targets.values() if "x" in t.sources]


def x_budget(settings: Settings, target: str, clock: Callable[[], datetime]) -> Budget:
    """``target``'s share of the monthly X read cap (collection and recheck lookups alike)."""
    return Budget(
        settings.data_dir,
        "x",
        settings.sources.x_monthly_read_cap,
        clock,
        target=target,
        sharers=x_sharers(settings),
        floor=settings.sources.x_target_floor,
    )


def x_client(
    settings: Settings,
    token: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = utcnow,
    transport: httpx.BaseTransport | None = None,
    min_interval: float = 0.0,
) -> Client:
    """The X API client every X read goes through (the collection's and the recheck's): the
    settings' base URL, timeout, retries and longest wait, the bearer token in a header only and
    scrubbed from everything kept or said."""
    client = Client.for_settings(
        settings.http,
        platform="x",
        base_url=settings.sources.x_base_url,
        base_url_setting="TOCSIN_X_BASE_URL",
        sleep=sleep,
        clock=clock,
        min_interval=min_interval,
        transport=transport,
    )
    client.authorize(f"Bearer {token}", "TOCSIN_X_BEARER_TOKEN (the X API bearer token)", token)
    return client
