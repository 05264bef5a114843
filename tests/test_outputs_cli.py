"""`tocsin export` and `tocsin dossier` without --out: the file goes under the data root's
dossiers/<target>/ (tasks/evidence/outputs.py), where the safety-desk page finds it, and the
command prints the lock of the evidence it cites (here a local folder: none)."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from flows.cli import dossier as dossier_cli
from flows.cli import evidence as evidence_cli
from tasks.site.dossiers import dossiers_made
from tests.support.dossier import EPISODE, TARGETS, build_vault, squeezed

NO_LOCK = "object lock: no object lock: the evidence is in a local folder"


def test_without_out_the_outputs_go_under_the_data_roots_dossiers_folder(
    tmp_path, signing_key, tsa_server
):
    tsa_server.mode = "ok"
    root = tmp_path / "data"
    build_vault(root, signing_key, tsa_server)
    (tmp_path / "targets.toml").write_text(TARGETS)
    env = {"TOCSIN_TARGETS_FILE": str(tmp_path / "targets.toml")}
    app = typer.Typer()
    evidence_cli.register(app)
    dossier_cli.register(app)
    runner = CliRunner()
    data = ["--data-dir", str(root)]
    days = ["--from", "2020-02-01", "--to", "2020-02-02"]
    made = runner.invoke(app, ["export", "-t", "alice", *days, *data], env=env)
    assert made.exit_code == 0, made.output
    (bundle,) = (root / "dossiers" / "alice").glob("tocsin-evidence-alice-*.zip")
    assert f"wrote{bundle}:" in squeezed(made.output) and squeezed(NO_LOCK) in squeezed(made.output)
    made = runner.invoke(app, ["dossier", "-t", "alice", "--episode", EPISODE, *data], env=env)
    assert made.exit_code == 0, made.output
    (pdf,) = (root / "dossiers" / "alice").glob("dossier-alice-*.en.pdf")
    assert f"wrote{pdf}:" in squeezed(made.output) and squeezed(NO_LOCK) in squeezed(made.output)
    listed = {d.name for d in dossiers_made(root, "alice").items}
    assert {bundle.name, pdf.name} <= listed
