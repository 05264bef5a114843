"""A ``Digest`` as what the templates show, in one language: strings, formatted numbers, and
attacker text wrapped in ``Untrusted``.

``Untrusted`` is how attacker text stays inert without relying on every template remembering a
filter: Jinja's HTML autoescape calls its ``__html__`` (neutralised, defanged, escaped, isolated
in ``<bdi>``), and the text template's plain ``{{ }}`` calls its ``__str__`` (neutralised and
defanged). Nothing in the view is marked safe that did not come from Tocsin itself.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reports.digest_strings import CATEGORIES, PLATFORM_NAMES, ROLES, STRINGS
from tasks.digest import i18n
from tasks.digest.i18n import fmt_int, fmt_pct, t
from tasks.digest.mask import mask_slurs
from tasks.digest.summary import Digest
from tasks.evidence.claims import evidence_sentences
from tasks.textsafe import safe_post_url, untrusted_html, untrusted_text

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_POST_CHARS = 600


class Untrusted:
    """Attacker-controlled text (post text, handle, display name, signal sample)."""

    __slots__ = ("_raw", "_max")

    def __init__(self, raw: str | None, max_chars: int | None = None) -> None:
        self._raw = raw or ""
        self._max = max_chars

    def __html__(self) -> str:
        return str(untrusted_html(self._raw, max_chars=self._max))

    def __str__(self) -> str:
        return untrusted_text(self._raw, max_chars=self._max)

    def __bool__(self) -> bool:
        return bool(self._raw)

    def wrapped(self, indent: int = 4, width: int = 76) -> str:
        """For the text part: wrapped and indented, line by line."""
        pad = " " * indent
        lines = str(self).splitlines() or [""]
        return "\n".join(
            textwrap.fill(line, width, initial_indent=pad, subsequent_indent=pad) or pad
            for line in lines
        )


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


def _status(row: dict[str, Any], lang: str, tracked: bool, tz: str) -> str:
    if not tracked:
        return t(lang, "st_untracked")
    status = row.get("status")
    if status is None:
        return t(lang, "st_none")
    key = f"st_{status}" if f"st_{status}" in STRINGS[lang] else "st_unavailable"
    return t(lang, key, when=i18n.fmt_datetime(row["observed_at"], lang, tz))


def _message(row: dict[str, Any], lang: str, mask: bool, tracked: bool, tz: str) -> dict[str, Any]:
    show = mask_slurs if mask else (lambda s: s or "")
    sha = row["raw_sha256"] or ""
    return {
        "threat": bool(row["is_threat"]),
        "categories": ", ".join(
            CATEGORIES[lang].get(c, c.replace("_", " ")) for c in (row["categories"] or [])
        ),
        "name": Untrusted(show(row["author_name"]), 80),
        "handle": Untrusted(row["author_handle"], 80),
        "when": i18n.fmt_datetime(row["created_at"], lang, tz),
        "url": safe_post_url(row["url"]),
        "text": Untrusted(show(row["text"]), MAX_POST_CHARS),
        "sha256": sha if _HEX64.match(sha) else Untrusted(sha, 80),
        "status": _status(row, lang, tracked, tz),
        "edited": t(lang, "worst_edited", n=row["version"] + 1) if row["version"] else None,
        "copies": (
            t(
                lang,
                "worst_copies",
                copies=fmt_int(row["copies"], lang),
                accounts=i18n.plural(lang, "accounts", row["copy_accounts"]),
            )
            if row["copies"] > 1
            else None
        ),
    }


def _account(row: dict[str, Any], lang: str, mask: bool, tz: str) -> dict[str, Any]:
    flags = []
    if row["young"]:
        flags.append(t(lang, "acc_young"))
    if row["suspended"]:
        flags.append(t(lang, "acc_suspended"))
    if row["deleted"]:
        flags.append(i18n.plural(lang, "acc_deleted", row["deleted"]))
    created = row["author_created_at"]
    return {
        "name": Untrusted(mask_slurs(row["author_name"]) if mask else row["author_name"], 80),
        "handle": Untrusted(row["author_handle"], 80),
        "hostile": fmt_int(row["hostile"], lang),
        "threats": fmt_int(row["threats"], lang),
        "summary": i18n.plural(lang, "hostile_posts", row["hostile"])
        + ", "
        + i18n.plural(lang, "threats", row["threats"]),
        "created": i18n.fmt_date(created.date(), lang, with_weekday=False) if created else "—",
        "first": i18n.fmt_datetime(row["first_post"], lang, tz),
        "flags": ", ".join(flags),
    }


def _signal(code: str, e: dict[str, Any], lang: str) -> Any:
    """One coordination signal of an episode (tasks/detect/table.py) as a sentence."""

    def n(key: str) -> str:
        return fmt_int(e.get(key) or 0, lang)

    def pct(key: str) -> str:
        return fmt_pct(e.get(key), lang)

    values: dict[str, str] | None = {
        "copy_paste": dict(
            clusters=i18n.plural(lang, "texts", e.get("duplicate_clusters") or 0),
            posts=i18n.plural(lang, "posts", e.get("duplicate_posts") or 0),
            largest=i18n.plural(lang, "accounts", e.get("largest_cluster_authors") or 0),
        ),
        "young_accounts": dict(
            share=pct("young_account_share"), baseline=pct("baseline_young_account_share")
        ),
        "new_authors": dict(share=pct("new_author_share")),
        "pile_on": dict(posts=n("pile_on_posts"), post=str(Untrusted(e.get("pile_on_post_id")))),
        "minute_bursts": dict(minutes=n("burst_minutes"), max=n("max_posts_per_minute")),
        "threats": dict(threats=n("threats"), doxxing=n("doxxing")),
    }.get(code)
    if values is None:
        return Untrusted(code, 80)  # a signal this version does not know: shown by its name
    key = "pile_on_watched" if code == "pile_on" and e.get("pile_on_watched") else code
    return t(lang, f"sig_{key}", **values)


def _episode(i: int, e: dict[str, Any], lang: str, tz: str) -> dict[str, Any]:
    kind = "harassment" if e.get("kind") == "harassment" else "support"
    volumes = None
    if e.get("posts") is not None:
        volumes = t(
            lang,
            "ep_volumes",
            posts=i18n.plural(lang, "posts", e["posts"]),
            authors=i18n.plural(lang, "accounts", e.get("authors") or 0),
            hostile=fmt_int(e.get("hostile"), lang),
            supportive=fmt_int(e.get("supportive"), lang),
            neutral=fmt_int(e.get("neutral"), lang),
            threats=i18n.plural(lang, "threats", e.get("threats") or 0),
        )
    ongoing = e.get("status") == "open"
    return {
        "code": f"E{i}",
        "kind": kind,
        "label": t(lang, f"ep_{kind}"),
        "span": t(
            lang,
            "ep_span",
            start=i18n.fmt_datetime(e["start"], lang, tz),
            end=t(lang, "ep_ongoing") if ongoing else i18n.fmt_datetime(e["end"], lang, tz),
            peak=i18n.fmt_datetime(e["peak"], lang, tz),
        ),
        "volumes": volumes,
        "signals": [_signal(c, e, lang) for c in (e.get("signals") or [])],
    }


def _comparison(d: Digest, lang: str) -> list[tuple[str, str, str, str]]:
    rows = []
    keys = ["posts", "hostile", "supportive", "neutral", "threats", "hostile_share"]
    keys = keys if d.has_stance else ["posts"]
    for key in [*keys, "authors", "first_time_authors", "quarantined"]:
        cur, prev = d.totals[key], d.previous[key]
        label = t(lang, "cmp_first_time" if key == "first_time_authors" else f"cmp_{key}")
        if key == "hostile_share":
            change = "—" if cur is None or prev is None else _points(cur - prev, lang)
            rows.append((label, fmt_pct(cur, lang), fmt_pct(prev, lang), change))
        else:
            rows.append(
                (label, fmt_int(cur, lang), fmt_int(prev, lang), i18n.fmt_change(cur, prev, lang))
            )
    return rows


def _points(delta: float, lang: str) -> str:
    pts = round(delta * 100)
    sign = "+" if pts > 0 else "−" if pts < 0 else "±"
    return f"{sign}{abs(pts)} pt" + ("s" if abs(pts) > 1 and lang == "en" else "")


def _quality(d: Digest, lang: str, tz: str) -> list[Any]:
    q, items = d.quality, []
    if q.quarantined:
        line = t(lang, "dq_quarantined", n=fmt_int(q.quarantined, lang))
        if q.reasons:
            reasons = ", ".join(f"{r} ({fmt_int(n, lang)})" for r, n in q.reasons[:5])
            line += (" : " if lang == "fr" else ": ") + reasons
        # Rule names are Tocsin's, but a reason is built from a rejected record: keep it inert.
        items.append(Untrusted(line))
    else:
        items.append(t(lang, "dq_quarantined_none"))
    items.append(i18n.plural(lang, "runs", q.runs_ok))
    for run in q.failed_runs:
        when = i18n.fmt_datetime(run["started_at"], lang, tz)
        key = "dq_skipped" if run["status"] == "skipped" else "dq_failed"
        line = t(lang, key, flow=run["flow"], source=run["source"], when=when)
        # The error can quote a platform's reply: inert like any outside text.
        items.append(Untrusted(line + (f" ({run['error']})." if run.get("error") else ".")))
    for run in q.partial_runs:
        when = i18n.fmt_datetime(run["started_at"], lang, tz)
        spans = ", ".join(
            t(
                lang,
                "dq_span",
                start=i18n.fmt_datetime(a, lang, tz),
                end=i18n.fmt_datetime(b, lang, tz),
            )
            for a, b in run["missing"]
        )
        key = "dq_partial_spans" if spans else "dq_partial"
        line = t(lang, key, flow=run["flow"], source=run["source"], when=when, spans=spans)
        items.append(Untrusted(line + (f" ({run['error']})." if run.get("error") else ".")))
    for start, end in q.gaps:
        items.append(
            t(
                lang,
                "dq_gap",
                start=i18n.fmt_datetime(start, lang, tz),
                end=i18n.fmt_datetime(end, lang, tz),
            )
        )
    if not q.gaps:
        items.append(t(lang, "dq_no_gap"))
    unscored = int(d.days["unscored"].sum())
    if d.has_stance and unscored:
        items.append(t(lang, "dq_unscored", n=fmt_int(unscored, lang)))
    items += [t(lang, f"dq_missing_{part}") for part in d.missing]
    return items


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
    lang, tz = who.lang, d.timezone
    hl = headline(d, lang)
    tracked = "status_changes" not in d.missing
    role = ROLES[lang].get(who.role or "", who.role or "—")
    unwatched = ", ".join(PLATFORM_NAMES.get(p, p) for p in who.unwatched_platforms)
    week = d.week
    return {
        "lang": lang,
        "s": STRINGS[lang],
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
        "comparison": _comparison(d, lang),
        "episodes_available": "episodes" not in d.missing,
        "episodes": [_episode(i + 1, e, lang, tz) for i, e in enumerate(d.episodes)],
        "worst": [_message(r, lang, mask, tracked, tz) for r in d.worst.to_dicts()],
        "accounts": [_account(r, lang, mask, tz) for r in d.accounts.to_dicts()],
        "quality": _quality(d, lang, tz),
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
