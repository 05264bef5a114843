"""The media stage without reading the segments back (issue 17): the evidence copy finds the media
references of the pages it has just written and holds them (``keep_pages(..., media=True)``,
media_refs.hold); the media stage takes them (media.pending_refs). The index it writes is byte for
byte the one the read-back gives, on real X API v2 pages (../shared/fixtures) and on our own
payloads; a segment nobody holds (kept by a process that died before its media stage, or dropped
past the budget) is read back, and a crash between the two stages then the same command ends where
a clean run ends."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import signal
import subprocess
import sys
import weakref
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from werkzeug import Request, Response

from tasks.evidence import keep_pages, media, media_refs, rawstore, verify_evidence
from tasks.evidence.manifest import list_manifests
from tasks.evidence.media import fetch_media, pending_refs
from tasks.evidence.media_refs import media_in_page
from tasks.evidence.media_store import list_indexes, read_index
from tasks.pages import RawPage
from tests.support.sources import settings_for

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[1]


def served(srv) -> str:
    """The server answers every path with bytes of its own (so each file hashes differently),
    or, for about a third of them (by their path's hash), 404."""

    def answer(request: Request) -> Response:
        if hashlib.sha256(request.path.encode()).digest()[0] % 3 == 0:
            return Response(b"gone", status=404)
        return Response(b"file at " + request.path.encode(), content_type="image/jpeg")

    srv.expect_request(re.compile(r"^/.*")).respond_with_handler(answer)
    return srv.url_for("").rstrip("/")


def local(body: bytes, base: str) -> bytes:
    """The payload with every web address pointing at the local server: no test asks the
    internet."""
    return re.sub(rb"https?://", f"{base}/".encode(), body)


def page(body: bytes, fmt: str, n: int) -> RawPage:
    return RawPage(body, "test", f"test:{n}", NOW, format=fmt)


def own_pages(base: str) -> list[RawPage]:
    """Our own payloads in each platform's documented shape, media named more than once, a page
    received twice, and pages naming none or unreadable."""
    photo = {"media_key": "3_1", "type": "photo", "url": f"{base}/pbs/a.jpg", "alt_text": "<b>"}
    video = {
        "media_key": "7_2",
        "type": "video",
        "preview_image_url": f"{base}/pbs/v.jpg",
        "variants": [
            {"content_type": "application/x-mpegURL", "url": f"{base}/video/v.m3u8"},
            {"content_type": "video/mp4", "bit_rate": 256000, "url": f"{base}/video/low.mp4"},
            {"content_type": "video/mp4", "bit_rate": 2176000, "url": f"{base}/video/high.mp4"},
        ],
    }

    def tweet(tid: str, *keys: str) -> dict:
        return {"id": tid, "text": "@alice_reporter", "attachments": {"media_keys": list(keys)}}

    x1 = {
        "data": [tweet("101", "3_1", "7_2"), tweet("102", "3_1"), {"id": "103", "text": "none"}],
        "includes": {"media": [photo, video], "tweets": [tweet("90", "16_9")]},
    }
    x2 = {"data": [tweet("101", "7_2"), tweet("104", "3_1")], "includes": {"media": [photo]}}
    v1 = [
        {
            "id_str": "201",
            "extended_entities": {
                "media": [
                    {"id_str": "5", "type": "photo", "media_url_https": f"{base}/pbs/old.jpg"}
                ]
            },
        }
    ]
    statuses = [
        {
            "id": "301",
            "media_attachments": [
                {"id": "11", "type": "image", "url": f"{base}/m/a.png", "description": "alt"},
                {"id": "12", "type": "video", "url": None, "remote_url": f"{base}/m/b.mp4"},
            ],
        },
        {"id": "302", "reblog": {"id": "303", "media_attachments": [{"id": "13", "url": None}]}},
    ]
    feed = {
        "feed": [
            {
                "post": {
                    "uri": "at://did:plc:abc/app.bsky.feed.post/3k1",
                    "embed": {
                        "$type": "app.bsky.embed.images#view",
                        "images": [{"fullsize": f"{base}/img/feed_fullsize/b@jpeg", "alt": "a"}],
                    },
                }
            }
        ]
    }
    bodies = [
        (orjson.dumps(x1), "auto"),
        (b'{"data": [', "auto"),
        (orjson.dumps(x2), "auto"),
        (orjson.dumps(x1), "auto"),  # received again: a refs file, not a segment
        (orjson.dumps(v1), "auto"),
        (orjson.dumps(statuses), "mastodon-statuses"),
        (b'[{"id": "1", "media_attachments": "x"}]', "mastodon-statuses"),
        (orjson.dumps(feed), "bluesky-feed"),
        (b'not json, but "media_keys" and "embed"', "auto"),
        (orjson.dumps({"data": [{"id": "5", "text": "no media"}]}), "auto"),
    ]
    return [page(b, fmt, n) for n, (b, fmt) in enumerate(bodies)]


def fixture_pages(fixtures: Path, base: str) -> list[RawPage]:
    """Every line of twarc's real X API v2 files (one page or tweet a line), their addresses
    local."""
    out = []
    for path in sorted((fixtures / "twarc-csv-v2").glob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            if line.strip():
                out.append(page(local(line, base), "auto", len(out)))
    return out


def counted_read_backs(monkeypatch) -> list[str]:
    """The segments the media stage reads back, by name (media.read_back, the real one)."""
    read: list[str] = []
    real = media.read_back

    def read_back(segment):
        read.append(Path(str(segment)).name)
        return real(segment)

    monkeypatch.setattr(media, "read_back", read_back)
    return read


def fetch(root: Path, run_id: str, tmp_path: Path, base: str):
    settings = settings_for(tmp_path, base, http_max_retries=0)
    return fetch_media(
        root,
        run_id,
        "alice",
        settings.http,
        max_bytes=1000,
        private_hosts=True,  # the media are served on 127.0.0.1
        clock=lambda: NOW,
    )


def index_bytes(root: Path) -> bytes:
    """Every media index of the target, in order, as written."""
    return b"".join(p.read_bytes() for p in list_indexes(root, "alice"))


def both_ways(tmp_path: Path, pages: list[RawPage], base: str, monkeypatch) -> dict:
    """The same pages kept and their media fetched, once with the references held, once read
    back: for each, the index bytes, the report and the segments read back."""
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 3)  # several segments
    for page_ in pages:  # never the internet: every address the pages name is the server's
        for ref in media_in_page(page_.body, page_.format):
            assert ref.url is None or ref.url.startswith(base), ref
    read = counted_read_backs(monkeypatch)
    out = {}
    for held in (True, False):
        root = tmp_path / ("held" if held else "read-back")
        list(keep_pages(pages, root, "run-1", "alice", media=held))
        read.clear()
        report = fetch(root, "run-1", tmp_path, base)
        out[held] = {
            "index": index_bytes(root),
            "report": report,
            "read": list(read),
            "segments": len(rawstore.list_segments(root, "alice")),
        }
    return out


def test_held_references_give_the_read_back_index_on_our_payloads(tmp_path, srv, monkeypatch):
    base = served(srv)
    got = both_ways(tmp_path, own_pages(base), base, monkeypatch)
    held, back = got[True], got[False]
    assert held["index"] == back["index"]
    lines = [orjson.loads(x) for x in held["index"].splitlines()]
    # 3_1 and 7_2 of 101, 3_1 of 102, 16_9 of 90, 3_1 of 104; v1.1's; mastodon's 3; bluesky's
    assert len(lines) == 10, lines
    assert [x["status"] for x in lines].count("not_fetched") == 2  # 16_9 and mastodon's 13
    first = next(x for x in lines if (x["post_id"], x["media_key"]) == ("101", "7_2"))
    assert first["page_sha256"] == own_pages(base)[0].sha256  # the first page naming it
    assert first["url"].endswith("/video/high.mp4")
    assert held["report"].describe() == back["report"].describe()
    # ten pages kept three at a time: four segments, the page received again in a refs file
    assert held["segments"] == back["segments"] == 4
    assert held["read"] == []
    assert back["read"] == [f"seg-00000{n}.parquet" for n in (1, 2, 3, 4)]


def test_held_references_give_the_read_back_index_on_x_v2_fixtures(
    tmp_path, srv, fixtures_dir, monkeypatch
):
    base = served(srv)
    pages = fixture_pages(fixtures_dir, base)
    got = both_ways(tmp_path, pages, base, monkeypatch)
    held, back = got[True], got[False]
    assert held["index"] == back["index"]
    assert held["report"].seen > 250, held["report"].describe()  # media_tweet, kpop, brexit...
    assert held["report"].kept > 0 and held["report"].failed > 0
    assert held["read"] == [] and len(back["read"]) == back["segments"] > 40


def test_a_segment_kept_by_a_process_that_died_is_read_back(tmp_path, srv, monkeypatch):
    """An earlier run kept pages and died before its media stage (nothing held: another
    process); this run holds its own. Only the earlier run's segment is read back, and the index
    is the one a run reading everything back writes."""
    base = served(srv)
    pages = own_pages(base)
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 4)
    read = counted_read_backs(monkeypatch)
    indexes = []
    for held in (True, False):
        root = tmp_path / ("held" if held else "read-back")
        list(keep_pages(pages[:4], root, "run-1", "alice", media=False))
        list(keep_pages(pages[2:], root, "run-2", "alice", media=held))
        read.clear()
        fetch(root, "run-2", tmp_path, base)
        indexes.append(index_bytes(root))
        segments = [Path(str(s)).parent.name for s in rawstore.list_segments(root, "alice")]
        assert segments == ["run-1", "run-2", "run-2"]
        assert len(read) == (1 if held else 3)
    assert indexes[0] == indexes[1] != b""


def test_past_the_budget_the_oldest_segments_are_read_back(tmp_path, srv, monkeypatch):
    base = served(srv)
    pages = own_pages(base)
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 1)
    read = counted_read_backs(monkeypatch)
    before = media_refs.held_bytes()
    list(keep_pages(pages, tmp_path / "all", "run-1", "alice", media=True))
    everything = media_refs.held_bytes() - before
    for seg in rawstore.list_segments(tmp_path / "all"):  # what all of them take, let go
        assert media_refs.take(rawstore.segment_identity(seg)) is not None
    monkeypatch.setattr(media_refs, "HELD_BYTES", everything // 2)
    root = tmp_path / "data"
    list(keep_pages(pages, root, "run-1", "alice", media=True))
    assert 0 < media_refs.held_bytes() <= everything // 2
    fetch(root, "run-1", tmp_path, base)
    assert 0 < len(read) < len(rawstore.list_segments(root, "alice"))
    assert read[0] == "seg-000001.parquet"  # the oldest are dropped first
    list(keep_pages(pages, tmp_path / "back", "run-1", "alice", media=False))
    fetch(tmp_path / "back", "run-1", tmp_path, base)
    assert index_bytes(root) == index_bytes(tmp_path / "back")


def test_references_held_are_small_and_hold_no_page(tmp_path):
    """A 4 MB page naming two files: a few hundred bytes held, and the page itself freed."""
    photo = {"media_key": "3_1", "type": "photo", "url": "http://127.0.0.1:9/a.jpg"}
    data = [{"id": "1", "text": "x" * 4_000_000, "attachments": {"media_keys": ["3_1", "3_2"]}}]
    big = page(orjson.dumps({"data": data, "includes": {"media": [photo]}}), "auto", 0)
    before = media_refs.held_bytes()
    alive = weakref.ref(big)
    list(keep_pages([big], tmp_path / "data", "run-1", "alice", media=True))
    del big
    gc.collect()
    assert alive() is None
    held = media_refs.held_bytes() - before
    assert 0 < held < 4_000
    refs = pending_refs(tmp_path / "data", "alice")
    assert [r.media_key for r, _ in refs] == ["3_1", "3_2"]
    assert media_refs.held_bytes() == before  # taken


def test_no_reference_is_held_without_a_media_stage(tmp_path):
    """keep_pages holds nothing unless asked (recheck, and runs with evidence_media off)."""
    before = media_refs.held_bytes()
    body = orjson.dumps({"data": [{"id": "1", "attachments": {"media_keys": ["3_1"]}}]})
    list(keep_pages([page(body, "auto", 0)], tmp_path / "data", "run-1", "alice"))
    assert media_refs.held_bytes() == before
    (seg,) = rawstore.list_segments(tmp_path / "data")
    assert media_refs.take(rawstore.segment_identity(seg)) is None


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    pytest.importorskip("boto3")
    from tests.support.s3server import s3_client

    with s3_client(tmp_path_factory.mktemp("moto")) as client:
        yield client


def test_on_an_s3_vault_the_held_references_spare_reading_the_segments_back(
    tmp_path, srv, s3, monkeypatch
):
    """On an s3:// data root (moto_server) a segment read back is a GET of it: held, none is
    read, and the index is the same."""
    from tasks.evidence.vaultstore import vault_root

    base = served(srv)
    pages = own_pages(base)
    monkeypatch.setattr(rawstore, "MAX_SEGMENT_PAGES", 3)
    read = counted_read_backs(monkeypatch)
    indexes, reads = [], []
    for held in (True, False):
        bucket = f"vault-{os.urandom(6).hex()}"
        s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
        root = vault_root(f"s3://{bucket}/tocsin/data", 3650)
        list(keep_pages(pages, root, "run-1", "alice", media=held))
        read.clear()
        fetch(root, "run-1", tmp_path, base)
        indexes.append(index_bytes(root))
        reads.append(len(read))
    assert indexes[0] == indexes[1] != b""
    assert reads == [0, 4]


# -- a crash between the evidence copy and the media stage ---------------------------------------


def tocsin_import(tmp_path: Path, name: str, pages: Path, kill_after: str | None = None) -> int:
    """`tocsin import` in a process of its own (no Prefect API: the plain steps) on the data
    root ``tmp_path/name``; its exit code (negative: killed by that signal)."""
    config = tmp_path / f"{name}.toml"
    config.write_text(
        f'data_dir = "{tmp_path / name}"\ntargets_file = "{tmp_path / "targets.toml"}"\n'
        "evidence_media_private_hosts = true\nhttp_max_retries = 0\ndata_docs = false\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOCSIN_", "PREFECT_"))}
    env |= {"PYTHONPATH": str(REPO), "DO_NOT_TRACK": "1", "GX_ANALYTICS_ENABLED": "false"}
    env["TOCSIN_CACHE_DIR"] = os.environ["TOCSIN_CACHE_DIR"]  # the session's (conftest)
    if kill_after:
        env["TOCSIN_TEST_KILL_AFTER"] = kill_after
    args = ["-m", "flows.cli", "import", str(pages), "--target", "alice", "--config", str(config)]
    log = tmp_path / f"{name}-{kill_after or 'run'}.log"
    with open(log, "wb") as out:
        proc = subprocess.run(
            [sys.executable, *args], cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    if proc.returncode not in (0, -signal.SIGKILL):
        pytest.fail(f"tocsin exited {proc.returncode}: {log.read_text(errors='replace')[-3000:]}")
    return proc.returncode


def media_lines(root: Path) -> list[dict]:
    """The target's media index lines, without when each was fetched."""
    return [
        {k: v for k, v in e.items() if k != "fetched_at"}
        for path in list_indexes(root, "alice")
        for e in read_index(path)
    ]


@pytest.mark.slow
def test_a_crash_before_the_media_stage_then_the_same_command_ends_as_a_clean_run(tmp_path, srv):
    """Killed right after the store (its pages kept, their references held in a process that
    is gone), the same command again reads the killed run's segment back: the same media index
    and a sealed vault, as after one clean run."""
    base = served(srv)
    (tmp_path / "targets.toml").write_text(
        '[[target]]\nname = "alice"\ntimezone = "UTC"\nhandles = { x = "alice_reporter" }\n'
    )
    pages = tmp_path / "pages.jsonl"
    x_pages = [p.body for p in own_pages(base) if p.format == "auto"]
    pages.write_bytes(b"\n".join(b for b in x_pages if b.startswith(b"{")) + b"\n")

    assert tocsin_import(tmp_path, "clean", pages) == 0
    assert tocsin_import(tmp_path, "crashed", pages, kill_after="store") == -signal.SIGKILL
    crashed = tmp_path / "crashed"
    assert rawstore.list_segments(crashed, "alice") and not list_indexes(crashed, "alice")
    assert tocsin_import(tmp_path, "crashed", pages) == 0

    clean = media_lines(tmp_path / "clean")
    assert len(clean) == 5, clean  # the first page's four items, the third page's new one
    assert media_lines(crashed) == clean
    for root in (tmp_path / "clean", crashed):
        assert verify_evidence(root, tables=False).verified
        (m,) = list_manifests(root)  # everything sealed once, the media index with the pages
        assert [e["items"] for e in m.manifest["media"]] == [5]
    # The second run kept no page of its own (all received before): the pages its index names
    # are in the killed run's segment, which it read back.
    (killed,) = {Path(str(s)).parent.name for s in rawstore.list_segments(crashed, "alice")}
    (index,) = list_indexes(crashed, "alice")
    assert Path(str(index)).parent.name != killed
