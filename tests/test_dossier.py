"""The prosecutor's dossier (issue 15) on a small real vault: pages kept, parsed, stored, sealed,
signed and timestamped by the local TSA, scored, one harassment episode; then real PDFs.

Text is read back with poppler's ``pdftotext`` and attachments with ``pdfdetach`` (Debian
poppler-utils): those tests skip, saying so, where it is not installed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from config.targets import Target
from tasks.dossier import DossierError, Selection, write_dossier
from tasks.dossier.view import when
from tasks.schema import MENTIONS
from tasks.store import scan
from tests.support.digest import episode
from tests.support.dossier import EPISODE, RLO, build_vault
from tests.support.evidence import NOW

POPPLER = shutil.which("pdftotext") and shutil.which("pdfdetach")
needs_poppler = pytest.mark.skipif(
    not POPPLER,
    reason="poppler-utils (pdftotext, pdfdetach) not installed: apt-get install -y poppler-utils",
)


@pytest.fixture(scope="module")
def vault(tmp_path_factory, tsa_server, signing_key) -> tuple[Path, Target]:
    tsa_server.mode = "ok"
    root = tmp_path_factory.mktemp("dossier") / "data"
    return root, build_vault(root, signing_key, tsa_server)


def _pdftotext(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode()


@pytest.fixture(scope="module")
def episode_pdf(vault, tmp_path_factory) -> tuple[Path, object]:
    """The episode's dossier, laid out in several parts by two processes and joined (parts
    of ~12 annex lines: the front, the threats, the accounts, the annex, the custody), so every
    test below reads a joined file; the author's dossier is one part."""
    root, target = vault
    out = tmp_path_factory.mktemp("out") / "episode.pdf"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("tasks.dossier.render.PART_UNITS", 12)
        mp.setattr("tasks.dossier.render.workers", lambda: 2)
        return out, write_dossier(root, target, out, Selection(episode=EPISODE), now=NOW)


def _expected(root: Path) -> dict[str, object]:
    """The counts straight from the tables, independently of the dossier's code."""
    m = scan(root, MENTIONS).collect()
    s = pl.scan_parquet(root / "scores" / "**" / "*.parquet", hive_partitioning=True).collect()
    ep = episode()
    m = m.filter((pl.col("created_at") >= ep["start"]) & (pl.col("created_at") < ep["end"]))
    j = m.join(s.select("post_id", "stance", "categories"), on="post_id")
    hostile = j.filter(pl.col("stance") == "hostile")
    threats = hostile.filter(pl.col("categories").list.contains("threat"))
    return {
        "posts": m["post_id"].n_unique(),
        "hostile": hostile["post_id"].n_unique(),
        "threats": threats,
        "accounts": hostile["author_id"].n_unique(),
        "hostile_rows": hostile,
    }


@needs_poppler
def test_counts_equal_the_tables(vault, episode_pdf):
    root, _ = vault
    pdf, result = episode_pdf
    exp = _expected(root)
    assert (
        (result.posts, result.shown, result.threats, result.accounts)
        == (exp["posts"], exp["hostile"], exp["threats"].height, exp["accounts"])
        == (9, 7, 2, 5)
    )
    text = _pdftotext(pdf)
    assert _count(text, "Posts aimed at the person") == 9
    assert _count(text, "of which hostile") == 7
    assert _count(text, "of which threats") == 2
    assert _count(text, "Accounts that posted hostile posts") == 5
    # troll_two (2 days old) and copy_a (3 days old) posted from young accounts
    assert _count(text, "of which accounts under 30 days old") == 2
    assert _count(text, "Copy-paste clusters") == 1
    assert _count(text, "Hostile posts in those clusters") == 3


def _count(text: str, label: str) -> int:
    """The number pdftotext -layout puts at the end of the line a summary label starts."""
    (line,) = [x for x in text.splitlines() if x.strip().startswith(label)]
    return int(line.split()[-1])


@needs_poppler
def test_every_threat_appears_in_full_with_its_sha256_first(vault, episode_pdf):
    pdf, _ = episode_pdf
    text = _pdftotext(pdf)
    flat = "".join(text.split())
    threats_at = text.index("Threats\n") if "Threats\n" in text else text.index("Threats")
    for row in _expected(vault[0])["threats"].iter_rows(named=True):
        assert row["raw_sha256"] in flat
        # each threat's block (its hash) comes before the accounts section
        assert flat.index(row["raw_sha256"]) < flat.index("Participatingaccounts")
    assert "tu vas payer, on sait où tu habites" in text
    assert text.index("tu vas payer") > threats_at
    # the vault's state: signed by the test key, timestamped by a non-demo local TSA
    assert "signed (key" in text and "(verified)" in text
    assert "DEMO" not in text
    assert "certificate was not checked" not in text  # the vault keeps the TSA CA copy


@needs_poppler
def test_attacker_text_is_inert(vault, episode_pdf):
    pdf, _ = episode_pdf
    text = _pdftotext(pdf)
    # shown as text, escaped once: not markup, and the override is a visible marker
    assert "<script>alert(1)</script> je te tue ⟦U+202E⟧gnp[.]exe" in " ".join(text.split())
    assert RLO not in text
    assert "<img src=x onerror=alert(2)> dégage" in text
    # a character no installed font draws is named beside its empty box, not lost
    from tasks.dossier.glyphs import covered

    if 0x1F52A not in (covered() or {0x1F52A}):
        assert "habites 🔪⟦U+1F52A⟧" in text
    raw = pdf.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw


@needs_poppler
def test_an_authors_dossier_holds_all_its_posts_and_no_one_elses(vault, tmp_path):
    root, target = vault
    out = tmp_path / "author.pdf"
    result = write_dossier(root, target, out, Selection(author="@Troll_One"), lang="fr", now=NOW)
    text = _pdftotext(out)
    flat = "".join(text.split())
    m = scan(root, MENTIONS).collect()
    mine = m.filter(pl.col("author_handle") == "troll_one")
    others = m.filter(pl.col("author_handle") != "troll_one")
    assert result.shown == mine.height == 3
    for h in mine["raw_sha256"]:
        assert h in flat
    for h in others["raw_sha256"]:
        assert h not in flat
    assert "bonne journée quand même" in text  # not hostile, still one of its posts
    assert "Dossier de preuves" in text  # --lang fr
    # its reply to the designating post, with what the person had received before
    flat_text = " ".join(text.split())
    assert "répond à 900 (désignant)" in flat_text
    # what it could see: #2 (11:00) came after its own threat #1 (10:00), in another thread
    assert "#2 2020-02-01 11:00:00 UTC — déjà reçus : 1 hostiles, 0 dans ce fil" in flat_text


@needs_poppler
def test_attachment_verifies_on_its_own_and_a_flipped_byte_fails_it(vault, episode_pdf, tmp_path):
    pdf, result = episode_pdf
    listing = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True)
    assert listing.stdout.splitlines()[1:] == ["1: annex.jsonl", f"2: {result.bundle}"]
    meta = subprocess.run(["pdfinfo", "-meta", str(pdf)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in meta  # declared PDF/A-3b
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(pdf)], check=True)
    # the annex in full: every hostile post of the episode, whole hash and whole text, and the
    # PDF prints that file's own SHA-256
    annex = (tmp_path / "annex.jsonl").read_bytes()
    rows = [json.loads(line) for line in annex.splitlines()]
    hostile = _expected(vault[0])["hostile_rows"]
    assert {v["sha256"] for r in rows for v in r["versions"]} == set(hostile["raw_sha256"])
    assert [r["no"] for r in rows] == list(range(1, len(rows) + 1))
    assert any("on sait où tu habites" in r["versions"][0]["text"] for r in rows)
    assert hashlib.sha256(annex).hexdigest() in "".join(_pdftotext(pdf).split())
    bundle = tmp_path / result.bundle
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() in "".join(_pdftotext(pdf).split())
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(tmp_path / "x")
    (folder,) = (tmp_path / "x").iterdir()
    ok = subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    record = sorted((folder / "records").iterdir())[0]
    data = bytearray(record.read_bytes())
    data[len(data) // 2] ^= 0x01
    record.write_bytes(bytes(data))
    bad = subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"records/{record.name}" in bad.stdout


@needs_poppler
def test_the_parts_join_into_one_document_numbered_in_order(episode_pdf):
    import pikepdf

    pdf, result = episode_pdf
    assert result.parts >= 4 and result.processes == 2
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    assert pages == result.pages
    for i in range(1, pages + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True
        ).stdout.decode()
        flat = "".join(out.split())
        assert flat.endswith(f"{i}/{pages}"), (i, flat[-80:])
        # the title in the footer of every page but the cover
        assert flat.endswith(f"Evidencedossier—onlineharassment{i}/{pages}") == (i > 1)
    text = " ".join(_pdftotext(pdf).split())
    heads = ["Threats", "Participating accounts", "Annex — posts", "Chain of custody"]
    at = [text.index(h) for h in heads]
    assert at == sorted(at)
    with pikepdf.open(pdf) as doc, doc.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert [t for t in titles if t in heads] == heads


def test_unknown_episode_names_the_known_ones(vault, tmp_path):
    root, target = vault
    with pytest.raises(DossierError) as exc:
        write_dossier(root, target, tmp_path / "x.pdf", Selection(episode="nope"), now=NOW)
    assert str(exc.value) == (
        f"--episode nope: no such harassment episode of target 'alice' (known: {EPISODE})"
    )
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_author_is_one_clear_error(vault, tmp_path):
    root, target = vault
    with pytest.raises(DossierError) as exc:
        write_dossier(root, target, tmp_path / "x.pdf", Selection(author="nobody"), now=NOW)
    assert str(exc.value) == "--author nobody: no post of that account aimed at target 'alice'"


def test_times_are_utc_whatever_the_zone():
    assert when(datetime(2020, 2, 1, 10, tzinfo=UTC)) == "2020-02-01 10:00:00 UTC"


def test_hostile_before_counts_what_the_target_had_received_when_it_posted():
    from tasks.dossier.context import hostile_before

    t = [datetime(2020, 2, 1, h, tzinfo=UTC) for h in range(10, 15)]
    posts = pl.DataFrame(
        {
            "post_id": ["a", "b", "c", "d", "e"],
            "version": [0] * 5,
            "created_at": [t[0], t[1], t[1], t[2], t[3]],
            "conversation_id": ["T", "T", None, "T", "U"],
            "post_hostile": [True, True, True, False, True],
        }
    )
    got = hostile_before(posts).sort("post_id")
    # b and c posted in the same second: neither saw the other
    assert got["before_overall"].to_list() == [0, 1, 1, 3, 3]
    assert got["before_thread"].to_list() == [0, 1, 0, 2, 0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--lang", "de"], "error: --lang de: choose fr or en", id="lang"),
        pytest.param(
            ["--from", "2020-02-03", "--to", "2020-02-01"],
            "error: --to 2020-02-01 is before --from 2020-02-03: the window is empty",
            id="window",
        ),
    ],
)
def test_cli_errors_are_one_line_exit_2(args, message, tmp_path):
    from typer.testing import CliRunner

    from flows.cli import app

    result = CliRunner().invoke(
        app, ["dossier", "--target", "alice", "--out", str(tmp_path / "d.pdf"), *args]
    )
    assert result.exit_code == 2
    assert [line for line in result.output.splitlines() if line.strip()] == [message]


def test_the_dossier_flow_wires_the_same_function_as_the_command():
    from flows.dossier import dossier, dossier_task

    assert dossier.name == "dossier"
    assert dossier_task.fn is write_dossier


@pytest.mark.parametrize(
    ("text", "em", "expected"),
    [
        pytest.param("court", 40.0, "court", id="fits"),
        pytest.param("abc " * 40, 10.0, None, id="cut"),
        # room for the x's and half the marker: the marker goes whole
        pytest.param("x" * 20 + "⟦U+202E⟧gnp", None, "x" * 20 + "…", id="marker-never-halved"),
    ],
)
def test_annex_lines_are_cut_to_fit_never_inside_a_marker(text, em, expected):
    from tasks.dossier.annex import fit, width_em

    em = em or width_em("x" * 20 + "⟦U+2" + "…")
    got = fit(text, em)
    assert width_em(got) <= em
    if expected is not None:
        assert got == expected
    else:
        assert got.endswith("…") and text.startswith(got[:-1].rstrip())


@needs_poppler
def test_posts_in_a_language_no_rules_read_are_counted_and_said_absent(vault, tmp_path):
    """A post of the episode scored as no rules' language (the scorer's ``language.unread``
    reason) is neither hostile nor shown: the summary counts it, names its language, and says
    it is not in the dossier."""
    from tasks.scoring.table import SCORES
    from tasks.store import merge_partitions

    root, target = vault
    copy = tmp_path / "data"
    shutil.copytree(root, copy)
    newer = (
        scan(copy, SCORES)
        .filter(pl.col("post_id") == "103")
        .collect()
        .with_columns(
            scorer_version=pl.lit("test/2"),
            reasons=pl.lit(["language.unread: de"], dtype=pl.List(pl.String)),
        )
    )
    merge_partitions(copy, SCORES, SCORES.conform(newer), ["post_id"])
    result = write_dossier(copy, target, tmp_path / "e.pdf", Selection(episode=EPISODE), now=NOW)
    assert (result.posts, result.shown) == (9, 7)
    text = _pdftotext(tmp_path / "e.pdf")
    # The label may wrap; its number ends its first line.
    lines = text.splitlines()
    (at,) = [i for i, x in enumerate(lines) if x.strip().startswith("of which in a language")]
    label, number = lines[at].rsplit(None, 1)
    assert number == "1"
    flat = " ".join(" ".join([label, *lines[at + 1 : at + 4]]).split())
    assert flat.startswith(
        "of which in a language Tocsin does not read (German 1): not assessed, not in this "
        "dossier (the period's export holds them)"
    )
