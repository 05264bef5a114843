"""The evidence vault's tables, declared once like every other table (see tasks/schema.py).

``EVIDENCE_PAGES`` is the schema of the append-only segment files that hold the raw pages; it is
not a hive table the working pipeline scans, but declaring it here gives the segments an explicit
Arrow schema and a place in the data dictionary. ``STATUS_CHANGES`` is what the recheck flow
observes on the platforms: deletions, suspensions, withholdings, edits.
"""

from __future__ import annotations

import pyarrow as pa

from tasks.schema import PLATFORMS
from tasks.tablekit import UTC_TS, Column, Table

STATUSES = ("available", "deleted", "author_suspended", "withheld", "edited", "unavailable")


def _col(name: str, type_: pa.DataType, description: str, **kw: object) -> Column:
    return Column(name, type_, description, **kw)  # type: ignore[arg-type]


# fmt: off
EVIDENCE_PAGES = Table(
    name="evidence_pages",
    path="evidence/pages",
    description=(
        "The evidence copy: every raw page exactly as received, in append-only segment files "
        "(`evidence/pages/<target>/<run_id>/seg-NNNNNN.parquet`, zstd) that are written once, "
        "sealed by a manifest, and never rewritten. Kept apart from the working tables."
    ),
    key=("target", "run_id", "page_sha256"),
    columns=(
        _col("target", pa.string(), "Target the page was collected for.", nullable=False),
        _col("run_id", pa.string(), "Run that received the page.", nullable=False),
        _col("seq", pa.int64(), "Order of the page within its run (0, 1, ...).", nullable=False),
        _col("body", pa.binary(), "The page's bytes exactly as received.", nullable=False),
        _col("page_sha256", pa.string(), "SHA-256 of body.", nullable=False),
        _col("source", pa.string(), "Source that produced the page (synthetic, file, x, ...).", nullable=False),
        _col("ref", pa.string(), "Where it came from: file and line, or the query.", nullable=False),
        _col("retrieved_at", UTC_TS, "When it was received.", nullable=False),
        _col("date_hint", pa.date32(), "UTC date its records are expected on, if the source knows."),
        _col("format", pa.string(), "Wire format the parser reads it as (auto, mastodon-statuses, ...).", nullable=False),
        _col("provenance", pa.string(), "How it was obtained (URL without secrets, status, headers, tool version), as JSON.", nullable=False),
        _col("kept_at", UTC_TS, "When the evidence copy was written.", nullable=False),
    ),
)

STATUS_CHANGES = Table(
    name="status_changes",
    path="status_changes",
    description=(
        "Each change the recheck flow observed on a stored post's platform: deleted, author "
        "suspended, withheld, edited, or available again. The preserved copy is never removed; "
        "this table says when the platform copy changed, as observed."
    ),
    key=("target", "platform", "post_id", "observed_at", "status"),
    partition_by=("target",),
    columns=(
        _col("target", pa.string(), "Target the post was collected for.", nullable=False),
        _col("platform", pa.string(), "Platform of the post.", nullable=False, allowed=PLATFORMS),
        _col("post_id", pa.string(), "Platform id of the post (on X, the first version's id).", nullable=False),
        _col("author_id", pa.string(), "Author of the post, as stored."),
        _col("status", pa.string(), "What the platform showed: " + ", ".join(STATUSES) + ".", nullable=False, allowed=STATUSES),
        _col("previous_status", pa.string(), "The status observed before (available when first collected).", nullable=False, allowed=STATUSES),
        _col("observed_at", UTC_TS, "When the lookup that observed the change was answered.", nullable=False),
        _col("detail", pa.string(), "The platform's own words (error title and detail, withheld countries, new version id)."),
        _col("lookup", pa.string(), "How it was looked up: x-api, bluesky-api, mastodon-api, or simulated (synthetic source).", nullable=False),
        _col("response_sha256", pa.string(), "SHA-256 of the lookup response, kept and sealed in the evidence copy.", nullable=False),
        _col("run_id", pa.string(), "Recheck run that observed it.", nullable=False),
    ),
)
# fmt: on

EVIDENCE_TABLES: tuple[Table, ...] = (EVIDENCE_PAGES, STATUS_CHANGES)
