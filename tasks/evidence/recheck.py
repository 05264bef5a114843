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

from config.settings import Settings
from config.targets import Target
from tasks.evidence import lookups
from tasks.evidence.rawstore import keep_pages
from tasks.evidence.seal import seal_run
from tasks.evidence.table import STATUS_CHANGES
from tasks.formats.fields import parse_timestamp
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


def _json(body: bytes) -> object:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def _labels(obj: object) -> set[str]:
    items = obj.get("labels") if isinstance(obj, dict) else None
    return {str(x.get("val")) for x in items or [] if isinstance(x, dict)}


def read_bluesky_answer(body: bytes, asked: Iterable[str], held: dict[str, set[str]]) -> list[Seen]:
    """What an app.bsky.feed.getPosts answer says of each asked AT-URI.

    In ``posts``: an author labelled ``!takedown`` / ``!suspend`` is suspended, a post labelled
    ``!takedown`` withheld, a cid we do not hold an edit, else available. A uri absent from the
    answer is deleted (or no longer visible to this account: Bluesky does not tell them apart).
    """
    obj = _json(body)
    posts = obj.get("posts") if isinstance(obj, dict) else None
    seen: dict[str, Seen] = {}
    for p in posts if isinstance(posts, list) else []:
        if not isinstance(p, dict) or not isinstance(p.get("uri"), str):
            continue
        uri, cid = p["uri"], p.get("cid")
        author = _labels(p.get("author")) & {"!takedown", "!suspend"}
        if author:
            seen[uri] = Seen(
                uri, "author_suspended", "author labelled " + ", ".join(sorted(author))
            )
        elif "!takedown" in _labels(p):
            seen[uri] = Seen(uri, "withheld", "post labelled !takedown")
        elif isinstance(cid, str) and cid not in held.get(uri, {cid}):
            seen[uri] = Seen(uri, "edited", f"new version(s): {cid}")
        else:
            seen[uri] = Seen(uri, "available", None)
    gone = "not in the getPosts answer (deleted, or not visible to this account)"
    return [seen.get(uri) or Seen(uri, "deleted", gone) for uri in asked]


def read_bluesky_profile(body: bytes, asked: Iterable[str], status: str) -> list[Seen]:
    """What app.bsky.actor.getProfile says of the author of posts missing from getPosts: only a
    taken-down account (``AccountTakedown``) changes what we record; anything else leaves the
    posts deleted, with the platform's words."""
    obj = _json(body)
    obj = obj if isinstance(obj, dict) else {}
    error, message = str(obj.get("error") or ""), str(obj.get("message") or "")
    if status == "200" or not error:
        return [
            Seen(uri, "deleted", "not in the getPosts answer; the author's account is there")
            for uri in asked
        ]
    state = "author_suspended" if error == "AccountTakedown" else "deleted"
    return [Seen(uri, state, f"{error}: {message}"[:300]) for uri in asked]


def _mastodon_version(sid: str, edited_at: str) -> str | None:
    try:
        ts = parse_timestamp(edited_at)
    except ValueError:
        return None
    return f"{sid}@{ts:%Y-%m-%dT%H:%M:%S.%fZ}"


def read_mastodon_answer(
    body: bytes, asked: Iterable[str], held: dict[str, set[str]], status: str
) -> list[Seen]:
    """What a GET /api/v1/statuses/:id answer says of its status.

    404 and 410 are deleted (or no longer visible); another refusal is unavailable, with the
    platform's words. A 200 whose account is ``suspended`` is author_suspended; an ``edited_at``
    later than every version we hold (versions are ``id@edited_at``) is edited.
    """
    obj = _json(body)
    obj = obj if isinstance(obj, dict) else {}
    out = []
    for sid in asked:
        if status != "200":
            words = f"HTTP {status}: {obj.get('error', '')}"[:300]
            out.append(Seen(sid, "deleted" if status in ("404", "410") else "unavailable", words))
            continue
        account = obj.get("account") if isinstance(obj.get("account"), dict) else {}
        edited = obj.get("edited_at")
        version = _mastodon_version(sid, edited) if isinstance(edited, str) else None
        ours = held.get(sid, {sid})
        latest = max((v.partition("@")[2] for v in ours), default="")
        if obj.get("id") != sid:
            out.append(Seen(sid, "unavailable", "the answer is not this status"))
        elif account.get("suspended") is True:
            out.append(
                Seen(sid, "author_suspended", f"account {account.get('acct', '?')} suspended")
            )
        elif version and version not in ours and version.partition("@")[2] > latest:
            out.append(Seen(sid, "edited", f"new version(s): {version}"))
        else:
            out.append(Seen(sid, "available", None))
    return out


def read_answer(page: RawPage, held: dict[str, set[str]]) -> list[Seen]:
    """What one lookup answer says of each id it asked, by the lookup's format."""
    asked = _asked(page)
    status = page.provenance.get("status", "200")
    if page.format == "bluesky-lookup":
        return read_bluesky_answer(page.body, asked, held)
    if page.format == "bluesky-profile-lookup":
        return read_bluesky_profile(page.body, asked, status)
    if page.format == "mastodon-lookup":
        return read_mastodon_answer(page.body, asked, held, status)
    return read_x_answer(page.body, asked, held)


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
    # A later page about the same post says more (a Bluesky author's profile after getPosts).
    last: dict[str, tuple[Seen, RawPage]] = {}
    for page in pages:
        for s in read_answer(page, held):
            last[s.post_id] = (s, page)
    rows = []
    for s, page in last.values():
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


def _credential(settings: Settings | None, target: Target, *names: str) -> list[str | None]:
    """The named credentials as the connectors resolve them, or None without settings."""
    if settings is None:
        return [None for _ in names]
    from tasks.sources.registry import credential

    return [credential(settings, target, n) for n in names]


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
    settings: Settings | None = None,
    transport: httpx.BaseTransport | None = None,
) -> RecheckSummary:
    """Look the target's stored posts up, record what changed, keep and seal the answers.

    Posts from the synthetic source are asked of its simulated platform as of ``as_of`` (default
    ``now``); X posts of the other sources of the X API, when a bearer token is given; Bluesky
    and Mastodon posts of their platforms, when ``settings`` is given and holds their credentials
    (resolved like the connectors resolve them: the target's Secret block, the environment, the
    installation's Secret block), with the connectors' base URLs.
    """
    posts = stored_posts(root, target.name, since)
    out = RecheckSummary(target.name)
    synthetic = posts.filter(pl.col("source") == "synthetic")
    x_posts = posts.filter((pl.col("source") != "synthetic") & (pl.col("platform") == "x"))
    real = posts.filter(pl.col("source") != "synthetic")
    bsky_posts = real.filter(pl.col("platform") == "bluesky")
    masto_posts = real.filter(pl.col("platform") == "mastodon")
    other = posts.height - synthetic.height - x_posts.height - bsky_posts.height
    other -= masto_posts.height
    found = []
    why: list[str] = []
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
        # The lookups are X reads like the collection's: the target's share of the monthly cap
        # pays for them (with the settings that say what the cap is).
        budget = None
        if settings is not None:
            from tasks.sources.x_api import x_budget

            budget = x_budget(settings, target.name, lambda: now)
        answers = lookups.x_lookup(
            x_posts["post_id"].to_list(),
            base_url=x_base_url,
            bearer_token=x_bearer_token,
            client=client,
            budget=budget,
        )
        kept = list(keep_pages(answers, root, run_id, target.name))
        found.append(changes_from(kept, x_posts, target=target.name, run_id=run_id, lookup="x-api"))
        asked = len({i for page in kept for i in _asked(page)})
        out.looked_up += asked
        if asked < x_posts.height and budget is not None:
            out.skipped += x_posts.height - asked
            why.append(f"X monthly read budget reached: {budget.describe()}")
    elif x_posts.height:
        out.skipped += x_posts.height
        why.append("no X bearer token (TOCSIN_X_BEARER_TOKEN)")
    # Resolved only when needed: a Secret block is read only for a platform with posts to ask.
    handle, password = (
        _credential(settings, target, "bluesky_handle", "bluesky_app_password")
        if bsky_posts.height
        else (None, None)
    )
    if bsky_posts.height and settings is not None and handle and password:
        answers = lookups.bluesky_lookup(
            bsky_posts["post_id"].to_list(),
            target=target,
            settings=settings,
            identifier=handle,
            password=password,
            transport=transport,
        )
        kept = list(keep_pages(answers, root, run_id, target.name))
        found.append(
            changes_from(kept, bsky_posts, target=target.name, run_id=run_id, lookup="bluesky-api")
        )
        out.looked_up += bsky_posts.height
    elif bsky_posts.height:
        out.skipped += bsky_posts.height
        why.append(
            "no Bluesky credentials (TOCSIN_BLUESKY_HANDLE, TOCSIN_BLUESKY_APP_PASSWORD)"
            if settings is not None
            else "Bluesky lookup needs the settings (none passed)"
        )
    (token,) = _credential(settings, target, "mastodon_token") if masto_posts.height else (None,)
    if masto_posts.height and settings is not None and token:
        answers = lookups.mastodon_lookup(
            masto_posts["post_id"].to_list(),
            target=target,
            settings=settings,
            token=token,
            transport=transport,
        )
        kept = list(keep_pages(answers, root, run_id, target.name))
        found.append(
            changes_from(
                kept, masto_posts, target=target.name, run_id=run_id, lookup="mastodon-api"
            )
        )
        out.looked_up += masto_posts.height
    elif masto_posts.height:
        out.skipped += masto_posts.height
        why.append(
            "no Mastodon access token (TOCSIN_MASTODON_TOKEN)"
            if settings is not None
            else "Mastodon lookup needs the settings (none passed)"
        )
    if other:
        out.skipped += other
        why.append("no lookup for their platform")
    out.skipped_why = "; ".join(why)
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
