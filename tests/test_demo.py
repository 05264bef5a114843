"""`tocsin demo` on the embedded default: the seed-wave shape, defects in quarantine, re-run inert."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from rich.console import Console

from flows.demo import run_demo
from tasks.errors import ConfigError
from tasks.schema import QUARANTINE
from tasks.store import scan

pytestmark = pytest.mark.usefixtures("prefect_harness")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, prefect_harness):
    root = tmp_path_factory.mktemp("demo") / "data"
    buf = io.StringIO()
    report = run_demo(data_dir=root, seed=0, console=Console(file=buf, width=200))
    return report, buf.getvalue()


def test_daily_counts_have_the_seed_wave_shape(demo):
    report, _ = demo
    posts = dict(report["daily"].select("day", "posts").iter_rows())
    assert 150 <= posts[date(2020, 1, 30)] <= 260
    assert 6000 <= posts[date(2020, 2, 1)] <= 7000
    assert 6000 <= posts[date(2020, 2, 2)] <= 7000
    assert posts[date(2020, 2, 5)] > posts[date(2020, 2, 4)] * 2  # the supportive second peak
    assert sum(posts.values()) > 20_000
    young = dict(report["daily"].select("day", "young_account_share").iter_rows())
    assert young[date(2020, 2, 1)] > 0.2 > young[date(2020, 1, 25)]


def test_injected_defects_are_quarantined_with_reasons(demo):
    report, printed = demo
    q = scan(report["root"], QUARANTINE).collect()
    reasons = " ".join(q["reasons"].explode().to_list())
    for expected in (
        "required: version_id is missing",
        "not_future: created_at",
        "parse: created_at: not a timestamp",
        "non_blank: text is empty",
        "parse: author_id: expected a string",
    ):
        assert expected in reasons
    assert q.filter(pl.col("reasons").list.len() == 0).is_empty()
    (summary,) = report["summaries"]
    assert summary["quarantined"] == q.height > 0
    assert summary["duplicates"] > 0  # the same post fetched twice is stored once
    assert "Where everything landed" in printed and "ground_truth" in printed


def test_demo_refuses_a_folder_it_did_not_create(tmp_path):
    (tmp_path / "precious.txt").write_text("not yours")
    with pytest.raises(ConfigError, match="already holds data that is not a demo's"):
        run_demo(data_dir=tmp_path, seed=0, console=Console(file=io.StringIO()))


def test_scorer_output_shows_hostile_and_supportive_majorities(demo):
    report, _ = demo
    daily = report["daily"].filter(pl.col("scorer") == "rules")
    by_day = {d["day"]: d for d in daily.iter_rows(named=True)}
    for day in (date(2020, 2, 1), date(2020, 2, 2)):
        assert by_day[day]["hostile"] > by_day[day]["posts"] / 2, day
        assert by_day[day]["threats"] > 0
    peak = by_day[date(2020, 2, 5)]
    assert peak["supportive"] > peak["posts"] / 2
    assert by_day[date(2020, 1, 25)]["hostile_share"] < 0.2


def test_demo_detects_the_wave_and_writes_the_digest(demo):
    report, printed = demo
    kinds = report["episodes"]["kind"].to_list()
    assert "harassment" in kinds and "support" in kinds
    import email

    assert report["digest"].name == "demo-2020-W05-fr.html"
    assert "<script" not in report["digest"].read_text().lower()
    assert "2020-W05" in printed
    (eml,) = report["digest"].parent.glob("demo-2020-W05-camille-*.eml")
    msg = email.message_from_bytes(eml.read_bytes())
    (image,) = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    (html,) = [p for p in msg.walk() if p.get_content_type() == "text/html"]
    # The chart travels inside the message and the HTML points at it by Content-ID.
    assert f'src="cid:{image["Content-ID"].strip("<>")}"' in html.get_payload(decode=True).decode()


def test_demo_writes_the_safety_desk_pages_of_the_wave(demo):
    report, printed = demo
    site = report["root"] / "site"
    page = site / "targets" / "demo.fr.html"
    assert (site / "index.html").is_file() and page.is_file()
    assert oct(page.stat().st_mode & 0o777) == "0o600"
    from html import unescape

    text = " ".join(unescape(page.read_text()).split())
    assert "Vague de harcèlement" in text  # the wave's days, not today's empty month
    assert "safety-desk site" in printed


def test_status_lists_every_stored_table(demo):
    from tasks.status import table_overview

    overview = dict(table_overview(demo[0]["root"]).select("table", "rows").iter_rows())
    assert overview["mentions"] == overview["scores"] > 20_000  # every stored version scored
    assert {"quarantine", "aggregates_daily", "scores", "episodes"} <= set(overview)


def test_demo_evidence_is_signed_and_timestamped_by_an_authority_that_says_it_is_a_demo(demo):
    from html import unescape

    from cryptography import x509

    from tasks.evidence import demo_tsa, verify_evidence
    from tasks.evidence.manifest import SIGNATURE, list_manifests

    report, printed = demo
    root, key = report["root"], report["signing_key"]
    manifests = list_manifests(root)
    assert manifests
    for m in manifests:
        assert (m.path / SIGNATURE).exists() and m.has_token, m.name
        assert m.manifest["signature"]["public_key_sha256"] == key.fingerprint
        assert m.manifest["timestamp"]["demo"] is True
        assert m.manifest["timestamp"]["note"] == "demo timestamp authority, not evidence"
    (ca,) = (root / "evidence" / "tsa").glob("*.pem")
    subject = x509.load_pem_x509_certificate(ca.read_bytes()).subject.rfc4514_string()
    assert "DEMO" in subject and "not evidence" in subject
    assert "DEMO" in printed and demo_tsa.TSA_NAME in printed
    assert "timestamped by the local demo timestamp authority, not evidence" in printed
    assert f"sha256:{key.fingerprint}" in printed and str(key.path) in printed
    # The digest of the wave's week says it too, in the recipient's French.
    html = " ".join(unescape(report["digest"].read_text()).split())
    assert "horodatés que par l'autorité de démonstration, qui ne vaut pas preuve" in html
    assert "Inutile de faire des captures" not in html
    assert verify_evidence(root).ok


def test_the_demo_keeps_no_private_key_in_its_data_root(demo):
    report, _ = demo
    root = report["root"].resolve()
    assert root not in report["signing_key"].path.resolve().parents
    private = [
        p for p in root.rglob("*") if p.is_file() and b"PRIVATE KEY" in p.read_bytes()[:4096]
    ]
    assert private == []


def test_without_openssl_the_demo_says_it_cannot_timestamp(monkeypatch):
    from flows.demo import demo_authority

    monkeypatch.setenv("PATH", "/nonexistent")
    buf = io.StringIO()
    with demo_authority(Console(file=buf, width=200)) as authority:
        assert authority is None
    assert "Could not timestamp: openssl is not installed" in buf.getvalue()
    assert "UNTIMESTAMPED" in buf.getvalue()


def test_the_demo_authority_is_set_for_its_run_only(tmp_path, monkeypatch):
    from config.settings import load_settings
    from flows.demo import demo_authority, timestamped_by

    monkeypatch.setenv("TOCSIN_EVIDENCE_TSA_URL", "https://tsa.example/operator")
    monkeypatch.delenv("TOCSIN_EVIDENCE_TSA_CA_FILE", raising=False)
    settings = load_settings(data_dir=tmp_path / "data")
    with demo_authority(Console(file=io.StringIO())) as authority:
        assert authority is not None
        run = timestamped_by(settings, authority).evidence
        assert (run.evidence_tsa_url, run.evidence_tsa_ca_file) == (authority.url, authority.ca)
        folder = authority.folder
    untimestamped = timestamped_by(settings, None).evidence
    assert (untimestamped.evidence_tsa_url, untimestamped.evidence_tsa_ca_file) == (None, None)
    assert settings.evidence.evidence_tsa_url == "https://tsa.example/operator"
    assert settings.evidence.evidence_tsa_ca_file is None
    assert not folder.exists()  # the authority's private keys are gone with it
