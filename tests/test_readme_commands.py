"""The README's and the docs' commands run as written.

Every ``tocsin …`` line of their shell blocks and every ``tocsin …`` inline code is checked
against the real command, read from click's command objects (nothing runs, so this is fast): the
command exists, every option it uses is one the command accepts, an option that takes a value is
given one, a flag is given none, positional words only where the command takes arguments. The
usage lines (the README's Commands table, the shell blocks) must also give every required option
and argument. The README's sentence about `--data-dir` and `--config` is checked against the
commands that take them, and the deployment's backfill command against the flow's parameters.
"""

from __future__ import annotations

import inspect
import re
import shlex
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
import typer.main
import yaml

from flows.cli import app
from flows.serve import flow_of

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# docs/benchmarks.md is generated output (figures printed by benchmarks/), not instructions.
DOCS = [README, *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "benchmarks.md")]
ROOT_COMMAND = typer.main.get_command(app)


@dataclass(frozen=True)
class Use:
    where: str  # file:line
    text: str  # the command as written, from "tocsin"
    usage: bool  # a usage line or a shell line: required options must be there too


def shell_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line) of every line inside a ```bash/```sh/``` fence."""
    found, fence = [], None
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith("```"):
            fence = None if fence is not None else line[3:].strip()
        elif fence in ("", "bash", "sh", "shell", "console"):
            found.append((n, line))
    return found


def commands_in(path: Path) -> list[Use]:
    uses: list[Use] = []
    rel = path.relative_to(ROOT)
    shell = dict(shell_lines(path))
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if n in shell:
            code = line.split(" #")[0]  # the comment after the command
            for part in re.split(r"&&|\|\||;|\|(?!\|)", code):
                # The command word itself, after any VAR=value and a path (.venv/bin/tocsin):
                # "--pool tocsin" or "/srv/tocsin-data" are not commands.
                m = re.match(r"(?:[A-Z_]+=\S+\s+)*(?:\S*/)?(tocsin\s.*)$", part.strip())
                if m:
                    uses.append(Use(f"{rel}:{n}", m.group(1).strip(), usage=True))
            continue
        for span in re.findall(r"`(tocsin\s[^`]+)`", line):
            table_cell = line.startswith("| `tocsin")
            uses.append(Use(f"{rel}:{n}", span.replace("\\|", "|"), usage=table_cell))
    return uses


ALL = [use for path in DOCS for use in commands_in(path)]


def test_the_readme_has_commands_to_check():
    readme = [u for u in ALL if u.where.startswith("README.md")]
    # the Quick start's demo, the whole Commands table, the prose
    assert sum(u.usage for u in readme) >= 18
    assert any(u.text == "tocsin demo" for u in readme)


def words_of(text: str) -> list[str]:
    """The words of a usage line, brackets of optional parts removed; ``X…`` marks a repeat."""
    text = re.sub(r"<[^>]*>", "X", text)  # a placeholder such as <the copy> is one word
    text = text.replace("[", " ").replace("]", " ").replace("…", " … ")
    return shlex.split(text)


def problems(use: Use) -> list[str]:
    words = words_of(use.text)[1:]  # after "tocsin"
    cmd, path = ROOT_COMMAND, ["tocsin"]
    while hasattr(cmd, "commands"):  # a group: the next word names its command
        if not words:
            return [f"{' '.join(path)} needs a command"] if use.usage else []
        name, words = words[0], words[1:]
        if name not in cmd.commands:
            return [f"{' '.join(path)} has no command {name!r}"]
        cmd, path = cmd.commands[name], [*path, name]
    options = {o: p for p in cmd.params if p.param_type_name == "option" for o in p.opts}
    arguments = [p for p in cmd.params if p.param_type_name == "argument"]
    given, positional, found = set(), 0, []
    last = None  # the parameter the previous word filled, for "…"
    while words:
        word, words = words[0], words[1:]
        if word == "…":
            repeatable = last is not None and (
                getattr(last, "multiple", False) or getattr(last, "nargs", 1) == -1
            )
            if not repeatable:
                found.append(f"{' '.join(path)}: '…' after something that does not repeat")
            continue
        if word.startswith("-"):
            name = word.split("=")[0]
            param = options.get(name)
            if param is None:
                found.append(f"{' '.join(path)} has no option {name}")
                last = None
                continue
            given.add(param.name)
            last = param
            if param.is_flag:
                if "=" in word:
                    found.append(f"{' '.join(path)} {name} is a flag: it takes no value")
            elif "=" not in word:
                if not words or words[0].startswith("-") or words[0] == "…":
                    found.append(f"{' '.join(path)} {name} needs a value")
                else:
                    words = words[1:]
            continue
        positional += 1
        if not arguments:
            found.append(f"{' '.join(path)} takes no argument, got {word!r}")
        last = arguments[0] if arguments else None
        if arguments:
            given.add(arguments[0].name)
    if use.usage:
        for p in cmd.params:
            if p.required and p.name not in given:
                label = p.opts[0] if p.param_type_name == "option" else p.name.upper()
                found.append(f"{' '.join(path)}: {label} is required and missing")
    return found


@pytest.mark.parametrize("use", ALL, ids=[f"{u.where} {u.text}" for u in ALL])
def test_command_runs_as_written(use):
    assert problems(use) == []


def test_the_checker_catches_what_the_cli_refuses():
    """The checker itself: each of these fails as the real command would."""
    bad = {
        "tocsin keygen PATH": [
            "tocsin keygen takes no argument, got 'PATH'",
            "tocsin keygen: --out is required and missing",
        ],
        "tocsin docs --data-dir D": [
            "tocsin docs has no option --data-dir",
            "tocsin docs takes no argument, got 'D'",
        ],
        "tocsin backfill --target T --from D": ["tocsin backfill: --to is required and missing"],
        "tocsin digest --target T --send X": ["tocsin digest takes no argument, got 'X'"],
        "tocsin run nightly --target": ["tocsin run nightly --target needs a value"],
        "tocsin run daily": ["tocsin run has no command 'daily'"],
        "tocsin digest --target T …": ["tocsin digest: '…' after something that does not repeat"],
        "tocsin status --data-dir=D --json": ["tocsin status has no option --json"],
    }
    for text, expected in bad.items():
        assert problems(Use("x", text, usage=True)) == expected, text
    assert problems(Use("x", "tocsin import a.jsonl b.jsonl --target T", usage=True)) == []


def leaf_commands(cmd=ROOT_COMMAND, path=()) -> dict[str, object]:
    if hasattr(cmd, "commands"):
        found = {}
        for name, sub in cmd.commands.items():
            found |= leaf_commands(sub, (*path, name))
        return found
    return {" ".join(path): cmd}


def test_the_readme_says_which_commands_take_data_dir_and_config():
    """The README lists the exceptions to "every command takes --data-dir and --config" as
    ``- `cmd`, `cmd`: `--data-dir` only | `--config` only | neither``; the CLI must agree."""
    text = README.read_text()
    section = re.search(
        r"Every command takes `--data-dir` and `--config`,\s+except:\n((?:- .*\n(?:  .*\n)*)+)",
        text,
    )
    assert section, "the README's sentence on --data-dir and --config is missing"
    said: dict[str, str] = {}
    for item in re.findall(r"^- (.*)$", section.group(1), re.M):
        names, _, takes = item.partition(":")
        kind = re.match(r"\s*(`--data-dir` only|`--config` only|neither)", takes)
        assert kind, item
        for name in re.findall(r"`([a-z ]+)`", names):
            said[name] = kind.group(1).replace("`", "")
    actual: dict[str, str] = {}
    for name, cmd in leaf_commands().items():
        opts = {o for p in cmd.params for o in getattr(p, "opts", [])}
        has = ("--data-dir" in opts, "--config" in opts)
        if has != (True, True):
            actual[name] = {
                (True, False): "--data-dir only",
                (False, True): "--config only",
                (False, False): "neither",
            }[has]
    assert said == actual


# --- one meaning of a window's end: days typed by a person are both included ---------------

DEPLOYMENT_RUN = re.compile(r"prefect deployment run (\S+)/(\S+)((?: --param \S+=\S+)*)")


def deployment_runs() -> list[tuple[str, str, str, dict[str, str]]]:
    """(file:line, flow name, deployment name, parameters) of each `prefect deployment run`."""
    found = []
    for path in DOCS:
        for n, line in shell_lines(path):
            m = DEPLOYMENT_RUN.search(line)
            if m:
                params = dict(p.split("=", 1) for p in re.findall(r"--param (\S+)", m.group(3)))
                found.append((f"{path.relative_to(ROOT)}:{n}", m.group(1), m.group(2), params))
    return found


def deployments() -> dict[str, dict]:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    return {d["name"]: d for d in spec["deployments"]}


def test_the_readme_deployment_runs_name_a_deployment_and_its_parameters():
    runs = deployment_runs()
    assert [r[2] for r in runs if r[0].startswith("README.md")] == ["backfill"]
    for where, flow_name, name, params in runs:
        assert name in deployments(), where
        fl = flow_of(deployments()[name]["entrypoint"])
        assert fl.name == flow_name, where  # `prefect deployment run FLOW/DEPLOYMENT`
        signature = inspect.signature(fl.fn).parameters
        assert set(params) <= set(signature), where
        required = {p for p, v in signature.items() if v.default is inspect.Parameter.empty}
        assert required <= set(params), where
        assert fl.validate_parameters(params)  # as Prefect reads them: a date is a date


def test_the_readme_shows_the_same_days_to_the_deployment_and_the_command():
    """The README's deployment run and its `tocsin backfill` beside it: the same days, typed the
    same way (the last day included in both)."""
    lines = dict(shell_lines(README))
    ((where, _, _, params),) = [r for r in deployment_runs() if r[0].startswith("README.md")]
    n = int(where.split(":")[1])
    words = words_of(lines[n + 1])
    assert words[:2] == ["tocsin", "backfill"]
    cli = dict(zip(words[2::2], words[3::2], strict=True))
    assert (params["target"], params["first_day"], params["last_day"]) == (
        cli["--target"],
        cli["--from"],
        cli["--to"],
    )


def test_an_inverted_deployment_window_is_refused():
    from flows.pipeline import backfill_days
    from tasks.errors import TocsinError

    with pytest.raises(TocsinError) as caught:
        backfill_days.fn(target="demo", first_day=date(2020, 2, 15), last_day=date(2020, 2, 14))
    assert str(caught.value) == "last_day 2020-02-14 is before first_day 2020-02-15"


@pytest.mark.usefixtures("prefect_harness")
def test_the_command_and_the_deployment_cover_the_same_days(tmp_path, targets_file, monkeypatch):
    """`tocsin backfill --from A --to B` and the backfill deployment's flow with first_day=A,
    last_day=B (text, as a deployment run passes them): the same window, [A, B + 1 day), and the
    same posts, those of A to B and none of the day after (seed-wave has posts every day). One
    day, A = B: read as an excluded end, the window would be empty."""
    from typer.testing import CliRunner

    from tasks.schema import MENTIONS, RUNS
    from tasks.store import scan

    monkeypatch.setenv("TOCSIN_TARGETS_FILE", str(targets_file))
    by_command, by_deployment = tmp_path / "cli", tmp_path / "deployment"
    result = CliRunner().invoke(
        app,
        ["backfill", "--target", "demo", "--from", "2020-02-15", "--to", "2020-02-15"]
        + ["--data-dir", str(by_command)],
    )
    assert result.exit_code == 0, result.output
    deployed = flow_of(deployments()["backfill"]["entrypoint"])
    deployed(
        target="demo", first_day="2020-02-15", last_day="2020-02-15", data_dir=str(by_deployment)
    )

    def covered(root: Path) -> tuple[list, list]:
        runs = scan(root, RUNS).collect()
        days = scan(root, MENTIONS).select(pl.col("created_at").dt.date().unique()).collect()
        return runs.select("window_start", "window_end").rows(), sorted(days.to_series())

    expected = (
        [(datetime(2020, 2, 15, tzinfo=UTC), datetime(2020, 2, 16, tzinfo=UTC))],
        [date(2020, 2, 15)],
    )
    assert covered(by_command) == covered(by_deployment) == expected
