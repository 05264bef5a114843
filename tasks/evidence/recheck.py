"""Deletion and suspension tracking: what became of the stored posts on their platforms.

The recheck looks every stored post up again (in batches, see lookups.py), reads each answer, and
records a row in ``status_changes`` only when what it sees differs from the last status recorded
for that post (a post starts "available": it was, when collected). The preserved copy is never
touched: a deleted post stays in mentions and in the evidence copy; this table says since when
the platform copy is gone, as observed. The lookup answers themselves are kept and sealed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from config.settings import Settings
from config.targets import Target
from tasks import progress
from tasks.evidence import lookups
from tasks.evidence.answers import Seen, asked_ids, read_answer
from tasks.evidence.config import sealing
from tasks.evidence.keep import keep_pages
from tasks.evidence.seal import seal_run
from tasks.evidence.table import STATUS_CHANGES
from tasks.files import locked
from tasks.pages import RawPage
from tasks.parse import sha256_hex
from tasks.schema import MENTIONS
from tasks.sources.registry import credential
from tasks.sources.state import Budget
from tasks.sources.x_access import x_budget
from tasks.store import merge_partitions, scan

FINAL = ("deleted",)  # a deleted X post never comes back: not looked up again


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


def record_changes(root, changes: pl.DataFrame) -> int:
    """Append the observed changes (the table is keyed, so a re-run adds nothing twice)."""
    if changes.is_empty():
        return 0
    with locked(root):
        written, _ = merge_partitions(
            root, STATUS_CHANGES, changes, sort_by=["observed_at", "post_id"]
        )
    return written


@dataclass(frozen=True)
class Recheck:
    """What a platform's lookup needs besides the ids: whose posts, the settings (base URLs, HTTP
    settings, the X read budget), the credentials its ``Lookup`` names, and the observation time
    of the synthetic source's simulated platform."""

    target: Target
    settings: Settings
    credentials: dict[str, str]
    now: datetime
    as_of: datetime


@dataclass(frozen=True)
class Lookup:
    """How one platform's stored posts are asked about again."""

    label: str
    """``status_changes.lookup``: which lookup observed the change."""
    ask: Callable[[list[str], Recheck], Iterator[RawPage]]
    needs: tuple[str, ...] = ()
    """The credentials it needs (tasks/sources/registry.CREDENTIAL_NAMES)."""
    missing: str = ""
    """Why its posts are skipped when one of them is not configured."""
    short: Callable[[Recheck], str] | None = None
    """Why it may stop before asking for every post (X: the read budget)."""


def _simulated(ids: list[str], run: Recheck) -> Iterator[RawPage]:
    target = run.target
    return lookups.synthetic_lookup(
        ids,
        scenario=target.synthetic.scenario,
        seed=target.synthetic.seed,
        handle=target.handles.x or target.name,
        user_id=target.handles.x_user_id or "1000000000000000001",
        as_of=run.as_of,
    )


def _x_budget(run: Recheck) -> Budget:
    # The lookups are X reads like the collection's: the target's share of the monthly cap pays.
    return x_budget(run.settings, run.target.name, lambda: run.now)


def _x(ids: list[str], run: Recheck) -> Iterator[RawPage]:
    return lookups.x_lookup(
        ids,
        settings=run.settings,
        token=run.credentials["x_bearer_token"],
        budget=_x_budget(run),
    )


def _x_short(run: Recheck) -> str:
    return f"X monthly read budget reached: {_x_budget(run).describe()}"


def _bluesky(ids: list[str], run: Recheck) -> Iterator[RawPage]:
    return lookups.bluesky_lookup(
        ids,
        target=run.target,
        settings=run.settings,
        identifier=run.credentials["bluesky_handle"],
        password=run.credentials["bluesky_app_password"],
    )


def _mastodon(ids: list[str], run: Recheck) -> Iterator[RawPage]:
    return lookups.mastodon_lookup(
        ids,
        target=run.target,
        settings=run.settings,
        token=run.credentials["mastodon_token"],
    )


SIMULATED = Lookup("simulated", _simulated)
"""Posts of the synthetic source, whatever their platform: its simulated platform answers."""
LOOKUPS = {
    "x": Lookup(
        "x-api",
        _x,
        ("x_bearer_token",),
        "no X bearer token (TOCSIN_X_BEARER_TOKEN)",
        short=_x_short,
    ),
    "bluesky": Lookup(
        "bluesky-api",
        _bluesky,
        ("bluesky_handle", "bluesky_app_password"),
        "no Bluesky credentials (TOCSIN_BLUESKY_HANDLE, TOCSIN_BLUESKY_APP_PASSWORD)",
    ),
    "mastodon": Lookup(
        "mastodon-api",
        _mastodon,
        ("mastodon_token",),
        "no Mastodon access token (TOCSIN_MASTODON_TOKEN)",
    ),
}
"""Real platforms' posts, by platform (the others are skipped: no lookup for them)."""


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
    settings: Settings,
    since: datetime | None = None,
    as_of: datetime | None = None,
) -> RecheckSummary:
    """Look the target's stored posts up, record what changed, keep and seal the answers.

    Posts from the synthetic source are asked of its simulated platform as of ``as_of`` (default
    ``now``); the other sources' posts of their platform (``LOOKUPS``), when the credentials it
    needs are configured (resolved like the connectors resolve them: the target's Secret block,
    the environment, the installation's Secret block), with the connectors' base URLs and HTTP
    settings. The answers are sealed with the evidence settings (signing key, TSA).
    """
    posts = stored_posts(root, target.name, since)
    out = RecheckSummary(target.name)
    shown = progress.bar(f"recheck {target.name}", posts.height, "posts looked up")
    real = pl.col("source") != "synthetic"
    groups = [(SIMULATED, posts.filter(~real))]
    groups += [(ask, posts.filter(real & (pl.col("platform") == p))) for p, ask in LOOKUPS.items()]
    found, why = [], []
    for lookup, rows in groups:
        if rows.is_empty():
            continue
        # Resolved only when needed: a Secret block is read only for a platform with posts.
        creds = {n: credential(settings, target, n) for n in lookup.needs}
        if not all(creds.values()):
            out.skipped += rows.height
            why.append(lookup.missing)
            continue
        run = Recheck(target, settings, {n: v for n, v in creds.items() if v}, now, as_of or now)
        kept = list(
            keep_pages(
                shown.count(
                    lookup.ask(rows["post_id"].to_list(), run), by=lambda page: len(asked_ids(page))
                ),
                root,
                run_id,
                target.name,
            )
        )
        found.append(
            changes_from(kept, rows, target=target.name, run_id=run_id, lookup=lookup.label)
        )
        asked = len({i for page in kept for i in asked_ids(page)})
        out.looked_up += asked
        if asked < rows.height:
            out.skipped += rows.height - asked
            why.append(lookup.short(run) if lookup.short else "the lookup stopped early")
    other = posts.filter(real & ~pl.col("platform").is_in(list(LOOKUPS)))
    if other.height:
        out.skipped += other.height
        why.append("no lookup for their platform")
    out.skipped_why = "; ".join(why)
    changes = pl.concat(found) if found else STATUS_CHANGES.empty()
    record_changes(root, changes)
    out.changes = dict(changes.group_by("status").len().sort("status").iter_rows())
    shown.stage("sealing the answers")
    blocks = settings.prefect_secret_blocks
    keys = sealing(settings.evidence, settings.data_dir, secret_blocks=blocks)
    sealed = seal_run(root, run_id, target.name, now=now, **keys)
    out.manifest = sealed.name if sealed else None
    shown.close()
    return out
