"""Archive imports (``tocsin import``): the format of each file detected or named, and every real
fixture record either stored or quarantined with a reason."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import orjson
import polars as pl
import pytest

from config.targets import Target
from tasks.errors import InputError
from tasks.ingest import store_batch
from tasks.parse import parse_pages
from tasks.schema import MENTIONS, QUARANTINE
from tasks.sources.file import FileSource, check_file, detect_format
from tasks.store import scan
from tasks.validate import split
from tests.conftest import NOW, SKEW, page, tweet
from tests.support.sources import PAYLOADS


def _ingest(root: Path, target: Target, files: list[Path], **kw):
    staging, stats = parse_pages(FileSource(files, now=NOW, **kw).pages(target), target)
    valid, rejected = split(staging, NOW, SKEW)
    return valid, rejected, store_batch(root, valid, rejected, "import")


def _all_accounted_for(root: Path, valid: pl.DataFrame, rejected: pl.DataFrame) -> None:
    """Nothing vanishes: every valid version is stored, every rejected record is quarantined
    with at least one reason."""
    stored = scan(root, MENTIONS).collect()
    quarantined = scan(root, QUARANTINE).collect()
    key = ["platform", "post_id", "version_id"]
    assert valid.join(stored, on=key, how="anti").is_empty()
    assert rejected.join(quarantined, on="raw_sha256", how="anti").is_empty()
    assert quarantined.filter(pl.col("reasons").list.len() == 0).is_empty()


def _bodies(tmp_path: Path, cassette: Path, keep=lambda r: True) -> list[Path]:
    """Each response body of a cassette as its own JSON file, as an archive would hold it."""
    out = []
    for i, r in enumerate(json.loads(cassette.read_text())):
        if isinstance(r["body"], (dict, list)) and keep(r):
            path = tmp_path / "in" / f"{cassette.stem}-{i}.json"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(orjson.dumps(r["body"], option=orjson.OPT_INDENT_2))
            out.append(path)
    return out


@pytest.mark.parametrize(
    ("body", "fmt"),
    [
        pytest.param(b'{"data": [], "meta": {}}', "auto", id="x-v2-page"),
        pytest.param(b'{"id": "1", "text": "t", "author_id": "2"}', "auto", id="twarc-flat"),
        pytest.param(b'{"id_str": "1", "text": "t", "user": {}}', "x-v1", id="x-v1-status"),
        pytest.param(b'{"statuses": [], "search_metadata": {}}', "x-v1", id="x-v1-search"),
        pytest.param(b'[{"id_str": "1", "user": {}}]', "x-v1", id="x-v1-list"),
        pytest.param(b'{"verb": "post", "actor": {}, "object": {}}', "x-v1", id="activity-streams"),
        pytest.param(
            b'[{"id": "1", "content": "<p>x</p>", "account": {}}]',
            "mastodon",
            id="mastodon-statuses",
        ),
        pytest.param(
            b'[{"id": "1", "type": "mention", "account": {}}]',
            "mastodon",
            id="mastodon-notifications",
        ),
        pytest.param(
            b'{"accounts": [], "statuses": [], "notification_groups": []}',
            "mastodon",
            id="mastodon-grouped",
        ),
        pytest.param(b'{"ancestors": [], "descendants": []}', "mastodon", id="mastodon-context"),
        pytest.param(
            b'{"notifications": [], "cursor": "c"}', "bluesky", id="bluesky-notifications"
        ),
        pytest.param(b'{"thread": {}}', "bluesky", id="bluesky-thread"),
        pytest.param(b'{"posts": [], "cursor": "c"}', "bluesky", id="bluesky-posts"),
        pytest.param(
            b'{"uri": "at://did:plc:x/app.bsky.feed.post/1", "cid": "c", "value": {}}',
            "bluesky",
            id="bluesky-record",
        ),
        pytest.param(
            b"platform,post_id,created_at,author_id,text\nx,1,2020-01-01T00:00:00Z,2,hi\n",
            "csv-posts",
            id="csv",
        ),
        pytest.param(
            b'{"something": "else"}', "auto", id="unknown-json-is-read-as-x-and-quarantined"
        ),
    ],
)
def test_format_detection(tmp_path, body, fmt):
    path = tmp_path / "f.json"
    path.write_bytes(body)
    assert detect_format(path) == fmt


@pytest.mark.parametrize(
    ("body", "fmt", "message"),
    [
        pytest.param(
            b"hello\n",
            None,
            r"f.json:1: not JSON .* nor a CSV with the documented header; expected one of auto, x-v1, mastodon, bluesky, csv-posts",
            id="neither",
        ),
        pytest.param(
            b"a,b\n1,2\n",
            "csv-posts",
            r"f.json:1: not the documented CSV header \(docs/sources.md\)$",
            id="bad-csv-header",
        ),
        pytest.param(
            b"{}",
            "tweets",
            r"^unknown format 'tweets'; known: auto, x-v1, mastodon, bluesky, csv-posts$",
            id="unknown-format",
        ),
        pytest.param(b"", None, r"f.json: the file is empty$", id="empty"),
    ],
)
def test_files_that_cannot_be_imported_are_refused_before_anything_runs(
    tmp_path, body, fmt, message
):
    path = tmp_path / "f.json"
    path.write_bytes(body)
    with pytest.raises(InputError, match=message):
        check_file(path, fmt)


def test_a_named_format_wins_over_detection(tmp_path, target):
    path = tmp_path / "statuses.json"
    path.write_bytes(
        b'{"id": "5", "text": "@alice_reporter hi", "created_at": "Wed Oct 10 20:19:24 +0000 2018", "user": {"id_str": "9", "screen_name": "u"}}'
    )
    assert FileSource([path], now=NOW).formats[path] == "x-v1"
    page = next(FileSource([path], now=NOW, format="auto").pages(target))
    assert page.format == "auto" and page.provenance["format"] == "auto"


def test_csv_with_the_documented_header(tmp_path, target):
    path = PAYLOADS / "import" / "posts.csv"
    root = tmp_path / "data"
    valid, rejected, _ = _ingest(root, target, [path], mastodon_url=None)
    _all_accounted_for(root, valid, rejected)
    rows = {r["post_id"]: r for r in scan(root, MENTIONS).collect().iter_rows(named=True)}
    assert rows["1600000000000000101"]["text"] == '@alice_reporter, "journaliste" ?'
    assert rows["1600000000000000101"]["mentions_target"] is True
    assert rows["1600000000000000102"]["text"] == "sur deux\r\nlignes, sans la nommer"
    assert (
        rows["1600000000000000102"]["kind"],
        rows["1600000000000000102"]["watched_post_id"],
    ) == ("reply", "900")
    assert rows["1201"]["url"] == "https://social.example/statuses/1201"
    bsky = "at://did:plc:trolltrolltrolltrolltroll/app.bsky.feed.post/3kquote00001"
    assert rows[bsky]["kind"] == "quote"
    assert (
        rows[bsky]["url"]
        == "https://bsky.app/profile/did:plc:trolltrolltrolltrolltroll/post/3kquote00001"
    )
    q = scan(root, QUARANTINE).collect().sort("raw")
    assert q.select("post_id", "reasons").rows() == [
        ("1202", ["parse: mastodon_instance: needed to build the URL of a Mastodon post"]),
        (
            "1600000000000000103",
            ["parse: created_at: not a timestamp: 'not-a-date'", "required: created_at is missing"],
        ),
    ]
    # The raw record of a row is its bytes in the file, line breaks inside quotes included.
    raw = next(r for r in valid.iter_rows(named=True) if r["post_id"] == "1600000000000000102")[
        "raw"
    ]
    assert (
        raw
        == 'x,1600000000000000102,2026-11-20T10:05:00Z,7,troll7,"sur deux\r\nlignes, sans la nommer",,900,,fr,,'
    )
    assert valid["source_ref"].str.ends_with(":2-8").all()


def test_csv_is_cut_into_pages_that_each_carry_the_header(tmp_path, target, monkeypatch):
    import tasks.sources.file as file_mod

    monkeypatch.setattr(file_mod, "CSV_ROWS_PER_PAGE", 2)
    pages = list(FileSource([PAYLOADS / "import" / "posts.csv"], now=NOW).pages(target))
    assert [p.ref.rsplit(":", 1)[1] for p in pages] == ["2-3", "5-6", "7-8"]
    assert all(p.body.startswith(b"platform,post_id,") for p in pages)
    staging, _ = parse_pages(pages, target)
    assert staging.height == 6
    bad = staging.filter(pl.col("post_id") == "1600000000000000103")["parse_errors"][0].to_list()
    assert bad == ["created_at: not a timestamp: 'not-a-date'"]


def test_a_mastodon_archive_finds_its_instance_from_a_local_account(tmp_path, target):
    path = PAYLOADS / "mastodon" / "context-1100.json"
    staging, _ = parse_pages(FileSource([path], now=NOW).pages(target), target)
    # A local account (acct without a domain) lives on the instance that served the page, so
    # every status of the page, the remote author's 1202 too, gets that instance's URL.
    assert staging["url"].to_list() == [
        f"https://social.example/statuses/{i}" for i in (1201, 1202, 1203)
    ]
    remote_only = tmp_path / "remote.json"
    remote_only.write_bytes(orjson.dumps([orjson.loads(path.read_bytes())["descendants"][1]]))
    staging, _ = parse_pages(FileSource([remote_only], now=NOW).pages(target), target)
    assert staging["parse_errors"].to_list() == [
        [
            "url: cannot tell which Mastodon instance served this status (import it with TOCSIN_MASTODON_URL set)"
        ]
    ]
    told = FileSource([remote_only], now=NOW, mastodon_url="https://social.example")
    assert parse_pages(told.pages(target), target)[0]["url"].to_list() == [
        "https://social.example/statuses/1202"
    ]


def test_x_v1_statuses_land_or_are_quarantined(tmp_path, target, fixtures_dir):
    d = fixtures_dir / "twitter-v1-tweet-parser"
    root = tmp_path / "data"
    files = [
        d / "original_format_examples.json",
        *sorted((d / "broken_and_unsupported_payloads").glob("*.json")),
        d / "activity_streams_examples.json",
    ]
    valid, rejected, out = _ingest(root, target, files)
    _all_accounted_for(root, valid, rejected)
    rows = {r["post_id"]: r for r in scan(root, MENTIONS).collect().iter_rows(named=True)}
    assert {"mention", "quote", "reply", "repost"} <= {r["kind"] for r in rows.values()}
    long = rows["867479301360205824"]  # extended_tweet.full_text, not the cut text
    assert len(long["text"]) > 140 and not long["text"].endswith("…")
    retweet = rows["867478524235366400"]
    assert retweet["text"].startswith("RT @") and retweet["reposted_id"]
    assert rows["872836479608733696"]["quoted_id"]
    q = scan(root, QUARANTINE).collect()
    reasons = [r for rs in q["reasons"].to_list() for r in rs]
    assert any("Gnip Activity Streams is not supported" in r for r in reasons)
    assert out.written == len(rows) > 20


def test_x_v1_rest_cassettes_land(tmp_path, target, fixtures_dir):
    d = fixtures_dir / "tweepy-cassettes-v2-v1"
    files = [
        p
        for name in ("testsearchtweets", "testusertimeline", "testgetstatus", "testhometimeline")
        for p in _bodies(tmp_path, d / f"{name}.responses.json")
    ]
    root = tmp_path / "data"
    valid, rejected, out = _ingest(root, target, files)
    _all_accounted_for(root, valid, rejected)
    assert out.written > 50 and rejected.is_empty()


def test_x_v2_default_field_cassettes_are_quarantined_with_reasons(tmp_path, target, fixtures_dir):
    d = fixtures_dir / "tweepy-cassettes-v2-v1"
    files = [p for c in sorted(d.glob("test_client_*.json")) for p in _bodies(tmp_path, c)]
    root = tmp_path / "data"
    valid, rejected, out = _ingest(root, target, files)
    _all_accounted_for(root, valid, rejected)
    # The default v2 fields (id, text, edit_history_tweet_ids) carry no author and no date:
    # nothing is stored, every record is quarantined, and the reasons name the missing fields.
    assert valid.is_empty() and out.written == 0
    assert out.quarantined == rejected["raw_sha256"].n_unique() > 0
    reasons = set(scan(root, QUARANTINE).collect()["reasons"].explode())
    assert {"required: author_id is missing", "required: created_at is missing"} <= reasons


def test_mastodon_cassettes_land_or_are_quarantined(tmp_path, target, fixtures_dir):
    def posts(r: dict) -> bool:  # responses that carry statuses or notifications
        body = r["body"]
        items = body if isinstance(body, list) else [body]
        return any(
            isinstance(i, dict) and ("content" in i or "status" in i or "notification_groups" in i)
            for i in items
        )

    files = [
        p
        for c in sorted((fixtures_dir / "mastodon-py-cassettes").glob("*.json"))
        for p in _bodies(tmp_path, c, posts)
    ]
    root = tmp_path / "data"
    valid, rejected, out = _ingest(root, target, files, mastodon_url="http://localhost:3000")
    _all_accounted_for(root, valid, rejected)
    stored = scan(root, MENTIONS).collect()
    assert set(stored["kind"]) >= {"mention", "quote", "reply"}
    assert stored["url"].str.starts_with("http://localhost:3000/statuses/").all()
    edited = stored.filter(pl.col("post_id") == "117020586180926938").sort("version")
    assert edited["version"].to_list() == [0, 1]  # before and after the edit, both kept
    assert out.written > 20


def test_bluesky_responses_and_records_land_or_are_quarantined(tmp_path, target, fixtures_dir):
    files = [
        p
        for c in sorted((fixtures_dir / "bluesky-bskyr-cassettes").glob("*.json"))
        for p in _bodies(tmp_path, c)
    ]
    files += sorted((fixtures_dir / "bluesky-atproto-sdk-fixtures").glob("*.json"))
    root = tmp_path / "data"
    valid, rejected, out = _ingest(root, target, files)
    _all_accounted_for(root, valid, rejected)
    stored = scan(root, MENTIONS).collect()
    assert stored["url"].str.starts_with("https://bsky.app/profile/did:").all()
    assert set(stored["kind"]) >= {"mention", "reply", "quote"}
    # The quote-with-media of the atproto fixtures has no text: quarantined, and says why.
    q = scan(root, QUARANTINE).collect()
    media = q.filter(
        pl.col("post_id")
        == "at://did:plc:kvwvcn5iqfooopmyzvb4qzba/app.bsky.feed.post/3kaheyt6vpc22"
    )
    assert media["reasons"].to_list() == [["non_blank: text is empty"]]
    naive = stored.filter(
        pl.col("post_id")
        == "at://did:plc:kvwvcn5iqfooopmyzvb4qzba/app.bsky.feed.post/3k2yinh52ne2x"
    )
    assert (
        naive["created_at"].dt.replace_time_zone(None).to_list()[0].isoformat()
        == "2023-07-21T01:33:51.481951"
    )
    assert out.written > 100


def test_a_json_lines_file_is_streamed_not_read_whole(tmp_path, monkeypatch):
    """Memory stays flat however large an import is: JSON Lines are read line by line."""
    path = tmp_path / "big.jsonl"
    path.write_bytes(b'{"data":[]}\n\r\n{"data":[]}\r\n{"meta":{}}')
    src = FileSource([path], now=NOW)

    def refuse(self):
        raise AssertionError("read whole")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    pages = list(src.pages(Target(name="t")))
    assert [p.body for p in pages] == [b'{"data":[]}', b'{"data":[]}', b'{"meta":{}}']
    assert [p.ref.rsplit(":", 1)[1] for p in pages] == ["1", "3", "4"]


def _gz(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data))
    return path


@pytest.mark.parametrize(
    "name", [pytest.param("pages.jsonl.gz", id="named-gz"), pytest.param("pages", id="no-suffix")]
)
def test_a_gzip_file_is_read_as_it_decompresses(tmp_path, target, monkeypatch, name):
    """Recognised by its magic bytes, streamed line by line: never read whole."""
    lines = [page([tweet("1")]), page([tweet("2"), tweet("3")])]
    path = _gz(tmp_path / name, b"\n".join(lines) + b"\n")
    assert check_file(path) == "auto"
    src = FileSource([path], now=NOW)

    def refuse(self):
        raise AssertionError("read whole")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    pages = list(src.pages(target))
    assert [p.body for p in pages] == lines
    root = tmp_path / "data"
    valid, rejected, out = _ingest(root, target, [path])
    assert (out.written, rejected.height) == (3, 0)
    _all_accounted_for(root, valid, rejected)


def test_a_gzip_csv_is_imported_like_the_plain_one(tmp_path, target):
    plain = PAYLOADS / "import" / "posts.csv"
    path = _gz(tmp_path / "posts.csv.gz", plain.read_bytes())
    assert check_file(path) == "csv-posts"
    ours, _ = parse_pages(FileSource([path], now=NOW).pages(target), target)
    theirs, _ = parse_pages(FileSource([plain], now=NOW).pages(target), target)
    cols = ["post_id", "text", "raw_sha256", "parse_errors"]
    assert ours.select(cols).rows() == theirs.select(cols).rows()


def test_a_decompression_bomb_is_refused_with_one_line_naming_the_file(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"data":[]}\n' + b" " * (50 << 20), 9))
    with pytest.raises(InputError) as err:
        check_file(path)
    message = str(err.value)
    assert "\n" not in message
    assert re.fullmatch(
        rf"{re.escape(str(path))}: gzip decompresses past 100× its size \([\d,]+ bytes from "
        r"[\d,]+\): refused as a decompression bomb",
        message,
    )


def test_a_cut_gzip_file_is_refused_before_anything_runs(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"data":[]}\n' * 1000)[:-12])
    with pytest.raises(InputError) as err:
        check_file(path)
    assert str(err.value) == (
        f"{path}: not a readable gzip file "
        "(Compressed file ended before the end-of-stream marker was reached)"
    )


HEADER = b"platform,post_id,created_at,author_id,text\n"


def test_an_unterminated_quote_that_swallows_rows_is_quarantined(tmp_path, target):
    """The reader takes every row after an unterminated quote as one text: that record is
    quarantined, saying why, and nothing it swallowed reaches the mentions."""
    path = tmp_path / "posts.csv"
    path.write_bytes(
        HEADER + b"x,1,2020-02-01T10:00:00Z,7,fine\n"
        b'x,2,2020-02-01T10:00:00Z,7,"@alice_reporter unterminated\n'
        b"x,3,2020-02-01T10:00:00Z,7,swallowed\n"
        b"x,4,2020-02-01T10:00:00Z,7,swallowed too\n"
    )
    root = tmp_path / "data"
    valid, rejected, _ = _ingest(root, target, [path])
    assert valid["post_id"].to_list() == ["1"]
    assert rejected.select("post_id", "reasons").rows() == [
        (
            "2",
            [
                "parse: csv: line 3: a quoted field holds a line that reads as a row of its own "
                "('x,3,2020-02-01T10:00:00Z,7,swallowed'): an unterminated quote?"
            ],
        )
    ]
    _all_accounted_for(root, valid, rejected)


def test_a_multiline_text_that_merely_has_commas_is_kept(tmp_path, target):
    path = tmp_path / "posts.csv"
    path.write_bytes(
        HEADER + b'x,1,2020-02-01T10:00:00Z,7,"@alice_reporter first line\nx,y,z,w,v\n'
        b'bluesky, not, a, date, here"\n'
    )
    valid, rejected, _ = _ingest(tmp_path / "data", target, [path])
    assert (valid.height, rejected.height) == (1, 0)


def test_tocsin_import_refuses_a_decompression_bomb_in_one_line_exit_2(tmp_path):
    """Before Prefect starts: exit 2, one line naming the file."""
    from typer.testing import CliRunner

    from flows.cli import app

    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"data":[]}\n' + b" " * (50 << 20), 9))
    result = CliRunner().invoke(app, ["import", str(path), "--target", "alice"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {path}: gzip decompresses past 100× its size")
