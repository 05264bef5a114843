"""Docs as tests: the data dictionary, the README commands, the settings and CLI documented."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from config.settings import KEYS
from flows.cli import app
from tasks.dictionary import data_dictionary_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def quick_start_commands() -> list[str]:
    section = re.search(r"^## Quick start\n(.*?)^## ", README, re.S | re.M).group(1)
    return [
        line.strip()
        for block in re.findall(r"```bash\n(.*?)```", section, re.S)
        for line in block.splitlines()
        if line.strip()
    ]


def test_data_dictionary_is_current():
    assert (ROOT / "docs" / "data-dictionary.md").read_text() == data_dictionary_markdown()


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    demo, tests = quick_start_commands()
    assert demo.endswith("tocsin demo")
    assert tests in (ROOT / ".ci" / "run").read_text()


def test_every_setting_is_documented():
    example = (ROOT / "config" / "tocsin.example.toml").read_text()
    for name, field in KEYS.items():
        assert field.description, name
        assert re.search(rf"^#? ?{name} =", example, re.M), (
            f"{name} missing from tocsin.example.toml"
        )


def test_every_command_is_in_the_readme_and_has_help():
    runner = CliRunner()
    commands = [c.name or c.callback.__name__ for c in app.registered_commands] + ["run nightly"]
    for name in commands:
        assert f"tocsin {name}" in README, name
        result = runner.invoke(app, [*name.split(), "--help"])
        assert result.exit_code == 0, result.output
