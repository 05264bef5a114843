"""The dossier flow: one target's evidence dossier (PDF/A-3b), runnable from a deployment with
parameters. Wiring only: the work is tasks.dossier.write_dossier, which ``tocsin dossier`` calls
too."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from config.settings import Settings
from tasks.dossier import Selection, detect_config, write_dossier
from tasks.evidence.archive import archive_of
from tasks.evidence.outputs import evidence_root
from tasks.lifecycle import setup

dossier_task = task(name="write-dossier", cache_policy=NONE)(write_dossier)


@flow(name="dossier", log_prints=True)
def dossier(
    target: str,
    out: str | None = None,
    episode: str | None = None,
    author: str | None = None,
    start: date | None = None,
    end: date | None = None,
    lang: str | None = None,
    data_dir: str | None = None,
    config_file: str | None = None,
    targets_file: str | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Write ``target``'s dossier to ``out`` (a path on the worker; default: dossiers/<target>/
    under the data root): one episode, one account, a window of UTC days, or (no selector)
    every harassment episode of the target."""
    settings, (chosen,) = setup(data_dir, config_file, [target], targets_file, settings)
    ca_file = settings.evidence.evidence_tsa_ca_file
    result = dossier_task(
        evidence_root(settings.data_dir, settings.evidence),
        chosen,
        out,
        Selection(episode=episode, author=author, start=start, end=end),
        lang=lang,
        now=datetime.now(UTC),
        tsa_ca_files=[ca_file] if ca_file else None,
        detect=detect_config(settings),
        archive=archive_of(settings.evidence, secret_blocks=settings.prefect_secret_blocks),
    )
    get_run_logger().info(
        "%s: wrote %s (%d pages, sha256 %s)", target, result.path, result.pages, result.sha256
    )
    return {"path": str(result.path), "sha256": result.sha256, "pages": result.pages}
