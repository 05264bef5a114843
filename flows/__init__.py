"""Tocsin's Prefect flows (wiring only) and the `tocsin` CLI.

Importing this package (which every flow module and the CLI do, before they import Prefect) makes
Tocsin's own log lines part of every flow run: the ``tocsin.*`` loggers (rate-limit waits, retries,
timestamping trouble) are named in Prefect's ``PREFECT_LOGGING_EXTRA_LOGGERS``, which Prefect
reads when it is imported and which attaches its API log handler to them, and they speak from
INFO. Deployments run by a worker set the same variable in prefect.yaml's job variables, since a
worker's flow-run process imports Prefect before this package.
"""

from __future__ import annotations

import logging
import os

LOGGER = "tocsin"
"""The parent of every Tocsin logger (``tocsin.sources``, ``tocsin.evidence``, ...)."""


def _forward_tocsin_logs() -> None:
    named = [n.strip() for n in os.environ.get("PREFECT_LOGGING_EXTRA_LOGGERS", "").split(",")]
    if LOGGER not in named:
        os.environ["PREFECT_LOGGING_EXTRA_LOGGERS"] = ",".join([*filter(None, named), LOGGER])
    # Tocsin also logs outside flow runs (`tocsin verify`, `tocsin seal`): those lines go to the
    # terminal only, without Prefect's warning that they have no flow run to go to.
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    root = logging.getLogger(LOGGER)
    if root.level == logging.NOTSET:  # else someone chose a level: theirs stands
        root.setLevel(logging.INFO)


_forward_tocsin_logs()
