"""Media are evidence too (issue 15, point 5): real platform payloads from ../shared/fixtures
(their media addresses rewritten to a real HTTP server on 127.0.0.1) name the media; the run
fetches them, keeps them content-addressed, seals their index with the pages, and `tocsin verify`
rehashes every file."""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

import orjson
import polars as pl
import pytest

from config.settings import load_settings
from config.targets import Target
from tasks.evidence import keep_pages, seal_report, verify_evidence
from tasks.evidence.manifest import list_manifests
from tasks.evidence.media import fetch_media, media_table
from tasks.evidence.media_refs import media_in_page
from tasks.pages import RawPage
from tasks.schema import MENTIONS
from tasks.store import scan
from tests.support.sources import settings_for

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def png(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real, valid PNG of one colour (our own bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def fixture_line(fixtures: Path, name: str) -> bytes:
    return (fixtures / "twarc-csv-v2" / name).read_bytes().splitlines()[0]


def cassette_body(fixtures: Path, folder: str, name: str, uri_part: str) -> bytes:
    for r in orjson.loads((fixtures / folder / name).read_bytes()):
        if uri_part in r["uri"]:
            return orjson.dumps(r["body"])
    raise AssertionError(f"{uri_part} not in {name}")


def local(body: bytes, base: str, *hosts: str) -> bytes:
    """The payload with each media host's address pointing at the local server instead."""
    for h in hosts:
        body = body.replace(f"https://{h}/".encode(), f"{base}/{h}/".encode())
    return body


def as_page(body: bytes, source: str, fmt: str, n: int) -> RawPage:
    return RawPage(body, source, f"fixture:{n}", NOW, format=fmt)


@pytest.fixture
def x_video_page(fixtures_dir: Path, srv) -> tuple[RawPage, bytes]:
    """twarc's real page of one tweet with a video (four variants and a preview image)."""
    base = srv.url_for("").rstrip("/")
    body = local(
        fixture_line(fixtures_dir, "media_tweet.jsonl"), base, "video.twimg.com", "pbs.twimg.com"
    )
    video = b"\x00\x00\x00\x18ftypmp42" + os.urandom(3000)
    path = "/video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4"
    srv.expect_request(path).respond_with_data(video, content_type="video/mp4")
    return as_page(body, "x", "auto", 1), video


@pytest.fixture
def bsky_page(fixtures_dir: Path, srv) -> tuple[RawPage, bytes, bytes]:
    """bskyr's real timeline page: two posts with images (served: one PNG, one 404)."""
    base = srv.url_for("").rstrip("/")
    raw = cassette_body(
        fixtures_dir, "bluesky-bskyr-cassettes", "f_timeline.responses.json", "getTimeline"
    )
    body = local(raw, base, "cdn.bsky.app")
    refs = media_in_page(body, "bluesky-feed")
    assert len(refs) == 2, refs
    image = png()
    first, second = (r.url.removeprefix(base) for r in refs)  # type: ignore[union-attr]
    srv.expect_request(first.split("?")[0]).respond_with_data(image, content_type="image/png")
    srv.expect_request(second.split("?")[0]).respond_with_data("gone", status=404)
    return as_page(body, "bluesky", "bluesky-feed", 2), image, refs


def run(root: Path, pages: list[RawPage], tmp_path: Path, url: str, run_id: str = "run-1", **kw):
    list(keep_pages(pages, root, run_id, "alice"))
    settings = settings_for(tmp_path, url, http_max_retries=0, **kw)
    report = fetch_media(
        root,
        run_id,
        "alice",
        settings.http,
        max_bytes=settings.evidence.evidence_media_max_bytes,
        private_hosts=True,  # the media are served on 127.0.0.1
        clock=lambda: NOW,
    )
    sealed = seal_report(root, run_id, "alice", signing_key=None, tsa_url=None, now=NOW)
    return report, sealed


def test_media_of_x_and_bluesky_pages_are_kept_hashed_and_sealed(
    tmp_path, srv, x_video_page, bsky_page
):
    root = tmp_path / "data"
    (xpage, video), (bpage, image, brefs) = x_video_page, bsky_page
    report, sealed = run(root, [xpage, bpage], tmp_path, srv.url_for(""))
    assert (report.seen, report.kept, report.failed) == (3, 2, 1), report.describe()

    rows = media_table(root, "alice").sort("platform")
    assert rows.height == 3
    kept = rows.filter(pl.col("status") == "kept")
    assert sorted(kept["sha256"]) == sorted(hashlib.sha256(b).hexdigest() for b in (video, image))
    xrow = rows.filter(pl.col("platform") == "x").row(0, named=True)
    assert (xrow["post_id"], xrow["media_key"], xrow["type"]) == (
        "1558553189766631429",
        "7_1558552952549277696",
        "video",
    )
    assert xrow["page_sha256"] == xpage.sha256
    assert xrow["fetched_at"] == "2026-11-24T12:00:00Z"  # the injected clock
    assert xrow["url"].endswith("/1280x720/WiZrNZKT2lMzK5zA.mp4?tag=12")  # highest bit rate
    for r in kept.iter_rows(named=True):
        assert (root / r["file"]).read_bytes() in (video, image)
        assert Path(r["file"]).name == r["sha256"]
        # sealed evidence: read-only, owner-only, in owner-only folders
        assert (root / r["file"]).stat().st_mode & 0o777 == 0o400
        for d in (root / r["file"]).parents[:3]:
            assert d.stat().st_mode & 0o777 == 0o700, d
    gone = rows.filter(pl.col("status") == "failed").row(0, named=True)
    assert (gone["post_id"], gone["reason"], gone["http_status"]) == (
        brefs[1].post_id,
        "HTTP 404 NOT FOUND",
        404,
    )
    assert gone["alt_text"] == brefs[1].alt_text and gone["sha256"] is None

    # The index is sealed in the same manifest as the pages, with its SHA-256.
    (m,) = list_manifests(root)
    (entry,) = m.manifest["media"]
    index = root / entry["file"]
    assert entry["sha256"] == hashlib.sha256(index.read_bytes()).hexdigest()
    assert (entry["items"], entry["kept"]) == (3, 2)
    assert m.manifest["counts"]["pages"] == 2
    report = verify_evidence(root, tables=False)
    assert report.verified, [f.message for f in report.findings]
    assert report.media == 2


def test_a_flipped_byte_in_a_media_file_fails_verify(tmp_path, srv, x_video_page):
    root = tmp_path / "data"
    run(root, [x_video_page[0]], tmp_path, srv.url_for(""))
    assert verify_evidence(root, tables=False).verified
    (row,) = media_table(root).rows(named=True)
    path = root / row["file"]
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.chmod(0o600)
    path.write_bytes(bytes(data))
    report = verify_evidence(root, tables=False)
    assert not report.ok
    (err,) = report.errors
    assert err.path == row["file"]
    assert err.message == (
        f"altered: its SHA-256 is {hashlib.sha256(data).hexdigest()}, not the {row['sha256']} "
        f"sealed by {row['index']}"
    )


def test_a_media_file_received_again_is_referenced_not_copied(tmp_path, srv, x_video_page):
    """The same page (or another naming the same file) in a later run: the item is done, its
    file is not fetched nor copied again."""
    root = tmp_path / "data"
    run(root, [x_video_page[0]], tmp_path, srv.url_for(""))
    files = sorted((root / "evidence" / "media").rglob("files/*"))
    requests = len(srv.log)
    report, _ = run(root, [x_video_page[0]], tmp_path, srv.url_for(""), run_id="run-2")
    # The page is referenced (refs.py), so no new segment names it: nothing pending.
    assert (report.seen, report.kept) == (0, 0)
    assert sorted((root / "evidence" / "media").rglob("files/*")) == files
    assert len(srv.log) == requests
    assert verify_evidence(root, tables=False).verified


def test_a_vault_without_media_still_verifies(tmp_path):
    from tests.support.evidence import build_vault

    root = tmp_path / "data"
    build_vault(root, None, None, runs=1)
    assert "media" not in list_manifests(root)[0].manifest
    report = verify_evidence(root, tables=False)
    assert report.verified and report.media == 0


def test_a_missing_media_file_and_an_unsealed_index_are_named(tmp_path, srv, x_video_page):
    root = tmp_path / "data"
    run(root, [x_video_page[0]], tmp_path, srv.url_for(""))
    (row,) = media_table(root).rows(named=True)
    (root / row["file"]).unlink()
    stray = root / "evidence" / "media" / "alice" / "run-9" / "media-000001.jsonl"
    stray.parent.mkdir()
    stray.write_bytes(b"{}\n")
    found = {(f.path, f.message) for f in verify_evidence(root, tables=False).errors}
    assert found == {
        (row["file"], f"missing: a media file sealed by {row['index']} line 1"),
        (
            "evidence/media/alice/run-9/media-000001.jsonl",
            "added or not sealed: no manifest lists this media index (after a crash before "
            "sealing, run `tocsin seal`)",
        ),
    }


def test_a_file_over_the_size_cap_is_recorded_not_kept(tmp_path, srv, fixtures_dir):
    base = srv.url_for("").rstrip("/")
    body = local(fixture_line(fixtures_dir, "media_tweet.jsonl"), base, "video.twimg.com")
    path = "/video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4"
    srv.expect_request(path).respond_with_data(b"x" * 5000, content_type="video/mp4")
    report, sealed = run(
        tmp_path / "data",
        [as_page(body, "x", "auto", 1)],
        tmp_path,
        base,
        evidence_media_max_bytes=1000,
    )
    assert report.failed == 1 and sealed.manifest is not None
    (row,) = media_table(tmp_path / "data").rows(named=True)
    assert row["reason"] == ("too large: 5000 bytes declared, over evidence_media_max_bytes (1000)")
    assert row["transient"] is False
    assert not list((tmp_path / "data" / "evidence" / "media").rglob("files/*"))


def test_the_run_stores_its_posts_and_records_a_404_media_with_its_reason(
    tmp_path, srv, fixtures_dir
):
    """The pipeline's seal step (tasks.lifecycle.seal_kept_pages) fetches the media first: one
    missing file is recorded, the batch's posts are stored and everything is sealed."""
    root, sealed = stored_run(tmp_path, srv, fixtures_dir, None)
    # the run summary says what became of the media
    assert sealed.describe().endswith(
        "; 1 media: 0 kept (0 already in the vault), 1 failed, 0 not fetched, 0 done before"
    )
    (row,) = media_table(root).rows(named=True)
    assert (row["status"], row["http_status"], row["reason"]) == (
        "failed",
        404,
        "HTTP 404 NOT FOUND",
    )
    assert row["transient"] is False
    stored = scan(root, MENTIONS).collect()
    assert "1558553189766631429" in stored["post_id"].to_list()
    (m,) = list_manifests(root)
    assert (m.manifest["counts"]["pages"], m.manifest["media"][0]["kept"]) == (1, 0)
    report = verify_evidence(root, tables=False)
    assert report.verified and report.media == 0


def test_mastodon_attachments_and_an_unreachable_host(tmp_path, srv, fixtures_dir):
    """A real home timeline (mastodon-py's cassette), one status given two attachments in the
    documented MediaAttachment shape (the cassettes hold none): one served here, one on a
    host that refuses connections, which is asked once, not once a file."""
    base = srv.url_for("").rstrip("/")
    statuses = orjson.loads(
        cassette_body(fixtures_dir, "mastodon-py-cassettes", "test_home_tl.responses.json", "home")
    )
    image = png(3, 1)
    srv.expect_request("/media/a.png").respond_with_data(image, content_type="image/png")
    closed = "http://127.0.0.1:9/media"  # discard port: nothing listens
    st = statuses[0]
    st["media_attachments"] = [
        {
            "id": "11",
            "type": "image",
            "url": f"{base}/media/a.png",
            "preview_url": None,
            "remote_url": None,
            "description": "alt <b>text</b>",
        },
        {
            "id": "12",
            "type": "video",
            "url": f"{closed}/b.mp4",
            "preview_url": None,
            "remote_url": None,
            "description": None,
        },
        {
            "id": "13",
            "type": "gifv",
            "url": f"{closed}/c.mp4",
            "preview_url": None,
            "remote_url": None,
            "description": None,
        },
    ]
    page = as_page(orjson.dumps(statuses), "mastodon", "mastodon-statuses", 1)
    report, sealed = run(tmp_path / "data", [page], tmp_path, base)
    assert (report.kept, report.failed) == (1, 2), report.describe()
    rows = media_table(tmp_path / "data").sort("media_key")
    assert rows["post_id"].to_list() == [st["id"]] * 3
    assert rows["alt_text"][0] == "alt <b>text</b>"
    assert rows["sha256"][0] == hashlib.sha256(image).hexdigest()
    assert rows["reason"][1].startswith("ConnectError: ")
    assert (
        rows["reason"][2]
        == f"not tried: 127.0.0.1:9 unreachable earlier in this run ({rows['reason'][1]})"
    )
    assert rows["transient"].to_list()[1:] == [True, True]
    assert verify_evidence(tmp_path / "data", tables=False).verified


def stored_run(tmp_path: Path, srv, fixtures_dir: Path, video: bytes | None):
    """twarc's real video tweet collected, stored and sealed by the pipeline's own seal step,
    with its video served here (``None``: answered 404)."""
    from tasks.ingest import store_batch
    from tasks.lifecycle import seal_kept_pages
    from tasks.parse import parse_batches
    from tasks.validate import split
    from tests.support.wire import SKEW

    base = srv.url_for("").rstrip("/")
    body = local(fixture_line(fixtures_dir, "media_tweet.jsonl"), base, "video.twimg.com")
    path = "/video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4"
    if video is None:
        srv.expect_request(path).respond_with_data("", status=404)
    else:
        srv.expect_request(path).respond_with_data(video, content_type="video/mp4")
    settings = settings_for(tmp_path, base, evidence_media=True, evidence_media_private_hosts=True)
    root = settings.data_dir
    target = Target(name="alice", timezone="UTC", handles={"x": "alice_reporter"})
    pages = keep_pages([as_page(body, "x", "auto", 1)], root, "run-1", "alice")
    for staging, _ in parse_batches(pages, target, 1000):
        valid, rejected = split(staging, NOW, SKEW)
        store_batch(root, valid, rejected, "run-1")
    sealed = seal_kept_pages(root, "run-1", "alice", settings, NOW)
    assert sealed.manifest is not None
    return root, sealed


def test_the_export_carries_the_media_and_its_verify_sh_checks_them(tmp_path, srv, fixtures_dir):
    import subprocess
    import zipfile
    from datetime import date

    from tasks.evidence.export import export_bundle

    video = b"\x00\x00\x00\x18ftypmp42" + os.urandom(2000)
    root, _ = stored_run(tmp_path, srv, fixtures_dir, video)
    day = date(2022, 8, 13)
    out = tmp_path / "out"
    export_bundle(root, "alice", day, day, out / "bundle.zip", now=NOW)
    with zipfile.ZipFile(out / "bundle.zip") as zf:
        zf.extractall(out)
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    digest = hashlib.sha256(video).hexdigest()
    assert (folder / "media" / "files" / digest).read_bytes() == video
    assert (folder / "media" / "files.txt").read_text() == f"{digest}\n"
    assert "1558553189766631429" in (folder / "media.csv").read_text()
    readme = " ".join((folder / "README.txt").read_text().split())
    assert "media/files/SHA256 the 1 file(s) kept, named by their SHA-256" in readme
    assert "les 1 fichier(s) conservé(s)" in " ".join((folder / "LISEZMOI.txt").read_text().split())

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["sh", "verify.sh"], cwd=folder, capture_output=True, text=True)

    ok = verify()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "1 media file(s)" in ok.stdout.splitlines()[-1]
    f = folder / "media" / "files" / digest
    data = bytearray(f.read_bytes())
    data[7] ^= 0x01
    f.write_bytes(bytes(data))
    bad = verify()
    assert bad.returncode == 1
    assert f"FAILED: media/files/{digest}: missing, or its SHA-256 is not its name" in bad.stdout
    f.write_bytes(video)
    (index,) = (folder / "media" / "index").rglob("*.jsonl")
    index.write_bytes(index.read_bytes().replace(b'"video"', b'"photo"'))
    bad = verify()
    assert bad.returncode == 1
    rel = index.relative_to(folder).as_posix()
    assert (
        f"FAILED: {rel}: its SHA-256 is in no manifest's media list here (altered, or not sealed)"
        in bad.stdout
    )


def test_a_503_is_retried_after_the_wait_the_server_asks(tmp_path, srv, fixtures_dir):
    from tests.support.sources import Sleeps

    base = srv.url_for("").rstrip("/")
    body = local(fixture_line(fixtures_dir, "media_tweet.jsonl"), base, "video.twimg.com")
    path = "/video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4"
    srv.expect_oneshot_request(path).respond_with_data(
        "busy", status=503, headers={"Retry-After": "2"}
    )
    srv.expect_request(path).respond_with_data(b"video bytes", content_type="video/mp4")
    root = tmp_path / "data"
    list(keep_pages([as_page(body, "x", "auto", 1)], root, "run-1", "alice"))
    sleeps = Sleeps()
    http = settings_for(tmp_path, base, http_max_retries=2).http
    report = fetch_media(
        root, "run-1", "alice", http, max_bytes=1000, sleep=sleeps, private_hosts=True
    )
    assert (report.kept, report.failed, sleeps) == (1, 0, [2.0])
    (row,) = media_table(root).rows(named=True)
    assert row["sha256"] == hashlib.sha256(b"video bytes").hexdigest()


def test_a_media_host_on_a_private_address_is_not_asked_unless_allowed(tmp_path, srv, fixtures_dir):
    """An imported file could name any address: 127.0.0.1 (the test's server) is refused by
    default, the item says why and the server never sees a request."""
    base = srv.url_for("").rstrip("/")
    body = local(fixture_line(fixtures_dir, "media_tweet.jsonl"), base, "video.twimg.com")
    path = "/video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4"
    srv.expect_request(path).respond_with_data(b"video bytes", content_type="video/mp4")
    root = tmp_path / "data"
    list(keep_pages([as_page(body, "x", "auto", 1)], root, "run-1", "alice"))
    http = settings_for(tmp_path, base, http_max_retries=0).http
    report = fetch_media(root, "run-1", "alice", http, max_bytes=1000)
    assert (report.kept, report.failed) == (0, 0)
    (row,) = media_table(root).rows(named=True)
    assert row["status"] == "not_fetched"
    assert row["reason"] == (
        "127.0.0.1 resolves to 127.0.0.1, a private, loopback or link-local address "
        "(evidence_media_private_hosts = false)"
    )
    assert srv.log == []
    assert load_settings(None).evidence.evidence_media_private_hosts is False


def test_the_x_connector_asks_for_media_and_no_credential_reaches_the_media_host(
    tmp_path, srv, fixtures_dir
):
    """A fake X API on 127.0.0.1 answers the mentions search with twarc's real page (its media
    addresses pointing here); the run's seal step fetches the video without the bearer token."""
    from tasks.ingest import store_batch
    from tasks.lifecycle import seal_kept_pages
    from tasks.parse import parse_batches
    from tasks.sources.x_api import XSource
    from tasks.validate import split
    from tests.support.sources import X_TOKEN, Sleeps, assert_no_secret
    from tests.support.wire import SKEW

    base = srv.url_for("").rstrip("/")
    captured = orjson.loads(fixture_line(fixtures_dir, "media_tweet.jsonl"))
    del captured["__twarc"]  # twarc's note of how it asked: not part of X's answer
    body = local(orjson.dumps(captured), base, "video.twimg.com", "pbs.twimg.com")
    srv.expect_request("/2/tweets/search/recent").respond_with_data(
        body, content_type="application/json"
    )
    path = "/video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4"
    video = b"\x00\x00\x00\x18ftypmp42 our own bytes"
    srv.expect_request(path).respond_with_data(video, content_type="video/mp4")
    settings = settings_for(tmp_path, base, evidence_media=True, evidence_media_private_hosts=True)
    root = settings.data_dir
    target = Target(name="alice", timezone="UTC", handles={"x": "alice_reporter"})
    source = XSource(target, settings, X_TOKEN, sleep=Sleeps(), clock=lambda: NOW)
    pages = keep_pages(source.pages(target, None, None), root, "run-1", "alice")
    for staging, _ in parse_batches(pages, target, 1000):
        valid, rejected = split(staging, NOW, SKEW)
        store_batch(root, valid, rejected, "run-1")
    sealed = seal_kept_pages(root, "run-1", "alice", settings, NOW)
    assert sealed.manifest is not None
    asked, got = srv.log[0][0], [r for r, _ in srv.log if r.path == path]
    assert "attachments.media_keys" in asked.args["expansions"].split(",")
    assert "variants" in asked.args["media.fields"].split(",")
    assert asked.headers["Authorization"] == f"Bearer {X_TOKEN}"
    assert len(got) == 1 and "Authorization" not in got[0].headers
    (row,) = media_table(root).rows(named=True)
    assert (row["status"], row["sha256"]) == ("kept", hashlib.sha256(video).hexdigest())
    assert verify_evidence(root, tables=False).verified
    assert_no_secret(root)


def test_a_server_dripping_a_file_is_cut_off_and_named(tmp_path, srv, fixtures_dir, monkeypatch):
    """Each read arrives within the timeout, the whole file does not: stopped at the deadline
    (request_timeout_seconds x _WHOLE_FILE_TIMEOUTS, here 2 s x 1), recorded, nothing kept.
    A byte every 0.05 s against a 2 s read timeout: on a loaded machine a 0.1 s drip against
    0.5 s ended in a read timeout instead (a stalled server thread), not the case tested."""
    import time

    from werkzeug import Response

    from tasks.evidence import media_fetch

    monkeypatch.setattr(media_fetch, "_WHOLE_FILE_TIMEOUTS", 1)

    def drip(_request):
        def body():
            for _ in range(100):  # 5 s in all, past the 2 s deadline
                time.sleep(0.05)
                yield b"x"

        return Response(body(), content_type="video/mp4")

    base = srv.url_for("").rstrip("/")
    body = local(fixture_line(fixtures_dir, "media_tweet.jsonl"), base, "video.twimg.com")
    path = "/video.twimg.com/ext_tw_video/1558552952549277696/pu/vid/1280x720/WiZrNZKT2lMzK5zA.mp4"
    srv.expect_request(path).respond_with_handler(drip)
    report, sealed = run(
        tmp_path / "data",
        [as_page(body, "x", "auto", 1)],
        tmp_path,
        base,
        request_timeout_seconds=2,
    )
    assert report.failed == 1 and sealed.manifest is not None
    (row,) = media_table(tmp_path / "data").rows(named=True)
    assert (row["reason"], row["transient"]) == ("too slow: not received within 2 s", True)
    assert not list((tmp_path / "data" / "evidence" / "media").rglob("files/*"))
