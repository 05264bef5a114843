"""Where the media are kept and how their index reads (media.py fetches them): the layout, the
index files, the media table, and what a manifest says of an index.

Layout under ``<root>/evidence/media/<target>/``: ``files/<sha256>`` (each file's bytes, named by
their SHA-256) and ``<run_id>/media-NNNNNN.jsonl`` (the run's index, one line per media item).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson
import polars as pl

from tasks.evidence.manifest import Sealed
from tasks.evidence.rawstore import evidence_dir, relative
from tasks.evidence.vaultstore import folder_glob

INDEX_GLOB = "media-*.jsonl"
KEPT, FAILED, NOT_FETCHED = "kept", "failed", "not_fetched"

# The media table: one row per index line (``media_table``), declared once here.
COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "target": pl.String,
    "platform": pl.String,
    "post_id": pl.String,
    "media_key": pl.String,
    "type": pl.String,
    "url": pl.String,
    "preview_url": pl.String,
    "alt_text": pl.String,
    "page_sha256": pl.String,
    "status": pl.String,
    "reason": pl.String,
    "transient": pl.Boolean,
    "http_status": pl.Int64,
    "sha256": pl.String,
    "bytes": pl.Int64,
    "content_type": pl.String,
    "file": pl.String,
    "fetched_at": pl.String,
    "run_id": pl.String,
    "index": pl.String,
}


def media_dir(root: Any, target: str | None = None) -> Any:
    base = evidence_dir(root) / "media"
    return base / target if target else base


def files_dir(root: Any, target: str) -> Any:
    return media_dir(root, target) / "files"


def list_indexes(root: Any, target: str | None = None) -> list[Any]:
    """Every media index file (of one target, or all), on either kind of root: an S3 root is
    listed, never taken for empty because no object is named like its folder."""
    pattern = f"{target}/*/{INDEX_GLOB}" if target else f"*/*/{INDEX_GLOB}"
    return folder_glob(media_dir(root), pattern)


def read_index(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def media_table(root: Path, target: str | None = None) -> pl.DataFrame:
    """Every index line (of one target, or all) as a frame of ``COLUMNS``."""
    rows = []
    for path in list_indexes(root, target):
        owner, run = path.parent.parent.name, path.parent.name
        rel = relative(root, path)
        for e in read_index(path):
            rows.append(
                {c: e.get(c) for c in COLUMNS} | {"target": owner, "run_id": run, "index": rel}
            )
    return (
        pl.DataFrame(rows, schema=COLUMNS, orient="row") if rows else pl.DataFrame(schema=COLUMNS)
    )


def unsealed_indexes(root: Path, target: str, chain: list[Sealed]) -> list[Path]:
    """The target's media index files no manifest of ``chain`` lists, in order."""
    done = {str(e.get("file")) for m in chain for e in (m.manifest or {}).get("media") or []}
    return [p for p in list_indexes(root, target) if relative(root, p) not in done]


def index_entry(root: Path, path: Path) -> dict[str, Any]:
    """What a manifest says of one media index file: it, its SHA-256, its items and files kept."""
    data = path.read_bytes()
    lines = [orjson.loads(x) for x in data.splitlines() if x.strip()]
    return {
        "file": relative(root, path),
        "sha256": hashlib.sha256(data).hexdigest(),
        "items": len(lines),
        "kept": sum(1 for e in lines if e.get("status") == KEPT),
    }
