"""Hostile imports, generated: whatever a file holds, every record in it ends in ``mentions`` or
in ``quarantine`` with a reason, and the batch is stored; never a traceback.

Plain functions, no Prefect: the file source, the parser, the validation rules, the store and
the local days the aggregates would recompute (what a flow runs between reading and sealing).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.targets import Target
from tasks.aggregate import local_days_of
from tasks.ingest import store_batch
from tasks.parse import parse_pages
from tasks.schema import MENTIONS, QUARANTINE
from tasks.sources.file import FileSource
from tasks.store import scan
from tasks.validate import split
from tests.conftest import NOW, SKEW, tweet, user

TARGET = Target(
    name="alice",
    timezone="Europe/Paris",
    handles={"x": "alice_reporter", "x_user_id": "42", "bluesky": "alice.bsky.social"},
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\u200b\u200d\ufeff",
        "\u202e\u2066 \u200f",
        "\x00",
        '"',
        '",\n"x",',
        "x" * 5000,
        "\ud800",  # a lone surrogate: json writes it escaped, no UTF-8 encoder takes it
        "@alice_reporter",
        '=HYPERLINK("http://evil")',
    ]
)
HOSTILE_TIME = st.sampled_from(
    [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-05:00",
        "9999-12-31T23:59:59.999Z",
        "2005-12-31T23:59:59Z",
        "2099-01-01T00:00:00Z",
        "2020-02-30T00:00:00Z",
        "not a date",
        "2020-02-01T10:00:00.000Z",
    ]
)
HOSTILE_ID = st.sampled_from(["1", "abc", "", "١٢٣", "²", "-5", "1" * 40, "at://x", "1\n2"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | HOSTILE_TEXT
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
HOSTILE_VALUE = HOSTILE_TEXT | HOSTILE_TIME | HOSTILE_ID | JSON_VALUES


def _deep(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


@st.composite
def mutated(draw: st.DrawFn, obj: dict[str, Any], keys: list[str]) -> str:
    """``obj`` as JSON text with some fields replaced by hostile values, and maybe a nested
    value past every parser's depth or a key given twice."""
    obj = dict(obj)
    for key in draw(st.lists(st.sampled_from(keys), max_size=3)):
        obj[key] = draw(HOSTILE_VALUE)
    marker = "__deep__"
    depth = draw(st.sampled_from([0, 0, 20, 300, 1100]))
    if depth:
        obj["attachments"] = marker
    text = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    if depth:
        text = text.replace(f'"{marker}"', _deep(depth))
    if draw(st.booleans()):
        key = draw(st.sampled_from(keys))
        value = json.dumps(draw(HOSTILE_VALUE))
        text = text.replace("{", f"{{{json.dumps(key)}: {value}, ", 1)  # the key twice
    return text


def _line_bytes(draw: st.DrawFn, text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # bytes that are not UTF-8
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff\xfe" + data[at:]
    if draw(st.integers(0, 9)) == 0:  # cut short
        data = data[: draw(st.integers(1, max(1, len(data))))]
    return data.replace(b"\n", b" ")


TWEET_KEYS = [
    "id",
    "text",
    "created_at",
    "author_id",
    "lang",
    "conversation_id",
    "edit_history_tweet_ids",
    "referenced_tweets",
    "entities",
    "author",
]


@st.composite
def x_pages(draw: st.DrawFn) -> list[bytes]:
    lines = []
    for p in range(draw(st.integers(1, 4))):
        tweets = [
            draw(mutated(tweet(str(100 * p + i)), TWEET_KEYS))
            for i in range(draw(st.integers(1, 4)))
        ]
        users = json.dumps([user()])
        if draw(st.integers(0, 4)) == 0:
            users = json.dumps([{**user(), "public_metrics": {"followers_count": 2**64}}])
        text = f'{{"data": [{", ".join(tweets)}], "includes": {{"users": {users}}}, "meta": {{}}}}'
        lines.append(_line_bytes(draw, text))
    return lines


def _status(i: int) -> dict[str, Any]:
    return {
        "id": str(1000 + i),
        "created_at": "2020-02-01T10:00:00.000Z",
        "content": "<p>@alice hello</p>",
        "url": f"https://social.example/@troll/{1000 + i}",
        "uri": f"https://social.example/users/troll/statuses/{1000 + i}",
        "account": {
            "id": "7",
            "acct": "troll",
            "url": "https://social.example/@troll",
            "created_at": "2020-01-01T00:00:00.000Z",
            "followers_count": 3,
        },
        "mentions": [{"acct": "alice", "username": "alice"}],
        "language": "fr",
    }


def _bsky(i: int) -> dict[str, Any]:
    did = "did:plc:trolltrolltrolltrolltroll"
    return {
        "uri": f"at://{did}/app.bsky.feed.post/3k{i:09d}",
        "cid": f"bafyrei{i:020d}",
        "author": {"did": did, "handle": "troll.bsky.social", "createdAt": "2023-05-01T00:00:00Z"},
        "record": {
            "$type": "app.bsky.feed.post",
            "text": "@alice.bsky.social hello",
            "createdAt": "2024-02-01T10:00:00.000Z",
            "langs": ["fr"],
        },
        "indexedAt": "2024-02-01T10:00:01.000Z",
    }


def _v1(i: int) -> dict[str, Any]:
    return {
        "id_str": str(5000 + i),
        "full_text": "@alice_reporter hello",
        "created_at": "Wed Oct 10 20:19:24 +0000 2018",
        "user": {
            "id_str": "9",
            "screen_name": "troll",
            "created_at": "Wed Oct 10 20:19:24 +0000 2012",
        },
    }


@st.composite
def list_pages(draw: st.DrawFn, make: Any, keys: list[str], wrap: str | None) -> list[bytes]:
    lines = []
    for p in range(draw(st.integers(1, 3))):
        items = [draw(mutated(make(10 * p + i), keys)) for i in range(draw(st.integers(1, 4)))]
        body = f"[{', '.join(items)}]"
        lines.append(_line_bytes(draw, f'{{"{wrap}": {body}}}' if wrap else body))
    return lines


CSV_HEADER = [
    "platform",
    "post_id",
    "created_at",
    "author_id",
    "text",
    "version",
    "author_followers",
]


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for i in range(draw(st.integers(1, 6))):
        row = ["x", str(10 + i), "2020-02-01T10:00:00Z", "7", "@alice_reporter hi", "", ""]
        for col in draw(st.lists(st.integers(0, len(CSV_HEADER) - 1), max_size=3)):
            value = draw(
                HOSTILE_TEXT
                | HOSTILE_TIME
                | HOSTILE_ID
                | st.sampled_from(["bluesky", "mastodon", "X ", "99999999999", str(2**70), "-1"])
            )
            row[col] = value.replace("\ud800", "?")
        if draw(st.integers(0, 5)) == 0:  # an unterminated quote, written by hand
            out.write(f'{row[0]},{row[1]},{row[2]},{row[3]},"{row[4]}\n')
            continue
        if draw(st.integers(0, 7)) == 0:
            row = row[: draw(st.integers(1, len(row)))]  # too few cells
        writer.writerow(row)
    data = out.getvalue().encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        data += b"x,99,2020-02-01T10:00:00Z,7,\xff\xfe not utf-8\n"
    return data


def _import(data: bytes | list[bytes], name: str, fmt: str | None, gz: bool) -> None:
    """Import one generated file and check that nothing is lost, nothing raises."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        body = data if isinstance(data, bytes) else b"\n".join(data) + b"\n"
        path = Path(tmp) / (name + (".gz" if gz else ""))
        path.write_bytes(gzip.compress(body) if gz else body)
        source = FileSource([path], now=NOW, format=fmt)
        staging, _ = parse_pages(source.pages(TARGET), TARGET)
        valid, rejected = split(staging, NOW, SKEW)
        out = store_batch(root, valid, rejected, "fuzz")
        local_days_of(out.touched_mentions + out.touched_quarantine)
        stored = scan(root, MENTIONS).collect() if out.written else MENTIONS.empty()
        quarantined = scan(root, QUARANTINE).collect() if out.quarantined else None
        # Every record is accounted for: valid ones stored (or duplicates of a stored one),
        # the others quarantined with at least one reason.
        key = ["platform", "post_id", "version_id"]
        assert valid.join(stored, on=key, how="anti").is_empty()
        if rejected.height:
            assert quarantined is not None
            assert rejected.join(quarantined, on="raw_sha256", how="anti").is_empty()
            assert quarantined.filter(pl.col("reasons").list.len() == 0).is_empty()
        # Every line (page) of the file left at least one record somewhere.
        if not isinstance(data, bytes):
            refs = {f"{path.resolve()}:{n}" for n, line in enumerate(data, 1) if line.strip()}
            assert refs <= set(staging["source_ref"].to_list())


@FUZZ
@given(lines=x_pages(), gz=st.booleans())
def test_hostile_x_pages_end_stored_or_quarantined(lines, gz):
    _import(
        [json.dumps({"data": [tweet("1")], "meta": {}}).encode(), *lines], "x.jsonl", "auto", gz
    )


@FUZZ
@given(lines=list_pages(_status, ["id", "created_at", "content", "account", "url"], None))
def test_hostile_mastodon_statuses_end_stored_or_quarantined(lines):
    _import([json.dumps([_status(99)]).encode(), *lines], "m.jsonl", "mastodon", False)


@FUZZ
@given(lines=list_pages(_bsky, ["uri", "cid", "author", "record"], "posts"))
def test_hostile_bluesky_posts_end_stored_or_quarantined(lines):
    _import([json.dumps({"posts": [_bsky(99)]}).encode(), *lines], "b.jsonl", "bluesky", False)


@FUZZ
@given(lines=list_pages(_v1, ["id_str", "full_text", "created_at", "user"], None))
def test_hostile_x_v1_statuses_end_stored_or_quarantined(lines):
    _import([json.dumps([_v1(99)]).encode(), *lines], "v1.jsonl", "x-v1", False)


@FUZZ
@given(data=csv_files(), gz=st.booleans())
def test_hostile_csv_rows_end_stored_or_quarantined(data, gz):
    _import(data, "posts.csv", "csv-posts", gz)
