"""A target's ``SiteInputs`` as what the page templates show, in one language.

Attacker text (post text, names, handles, run errors) is wrapped in the digest's ``Untrusted``
(neutralised, defanged, escaped, isolated in ``<bdi>`` by Jinja's autoescape); slurs are masked
first (tasks/digest/mask.py). The only links are canonical post URLs that
``tasks.textsafe.safe_post_url`` accepts; nothing here is marked safe.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from tasks import i18n
from tasks.digest.chart import ChartBand, ChartDay, render_chart
from tasks.digest.mask import mask_slurs
from tasks.digest.untrusted import Untrusted
from tasks.i18n.site_words import STRINGS
from tasks.site.data import SiteInputs
from tasks.site.dossiers import Dossiers
from tasks.textsafe import one_line, safe_post_url

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_POST_CHARS = 600
MAX_SPANS_SHOWN = 3


def t(lang: str, key: str, **values: object) -> str:
    return STRINGS[lang][key].format(**values)


def posts(lang: str, n: int) -> str:
    one = n in (0, 1) if lang == "fr" else n == 1
    return t(lang, "posts_1" if one else "posts_n", n=i18n.fmt_int(n, lang))


@dataclass(frozen=True)
class PageWho:
    """Whom the page is about, from the targets file (Tocsin's own configuration)."""

    target: str
    display_name: str
    lang: str


def _dt(value: datetime, lang: str, tz: str) -> str:
    return i18n.fmt_datetime(value, lang, tz)


def _day(d: Any, lang: str) -> str:
    return i18n.fmt_date(d, lang, with_weekday=False)


def episode_codes(inputs: SiteInputs) -> list[tuple[str, dict[str, Any]]]:
    """E1, E2… numbered oldest first among the episodes listed, in the listed order. The codes
    are the page's labels only; the episode_id, shown beside, is the stable name (the one
    ``tocsin dossier --episode`` takes)."""
    rows = inputs.episodes.to_dicts()
    order = sorted(range(len(rows)), key=lambda i: rows[i]["start"])
    codes = {i: f"E{n + 1}" for n, i in enumerate(order)}
    return [(codes[i], rows[i]) for i in range(len(rows))]


def _episode(code: str, e: dict[str, Any], lang: str, tz: str) -> dict[str, Any]:
    kind = str(e["kind"])  # harassment, support or unread (tasks/detect/table.py)
    is_open = e["status"] == "open"

    def n(key: str) -> str:
        return i18n.fmt_int(e.get(key) or 0, lang)

    span = t(
        lang,
        "ep_span_open" if is_open else "ep_span",
        start=_dt(e["start"], lang, tz),
        end=_dt(e["end"], lang, tz),
        peak=_dt(e["peak"], lang, tz),
    )
    signals = [
        t(lang, f"sig_{s}") if f"sig_{s}" in STRINGS[lang] else Untrusted(s, 80)
        for s in (e.get("signals") or [])
    ]
    counts = t(
        lang,
        "ep_counts",
        posts=posts(lang, e.get("posts") or 0),
        authors=n("authors"),
        hostile=n("hostile"),
        supportive=n("supportive"),
        threats=n("threats"),
        doxxing=n("doxxing"),
    )
    # How many were in languages no rules read; unknown (null) in rows older than the count.
    if kind == "unread" and e.get("unread") is not None:
        counts += " " + t(lang, "ep_counts_unread", posts=posts(lang, e["unread"]))
    return {
        "code": code,
        "id": e["episode_id"],
        "kind": kind,
        "open": is_open,
        # A kind this version does not know is shown by its name, never as another kind.
        "label": t(lang, f"ep_{kind}") if f"ep_{kind}" in STRINGS[lang] else Untrusted(kind, 80),
        "state": t(lang, "ep_open" if is_open else "ep_closed"),
        "span": span,
        "counts": counts,
        "signals": signals,
    }


def _status(row: dict[str, Any], lang: str, tz: str) -> str | None:
    status = row.get("status")
    if status is None:
        return None
    key = f"st_{status}" if f"st_{status}" in STRINGS[lang] else "st_unavailable"
    return t(lang, key, when=_dt(row["observed_at"], lang, tz))


def _queue_item(
    row: dict[str, Any], lang: str, tz: str, episodes: list[tuple[str, dict[str, Any]]]
) -> dict[str, Any]:
    sha = row.get("raw_sha256") or ""
    url = safe_post_url(row.get("url"))
    during = next(
        (c for c, e in episodes if e["start"] <= row["created_at"] <= e["end"]),
        None,
    )
    return {
        "when": _dt(row["created_at"], lang, tz),
        "iso": row["created_at"].isoformat(),
        "categories": ", ".join(i18n.label("category", c, lang) for c in (row["categories"] or [])),
        "name": Untrusted(mask_slurs(row["author_name"]), 80),
        "handle": Untrusted(row["author_handle"], 80),
        "text": Untrusted(mask_slurs(row["text"]), MAX_POST_CHARS),
        "url": url,
        "link_label": t(
            lang, "q_open", platform=i18n.label("platform", row["platform"] or "?", lang)
        ),
        "sha256": sha if _HEX64.match(sha) else Untrusted(sha, 80),
        "status": _status(row, lang, tz),
        "episode": t(lang, "q_in_episode", code=during) if during else None,
    }


def _unread(
    inputs: SiteInputs, lang: str, tz: str, episodes: list[tuple[str, dict[str, Any]]], most: int
) -> dict[str, Any]:
    """The period's posts in a language no rules read, for someone who reads it: each as a
    queue item whose label is its language."""
    rows = inputs.unread if inputs.unread is not None else pl.DataFrame()
    items = [
        _queue_item(r, lang, tz, episodes) | {"categories": i18n.language_name(r["unread"], lang)}
        for r in rows.head(most).to_dicts()
    ]
    more = rows.height - len(items)
    return {
        "unread": items,
        "unread_more": t(lang, "u_more", n=i18n.fmt_int(more, lang)) if more else None,
    }


def chart_png(inputs: SiteInputs, lang: str, episodes: list[tuple[str, dict[str, Any]]]) -> bytes:
    """The digest's chart (tasks/digest/chart.py) over the period's days."""
    p = inputs.period
    rows = inputs.days.to_dicts()
    days = []
    for i, r in enumerate(rows):
        scored = sum(r[s] or 0 for s in ("hostile", "supportive", "neutral"))
        d = r["day"]
        # 30 bars leave no room for a weekday under each: the day of the month, and the
        # month under the first day and every 1st.
        days.append(
            ChartDay(
                label=str(d.day),
                sublabel=i18n.month_short(d, lang) if i == 0 or d.day == 1 else "",
                hostile=r["hostile"] or 0,
                supportive=r["supportive"] or 0,
                neutral=r["neutral"] or 0,
                unscored=max(0, r["posts"] - scored),
                total_label="",
            )
        )
    bands = []
    for code, e in episodes:
        tz_first = e["start"].astimezone(ZoneInfo(p.timezone)).date()
        # An end at local midnight closes the day before: that day is the band's last.
        tz_last = (e["end"] - timedelta(microseconds=1)).astimezone(ZoneInfo(p.timezone)).date()
        first = max(0, (tz_first - p.first).days)
        last = min(len(rows) - 1, (tz_last - p.first).days)
        if first <= last:
            # The code alone: a wave of the last days has no room for a word beside it; the
            # episode list above the chart says what E1 is. Each kind its own shading.
            bands.append(ChartBand(first, last, str(e["kind"]), code))
    legend = {s: t(lang, f"chart_{s}") for s in ("hostile", "supportive", "neutral", "unscored")}
    # Widest first: a short wave inside a long one (a support wave answering a harassment
    # wave) is drawn over it, not hidden under it.
    bands.sort(key=lambda b: b.last - b.first, reverse=True)
    return render_chart(
        days,
        bands,
        title=t(lang, "chart_title"),
        legend=legend,
        number=lambda n: i18n.fmt_int(n, lang),
    )


def _chart_alt(inputs: SiteInputs, lang: str) -> str:
    p, days = inputs.period, inputs.days
    total = int(days["posts"].sum())
    peak = days.sort(["posts", "day"], descending=[True, False]).row(0, named=True)
    values = dict(
        first=_day(p.first, lang),
        last=_day(p.last, lang),
        total=posts(lang, total),
        peak_day=_day(peak["day"], lang),
        peak=posts(lang, peak["posts"]),
    )
    if "scores" in inputs.missing:
        return t(lang, "chart_alt_nostance", **values)
    return t(lang, "chart_alt", hostile=i18n.fmt_int(int(days["hostile"].sum()), lang), **values)


def top_lines(inputs: SiteInputs, lang: str, n_days: int) -> tuple[str, list[Any], list[str]]:
    """What the top of the page says first: (tone, lines, short). tone: "alert" when nothing
    was collected or collection has holes or failed, "wave" when a harassment episode or a wave
    in a language no rules read is open, else "calm"; ``short``: the alerts in a few words, for
    the index."""
    tz, days = inputs.period.timezone, inputs.days
    total = int(days["posts"].sum())
    lines: list[Any] = []
    short: list[str] = []
    tone = "calm"
    if inputs.runs_ok == 0 and total == 0:
        tone = "alert"
        lines.append(t(lang, "top_nothing", days=n_days))
        short.append(t(lang, "idx_nothing"))
        if inputs.latest_post is not None:
            lines.append(t(lang, "top_nothing_latest", when=_dt(inputs.latest_post, lang, tz)))
        else:
            lines.append(t(lang, "top_nothing_ever"))
    else:
        if total == 0:
            lines.append(t(lang, "top_empty"))
        elif "scores" in inputs.missing:
            lines.append(t(lang, "top_summary_nostance", posts=posts(lang, total), days=n_days))
        else:
            lines.append(
                t(
                    lang,
                    "top_summary",
                    posts=posts(lang, total),
                    hostile=i18n.fmt_int(int(days["hostile"].sum()), lang),
                    queue=i18n.fmt_int(inputs.queue.height, lang),
                    days=n_days,
                )
            )
        if inputs.gaps:
            tone = "alert"
            spans = ", ".join(
                t(lang, "span", start=_dt(a, lang, tz), end=_dt(b, lang, tz))
                for a, b in inputs.gaps[:MAX_SPANS_SHOWN]
            ) + (", …" if len(inputs.gaps) > MAX_SPANS_SHOWN else "")
            lines.append(t(lang, "top_gaps", n=len(inputs.gaps), spans=spans))
            short.append(t(lang, "idx_gaps", n=len(inputs.gaps)))
    if inputs.failed_runs:
        tone = "alert"
        when = _dt(inputs.failed_runs[0]["started_at"], lang, tz)  # type: ignore[arg-type]
        lines.append(t(lang, "top_failed", n=len(inputs.failed_runs), when=when))
        short.append(t(lang, "idx_failed", n=len(inputs.failed_runs)))
    # Said first, each kind that alerts: a harassment wave, then a wave no rules read.
    for kind, key in (("unread", "unread_open"), ("harassment", "open")):
        ongoing = inputs.episodes.filter((pl.col("status") == "open") & (pl.col("kind") == kind))
        if ongoing.height:
            tone = "alert" if tone == "alert" else "wave"
            lines.insert(0, t(lang, f"top_{key}", when=_dt(ongoing["start"].min(), lang, tz)))
            short.insert(0, t(lang, f"idx_{key}"))
    return tone, lines, short


def _opening(short: list[str], lang: str) -> int:
    """How many of the top lines are open episodes, said before the summary."""
    return sum(a in (t(lang, "idx_open"), t(lang, "idx_unread_open")) for a in short)


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def target_view(
    inputs: SiteInputs,
    who: PageWho,
    dossiers: Dossiers,
    *,
    n_days: int,
    max_queue: int,
    generated_at: datetime,
) -> dict[str, Any]:
    lang, tz, p = who.lang, inputs.period.timezone, inputs.period
    episodes = episode_codes(inputs)
    tone, lines, _ = top_lines(inputs, lang, n_days)
    queue = inputs.queue.head(max_queue).to_dicts()
    has_stance = "scores" not in inputs.missing
    total = int(inputs.days["posts"].sum())
    return {
        "lang": lang,
        "s": STRINGS[lang],
        "name": who.display_name,
        "target": who.target,
        "period": t(
            lang,
            "period",
            days=n_days,
            first=_day(p.first, lang),
            last=_day(p.last, lang),
            tz=tz,
        ),
        "generated": t(lang, "generated", when=_dt(generated_at, lang, tz)),
        "cw": t(lang, "cw", name=who.display_name),
        "tone": tone,
        "top": lines,
        "episodes_available": "episodes" not in inputs.missing,
        "episodes": [_episode(c, e, lang, tz) for c, e in episodes],
        "chart_heading": t(lang, "chart_heading", days=n_days),
        # No chart of thirty empty days: the top of the page already says why it is empty.
        "chart_src": png_data_uri(chart_png(inputs, lang, episodes)) if total else None,
        "chart_alt": _chart_alt(inputs, lang) if total else None,
        "has_stance": has_stance,
        "days": [
            {
                "day": i18n.fmt_date(r["day"], lang, with_year=False),
                **{
                    k: i18n.fmt_int(r[k], lang)
                    for k in ("posts", "hostile", "supportive", "neutral", "threats")
                },
            }
            for r in inputs.days.to_dicts()
        ],
        "queue": [_queue_item(r, lang, tz, episodes) for r in queue],
        "queue_more": (
            t(lang, "q_more", n=i18n.fmt_int(inputs.queue.height - len(queue), lang))
            if inputs.queue.height > len(queue)
            else None
        ),
        **_unread(inputs, lang, tz, episodes, max_queue),
        "dossiers_available": dossiers.available,
        "dossiers": [
            {
                # A file name Tocsin or its operator chose: neutralised, not defanged
                # ("E1.pdf" would read as a domain), escaped by autoescape.
                "name": one_line(d.name, max_chars=120),
                "made": t(lang, "d_made", when=_dt(d.made_at, lang, tz)),
                "selection": Untrusted(d.selection, 200) if d.selection else None,
                "sha256": d.sha256 if d.sha256 and _HEX64.match(d.sha256) else None,
            }
            for d in dossiers.items
        ],
        "quality": [t(lang, "dq_runs_ok", n=inputs.runs_ok)]
        + [t(lang, f"dq_missing_{m}") for m in inputs.missing],
    }


def index_row(
    inputs: SiteInputs, who: PageWho, lang: str, n_days: int, latest: int
) -> dict[str, Any]:
    """The target's line on the index, with the ``latest`` newest items of its threat queue."""
    tone, lines, short = top_lines(inputs, lang, n_days)
    episodes = episode_codes(inputs)
    tz = inputs.period.timezone
    return {
        "latest": [
            _queue_item(r, lang, tz, episodes) for r in inputs.queue.head(latest).to_dicts()
        ],
        "name": who.display_name,
        "target": who.target,
        "period": t(
            lang,
            "span_days",
            first=_day(inputs.period.first, lang),
            last=_day(inputs.period.last, lang),
        ),
        "tone": tone,
        # The summary (or "nothing collected") first, then each alert in a few words.
        "status": lines[_opening(short, lang)],
        "alerts": short,
        "open": i18n.fmt_int(inputs.episodes.filter(pl.col("status") == "open").height, lang),
        "posts": i18n.fmt_int(int(inputs.days["posts"].sum()), lang),
        "queue": i18n.fmt_int(inputs.queue.height, lang) if "scores" not in inputs.missing else "—",
    }
