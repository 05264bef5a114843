"""The media of the exported posts, in the export bundle (export.py): what verify.sh checks.

    media.csv                      every media item of the exported posts: kept or not, and why
    media/index/<run>/media-*.jsonl  the sealed index files that name them, byte for byte (their
                                   SHA-256 is in the "media" list of a manifest in the bundle)
    media/files/<sha256>           each file kept, named by its SHA-256
    media/files.txt                the files the bundle holds, one SHA-256 a line

verify.sh checks that each index is one a manifest here sealed, that each file's SHA-256 is its
name, and that an index here says it was kept: manifest (signed, timestamped) → index → file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from tasks.evidence.manifest import Sealed
from tasks.evidence.media_store import KEPT, media_table
from tasks.evidence.vaultstore import read_bytes
from tasks.storage import Root, root_of


class _Adds(Protocol):
    def add(self, name: str, data: bytes, mode: int = 0o644) -> None: ...


@dataclass
class MediaExport:
    rows: pl.DataFrame
    indexes: dict[str, str] = field(default_factory=dict)  # index file → manifest that sealed it

    @property
    def files(self) -> int:
        """How many files the bundle holds (one per distinct SHA-256 kept)."""
        kept = self.rows.filter(pl.col("status") == KEPT)
        return kept["sha256"].n_unique() if kept.height else 0

    @property
    def kept_files(self) -> list[str]:
        """The vault paths of the media files the bundle holds (evidence objects it cites)."""
        kept = self.rows.filter(pl.col("status") == KEPT)
        return sorted(set(kept["file"].drop_nulls())) if kept.height else []

    @property
    def manifests(self) -> set[str]:
        """The manifests the bundle must hold for verify.sh to check these indexes."""
        return set(self.indexes.values())

    def write(self, bundle: _Adds, root: Root | Path, csv: Any) -> None:
        if self.rows.is_empty():
            return
        bundle.add("media.csv", csv(self.rows.drop("target", "index", "file")))
        store = root_of(root)
        for rel in sorted(self.indexes):
            run, name = Path(rel).parent.name, Path(rel).name
            bundle.add(f"media/index/{run}/{name}", read_bytes(store.location(rel)))
        kept = self.rows.filter(pl.col("status") == KEPT)
        files = sorted(set(zip(kept["sha256"], kept["file"], strict=True)))
        for digest, rel in files:
            bundle.add(f"media/files/{digest}", read_bytes(store.location(rel)))
        bundle.add("media/files.txt", "".join(f"{d}\n" for d, _ in files).encode())


def export_media(
    root: Path, target: str, post_ids: set[str], manifests: list[Sealed]
) -> MediaExport:
    """The media rows of ``post_ids`` and the sealed indexes that hold them (a vault verified
    first: every index is sealed)."""
    rows = media_table(root, target).filter(pl.col("post_id").is_in(post_ids))
    sealed_by = {
        str(e.get("file")): m.name for m in manifests for e in (m.manifest or {}).get("media") or []
    }
    return MediaExport(rows, {i: sealed_by[i] for i in set(rows["index"]) if i in sealed_by})
