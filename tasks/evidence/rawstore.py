"""The evidence copy: raw pages exactly as received, append-only, apart from the working tables.

Layout under ``<root>/evidence/``::

    pages/<target>/<run_id>/seg-000001.parquet   pages as received (one row each, zstd)
    pages/<target>/<run_id>/refs-000001.jsonl    pages received again: where each is kept (refs.py)
    manifests/<seq>--<run_id>--<target>/          one sealed manifest each (see manifest.py)
    keys/, tsa/                                   public key and TSA CA copies used by verify
    .tmp/                                         files being written; never read

A segment is written in ``.tmp`` and hard-linked to its final name, which fails if that name
exists: a crash leaves either no segment or a whole one, and no code path can overwrite a segment.
On an ``s3://`` data root (vaultstore.vault_root) the same bytes go under the same keys, each in
one PUT with ``If-None-Match: *`` and COMPLIANCE retention (vaultstore.py): no ``.tmp`` there.
Pages are buffered and yielded downstream only once their segment is on disk, so nothing reaches
the working tables without its raw page in the evidence copy.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from tasks.errors import ConfigError
from tasks.evidence.table import EVIDENCE_PAGES
from tasks.evidence.vaultstore import folder_glob, is_remote, parquet_input, put_evidence
from tasks.files import FILE_MODE, SEALED_MODE, fsync_path, private_dir, private_file
from tasks.pages import RawPage
from tasks.storage import ObjectPath, is_s3, root_of

# A segment is cut at whichever comes first: bounded memory, and few files for a busy run.
MAX_SEGMENT_PAGES = 256
MAX_SEGMENT_BYTES = 16 * 1024 * 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
# Provenance must never hold a credential; sources promise it, this makes sure.
_SECRETISH = re.compile(r"authorization|token|password|secret|cookie|api[_-]?key", re.I)


def evidence_dir(root: Any) -> Any:
    """``<root>/evidence``: a ``Path`` in a local folder, an ``ObjectPath`` on an s3:// root
    (which answers the few ``Path`` manners the vault uses: ``/``, ``name``, ``glob``...)."""
    if is_s3(root):
        return root_of(root).location("evidence")
    return Path(root) / "evidence"


def pages_dir(root: Any, target: str | None = None) -> Any:
    base = evidence_dir(root) / "pages"
    return base / target if target else base


def vault_file(root: Any, rel: str) -> Any:
    """The file of the data root at ``rel`` (as manifests name it): a ``Path`` or, on an s3://
    root, an ``ObjectPath``."""
    return root_of(root).location(rel) if is_s3(root) else Path(root) / rel


def kept_targets(root: Any) -> list[str]:
    """The targets that have pages kept, by name (what `tocsin seal` seals without a list)."""
    base = pages_dir(root)
    if is_remote(base):
        return sorted({key.split("/")[2] for key in base.root.list(base.rel)})
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.exists() else []


def check_name(value: str, what: str) -> str:
    """Run ids and targets become path components: refuse anything that could escape."""
    if not _NAME.match(value) or ".." in value:
        raise ConfigError(
            f"{what} {value!r} cannot name an evidence folder (letters, digits, _.:-)"
        )
    return value


@dataclass(frozen=True)
class KeptPage:
    """A page read back from the evidence copy, with where it is kept."""

    page: RawPage
    sha256: str
    seq: int
    segment: Path | ObjectPath


fsync_dir = fsync_path  # a folder's entries, as seal and publish use it


def publish(tmp: Path, dest: Any) -> bool:
    """Give ``tmp`` its final name without ever replacing a file; False if ``dest`` exists.
    On S3 (``dest`` an ``ObjectPath``): one locked PUT that reads ``tmp`` as it sends it, then
    ``tmp`` removed."""
    if is_remote(dest):
        try:
            return put_evidence(dest, tmp)
        finally:
            tmp.unlink(missing_ok=True)
    private_dir(dest.parent)
    try:
        os.link(tmp, dest)
    except FileExistsError:
        return False
    except OSError:  # a filesystem without hard links: fall back, still refusing to overwrite
        if dest.exists():
            return False
        os.rename(tmp, dest)
    else:
        tmp.unlink()
    # Read-only: an accidental write fails instead of altering evidence; owner-only: it is abuse.
    private_file(dest, SEALED_MODE)
    fsync_dir(dest.parent)
    return True


def write_new(root: Any, dest: Any, data: bytes) -> bool:
    """Write ``data`` to a new file ``dest`` (aside, fsync, link); False if it already exists.
    On S3 (``dest`` an ``ObjectPath``): one locked PUT that writes only where nothing is."""
    if is_remote(dest):
        return put_evidence(dest, data)
    tmp = tmp_path(root, dest.suffix)
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return publish(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def tmp_path(root: Any, suffix: str = "") -> Path:
    """A new name for a file being written (not created): in ``evidence/.tmp`` locally; for an
    s3:// root in a private scratch folder of this machine (an upload is one PUT, no object
    is ever staged)."""
    if is_s3(root):
        return scratch_dir() / f"{uuid.uuid4().hex}{suffix}"
    tmp = private_dir(evidence_dir(root) / ".tmp")
    return tmp / f"{uuid.uuid4().hex}{suffix}"


@functools.cache
def scratch_dir() -> Path:
    """This process's private local folder (mode 700) for what goes to an s3:// vault."""
    return Path(tempfile.mkdtemp(prefix="tocsin-vault-"))


def provenance(page: RawPage) -> str:
    clean = {
        str(k): ("[removed: looks like a credential]" if _SECRETISH.search(str(k)) else str(v))
        for k, v in page.provenance.items()
    }
    return orjson.dumps(clean, option=orjson.OPT_SORT_KEYS).decode()


def binary_column(values: Sequence[bytes]) -> pa.Array:
    """``values`` as one Arrow binary column, built over a single buffer: a value alone is not
    copied at all (Arrow reads the bytes object in place), several are joined once. (A
    segment's pages, or the pages the media test reads: far below 2 GB.)"""
    offsets, at = [0], 0
    for v in values:
        at += len(v)
        offsets.append(at)
    data = values[0] if len(values) == 1 else b"".join(values)
    ends = pa.array(offsets, pa.int32()).buffers()[1]
    return pa.Array.from_buffers(pa.binary(), len(values), [None, ends, pa.py_buffer(data)])


def _segment_table(
    pages: list[RawPage], target: str, run_id: str, first_seq: int, kept_at: datetime
) -> pa.Table:
    cols = {
        "target": [target] * len(pages),
        "run_id": [run_id] * len(pages),
        "seq": list(range(first_seq, first_seq + len(pages))),
        "body": binary_column([p.body for p in pages]),
        "page_sha256": [p.sha256 for p in pages],
        "source": [p.source for p in pages],
        "ref": [p.ref for p in pages],
        "retrieved_at": [p.retrieved_at for p in pages],
        "date_hint": [p.date_hint for p in pages],
        "format": [p.format for p in pages],
        "provenance": [provenance(p) for p in pages],
        "kept_at": [kept_at] * len(pages),
    }
    return pa.table(cols, schema=EVIDENCE_PAGES.arrow_schema())


def _run_state(run_dir: Any) -> tuple[int, int]:
    """(next segment number, next page seq) of a run folder, from what is already there."""
    segs = folder_glob(run_dir, "seg-*.parquet")
    return len(segs) + 1, sum(map(_segment_rows, segs))


def _segment_rows(segment: Any) -> int:
    """How many pages a segment holds. A local one's count is remembered by its name, size and
    modification time: a run writes a segment every 16 MB, and reading every footer again before
    each new one cost seconds a million posts (quadratic in the run's segments)."""
    if is_remote(segment):
        return pq.read_metadata(parquet_input(segment)).num_rows
    key = segment_identity(segment)
    if key not in _ROWS:
        if len(_ROWS) >= 100_000:  # a long-lived process (watch) does not grow without end
            _ROWS.clear()
        _ROWS[key] = pq.read_metadata(segment).num_rows
    return _ROWS[key]


_ROWS: dict[tuple[str, ...], int] = {}


def segment_identity(segment: Any) -> tuple[str, ...]:
    """What tells this segment file from any other, in this process, without reading it. On
    S3 its address: an evidence object is written once, never replaced (If-None-Match, and its
    retention). Locally its path, size, modification time and inode: a folder removed and
    written again (a test's) gives other ones."""
    if is_remote(segment):
        return (str(segment),)
    st = os.stat(segment)
    return (str(segment), str(st.st_size), str(st.st_mtime_ns), str(st.st_ino))


def _write_segment_file(table: pa.Table, where: Any) -> None:
    """A segment's Parquet encoding (the same locally and on S3). The page bytes get neither
    min/max statistics (nothing reads them, and computing them held two more copies of every
    large page) nor a dictionary page: a segment never holds the same page twice (keep.py), so
    the dictionary only cost time, writing and reading (~15% of each, measured)."""
    rest = [n for n in table.column_names if n != "body"]
    pq.write_table(table, where, compression="zstd", write_statistics=rest, use_dictionary=rest)


def write_segment(
    root: Any, target: str, run_id: str, pages: list[RawPage], kept_at: datetime | None = None
) -> Any:
    """One new segment file holding ``pages``; never replaces an existing one. ``kept_at``:
    when they were kept (now, unless a test pins it)."""
    return write_segment_seq(root, target, run_id, pages, kept_at)[0]


def holds_large_page(segment: pa.Table) -> bool:
    """Whether a segment's pages weigh more than a segment should (it holds a large page): only
    then is Arrow's memory handed back once the segment is written or read. Arrow's allocator
    keeps what it freed (a large page: hundreds of MB) for itself, and Polars, which works next,
    allocates elsewhere and could not reuse it. A segment of ordinary pages leaves little, which
    the next one reuses: handing it back and faulting it in again cost a segment's write (one
    segment every 16 MB)."""
    return segment.column("body").nbytes > MAX_SEGMENT_BYTES


def write_segment_seq(
    root: Any, target: str, run_id: str, pages: list[RawPage], kept_at: datetime | None = None
) -> tuple[Any, int]:
    """``write_segment``, and the ``seq`` of its first page as written in it (keep.py indexes
    the pages by it: reading it back from the file cost a Parquet read a segment)."""
    run_dir = pages_dir(root, target) / run_id
    number, first_seq = _run_state(run_dir)
    table = _segment_table(pages, target, run_id, first_seq, kept_at or datetime.now(UTC))
    if is_remote(run_dir):
        return _put_segment(run_dir, number, table), first_seq
    tmp = tmp_path(root, ".parquet")
    try:
        _write_segment_file(table, tmp)
        large = holds_large_page(table)
        del table
        if large:
            pa.default_memory_pool().release_unused()
        fsync_path(tmp)
        while True:
            dest = run_dir / f"seg-{number:06d}.parquet"
            if publish(tmp, dest):
                return dest, first_seq
            number += 1  # another writer took the name: take the next, never overwrite
    finally:
        tmp.unlink(missing_ok=True)


def _put_segment(run_dir: ObjectPath, number: int, table: pa.Table) -> ObjectPath:
    """The segment's Parquet bytes (the very bytes a local segment holds), PUT once under the
    first free number."""
    sink = pa.BufferOutputStream()
    _write_segment_file(table, sink)
    data = sink.getvalue().to_pybytes()
    while True:
        dest = run_dir / f"seg-{number:06d}.parquet"
        if put_evidence(dest, data):
            return dest
        number += 1  # another writer took the name: take the next, never overwrite


def list_segments(root: Any, target: str | None = None) -> list[Any]:
    """Every segment file (of one target, or all), in a stable order."""
    pattern = f"{target}/*/seg-*.parquet" if target else "*/*/seg-*.parquet"
    return folder_glob(pages_dir(root), pattern)


def read_segment(path: Any) -> list[KeptPage]:
    """The pages of one segment, in order. Raises whatever pyarrow raises on a damaged file."""
    # ParquetFile, not read_table: read_table imports pyarrow.dataset and with it pandas (~1 s).
    t = pq.ParquetFile(parquet_input(path)).read()
    if t.schema.names != EVIDENCE_PAGES.arrow_schema().names:
        raise ValueError(f"columns {t.schema.names} are not a segment's")
    c = {name: t.column(name).to_pylist() for name in t.column_names}
    out = []
    for i in range(t.num_rows):
        hint = c["date_hint"][i]
        page = RawPage(
            body=c["body"][i],
            source=c["source"][i],
            ref=c["ref"][i],
            retrieved_at=c["retrieved_at"][i],
            date_hint=hint if isinstance(hint, date) else None,
            format=c["format"][i],
            provenance=orjson.loads(c["provenance"][i]),
        )
        out.append(KeptPage(page, c["page_sha256"][i], c["seq"][i], path))
    return out


def relative(root: Any, path: Any) -> str:
    """A path as verify and manifests name it: relative to the data root, with forward slashes."""
    if isinstance(path, ObjectPath):
        return path.rel
    return Path(path).relative_to(Path(root)).as_posix()
