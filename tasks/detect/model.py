"""The target's normal, hour by hour, learnt only from the days before: its level, daily cycle,
weekly cycle and usual composition, robust to its own past waves.

For a local day D, the history is the complete local days in [D - baseline_days, D - 1]:
- the level of each stance is the *median* daily count: a wave of up to half the history
  cannot move it (a mean would carry a 6,000-post day for four weeks);
- the daily cycle (share of the day's posts in each local hour) and the weekday factor come
  from the *normal* days only (days far above the median are left out, so a raid that lasted
  all night does not teach the model that nights are busy);
- the usual hostile (supportive, unread-language) share is pooled over the normal days.
Nothing about day D itself is used to judge day D, so the same hour gets the same expectation
whether it is evaluated live, one hour at a time, or afterwards in one pass.

The departure tests on these expectations live in departure.py; this module only says what is
normal.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from tasks.detect.config import DetectConfig

BASELINE_COLUMNS = (
    "hour",
    "baseline_ok",
    "mu_posts",
    "mu_hostile",
    "mu_supportive",
    "p0_hostile",
    "p0_supportive",
    # robust-z only: median and scaled MAD of the same local hour over the history days
    "med_hostile",
    "mad_hostile",
    "med_supportive",
    "mad_supportive",
    # posts in a language no rules read: a family of their own (a raid in German or Arabic)
    "mu_unread",
    "p0_unread",
    "med_unread",
    "mad_unread",
)
_STANCE_COLS = ("posts", "hostile", "supportive")
# What is modelled: the stances, and the posts no rules read. Which days are normal is judged on
# the stances alone, as before unread posts were counted.
_COUNT_COLS = (*_STANCE_COLS, "unread")


def _complete_days(hourly: pl.DataFrame) -> pl.DataFrame:
    """Per local day: sums, and whether the series holds all of that day's hours (a partial
    first or current day would look like a quiet day and drag the medians down)."""
    return (
        hourly.group_by("local_date")
        .agg(
            *(pl.col(c).sum() for c in _COUNT_COLS),
            pl.col("read").sum(),
            n_hours=pl.len(),
            weekday=pl.col("weekday").first(),
        )
        .filter(pl.col("n_hours") >= 23)  # 23 on the spring DST day
        .sort("local_date")
    )


def _day_model(
    day: date, days: pl.DataFrame, by_hour: dict[date, np.ndarray], cfg: DetectConfig
) -> dict[str, object] | None:
    hist = days.filter(
        (pl.col("local_date") >= day - timedelta(days=cfg.baseline_days))
        & (pl.col("local_date") < day)
    )
    if hist.height < cfg.min_baseline_days:
        return None
    level = {c: float(np.median(hist[c].to_numpy())) for c in _COUNT_COLS}
    # Normal days: none of the stances far above its median. 2× plus a Poisson allowance keeps
    # ordinary noise in and waves (3× and more by definition) out.
    normal = hist.filter(
        pl.all_horizontal(
            pl.col(c) <= 2 * level[c] + 3 * np.sqrt(max(level[c], 1.0)) for c in _STANCE_COLS
        )
    )
    if normal.height < max(3, cfg.min_baseline_days // 2):
        normal = hist  # everything looks abnormal: better a rough normal than none
    normal_days = normal["local_date"].to_list()
    grid = np.stack([by_hour[d] for d in normal_days])  # days × 24 × stances
    totals = grid[:, :, 0].sum(axis=0)
    # Add-one smoothing: a target with 5 posts a day has empty hours that are not impossible.
    profile = (totals + 1.0) / (totals.sum() + 24.0)
    same = normal.filter(pl.col("weekday") == day.weekday())["posts"].to_numpy()
    all_posts = normal["posts"].to_numpy()
    factor = 1.0
    if same.size >= 2 and np.median(all_posts) > 0:
        factor = float(np.clip(np.median(same) / np.median(all_posts), 0.5, 2.0))
    sums = normal.select(pl.col(c).sum() for c in _COUNT_COLS).row(0)
    posts = max(float(sums[0]), 1.0)
    # The stances' shares are shares of the posts whose stance was judged (series.py ``read``:
    # the departure test's ``n``).
    read = max(float(normal["read"].sum()), 1.0)
    # Share priors: a few pseudo-posts at 5 % hostile / 10 % supportive (typical baselines) so a
    # target with almost no history does not get a share of exactly 0.
    p0_h = (sums[1] + 1.0) / (read + 20.0)
    p0_s = (sums[2] + 2.0) / (read + 20.0)
    # Posts in languages no rules read are rare for most targets: half a pseudo-post.
    p0_u = (sums[3] + 0.5) / (posts + 20.0)
    med = np.median(grid, axis=0)  # 24 × stances
    mad = 1.4826 * np.median(np.abs(grid - med), axis=0)
    return {
        "level": level,
        "profile": profile,
        "factor": factor,
        "p0": {
            "hostile": float(np.clip(p0_h, 0.005, 0.6)),
            "supportive": float(np.clip(p0_s, 0.005, 0.8)),
            "unread": float(np.clip(p0_u, 0.005, 0.6)),
        },
        "med": med,
        "mad": mad,
    }


def fit_baseline(hourly: pl.DataFrame, *, eval_from: object, cfg: DetectConfig) -> pl.DataFrame:
    """Expectations for every hour of ``hourly`` at or after ``eval_from`` (a UTC datetime).

    Hours whose day has too little history get ``baseline_ok = False`` and zero expectations:
    the tests skip them.
    """
    days = _complete_days(hourly)
    stacked = hourly.select("local_date", "local_hour", *_COUNT_COLS)
    by_hour: dict[date, np.ndarray] = {}
    for (d,), part in stacked.group_by(["local_date"], maintain_order=True):
        arr = np.zeros((24, len(_COUNT_COLS)))
        np.add.at(arr, part["local_hour"].to_numpy(), part.select(_COUNT_COLS).to_numpy())
        by_hour[d] = arr
    target = hourly.filter(pl.col("hour") >= eval_from)
    rows: dict[str, list[object]] = {c: [] for c in BASELINE_COLUMNS}
    models: dict[date, dict[str, object] | None] = {}
    for hour, day, lh in target.select("hour", "local_date", "local_hour").iter_rows():
        if day not in models:
            models[day] = _day_model(day, days, by_hour, cfg)
        m = models[day]
        rows["hour"].append(hour)
        if m is None:
            for c in BASELINE_COLUMNS[1:]:
                rows[c].append(False if c == "baseline_ok" else 0.0)
            continue
        level, share = m["level"], float(m["profile"][lh]) * float(m["factor"])  # type: ignore[index]
        rows["baseline_ok"].append(True)
        for c in _COUNT_COLS:
            rows[f"mu_{c}"].append(max(cfg.rate_floor, level[c] * share))  # type: ignore[index]
        for k, c in enumerate(_COUNT_COLS[1:], start=1):  # each stance, and unread posts
            rows[f"p0_{c}"].append(m["p0"][c])  # type: ignore[index]
            rows[f"med_{c}"].append(float(m["med"][lh, k]))  # type: ignore[index]
            rows[f"mad_{c}"].append(float(m["mad"][lh, k]))  # type: ignore[index]
    schema = {c: pl.Float64 for c in BASELINE_COLUMNS}
    schema.update(hour=pl.Datetime("us", "UTC"), baseline_ok=pl.Boolean)
    return pl.DataFrame(rows, schema=schema)
