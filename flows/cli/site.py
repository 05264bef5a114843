"""``tocsin site``: (re)write the safety-desk pages under ``<data>/site/``.

Registered on the main app by flows/cli/__init__.py (``register(app)``). No Prefect, no server:
the pages are static files, written by tasks.site.build_site (which the flows also call at the
end of each run); this command rebuilds them on demand, e.g. as of an earlier day.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from flows.cli.common import ConfigFile, DataDir, day_of, fail, guard, out, preflight


def register(app: typer.Typer) -> None:
    """Add ``site`` to the ``tocsin`` command."""

    @app.command()
    def site(
        at: Annotated[
            str | None,
            typer.Option(
                "--at",
                help="Last day shown, YYYY-MM-DD (default: today in each target's timezone).",
                show_default=False,
            ),
        ] = None,
        days: Annotated[int, typer.Option(min=1, max=366, help="Days shown on each page.")] = 30,
        lang: Annotated[
            str | None,
            typer.Option(
                help="Language of the index, fr or en (default: the first target's first "
                "recipient's). Each target has a page in both.",
                show_default=False,
            ),
        ] = None,
        data_dir: DataDir = None,
        config: ConfigFile = None,
    ) -> None:
        """Write the safety-desk site (<data>/site/index.html and one page per target and
        language): open and recent episodes, the chart, the threat queue, the posts in
        languages the rules do not read, the dossiers made."""
        last_day = guard(lambda: day_of(at, "--at")) if at is not None else None
        if lang is not None and lang not in ("fr", "en"):
            fail(f"--lang {lang!r}: expected fr or en")
        settings, targets = preflight(config, data_dir, None)
        from tasks.site import build_site

        result: Any = guard(
            lambda: build_site(
                settings.data_dir,
                targets,
                datetime.now(UTC),
                days=days,
                last_day=last_day,
                lang=lang,
            )
        )
        out.print(f"wrote {result.index}", highlight=False)
        for by_lang in result.pages.values():
            for path in by_lang.values():
                out.print(f"wrote {path}", highlight=False)
