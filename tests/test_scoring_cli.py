"""``tocsin score``: the function the command calls, with in-memory streams, and the command."""

from __future__ import annotations

import io

import orjson
import pytest
import typer
from typer.testing import CliRunner

from flows.cli.scoring import register
from tasks.scoring import ScorerUnavailable, score_jsonl

LINES = [
    '{"id": "a", "text": "je vais te tuer", "lang": "fr"}',
    "this is not json",
    '{"id": 2, "text": "thanks for the piece"}',
    "",
    '{"id": 3}',
    '{"id": 4, "text": 5}',
    '{"id": 5, "text": "courage 💪", "lang": null}',
    "[1, 2]",
]


def test_round_trip_reports_bad_lines_and_scores_the_rest() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = score_jsonl(io.StringIO("\n".join(LINES) + "\n"), out, err)
    assert code == 1
    rows = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert rows == [
        {
            "id": "a",
            "stance": "hostile",
            "categories": ["threat"],
            "severity": 4,
            "score": 0.95,
            "reasons": ["fr.threat.first_person: «je vais te tuer»"],
        },
        {
            "id": 2,
            "stance": "neutral",
            "categories": [],
            "severity": 0,
            "score": 0.0,
            "reasons": [],
        },
        {
            "id": 5,
            "stance": "supportive",
            "categories": [],
            "severity": 0,
            "score": 0.0,
            "reasons": ["fr.support.support: «courage»", "any.support.strength_emoji: «💪»"],
        },
    ]
    assert err.getvalue().splitlines() == [
        "error: line 2: not JSON (invalid literal)",
        "error: line 5: missing 'text'",
        "error: line 6: 'text' must be a string",
        "error: line 8: expected an object with id and text, got list",
        "4 bad line(s) not scored",
    ]


def test_all_good_lines_exit_zero() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert score_jsonl(io.StringIO('{"id": 1, "text": "hello"}\n'), out, err) == 0
    assert err.getvalue() == "" and len(out.getvalue().splitlines()) == 1


def test_unknown_scorer() -> None:
    with pytest.raises(ScorerUnavailable, match="unknown scorer 'nope': choose one of rules"):
        score_jsonl(io.StringIO(""), io.StringIO(), io.StringIO(), scorer_name="nope")


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command, so that "score" stays a subcommand
        pass

    return app


def test_command(app: typer.Typer) -> None:
    res = CliRunner().invoke(app, ["score"], input='{"id": 1, "text": "sale pute"}\nnope\n')
    assert res.exit_code == 1
    assert '"stance":"hostile"' in res.stdout
    assert "error: line 2: not JSON" in res.stderr


def test_command_perspective_without_key(app: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOCSIN_PERSPECTIVE_API_KEY", raising=False)
    res = CliRunner().invoke(app, ["score", "--scorer", "perspective"], input="")
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        "error: the perspective scorer needs an API key: set TOCSIN_PERSPECTIVE_API_KEY "
        "(note: Perspective stops serving at the end of 2026)"
    )


def test_command_perspective_reads_the_key_from_the_settings(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOCSIN_CONFIG", raising=False)
    monkeypatch.setenv("TOCSIN_PERSPECTIVE_API_KEY", "k-from-env")
    # A language Perspective does not serve: the scorer is built, and no request leaves.
    res = CliRunner().invoke(
        app, ["score", "--scorer", "perspective"], input='{"id": 1, "text": "hi", "lang": "xx"}\n'
    )
    assert res.exit_code == 0, res.stderr
    assert "perspective: language 'xx' not served" in res.stdout


def test_command_perspective_key_in_a_config_file_is_refused(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOCSIN_CONFIG", raising=False)
    monkeypatch.delenv("TOCSIN_PERSPECTIVE_API_KEY", raising=False)
    (tmp_path / "tocsin.toml").write_text('perspective_api_key = "k-in-file"\n')
    res = CliRunner().invoke(app, ["score", "--scorer", "perspective"], input="")
    assert res.exit_code == 2
    assert res.stderr.startswith(
        "error: config file tocsin.toml: credentials do not belong in a file "
        "(perspective_api_key); remove them and set TOCSIN_PERSPECTIVE_API_KEY"
    )
    assert len(res.stderr.strip().splitlines()) == 1 and "k-in-file" not in res.stderr
