"""The weekly-digest flow under Prefect, end to end through the real relay on 127.0.0.1: it
sends each recipient one message, retries a transient refusal, never sends twice, and ends
Failed when a recipient cannot be served. And the ``tocsin digest`` command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import flows.digest as digest_flow
from flows.cli.digest import register
from tasks.digest import send
from tests.support.smtp import PASSWORD, USER, hang_up_relay

pytestmark = pytest.mark.usefixtures("prefect_harness")

TARGETS = """
[[target]]
name = "alice"
display_name = "Alice Martin"
timezone = "Europe/Paris"
sources = ["synthetic"]
handles = { x = "alice_reporter", x_user_id = "42" }

[[target.recipients]]
email = "alice@example.org"
name = "Alice"
lang = "fr"
role = "target"

[[target.recipients]]
email = "desk@example.org"
lang = "en"
role = "safety desk"

[[target]]
name = "bob"
timezone = "UTC"
"""


@pytest.fixture
def setup(scored, relay, tmp_path, monkeypatch) -> dict[str, Any]:
    server, smtp = relay
    targets = tmp_path / "targets.toml"
    targets.write_text(TARGETS)
    for name, value in {
        "SMTP_HOST": smtp.smtp_host,
        "SMTP_PORT": str(smtp.smtp_port),
        "SMTP_USER": USER,
        "SMTP_PASSWORD": PASSWORD,
        "SMTP_CA_FILE": str(smtp.smtp_ca_file),
        "SMTP_FROM": smtp.smtp_from,
    }.items():
        monkeypatch.setenv(f"TOCSIN_{name}", str(value))
    # Retries without waiting: the policy is under test, not the clock.
    monkeypatch.setattr(
        digest_flow, "deliver", digest_flow.deliver.with_options(retry_delay_seconds=0)
    )
    return {
        "root": scored["root"],
        "targets": targets,
        "server": server,
        "server_port": smtp.smtp_port,
        "out": tmp_path / "out",
    }


def run(setup: dict[str, Any], **kw: Any) -> Any:
    return digest_flow.weekly_digest(
        week="2020-W05",
        data_dir=str(setup["root"]),
        targets_file=str(setup["targets"]),
        out_dir=str(setup["out"]),
        **kw,
    )


def test_each_recipient_gets_one_message_and_a_rerun_sends_nothing(setup):
    results = run(setup)  # no targets named: those with digest recipients (alice, not bob)
    assert [(r["recipient"], r["status"]) for r in results] == [
        ("alice@example.org", "sent"),
        ("desk@example.org", "sent"),
    ]
    assert len(setup["server"].received) == 2
    files = sorted(p.name for p in (setup["out"] / "alice").iterdir())
    assert files == [
        "alice-2020-W05-alice-example-org.eml",
        "alice-2020-W05-desk-example-org.eml",
        "alice-2020-W05-en.html",
        "alice-2020-W05-en.png",
        "alice-2020-W05-en.txt",
        "alice-2020-W05-fr-summary.html",
        "alice-2020-W05-fr-summary.txt",
        "alice-2020-W05-fr.html",
        "alice-2020-W05-fr.png",
        "alice-2020-W05-fr.txt",
    ]
    again = run(setup)
    assert {r["status"] for r in again} == {"already sent"}
    assert len(setup["server"].received) == 2


def test_a_transient_refusal_is_retried(setup):
    setup["server"].replies = ["451 4.3.0 Try again later", "421 4.4.2 Connection dropped"]
    results = run(setup)
    assert {r["status"] for r in results} == {"sent"}
    assert setup["server"].attempts == 4 and len(setup["server"].received) == 2


def test_a_recipient_that_cannot_be_served_fails_the_run_after_serving_the_others(setup):
    setup["server"].replies = ["554 5.7.1 Rejected"]
    state = run(setup, return_state=True)
    assert state.is_failed()
    with pytest.raises(
        Exception, match=r"digest not delivered to alice@example.org \(alice 2020-W05\)"
    ):
        state.result()
    # Refused for good: not retried; the other recipient was still served.
    assert setup["server"].attempts == 2
    assert [m["To"] for m in setup["server"].messages()] == ["desk@example.org"]
    assert not send.already_sent(setup["root"], "alice", "2020-W05", "alice@example.org")
    assert send.already_sent(setup["root"], "alice", "2020-W05", "desk@example.org")


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)  # a group, so that `digest` is a sub-command as in tocsin
    register(app)
    return app


def test_cli_writes_the_digest_without_sending(setup, tmp_path):
    out = tmp_path / "preview"
    result = CliRunner().invoke(
        _cli(),
        [
            "digest",
            "--target",
            "alice",
            "--week",
            "2020-W05",
            "--out",
            str(out),
            "--data-dir",
            str(setup["root"]),
        ],
        env={"TOCSIN_TARGETS_FILE": str(setup["targets"])},
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'alice' / 'alice-2020-W05-fr.html'}" in result.output
    assert setup["server"].attempts == 0


def test_cli_sends_with_send(setup):
    result = CliRunner().invoke(
        _cli(),
        [
            "digest",
            "--target",
            "alice",
            "--week",
            "2020-W05",
            "--send",
            "--data-dir",
            str(setup["root"]),
            "--out",
            str(setup["out"]),
        ],
        env={"TOCSIN_TARGETS_FILE": str(setup["targets"])},
    )
    assert result.exit_code == 0, result.output
    assert "alice@example.org: sent (alice 2020-W05)" in result.output
    assert len(setup["server"].received) == 2


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        pytest.param(
            ["--target", "alice", "--week", "2020-W5"],
            {},
            "week '2020-W5': expected an ISO week as YYYY-Www, e.g. 2020-W05",
            id="bad-week",
        ),
        pytest.param(
            ["--target", "carol", "--week", "2020-W05"],
            {},
            "unknown target 'carol'; configured: alice, bob",
            id="unknown-target",
        ),
        pytest.param(
            ["--target", "alice", "--send"],
            {"TOCSIN_SMTP_HOST": ""},
            "--send needs an SMTP relay: set smtp_host (TOCSIN_SMTP_HOST)",
            id="no-relay",
        ),
    ],
)
def test_cli_errors_are_one_line_and_exit_2(setup, args, env, message):
    result = CliRunner().invoke(
        _cli(),
        ["digest", *args, "--data-dir", str(setup["root"])],
        env={"TOCSIN_TARGETS_FILE": str(setup["targets"]), **env},
    )
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == f"error: {message}"


def test_the_flow_is_a_deployment_of_prefect_yaml_shape():
    """What prefect.yaml's weekly-digest block relies on: the flow and its parameters."""
    import inspect

    params = inspect.signature(digest_flow.weekly_digest.fn).parameters
    assert digest_flow.weekly_digest.name == "weekly-digest"
    assert all(p.default is not inspect.Parameter.empty for p in params.values())
    assert {"targets", "week", "send_email"} <= set(params)
    assert isinstance(Path(digest_flow.__file__), Path)


@pytest.fixture
def send_log() -> Iterator[list[str]]:
    """The warnings the send task logs (Prefect's task-run logger does not reach caplog)."""
    import logging

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "send attempt" in record.getMessage():
                lines.append(record.getMessage())

    handler = Keep(level=logging.WARNING)
    loggers = [logging.getLogger(n) for n in ("prefect.task_runs", "flows.digest")]
    for lg in loggers:
        lg.addHandler(handler)
    try:
        yield lines
    finally:
        for lg in loggers:
            lg.removeHandler(handler)


def test_a_scheduled_run_logs_each_retry_with_its_reason_and_delay(setup, send_log):
    setup["server"].replies = ["451 4.3.0 Try again later", "554 5.7.1 Rejected"]
    state = run(setup, return_state=True)
    assert state.is_failed()
    port = setup["server_port"]
    assert send_log == [
        f"send attempt 1 of 5 failed: SMTP relay 127.0.0.1:{port}: "
        "(451, b'4.3.0 Try again later'); retrying in 0 s",
        f"send attempt 2 failed for good, not retried: SMTP relay 127.0.0.1:{port}: "
        "(554, b'5.7.1 Rejected')",
    ]


def test_an_interactive_run_retries_once_then_fails(setup, send_log, monkeypatch):
    # A person waits at the command line: one retry, 5 s later, not the scheduled hour.
    assert digest_flow.INTERACTIVE_RETRIES == {"retries": 1, "retry_delay_seconds": [5]}
    # Then without waiting them (two recipients: 10 s of sleep), as `setup` does the others.
    monkeypatch.setitem(digest_flow.INTERACTIVE_RETRIES, "retry_delay_seconds", [0])
    setup["server"].replies = ["451 4.3.0 Try again later"] * 4
    state = run(setup, interactive=True, return_state=True)
    assert state.is_failed()
    assert setup["server"].attempts == 4  # two recipients, two attempts each
    once = (
        f"send attempt 1 of 2 failed: SMTP relay 127.0.0.1:{setup['server_port']}: "
        "(451, b'4.3.0 Try again later'); retrying in 0 s"
    )
    assert send_log == [once, once]  # then Prefect's own "Retries are exhausted"


def test_cli_send_to_an_unreachable_relay_is_one_line_after_two_attempts(setup, monkeypatch):
    from functools import partial

    from tasks.alerts import smtp

    # The command's own check, its 5 s between attempts recorded instead of slept.
    sleeps: list[float] = []
    monkeypatch.setattr(smtp, "check_relay", partial(smtp.check_relay, sleep=sleeps.append))
    with hang_up_relay() as (accepted, port):
        result = CliRunner().invoke(
            _cli(),
            ["digest", "--target", "alice", "--week", "2020-W05", "--send"]
            + ["--data-dir", str(setup["root"])],
            env={"TOCSIN_TARGETS_FILE": str(setup["targets"]), "TOCSIN_SMTP_PORT": str(port)},
        )
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == (
        f"error: cannot reach SMTP relay 127.0.0.1:{port}: Connection unexpectedly closed "
        "(2 attempts, 5 s apart)"
    )
    assert len(accepted) == 2 and setup["server"].attempts == 0 and sleeps == [5.0]


def test_the_daily_digest_goes_only_to_the_desk_and_only_while_an_episode_is_open(setup):
    """The wave of the dataset runs Saturday 1 February 09:00 to Sunday 13:00 (Paris). At
    08:00 Paris on the Sunday, Saturday is due: the desk (daily by default) gets it once; the
    targeted person (no daily digest by default) gets nothing. A quiet day sends nothing."""
    from datetime import UTC, datetime

    kw = dict(
        data_dir=str(setup["root"]),
        targets_file=str(setup["targets"]),
        out_dir=str(setup["out"]),
    )
    now = datetime(2020, 2, 2, 7, 0, tzinfo=UTC)  # Sunday 08:00 in Paris
    results = digest_flow.daily_digest(now=now, **kw)
    assert [(r["week"], r["recipient"], r["status"]) for r in results] == [
        ("2020-02-01", "desk@example.org", "sent")
    ]
    (msg,) = setup["server"].messages()
    assert msg["Subject"].startswith("[Tocsin] Alice Martin — 1 February 2020, daily digest: ")
    text = msg.get_payload()[0].get_content()
    assert "This day against the day before" in text and "This week" not in text
    again = digest_flow.daily_digest(now=now, **kw)
    assert [r["status"] for r in again] == ["already sent"]
    quiet = digest_flow.daily_digest(day="2020-01-29", now=now, **kw)
    assert [r["status"] for r in quiet] == ["no episode open"]
    assert len(setup["server"].received) == 1
    # An hour earlier it was 07:00 in Paris: Saturday was not due yet, Friday had no episode.
    early = digest_flow.daily_digest(now=datetime(2020, 2, 2, 6, 0, tzinfo=UTC), **kw)
    assert [(r["week"], r["status"]) for r in early] == [("2020-01-31", "no episode open")]


def test_cli_writes_a_daily_digest_and_says_when_no_episode_is_open(setup, tmp_path):
    out = tmp_path / "daily"
    args = ["digest", "--target", "alice", "--out", str(out), "--data-dir", str(setup["root"])]
    env = {"TOCSIN_TARGETS_FILE": str(setup["targets"])}
    result = CliRunner().invoke(_cli(), [*args, "--day", "2020-02-01"], env=env)
    assert result.exit_code == 0, result.output
    assert f"wrote {out / 'alice' / 'alice-2020-02-01-desk-example-org.eml'}" in result.output
    assert "no episode open" not in result.output
    quiet = CliRunner().invoke(_cli(), [*args, "--day", "2020-01-29"], env=env)
    assert "alice 2020-01-29: no episode open that day" in " ".join(quiet.output.split())
    both = CliRunner().invoke(_cli(), [*args, "--day", "2020-02-01", "--week", "2020-W05"], env=env)
    assert both.exit_code == 2
    assert " ".join(both.output.split()) == "error: --week and --day: give one or the other"


def test_the_hourly_weekly_run_sends_a_week_once_at_the_target_monday_8am(setup):
    """No week given, as scheduled: at Monday 08:00 in Paris, alice's week 2020-W05 goes out;
    the next hourly run finds it sent and builds nothing."""
    from datetime import UTC, datetime

    kw = dict(
        data_dir=str(setup["root"]),
        targets_file=str(setup["targets"]),
        out_dir=str(setup["out"]),
    )
    first = digest_flow.weekly_digest(now=datetime(2020, 2, 3, 7, 0, tzinfo=UTC), **kw)
    assert {(r["week"], r["status"]) for r in first} == {("2020-W05", "sent")}
    assert digest_flow.weekly_digest(now=datetime(2020, 2, 3, 8, 0, tzinfo=UTC), **kw) == []
    assert len(setup["server"].received) == 2
