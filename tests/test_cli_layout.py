"""The shape of the ``tocsin`` command package: common.py below the command modules, no cycle,
no private name crossing a module, and ``python -m flows.cli`` the same command as the script."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "flows" / "cli"


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every ``from module import names`` in the file, at any depth."""
    tree = ast.parse(path.read_text())
    return [
        (node.module or "", [a.name for a in node.names])
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    ]


def test_common_imports_no_command_module():
    # flows.console (the terminal's progress reporter) is no command: common may use it.
    found = [m for m, _ in imports_of(PACKAGE / "common.py") if m.startswith("flows.cli")]
    assert found == []


def test_command_modules_import_only_common_from_the_package():
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name in ("__init__.py", "__main__.py", "common.py"):
            continue
        package_imports = {m for m, _ in imports_of(path) if m.startswith("flows.cli")}
        assert package_imports <= {"flows.cli.common"}, path.name


def test_no_private_name_is_imported_from_another_module():
    for path in sorted(PACKAGE.glob("*.py")):
        private = [(m, n) for m, names in imports_of(path) for n in names if n.startswith("_")]
        assert private == [], path.name


def test_python_dash_m_runs_the_command():
    proc = subprocess.run(
        [sys.executable, "-m", "flows.cli", "--help"],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "COLUMNS": "120", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Usage: python -m flows.cli [OPTIONS] COMMAND" in proc.stdout
    for command in ("demo", "backfill", "digest", "verify", "watch", "score", "run"):
        assert f"│ {command} " in proc.stdout, command


def test_help_paragraphs_are_whole_lines_whatever_the_width():
    """A docstring wrapped in the source is one paragraph to the terminal: Typer's rich help kept
    its line breaks, which then cut the help mid-sentence at every width but one."""
    import inspect

    from typer.testing import CliRunner

    from flows.cli import app

    def shown(*args: str) -> str:  # wide enough that only a line break in the text breaks a line
        return CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "2000"}).output

    listed = shown()
    assert "sealed raw record; with evidence_archive set, check" in listed
    assert "altered, missing or added file, record and row, or when nothing" in listed
    assert "is a flow run there; without one, the same steps run as plain" in shown("import")
    # And every command's help, as Typer is given it: no line break inside a paragraph.
    infos = [*app.registered_commands]
    for group in app.registered_groups:
        infos += group.typer_instance.registered_commands
    for info in infos:
        assert info.help, info.callback
        for paragraph in info.help.split("\n\n"):
            assert "\n" not in paragraph, inspect.getdoc(info.callback)
