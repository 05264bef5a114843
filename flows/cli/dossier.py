"""``tocsin dossier``: the PDF a prosecutor can file, for an episode, an account or a window.

Registered on the main app by flows/cli/__init__.py (``register(app)``). It calls
tasks.dossier.write_dossier directly, as the ``dossier`` flow does (flows/dossier.py): nothing
leaves the machine and Prefect is not started for one document a person is waiting for.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from flows.cli.common import ConfigFile, DataDir, day_of, fail, guard, out, preflight, shown


def register(app: typer.Typer) -> None:
    """Add ``dossier`` to the ``tocsin`` command."""

    @app.command()
    def dossier(
        target: Annotated[str, typer.Option("--target", "-t", help="Target name.")],
        out_file: Annotated[
            Path | None,
            typer.Option(
                "--out",
                help="The PDF to write, a local path (must not exist); default: "
                "dossiers/<target>/ under the data root, a folder or s3://.",
                show_default=False,
            ),
        ] = None,
        episode: Annotated[
            str | None,
            typer.Option(
                "--episode",
                help="One harassment episode id (see `tocsin detect`).",
                show_default=False,
            ),
        ] = None,
        author: Annotated[
            str | None,
            typer.Option(
                "--author",
                help="Every post of this account (handle) aimed at the target.",
                show_default=False,
            ),
        ] = None,
        start: Annotated[
            str | None,
            typer.Option("--from", help="First UTC day of posts, YYYY-MM-DD.", show_default=False),
        ] = None,
        end: Annotated[
            str | None,
            typer.Option("--to", help="Last UTC day of posts, included.", show_default=False),
        ] = None,
        lang: Annotated[
            str | None,
            typer.Option(
                "--lang",
                help="fr or en (default: the language of the target's first recipient).",
                show_default=False,
            ),
        ] = None,
        data_dir: DataDir = None,
        config: ConfigFile = None,
    ) -> None:
        """Write the evidence dossier of a target as a PDF/A-3b: cover, summary with the incident
        chart, legal framing, threats first in full, each participating account with its pack
        context, an annex of every post (a line each, the whole in the attached annex.jsonl),
        the chain of custody and how to verify; the evidence bundle (records, proofs, manifests,
        signatures, timestamps, key, verify.sh) is attached inside. With no selector: every harassment episode of the target."""
        from tasks.dossier import Selection, detect_config, write_dossier
        from tasks.evidence.archive import archive_of
        from tasks.evidence.outputs import evidence_root

        first = guard(lambda: day_of(start, "--from")) if start else None
        last = guard(lambda: day_of(end, "--to")) if end else None
        if first and last and last < first:
            fail(f"--to {end} is before --from {start}: the window is empty")
        if lang is not None and lang not in ("fr", "en"):
            fail(f"--lang {lang}: choose fr or en")
        settings, (chosen,) = preflight(config, data_dir, [target])
        ca_file = settings.evidence.evidence_tsa_ca_file
        result: Any = shown(
            lambda: write_dossier(
                evidence_root(settings.data_dir, settings.evidence),
                chosen,
                out_file,
                Selection(episode=episode, author=author, start=first, end=last),
                lang=lang,
                now=datetime.now(UTC),
                tsa_ca_files=[ca_file] if ca_file else None,
                detect=detect_config(settings),
                archive=archive_of(settings.evidence, secret_blocks=settings.prefect_secret_blocks),
            )
        )
        out.print(
            f"wrote {result.path}: {result.pages} pages, {result.shown} posts in the annex "
            f"({result.threats} threats in full, {result.accounts} accounts), attachments "
            f"{result.bundle} and annex.jsonl",
            highlight=False,
        )
        out.print(f"sha256 {result.sha256}", highlight=False)
        if result.lock is not None:
            out.print(f"object lock: {result.lock.words('en')}", highlight=False)
