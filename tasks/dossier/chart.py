"""The incident chart as inline SVG: posts per local day, hostile stacked under the others,
harassment episodes shaded. Vector, so it prints sharp, and its labels are real text in the PDF
(accents included). Labels are Tocsin's own words and numbers, never post text; still escaped."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html import escape

import polars as pl

W, H = 720, 250
LEFT, RIGHT, TOP, BOTTOM = 52, 10, 14, 40
RED, GREY, BAND, INK, GRID = "#c62828", "#b0b0b0", "#fde0dc", "#212121", "#e6e6e6"


def _step(top: int) -> int:
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if top / s <= 5:
            return s
    return 20000


def daily(everything: pl.DataFrame, timezone: str, first: date, last: date) -> pl.DataFrame:
    """Posts per local day from ``first`` to ``last`` (every day present, zeros included)."""
    f = everything.sort("version").unique("post_id", keep="first")
    f = f.with_columns(day=pl.col("created_at").dt.convert_time_zone(timezone).dt.date())
    per = f.group_by("day").agg(hostile=pl.col("post_hostile").sum(), total=pl.len())
    days = pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})
    return days.join(per, on="day", how="left").fill_null(0).sort("day")


def svg(
    days: pl.DataFrame,
    bands: list[tuple[datetime, datetime]],
    timezone: str,
    *,
    legend: tuple[str, str],
    number: object,
) -> str:
    fmt = number if callable(number) else str
    n = max(days.height, 1)
    top = max(int(days["total"].max() or 0), 1)  # type: ignore[arg-type]
    step = _step(top)
    ymax = ((top + step - 1) // step) * step
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
    bw = pw / n
    first = days["day"][0] if days.height else date.today()

    def x(d: date) -> float:
        return LEFT + (d - first).days * bw

    def y(v: float) -> float:
        return TOP + ph - ph * v / ymax

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" '
        'font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for start, end in bands:
        s = start.astimezone(_zone(timezone)).date()
        e = (end - timedelta(microseconds=1)).astimezone(_zone(timezone)).date()
        out.append(
            f'<rect x="{x(s):.1f}" y="{TOP}" width="{(e - s).days * bw + bw:.1f}" height="{ph}" '
            f'fill="{BAND}"/>'
        )
    for v in range(0, ymax + 1, step):
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 4}" y="{y(v) + 3:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(fmt(v))}</text>"
        )
    every = max(1, round(n / 12))
    for i, (d, hostile, total) in enumerate(days.select("day", "hostile", "total").iter_rows()):
        x0 = x(d) + bw * 0.1
        if total:
            out.append(
                f'<rect x="{x0:.1f}" y="{y(total):.1f}" width="{bw * 0.8:.1f}" '
                f'height="{y(hostile) - y(total):.1f}" fill="{GREY}"/>'
            )
        if hostile:
            out.append(
                f'<rect x="{x0:.1f}" y="{y(hostile):.1f}" width="{bw * 0.8:.1f}" '
                f'height="{y(0) - y(hostile):.1f}" fill="{RED}"/>'
            )
        if i % every == 0:
            out.append(
                f'<text x="{x(d) + bw / 2:.1f}" y="{H - BOTTOM + 13}" text-anchor="middle" '
                f'fill="{INK}">{d.strftime("%d/%m")}</text>'
            )
    lx = LEFT
    for color, label in ((RED, legend[0]), (GREY, legend[1])):
        out.append(
            f'<rect x="{lx}" y="{H - 14}" width="10" height="10" fill="{color}"/>'
            f'<text x="{lx + 14}" y="{H - 5}" fill="{INK}">{escape(label)}</text>'
        )
        lx += 120
    out.append("</svg>")
    return "".join(out)


def _zone(name: str):  # noqa: ANN202
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
