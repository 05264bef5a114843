"""The working tables against the evidence: every row re-derived from its sealed raw record.

``mentions`` and ``quarantine`` are working copies anyone with write access to the data root can
edit; the sealed pages are the evidence. Each row names its record (``raw_sha256``) and the page
it came in (``page_sha256``): the page is found among the pages a verification has just checked,
parsed again by the parser that filled the row (``tasks.parse.parse_pages``), and every column the
record and its page determine is compared. A row that differs is a finding naming the row and the
column; a sealed record with no row in either table (neither its post version in ``mentions`` nor
its hash in ``quarantine``) is a deleted row.

Not compared: ``mentions_target`` and ``watched_post_id`` (they depend on the target's handles
and watched posts as configured at collection time, which may since have changed), ``run_id``,
``reasons`` (validation ran at its own clock), and the pages of status lookups (``*-lookup``
formats: evidence of a post's status, never rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl

from config.targets import Target
from tasks import progress
from tasks.bounded import in_bucket
from tasks.evidence.verify_chain import Finding
from tasks.evidence.verify_spill import ORDER, Kept
from tasks.evidence.verify_store import has_objects
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.rowkeys import first_of_each_key
from tasks.schema import MENTIONS, QUARANTINE
from tasks.store import scan

# What a mentions row holds that its raw record and page determine.
ROW_COLUMNS = (
    "platform",
    "post_id",
    "version_id",
    "version",
    "edited_at",
    "url",
    "author_id",
    "author_handle",
    "author_name",
    "author_created_at",
    "author_followers",
    "created_at",
    "text",
    "lang",
    "kind",
    "in_reply_to_id",
    "quoted_id",
    "reposted_id",
    "conversation_id",
    "date",
)
# A quarantined row's raw text is compared by its SHA-256: holding every sealed record's text
# for the few that are quarantined would double what a verification keeps in memory.
QUARANTINE_COLUMNS = ("platform", "post_id", "raw")
_RAW = "raw"
# Where the page came from: the row must match one of the sealed copies of its page.
PROVENANCE = ("source", "source_ref", "retrieved_at")
_KEY = ["target", "raw_sha256", "page_sha256"]
_POST = ["target", "platform", "post_id", "version_id"]
_SEALED = "__sealed"
_ROW = "__row"
# What a finding names a row by, beside its key.
_NAMING = ("post_id", "version_id")
# Findings listed one by one per kind and target; the rest are counted in one more finding.
LIMIT = 50


def is_lookup(page: RawPage) -> bool:
    """A status lookup's answer (recheck): kept and sealed as evidence, never parsed into rows."""
    return page.format.endswith("-lookup")


def derive(pages: Iterable[RawPage], target: str, manifest: str) -> pl.DataFrame:
    """The rows the parser makes of sealed ``pages``, with the manifest that sealed them."""
    staging, _ = parse_pages((p for p in pages if not is_lookup(p)), Target(name=target))
    return staging.select(
        pl.lit(target).alias("target"),
        "raw_sha256",
        "page_sha256",
        *PROVENANCE,
        *(c for c in ROW_COLUMNS if c != "date"),
        pl.col("created_at").dt.strftime("%Y-%m-%d").alias("date"),
        _text_sha256(staging["raw"]).alias(_RAW),
        pl.lit(manifest).alias("manifest"),
    )


def _text_sha256(texts: pl.Series) -> pl.Series:
    return pl.Series(
        [None if t is None else hashlib.sha256(t.encode()).hexdigest() for t in texts],
        dtype=pl.String,
    )


def empty_derived() -> pl.DataFrame:
    return derive([], "x", "")


@dataclass
class TablesCheck:
    """What comparing the working tables with the sealed records found."""

    present: bool = False
    mentions: int = 0
    quarantine: int = 0
    compared: int = 0
    edited: int = 0
    deleted: int = 0
    unsealed: int = 0
    not_compared: int = 0
    findings: list[Finding] = field(default_factory=list)
    derived: pl.DataFrame | None = None


def tables_present(root: Any) -> bool:
    """Whether either working table is under the data root (a local folder or s3://)."""
    return any(has_objects(root, t.path) for t in (MENTIONS, QUARANTINE))


def _rows(root: Any, table: str, targets: list[str]) -> pl.LazyFrame:
    """The ``targets``' rows of ``table``, numbered in the order they are read (``_ROW``)."""
    t = MENTIONS if table == "mentions" else QUARANTINE
    frames = [
        scan(root, t, where={"target": name}, row_index=_ROW).with_columns(
            pl.col(_ROW).cast(pl.UInt64) + (i << 40)
        )
        for i, name in enumerate(targets)
    ]
    return pl.concat(frames) if frames else t.empty().lazy().with_row_index(_ROW)


def _differences(
    rows: pl.DataFrame, sealed: pl.DataFrame, columns: tuple[str, ...], ident: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows found among the sealed records, with the list of ``differ`` columns; rows not),
    each with only what names the row (``ident``, the key, the post). Compared a column at a
    time: the rows beside their sealed values, twice a bucket's columns, are never held."""
    first = first_of_each_key(sealed, _KEY)
    at = (
        rows.select(_KEY)
        .join(first.select(_KEY).with_row_index("_at"), on=_KEY, how="left", maintain_order="left")
        .get_column("_at")
    )
    hit = at.is_not_null()
    at = at.filter(hit)
    names = list(dict.fromkeys([*ident, *_KEY, *columns, *PROVENANCE]))
    named = list(dict.fromkeys([*ident, *_KEY, *(c for c in _NAMING if c in names)]))
    ours = rows.filter(hit)
    # A row's page may be any of the sealed copies of its record in that page.
    copied = (
        ours.select(*_KEY, *PROVENANCE)
        .join(
            sealed.select(*_KEY, *PROVENANCE).unique().with_columns(_copy=pl.lit(True)),
            on=[*_KEY, *PROVENANCE],
            how="left",
            maintain_order="left",
        )
        .get_column("_copy")
        .is_not_null()
    )
    differs = {c: ours[c].ne_missing(first[c].gather(at)) for c in columns}
    differs |= {c: ~copied & ours[c].ne_missing(first[c].gather(at)) for c in PROVENANCE}
    found = ours.select(named).with_columns(
        first["manifest"].gather(at).alias("manifest"),
        pl.DataFrame(differs)
        .select(
            pl.concat_list([pl.when(pl.col(c)).then(pl.lit(c)) for c in differs]).list.drop_nulls()
        )
        .to_series()
        .alias("differ"),
    )
    missing = rows.filter(~hit).select(named).with_columns(manifest=pl.lit(None, pl.String))
    return found, missing


def _capped(out: list[Finding], findings: list[Finding], what: str) -> None:
    out += findings[:LIMIT]
    rest = findings[LIMIT:]
    if rest:
        out.append(
            Finding(
                "error",
                rest[0].path.split("/date=")[0],
                f"and {len(rest):,} more {what} (run with --full to list their records)",
                [h for f in rest for h in f.records],
            )
        )


def _in_window(start: date | None, end: date | None) -> pl.Expr:
    expr = pl.lit(True)
    if start:
        expr = expr & (pl.col("date") >= start.isoformat())
    if end:
        expr = expr & (pl.col("date") <= end.isoformat())
    return expr


def check_tables(
    root: Any,
    targets: list[str],
    kept: Kept,
    *,
    start: date | None = None,
    end: date | None = None,
    keep_derived: pl.Series | Collection[str] | None = None,
) -> TablesCheck:
    """Compare the ``targets``' rows with what the verified sealed pages parse to: ``kept``'s
    rows, and the record hashes it holds (of the selected manifests, ``checked``: their rows
    should all be derived; those that are not sat in pages that failed verification; of every
    manifest of these targets: a row whose record none lists is unsealed). One of ``kept``'s
    buckets at a time, with the table rows of its records (verify_spill.py). ``keep_derived``:
    the records whose derived rows ``derived`` keeps."""
    out = TablesCheck(present=tables_present(root))
    if keep_derived is not None:
        wanted = keep_derived if isinstance(keep_derived, pl.Series) else list(keep_derived)
        out.derived = kept.all_rows(pl.Series(wanted, dtype=pl.String))
    if not out.present:
        out.findings.append(
            Finding(
                "warning",
                "mentions",
                "working tables absent (no mentions/ or quarantine/ under the data root): "
                "only the evidence was verified",
                topic="tables",
            )
        )
        return out
    tables = (
        ("mentions", _rows(root, "mentions", targets), ROW_COLUMNS),
        ("quarantine", _rows(root, "quarantine", targets), QUARANTINE_COLUMNS),
    )
    # (table, found or moved, row) → finding: listed in the order of a whole-table check.
    edited: list[tuple[tuple[int, int, int], Finding]] = []
    unsealed: list[tuple[tuple[int, int], Finding]] = []
    unmatched: list[pl.DataFrame] = []
    shown = progress.bar("verify tables", total=kept.buckets, unit="buckets of records compared")
    for bucket, (derived, sealed) in enumerate(shown.count(kept.each())):
        ours = in_bucket("raw_sha256", bucket, kept.buckets)
        in_derived = derived.select("target", "raw_sha256").unique()
        checked = sealed.filter("checked").get_column("raw_sha256")
        every = sealed.get_column("raw_sha256")
        held: dict[str, pl.DataFrame] = {}
        for t, (name, lazy, columns) in enumerate(tables):
            rows = lazy.filter(ours).collect()
            if name == "quarantine":
                rows = rows.with_columns(_text_sha256(rows[_RAW]).alias(_RAW))
                out.quarantine += rows.height
            else:
                out.mentions += rows.height
            held[name] = rows
            found, missing = _differences(rows, derived, columns, ["date", _ROW])
            out.compared += found.height
            for r in found.filter(pl.col("differ").list.len() > 0).iter_rows(named=True):
                edited.append(((t, 0, r[_ROW]), _edited(name, r)))
            # Not found with its page: its record sealed in another page, in a page that failed
            # verification, in a manifest outside the window, or nowhere.
            moved = missing.join(in_derived, on=["target", "raw_sha256"], how="semi")
            for r in moved.iter_rows(named=True):
                r["differ"] = ["page_sha256"]
                r["manifest"] = None
                edited.append(((t, 1, r[_ROW]), _edited(name, r)))
            rest = missing.join(in_derived, on=["target", "raw_sha256"], how="anti")
            out.not_compared += rest.filter(pl.col("raw_sha256").is_in(checked.implode())).height
            never = rest.filter(
                ~pl.col("raw_sha256").is_in(every.implode()) & _in_window(start, end)
            )
            for r in never.iter_rows(named=True):
                unsealed.append(((t, r[_ROW]), _unsealed(name, r)))
        # A sealed record with no quarantined row and no row of its post here: the post's row may
        # still be in another bucket (filed under another record of the same post version).
        unmatched.append(
            derived.join(
                held["quarantine"].select("target", "raw_sha256"),
                on=["target", "raw_sha256"],
                how="anti",
            )
            .join(held["mentions"].select(_POST), on=_POST, how="anti")
            .select(ORDER, *_POST, "raw_sha256", "source_ref", "manifest")
        )
        del held, derived
    shown.close()
    out.edited = len(edited)
    out.unsealed = len(unsealed)
    _capped(out.findings, _in_order(edited), "rows that differ from their sealed records")
    unsealed_found = _in_order(unsealed)
    out.findings += unsealed_found[:LIMIT]
    if len(unsealed_found) > LIMIT:
        out.findings.append(
            Finding(
                "warning",
                "mentions",
                f"and {len(unsealed_found) - LIMIT:,} more rows without a sealed record",
                [h for f in unsealed_found[LIMIT:] for h in f.records],
                topic="unsealed",
            )
        )
    deleted = _deleted(tables[0][1], unmatched)
    out.deleted = deleted.height
    _capped(
        out.findings,
        [
            Finding(
                "error",
                f"mentions/target={r['target']}",
                f"record {r['raw_sha256']} ({_post(r)}, page {r['source_ref']}, sealed in "
                f"{r['manifest']}) has no row in mentions or quarantine: its row was deleted",
                [r["raw_sha256"]],
            )
            for r in deleted.iter_rows(named=True)
        ],
        "sealed records without a row",
    )
    return out


def _in_order(found: list[tuple[Any, Finding]]) -> list[Finding]:
    return [f for _, f in sorted(found, key=lambda pair: pair[0])]


def _deleted(mentions: pl.LazyFrame, unmatched: list[pl.DataFrame]) -> pl.DataFrame:
    """The sealed records, among those no row of their bucket matched, whose post version has
    no row in ``mentions`` either, the first of each record, in the order they were sealed."""
    left = pl.concat(unmatched).sort(ORDER)  # one frame a bucket, and there is at least one
    if left.is_empty():
        return left
    ids = left.get_column("post_id").drop_nulls().unique()
    posts = mentions.filter(pl.col("post_id").is_in(ids.implode())).select(_POST).collect()
    return left.join(posts, on=_POST, how="anti", maintain_order="left").unique(
        ["target", "raw_sha256"], keep="first", maintain_order=True
    )


def _unsealed(table: str, r: dict) -> Finding:
    return Finding(
        "warning",
        f"{table}/target={r['target']}/date={r['date']}",
        f"{_row(table, r)} has no sealed record: nothing proves it (collected before "
        "the evidence copy existed, or added to the table)",
        [r["raw_sha256"]],
        topic="unsealed",
    )


def _post(r: dict) -> str:
    if not r.get("post_id"):
        return "no readable post id"
    version = r.get("version_id")
    return f"post {r['post_id']}" + (
        f" version {version}" if version not in (None, r["post_id"]) else ""
    )


def _row(table: str, r: dict) -> str:
    if table == "mentions":
        return f"row of {_post(r)} (record {r['raw_sha256']})"
    return f"quarantined record {r['raw_sha256']} ({_post(r)})"


def _edited(table: str, r: dict) -> Finding:
    cols = ", ".join(r["differ"])
    where = f"sealed in {r['manifest']}" if r.get("manifest") else "sealed in another page"
    verb = "differs" if len(r["differ"]) == 1 else "differ"
    return Finding(
        "error",
        f"{table}/target={r['target']}/date={r['date']}",
        f"{_row(table, r)}: {cols} {verb} from its sealed record ({where}): the row was edited",
        [r["raw_sha256"]],
    )


def from_sealed(posts: pl.DataFrame, derived: pl.DataFrame) -> pl.DataFrame:
    """``posts`` (mentions rows) with every column the sealed record determines taken from the
    record; a row with no sealed record keeps its table values (the export says it is unsealed).
    Raises if any sealed value differs from the table's: the caller has verified they agree."""
    from tasks.evidence.manifest import EvidenceError

    found, _ = _differences(posts, derived, ROW_COLUMNS, ["date"])
    bad = found.filter(pl.col("differ").list.len() > 0)
    if bad.height:
        f = _edited("mentions", bad.row(0, named=True))
        raise EvidenceError(f"{f.path}: {f.message}; run `tocsin verify` — nothing exported")
    sealed = derived.unique(_KEY, keep="first", maintain_order=True).select(
        *_KEY, pl.lit(True).alias("_sealed"), *(pl.col(c).alias(c + _SEALED) for c in ROW_COLUMNS)
    )
    joined = posts.join(sealed, on=_KEY, how="left", maintain_order="left")
    return joined.with_columns(
        pl.when(pl.col("_sealed")).then(pl.col(c + _SEALED)).otherwise(pl.col(c)).alias(c)
        for c in ROW_COLUMNS
    ).drop("_sealed", *(c + _SEALED for c in ROW_COLUMNS))
