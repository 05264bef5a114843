"""``tocsin score``: score JSON Lines from stdin to stdout, with the default local scorer or
another backend. Registered on the main command by ``register(app)``; the work is
``tasks.scoring.score_jsonl``, which a test calls too with in-memory streams.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from flows.cli.common import guard, settings_of


def register(app: typer.Typer) -> None:
    @app.command("score")
    def score(
        scorer: Annotated[
            str,
            typer.Option(
                "--scorer",
                help="rules (default: local, no network), perspective (needs "
                "TOCSIN_PERSPECTIVE_API_KEY; the service ends in 2026) or transformer "
                "(needs --model or the transformer_model setting, and a local install of "
                "transformers).",
            ),
        ] = "rules",
        model: Annotated[
            Path | None,
            typer.Option(
                "--model",
                help="Directory of a saved model, for --scorer transformer (default: the "
                "transformer_model setting, TOCSIN_TRANSFORMER_MODEL).",
            ),
        ] = None,
    ) -> None:
        """Score posts: JSON Lines {"id", "text"[, "lang"]} on stdin, one JSON line
        {"id", "stance", "categories", "severity", "score", "reasons"} per post on stdout.

        A bad line is reported on stderr with its line number and the rest are still scored;
        the exit code is then 1.
        """
        from tasks.scoring import get_scorer
        from tasks.scoring.jsonl import score_with

        options: dict[str, object] = {}
        if scorer == "perspective":
            # Secrets come from the environment, never from a file or the command line: the
            # settings refuse the key in a config file.
            key = settings_of(None, None).perspective_api_key
            options["api_key"] = key.get_secret_value() if key else None
        elif scorer == "transformer":  # --model, else the transformer_model setting
            options["model"] = model or settings_of(None, None).scoring.transformer_model
        backend = guard(lambda: get_scorer(scorer, **options))
        # score_with is score_jsonl with the backend built here from the options.
        raise typer.Exit(score_with(backend, sys.stdin, sys.stdout, sys.stderr))
