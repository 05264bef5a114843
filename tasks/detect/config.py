"""The knobs of detection and alerting, with the reason for each default.

Defaults were chosen on generator seeds 0–2 of every scenario and checked on held-out seeds
(benchmarks/DETECTION.md); docs/detection.md explains the method they parameterise.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

Method = Literal["cusum", "nb-tail", "robust-z"]


@dataclass(frozen=True)
class DetectConfig:
    method: Method = "cusum"
    """Departure test: cusum (chosen), nb-tail or robust-z (kept for the benchmark)."""

    baseline_days: int = 28
    """Days of history the target's normal is learnt from: four weeks, so every weekday is seen
    four times and a wave of up to 13 days cannot move a median."""
    min_baseline_days: int = 7
    """Below this much history there is no normal to depart from: detection waits."""
    horizon_hours: int = 168
    """Hours each run re-examines (a week), and further back to the start of any episode still
    in view, so an episode is always recomputed whole."""
    max_episode_days: int = 21
    """...but never further back than this: a campaign going on for weeks becomes the normal."""

    volume_ratio: float = 3.0
    """Rate increase the volume CUSUM is tuned to detect: the onset definition's 3×."""
    volume_threshold: float = 10.0
    """CUSUM decision threshold on volume (log-likelihood units)."""
    share_ratio: float = 3.0
    """Share increase the composition CUSUM is tuned to detect (p1 = 3·p0, at least p0 + delta)."""
    share_delta: float = 0.10
    share_threshold: float = 8.0
    """CUSUM decision threshold on the share of hostile (or supportive) posts."""
    min_posts: int = 15
    """An episode needs at least this many posts of its stance before it is declared: a target
    with almost no traffic should not be woken up by four insults."""
    rate_floor: float = 0.1
    """Smallest expected posts per hour: an hour of zero history is not infinitely surprising."""
    end_quiet_hours: int = 6
    """An episode ends after this many consecutive hours back within normal."""
    merge_gap_hours: int = 24
    """A departure starting less than this after an episode of the same kind ended reopens it:
    a campaign that goes quiet for a night and resumes is one campaign, one alert."""

    # robust-z and nb-tail thresholds (alternatives, see the benchmark)
    z_threshold: float = 6.0
    tail_alpha: float = 1e-5

    young_account_days: int = 30
    """An author whose account is younger than this when posting counts as a young account."""
    duplicate_min_authors: int = 3
    """A copy-paste cluster needs this many distinct authors posting the same text."""
    pile_on_min_posts: int = 20
    """Replies/quotes to one post needed to call it a pile-on."""

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> DetectConfig:
        return from_section(cls, values, "detect")


def from_section(cls: Any, values: dict[str, Any] | None, section: str) -> Any:
    """Build the frozen dataclass ``cls`` from a settings section, rejecting unknown keys by
    name (detection's and alerting's knobs alike)."""
    values = dict(values or {})
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        from tasks.errors import ConfigError

        raise ConfigError(
            f"[{section}]: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    if "escalate_on" in values:
        values["escalate_on"] = tuple(values["escalate_on"])
    return cls(**values)
