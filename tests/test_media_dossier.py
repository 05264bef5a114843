"""The media of the hostile posts in the prosecutor's dossier (issue 15, points 2 and 5): the
small vault of tests/test_dossier.py, two of its threats carrying media in the X API v2 shape
(``attachments.media_keys`` into ``includes.media``), served by a real HTTP server on 127.0.0.1
(one image, one 404); then a real PDF read back with poppler."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import orjson
import polars as pl
import pytest

from config.targets import Target
from tasks.detect.table import EPISODES
from tasks.dossier import Selection, write_dossier
from tasks.evidence import keep_pages, seal_report
from tasks.evidence.media import fetch_media
from tasks.ingest import store_batch
from tasks.pages import RawPage
from tasks.parse import parse_batches
from tasks.schema import MENTIONS
from tasks.scoring.table import SCORES
from tasks.store import merge_partitions, scan
from tasks.validate import split
from tests.conftest import page, tweet, user
from tests.support.digest import episode
from tests.support.dossier import AUTHORS, EPISODE, POSTS
from tests.support.evidence import NOW
from tests.support.sources import settings_for
from tests.support.wire import SKEW
from tests.test_media import png

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfimages")),
    reason="poppler-utils (pdftotext, pdfimages) not installed: apt-get install -y poppler-utils",
)
ALT = "<script>alert(3)</script> regarde https://evil.example/x"


def thread() -> list[dict]:
    """test_dossier's posts as X v2 tweets (its threats reply to the designating post 900)."""
    out = []
    for i, (pid, author, text, _, _, parent) in enumerate(POSTS):
        t = tweet(pid, text=text, author_id=author, created_at=f"2020-02-01T1{i}:00:00.000Z")
        if parent:
            t |= {"referenced_tweets": [{"type": "replied_to", "id": parent}]}
            t |= {"conversation_id": "900", "in_reply_to_user_id": "42"}
        out.append(t)
    return out


def scores(root: Path) -> None:
    """test_dossier's stances and categories, as a scorer would have written them."""
    by_id = {p[0]: p for p in POSTS}
    m = scan(root, MENTIONS).collect()
    rows = m.select("target", "date", "platform", "post_id", "version_id", "version").with_columns(
        scorer=pl.lit("rules"),
        scorer_version=pl.lit("test/1"),
        stance=pl.col("post_id").replace_strict({k: v[3] for k, v in by_id.items()}),
        categories=pl.col("post_id").replace_strict(
            {k: v[4] for k, v in by_id.items()}, return_dtype=pl.List(pl.String)
        ),
        severity=pl.lit(2, pl.Int8),
        score=pl.lit(0.9),
        reasons=pl.lit(["test rule"], dtype=pl.List(pl.String)),
        scored_at=pl.lit(NOW),
    )
    merge_partitions(root, SCORES, SCORES.conform(rows), ["post_id"])


@pytest.fixture(scope="module")
def media_vault(tmp_path_factory, server, signing_key):
    base = server.url_for("").rstrip("/")
    image = png(4, 4, (10, 120, 200))
    server.expect_request("/m/a.png").respond_with_data(image, content_type="image/png")
    server.expect_request("/m/gone.jpg").respond_with_data("", status=404)
    tweets = thread()
    by_id = {t["id"]: t for t in tweets}
    by_id["101"]["attachments"] = {"media_keys": ["3_1"]}  # a threat, hostile
    by_id["104"]["attachments"] = {"media_keys": ["3_2"]}  # a threat, hostile
    by_id["108"]["attachments"] = {"media_keys": ["3_3"]}  # supportive: not in the media list
    users = [user(a, name, created) for a, (name, created) in AUTHORS.items()]
    body = orjson.loads(page(tweets, users))
    body["includes"]["media"] = [
        {"media_key": "3_1", "type": "photo", "url": f"{base}/m/a.png", "alt_text": ALT},
        {"media_key": "3_2", "type": "photo", "url": f"{base}/m/gone.jpg"},
        {"media_key": "3_3", "type": "photo", "url": f"{base}/m/a.png"},
    ]
    tmp = tmp_path_factory.mktemp("media-dossier")
    root = tmp / "data"
    target = Target(
        name="alice",
        timezone="Europe/Paris",
        handles={"x": "alice_reporter", "x_user_id": "42"},
        watched_posts=[{"platform": "x", "id": "900", "note": "designating post"}],
        recipients=[{"email": "alice@example.org", "lang": "en"}],
    )
    pages = [RawPage(orjson.dumps(body), "file", "wave.jsonl:1", NOW)]
    for staging, _ in parse_batches(keep_pages(pages, root, "run-1", "alice"), target, 1000):
        valid, rejected = split(staging, NOW, SKEW)
        store_batch(root, valid, rejected, "run-1")
    http = settings_for(tmp, base, http_max_retries=0).http
    report = fetch_media(root, "run-1", "alice", http, max_bytes=10_000_000, private_hosts=True)
    assert (report.kept, report.failed) == (2, 1), report.describe()
    assert seal_report(root, "run-1", "alice", signing_key=signing_key, tsa_url=None, now=NOW)
    scores(root)
    ep = {**episode(), "pile_on_post_id": "900", "signals": ["copy_paste", "pile_on"]}
    merge_partitions(
        root,
        EPISODES,
        EPISODES.conform(pl.DataFrame([ep], schema=EPISODES.polars_schema())),
        ["start"],
    )
    out = tmp / "episode.pdf"
    result = write_dossier(root, target, out, Selection(episode=EPISODE), now=NOW)
    return out, result, image


@needs_poppler
def test_the_dossier_lists_the_hostile_posts_media_inert_with_hashes(media_vault):
    pdf, _, image = media_vault
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    media = flat[flat.index("Media attached to the hostile posts") :]
    assert hashlib.sha256(image).hexdigest() in media.replace(" ", "")
    assert "kept (" in media and "not kept: HTTP 404 NOT FOUND" in media
    # the address and the alt text are text, not links or markup
    assert "hxxp[://]127[.]0[.]0[.]1" in media
    assert "<script>alert(3)</script> regarde hxxps[://]evil[.]example/x" in media
    # only the hostile posts' media: the supportive post 108's copy of the image is not listed
    assert media.count("photo") == 2
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    rows = [line for line in images.stdout.splitlines()[2:] if line.strip()]
    assert len(rows) == 1 and rows[0].split()[3:5] == ["4", "4"]  # the thumbnail, 4x4


@needs_poppler
def test_the_dossiers_attached_bundle_holds_the_media_and_verifies(media_vault, tmp_path):
    pdf, result, image = media_vault
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(pdf)], check=True)
    with zipfile.ZipFile(tmp_path / result.bundle) as zf:
        zf.extractall(tmp_path / "x")
    (folder,) = (tmp_path / "x").iterdir()
    digest = hashlib.sha256(image).hexdigest()
    assert (folder / "media" / "files" / digest).read_bytes() == image
    ok = subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)
    assert ok.returncode == 0 and "1 media file(s)" in ok.stdout, ok.stdout + ok.stderr
    Path(folder / "media" / "files" / digest).write_bytes(image[:-1] + b"\x00")
    bad = subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"FAILED: media/files/{digest}: missing, or its SHA-256 is not its name" in bad.stdout
