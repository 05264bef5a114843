"""Pages already in the vault are referenced, not copied again (issue 15, point 7).

Re-running a backfill receives the same pages again. A page whose SHA-256 is already kept for the
target is not written into a new segment: one line in the run's ``refs-NNNNNN.jsonl`` says that it
was received again, when and how, and which segment and page already hold its bytes. The next
seal lists the file in its manifest (``references``, with its SHA-256), so the re-observation is
sealed too, and `tocsin verify` checks that every reference points at a page sealed no later.
"""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow.parquet as pq

from tasks.evidence.rawstore import (
    list_segments,
    pages_dir,
    provenance,
    relative,
    write_new,
)
from tasks.evidence.vaultstore import folder_glob, parquet_input
from tasks.pages import RawPage

REFS_GLOB = "refs-*.jsonl"


def known_pages(root: Any, target: str) -> dict[str, tuple[str, int]]:
    """{page_sha256: (segment, seq)} of every page kept for ``target``, the first copy of each."""
    known: dict[str, tuple[str, int]] = {}
    for seg in list_segments(root, target):
        t = pq.ParquetFile(parquet_input(seg)).read(columns=["page_sha256", "seq"])
        rel = relative(root, seg)
        hashes, seqs = t.column("page_sha256").to_pylist(), t.column("seq").to_pylist()
        for h, seq in zip(hashes, seqs, strict=True):
            known.setdefault(h, (rel, seq))
    return known


def _line(page: RawPage, where: tuple[str, int]) -> bytes:
    return (
        orjson.dumps(
            {
                "page_sha256": page.sha256,
                "kept_in": {"segment": where[0], "seq": where[1]},
                "source": page.source,
                "ref": page.ref,
                "retrieved_at": page.retrieved_at,
                "date_hint": page.date_hint.isoformat() if page.date_hint else None,
                "format": page.format,
                "provenance": provenance(page),
            },
            option=orjson.OPT_SORT_KEYS | orjson.OPT_UTC_Z,
        )
        + b"\n"
    )


def write_refs(
    root: Any, target: str, run_id: str, pages: list[RawPage], known: dict[str, tuple[str, int]]
) -> Any:
    """One new refs file for ``pages`` (each already kept, as ``known`` says); never replaces one
    (on S3: one locked PUT, rawstore.write_new)."""
    run_dir = pages_dir(root, target) / run_id
    data = b"".join(_line(p, known[p.sha256]) for p in pages)
    number = len(folder_glob(run_dir, REFS_GLOB)) + 1
    while True:
        dest = run_dir / f"refs-{number:06d}.jsonl"
        if write_new(root, dest, data):
            return dest
        number += 1


def list_refs(root: Any, target: str | None = None) -> list[Any]:
    pattern = f"{target}/*/{REFS_GLOB}" if target else f"*/*/{REFS_GLOB}"
    return folder_glob(pages_dir(root), pattern)


def read_refs(path: Any) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
