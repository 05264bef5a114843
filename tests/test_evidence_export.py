"""The investigator's bundle: its README's commands pass with sha256sum and openssl alone on an
untouched bundle and fail on a tampered one; attacker-written text stays inert."""

from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from tasks.evidence import EvidenceError
from tasks.evidence.export import export_bundle, read_ids
from tasks.evidence.recheck import record_changes
from tasks.evidence.table import STATUS_CHANGES
from tasks.pages import RawPage
from tests.conftest import page, tweet, user
from tests.support.evidence import NOW, copy_vault, export_extracted, ingest_and_seal

HOSTILE = '<script>alert("x")</script> @alice_reporter je vais te trouver'
ANSWER = b'{"errors":[{"value":"200","title":"Not Found Error","detail":"gone"}]}'
FORMULA = '=HYPERLINK("http://evil.example","clic") @alice_reporter'

# The local TSA, the signing key and the vault builders every evidence test shares.


def _pages() -> list[RawPage]:
    day1 = [
        tweet(
            str(100 + i),
            text=f"@alice_reporter hello {i}",
            created_at=f"2020-02-01T1{i}:00:00.000Z",
        )
        for i in range(5)
    ]
    day1.append(tweet("200", text=HOSTILE, created_at="2020-02-01T20:00:00.000Z"))
    day2 = [
        tweet("300", text=FORMULA, created_at="2020-02-02T08:00:00.000Z"),
        tweet(
            "301",
            text="@alice_reporter edited",
            created_at="2020-02-02T08:05:00.000Z",
            edit_history_tweet_ids=["300", "301"],
        ),
    ]
    return [
        RawPage(page(day1, [user()]), "file", "import.jsonl:1", NOW, date(2020, 2, 1)),
        RawPage(page(day2, [user()]), "file", "import.jsonl:2", NOW, date(2020, 2, 2)),
        RawPage(b"not json", "file", "import.jsonl:3", NOW),
    ]


@pytest.fixture(scope="module")
def installation(tmp_path_factory, signing_key, tsa_server) -> Path:
    """Two runs sealed, one status change, and a scores table shaped like tasks/scoring's."""
    from config.targets import Target

    root = tmp_path_factory.mktemp("export") / "data"
    target = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
    tsa_server.mode = "ok"
    pages = _pages()
    ingest_and_seal(root, pages[:1], target, "run-1", signing_key, tsa_server)
    ingest_and_seal(root, pages[1:], target, "run-2", signing_key, tsa_server)
    # The recheck's answer is kept and sealed like any page; the change names it.
    answer = RawPage(ANSWER, "x", "GET /2/tweets?ids=200", NOW, format="x-lookup")
    ingest_and_seal(root, [answer], target, "recheck-1", signing_key, tsa_server)
    record_changes(
        root,
        STATUS_CHANGES.conform(
            pl.DataFrame(
                [
                    {
                        "target": "alice",
                        "platform": "x",
                        "post_id": "200",
                        "author_id": "7",
                        "status": "deleted",
                        "previous_status": "available",
                        "observed_at": datetime(2020, 2, 3, tzinfo=UTC),
                        "detail": "Not Found Error: gone",
                        "lookup": "x-api",
                        "response_sha256": hashlib.sha256(ANSWER).hexdigest(),
                        "run_id": "recheck-1",
                    }
                ]
            )
        ),
    )
    scores = pl.DataFrame(
        {
            "platform": ["x"] * 3,
            "post_id": ["200", "300", "100"],
            "version_id": ["200", "300", "100"],
            "scorer": ["rules"] * 3,
            "scorer_version": ["1"] * 3,
            "stance": ["hostile", "hostile", "neutral"],
            "categories": [["threat"], ["insult"], []],
            "severity": [4, 2, 0],
            "score": [0.9, 0.6, 0.0],
        }
    )
    folder = root / "scores" / "target=alice" / "date=2020-02-01"
    folder.mkdir(parents=True)
    scores.write_parquet(folder / "part-0.parquet")
    return root


def readme_commands(folder: Path, name: str = "README.txt") -> list[str]:
    return re.findall(r"^    \$ (.+)$", (folder / name).read_text(), re.M)


def run_all(folder: Path, commands: list[str]) -> list[tuple[str, int, str]]:
    out = []
    for c in commands:
        r = subprocess.run(["sh", "-c", c], cwd=folder, capture_output=True, text=True, timeout=60)
        out.append((c, r.returncode, r.stdout + r.stderr))
    return out


@pytest.fixture(scope="module")
def bundle(installation, tmp_path_factory) -> Path:
    return export_extracted(installation, tmp_path_factory.mktemp("bundle"))


def test_the_readme_commands_pass_on_an_untouched_bundle(bundle):
    commands = readme_commands(bundle)
    assert commands == readme_commands(bundle, "LISEZMOI.txt")
    assert commands[0] == "sha256sum -c --quiet SHA256SUMS" and commands[-1] == "sh verify.sh"
    assert sum("openssl pkeyutl -verify" in c for c in commands) == 3
    assert sum("openssl ts -verify" in c for c in commands) == 3
    for command, code, output in run_all(bundle, commands):
        assert code == 0, (command, output)
    assert (
        "OK: 3 signature(s), 3 timestamp(s), 8 record, 2 page and 1 recheck answer proof(s), "
        "2 chain link(s) all check" in run_all(bundle, ["sh verify.sh"])[0][2]
    )


def _flip(path: Path, at: int = 20) -> None:
    data = bytearray(path.read_bytes())
    data[min(at, len(data) - 1)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "victim",
    [
        pytest.param(lambda b: next((b / "records").iterdir()), id="record"),
        pytest.param(lambda b: next((b / "pages").iterdir()), id="page"),
        pytest.param(lambda b: next((b / "manifests").glob("*/manifest.json")), id="manifest"),
        pytest.param(lambda b: next((b / "manifests").glob("*/manifest.json.sig")), id="signature"),
        pytest.param(lambda b: next((b / "manifests").glob("*/manifest.json.tsr")), id="token"),
        pytest.param(
            lambda b: next(p for p in (b / "proofs" / "records").iterdir() if p.stat().st_size),
            id="proof",
        ),
    ],
)
def test_the_readme_commands_fail_on_a_tampered_bundle_even_with_fresh_checksums(
    bundle, tmp_path, victim
):
    copy = copy_vault(bundle, tmp_path / "b")
    target = victim(copy)
    _flip(target, at=target.stat().st_size // 2)
    results = run_all(copy, readme_commands(copy))
    failed = [c for c, code, _ in results if code]
    assert failed and failed[0] == "sha256sum -c --quiet SHA256SUMS"
    # An intruder rewrites SHA256SUMS to match: the signatures, tokens and proofs still catch it.
    subprocess.run(
        "find . -type f ! -name SHA256SUMS | sed 's|^\\./||' | sort | xargs sha256sum > SHA256SUMS",
        shell=True,
        cwd=copy,
        check=True,
    )
    results = run_all(copy, readme_commands(copy))
    assert [c for c, code, _ in results if code], results
    name = target.relative_to(copy).as_posix()
    verify_out = results[-1][2]
    assert "FAILED" in verify_out and (name in verify_out or target.parent.name in verify_out), (
        verify_out
    )


def test_attacker_text_is_escaped_in_html_and_inert_in_csv(bundle):
    for name in ("README.html", "LISEZMOI.html"):
        html = (bundle / name).read_text()
        assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    csv = pl.read_csv(bundle / "posts.csv")
    assert csv.filter(pl.col("post_id") == 300)["text"][0] == "'" + FORMULA
    exact = pl.read_parquet(bundle / "posts.parquet")
    assert exact.filter(pl.col("post_id") == "300")["text"][0] == FORMULA


def test_the_summary_lists_threats_first_and_the_status_changes(bundle):
    text = (bundle / "README.txt").read_text()
    assert "Threats (1), oldest first:" in text and HOSTILE in text
    assert (
        "2020-02-01      6        1        1        1" in text
    )  # Paris day: 6 posts, 1 hostile, 1 threat
    assert "Platform status now (latest observation): deleted 1." in text
    assert "Menaces (1), les plus anciennes d'abord" in (bundle / "LISEZMOI.txt").read_text()
    # The status in French words (tasks/i18n), with the code that posts.csv holds.
    assert "(dernière observation) : supprimé (deleted) 1." in (bundle / "LISEZMOI.txt").read_text()
    posts = pl.read_parquet(bundle / "posts.parquet")
    assert posts.filter(pl.col("post_id") == "200")["platform_status"][0] == "deleted"
    assert posts.height == 8 and posts["record_manifest"].null_count() == 0
    assert (bundle / "status_changes.csv").read_text().count("\n") == 2


def test_a_lawyers_selection_exports_those_posts_with_every_version(installation, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("# chosen by counsel\nhttps://x.com/i/web/status/300\n200\n")
    folder = export_extracted(installation, tmp_path / "out", ids=read_ids(ids))
    posts = pl.read_parquet(folder / "posts.parquet")
    assert sorted(posts["version_id"]) == ["200", "300", "301"]
    assert len(list((folder / "records").iterdir())) == 3
    assert all(code == 0 for _, code, _ in run_all(folder, readme_commands(folder)))


def test_unknown_ids_are_refused_with_their_names(installation, tmp_path):
    with pytest.raises(
        EvidenceError,
        match=r"not stored for target 'alice' between 2020-02-01 and 2020-02-02: 999, 998",
    ):
        export_bundle(
            installation,
            "alice",
            date(2020, 2, 1),
            date(2020, 2, 2),
            tmp_path / "x.zip",
            ids=["200", "999", "998"],
        )


def test_without_scores_the_readme_says_scoring_was_not_run(installation, tmp_path):
    root = copy_vault(installation, tmp_path / "data")
    import shutil

    shutil.rmtree(root / "scores")
    folder = export_extracted(root, tmp_path / "out")
    assert (
        "Scoring was not run: there is no scores table under the data root."
        in (folder / "README.txt").read_text()
    )
    assert "L'évaluation (scores) n'a pas été exécutée" in (folder / "LISEZMOI.txt").read_text()


def test_a_vault_that_fails_verification_is_not_exported(installation, tmp_path):
    root = copy_vault(installation, tmp_path / "data")
    seg = next((root / "evidence" / "pages").rglob("seg-*.parquet"))
    _flip(seg, 100)
    with pytest.raises(EvidenceError, match=r"fails verification .* nothing exported"):
        export_bundle(root, "alice", date(2020, 2, 1), date(2020, 2, 2), tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()


def test_a_missing_ids_file_is_one_clear_error(tmp_path):
    with pytest.raises(EvidenceError, match=r"ids.txt: no such file \(the --ids list of posts\)"):
        read_ids(tmp_path / "ids.txt")


# --- What the bundle claims, and where its content comes from ----------------------------------

TRICKS = "@alice_reporter \u202egnp.exe\u202c hid\u200bden\x00 end"


def _hostile_pages() -> list[RawPage]:
    """Attacker-chosen values in every column a post can carry, and display tricks in a threat."""
    tweets = [
        tweet(
            "400",
            text="@alice_reporter plain",
            created_at="2020-02-01T09:00:00.000Z",
            lang='=HYPERLINK("http://evil.example","x")',
            conversation_id="==1+2",
            referenced_tweets=[{"type": "replied_to", "id": "+1+2"}],
        ),
        tweet("401", text=TRICKS, created_at="2020-02-01T10:00:00.000Z"),
    ]
    users = [user(username="@cmd")]
    return [RawPage(page(tweets, users), "file", "hostile.jsonl:1", NOW, date(2020, 2, 1))]


def _threat_scores(root: Path, post_id: str) -> None:
    folder = root / "scores" / "target=alice" / "date=2020-02-01"
    folder.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(
        {
            "platform": ["x"],
            "post_id": [post_id],
            "version_id": [post_id],
            "stance": ["hostile"],
            "categories": [["threat"]],
        }
    ).write_parquet(folder / "part-0.parquet")


@pytest.fixture(scope="module")
def unsigned(tmp_path_factory) -> Path:
    """An installation sealed without a key or a TSA (the state the demo used to leave)."""
    from config.targets import Target

    root = tmp_path_factory.mktemp("unsigned") / "data"
    target = Target(name="alice", timezone="Europe/Paris", handles={"x": "alice_reporter"})
    ingest_and_seal(root, _hostile_pages(), target, "run-1", None, None)
    _threat_scores(root, "401")
    return root


def _export_day(root: Path, out: Path) -> Path:
    result = export_bundle(
        root, "alice", date(2020, 2, 1), date(2020, 2, 1), out / "b.zip", now=NOW
    )
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(out)
    return next(p for p in out.iterdir() if p.is_dir())


def _bash(folder: Path, script: str = "verify.sh") -> subprocess.CompletedProcess:
    return subprocess.run(["bash", script], cwd=folder, capture_output=True, text=True, timeout=120)


def test_every_text_cell_of_posts_csv_is_escaped(unsigned, tmp_path):
    folder = _export_day(unsigned, tmp_path)
    csv = pl.read_csv(folder / "posts.csv", infer_schema=False)
    row = csv.filter(pl.col("post_id") == "400").row(0, named=True)
    assert row["lang"] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert row["conversation_id"] == "'==1+2" and row["in_reply_to_id"] == "'+1+2"
    assert row["author_handle"] == "'@cmd"
    for name in ("posts.csv", "status_changes.csv"):
        cells = pl.read_csv(folder / name, infer_schema=False)
        for column in cells.columns:
            live = cells.filter(pl.col(column).str.contains(r"^\s*[=+\-@]"))
            assert live.is_empty(), (name, column, live[column].to_list())
    exact = pl.read_parquet(folder / "posts.parquet")
    assert exact.filter(pl.col("post_id") == "400")["conversation_id"][0] == "==1+2"


def test_the_readme_shows_bidi_invisible_and_nul_characters_as_markers(unsigned, tmp_path):
    folder = _export_day(unsigned, tmp_path)
    for name in ("README.txt", "LISEZMOI.txt", "README.html", "LISEZMOI.html"):
        text = (folder / name).read_text()
        assert not any(ch in text for ch in "\u202e\u202c\u200b\x00"), name
    readme = (folder / "README.txt").read_text()
    assert "⟦U+202E⟧gnp.exe⟦U+202C⟧ hid⟦U+200B⟧den⟦U+0000⟧ end" in readme
    assert "⟦U+202E⟧gnp.exe" in (folder / "README.html").read_text()
    # The evidence itself stays byte-exact.
    exact = pl.read_parquet(folder / "posts.parquet")
    assert exact.filter(pl.col("post_id") == "401")["text"][0] == TRICKS


def test_an_unsigned_bundle_says_so_and_its_verify_sh_never_prints_plain_ok(unsigned, tmp_path):
    folder = _export_day(unsigned, tmp_path)
    readme = (folder / "README.txt").read_text()
    assert "1 manifest(s): 0 signed, 0 timestamped" in readme
    assert "WARNING: 1 of 1 manifest(s) are NOT signed: nothing proves who" in readme
    assert "WARNING: 1 of 1 manifest(s) are NOT timestamped: nothing proves" in readme
    assert "No manifest is signed: nothing proves who sealed them." in readme
    assert "openssl" not in "".join(readme_commands(folder))
    assert "signed, timestamped manifest" not in readme
    assert "ne sont PAS signés" in (folder / "LISEZMOI.txt").read_text()
    assert "are NOT signed" in (folder / "README.html").read_text()
    run = _bash(folder)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "UNSIGNED: manifests/00000001--run-1--alice/manifest.json (no signing key when it was "
        "sealed: nothing proves who sealed it)"
    )
    assert lines[-1] == (
        "OK with warnings: 2 record, 1 page and 0 recheck answer proof(s), 0 chain link(s) check, "
        "0 signature(s) and 0 timestamp(s) verify; 1 manifest(s) unsigned, 1 untimestamped"
    )
    assert not any(line.startswith("OK:") for line in lines)


def _resum(folder: Path) -> None:
    """An intruder rewrites SHA256SUMS so that it matches whatever they changed."""
    subprocess.run(
        "find . -type f ! -name SHA256SUMS | sed 's|^\\./||' | sort | xargs sha256sum > SHA256SUMS",
        shell=True,
        cwd=folder,
        check=True,
    )


@pytest.mark.parametrize(
    ("removed", "says"),
    [
        pytest.param("manifest.json.sig", "is missing: the manifest is signed", id="signature"),
        pytest.param("manifest.json.tsr", "is missing: the manifest was timestamped", id="token"),
    ],
)
def test_removing_a_listed_signature_or_token_makes_verify_sh_fail(bundle, tmp_path, removed, says):
    copy = copy_vault(bundle, tmp_path / "b")
    victim = next((copy / "manifests").glob(f"*/{removed}"))
    victim.unlink()
    _resum(copy)
    run = _bash(copy)
    assert run.returncode == 1
    rel = victim.relative_to(copy).as_posix()
    assert f"FAILED: {rel} {says}" in run.stdout, run.stdout
    assert run.stdout.splitlines()[-1] == "FAILED"


def test_verify_sh_still_fails_when_the_intruder_also_edits_its_list(bundle, tmp_path):
    """The signature list in verify.sh is a convenience; a manifest naming its key is signed."""
    copy = copy_vault(bundle, tmp_path / "b")
    victim = next((copy / "manifests").glob("*/manifest.json.sig"))
    victim.unlink()
    name = victim.parent.name
    script = (copy / "verify.sh").read_text()
    (copy / "verify.sh").write_text(
        script.replace(f"check_manifest {name} signed", f"check_manifest {name} unsigned")
    )
    _resum(copy)
    run = _bash(copy)
    assert run.returncode == 1
    assert f"FAILED: manifests/{name}/manifest.json.sig is missing" in run.stdout


def test_an_edited_or_deleted_row_stops_the_export_naming_it(installation, tmp_path):
    root = copy_vault(installation, tmp_path / "data")
    part = root / "mentions" / "target=alice" / "date=2020-02-01" / "part-0.parquet"
    rows = pl.read_parquet(part)
    rows.with_columns(
        text=pl.when(pl.col("post_id") == "200").then(pl.lit("kind words")).otherwise("text")
    ).write_parquet(part)
    with pytest.raises(
        EvidenceError,
        match=r"first: mentions/target=alice/date=2020-02-01: row of post 200 \(record [0-9a-f]{64}"
        r"\): text differs from its sealed record .* nothing exported",
    ):
        export_extracted(root, tmp_path / "out1")
    rows.filter(pl.col("post_id") != "200").write_parquet(part)
    with pytest.raises(EvidenceError, match=r"its row was deleted\); run `tocsin verify`"):
        export_extracted(root, tmp_path / "out2")


def test_the_posts_content_is_taken_from_the_sealed_records(installation):
    from tasks.evidence.crosscheck import from_sealed
    from tasks.evidence.verify import verify_evidence
    from tasks.schema import MENTIONS
    from tasks.store import scan

    posts = scan(installation, MENTIONS).collect()
    report = verify_evidence(installation, target="alice", keep_derived=posts["raw_sha256"])
    assert report.tables is not None and report.tables.derived is not None
    assert from_sealed(posts, report.tables.derived).equals(posts)
    edited = posts.with_columns(text=pl.lit("rewritten"))
    with pytest.raises(EvidenceError, match=r": text differs from its sealed record"):
        from_sealed(edited, report.tables.derived)


# --- verify.sh: batched, and it checks chain links and recheck answers -------------------------


def _first_two_manifests(copy: Path) -> tuple[Path, Path]:
    first, second = sorted((copy / "manifests").iterdir())[:2]
    return first / "manifest.json", second / "manifest.json"


@pytest.mark.parametrize("what", ["record", "chain link", "recheck answer"])
def test_verify_sh_names_the_file_of_a_flipped_record_a_broken_link_or_a_tampered_answer(
    bundle, tmp_path, what
):
    copy = copy_vault(bundle, tmp_path / "b")
    if what == "record":
        victim = sorted((copy / "records").iterdir())[3]
        _flip(victim)
        rel = victim.relative_to(copy).as_posix()
        says = [f"FAILED: {rel}: its SHA-256 is not its name", f"FAILED: {rel}: Merkle proof"]
    elif what == "chain link":
        first, second = _first_two_manifests(copy)
        link = re.search(r'"previous_manifest_sha256": "([0-9a-f]{64})"', second.read_text())
        assert link and link.group(1) == hashlib.sha256(first.read_bytes()).hexdigest()
        first.write_text(first.read_text().replace('"sealed_at": "', '"sealed_at": "1'))
        says = [
            f"FAILED: {second.relative_to(copy).as_posix()}: its link to the previous manifest "
            f"({link.group(1)}) does not match {first.relative_to(copy).as_posix()}"
        ]
    else:
        (victim,) = (copy / "answers").iterdir()
        victim.write_bytes(victim.read_bytes().replace(b"Not Found", b"Not Fxund"))
        rel = victim.relative_to(copy).as_posix()
        says = [f"FAILED: {rel}: its SHA-256 is not its name", f"FAILED: {rel}: Merkle proof"]
    _resum(copy)
    run = _bash(copy)
    assert run.returncode == 1, run.stdout
    for line in says:
        assert line in run.stdout, run.stdout
    assert run.stdout.splitlines()[-1] == "FAILED"


def test_verify_sh_fails_when_a_status_changes_answer_is_left_out(bundle, tmp_path):
    copy = copy_vault(bundle, tmp_path / "b")
    (answer,) = (copy / "answers").iterdir()
    answer.unlink()
    (copy / "proofs" / "answers.txt").write_text("")
    _resum(copy)
    run = _bash(copy)
    assert run.returncode == 1
    assert (
        f"FAILED: status_changes.csv line 2: the answer {answer.stem} (response_sha256) is not in "
        "answers/ with a proof" in run.stdout
    ), run.stdout
