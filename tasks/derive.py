"""Bring a target's derived tables up to date with what is stored, whatever wrote it.

Scores and daily aggregates are derived from ``mentions`` and ``quarantine``. They used to follow
"what this run wrote": a run killed (or failed) after storing left rows that no later run would
score or count, since the re-run stores nothing new. Here they follow what is stored instead.

A small ledger per target (``state/derived/<target>.json``) records, for each UTC-date partition
of mentions, quarantine and scores, the fingerprint of its file (size, mtime in ns, inode: every
partition is rewritten whole into a new file and renamed into place, so a rewrite changes it)
as of the last derivation that finished, with the fingerprint of the daily file it wrote and the
settings it used (scorer and version, timezone, young-account days). A run compares the
partitions on disk (one ``stat`` each) with the ledger:

- mentions dates whose file changed, is new, or whose scores file changed: scored (scoring
  skips rows this scorer version already scored, so re-scoring a date costs one anti-join);
- the local days those dates (and changed quarantine dates) overlap, and every later day:
  re-aggregated (first-time authors depend on earlier days);
- different settings, or a daily file that is not the one the ledger records (deleted,
  restored, edited): everything is re-scored (by the new scorer version) and re-aggregated;
- quarantine dates whose file changed, is new, or whose ``quarantine_scores`` file changed (all
  of them with new settings, or a ledger from before quarantine scoring): their readable records
  are scored into ``quarantine_scores`` (tasks/scoring/quarantine.py: a malformed threat stays
  in view, marked unvalidated). Scoring skips what this scorer version already scored there, so
  a re-run writes nothing; these rows are never counted in the daily aggregates.

The ledger is written only after both steps succeeded, with the fingerprints of the inputs as
they were *before* scoring started: a crash anywhere before leaves the old ledger, and the next
run does the work again; a write that lands during the derivation shows as a change next time.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tasks.aggregate import recompute_daily
from tasks.bounded import stored_rows
from tasks.crashpoint import crash_point
from tasks.memory import release_freed_memory
from tasks.schema import DAILY, MENTIONS, QUARANTINE
from tasks.scoring.base import Scorer
from tasks.scoring.quarantine import score_quarantine
from tasks.scoring.store import score_partitions
from tasks.scoring.table import QUARANTINE_SCORES, SCORES
from tasks.storage import ObjectPath, S3Root, root_of
from tasks.store import PART_FILE, RootLike, Where, partition_dir
from tasks.tablekit import Table

LEDGER_FORMAT = 1
_DATE = "date="


@dataclass
class Derived:
    scored: int = 0  # post versions scored
    quarantine_scored: int = 0  # quarantined records whose text was read, scored unvalidated
    dates: list[str] = field(default_factory=list)  # UTC dates whose inputs changed
    full: bool = False  # everything was re-derived (new settings, or no ledger)
    timings: dict[str, float] = field(default_factory=dict)


def ledger_key(target: str) -> str:
    return f"state/derived/{target}.json"


def ledger_path(root: RootLike, target: str) -> Where:
    return root_of(root).location(ledger_key(target))


def _fingerprint(path: Where) -> str | None:
    if isinstance(path, ObjectPath):  # its ETag, from a listing of its folder
        return path.root.tags(path.parent.rel).get(path.rel)
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def fingerprints(root: RootLike, table: Table, target: str) -> dict[str, str]:
    """{UTC date: fingerprint} of the target's partitions of ``table`` (partitioned by target
    and date): one directory listing and one stat per partition, no file opened. On an s3://
    root, the partition object's ETag from one listing of the prefix (each partition is one
    single-part PUT, so its ETag changes with its bytes)."""
    store = root_of(root)
    prefix = f"{table.path}/target={target}"
    if isinstance(store, S3Root):
        out = {}
        for key, tag in store.tags(prefix).items():
            folder, _, name = key[len(prefix) + 1 :].partition("/")
            if folder.startswith(_DATE) and name == PART_FILE:
                out[folder[len(_DATE) :]] = tag
        return out
    base = store.location(prefix)
    if not base.is_dir():
        return {}
    out = {}
    for folder in base.iterdir():
        if folder.name.startswith(_DATE):
            fp = _fingerprint(folder / PART_FILE)
            if fp is not None:
                out[folder.name[len(_DATE) :]] = fp
    return out


def _changed(now: dict[str, str], before: dict[str, str]) -> set[str]:
    """Dates new, changed or gone since ``before``."""
    return {d for d in now.keys() | before.keys() if now.get(d) != before.get(d)}


def _read_ledger(root: RootLike, target: str) -> dict:
    data = root_of(root).read(ledger_key(target))
    try:
        ledger = json.loads(data) if data is not None else {}
    except ValueError:
        return {}  # none yet, or unreadable: derive everything again (it is only a cache)
    return ledger if ledger.get("format") == LEDGER_FORMAT else {}


def _daily_file(root: RootLike, target: str) -> Where:
    return partition_dir(root, DAILY, {"target": target}) / PART_FILE


def _config(scorer: Scorer, timezone: str, young_days: int) -> dict[str, Any]:
    """The settings a derivation depends on: a change of any re-derives everything."""
    return {
        "scorer": scorer.name,
        "scorer_version": scorer.version,
        "timezone": timezone,
        "young_account_days": young_days,
    }


@dataclass
class _Plan:
    """What a derivation of one target has to do, from its ledger and the partitions on disk."""

    config: dict[str, Any]
    mentions: dict[str, str]
    quarantine: dict[str, str]
    full: bool
    changed: set[str]
    to_score: set[str]
    q_to_score: set[str]
    # The derived tables' fingerprints: what is left to score depends on them too (_Read).
    scores: dict[str, str] = field(default_factory=dict)
    qscores: dict[str, str] = field(default_factory=dict)


@dataclass
class _Read:
    """A target's posts and quarantined records left to score, read by ``derive_many`` to
    prime its scorer, with the plan they were read under. Its derivation uses them rather than
    reading (and parsing the quarantined records) again when its own plan is equal: the same
    ledger, and every partition of the four tables it reads with the same fingerprint."""

    plan: _Plan
    posts: Any  # pl.DataFrame: tasks.scoring.store.unscored_posts
    quarantine: Any  # pl.DataFrame: tasks.scoring.quarantine.unscored_quarantine


def _plan(root: RootLike, target: str, config: dict[str, Any]) -> _Plan:
    before = _read_ledger(root, target)
    # Inputs as they are before anything is derived from them (see the module docstring).
    mentions = fingerprints(root, MENTIONS, target)
    quarantine = fingerprints(root, QUARANTINE, target)
    scores = fingerprints(root, SCORES, target)
    qscores = fingerprints(root, QUARANTINE_SCORES, target)
    full = before.get("config") != config or _fingerprint(_daily_file(root, target)) != before.get(
        "daily"
    )
    if full:
        changed = set(mentions) | set(quarantine) | set(before.get("mentions", {}))
        to_score = set(mentions)
    else:
        changed_mentions = _changed(mentions, before.get("mentions", {}))
        changed_scores = _changed(scores, before.get("scores", {}))
        to_score = (changed_mentions | changed_scores) & set(mentions)
        changed = (
            changed_mentions | changed_scores | _changed(quarantine, before.get("quarantine", {}))
        )
    if full or "quarantine_scores" not in before:
        q_to_score = set(quarantine)
    else:
        q_to_score = (
            _changed(quarantine, before.get("quarantine", {}))
            | _changed(qscores, before["quarantine_scores"])
        ) & set(quarantine)
    return _Plan(config, mentions, quarantine, full, changed, to_score, q_to_score, scores, qscores)


def bring_up_to_date(
    root: RootLike,
    target: str,
    *,
    timezone: str,
    young_days: int,
    scorer_name: str,
    scorer_options: Mapping[str, Any] | None = None,
    scorer: Scorer | None = None,
    read: _Read | None = None,
) -> Derived:
    """Score what is stored and not scored yet, re-aggregate the days whose inputs changed or
    were never aggregated, then record what was derived (see the module docstring).
    ``scorer_options``: what the scorer needs besides its name (``Settings.scoring.options``);
    ``scorer``: that scorer already built (``derive_many`` hands in one primed with several
    targets' posts); ``read``: what ``derive_many`` read to prime it, used if still current."""
    root = root_of(root)
    if scorer is None:
        from tasks.scoring import get_scorer

        scorer = get_scorer(scorer_name, **(scorer_options or {}))
    plan = _plan(root, target, _config(scorer, timezone, young_days))
    config, full = plan.config, plan.full
    mentions, quarantine = plan.mentions, plan.quarantine
    changed, to_score, q_to_score = plan.changed, plan.to_score, plan.q_to_score
    out = Derived(dates=sorted(changed), full=full)
    if not changed and not full and not q_to_score:
        return out
    clock = time.perf_counter()
    posts, quarantined = (
        (read.posts, read.quarantine) if read and read.plan == plan else (None, None)
    )
    out.scored = score_partitions(root, target, sorted(to_score), scorer, posts=posts)
    out.quarantine_scored = score_quarantine(
        root, target, scorer, dates=sorted(q_to_score), rows=quarantined
    )
    out.timings["score"] = time.perf_counter() - clock
    crash_point("score")
    # What scoring freed goes back before the aggregates read the target's whole history.
    release_freed_memory()
    clock = time.perf_counter()
    if changed or full:
        recompute_daily(root, target, timezone, sorted(changed), young_days, scorer_name, full=full)
    out.timings["aggregate"] = time.perf_counter() - clock
    crash_point("aggregate")
    ledger = {
        "format": LEDGER_FORMAT,
        "config": config,
        "mentions": mentions,
        "quarantine": quarantine,
        # After scoring: this derivation's own writes are not changes to redo.
        "scores": fingerprints(root, SCORES, target),
        "quarantine_scores": fingerprints(root, QUARANTINE_SCORES, target),
        "daily": _fingerprint(_daily_file(root, target)),
    }
    root.write(ledger_key(target), json.dumps(ledger, indent=1, sort_keys=True).encode())
    return out


def _more_to_score(root: RootLike, target: str, plan: _Plan, scorer: Scorer, limit: int) -> bool:
    """Whether the target has more than ``limit`` post versions left to score, or more than
    ``limit`` quarantined records stored on the quarantine dates to score (the stored rows
    counted from the files' row counts; the unscored posts only when those are more: no text
    is read)."""
    from tasks.scoring.store import unscored_count

    dates = sorted(plan.to_score)
    if sum(stored_rows(root, target, sorted(plan.q_to_score), QUARANTINE).values()) > limit:
        return True
    if sum(stored_rows(root, target, dates).values()) <= limit:
        return False
    return unscored_count(root, target, dates, scorer) > limit


PRIME_ROWS = 100_000
"""At most about this many posts are scored in one call for several targets (``derive_many``):
their texts and results are held until those targets are derived, so memory stays bounded
whatever the run's size (a target with more is primed alone)."""


def derive_many(
    root: RootLike,
    targets: list[tuple[str, str]],
    *,
    young_days: int,
    scorer_name: str,
    scorer_options: Mapping[str, Any] | None = None,
) -> list[Derived | Exception]:
    """``bring_up_to_date`` for each of ``targets`` ((name, timezone) pairs), their posts (and
    readable quarantined records) to score read first and scored together in calls of up to
    ``PRIME_ROWS`` posts (tasks.scoring.primed: the same scores as a call per target, a
    fraction of the time). Each target is still derived, and its ledger written, on its own
    and in turn, so a crash or an error leaves each one as ``bring_up_to_date`` would; an error
    is returned in its target's place, and the others go on. A target's ``timings["score"]``
    includes its share (by posts) of the calls that scored it."""
    from tasks.scoring import get_scorer
    from tasks.scoring.primed import Primed
    from tasks.scoring.quarantine import unscored_quarantine
    from tasks.scoring.store import unscored_posts

    root = root_of(root)
    at = datetime.now(UTC)
    scorer = get_scorer(scorer_name, **(scorer_options or {}))
    out: list[Derived | Exception] = []
    group: list[tuple[str, str, int, _Read | None]] = []
    frames: list[Any] = []
    rows = 0

    def flush() -> None:
        primed: Scorer = scorer  # nothing to prime (a target derived alone): the scorer itself
        clock = time.perf_counter()
        if frames:
            primed = Primed(scorer)
            primed.prime(frames)
        spent = time.perf_counter() - clock
        for name, timezone, n, read in group:
            try:
                derived = bring_up_to_date(
                    root,
                    name,
                    timezone=timezone,
                    young_days=young_days,
                    scorer_name=scorer_name,
                    scorer=primed,
                    read=read,
                )
            except Exception as exc:  # noqa: BLE001 - in its target's place; the others go on
                out.append(exc)
                continue
            if rows:
                derived.timings["score"] = derived.timings.get("score", 0.0) + spent * n / rows
            out.append(derived)
        group.clear()
        frames.clear()

    for name, timezone in targets:
        read, big, posts = None, False, []
        try:
            plan = _plan(root, name, _config(scorer, timezone, young_days))
            # A target with more than a call's worth (a new scorer version re-scoring a big
            # one) is derived alone, unprimed, and its posts are not read here: its derivation
            # reads and scores them in bounded groups (tasks.scoring.store.SCORE_ROWS).
            big = _more_to_score(root, name, plan, scorer, PRIME_ROWS)
            if not big:
                posts = [
                    unscored_posts(root, name, sorted(plan.to_score), scorer),
                    unscored_quarantine(root, name, scorer, sorted(plan.q_to_score), at),
                ]
                # Handed to its derivation, which reads them again only if something changed
                read = _Read(plan, *posts)
        except Exception:  # noqa: BLE001 - its derivation meets the error again and reports it
            posts = []
        n = sum(p.height for p in posts)
        alone = big or n > PRIME_ROWS
        if group and (alone or rows + n > PRIME_ROWS):
            flush()
            rows = 0
        group.append((name, timezone, 0 if alone else n, read))
        if not alone:
            frames.extend(p.select("text", "lang") for p in posts if p.height)
            rows += n
        del posts, read
        if alone:
            flush()
    if group:
        flush()
    return out
