"""The evidence commands of ``tocsin``: verify, export, seal, keygen, recheck.

``register(app)`` adds them to the main command. Each calls one function of tasks.evidence that a
test calls too; a TocsinError is one line and exit 2 (flows/cli/common.py), a verification
that finds a problem exits 1 after naming every one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.common import (
    ConfigFile,
    DataDir,
    day_of,
    fail,
    guard,
    out,
    path_str,
    preflight,
    settings_of,
    shown,
)

Target = Annotated[str, typer.Option("--target", "-t", help="Target name.")]
SigningKey = Annotated[
    Path | None,
    typer.Option(
        "--signing-key",
        help="Ed25519 private key (PEM) outside the data root; default: the evidence_signing_key setting.",
        show_default=False,
    ),
]
TsaUrl = Annotated[
    str | None,
    typer.Option(
        "--tsa-url",
        help="RFC 3161 timestamp authority URL; default: the evidence_tsa_url setting.",
        show_default=False,
    ),
]
TsaCa = Annotated[
    Path | None,
    typer.Option(
        "--tsa-ca",
        help="The TSA's CA certificate(s), PEM; default: the evidence_tsa_ca_file setting.",
        show_default=False,
    ),
]


def _date(value: str | None, option: str) -> date | None:
    """An optional day option through the commands' one day parser (common.day_of): malformed
    or out-of-range days are a one-line error, exit 2."""
    return None if value is None else guard(lambda: day_of(value, option))


def verify(
    target: Annotated[
        str | None, typer.Option("--target", "-t", help="Only this target's manifests.")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="Only manifests with posts on or after this UTC day (YYYY-MM-DD)."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="Only manifests with posts on or before this UTC day."),
    ] = None,
    public_key: Annotated[
        list[Path] | None,
        typer.Option(
            "--public-key",
            help="Pin the expected signing public key (PEM); repeat after a key rotation.",
        ),
    ] = None,
    tsa_ca: Annotated[
        list[Path] | None, typer.Option("--tsa-ca", help="Pin the TSA's CA certificate (PEM).")
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="List every record concerned by a problem.")
    ] = False,
    archive_sample: Annotated[
        int,
        typer.Option(
            "--archive-sample",
            min=0,
            help="With evidence_archive set: download and compare the bytes of this many "
            "archived objects, picked at random (every object's lock and SHA-256 are checked).",
        ),
    ] = 20,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Recompute every record hash, Merkle root, chain link, signature and timestamp of the
    evidence copy, and re-derive every mentions and quarantine row from its sealed raw record;
    with evidence_archive set, check the archived copies' lock, retention and bytes; on an
    s3:// data root, read every object from the bucket and check its lock and retention.
    Prints what was covered; exits 1 naming each altered, missing or added file, record and row,
    or when nothing could be verified; 2 for an unknown target or an inverted window."""
    from tasks.evidence import report_lines, verify_evidence
    from tasks.evidence.archive import archive_of
    from tasks.storage import root_of

    first, last = _date(start, "--from"), _date(end, "--to")
    if first and last and last < first:
        fail(f"--to {end} is before --from {start}: the window is empty")
    settings = settings_of(config, data_dir)
    configured = _configured(settings) if target else None
    report = shown(
        lambda: verify_evidence(
            root_of(settings.data_dir),
            target=target,
            start=first,
            end=last,
            public_keys=public_key,
            tsa_ca_files=tsa_ca,
            configured_targets=configured,
            archive=archive_of(settings.evidence, secret_blocks=settings.prefect_secret_blocks),
            archive_sample=archive_sample,
            now=datetime.now(UTC),
        )
    )
    for line in report_lines(report, full=full):
        style = (
            "red"
            if line.startswith(("ERROR", "FAILED", "NOTHING"))
            else "yellow"
            if line.startswith(("WARNING", "OK with warnings"))
            else None
        )
        out.print(line, style=style, highlight=False, markup=False, soft_wrap=True)
    if not report.verified:
        raise typer.Exit(1)


def _configured(settings: Any) -> list[str]:
    """The targets file's names; none when there is no targets file (verify needs none)."""
    from config.targets import load_targets

    if not Path(settings.targets_file).exists():
        return []
    return list(guard(lambda: load_targets(settings.targets_file)))


def export(
    target: Target,
    start: Annotated[str, typer.Option("--from", help="First UTC day of posts, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--to", help="Last UTC day of posts, included.")],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="The bundle to write, a local .zip (must not exist); default: "
            "dossiers/<target>/ under the data root, a folder or s3://.",
            show_default=False,
        ),
    ] = None,
    ids: Annotated[
        Path | None,
        typer.Option("--ids", help="Only these posts: a file of post ids or URLs, one a line."),
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Write an investigator's bundle: posts, raw records, manifests, proofs, tokens, key, status
    changes, and a README (FR/EN) to check it all with sha256sum and openssl only."""
    from config.targets import load_targets, pick_targets
    from tasks.evidence.archive import archive_of
    from tasks.evidence.export import export_bundle, read_ids
    from tasks.evidence.outputs import evidence_root

    first, last = _date(start, "--from"), _date(end, "--to")
    assert first and last
    if last < first:
        fail(f"--to {end} is before --from {start}")
    settings = settings_of(config, data_dir)
    (chosen,) = guard(lambda: pick_targets(load_targets(settings.targets_file), [target]))
    ca_file = settings.evidence.evidence_tsa_ca_file
    chosen_ids = guard(lambda: read_ids(ids)) if ids else None
    result = shown(
        lambda: export_bundle(
            evidence_root(settings.data_dir, settings.evidence),
            target,
            first,
            last,
            out_file,
            ids=chosen_ids,
            timezone=chosen.timezone,
            tsa_ca_files=[ca_file] if ca_file else None,
            archive=archive_of(settings.evidence, secret_blocks=settings.prefect_secret_blocks),
        )
    )
    out.print(
        f"wrote {result.path}: {result.posts} posts ({result.versions} versions), "
        f"{result.records_proven} records and {result.pages_proven} pages with Merkle proofs, "
        f"{result.manifests} manifest(s)"
        + (f"; {result.unsealed} version(s) without sealed evidence" if result.unsealed else ""),
        highlight=False,
    )
    if result.lock is not None:
        out.print(f"object lock: {result.lock.words('en')}", highlight=False)
    out.print("check it: unzip it, then follow README.txt (or LISEZMOI.txt)", highlight=False)


def seal(
    target: Annotated[
        list[str] | None, typer.Option("--target", "-t", help="Only these targets.")
    ] = None,
    retry_timestamps: Annotated[
        bool,
        typer.Option(
            "--retry-timestamps", help="Ask the TSA again for every manifest still without a token."
        ),
    ] = False,
    signing_key: SigningKey = None,
    tsa_url: TsaUrl = None,
    tsa_ca: TsaCa = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Seal whatever a crashed run left unsealed, and (with --retry-timestamps) complete the
    timestamps a TSA failed to give. Running it again changes nothing."""
    from tasks.evidence import retry_timestamps as retry
    from tasks.evidence import seal_pending
    from tasks.evidence.archive import archive_of
    from tasks.evidence.config import sealing
    from tasks.runs import new_run_id

    settings = settings_of(
        config,
        data_dir,
        evidence_signing_key=signing_key,
        evidence_tsa_url=tsa_url,
        evidence_tsa_ca_file=tsa_ca,
    )
    cfg = settings.evidence
    now = datetime.now(UTC)
    results = shown(
        lambda: seal_pending(
            settings.data_dir,
            new_run_id("seal", now),
            now=now,
            targets=target,
            **sealing(cfg, settings.data_dir, secret_blocks=settings.prefect_secret_blocks),
        )
    )
    sealed = [r for r in results if r.manifest]
    for r in results:
        if r.manifest or (r.archive and r.archive.uploaded):  # a crash's leftovers archived
            out.print(r.describe(), highlight=False)
    if not sealed:
        out.print("nothing left unsealed", highlight=False)
    failed = any(r.timestamp_error for r in sealed)
    if retry_timestamps:
        if not cfg.evidence_tsa_url:
            fail("--retry-timestamps needs a TSA: pass --tsa-url or set evidence_tsa_url")
        done = guard(
            lambda: retry(
                settings.data_dir,
                cfg.evidence_tsa_url or "",
                tsa_ca_file=cfg.evidence_tsa_ca_file,
                tsa_timeout=cfg.evidence_tsa_timeout_seconds,
                archive=archive_of(cfg, secret_blocks=settings.prefect_secret_blocks),
                now=now,
            )
        )
        for name, problem in done:
            out.print(
                f"{name}: " + (f"still UNTIMESTAMPED: {problem}" if problem else "timestamped"),
                highlight=False,
            )
        if not done:
            out.print("every manifest already has its timestamp", highlight=False)
        failed = any(problem for _, problem in done)
    if failed:
        raise typer.Exit(1)


def keygen(
    out_file: Annotated[
        Path,
        typer.Option(
            "--out", help="Where to write the private key (PEM); keep it outside the data root."
        ),
    ],
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Create the Ed25519 key pair that signs evidence manifests (private key mode 600, public
    key beside it as .pub.pem). Then set evidence_signing_key to the private key's path."""
    from tasks.evidence.sign import generate_key

    settings = settings_of(config, data_dir)
    private, public = guard(lambda: generate_key(out_file, settings.data_dir))
    out.print(
        f"wrote {private} (private: back it up offline, never into the data root)", highlight=False
    )
    out.print(f"wrote {public} (public: give it to whoever will verify exports)", highlight=False)


def recheck(
    target: Annotated[
        list[str] | None, typer.Option("--target", "-t", help="Only these targets.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Observation day for the synthetic source's simulated platform (YYYY-MM-DD).",
        ),
    ] = None,
    data_dir: DataDir = None,
    config: ConfigFile = None,
) -> None:
    """Look the stored posts up on their platforms and record deletions, suspensions,
    withholdings and edits (the same flow as the daily `recheck` deployment)."""
    from flows.evidence import recheck as recheck_flow

    day = _date(as_of, "--as-of")
    settings, _ = preflight(config, data_dir, target)
    when = datetime.combine(day, datetime.min.time(), tzinfo=UTC) if day else None
    summaries = shown(
        lambda: recheck_flow(
            targets=target,
            data_dir=path_str(data_dir),
            config_file=path_str(config),
            as_of=when,
            settings=settings,
        )
    )
    for s in summaries:
        changes = ", ".join(f"{k} {v}" for k, v in (s["changes"] or {}).items()) or "no change"
        skipped = f"; {s['skipped']} skipped ({s['skipped_why']})" if s["skipped"] else ""
        out.print(
            f"{s['target']}: {s['looked_up']} posts looked up: {changes}{skipped}", highlight=False
        )


def register(app: typer.Typer) -> None:
    """Add the evidence commands to the ``tocsin`` command."""
    for fn in (verify, export, seal, keygen, recheck):
        app.command(name=fn.__name__)(fn)
