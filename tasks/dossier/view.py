"""The dossier's view model: plain dicts and strings the template prints, nothing computed there.

Every post text here comes from the bundle's posts (the sealed records), shown through
tasks/textsafe.untrusted_html: escaped, bidi and invisible characters made visible, links
defanged, isolated in <bdi>. Handles and names, also attacker-chosen, go through ``one_line``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import polars as pl
from markupsafe import Markup

from config.targets import Target
from tasks.detect.config import DetectConfig
from tasks.dossier import chart
from tasks.dossier.annex import fit, printed_text, width_em
from tasks.dossier.context import Counts, firsts
from tasks.dossier.glyphs import mark_undrawable, printed_html
from tasks.dossier.select import Scope, Selection
from tasks.dossier.strings import LEGAL, STATUS_WORDS, strings
from tasks.evidence.claims import evidence_sentences
from tasks.evidence.state import EvidenceState
from tasks.i18n import language_counts
from tasks.textsafe import one_line, safe_post_url


def _version() -> str:
    try:
        return version("tocsin")
    except PackageNotFoundError:
        return "unknown"


def when(ts: Any) -> str:
    if ts is None:
        return "—"
    if isinstance(ts, str):
        return ts.replace("T", " ").replace("Z", " UTC")[:23]
    return ts.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def num(lang: str):  # noqa: ANN201
    sep = "\u202f" if lang == "fr" else ","
    return lambda n: f"{n:,}".replace(",", sep)


def _selection_text(sel: Selection, s: dict[str, str], scope: Scope) -> str:
    parts = []
    if sel.episode:
        parts.append(s["sel_episode"].format(id=sel.episode))
    elif not (sel.author or sel.start or sel.end):
        ids = ", ".join(scope.chosen_episodes["episode_id"].to_list())
        parts.append(f"{s['sel_episodes']} ({ids})")
    if sel.author:
        parts.append(s["sel_author"].format(handle=one_line(sel.author_handle)))
    if sel.start or sel.end:
        parts.append(s["sel_window"].format(start=sel.start or "…", end=sel.end or "…"))
    return "; ".join(parts)


def _signature(f: dict[str, Any] | None, s: dict[str, str]) -> str:
    if not f:
        return s["unsealed"]
    return s["signed_yes"].format(fp=(f["key"] or "")[:16] + "…") if f["signed"] else s["signed_no"]


def _timestamp(f: dict[str, Any] | None, s: dict[str, str]) -> str:
    if not f:
        return s["unsealed"]
    ts = f["timestamp"]
    key = {"ok": "ts_yes", "demo": "ts_demo", "pending": "ts_pending", "bad": "ts_bad"}.get(
        ts["state"], "ts_no"
    )
    text = s[key].format(tsa=ts["tsa"], when=when(ts["when"]))
    if ts["state"] == "ok" and not ts.get("chain"):
        text += " " + s["ts_nochain"]
    return text


def _status(row: dict[str, Any], lang: str, s: dict[str, str]) -> str:
    st = row.get("platform_status")
    if not st:
        return s["status_unchecked"]
    word = STATUS_WORDS[lang].get(st, st)
    return s["status_at"].format(status=word, when=when(row.get("platform_status_observed_at")))


def _list(v: Any) -> list[str]:
    return [str(x) for x in v] if isinstance(v, list | tuple) else []


# The annex prints one line a post at 6.5 pt across A4's 182 mm (dossier.css): 79 em, less a
# margin for the bold threat tag and rounding.
ANNEX_LINE_EM = 182 / 25.4 * 72 / 6.5 - 3


def _annex_line(a: dict[str, Any], s: dict[str, str]) -> str:
    """The start of the post's text that fits on its annex line after the number, time, author,
    hash start and tag (reports/dossier/dossier.html.j2 prints them in that order)."""
    v = a["versions"][0]
    head = f"#{a['no']} {a['when']} @{a['handle']} {v['sha'][:16]}… "
    if a["threat"]:
        head += s["threat_tag"] + " "
    if len(a["versions"]) > 1:
        head += f"(+{len(a['versions']) - 1} v.) "
    return fit(" ".join(v["plain"].split()), ANNEX_LINE_EM - width_em(head) * 1.08)


def view_model(
    *,
    target: Target,
    selection: Selection,
    scope: Scope,
    sealed: pl.DataFrame,
    counts: Counts,
    clusters: pl.DataFrame,
    before: pl.DataFrame,
    episode_of: pl.DataFrame,
    status: pl.DataFrame,
    changes: pl.DataFrame,
    hostile_all: pl.DataFrame,
    facts: dict[str, dict[str, Any]],
    state: EvidenceState,
    keys: list[str],
    bundle: Path,
    cfg: DetectConfig,
    lang: str,
    now: datetime,
    custody_logged: bool = False,
) -> dict[str, Any]:
    s = strings(lang)
    n = num(lang)
    watched = {p.id for p in target.watched_posts}
    piled = {
        r["pile_on_post_id"]: r["pile_on_posts"]
        for r in scope.chosen_episodes.iter_rows(named=True)
        if r["pile_on_post_id"]
    }
    urls = dict(firsts(scope.everything).select("post_id", "url").iter_rows())

    # Posts shown, in order, each once (first version) with its later versions.
    posts = (
        sealed.sort("created_at", "post_id", "version")
        .join(before, on="post_id", how="left")
        .join(episode_of, on="post_id", how="left")
        .join(clusters, on="post_id", how="left")
    )
    number: dict[str, int] = {}
    annex = []
    versions: dict[str, list[dict[str, Any]]] = {}
    for r in posts.iter_rows(named=True):
        pid = r["post_id"]
        f = facts.get(r["record_manifest"] or "")
        plain = printed_text(r["text"])
        v = {
            "version": r["version"],
            "plain": plain,
            "text": printed_html(plain),
            "sha": r["raw_sha256"],
            "manifest": r["record_manifest"],
            "leaf": r["record_leaf"],
            "signature": _signature(f, s),
            "timestamp": _timestamp(f, s),
            "created_at": when(r["created_at"]),
            "edited_at": when(r["edited_at"]) if r["edited_at"] else None,
        }
        versions.setdefault(pid, []).append(v)
        if pid in number:
            continue
        number[pid] = len(number) + 1
        annex.append(
            {
                "no": number[pid],
                "row": r,
                "when": when(r["created_at"]),
                "handle": one_line(r["author_handle"], max_chars=40),
                "url": safe_post_url(r["url"]) or one_line(r["url"]),
                "hostile": False,
                "threat": False,
            }
        )
    flags = sealed.group_by("post_id").agg(
        pl.col("hostile").fill_null(False).any(), pl.col("threat").fill_null(False).any()
    )
    flag = {p: (h, t) for p, h, t in flags.iter_rows()}
    for a in annex:
        a["hostile"], a["threat"] = flag[a["row"]["post_id"]]
        a["versions"] = versions[a["row"]["post_id"]]
        a["line"] = _annex_line(a, s)

    def parent(r: dict[str, Any]) -> dict[str, Any] | None:
        for key, label in (("in_reply_to_id", "reply_to"), ("quoted_id", "quote_of")):
            pid = r.get(key)
            if pid:
                what = ""
                if pid in watched:
                    what = s["watched"]
                elif pid in piled:
                    what = s["piled_on"].format(n=n(piled[pid]))
                return {
                    "label": s[label],
                    "id": pid,
                    "url": safe_post_url(urls.get(pid)),
                    "designating": bool(what),
                    "what": what,
                    "kind": key,
                }
        return None

    threats = []
    for a in annex:
        if not a["threat"]:
            continue
        r = a["row"]
        threats.append(
            {
                **a,
                "author": one_line(r["author_handle"], max_chars=40),
                "author_name": one_line(r["author_name"], max_chars=60),
                "author_id": r["author_id"],
                "parent": parent(r),
                "stance": r.get("score_stance") or "—",
                "categories": ", ".join(_list(r.get("score_categories"))) or "—",
                "reasons": [
                    mark_undrawable(one_line(x, max_chars=200))
                    for x in _list(r.get("score_reasons"))
                ],
                "status": _status(r, lang, s),
                "source": one_line(r["source"]),
                "source_ref": one_line(r["source_ref"], max_chars=120),
                "retrieved_at": when(r["retrieved_at"]),
                "run_id": r["run_id"],
            }
        )

    # Per account: its posts, with the pack context of each.
    eps = scope.chosen_episodes["episode_id"].to_list()
    only_episode = eps[0] if len(eps) == 1 else None
    st_by_post = dict(status.select("post_id", "status").iter_rows())
    accounts: dict[str, dict[str, Any]] = {}
    for a in annex:
        r = a["row"]
        acc = accounts.setdefault(
            r["author_id"],
            {
                "id": r["author_id"],
                "handle": one_line(r["author_handle"], max_chars=40),
                "name": one_line(r["author_name"], max_chars=60),
                "created": r["author_created_at"],
                "first": r["created_at"],
                "posts": [],
                "statuses": set(),
            },
        )
        p = parent(r)
        age = (r["created_at"] - r["author_created_at"]).days if r["author_created_at"] else None
        # One episode for the whole dossier is said once, in the section's introduction.
        bits = []
        if r.get("episode") != only_episode or only_episode is None:
            bits.append(
                s["in_episode"].format(id=r["episode"]) if r.get("episode") else s["no_episode"]
            )
        if p:
            word = s["answered"] if p["kind"] == "in_reply_to_id" else s["quoted"]
            bits.append(
                word.format(id=p["id"]) + (" " + s["designating_mark"] if p["designating"] else "")
            )
        bits.append(
            s["before"].format(
                overall=n(r["before_overall"] or 0), thread=n(r["before_thread"] or 0)
            )
        )
        if r.get("cluster"):
            bits.append(s["cluster"].format(id=r["cluster"], authors=r["authors"]))
        if age is not None and age < cfg.young_account_days:
            bits.append(s["young_short"] + (f" ({age} j)" if lang == "fr" else f" ({age} d)"))
        stt = st_by_post.get(r["post_id"])
        if stt:
            acc["statuses"].add(STATUS_WORDS[lang].get(stt, stt))
            bits.append(STATUS_WORDS[lang].get(stt, stt))
        acc["posts"].append(
            {
                "no": a["no"],
                "when": a["when"],
                "hostile": a["hostile"],
                "threat": a["threat"],
                "context": "; ".join(bits),
                "text": a["versions"][0]["text"],
                "shas": [v["sha"] for v in a["versions"]],
            }
        )
    for acc in accounts.values():
        created = acc["created"]
        acc["created_text"] = (
            s["account_created"].format(when=when(created)[:10]) if created else ""
        )
        age = (acc["first"] - created).days if created else None
        acc["age_text"] = s["account_age"].format(days=age) if age is not None else ""
        acc["young"] = age is not None and age < cfg.young_account_days
        acc["statuses"] = sorted(acc["statuses"])
    ordered = sorted(accounts.values(), key=lambda a: (-len(a["posts"]), a["handle"]))

    # The chart: the whole incident, from a week before the scope to a week after.
    zone = target.timezone
    first = (scope.first - timedelta(days=7)).astimezone(target.zone).date()
    last = (scope.last + timedelta(days=7)).astimezone(target.zone).date()
    data_first = scope.everything["created_at"].min().astimezone(target.zone).date()  # type: ignore[union-attr]
    data_last = scope.everything["created_at"].max().astimezone(target.zone).date()  # type: ignore[union-attr]
    first, last = max(first, data_first), min(last, data_last)
    days = chart.daily(scope.everything, zone, first, last)
    bands = [(r["start"], r["end"]) for r in scope.episodes.iter_rows(named=True)]
    svg = chart.svg(days, bands, zone, legend=(s["hostile"], s["others"]), number=n)

    episodes = [
        s["episode_line"].format(
            id=r["episode_id"],
            start=when(r["start"]),
            end=when(r["end"]),
            peak=when(r["peak"]),
            posts=n(r["posts"]),
            hostile=n(r["hostile"]),
            threats=n(r["threats"]),
            authors=n(r["authors"]),
            signals=", ".join(r["signals"]) or s["none"],
        )
        for r in scope.chosen_episodes.iter_rows(named=True)
    ]
    designating = []
    for pid in sorted(watched | set(piled)):
        what = s["watched"] if pid in watched else s["piled_on"].format(n=n(piled[pid]))
        designating.append({"id": pid, "url": safe_post_url(urls.get(pid)) or pid, "what": what})
    used = sorted({a["versions"][0]["manifest"] for a in annex} - {None})
    bundle_sha = hashlib.sha256(bundle.read_bytes()).hexdigest()
    runs = (
        posts.group_by("run_id", "source")
        .agg(
            posts=pl.col("post_id").n_unique(),
            first=pl.col("retrieved_at").min(),
            last=pl.col("retrieved_at").max(),
            manifest=pl.col("record_manifest").drop_nulls().first(),
        )
        .sort("first")
        .to_dicts()
    )
    for r in runs:
        r["first"], r["last"] = when(r["first"]), when(r["last"])
        r["source"] = one_line(r["source"])
    return {
        "lang": lang,
        "s": s,
        "legal": LEGAL[lang],
        "title": s["title"],
        "target": one_line(target.name),
        "target_handles": [],
        "timezone": zone,
        "period": f"{when(scope.first)} — {when(scope.last)}",
        "selection_text": _selection_text(selection, s, scope),
        "tool": f"Tocsin {_version()}",
        "installation": next((f["installation"] for f in facts.values() if f["installation"]), ""),
        "custody_logged": custody_logged,
        "keys": keys,
        "made_at": when(now),
        "bundle_name": bundle.name,
        "bundle_sha256": bundle_sha,
        "evidence": evidence_sentences(state, lang),
        "chart": Markup(svg),
        "episodes": episodes,
        "designating": designating,
        "counts": counts,
        "unread": language_counts(counts.unread, lang),
        "n": n,
        "young_days": cfg.young_account_days,
        "min_authors": cfg.duplicate_min_authors,
        "status_words": STATUS_WORDS[lang],
        "scorer": one_line(scope.scorer),
        "threats": threats,
        "accounts": ordered,
        "only_episode": only_episode,
        "annex": annex,
        "shown_count": len(annex),
        "manifests": [facts[m] for m in used if m in facts],
        "runs": runs,
        "author_mode": bool(selection.author),
        "changes": changes.height,
        "signature_of": lambda f: _signature(f, s),
        "timestamp_of": lambda f: _timestamp(f, s),
        "when": when,
    }
