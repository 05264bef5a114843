"""The ``scores`` table: one row per post version and scorer version.

Partitioned like mentions (target, the post's UTC date), so scoring a day of posts rewrites one
partition. The key holds the scorer and its version: re-scoring with a new version adds rows
beside the old ones and never touches the mentions (nothing is re-ingested).
"""

from __future__ import annotations

import pyarrow as pa

from tasks.scoring.base import STANCES
from tasks.scoring.lexicon import CATEGORIES
from tasks.tablekit import UTC_TS, Column, Table


def _col(name: str, type_: pa.DataType, description: str, **kw: object) -> Column:
    return Column(name, type_, description, **kw)  # type: ignore[arg-type]


SCORES = Table(
    name="scores",
    path="scores",
    description=(
        "One row per version of a post and per scorer version: stance, abuse categories, "
        "severity, score and the reasons (rules and spans) that decided."
    ),
    key=("target", "platform", "post_id", "version_id", "scorer", "scorer_version"),
    partition_by=("target", "date"),
    columns=(
        _col("target", pa.string(), "Target the post was collected for.", nullable=False),
        _col(
            "date",
            pa.string(),
            "UTC date of the post's created_at (YYYY-MM-DD), as in mentions; the hive partition.",
            nullable=False,
        ),
        _col("platform", pa.string(), "Platform the post lives on.", nullable=False),
        _col("post_id", pa.string(), "Platform id of the post.", nullable=False),
        _col(
            "version_id",
            pa.string(),
            "Id of the scored version of the post (see mentions).",
            nullable=False,
        ),
        _col(
            "version", pa.int32(), "0 for the original, 1 for the first edit, ...", nullable=False
        ),
        _col(
            "scorer",
            pa.string(),
            "Scorer that produced the row: rules, perspective or transformer.",
            nullable=False,
        ),
        _col(
            "scorer_version",
            pa.string(),
            "Version of that scorer (for rules: release and a digest of the lexicon).",
            nullable=False,
        ),
        _col(
            "stance",
            pa.string(),
            "hostile, supportive or neutral.",
            nullable=False,
            allowed=STANCES,
        ),
        _col(
            "categories",
            pa.list_(pa.string()),
            "Abuse found when hostile: " + ", ".join(CATEGORIES) + ".",
            nullable=False,
        ),
        _col(
            "severity",
            pa.int8(),
            "0 nothing hostile, 1 other abuse, 2 insult, 3 hate, sexual harassment or incitement, 4 threat or doxxing.",
            nullable=False,
            min_value=0,
        ),
        _col("score", pa.float64(), "Strength of the hostile evidence, 0 to 1.", nullable=False),
        _col(
            "reasons",
            pa.list_(pa.string()),
            "What decided: rule ids with the spans they matched (or the backend's attributes).",
            nullable=False,
        ),
        _col("scored_at", UTC_TS, "When the score was computed.", nullable=False),
    ),
)


QUARANTINE_SCORES = Table(
    name="quarantine_scores",
    path="quarantine_scores",
    description=(
        "Quarantined records whose text could still be read (rejected for their author id, "
        "their date...), scored and marked unvalidated: a malformed threat stays in view."
    ),
    key=("target", "raw_sha256", "scorer", "scorer_version"),
    partition_by=("target", "date"),
    columns=(
        _col("target", pa.string(), "Target the record was collected for.", nullable=False),
        _col("date", pa.string(), "The quarantine partition's date.", nullable=False),
        _col("platform", pa.string(), "Platform, if known."),
        _col("post_id", pa.string(), "Post id, if one could be read."),
        _col(
            "raw_sha256",
            pa.string(),
            "SHA-256 of the raw record (quarantine's key).",
            nullable=False,
        ),
        _col(
            "quarantine_reasons",
            pa.list_(pa.string()),
            "Why validation rejected the record.",
            nullable=False,
        ),
        _col(
            "validated", pa.bool_(), "Always false: the record failed validation.", nullable=False
        ),
        _col("scorer", pa.string(), "Scorer that produced the row.", nullable=False),
        _col("scorer_version", pa.string(), "Version of that scorer.", nullable=False),
        _col(
            "stance",
            pa.string(),
            "hostile, supportive or neutral.",
            nullable=False,
            allowed=STANCES,
        ),
        _col("categories", pa.list_(pa.string()), "Abuse found when hostile.", nullable=False),
        _col("severity", pa.int8(), "0 to 4, as in scores.", nullable=False, min_value=0),
        _col("score", pa.float64(), "Strength of the hostile evidence, 0 to 1.", nullable=False),
        _col("reasons", pa.list_(pa.string()), "What decided (rules and spans).", nullable=False),
        _col("scored_at", UTC_TS, "When the score was computed.", nullable=False),
    ),
)
