"""The CLI's error paths: one line on stderr naming the file, the line or the value, exit code 2,
never a traceback. Each message is pinned whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.cli.common import BadOption, day_of, week_of, window_of
from tasks.digest.week import IsoWeek


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    return lines[0]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param(
            "data_dir = 'x'\nfoo = [\n",
            "at the end of the file: not valid TOML: Invalid value",
            id="eof",
        ),
        pytest.param(
            'data_dir = "x\n',
            "line 1, column 14: not valid TOML: Illegal character '\\n'",
            id="line",
        ),
        pytest.param(
            "a = 1\na = 2\n",
            "line 2, column 6: not valid TOML: Cannot overwrite a value",
            id="twice",
        ),
    ],
)
def test_a_malformed_settings_file_is_one_line_naming_it_and_where(tmp_path, text, where):
    path = tmp_path / "tocsin.toml"
    path.write_text(text)
    code, output = run("status", "--config", str(path))
    assert code == 2
    assert error_line(output) == f"error: config file {path}, {where}"


def test_a_settings_file_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "tocsin.toml"
    path.write_bytes(b"data_dir = 'x'\n# caf\xe9\n")
    code, output = run("status", "--config", str(path))
    assert (code, error_line(output)) == (2, f"error: config file {path}, line 2: not UTF-8 text")


def test_a_malformed_targets_file_is_one_line_naming_it_and_where(tmp_path):
    targets = tmp_path / "targets.toml"
    targets.write_text('[[target]]\nname = "a\n')
    config = tmp_path / "tocsin.toml"
    config.write_text(f"targets_file = {str(targets)!r}\n")
    code, output = run(
        "backfill", "-t", "a", "--from", "2024-01-01", "--to", "2024-01-02", "--config", str(config)
    )
    assert code == 2
    assert error_line(output) == (
        f"error: targets file {targets}, line 2, column 10: not valid TOML: Illegal character '\\n'"
    )


DAY_RANGE = "out of range; expected a day from 2000-01-01 to 2099-12-31"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["backfill", "-t", "demo", "--from", "9999-12-31", "--to", "9999-12-31"],
            f"--from '9999-12-31': {DAY_RANGE}",
            id="backfill-far-future",
        ),
        pytest.param(
            ["backfill", "-t", "demo", "--from", "2020-01-01", "--to", "9999-12-31"],
            f"--to '9999-12-31': {DAY_RANGE}",
            id="backfill-to",
        ),
        pytest.param(
            ["detect", "-t", "demo", "--from", "0001-01-01", "--to", "0001-01-02"],
            f"--from '0001-01-01': {DAY_RANGE}",
            id="detect-year-one",
        ),
        pytest.param(
            ["detect", "-t", "demo", "--from", "2020-02-30", "--to", "2020-03-01"],
            "--from '2020-02-30': expected a date as YYYY-MM-DD",
            id="detect-no-such-day",
        ),
        pytest.param(
            ["detect", "-t", "demo", "--from", "2020-02-02", "--to", "2020-02-01"],
            "--to 2020-02-01 is before --from 2020-02-02",
            id="detect-inverted",
        ),
        pytest.param(
            [
                "export",
                "-t",
                "demo",
                "--from",
                "2020-01-01",
                "--to",
                "9999-12-31",
                "--out",
                "x.zip",
            ],
            f"--to '9999-12-31': {DAY_RANGE}",
            id="export-far-future",
        ),
        pytest.param(
            ["verify", "--from", "9999-12-31"],
            f"--from '9999-12-31': {DAY_RANGE}",
            id="verify-far-future",
        ),
        pytest.param(
            ["digest", "-t", "demo", "--week", "9999-W52"],
            "--week '9999-W52': out of range; expected a week from 2000-W01 to 2099-W52",
            id="digest-far-future",
        ),
        pytest.param(
            ["digest", "-t", "demo", "--week", "0001-W01"],
            "--week '0001-W01': out of range; expected a week from 2000-W01 to 2099-W52",
            id="digest-year-one",
        ),
    ],
)
def test_a_date_out_of_range_is_one_line_naming_the_option_and_value(tmp_path, args, message):
    code, output = run(*args, "--data-dir", str(tmp_path / "data"))
    assert (code, error_line(output)) == (2, f"error: {message}")


def test_the_date_bounds_are_accepted_and_their_neighbours_refused():
    assert window_of("2000-01-01", "2099-12-31") == (date(2000, 1, 1), date(2099, 12, 31))
    for value in ("1999-12-31", "2100-01-01"):
        with pytest.raises(BadOption, match=f"^--from '{value}': out of range"):
            day_of(value, "--from")
    assert week_of("2000-W01") == IsoWeek(2000, 1) and week_of("2099-W52") == IsoWeek(2099, 52)
    for value in ("1999-W52", "2099-W53"):
        with pytest.raises(BadOption, match=f"^--week '{value}': out of range"):
            week_of(value)


def test_a_message_with_brackets_is_shown_not_parsed_as_markup(tmp_path):
    targets = tmp_path / "targets.toml"
    targets.write_text("# no target here\n")
    config = tmp_path / "tocsin.toml"
    config.write_text(f"targets_file = {str(targets)!r}\n")
    code, output = run("status", "--config", str(tmp_path / "[b]x[/b].toml"))
    assert (code, error_line(output)) == (
        2,
        f"error: config file not found: {tmp_path}/[b]x[/b].toml",
    )
    code, output = run(
        "detect", "-t", "a", "--from", "2024-01-01", "--to", "2024-01-01", "--config", str(config)
    )
    assert (code, error_line(output)) == (
        2,
        f"error: targets file {targets} declares no [[target]]",
    )


def _corrupt_store(tmp_path: Path) -> tuple[Path, Path]:
    """A data root whose one mentions partition holds bytes that are not Parquet."""
    from tasks.schema import MENTIONS

    root = tmp_path / "data"
    bad = root / MENTIONS.path / "target=alice" / "date=2020-01-28" / "part-0.parquet"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"not parquet at all, just bytes")
    return root, bad


def test_a_corrupt_parquet_file_is_named(tmp_path, targets_file, monkeypatch):
    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(targets_file))
    root, bad = _corrupt_store(tmp_path)
    code, output = run(
        "digest", "-t", "alice", "--week", "2020-W05", "--data-dir", str(root),
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert code == 2
    assert error_line(output) == (
        f"error: corrupt Parquet file {bad}: Parquet magic bytes not found in footer. "
        "Either the file is corrupted or this is not a parquet file."
    )
