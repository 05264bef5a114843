"""The ingest tables (mentions, quarantine, daily aggregates, runs) and their vocabulary.

Declared with the Column/Table kit of tasks/tablekit.py, from which the Arrow schema, the Polars
schema and the validation rules derive. Tables written by a subsystem (scores, episodes,
status_changes, alerts) are declared beside it with the same kit; tasks/dictionary.py gathers
them all and renders docs/data-dictionary.md.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa

from tasks.tablekit import UTC_TS, Column, Table

PLATFORMS = ("x", "mastodon", "bluesky")
KINDS = ("mention", "reply", "quote", "repost")

# X went live on 2006-03-21, before Mastodon (2016) and Bluesky (2023): no post or account on
# any of them is older. An earlier date is a defect (or year 0001, which no day arithmetic
# survives), quarantined before anything converts it to local days.
PLATFORMS_EPOCH = datetime(2006, 3, 21, tzinfo=UTC)


def _col(name: str, type_: pa.DataType, description: str, **kw: object) -> Column:
    return Column(name, type_, description, **kw)  # type: ignore[arg-type]


MENTIONS = Table(
    name="mentions",
    path="mentions",
    description=(
        "One row per version of a post aimed at a target: a mention, a reply (to the target or "
        "to a watched post, even when it never names the target), a quote or a repost."
    ),
    key=("target", "platform", "post_id", "version_id"),
    partition_by=("target", "date"),
    columns=(
        _col(
            "target",
            pa.string(),
            "Configured target this post was collected for.",
            nullable=False,
            non_blank=True,
            derived=True,
        ),
        _col(
            "date",
            pa.string(),
            "UTC date of created_at (YYYY-MM-DD); the hive partition.",
            nullable=False,
            derived=True,
        ),
        _col(
            "platform",
            pa.string(),
            "Platform the post lives on.",
            nullable=False,
            allowed=PLATFORMS,
        ),
        _col(
            "post_id",
            pa.string(),
            "Platform id of the post (on X, the id of the first version).",
            nullable=False,
            non_blank=True,
        ),
        _col(
            "version_id",
            pa.string(),
            "Id of this version (on X each edit gets its own id; equals post_id for an unedited post).",
            nullable=False,
            non_blank=True,
        ),
        _col(
            "version",
            pa.int32(),
            "0 for the original, 1 for the first edit, ...",
            nullable=False,
            min_value=0,
            derived=True,
        ),
        _col(
            "edited_at",
            UTC_TS,
            "When this version was created, for edits (null for the original).",
            derived=True,
        ),
        _col(
            "url",
            pa.string(),
            "Canonical URL of the post on its platform.",
            nullable=False,
            derived=True,
        ),
        _col(
            "author_id", pa.string(), "Platform id of the author.", nullable=False, non_blank=True
        ),
        _col("author_handle", pa.string(), "Author's handle (username) at collection time."),
        _col(
            "author_name",
            pa.string(),
            "Author's display name at collection time (attacker-controlled text).",
        ),
        _col(
            "author_created_at",
            UTC_TS,
            "When the author's account was created.",
            not_future=True,
            not_before=PLATFORMS_EPOCH,
        ),
        _col(
            "author_followers",
            pa.int64(),
            "Author's follower count at collection time.",
            min_value=0,
        ),
        _col(
            "created_at",
            UTC_TS,
            "When the post was published (UTC).",
            nullable=False,
            not_future=True,
            not_before=PLATFORMS_EPOCH,
        ),
        _col(
            "text",
            pa.string(),
            "Full text of the post as published (attacker-controlled).",
            nullable=False,
            non_blank=True,
        ),
        _col("lang", pa.string(), "Language code given by the platform, if any."),
        _col(
            "kind", pa.string(), "mention, reply, quote or repost.", nullable=False, allowed=KINDS
        ),
        _col("in_reply_to_id", pa.string(), "Post this one replies to."),
        _col("quoted_id", pa.string(), "Post this one quotes."),
        _col("reposted_id", pa.string(), "Post this one reposts."),
        _col("conversation_id", pa.string(), "Root post of the conversation (thread)."),
        _col(
            "watched_post_id",
            pa.string(),
            "The target's watched (designating) post that this one replies to, quotes or sits under, if any.",
            derived=True,
        ),
        _col(
            "mentions_target",
            pa.bool_(),
            "Whether the text or entities name one of the target's handles.",
            nullable=False,
            derived=True,
        ),
        _col(
            "retrieved_at", UTC_TS, "When Tocsin received the record.", nullable=False, derived=True
        ),
        _col(
            "source",
            pa.string(),
            "Source that produced the record (synthetic, file, x, ...).",
            nullable=False,
            derived=True,
        ),
        _col(
            "source_ref",
            pa.string(),
            "Where the raw page came from: file path and line, or endpoint.",
            nullable=False,
            derived=True,
        ),
        _col(
            "page_sha256",
            pa.string(),
            "SHA-256 of the raw page (or line) exactly as received.",
            nullable=False,
            derived=True,
        ),
        _col(
            "run_id", pa.string(), "Run that first stored this row.", nullable=False, derived=True
        ),
        _col(
            "raw_sha256",
            pa.string(),
            "SHA-256 of the raw record (see docs: the exact line or element bytes, or a canonical form).",
            nullable=False,
            derived=True,
        ),
    ),
)

QUARANTINE = Table(
    name="quarantine",
    path="quarantine",
    description="Every record that failed validation, with its raw record and the reasons. Never dropped.",
    key=("target", "raw_sha256"),
    partition_by=("target", "date"),
    columns=(
        _col("target", pa.string(), "Target the record was collected for.", nullable=False),
        _col(
            "date",
            pa.string(),
            "UTC date the record was quarantined (YYYY-MM-DD); the hive partition.",
            nullable=False,
        ),
        _col("platform", pa.string(), "Platform, if known."),
        _col("post_id", pa.string(), "Post id, if one could be read."),
        _col(
            "reasons",
            pa.list_(pa.string()),
            "Why the record was rejected: one rule name and detail each.",
            nullable=False,
        ),
        _col("raw", pa.string(), "The raw record as received (UTF-8 text).", nullable=False),
        _col("raw_sha256", pa.string(), "SHA-256 of the raw record.", nullable=False),
        _col("source", pa.string(), "Source that produced the record.", nullable=False),
        _col("source_ref", pa.string(), "File and line, or endpoint.", nullable=False),
        _col("page_sha256", pa.string(), "SHA-256 of the raw page.", nullable=False),
        _col("retrieved_at", UTC_TS, "When Tocsin received the record.", nullable=False),
        _col("run_id", pa.string(), "Run that quarantined it first.", nullable=False),
    ),
)

DAILY = Table(
    name="aggregates_daily",
    path="aggregates/daily",
    description="Per target and day (the target's local day, see its timezone) over the current view of mentions.",
    key=("target", "day"),
    partition_by=("target",),
    columns=(
        _col("target", pa.string(), "Target.", nullable=False),
        _col("day", pa.date32(), "Local day in the target's timezone.", nullable=False),
        _col("timezone", pa.string(), "The timezone the day is counted in.", nullable=False),
        _col(
            "posts", pa.int64(), "Posts (current version of each) created that day.", nullable=False
        ),
        _col("mentions", pa.int64(), "Posts of kind mention.", nullable=False),
        _col("replies", pa.int64(), "Posts of kind reply.", nullable=False),
        _col("quotes", pa.int64(), "Posts of kind quote.", nullable=False),
        _col("reposts", pa.int64(), "Posts of kind repost.", nullable=False),
        _col("unique_authors", pa.int64(), "Distinct authors that day.", nullable=False),
        _col(
            "first_time_authors",
            pa.int64(),
            "Authors whose first stored post about the target is that day.",
            nullable=False,
        ),
        _col(
            "young_account_share",
            pa.float64(),
            "Share of that day's authors whose account was under 30 days old when they posted.",
        ),
        _col(
            "quarantined",
            pa.int64(),
            "Records quarantined whose partition date falls on that local day.",
            nullable=False,
        ),
        _col("hostile", pa.int64(), "Posts the scorer found hostile (null before scoring ran)."),
        _col("supportive", pa.int64(), "Posts the scorer found supportive."),
        _col("neutral", pa.int64(), "Posts the scorer found neutral."),
        _col("threats", pa.int64(), "Hostile posts with a threat category (incl. death threats)."),
        _col("hostile_share", pa.float64(), "hostile / scored posts of the day."),
        _col("scorer", pa.string(), "Scorer whose stances are counted."),
    ),
)

RUNS = Table(
    name="runs",
    path="runs",
    description=(
        "One row per run, target and source: what came in and what happened to it "
        "(one file each, `<run_id>--<target>--<source>.parquet`, never rewritten)."
    ),
    key=("run_id", "target", "source"),
    columns=(
        _col("run_id", pa.string(), "Run id.", nullable=False),
        _col(
            "flow",
            pa.string(),
            "The flow that ran: nightly, backfill, import, watch or demo.",
            nullable=False,
        ),
        _col("target", pa.string(), "Target.", nullable=False),
        _col(
            "source", pa.string(), "Source collected (x, mastodon, bluesky, file…).", nullable=False
        ),
        _col("started_at", UTC_TS, "Start of the run.", nullable=False),
        _col("finished_at", UTC_TS, "End of the run.", nullable=False),
        _col("window_start", UTC_TS, "Start of the window collected (included), if any."),
        _col("window_end", UTC_TS, "End of the window collected (excluded), if any."),
        _col("pages", pa.int64(), "Raw pages (or lines) read.", nullable=False),
        _col("records_in", pa.int64(), "Records read.", nullable=False),
        _col("valid", pa.int64(), "Records that passed validation.", nullable=False),
        _col(
            "quarantined", pa.int64(), "Records quarantined in this run (new ones).", nullable=False
        ),
        _col(
            "duplicates",
            pa.int64(),
            "Valid records already stored or repeated in the batch.",
            nullable=False,
        ),
        _col("written", pa.int64(), "New rows written to mentions.", nullable=False),
        _col(
            "scored",
            pa.int64(),
            "Post versions scored by this run: new ones, and stored ones a crashed or failed "
            "run left unscored.",
        ),
        _col("partitions_touched", pa.int64(), "Mentions partitions rewritten.", nullable=False),
        _col(
            "api_errors",
            pa.int64(),
            "Partial errors reported inside pages (e.g. a referenced post not found).",
            nullable=False,
        ),
        _col("timings", pa.string(), "Seconds per stage, as JSON.", nullable=False),
        _col(
            "status",
            pa.string(),
            "ok, partial (part of the window could not be collected, see error), failed, or "
            "skipped (a source that could not start, e.g. no credentials).",
            nullable=False,
        ),
        _col("error", pa.string(), "Why the run failed or was skipped (never a credential)."),
        _col(
            "evidence",
            pa.string(),
            "How the run's raw pages were sealed: records, manifest, signed, timestamped.",
        ),
    ),
)
