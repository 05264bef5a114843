"""Deletion and suspension tracking: what became of the stored posts on their platforms.

The recheck looks every stored post up again (in batches, see lookups.py), reads each answer, and
records a row in ``status_changes`` only when what it sees differs from the last status recorded
for that post (a post starts "available": it was, when collected). The preserved copy is never
touched: a deleted post stays in mentions and in the evidence copy; this table says since when
the platform copy is gone, as observed. The lookup answers themselves are kept and sealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import orjson
import polars as pl

from config.targets import Target
from tasks.evidence import lookups
from tasks.evidence.rawstore import keep_pages
from tasks.evidence.seal import seal_run
from tasks.evidence.table import STATUS_CHANGES
from tasks.parse import sha256_hex
from tasks.schema import MENTIONS
from tasks.sources.base import RawPage
from tasks.store import locked, merge_partitions, scan

FINAL = ("deleted",)  # a deleted X post never comes back: not looked up again


@dataclass(frozen=True)
class Seen:
    post_id: str
    status: str
    detail: str | None


def stored_posts(root, target: str, since: datetime | None = None) -> pl.DataFrame:
    """One row per stored post still worth looking up: platform, post_id, author_id, source,
    versions (ids we hold) and its last recorded status."""
    posts = scan(
        root,
        MENTIONS,
        ["target", "platform", "post_id", "version_id", "author_id", "source", "created_at"],
    )
    posts = posts.filter(pl.col("target") == target)
    if since is not None:
        posts = posts.filter(pl.col("created_at") >= since)
    grouped = (
        posts.group_by("platform", "post_id")
        .agg(
            pl.col("author_id").first(),
            pl.col("source").first(),
            pl.col("version_id").unique().alias("versions"),
        )
        .collect()
    )
    last = latest_status(root, target)
    out = grouped.join(last, on=["platform", "post_id"], how="left").with_columns(
        pl.col("status").fill_null("available"),
    )
    return out.filter(~pl.col("status").is_in(FINAL)).sort("platform", "post_id")


def latest_status(root, target: str) -> pl.DataFrame:
    """The last recorded (status, detail) per post."""
    changes = scan(root, STATUS_CHANGES).filter(pl.col("target") == target).collect()
    return (
        changes.sort("observed_at")
        .unique(["platform", "post_id"], keep="last")
        .select("platform", "post_id", "status", pl.col("detail").alias("last_detail"))
    )


def _error_status(err: dict[str, object]) -> str:
    words = f"{err.get('title', '')} {err.get('detail', '')}".lower()
    if "suspended" in words:
        return "author_suspended"
    if "not found" in words or str(err.get("type", "")).endswith("resource-not-found"):
        return "deleted"
    return "unavailable"


def read_x_answer(body: bytes, asked: Iterable[str], held: dict[str, set[str]]) -> list[Seen]:
    """What an X v2 tweet lookup answer says of each asked id.

    In ``data``: withheld (the tweet's or its author's ``withheld``), edited (the edit history
    names versions we do not hold), else available. In ``errors``: a suspended author
    ("Forbidden" / "User has been suspended"), a deleted post ("Not Found Error" /
    resource-not-found), anything else unavailable, with the platform's words kept as detail.
    """
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        obj = {}
    obj = obj if isinstance(obj, dict) else {}
    users = {
        u.get("id"): u for u in (obj.get("includes") or {}).get("users", []) if isinstance(u, dict)
    }
    seen: dict[str, Seen] = {}
    for t in obj.get("data") or []:
        if not isinstance(t, dict) or not isinstance(t.get("id"), str):
            continue
        pid = t["id"]
        withheld = t.get("withheld") or (users.get(t.get("author_id")) or {}).get("withheld")
        new = [v for v in t.get("edit_history_tweet_ids") or [] if v not in held.get(pid, {pid})]
        if withheld:
            countries = (
                ",".join(withheld.get("country_codes") or []) if isinstance(withheld, dict) else ""
            )
            seen[pid] = Seen(pid, "withheld", f"withheld in {countries or 'some countries'}")
        elif new:
            seen[pid] = Seen(pid, "edited", "new version(s): " + ", ".join(new))
        else:
            seen[pid] = Seen(pid, "available", None)
    for e in obj.get("errors") or []:
        if not isinstance(e, dict):
            continue
        pid = str(e.get("resource_id") or e.get("value") or "")
        if pid and pid not in seen:
            seen[pid] = Seen(
                pid, _error_status(e), f"{e.get('title', '')}: {e.get('detail', '')}"[:300]
            )
    return [
        seen.get(pid) or Seen(pid, "unavailable", "not in the platform's answer") for pid in asked
    ]


def changes_from(
    pages: Iterable[RawPage],
    posts: pl.DataFrame,
    *,
    target: str,
    run_id: str,
    lookup: str,
) -> pl.DataFrame:
    """status_changes rows for every post whose observed status differs from its last one."""
    held = {r["post_id"]: set(r["versions"]) for r in posts.iter_rows(named=True)}
    info = {r["post_id"]: r for r in posts.iter_rows(named=True)}
    rows = []
    for page in pages:
        for s in read_x_answer(page.body, _asked(page), held):
            r = info.get(s.post_id)
            if r is None:
                continue
            same = s.status == r["status"] and (
                s.status not in ("edited", "withheld") or s.detail == r.get("last_detail")
            )
            if same:
                continue
            rows.append(
                {
                    "target": target,
                    "platform": r["platform"],
                    "post_id": s.post_id,
                    "author_id": r["author_id"],
                    "status": s.status,
                    "previous_status": r["status"],
                    "observed_at": page.retrieved_at,
                    "detail": s.detail,
                    "lookup": lookup,
                    "response_sha256": sha256_hex(page.body),
                    "run_id": run_id,
                }
            )
    return (
        STATUS_CHANGES.conform(pl.DataFrame(rows, schema=STATUS_CHANGES.polars_schema()))
        if rows
        else STATUS_CHANGES.empty()
    )


def _asked(page: RawPage) -> list[str]:
    """The ids one lookup asked for, kept in its provenance."""
    ids = page.provenance.get("ids", "")
    return [i for i in ids.split(",") if i]


def record_changes(root, changes: pl.DataFrame) -> int:
    """Append the observed changes (the table is keyed, so a re-run adds nothing twice)."""
    if changes.is_empty():
        return 0
    with locked(root):
        written, _ = merge_partitions(
            root, STATUS_CHANGES, changes, sort_by=["observed_at", "post_id"]
        )
    return written


@dataclass
class RecheckSummary:
    target: str
    looked_up: int = 0
    skipped: int = 0
    skipped_why: str = ""
    changes: dict[str, int] | None = None
    manifest: str | None = None


def recheck_target(
    root: Path,
    target: Target,
    *,
    run_id: str,
    now: datetime,
    x_base_url: str = "https://api.x.com",
    x_bearer_token: str | None = None,
    signing_key: Path | None = None,
    tsa_url: str | None = None,
    tsa_ca_file: Path | None = None,
    tsa_timeout: float = 10.0,
    since: datetime | None = None,
    as_of: datetime | None = None,
    client: httpx.Client | None = None,
) -> RecheckSummary:
    """Look the target's stored posts up, record what changed, keep and seal the answers.

    Posts from the synthetic source are asked of its simulated platform as of ``as_of`` (default
    ``now``); X posts of the other sources of the X API, when a bearer token is given.
    """
    posts = stored_posts(root, target.name, since)
    out = RecheckSummary(target.name)
    synthetic = posts.filter(pl.col("source") == "synthetic")
    x_posts = posts.filter((pl.col("source") != "synthetic") & (pl.col("platform") == "x"))
    other = posts.height - synthetic.height - x_posts.height
    found = []
    if synthetic.height:
        answers = lookups.synthetic_lookup(
            synthetic["post_id"].to_list(),
            scenario=target.synthetic.scenario,
            seed=target.synthetic.seed,
            handle=target.handles.x or target.name,
            user_id=target.handles.x_user_id or "1000000000000000001",
            as_of=as_of or now,
        )
        kept = list(keep_pages(answers, root, run_id, target.name))
        found.append(
            changes_from(kept, synthetic, target=target.name, run_id=run_id, lookup="simulated")
        )
        out.looked_up += synthetic.height
    if x_posts.height and x_bearer_token:
        answers = lookups.x_lookup(
            x_posts["post_id"].to_list(),
            base_url=x_base_url,
            bearer_token=x_bearer_token,
            client=client,
        )
        kept = list(keep_pages(answers, root, run_id, target.name))
        found.append(changes_from(kept, x_posts, target=target.name, run_id=run_id, lookup="x-api"))
        out.looked_up += x_posts.height
    elif x_posts.height:
        out.skipped += x_posts.height
        out.skipped_why = "no X bearer token (TOCSIN_X_BEARER_TOKEN)"
    if other:
        out.skipped += other
        out.skipped_why = (out.skipped_why + "; " if out.skipped_why else "") + (
            "Bluesky and Mastodon lookups are not implemented yet"
        )
    changes = pl.concat(found) if found else STATUS_CHANGES.empty()
    record_changes(root, changes)
    out.changes = dict(changes.group_by("status").len().sort("status").iter_rows())
    sealed = seal_run(
        root,
        run_id,
        target.name,
        signing_key=signing_key,
        tsa_url=tsa_url,
        now=now,
        tsa_ca_file=tsa_ca_file,
        tsa_timeout=tsa_timeout,
    )
    out.manifest = sealed.name if sealed else None
    return out
