"""A ``Digest`` as what the templates show, in one language: strings, formatted numbers, and
attacker text wrapped in ``Untrusted`` (tasks/digest/untrusted.py). The sections, row by row,
are in tasks/digest/sections.py; the words in tasks/i18n.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tasks import i18n
from tasks.digest.sections import (
    account_item,
    comparison_rows,
    episode_item,
    message_item,
    pick,
    quality_items,
    td,
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
    # The targeted person's short summary, which quotes no message (Recipient.gentle).
    gentle: bool = False
    # The roles of the target's other recipients: who else receives the details and acts.
    acting_roles: tuple[str | None, ...] = ()
    # Watched post id -> its link (the target's settings): a pile-on names the post by it.
    watched_urls: dict[str, str] = field(default_factory=dict)
    # The dossiers already made for the target (tasks.site.dossiers.Dossier), newest first.
    dossiers: tuple[Any, ...] = ()
    dossiers_folder: str | None = None
    site_page: str | None = None


def headline(d: Digest, lang: str) -> str:
    """One sentence: the biggest hostile and support peaks of the week, or a quiet week."""
    tot, day = d.totals, d.week.kind == "day"
    if d.quality.collected == "none" and not tot["posts"]:
        return td(lang, "hl_nothing", day, period=td(lang, "this_period", day))
    if not d.has_stance:
        change = i18n.fmt_change(tot["posts"], d.previous["posts"], lang)
        return td(
            lang, "hl_no_stance", day, posts=i18n.plural(lang, "posts", tot["posts"]), change=change
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
        return td(
            lang,
            "hl_no_peak",
            day,
            posts=i18n.plural(lang, "posts", tot["posts"]),
            share=fmt_pct(tot["hostile_share"], lang),
            threats=i18n.plural(lang, "threats", tot["threats"] or 0),
        )
    clauses.sort(key=lambda c: -c[0])
    # One sentence: the clauses after the first start in lower case.
    parts = [c if i == 0 else c[0].lower() + c[1:] for i, (_, c) in enumerate(clauses)]
    return t(lang, "hl_join").join(parts)


def _chart_rows(d: Digest) -> list[dict[str, Any]]:
    return (d.chart_days if d.chart_days is not None else d.days).to_dicts()


def _alt(d: Digest, lang: str) -> str:
    parts = []
    for r in _chart_rows(d):
        day = i18n.fmt_date(r["day"], lang, with_year=False)
        posts = i18n.plural(lang, "posts", r["posts"])
        if d.has_stance:
            hostile = fmt_int(r["hostile"], lang)
            parts.append(t(lang, "chart_alt_day", day=day, posts=posts, hostile=hostile))
        else:
            parts.append(t(lang, "chart_alt_day_nostance", day=day, posts=posts))
    return t(lang, "chart_alt", week=_lower_first(period_range(d, lang)), days="; ".join(parts))


TEXT_BAR = 30


def text_bars(d: Digest, lang: str) -> list[str]:
    """The chart for the text part: one line a day, # hostile, + supportive, . the rest."""
    rows = _chart_rows(d)
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


def period_range(d: Digest, lang: str, *, short: bool = False) -> str:
    """ "Du lundi 27 janvier 2020 au dimanche 2 février 2020", or the day: dates, never ISO
    week numbers. ``short``: without weekdays, the year once."""
    p, long = d.week, not short
    if p.kind == "day":
        return i18n.fmt_date(p.first, lang, with_weekday=long)
    first = i18n.fmt_date(
        p.first, lang, with_weekday=long, with_year=long or p.first.year != p.last.year
    )
    last = i18n.fmt_date(p.last, lang, with_weekday=long)
    text = t(lang, "week_range", first=first, last=last)
    return text if long else _lower_first(text)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def subject(d: Digest, who: Audience, lang: str) -> str:
    """The subject line: neutral for the targeted person (it shows on a locked phone: no count,
    no word of threats), the headline for the others."""
    day = d.week.kind == "day"
    if who.gentle:
        return t(lang, pick(lang, "subject_gentle", day))
    p = d.week
    return td(
        lang,
        "subject",
        day,
        name=who.display_name,
        first=i18n.fmt_date(
            p.first, lang, with_weekday=False, with_year=day or p.first.year != p.last.year
        ),
        last=i18n.fmt_date(p.last, lang, with_weekday=False),
        headline=headline(d, lang),
    )


def top_notice(d: Digest, lang: str, tz: str) -> str | None:
    """Said first: a period nothing was collected for, or one collected only in part."""
    day = d.week.kind == "day"
    q = d.quality
    if q.collected == "none":
        return td(lang, "top_none", day, period=td(lang, "this_period", day))
    if q.collected == "part":
        spans = ", ".join(
            t(
                lang,
                "dq_span",
                start=i18n.fmt_datetime(a, lang, tz),
                end=i18n.fmt_datetime(b, lang, tz),
            )
            for a, b in q.gaps
        )
        return t(lang, "top_part", spans=spans)
    return None


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t(lang, "g_and") + items[-1]


def _roles(who: Audience, lang: str) -> str | None:
    names: list[str] = []
    for r in who.acting_roles:
        name = i18n.label("role", r, lang) if r else t(lang, "g_role_other")
        if name not in names:
            names.append(name)
    return _join(names, lang) if names else None


def gentle_lines(d: Digest, who: Audience, lang: str) -> list[str]:
    """The targeted person's summary, in plain sentences: how many posts, whether a hostile wave
    came and when (a support wave, a wave in a language no rules read), that threats exist
    (never quoted, never counted), who else acts."""
    day, tz = d.week.kind == "day", d.timezone
    period = td(lang, "this_period", day)
    lines = []
    if d.quality.collected == "none" and not d.totals["posts"]:
        return [td(lang, "g_none", day, period=period)]
    lines.append(
        td(lang, "g_posts", day, posts=i18n.plural(lang, "posts", d.totals["posts"]), period=period)
    )
    waves = [e for e in d.episodes if e.get("kind") == "harassment"]
    for kind, key in (("harassment", "g_wave"), ("support", "g_support"), ("unread", "g_unread")):
        for e in (e for e in d.episodes if e.get("kind") == kind):
            start = i18n.fmt_datetime(e["start"], lang, tz, with_weekday=True)
            if e.get("status") == "open":
                lines.append(t(lang, f"{key}_since", start=start))
                if kind == "harassment":
                    lines.append(t(lang, "g_wave_open"))
            else:
                end = i18n.fmt_datetime(e["end"], lang, tz)
                lines.append(t(lang, key, when=t(lang, "dq_span", start=start, end=end)))
        if kind == "harassment" and not waves:
            lines.append(td(lang, "g_quiet", day, period=period))
    if d.totals.get("threats"):
        lines.append(t(lang, "g_threats"))
    if d.quality.collected == "part":
        lines.append(t(lang, "g_part"))
    return lines


def _dossier_section(d: Digest, who: Audience, lang: str, tz: str) -> dict[str, Any]:
    """What the desk and the lawyer need to obtain the evidence: the dossiers already made (by
    name, date and place), and whom to ask for a new one, naming the episode. No command line:
    the readers are not the ones who run Tocsin."""
    p = d.week
    waves = [(i + 1, e) for i, e in enumerate(d.episodes) if e.get("kind") == "harassment"]
    if waves:
        what = _join(
            [
                t(lang, "dossier_what_episode", code=f"E{i}", episode=str(e.get("episode_id")))
                for i, e in waves
            ],
            lang,
        )
    else:
        what = t(
            lang,
            "dossier_what_period",
            target=who.target,
            first=i18n.fmt_date(p.first, lang, with_weekday=False),
            last=i18n.fmt_date(p.last, lang, with_weekday=False),
        )
    return {
        "made": [
            t(lang, "dossier_item", name=x.name, when=i18n.fmt_datetime(x.made_at, lang, tz))
            for x in who.dossiers
        ],
        "folder": who.dossiers_folder,
        "none": t(lang, "dossier_none"),
        "ask": t(lang, "dossier_ask", what=what),
        "site": t(lang, "site_page", path=who.site_page) if who.site_page else None,
    }


def build_view(
    d: Digest, who: Audience, *, mask: bool, generated_at: datetime, img_src: str
) -> dict[str, Any]:
    """Everything the templates show, for one language. ``img_src`` is where the HTML finds
    the chart: ``cid:…`` in the email, a file name beside the .html on disk."""
    lang, tz = i18n.resolve(who.lang), d.timezone
    day = d.week.kind == "day"
    hl = headline(d, lang)
    tracked = "status_changes" not in d.missing
    role = i18n.label("role", who.role, lang) if who.role else "—"
    unwatched = ", ".join(i18n.label("platform", p, lang) for p in who.unwatched_platforms)
    table = DIGEST.table(lang)
    # The daily wording of every key that has one (cmp_heading_day for cmp_heading...).
    words = {**table, **{k: table[pick(lang, k, day)] for k in table if not k.endswith("_day")}}
    if day:
        words["title"] = table["title_day"]
        words["g_title"] = table["g_title_day"]
    worst = [
        message_item(r, lang, mask, tracked, tz, ref=i)
        for i, r in enumerate(d.worst.to_dicts(), start=1)
    ]
    acting = _roles(who, lang)
    return {
        "lang": lang,
        "s": words,
        "stance": {k: i18n.label("stance", k, lang) for k in ("hostile", "supportive", "neutral")},
        "name": who.display_name,
        "target": who.target,
        "week": d.week.label,
        "week_range": period_range(d, lang),
        "timezone": tz,
        "headline": hl,
        "top_notice": top_notice(d, lang, tz),
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
        "episodes": [
            episode_item(i + 1, e, lang, tz, day=day, watched_urls=who.watched_urls)
            for i, e in enumerate(d.episodes)
        ],
        "chart_note_text": t(
            lang,
            "chart_note_episodes_text",
            codes=", ".join(f"E{i + 1}" for i in range(len(d.episodes))),
        ),
        "worst": worst,
        "hashes": [(m["ref"], m["sha256"]) for m in worst],
        "tracked": tracked,
        "accounts": [account_item(r, lang, mask, tz) for r in d.accounts.to_dicts()],
        "quality": quality_items(d, lang, tz),
        "unwatched": t(lang, "blind_platforms", platforms=unwatched) if unwatched else None,
        "unread": unread_item(d.totals.get("unread") or [], lang, bool(who.site_page)),
        # Said from the vault's state, never from what Tocsin is meant to do.
        "evidence_claim": " ".join(evidence_sentences(d.evidence, lang)),
        "dossier": _dossier_section(d, who, lang, tz),
        "gentle": gentle_lines(d, who, lang) if who.gentle else [],
        "hello": td(lang, "g_hello", day, period=td(lang, "this_period", day)),
        "acting": t(lang, "g_acting", roles=acting) if acting else t(lang, "g_acting_none"),
        "footer": (
            t(lang, "footer", email=who.email, role=role, target=who.target)
            if who.email
            else t(lang, "footer_nobody", target=who.target)
        ),
        "generated": t(lang, "generated", when=i18n.fmt_datetime(generated_at, lang, tz)),
    }


def unread_item(langs: list[tuple[str, int]], lang: str, site: bool) -> str | None:
    """The period's posts no rules read, by language (``summary.totals``), as a blind spot;
    ``site``: the target's follow-up page exists (it lists them)."""
    if not langs:
        return None
    names = i18n.language_counts(langs, lang)
    posts = i18n.plural(lang, "posts", sum(n for _, n in langs))
    where = t(lang, "blind_unread_where") if site else ""
    return t(lang, "blind_unread", posts=posts, langs=names, where=where)
