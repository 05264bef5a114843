"""`tocsin serve`: the deployments of prefect.yaml, served from this process (no work pool)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import yaml

from tasks.errors import ConfigError


def load_deployments(prefect_yaml: Path) -> list[dict[str, Any]]:
    if not prefect_yaml.is_file():
        raise ConfigError(f"{prefect_yaml} not found: run from the checkout or pass --prefect-yaml")
    spec = yaml.safe_load(prefect_yaml.read_text())
    deployments = spec.get("deployments") or []
    if not deployments:
        raise ConfigError(f"{prefect_yaml} declares no deployments")
    return deployments


def flow_of(entrypoint: str) -> Any:
    """``flows/pipeline.py:nightly`` → the flow object, imported as a module of this package."""
    path, _, name = entrypoint.partition(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, name)


def runner_deployments(prefect_yaml: Path) -> list[Any]:
    from prefect.schedules import Cron

    out = []
    for d in load_deployments(prefect_yaml):
        schedules = [
            Cron(s["cron"], timezone=s.get("timezone"), active=s.get("active", True))
            for s in d.get("schedules") or []
        ]
        out.append(
            flow_of(d["entrypoint"]).to_deployment(
                name=d["name"],
                description=d.get("description"),
                parameters=d.get("parameters") or {},
                tags=d.get("tags"),
                schedules=schedules or None,
            )
        )
    return out


def serve_deployments(prefect_yaml: Path) -> None:
    from prefect import serve

    serve(*runner_deployments(prefect_yaml))
