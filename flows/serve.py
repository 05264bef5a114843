"""`tocsin serve`: the deployments of prefect.yaml, served from this process (no work pool).

prefect.yaml is read the way `prefect deploy` reads it, so that what it declares is what runs,
whichever option or schedule kind it uses (cron, interval, rrule, with timezone, anchor date,
``active``, per-schedule parameters; ``concurrency_limit`` and its collision strategy; ``paused``,
``version``, ``enforce_parameter_schema``, ``triggers``). Prefect 3.8.8 has no public function
that turns prefect.yaml into deployments: `prefect deploy` does it in ``prefect.cli.deploy``'s
private modules. This module is the one place that calls them (``_load_deploy_configs_and_actions``:
Prefect's own schema of the file; ``_schedule_config_to_deployment_schedule``: each schedule kind;
``_initialize_deployment_triggers``), and tests/test_deployments.py pins them, so a Prefect upgrade
that moves them fails there, not at 02:30 on a server.

What serving cannot honour is refused rather than dropped: an ``sla`` (Prefect's experimental
SLAs are created by `prefect deploy` only). ``work_pool`` and the ``pull`` steps are for workers;
a served flow runs in this checkout, in this process's environment.
"""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import Any

from tasks.errors import ConfigError

NOT_SERVED = ("sla",)
"""prefect.yaml options a served deployment cannot honour: refused, with the deployment named."""


def load_deployments(prefect_yaml: Path) -> list[dict[str, Any]]:
    """The deployments of ``prefect_yaml`` as Prefect reads and validates them (the options a
    deployment sets, as plain values)."""
    from prefect.cli.deploy._config import _load_deploy_configs_and_actions
    from rich.console import Console

    if not prefect_yaml.is_file():
        raise ConfigError(f"{prefect_yaml} not found: run from the checkout or pass --prefect-yaml")
    said = io.StringIO()
    deployments, _ = _load_deploy_configs_and_actions(
        prefect_yaml, console=Console(file=said, width=200, color_system=None)
    )
    if not deployments:
        # Prefect prints why (a validation error) and carries on with none: say it, on one line.
        why = " ".join(said.getvalue().split())
        raise ConfigError(f"{prefect_yaml} declares no deployments" + (f": {why}" if why else ""))
    return deployments


def flow_of(entrypoint: str) -> Any:
    """``flows/pipeline.py:nightly`` → the flow object, imported as a module of this package."""
    path, _, name = entrypoint.partition(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, name)


def _schedules(d: dict[str, Any]) -> list[Any]:
    from prefect.cli.deploy._schedules import _schedule_config_to_deployment_schedule
    from prefect.client.schemas.actions import DeploymentScheduleCreate

    specs = list(d.get("schedules") or [])
    if d.get("schedule"):
        specs.append(d["schedule"])
    try:
        # As `prefect deploy` does: to_deployment's own dict handling drops per-schedule parameters.
        return [
            DeploymentScheduleCreate(**_schedule_config_to_deployment_schedule(dict(s)))
            for s in specs
        ]
    except ValueError as exc:
        raise ConfigError(f"prefect.yaml: deployment {d['name']}: {exc}") from None


def _concurrency(spec: Any) -> Any:
    """An int as is; a mapping (limit, collision_strategy, grace_period_seconds) as Prefect's
    ConcurrencyLimitConfig, which is what to_deployment takes (it refuses the mapping)."""
    if not isinstance(spec, dict):
        return spec
    from prefect.client.schemas.objects import ConcurrencyLimitConfig

    return ConcurrencyLimitConfig(**spec)


def runner_deployments(prefect_yaml: Path) -> list[Any]:
    from prefect.cli.deploy._triggers import _initialize_deployment_triggers

    out = []
    for d in load_deployments(prefect_yaml):
        refused = [key for key in NOT_SERVED if d.get(key)]
        if refused:
            raise ConfigError(
                f"{prefect_yaml}: deployment {d['name']} sets {', '.join(refused)}, which "
                "`tocsin serve` cannot honour: use `prefect deploy` and a worker for it"
            )
        options: dict[str, Any] = dict(
            name=d["name"],
            description=d.get("description"),
            parameters=d.get("parameters") or {},
            tags=d.get("tags"),
            version=d.get("version"),
            schedules=_schedules(d) or None,
            concurrency_limit=_concurrency(d.get("concurrency_limit")),
            paused=d.get("paused"),
            triggers=_initialize_deployment_triggers(d["name"], d.get("triggers") or []) or None,
        )
        if d.get("enforce_parameter_schema") is not None:
            options["enforce_parameter_schema"] = d["enforce_parameter_schema"]
        out.append(flow_of(d["entrypoint"]).to_deployment(**options))
    return out


def serve_deployments(prefect_yaml: Path) -> None:
    from prefect import serve

    serve(*runner_deployments(prefect_yaml))
