"""Several targets pulled one after another, then derived together.

A run of many targets (nightly in a worker process, the watch) pulled and derived each target in
turn: one scorer call per target, whose own cost (beyond its posts) was most of the scoring on
small and medium targets. Here each target is pulled and stored with its derivation left out
(``ingest(derive=False)``), then all are derived at once (``tasks.derive.derive_many``: their
posts scored in as few calls as memory allows, each target's tables and ledger still written on
their own). What is stored, and what a crash at any point leaves for the next run to derive, are
as before: derivation follows what is stored, not what the run wrote.

Until its targets are derived, a pulled summary is recorded as ``partial``, saying that scores
and daily counts are not derived yet (``underived``); derived, it is recorded again with what
was scored, or as ``failed`` with why its derivation failed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from config.settings import Settings
    from config.targets import Target
    from tasks.lifecycle import Steps
    from tasks.runs import RunSummary

NOT_DERIVED = "scores and daily counts not derived yet"


def underived(summary: RunSummary) -> RunSummary:
    """What is recorded of a pulled summary whose target is not derived yet: a failed one as
    it is, otherwise ``partial`` with ``NOT_DERIVED`` added to its error."""
    if summary.status == "failed":
        return summary
    error = "; ".join(filter(None, [summary.error, NOT_DERIVED]))
    return replace(summary, status="partial", error=error)


def stored(summary: RunSummary) -> bool:
    """Whether a source's pull got as far as storing what it received (``ok`` or
    ``partial``): a skipped source stored nothing, and a failed one is derived by the next run
    (as when each target derived alone: its failure came before its derivation)."""
    return summary.status in ("ok", "partial")


def derive_pulled(
    steps: Steps, settings: Settings, pulled: list[tuple[Target, list[RunSummary]]]
) -> None:
    """Derive every target of ``pulled`` with a source that stored what it pulled, together,
    then record those summaries again: the first one with what was scored and the derivation's
    timings (as a target's first source's run did when it derived alone); each ``failed`` with
    the reason if its target's derivation failed; each finished when its target was derived."""
    chosen = [(t, ss) for t, ss in pulled if any(stored(s) for s in ss)]
    if not chosen:
        return
    results = steps.derive_many(
        settings.data_dir,
        [(t.name, t.timezone) for t, _ in chosen],
        young_days=settings.young_account_days,
        scorer_name=settings.scorer,
        scorer_options=settings.scoring.options(settings.scorer),
    )
    for (target, summaries), result in zip(chosen, results, strict=True):
        done = [s for s in summaries if stored(s)]
        if isinstance(result, Exception):
            steps.log.error("%s: scores and daily counts failed: %s", target.name, result)
            for s in done:
                s.status = "failed"
                s.error = "; ".join(
                    filter(None, [s.error, f"deriving: {type(result).__name__}: {result}"])
                )
        else:
            done[0].scored = result.scored
            done[0].timings.update(result.timings)
            steps.log.info("%s: %d scored", target.name, result.scored)
        for s in done:
            s.finished_at = datetime.now(UTC)  # the run ended for it when it was derived
            steps.record(settings.data_dir, s)
