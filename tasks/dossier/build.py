"""Build a dossier: choose the posts, export their evidence, read what they say back from the
sealed records, add the pack context and the custody facts, render, write.

Post content comes from the export bundle's ``posts.parquet``, whose every post column the export
took from the post's sealed raw record (tasks/evidence/crosscheck.from_sealed) after verifying the
whole target; the very same bundle (records, proofs, manifests, signatures, tokens, key,
verify.sh) is attached inside the PDF, so what the dossier shows and what it carries are one.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from config.settings import Settings
from config.targets import Target
from tasks import progress
from tasks.detect.config import DetectConfig
from tasks.digest.data import has_data
from tasks.dossier import context as ctx
from tasks.dossier.annex import jsonl
from tasks.dossier.custody import manifest_facts
from tasks.dossier.select import DossierError, Selection, choose
from tasks.evidence.archive_store import Archive
from tasks.evidence.custody import log_output
from tasks.evidence.export import export_bundle
from tasks.evidence.lockstate import LockState
from tasks.evidence.media_view import media_view
from tasks.evidence.outputs import discard_dir, output_path, publish, scratch_for
from tasks.evidence.rawstore import evidence_dir
from tasks.evidence.state import evidence_state
from tasks.evidence.table import STATUS_CHANGES
from tasks.store import scan


@dataclass(frozen=True)
class DossierResult:
    path: Any  # a local Path, or an ObjectPath on an s3:// data root
    sha256: str
    pages: int
    posts: int
    shown: int
    threats: int
    accounts: int
    bundle: str
    timings: dict[str, float]
    parts: int = 1  # laid out separately, by ``processes`` processes at once, then joined
    processes: int = 1
    layout_cpu: float = 0.0  # CPU seconds of the layout, all processes together
    lock: LockState | None = None  # the lock of the evidence the dossier cites, as read


def _status_changes(root: Path, target: str) -> pl.DataFrame:
    if not has_data(root, STATUS_CHANGES):
        return STATUS_CHANGES.empty().filter(pl.lit(False))
    return scan(root, STATUS_CHANGES).filter(pl.col("target") == target).collect()


def _bundle(
    root: Any,
    target: Target,
    shown: pl.DataFrame,
    folder: Path,
    now: datetime,
    cas: Any,
    archive: Archive | None,
) -> tuple[Path, pl.DataFrame, LockState | None]:
    """The investigator's bundle of the posts shown (tocsin export's, unchanged), its
    posts.parquet (every post column from the sealed record), and the evidence's lock."""
    start, end = shown["created_at"].min().date(), shown["created_at"].max().date()  # type: ignore[union-attr]
    zpath = folder / f"tocsin-evidence-{target.name}-{start}-{end}.zip"
    made = export_bundle(
        root,
        target.name,
        start,
        end,
        zpath,
        ids=shown["post_id"].unique().to_list(),
        timezone=target.timezone,
        now=now,
        tsa_ca_files=cas,
        archive=archive,
    )
    with zipfile.ZipFile(zpath) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith("/posts.parquet")]
        sealed = pl.read_parquet(io.BytesIO(zf.read(name)))
    return zpath, sealed, made.lock


def detect_config(settings: Settings) -> DetectConfig:
    """The detection settings the counts use (young accounts, copy-paste), as `tocsin detect`
    uses them: the settings' [detect] slice."""
    return settings.detect


def write_dossier(
    root: Any,
    target: Target,
    out: Path | None,
    selection: Selection,
    *,
    lang: str | None = None,
    now: datetime | None = None,
    tsa_ca_files: list[Path] | None = None,
    detect: DetectConfig | None = None,
    archive: Archive | None = None,
) -> DossierResult:
    """Write ``target``'s dossier for ``selection`` to the PDF ``out`` (a local path, which must
    not exist), or when None under ``dossiers/<target>/`` on the data root, a local folder or an
    s3:// root (tasks/evidence/outputs.py). ``archive``: the write-once archive copy whose lock
    the dossier states, for a local data root."""
    import time

    from tasks.dossier.render import render_pdf
    from tasks.dossier.view import view_model

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    now = now or datetime.now(UTC)
    lang = lang or (target.recipients[0].lang if target.recipients else "fr")
    name = f"dossier-{target.name}-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.{lang}.pdf"
    out = output_path(root, out, target.name, name)
    if out.exists():
        raise DossierError(f"{out} already exists: choose another --out, or remove it")
    if lang not in ("fr", "en"):
        raise DossierError(f"--lang {lang}: choose fr or en")
    cfg = detect or DetectConfig()
    scope = choose(root, target.name, selection)
    timings["select"] = time.perf_counter() - t0
    work = scratch_for(out, ".work")
    work.mkdir(exist_ok=True)
    shown = progress.bar(f"dossier {target.name}", 3, "steps (bundle, pages, PDF)")
    try:
        zpath, sealed, lock = _bundle(root, target, scope.shown, work, now, tsa_ca_files, archive)
        shown.advance()
        timings["export"] = time.perf_counter() - t0 - sum(timings.values())
        changes = _status_changes(root, target.name)
        status = ctx.latest_status(changes)
        hostile_all = scope.everything.filter(pl.col("post_hostile"))
        hostile_scope = scope.posts.filter(pl.col("post_hostile"))
        clusters = ctx.clusters(hostile_scope, cfg.duplicate_min_authors)
        counts = ctx.counts(scope.posts, clusters, status, cfg.young_account_days)
        facts = manifest_facts(
            root, sorted(set(sealed["record_manifest"].drop_nulls())), tsa_ca_files
        )
        view = view_model(
            target=target,
            selection=selection,
            scope=scope,
            sealed=sealed,
            counts=counts,
            clusters=clusters,
            before=ctx.hostile_before(scope.everything),
            episode_of=ctx.episode_of(scope.posts, scope.episodes),
            status=status,
            changes=changes,
            hostile_all=hostile_all,
            facts=facts,
            state=evidence_state(root, target.name),
            keys=sorted(p.name[: -len(".pem")] for p in evidence_dir(root).glob("keys/*.pem")),
            bundle=zpath,
            cfg=cfg,
            lang=lang,
            now=now,
            custody_logged=True,  # log_output below, once the file and its hash exist
        )
        view["media"] = media_view(root, target.name, view["annex"], lang)  # media_view.py
        view["lock"] = lock.words(lang) if lock else None  # lockstate.py, read for the bundle
        annex_path = work / "annex.jsonl"
        annex_path.write_bytes(jsonl(view["annex"]))
        view["annex_file"] = annex_path.name
        view["annex_sha256"] = hashlib.sha256(annex_path.read_bytes()).hexdigest()
        timings["view"] = time.perf_counter() - t0 - sum(timings.values())
        shown.advance()
        tmp = work / "dossier.pdf"
        steps: dict[str, float] = {}
        pages = render_pdf(view, tmp, attachments=[zpath, annex_path], lang=lang, timings=steps)
        timings["render"] = time.perf_counter() - t0 - sum(timings.values())
        shown.advance()
        parts, processes = int(steps.pop("parts")), int(steps.pop("processes"))
        layout_cpu = steps.pop("cpu")
        timings |= {f"render.{k}": v for k, v in steps.items()}
        data = tmp.read_bytes()
        publish(tmp, out)
    finally:
        shown.close()
        for p in sorted(work.rglob("*"), reverse=True):
            p.rmdir() if p.is_dir() else p.unlink()
        discard_dir(work)
    digest = hashlib.sha256(data).hexdigest()
    chosen = {"episode": selection.episode, "author": selection.author_handle}
    chosen |= {"from": str(selection.start or ""), "to": str(selection.end or "")}
    log_output(root, target.name, "dossier", chosen, out, digest, now)
    return DossierResult(
        path=out,
        sha256=digest,
        pages=pages,
        posts=counts.posts,
        shown=view["shown_count"],
        threats=len(view["threats"]),
        accounts=len(view["accounts"]),
        bundle=zpath.name,
        timings=timings,
        parts=parts,
        processes=processes,
        layout_cpu=layout_cpu,
        lock=lock,
    )
