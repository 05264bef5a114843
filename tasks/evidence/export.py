"""`tocsin export`: a self-contained bundle an investigator checks with sha256sum and openssl.

The bundle (one zip, one top folder) holds the chosen posts (CSV and Parquet), their raw records
and the pages they came from exactly as kept, the manifests that sealed them with signatures and
timestamp tokens, a Merkle proof per record and per page, the public key, the TSA's CA copy, the
status changes, the incident summary, a README in French and English (text and HTML) and
``verify.sh``, which runs the README's checks. The evidence copy is verified first: a vault that
fails verification is not exported.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from tasks import progress
from tasks.evidence.archive_store import Archive
from tasks.evidence.crosscheck import empty_derived, from_sealed
from tasks.evidence.custody import log_output
from tasks.evidence.docs import render_docs
from tasks.evidence.locate import prove
from tasks.evidence.lockcheck import evidence_lock
from tasks.evidence.lockstate import LockState
from tasks.evidence.manifest import (
    MANIFEST,
    SIGNATURE,
    TOKEN,
    EvidenceError,
    Sealed,
    list_manifests,
    sha256_file,
)
from tasks.evidence.media_export import export_media
from tasks.evidence.outputs import (
    discard,
    output_path,
    publish,
    refuse_existing,
    scratch_for,
    shown_path,
)
from tasks.evidence.rawstore import evidence_dir
from tasks.evidence.summary import attach_scores, read_scores, summarise
from tasks.evidence.table import STATUS_CHANGES
from tasks.evidence.verify import verify_evidence
from tasks.schema import MENTIONS
from tasks.store import scan

# Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return before one) as a
# formula: attacker-written text must not become code on an investigator's machine, and any
# column can carry it (lang, ids, a handle…), so every text cell of every CSV gets a leading
# apostrophe when it starts so. posts.parquet and the raw records keep it exact.
_FORMULA = r"^[\s]*[=+\-@\t\r]"


@dataclass(frozen=True)
class ExportResult:
    path: Any  # a local Path, or an ObjectPath on an s3:// data root
    posts: int
    versions: int
    records_proven: int
    pages_proven: int
    unsealed: int
    manifests: int
    lock: LockState | None = None  # the lock of the evidence objects behind the bundle


def read_ids(path: Path) -> list[str]:
    """A lawyer's selection: one post id or post URL a line; blank lines and # comments skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvidenceError(f"{path}: no such file (the --ids list of posts)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvidenceError(f"{path}: cannot read the ids list: {exc}") from None
    ids = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.search(r"(\d+)/?$", line) or re.fullmatch(r"(\S+)", line)
        if not m:
            raise EvidenceError(f"{path}:{n}: not a post id or URL: {line[:60]!r}")
        ids.append(m.group(1))
    if not ids:
        raise EvidenceError(f"{path}: no post id in the file")
    return ids


def select_posts(
    root: Path, target: str, start: date, end: date, ids: list[str] | None
) -> pl.DataFrame:
    lo = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
    hi = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    lf = scan(root, MENTIONS).filter(
        (pl.col("target") == target) & (pl.col("created_at") >= lo) & (pl.col("created_at") < hi)
    )
    posts = lf.collect()
    if ids is not None:
        wanted = set(ids)
        chosen = posts.filter(pl.col("post_id").is_in(wanted) | pl.col("version_id").is_in(wanted))
        found = set(chosen["post_id"]) | set(chosen["version_id"])
        unknown = [i for i in ids if i not in found]
        if unknown:
            more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
            raise EvidenceError(
                f"not stored for target {target!r} between {start} and {end}: "
                f"{', '.join(unknown[:10])}{more}; check the ids file"
            )
        # Every version of a chosen post: an edit is part of what was said.
        posts = posts.filter(pl.col("post_id").is_in(set(chosen["post_id"])))
    if posts.is_empty():
        raise EvidenceError(f"no stored posts for target {target!r} between {start} and {end}")
    return posts.sort("created_at", "post_id", "version")


def _status(root: Path, target: str, post_ids: set[str]) -> pl.DataFrame:
    changes = scan(root, STATUS_CHANGES).filter(pl.col("target") == target).collect()
    return changes.filter(pl.col("post_id").is_in(post_ids)).sort("observed_at", "post_id")


def _with_links(manifests: list[Sealed], used: set[str]) -> list[str]:
    """The manifests a bundle holds: those that sealed what it exports, and the target's others
    sealed between them, so that verify.sh can check every link of that stretch of the chain."""
    numbered = [m for m in manifests if m.name in used and m.seq is not None]
    if not numbered:
        return sorted(used)
    lo, hi = min(m.seq or 0 for m in numbered), max(m.seq or 0 for m in numbered)
    between = {m.name for m in manifests if m.seq is not None and lo <= m.seq <= hi}
    return sorted(used | between)


def _csv(df: pl.DataFrame) -> bytes:
    flat = df.with_columns(
        pl.col(c).cast(pl.List(pl.String)).list.join(" | ")
        for c, t in df.schema.items()
        if isinstance(t, pl.List)
    )
    safe = flat.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, t in flat.schema.items()
        if t == pl.String
    )
    buf = io.BytesIO()
    safe.write_csv(buf)
    return buf.getvalue()


def _parquet(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_parquet(buf, compression="zstd")
    return buf.getvalue()


class _Bundle:
    """Files written straight into the zip under one folder, hashed for SHA256SUMS as they go."""

    def __init__(self, zf: zipfile.ZipFile, folder: str, when: datetime) -> None:
        self.zf, self.folder, self.sums = zf, folder, {}
        self.when = when.astimezone(UTC).timetuple()[:6]

    def add(self, name: str, data: bytes, mode: int = 0o644) -> None:
        info = zipfile.ZipInfo(f"{self.folder}/{name}", date_time=self.when)  # type: ignore[arg-type]
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (0o100000 | mode) << 16
        self.zf.writestr(info, data)
        self.sums[name] = hashlib.sha256(data).hexdigest()

    def close(self) -> None:
        text = "".join(f"{h}  {n}\n" for n, h in sorted(self.sums.items()))
        self.add("SHA256SUMS", text.encode())


def export_bundle(
    root: Path,
    target: str,
    start: date,
    end: date,
    out: Path | None,
    *,
    ids: list[str] | None = None,
    timezone: str = "UTC",
    now: datetime | None = None,
    public_keys: list[Path] | None = None,
    tsa_ca_files: list[Path] | None = None,
    archive: Archive | None = None,
) -> ExportResult:
    """Write the investigator's bundle for ``target``'s posts created on the UTC days
    [start, end] (or the ``ids`` chosen among them) to the zip ``out`` (a local path), or when
    None under ``dossiers/<target>/`` on the data root (outputs.py). ``archive``: the
    write-once archive copy whose lock the bundle states, for a local data root."""
    now = now or datetime.now(UTC)
    made = f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    out = output_path(root, out, target, f"tocsin-evidence-{target}-{start}-{end}-{made}.zip")
    refuse_existing(out)
    posts = select_posts(root, target, start, end, ids)
    # The whole target is verified, tables included: an edited or deleted row fails it.
    report = verify_evidence(
        root,
        target=target,
        public_keys=public_keys,
        tsa_ca_files=tsa_ca_files,
        configured_targets=[target],
        keep_derived=posts["raw_sha256"],
    )
    if not report.ok:
        first = report.errors[0]
        raise EvidenceError(
            f"the evidence copy fails verification ({len(report.errors)} problem(s), first: "
            f"{first.path}: {first.message}); run `tocsin verify` — nothing exported"
        )
    # What the posts say comes from their sealed records, never from the working table alone.
    derived = report.tables.derived if report.tables else None
    posts = from_sealed(posts, derived if derived is not None else empty_derived())
    manifests = [m for m in list_manifests(root) if (m.manifest or {}).get("target") == target]
    changes = _status(root, target, set(posts["post_id"]))
    # The recheck answers the status changes were read from are sealed pages too: exported with
    # their proofs, so that each change's response_sha256 can be checked.
    asked = set(changes["response_sha256"])
    post_pages = set(posts["page_sha256"])
    records, proven_pages = prove(root, manifests, set(posts["raw_sha256"]), post_pages | asked)
    pages = {h: p for h, p in proven_pages.items() if h in post_pages}
    answers = {h: p for h, p in proven_pages.items() if h in asked}
    posts = posts.with_columns(
        record_manifest=pl.col("raw_sha256").replace_strict(
            {h: p.manifest for h, p in records.items()}, default=None, return_dtype=pl.String
        ),
        record_leaf=pl.col("raw_sha256").replace_strict(
            {h: p.index for h, p in records.items()}, default=None, return_dtype=pl.Int64
        ),
        page_manifest=pl.col("page_sha256").replace_strict(
            {h: p.manifest for h, p in pages.items()}, default=None, return_dtype=pl.String
        ),
    )
    if changes.height:
        latest = (
            changes.sort("observed_at")
            .unique("post_id", keep="last")
            .select(
                "post_id",
                pl.col("status").alias("platform_status"),
                pl.col("observed_at").alias("platform_status_observed_at"),
            )
        )
        posts = posts.join(latest, on="post_id", how="left")
    else:
        posts = posts.with_columns(
            platform_status=pl.lit(None, pl.String),
            platform_status_observed_at=pl.lit(None, pl.Datetime("us", "UTC")),
        )
    posts, note = attach_scores(posts, read_scores(root))
    summary = summarise(posts, changes, timezone, note)
    by_name = {m.name: m for m in manifests}
    media = export_media(root, target, set(posts["post_id"]), manifests)  # media_export.py
    used = _with_links(
        manifests,
        {p.manifest for d in (records, pages, answers) for p in d.values()} | media.manifests,
    )
    keys = (
        sorted((evidence_dir(root) / "keys").glob("*.pem"))
        if not public_keys
        else list(public_keys)
    )
    fps_used = {
        ((by_name[n].manifest or {}).get("signature") or {}).get("public_key_sha256") for n in used
    } - {None}
    keys = [k for k in keys if public_keys or k.name.rsplit(".", 1)[0] in fps_used]
    cas = list(tsa_ca_files or sorted((evidence_dir(root) / "tsa").glob("*.pem")))
    unsealed = posts.filter(
        pl.col("record_manifest").is_null() & pl.col("page_manifest").is_null()
    ).height
    # Read from the store, never assumed: the lock of what the bundle's manifests sealed.
    cited = [by_name[n] for n in used]
    lock = evidence_lock(root, cited, archive=archive, now=now, also=media.kept_files)
    folder = f"tocsin-evidence-{target}-{start}-{end}"
    tmp = scratch_for(out, ".partial")
    shown = progress.bar(
        f"export {target}", len(records) + len(pages) + len(answers), "records and pages written"
    )
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            b = _Bundle(zf, folder, now)
            b.add("posts.csv", _csv(posts))
            b.add("posts.parquet", _parquet(posts))
            b.add("status_changes.csv", _csv(changes))
            media.write(b, root, _csv)
            for kind, proven in (("records", records), ("pages", pages), ("answers", answers)):
                lines = []
                for h, p in shown.count(sorted(proven.items())):
                    b.add(f"{kind}/{h}.json", p.data)
                    b.add(f"proofs/{kind}/{h}.proof", p.proof.encode())
                    lines.append(f"{h} {p.manifest} {p.index} {p.tree_size}\n")
                b.add(f"proofs/{kind}.txt", "".join(lines).encode())
            b.add(
                "proofs/answers-unsealed.txt",
                "".join(f"{h}\n" for h in sorted(asked - answers.keys())).encode(),
            )
            for name in used:
                for f in (MANIFEST, SIGNATURE, TOKEN):
                    src = by_name[name].path / f
                    if src.exists():
                        b.add(f"manifests/{name}/{f}", src.read_bytes())
            for i, k in enumerate(keys):
                b.add("public-key.pem" if i == 0 else f"public-key-{i + 1}.pem", k.read_bytes())
            if cas:
                b.add("tsa-ca.pem", b"".join(c.read_bytes() for c in cas))
            b.add("object-lock.json", json.dumps(lock.as_dict(), indent=2).encode() + b"\n")
            docs = render_docs(
                target=target,
                start=start,
                end=end,
                now=now,
                timezone=timezone,
                summary=summary,
                manifests=[by_name[n] for n in used],
                records=len(records),
                pages=len(pages),
                unsealed=unsealed,
                has_keys=bool(keys),
                has_ca=bool(cas),
                changes=changes.height,
                media=media.files,
                lock=lock,
            )
            for name, data in docs.items():
                b.add(name, data, 0o755 if name.endswith(".sh") else 0o644)
            b.close()
        digest = sha256_file(tmp)
        publish(tmp, out)
    finally:
        shown.close()
        discard(tmp)
    # Who made which output, of what: logged, and sealed by the target's next manifest.
    selection = {"from": start.isoformat(), "to": end.isoformat(), "ids": ids, "timezone": timezone}
    log_output(root, target, "export", selection, shown_path(out), digest, now)
    return ExportResult(
        out, summary.posts, posts.height, len(records), len(pages), unsealed, len(used), lock
    )
