"""A ``Digest`` as what the templates show, in one language: strings, formatted numbers, and
attacker text wrapped in ``Untrusted`` (tasks/digest/untrusted.py). The sections, row by row,
are in tasks/digest/sections.py; the words in tasks/i18n.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tasks import i18n
from tasks.digest.sections import (
    account_item,
    comparison_rows,
    episode_item,
    message_item,
    quality_items,
)
from tasks.digest.summary import Digest
from tasks.evidence.claims import evidence_sentences
from tasks.i18n import DIGEST, fmt_int, fmt_pct

t = DIGEST.t


@dataclass(frozen=True)
class Audience:
    """Who the rendering is for, and what the target config says about the target."""

    lang: str
    target: str
    display_name: str
    email: str | None = None
    role: str | None = None
    unwatched_platforms: tuple[str, ...] = ()


def headline(d: Digest, lang: str) -> str:
    """One sentence: the biggest hostile and support peaks of the week, or a quiet week."""
    tot = d.totals
    if not d.has_stance:
        change = i18n.fmt_change(tot["posts"], d.previous["posts"], lang)
        return t(
            lang, "hl_no_stance", posts=i18n.plural(lang, "posts", tot["posts"]), change=change
        )
    clauses = []
    for kind in ("hostile", "supportive"):
        peak = next((p for p in d.peaks if p.kind == kind), None)
        if peak is None:
            continue
        key = {
            ("hostile", True): "hl_harassment_wave",
            ("hostile", False): "hl_hostile_peak",
            ("supportive", True): "hl_support_wave",
            ("supportive", False): "hl_support_peak",
        }[(kind, peak.wave)]
        clause = t(
            lang,
            key,
            days=i18n.day_span(peak.first, peak.last, lang),
            posts=i18n.plural(lang, "posts", peak.posts),
            share=fmt_pct(peak.share, lang),
            threats=i18n.plural(lang, "threats", peak.threats),
        )
        clauses.append((peak.posts, clause))
    if not clauses:
        return t(
            lang,
            "hl_no_peak",
            posts=i18n.plural(lang, "posts", tot["posts"]),
            share=fmt_pct(tot["hostile_share"], lang),
            threats=i18n.plural(lang, "threats", tot["threats"] or 0),
        )
    clauses.sort(key=lambda c: -c[0])
    # One sentence: the clauses after the first start in lower case.
    parts = [c if i == 0 else c[0].lower() + c[1:] for i, (_, c) in enumerate(clauses)]
    return t(lang, "hl_join").join(parts)


def _alt(d: Digest, lang: str) -> str:
    parts = []
    for r in d.days.to_dicts():
        day = i18n.fmt_date(r["day"], lang, with_year=False)
        posts = i18n.plural(lang, "posts", r["posts"])
        if d.has_stance:
            hostile = fmt_int(r["hostile"], lang)
            parts.append(t(lang, "chart_alt_day", day=day, posts=posts, hostile=hostile))
        else:
            parts.append(t(lang, "chart_alt_day_nostance", day=day, posts=posts))
    return t(lang, "chart_alt", week=d.week.label, days="; ".join(parts))


TEXT_BAR = 30


def text_bars(d: Digest, lang: str) -> list[str]:
    """The chart for the text part: one line a day, # hostile, + supportive, . the rest."""
    rows = d.days.to_dicts()
    top = max((r["posts"] for r in rows), default=0) or 1
    width = max(len(i18n.fmt_date(r["day"], lang, with_year=False)) for r in rows)
    lines = []
    for r in rows:
        n = round(TEXT_BAR * r["posts"] / top)
        if d.has_stance and r["posts"]:
            h = round(n * r["hostile"] / r["posts"])
            s = round(n * r["supportive"] / r["posts"])
            bar = "#" * h + "+" * s + "." * max(0, n - h - s)
        else:
            bar = "." * n
        label = i18n.fmt_date(r["day"], lang, with_year=False).ljust(width)
        lines.append(f"{label}  {fmt_int(r['posts'], lang):>7}  {bar}")
    return lines


def build_view(
    d: Digest, who: Audience, *, mask: bool, generated_at: datetime, img_src: str
) -> dict[str, Any]:
    """Everything the two templates show, for one language. ``img_src`` is where the HTML finds
    the chart: ``cid:…`` in the email, a file name beside the .html on disk."""
    lang, tz = i18n.resolve(who.lang), d.timezone
    hl = headline(d, lang)
    tracked = "status_changes" not in d.missing
    role = i18n.label("role", who.role, lang) if who.role else "—"
    unwatched = ", ".join(i18n.label("platform", p, lang) for p in who.unwatched_platforms)
    week = d.week
    return {
        "lang": lang,
        "s": DIGEST.table(lang),
        "stance": {k: i18n.label("stance", k, lang) for k in ("hostile", "supportive", "neutral")},
        "name": who.display_name,
        "target": who.target,
        "week": week.label,
        "week_range": t(
            lang,
            "week_range",
            week=week.label,
            first=i18n.fmt_date(week.monday, lang),
            last=i18n.fmt_date(week.sunday, lang),
        ),
        "timezone": tz,
        "headline": hl,
        "cw": t(lang, "cw", name=who.display_name),
        "cw_mask": t(lang, "cw_masked" if mask else "cw_unmasked"),
        "img_src": img_src,
        "chart_alt": _alt(d, lang),
        "text_bars": text_bars(d, lang),
        "has_stance": d.has_stance,
        "days": [
            {
                "day": i18n.fmt_date(r["day"], lang, with_year=False),
                **{
                    k: fmt_int(r[k], lang)
                    for k in ("posts", "hostile", "supportive", "neutral", "threats")
                },
            }
            for r in d.days.to_dicts()
        ],
        "totals": {k: fmt_int(v, lang) if isinstance(v, int) else v for k, v in d.totals.items()},
        "comparison": comparison_rows(d, lang),
        "episodes_available": "episodes" not in d.missing,
        "episodes": [episode_item(i + 1, e, lang, tz) for i, e in enumerate(d.episodes)],
        "worst": [message_item(r, lang, mask, tracked, tz) for r in d.worst.to_dicts()],
        "accounts": [account_item(r, lang, mask, tz) for r in d.accounts.to_dicts()],
        "quality": quality_items(d, lang, tz),
        "unwatched": t(lang, "blind_platforms", platforms=unwatched) if unwatched else None,
        # Said from the vault's state, never from what Tocsin is meant to do.
        "evidence_claim": " ".join(evidence_sentences(d.evidence, lang)),
        "export_command": (
            f"tocsin export --target {who.target} --from {week.monday.isoformat()} "
            f"--to {week.sunday.isoformat()} --out {who.target}-{week.label}.zip"
        ),
        "footer": (
            t(lang, "footer", email=who.email, role=role, target=who.target)
            if who.email
            else t(lang, "footer_nobody", target=who.target)
        ),
        "generated": t(lang, "generated", when=i18n.fmt_datetime(generated_at, lang, tz)),
    }
