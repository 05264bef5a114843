"""Tests for a departure from the normal, hour by hour, on one stance ("family").

A family is the hostile posts (harassment), the supportive posts (support) or the posts in
languages no rules read (unread). Each test reads, for hour t: x = posts of the family, n = the
posts its share is of, their expectations, and p0 = the usual share of that family. All of
them look only at hours ≤ t: what a live watch could know.

- ``Cusum`` (the default): two one-sided CUSUMs that must both be over their threshold —
  a Poisson CUSUM on the stance's volume, tuned to a 3× rate increase (the onset definition),
  and a Bernoulli CUSUM on its share of the posts whose stance was judged (series.py ``read``;
  of all posts, for the unread family), tuned to p1 = max(3·p0, p0 + 0.10).
  Volume catches a flash raid in its first hour (one hour of 600 posts against 1 expected is
  worth hundreds of units); accumulation catches a slow burn that no single hour gives away;
  the share test keeps a big *supportive* or newsy wave, which also brings more hostile posts
  in absolute terms, from reading as harassment.
- ``TailTest`` ("nb-tail"): each hour on its own, a negative-binomial tail on volume and a
  binomial tail on share, both below ``tail_alpha``.
- ``RobustZ`` ("robust-z"): each hour on its own, a seasonal robust z-score (median and MAD of
  the same local hour over the history days) on volume, with the binomial share test.
The benchmark (benchmarks/detection.py) runs all three; docs/detection.md says why CUSUM won.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from tasks.detect.config import DetectConfig

_TAIL_TERMS = 100_000


def _upper_tail(log_pmf: object, x: int, mode: float) -> float:
    """P(X >= x) by summing the pmf from x upwards; above the mode terms only shrink, so the
    sum stops once they are negligible. Below the mode the tail is large: 1.0 is close enough
    for a test that only cares about tiny tails."""
    if x <= mode:
        return 1.0
    first = log_pmf(x)  # type: ignore[operator]
    total, k = 0.0, x
    while k < x + _TAIL_TERMS:
        term = math.exp(log_pmf(k) - first)  # type: ignore[operator]
        total += term
        if term < 1e-12 * total:
            break
        k += 1
    return min(1.0, math.exp(first) * total)


def poisson_sf(x: int, mu: float) -> float:
    """P(X >= x) for X ~ Poisson(mu)."""
    if x <= 0:
        return 1.0
    log_mu = math.log(mu)
    return _upper_tail(lambda k: k * log_mu - mu - math.lgamma(k + 1), x, mu)


def nb_sf(x: int, mu: float, size: float) -> float:
    """P(X >= x) for a negative binomial of mean ``mu`` and dispersion ``size`` (variance
    mu + mu²/size): hour-to-hour variation of real mentions is wider than Poisson."""
    if x <= 0:
        return 1.0
    p = size / (size + mu)
    lp, lq = math.log(p), math.log1p(-p)
    const = -math.lgamma(size)
    return _upper_tail(
        lambda k: math.lgamma(k + size) + const - math.lgamma(k + 1) + size * lp + k * lq,
        x,
        (size - 1) * (1 - p) / p,
    )


def binom_sf(x: int, n: int, p: float) -> float:
    """P(X >= x) for X ~ Binomial(n, p)."""
    if x <= 0:
        return 1.0
    if x > n:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)
    lgn = math.lgamma(n + 1)

    def log_pmf(k: int) -> float:
        if k > n:
            return -math.inf
        return lgn - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * lp + (n - k) * lq

    return _upper_tail(log_pmf, x, n * p)


@dataclass(frozen=True)
class Family:
    """The arrays one family's test reads, aligned on the evaluated hours."""

    name: str  # "harassment", "support" or "unread"
    x: np.ndarray  # posts of the family's stance
    n: np.ndarray  # the posts its share is of: series ``read`` (all posts, for unread)
    # posts of the opposite stance (supportive for harassment, and back; for unread, the posts
    # in languages the rules read)
    other: np.ndarray
    mu_x: np.ndarray
    mu_other: np.ndarray
    p0: np.ndarray
    med: np.ndarray
    mad: np.ndarray
    ok: np.ndarray  # the hour has a baseline


class Test(Protocol):
    def step(self, t: int) -> bool:
        """Feed hour t; True when the test is in alarm at the end of it."""
        ...

    def start(self, t: int) -> int:
        """First hour of the departure that is in alarm at t (the episode's start)."""
        ...

    def reset(self, t: int) -> None:
        """Start afresh after hour t (an episode just ended)."""
        ...


def elevated(f: Family, t: int) -> bool:
    """Hour t is clearly above normal (p < 0.01, and at least double): an episode goes on."""
    x, mu = int(f.x[t]), float(f.mu_x[t])
    return bool(f.ok[t]) and x >= 2 and x >= 2 * mu and poisson_sf(x, mu) < 0.01


class Cusum:
    def __init__(self, f: Family, cfg: DetectConfig) -> None:
        self.f, self.cfg = f, cfg
        self.log_r = math.log(cfg.volume_ratio)
        self.volume = self.share = 0.0
        # Last hour each CUSUM stood at zero: the departure began after the later of the two
        # (volume alone can be up for days in a raid's tail while the share only now turns).
        self.zero_volume = self.zero_share = -1

    def step(self, t: int) -> bool:
        f, cfg = self.f, self.cfg
        if not f.ok[t]:
            self.reset(t)
            return False
        x, n, mu = float(f.x[t]), float(f.n[t]), float(f.mu_x[t])
        self.volume = max(0.0, self.volume + x * self.log_r - mu * (cfg.volume_ratio - 1.0))
        p0 = float(f.p0[t])
        p1 = min(0.95, max(cfg.share_ratio * p0, p0 + cfg.share_delta))
        inc = x * math.log(p1 / p0) + (n - x) * math.log((1.0 - p1) / (1.0 - p0))
        self.share = max(0.0, self.share + inc)
        if self.volume == 0.0:
            self.zero_volume = t
        if self.share == 0.0:
            self.zero_share = t
        return self.volume > cfg.volume_threshold and self.share > cfg.share_threshold

    def start(self, t: int) -> int:
        return max(self.zero_volume, self.zero_share) + 1

    def reset(self, t: int) -> None:
        self.volume = self.share = 0.0
        self.zero_volume = self.zero_share = t


class _PerHour:
    """Shared by the memoryless tests: the departure starts with the run of above-normal hours
    that leads to the alarm."""

    def __init__(self, f: Family, cfg: DetectConfig) -> None:
        self.f, self.cfg = f, cfg
        self.run_start: int | None = None

    def _track(self, t: int) -> None:
        above = bool(self.f.ok[t]) and self.f.x[t] > max(self.f.mu_x[t], 1.0)
        if not above:
            self.run_start = None
        elif self.run_start is None:
            self.run_start = t

    def _share_departs(self, t: int, alpha: float) -> bool:
        f = self.f
        return binom_sf(int(f.x[t]), int(f.n[t]), float(f.p0[t])) < alpha

    def start(self, t: int) -> int:
        return self.run_start if self.run_start is not None else t

    def reset(self, t: int) -> None:
        self.run_start = None


class TailTest(_PerHour):
    size = 10.0  # NB dispersion: variance mu + mu²/10, a common fit for hourly social counts

    def step(self, t: int) -> bool:
        self._track(t)
        f = self.f
        if not f.ok[t]:
            return False
        p = nb_sf(int(f.x[t]), float(f.mu_x[t]), self.size)
        return p < self.cfg.tail_alpha and self._share_departs(t, self.cfg.tail_alpha)


class RobustZ(_PerHour):
    def step(self, t: int) -> bool:
        self._track(t)
        f = self.f
        if not f.ok[t]:
            return False
        # +1 in the scale: for counts of 0–2 a MAD of 0 would make one post infinitely unusual.
        z = (float(f.x[t]) - float(f.med[t])) / (float(f.mad[t]) + 1.0)
        return z > self.cfg.z_threshold and self._share_departs(t, 1e-3)


def make_test(f: Family, cfg: DetectConfig) -> Test:
    return {"cusum": Cusum, "nb-tail": TailTest, "robust-z": RobustZ}[cfg.method](f, cfg)
