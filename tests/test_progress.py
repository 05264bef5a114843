"""What the terminal shows while work runs (tasks/progress.py, flows/console.py): bars of pages,
records, manifests and targets on a terminal, plain lines off one, and every rate-limit wait with
its reason and end. Driven through rich consoles writing to a buffer as a terminal would, an
injected clock and an injected sleep: nothing here waits."""

from __future__ import annotations

import os
import re
import sys
from datetime import UTC, datetime
from io import StringIO

import pytest
from rich.console import Console

from flows.console import RichReporter, terminal_reporter
from tasks import progress
from tasks.sources.http import Client
from tests.support.sources import Sleeps

CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def terminal() -> tuple[Console, StringIO]:
    buf = StringIO()
    return Console(file=buf, force_terminal=True, color_system=None, width=120), buf


def shown(buf: StringIO) -> str:
    """What a person reads: control sequences out, each redraw on a line of its own."""
    return CONTROL.sub("", buf.getvalue()).replace("\r", "\n")


def test_a_terminal_shows_a_bar_per_unit_of_work_and_a_line_as_each_ends():
    console, buf = terminal()
    clock = Clock()
    reporter = RichReporter(console, clock=clock)
    with progress.installed(reporter):
        bar = progress.bar("demo/x", unit="pages read")
        for _ in bar.count(range(120)):
            pass
        bar.advance(0, records=12_000)
        reporter.view.refresh()
        assert "demo/x" in shown(buf)
        assert "120 pages read, 12,000 records" in shown(buf)
        bar.stage("sealing")
        reporter.view.refresh()
        assert "demo/x: sealing" in shown(buf)
        clock.now += 5
        bar.close()
        assert "✓ demo/x: 120 pages read, 12,000 records (5 s)" in shown(buf).splitlines()
        with progress.bar("verify", 3, "manifests checked") as counted:
            counted.advance(2)
            reporter.view.refresh()
            assert "2/3 manifests checked" in shown(buf)
    assert progress.current() is not reporter  # the command is over: silent again
    assert "✓ verify: 2/3 manifests checked (0 s)" in shown(buf).splitlines()


def _ask(base_url: str, sleeps: Sleeps, at: datetime, times: int) -> None:
    client = Client(
        platform="x",
        base_url=base_url,
        base_url_setting="sources.x_base_url",
        timeout=5,
        max_retries=2,
        max_wait=3600,
        sleep=sleeps,
        clock=lambda: at,
    )
    try:
        for _ in range(times):
            client.get("/2/tweets/search/all")
    finally:
        client.close()


@pytest.mark.parametrize(
    ("first", "asked", "waited", "line"),
    [
        pytest.param(
            dict(status=429, headers={"x-rate-limit-reset": "1764685924"}),  # 14:32:04 UTC
            1,  # answered after the retry
            [901.0],  # one second past the reset: clocks differ
            "X rate limit: waiting until 14:32:05 UTC (15 min), 120 of 450 pages read (demo/x)",
            id="429-until-the-reset",
        ),
        pytest.param(
            dict(headers={"x-rate-limit-remaining": "0", "x-rate-limit-reset": "1764685924"}),
            2,  # the window is spent: the second request waits for the reset first
            [900.0],
            "X rate limit: waiting until 14:32:04 UTC (15 min), 120 of 450 pages read (demo/x)",
            id="window-spent",
        ),
    ],
)
def test_a_rate_limit_wait_is_shown_with_its_reason_its_end_and_the_work_done(
    srv, first, asked, waited, line
):
    at = datetime(2025, 12, 2, 14, 17, 4, tzinfo=UTC)
    srv.expect_ordered_request("/2/tweets/search/all").respond_with_json(
        {"data": []}, status=first.get("status", 200), headers=first["headers"]
    )
    srv.expect_ordered_request("/2/tweets/search/all").respond_with_json({"data": []})
    console, buf = terminal()
    sleeps = Sleeps()
    with progress.installed(RichReporter(console)):
        with progress.bar("demo/x", 450, "pages read") as bar:
            bar.advance(120)
            _ask(srv.url_for("/").rstrip("/"), sleeps, at, asked)
    assert sleeps == waited
    assert line in shown(buf).splitlines()


def test_off_a_terminal_a_quick_command_prints_nothing_and_a_long_one_a_line_every_30_s():
    lines: list[str] = []
    clock = Clock()
    reporter = progress.PlainReporter(lines.append, every=30, clock=clock)
    with progress.installed(reporter):
        with progress.bar("demo/x", unit="pages read") as bar:
            for _ in bar.count(range(5)):
                pass
            assert lines == []  # a quick command says nothing more than its results
            clock.now += 31
            bar.advance(1, records=600)
            assert lines == ["demo/x: 6 pages read, 600 records (31 s)"]
            bar.advance(1)  # within 30 s of the last line: nothing
            assert len(lines) == 1
            until = datetime(2025, 12, 2, 14, 32, 5, tzinfo=UTC)
            with progress.waiting("Bluesky rate limit", until, 125):
                pass
            assert lines[-1] == (
                "Bluesky rate limit: waiting until 14:32:05 UTC (2 min), 7 pages read (demo/x)"
            )
    assert lines[-1] == "demo/x: 7 pages read, 600 records (31 s) done"


def test_nothing_is_shown_by_default_nor_by_a_reporter_another_process_installed():
    assert type(progress.current()) is progress.Reporter
    bar = progress.bar("demo/x", unit="pages read")
    bar.advance(3)
    bar.close()
    assert progress.current().bars == []  # a long-lived worker accumulates nothing
    lines: list[str] = []
    inherited = progress.PlainReporter(lines.append, every=0)
    inherited.pid = os.getpid() + 1  # as a forked child sees its parent's reporter
    with progress.installed(inherited):
        assert progress.current() is not inherited
        with progress.waiting("X rate limit", datetime(2025, 1, 1, tzinfo=UTC), 60):
            pass
    assert lines == []


def test_off_a_terminal_the_command_writes_lines_through_its_console():
    buf = StringIO()
    reporter = terminal_reporter(Console(file=buf, force_terminal=False))
    assert isinstance(reporter, progress.PlainReporter)
    with progress.installed(reporter):
        with progress.waiting("X rate limit", datetime(2025, 1, 1, 9, 0, tzinfo=UTC), 30):
            pass
    assert buf.getvalue() == "X rate limit: waiting until 09:00:00 UTC (30 s)\n"


def test_targets_run_one_after_the_other_are_counted_as_each_is_done():
    from flows.workers import in_workers

    lines: list[str] = []
    clock = Clock()
    seen: list[str] = []

    def one(name: str) -> str:
        seen.append(progress.current().innermost().so_far())
        clock.now += 40
        return name

    with progress.installed(progress.PlainReporter(lines.append, every=30, clock=clock)):
        results = in_workers(one, [dict(name="alice"), dict(name="bob")], workers=1)
    assert results == [("alice", None), ("bob", None)]
    assert seen == ["0 of 2 targets done", "1 of 2 targets done"]
    assert lines == [
        "targets: 1 of 2 targets done (40 s)",
        "targets: 2 of 2 targets done (1 min)",
        "targets: 2 of 2 targets done (1 min) done",
    ]


def test_tocsin_verify_on_a_terminal_shows_its_manifests_checked_on_stderr_only(
    tmp_path, target, monkeypatch
):
    from typer.testing import CliRunner

    from flows.cli import app, common
    from tests.support.evidence import ingest_and_seal, pages_of_run

    root = tmp_path / "data"
    ingest_and_seal(root, pages_of_run(2), target, "run-1", None, None)
    console, buf = terminal()  # stderr as a terminal shows it
    monkeypatch.setattr(common, "err", console)
    result = CliRunner().invoke(app, ["verify", "--data-dir", str(root)])
    assert re.search(r"^✓ verify: 1/1 manifests checked \(\d+ s\)$", shown(buf), re.M), shown(buf)
    # The report is stdout's, the bars stderr's: a pipe or a file gets the report alone.
    assert "covered: 1 of 1 manifest(s)" in result.stdout
    assert "manifests checked" not in result.stdout and "━" not in result.stdout


def test_log_lines_written_meanwhile_go_above_the_bars_not_under_them(capsys):
    import logging

    from prefect.logging.handlers import PrefectConsoleHandler

    # Prefect's console handler holds stderr (and a rich Console of its own on it) from the
    # moment logging is configured: without rerouting, its lines land inside the bars' redraw.
    handler = PrefectConsoleHandler(stream=sys.stderr)
    tocsin = logging.getLogger("tocsin")
    tocsin.addHandler(handler)
    try:
        console = Console(stderr=True, force_terminal=True, color_system=None, width=100)
        with progress.installed(RichReporter(console)):
            with progress.bar("demo/x", unit="pages read") as bar:
                bar.advance(3)
                logging.getLogger("tocsin.sources").warning("x: retrying in 2 s")
        assert handler.stream is sys.stderr  # given back once the bars are gone
        lines = CONTROL.sub("", capsys.readouterr().err).replace("\r", "\n").splitlines()
    finally:
        tocsin.removeHandler(handler)
    (said,) = [line for line in lines if "retrying" in line]
    assert said == "x: retrying in 2 s"  # a line of its own, not glued to a bar's redraw


def test_an_imports_last_line_counts_the_rows_its_spool_wrote(tmp_path):
    # The valid rows wait in a spool until the last batch; the line said "0 written" to the end.
    from benchmarks import single_target
    from tasks.lifecycle import import_plain

    data = single_target.generate(300, cache=tmp_path / "cache")
    config = single_target.write_config(tmp_path)
    console, buf = terminal()
    with progress.installed(RichReporter(console, clock=Clock())):
        row = import_plain(
            [str(data / f"{single_target.TARGET}.jsonl")],
            single_target.TARGET,
            config_file=str(config),
        )
    ended = [line for line in shown(buf).splitlines() if line.startswith("✓")]
    assert row["written"] > 0
    assert f"{row['written']:,} written" in ended[-1], ended
