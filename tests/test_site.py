"""The safety-desk site (tasks/site): owner-only pages, the threat queue newest first with slurs
masked, the top of the page honest about an empty or uncollected period, the dossiers hook, and
the ``tocsin site`` command. Built on the digest's small hostile dataset (tests/support/digest.py),
written once for the module. The browser checks are in tests/test_site_browser.py."""

from __future__ import annotations

import re
import stat
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from config.targets import Target
from flows.cli import app
from tasks.runs import record_run
from tasks.site import build_site
from tasks.site.data import load_site_inputs
from tasks.site.dossiers import dossiers_made
from tests.support.digest import NOW, PARIS, TARGET, make_dataset, write_scores


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    ds = write_scores(make_dataset(tmp_path_factory.mktemp("site")))
    site = build_site(ds["root"], [TARGET], NOW)
    return {**ds, "site": site}


def page(built: dict[str, Any], lang: str) -> str:
    return built["site"].pages["alice"][lang].read_text(encoding="utf-8")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def top_of(html: str) -> list[str]:
    """The paragraphs of the page's top section, as text."""
    section = re.search(r'<section class="top[^"]*" role="status">(.*?)</section>', html, re.S)
    assert section, "no top section"
    return [
        unescape(re.sub(r"<[^>]+>", "", p)).strip()
        for p in re.findall(r"<p>(.*?)</p>", section.group(1), re.S)
    ]


def test_pages_exist_owner_only(built: dict[str, Any]) -> None:
    root = built["root"]
    site = built["site"]
    assert site.index == root / "site" / "index.html"
    assert sorted(p.relative_to(root / "site").as_posix() for p in site.files) == [
        "index.html",
        "targets/alice.en.html",
        "targets/alice.fr.html",
    ]
    for path in site.files:
        assert mode(path) == 0o600, path
    for folder in (root / "site", root / "site" / "targets"):
        assert mode(folder) == 0o700, folder
    index = site.index.read_text(encoding="utf-8")
    assert 'href="targets/alice.fr.html"' in index  # the first recipient's language first
    assert 'href="targets/alice.en.html"' in index
    assert '<html lang="fr">' in index


def test_open_site_folder_is_tightened_and_stale_pages_removed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    pages = root / "site" / "targets"
    pages.mkdir(parents=True, mode=0o755)
    (root / "site").chmod(0o755)
    pages.chmod(0o755)
    stale = pages / "bob.fr.html"
    stale.write_text("<p>a target no longer configured</p>")
    stale.chmod(0o644)
    site = build_site(root, [TARGET], NOW)
    assert not stale.exists()
    assert mode(root / "site") == mode(pages) == 0o700
    assert {mode(p) for p in site.files} == {0o600}


def expected_queue(ds: dict[str, Any]) -> list[datetime]:
    """Creation times of the period's threats and doxxing, straight from the written rows."""
    first = NOW.astimezone(PARIS).date() - timedelta(days=29)
    rows = (
        ds["mentions"]
        .join(ds["scores"], on=["platform", "post_id", "version_id"])
        .filter(
            pl.col("categories")
            .list.eval(pl.element().is_in(["threat", "death_threat", "doxxing"]))
            .list.any()
            & (pl.col("created_at").dt.convert_time_zone("Europe/Paris").dt.date() >= first)
        )
    )
    return sorted(rows["created_at"].to_list(), reverse=True)


def test_threat_queue_is_newest_first_and_masks_slurs(built: dict[str, Any]) -> None:
    expected = expected_queue(built)
    assert len(expected) == 2  # the dataset's two threats, two minutes apart
    for lang in ("fr", "en"):
        html = page(built, lang)
        queue = html.split('<ol class="queue">', 1)[1].split("</ol>", 1)[0]
        shown = [datetime.fromisoformat(s) for s in re.findall(r'<time datetime="([^"]+)">', queue)]
        assert shown == expected, lang
        # The look-alike threat calls her "salope": masked, first letter kept.
        assert "salope" not in html.lower()
        assert "s*****" in queue
        # Attacker markup is text, escaped; its link is defanged, not a link.
        assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in queue
        assert "<script" not in html
        assert "hxxps[://]x[.]com[.]evil[.]example" in queue
        assert "\u202e" not in html and "⟦U+202E⟧" in queue
        hrefs = re.findall(r'href="([^"]*)"', queue)
        assert hrefs and all(re.fullmatch(r"https://x\.com/i/web/status/\d+", h) for h in hrefs)


def test_queue_beyond_the_cap_is_counted_not_dropped(tmp_path: Path, built: dict[str, Any]) -> None:
    root = tmp_path / "data"
    # The same tables, a site capped at one item: the newest is shown, the other counted.
    import shutil

    shutil.copytree(built["root"], root, ignore=shutil.ignore_patterns("site"))
    site = build_site(root, [TARGET], NOW, max_queue=1)
    html = site.pages["alice"]["en"].read_text(encoding="utf-8")
    queue = html.split('<ol class="queue">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<time datetime="([^"]+)">', queue) == [expected_queue(built)[0].isoformat()]
    assert "1 older post(s) of the queue are not shown" in html


def test_top_of_page_says_what_happened(built: dict[str, Any]) -> None:
    assert top_of(page(built, "en"))[0] == (
        "142 posts, of which 71 hostile and 2 in the threat queue, over 30 days."
    )
    fr = top_of(page(built, "fr"))
    assert fr[0] == "142 messages, dont 71 hostiles et 2 dans la file des menaces, sur 30 jours."
    # The dataset's runs leave holes and one failed run: said at the top too.
    assert fr[1].startswith("Collecte incomplète : 3 plage(s)")
    assert fr[2].startswith("1 collecte(s) ont échoué")


BOB = Target(
    name="bob",
    display_name="Bob",
    timezone="America/Los_Angeles",
    recipients=[{"email": "desk@example.org", "lang": "en", "role": "safety desk"}],
)


def test_uncollected_period_says_so_at_the_top(tmp_path: Path) -> None:
    site = build_site(tmp_path / "data", [BOB], NOW)
    en = top_of(site.pages["bob"]["en"].read_text(encoding="utf-8"))
    assert en == [
        "Nothing was collected for this period: no successful collection run covers these 30 days.",
        "No post is kept for this person.",
    ]
    fr = top_of(site.pages["bob"]["fr"].read_text(encoding="utf-8"))
    assert fr[0] == (
        "Rien n'a été collecté pour cette période : aucune collecte réussie ne couvre ces 30 jours."
    )
    index = site.index.read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "nothing was collected" in index
    assert "No post on these days: no chart." in site.pages["bob"]["en"].read_text()


def test_collected_but_empty_period_says_so(tmp_path: Path) -> None:
    root = tmp_path / "data"
    start = NOW - timedelta(days=31)
    record_run(
        root,
        {
            "run_id": "run-1",
            "flow": "nightly",
            "target": "bob",
            "source": "x",
            "started_at": NOW,
            "finished_at": NOW,
            "window_start": start,
            "window_end": NOW,
            "pages": 1,
            "records_in": 0,
            "valid": 0,
            "quarantined": 0,
            "duplicates": 0,
            "written": 0,
            "scored": 0,
            "partitions_touched": 0,
            "api_errors": 0,
            "timings": "{}",
            "status": "ok",
            "error": None,
            "evidence": None,
        },
    )
    site = build_site(root, [BOB], NOW)
    assert top_of(site.pages["bob"]["en"].read_text(encoding="utf-8")) == [
        "No post in this period: collection covered it and found nothing."
    ]


def test_period_is_the_targets_local_days(tmp_path: Path) -> None:
    # 07:00 UTC on 3 February is still 2 February in Los Angeles.
    inputs = load_site_inputs(tmp_path, "bob", "America/Los_Angeles", NOW)
    assert (inputs.period.first, inputs.period.last) == (date(2020, 1, 4), date(2020, 2, 2))
    assert inputs.days.height == 30
    at = load_site_inputs(tmp_path, "bob", "Europe/Paris", NOW, last_day=date(2020, 1, 10))
    assert at.period.until == datetime(2020, 1, 10, 23, tzinfo=UTC)


def test_dossiers_hook(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert dossiers_made(root, "bob").available is False
    site = build_site(root, [BOB], NOW)
    assert "The list of dossiers is not available in this version of Tocsin yet." in (
        site.pages["bob"]["en"].read_text()
    )
    folder = root / "dossiers" / "bob"
    folder.mkdir(parents=True)
    (folder / "bob-E1.pdf").write_bytes(b"%PDF-1.7\n")
    (folder / "notes.txt").write_text("not a dossier")
    site = build_site(root, [BOB], NOW)
    html = site.pages["bob"]["en"].read_text()
    assert "<li>bob-E1.pdf — made " in html
    assert "notes.txt" not in html


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_cli_writes_the_site(tmp_path: Path, targets_file: Path) -> None:
    config = tmp_path / "tocsin.toml"
    config.write_text(f'targets_file = "{targets_file}"\n')
    data = tmp_path / "data"
    code, output = run(
        "site", "--config", str(config), "--data-dir", str(data), "--at", "2020-02-02"
    )
    assert code == 0, output
    assert output.splitlines() == [
        f"wrote {data / 'site' / 'index.html'}",
        *[
            f"wrote {data / 'site' / 'targets' / f'{t}.{lang}.html'}"
            for t in ("alice", "demo")
            for lang in ("fr", "en")
        ],
    ]
    html = (data / "site" / "targets" / "alice.en.html").read_text()
    assert "Last 30 days: 4 January 2020 to 2 February 2020 (Europe/Paris)" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--lang", "de"], "error: --lang 'de': expected fr or en", id="lang"),
        pytest.param(
            ["--at", "2020-02-30"],
            "error: --at '2020-02-30': expected a date as YYYY-MM-DD",
            id="at",
        ),
    ],
)
def test_cli_errors(args: list[str], message: str) -> None:
    code, output = run("site", *args)
    assert (code, output.strip()) == (2, message)


def test_refresh_site_builds_every_configured_target(settings: Any) -> None:
    from tasks.site import refresh_site

    site = refresh_site(settings, NOW)
    assert sorted(site.pages) == ["alice", "demo"]
    assert site.index == settings.data_dir / "site" / "index.html"
