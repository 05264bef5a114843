"""The digest's sections, one row or sentence at a time, in one language: a quoted message, a
hostile account, an episode and its signals, the week-on-week comparison, the data-quality list.

Words come from tasks/i18n (``DIGEST`` sentences, shared labels and counted nouns); attacker
text leaves here wrapped in ``Untrusted``.
"""

from __future__ import annotations

import re
from typing import Any

from tasks import i18n
from tasks.digest.mask import mask_slurs
from tasks.digest.summary import Digest
from tasks.digest.untrusted import Untrusted
from tasks.i18n import DIGEST, fmt_int, fmt_pct
from tasks.textsafe import safe_post_url

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_POST_CHARS = 600
t = DIGEST.t


def pick(lang: str, key: str, day: bool) -> str:
    """``key``, or its daily wording ``key_day`` for a one-day digest when there is one."""
    return f"{key}_day" if day and f"{key}_day" in DIGEST.table(lang) else key


def td(lang: str, key: str, day: bool, /, **values: object) -> str:
    return t(lang, pick(lang, key, day), **values)


def _status(row: dict[str, Any], lang: str, tracked: bool, tz: str) -> str:
    if not tracked:
        return t(lang, "st_untracked")
    status = row.get("status")
    if status is None:
        return t(lang, "st_none")
    key = f"st_{status}" if f"st_{status}" in DIGEST.table(lang) else "st_unavailable"
    return t(lang, key, when=i18n.fmt_datetime(row["observed_at"], lang, tz))


def message_item(
    row: dict[str, Any], lang: str, mask: bool, tracked: bool, tz: str, ref: int = 0
) -> dict[str, Any]:
    """One quoted post. Its evidence hash is listed apart (``ref``: its number in the evidence
    section), not under every post; its status only when deletions are tracked at all."""
    show = mask_slurs if mask else (lambda s: s or "")
    sha = row["raw_sha256"] or ""
    return {
        "ref": ref,
        "ref_label": t(lang, "worst_ref", n=ref),
        "unvalidated": _unvalidated(row, lang),
        "threat": bool(row["is_threat"]),
        "categories": i18n.categories(row["categories"], lang),
        "name": Untrusted(show(row["author_name"]), 80),
        "handle": Untrusted(row["author_handle"], 80),
        "when": i18n.fmt_datetime(row["created_at"], lang, tz),
        "url": safe_post_url(row["url"]),
        "text": Untrusted(show(row["text"]), MAX_POST_CHARS),
        "sha256": sha if _HEX64.match(sha) else Untrusted(sha, 80),
        "status": _status(row, lang, tracked, tz) if tracked else None,
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


def _unvalidated(row: dict[str, Any], lang: str) -> Any:
    """For a quarantined record quoted all the same: that it failed validation, and why."""
    if row.get("validated") is not False:
        return None
    from tasks.digest.summary import quarantine_rule

    reasons = row.get("quarantine_reasons") or []
    reason = reason_words(quarantine_rule(reasons[0]), lang) if reasons else "—"
    # The reason is built from a rejected record: inert like any outside text.
    return Untrusted(t(lang, "worst_unvalidated", reason=reason))


def account_item(row: dict[str, Any], lang: str, mask: bool, tz: str) -> dict[str, Any]:
    flags = []
    if row["young"]:
        flags.append(t(lang, "acc_young"))
    if row["suspended"]:
        flags.append(t(lang, "acc_suspended"))
    if row["deleted"]:
        flags.append(i18n.plural(lang, "deleted", row["deleted"]))
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


def signal_sentence(
    code: str, e: dict[str, Any], lang: str, watched_urls: dict[str, str] | None = None
) -> Any:
    """One coordination signal of an episode (tasks/detect/table.py) as a sentence. A pile-on
    on a watched post names it by its link from the target's settings, not by a bare id."""

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
        "pile_on": dict(posts=n("pile_on_posts"), post=_post_ref(e, watched_urls or {})),
        "minute_bursts": dict(minutes=n("burst_minutes"), max=n("max_posts_per_minute")),
        "threats": dict(threats=n("threats"), doxxing=n("doxxing")),
    }.get(code)
    if values is None:
        return Untrusted(code, 80)  # a signal this version does not know: shown by its name
    key = "pile_on_watched" if code == "pile_on" and e.get("pile_on_watched") else code
    return t(lang, f"sig_{key}", **values)


def _post_ref(e: dict[str, Any], watched_urls: dict[str, str]) -> str:
    post_id = e.get("pile_on_post_id")
    url = watched_urls.get(str(post_id)) if post_id is not None else None
    return safe_post_url(url) or str(Untrusted(post_id))


def kind_label(lang: str, prefix: str, kind: str) -> Any:
    """The words for an episode kind (``ep_unread``…); a kind this version does not know is
    shown by its name, never as another kind."""
    key = f"{prefix}{kind}"
    return t(lang, key) if key in DIGEST.table(lang) else Untrusted(kind, 80)


def episode_item(
    i: int,
    e: dict[str, Any],
    lang: str,
    tz: str,
    *,
    day: bool = False,
    watched_urls: dict[str, str] | None = None,
) -> dict[str, Any]:
    kind = str(e.get("kind"))  # harassment, support or unread (tasks/detect/table.py)
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
        # How many were in languages no rules read; unknown (null) in rows older than the count.
        if kind == "unread" and e.get("unread") is not None:
            volumes += t(lang, "ep_volumes_unread", unread=i18n.plural(lang, "posts", e["unread"]))
    ongoing = e.get("status") == "open"
    start = i18n.fmt_datetime(e["start"], lang, tz)
    end = None if ongoing else i18n.fmt_datetime(e["end"], lang, tz)
    beyond = None
    if e.get("beyond") and e.get("posts") is not None:
        in_period = i18n.plural(lang, "posts", e.get("in_period") or 0)
        if ongoing:
            beyond = t(lang, "ep_beyond_open", start=start, posts=in_period)
        else:
            beyond = td(lang, "ep_beyond", day, start=start, end=end, posts=in_period)
    return {
        "code": f"E{i}",
        "kind": kind,
        "label": kind_label(lang, "ep_", kind),
        "span": t(
            lang,
            "ep_span_open" if ongoing else "ep_span",
            start=start,
            end=end,
            peak=i18n.fmt_datetime(e["peak"], lang, tz),
        ),
        "volumes": volumes,
        "beyond": beyond,
        "signals": [signal_sentence(c, e, lang, watched_urls) for c in (e.get("signals") or [])],
    }


def comparison_rows(d: Digest, lang: str) -> list[tuple[str, str, str, str]]:
    rows = []
    keys = ["posts", "hostile", "supportive", "neutral", "threats", "hostile_share"]
    keys = keys if d.has_stance else ["posts"]
    for key in [*keys, "authors", "first_time_authors", "quarantined"]:
        cur, prev = d.totals[key], d.previous[key]
        label = t(lang, "cmp_first_time" if key == "first_time_authors" else f"cmp_{key}")
        if key == "hostile_share":
            change = "—" if cur is None or prev is None else i18n.fmt_points(cur - prev, lang)
            rows.append((label, fmt_pct(cur, lang), fmt_pct(prev, lang), change))
        else:
            rows.append(
                (label, fmt_int(cur, lang), fmt_int(prev, lang), i18n.fmt_change(cur, prev, lang))
            )
    return rows


_RULE = re.compile(r"^([a-z_]+): ([a-z_]+)$")


def reason_words(rule: str, lang: str) -> str:
    """A quarantine rule (``not_future: created_at``, summary.quarantine_rule) in plain words: "date du
    message dans le futur". A rule or field this version has no words for is shown as itself."""
    table = DIGEST.table(lang)
    m = _RULE.match(rule)
    check, column = (m.group(1), m.group(2)) if m else (rule.split(":")[0], "")
    if f"qr_{check}" not in table:
        return rule
    field = table.get(f"fld_{column}", column.replace("_", " "))
    return t(lang, f"qr_{check}", field=field)


def quality_items(d: Digest, lang: str, tz: str) -> list[Any]:
    q, items = d.quality, []
    day = d.week.kind == "day"
    if q.quarantined:
        line = t(lang, "dq_quarantined", n=fmt_int(q.quarantined, lang))
        if q.reasons:
            reasons = ", ".join(
                f"{reason_words(r, lang)} ({fmt_int(n, lang)})" for r, n in q.reasons[:5]
            )
            line += t(lang, "colon") + " " + reasons
        # Rule names are Tocsin's, but a reason is built from a rejected record: keep it inert.
        items.append(Untrusted(line))
    else:
        items.append(t(lang, "dq_quarantined_none"))
    items.append(DIGEST.tn(lang, pick(lang, "dq_runs", day), q.runs_ok, n=fmt_int(q.runs_ok, lang)))
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
        items.append(td(lang, "dq_unscored", day, n=fmt_int(unscored, lang)))
    items += [t(lang, f"dq_missing_{part}") for part in d.missing]
    return items
