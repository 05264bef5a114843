"""The X fast path (tasks/formats/x_columns) reads exactly what the general path reads.

Every well-formed tweet of a page is read column-wise by Polars; anything unusual goes through
``tweet_fields`` one by one. These tests parse the same pages twice, once with the fast path
switched off, and require identical staging frames: on generated raid traffic, on the real twarc
pages, and on tweets whose fields hypothesis bends out of shape.
"""

from __future__ import annotations

from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from tasks.formats import x_scan, x_v2
from tasks.pages import RawPage
from tasks.parse import parse_pages
from tasks.sources import synthetic
from tasks.sources.file import FileSource
from tests.conftest import page, tweet, user

NOW = datetime(2020, 2, 10, tzinfo=UTC)
TWARC = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "twarc-csv-v2"


def both(pages: list[RawPage], target, monkeypatch: pytest.MonkeyPatch):
    fast, _ = parse_pages(pages, target)
    with monkeypatch.context() as m:
        m.setattr(x_v2, "fast_tweets", lambda raws, handles: [None] * len(raws))
        m.setattr(x_v2, "fast_page", lambda body, raws, handles: None)
        general, _ = parse_pages(pages, target)
    return fast, general


def raw(body: bytes, i: int = 1) -> RawPage:
    return RawPage(body=body, source="test", ref=f"p:{i}", retrieved_at=NOW, format="auto")


def test_generated_raid_pages(target, monkeypatch):
    generated = synthetic.generate_pages("seed-wave", seed=3, handle="alice_reporter")
    pages = [raw(p.body, i) for i, p in zip(range(400), generated, strict=False)]
    fast, general = both(pages, target, monkeypatch)
    assert fast.height > 5_000
    assert_frame_equal(fast, general)
    # The generator's defects are there, and still read by the general path with their reasons.
    assert fast["parse_error_count"].sum() > 0


@pytest.mark.skipif(not TWARC.exists(), reason="../shared/fixtures is absent")
def test_real_twarc_pages(target, monkeypatch):
    files = sorted(TWARC.rglob("*.jsonl"))
    pages = [p for f in files for p in FileSource([f], now=NOW).pages(target)]
    fast, general = both(pages, target, monkeypatch)
    assert fast.height > 1_000
    assert_frame_equal(fast, general)
    # Each record's hash, computed over the whole column, is hashlib's over its exact bytes.
    assert fast["raw_sha256"].to_list() == [sha256(r.encode()).hexdigest() for r in fast["raw"]]


def test_a_page_checked_at_once_reads_as_its_tweets_one_by_one(target):
    handles = frozenset({"alice_reporter"})
    bodies = [
        p.body for p in synthetic.generate_pages("seed-wave", seed=5, handle="alice_reporter")
    ]
    pages = [x_scan.scan(b)[1] for b in bodies[:300]]
    bent = [tweet("1", author_id=7), {"id": "2", "text": "t"}, tweet("3", author={"x": 1})]
    pages += [[orjson.dumps(t) for t in [tweet("9"), b]] for b in bent]
    pages.append([b'{"id":"4","text":"a","created_at":"x","author_id":"7"}\n'])
    for spans in pages:
        assert x_scan.fast_tweets(spans, handles) == [x_scan.fast_fields(s, handles) for s in spans]
    checked = [x_scan.fast_tweets(spans, handles) for spans in pages]
    assert sum(n is not None for c in checked for n in c) > 1_000
    assert [None in c for c in checked[-4:]] == [True, True, True, True]


_TIMES = st.sampled_from(
    [
        "2020-02-01T10:00:00.000Z",
        "2020-02-01T10:00:00Z",
        "2020-02-01T10:00:00.123456Z",
        "2020-02-01T10:00:00.1234567Z",
        "2020-02-01T10:00:00+01:00",
        "2020-02-30T10:00:00.000Z",
        "0000-01-01T00:00:00.000Z",
        "2020-02-01 10:00:00.000Z",
        "yesterday",
        "",
        None,
        5,
    ]
)
_IDS = st.sampled_from(["101", "102", "0101", "", "12a", "١٢٣", 101, None, True])
_REFS = st.lists(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["replied_to", "quoted", "retweeted", "other", 3]),
            "id": st.sampled_from(["900", "901", "", None, 900]),
        }
    )
    | st.sampled_from(["x", 1]),
    max_size=3,
) | st.sampled_from([None, "x"])


@st.composite
def _tweet(draw):
    t = tweet(
        "1", author_id=draw(st.sampled_from(["7", "8", "", None, 7])), created_at=draw(_TIMES)
    )
    t["text"] = draw(st.sampled_from(["@alice_reporter hi", "@ALICE_REPORTER hi", "hi", "", None]))
    t["id"] = draw(_IDS)
    t["edit_history_tweet_ids"] = draw(
        st.sampled_from(
            [None, [], ["101"], ["100", "101"], ["100", "101", "101"], [1, "101"], "101"]
        )
    )
    refs = draw(_REFS)
    if refs is not None:
        t["referenced_tweets"] = refs
    t["conversation_id"] = draw(st.sampled_from(["900", "101", None, 5]))
    t["lang"] = draw(st.sampled_from(["fr", "en", None, 1]))
    t["entities"] = draw(
        st.sampled_from(
            [
                None,
                {"mentions": [{"username": "Alice_Reporter"}]},
                {"mentions": [{"username": 5}, "x"]},
                {"mentions": "x"},
                {},
                [],
            ]
        )
    )
    if draw(st.booleans()):
        t["author"] = draw(st.sampled_from([{"username": "embedded"}, {}, None, 3]))
    for key in ("text", "author_id", "created_at"):
        if draw(st.integers(0, 9)) == 0:
            t.pop(key, None)
    return t


_USERS = st.lists(
    st.builds(
        user,
        id=st.sampled_from(["7", "8", ""]),
        username=st.sampled_from(["troll7", "x"]),
        created_at=_TIMES,
    ),
    max_size=3,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pages=st.lists(
        st.tuples(st.lists(_tweet() | st.sampled_from([1, "x", None]), max_size=4), _USERS),
        min_size=1,
        max_size=3,
    ),
    followers=st.sampled_from([3, None, True, 1.5, "3"]),
)
def test_bent_tweets(target, monkeypatch, pages, followers):
    bodies = []
    for tweets, users in pages:
        for u in users:
            u["public_metrics"]["followers_count"] = followers
        bodies.append(page([tweet("105"), *tweets], users))
    fast, general = both([raw(b, i) for i, b in enumerate(bodies)], target, monkeypatch)
    assert_frame_equal(fast, general)


def test_a_tweet_is_its_exact_bytes_in_the_page(target):
    body = b'{"data": [ {"id":"101", "text":"@alice_reporter  hi","author_id":"7",\n"created_at":"2020-02-01T10:00:00.000Z"} ], "includes":{"users":[]}}'
    row = parse_pages([raw(body)], target)[0].row(0, named=True)
    assert row["raw"] == (
        '{"id":"101", "text":"@alice_reporter  hi","author_id":"7",\n'
        '"created_at":"2020-02-01T10:00:00.000Z"}'
    )
    assert row["raw"].encode() in body
    assert orjson.loads(row["raw"])["id"] == "101"


def test_edge_tweets(target, monkeypatch):
    refs = [{"type": "replied_to", "id": "900"}, {"type": "replied_to", "id": "901"}]
    tweets = [
        tweet("101", referenced_tweets=refs),
        tweet("102", referenced_tweets=[{"type": "quoted", "id": ""}]),
        tweet("103", referenced_tweets=[{"type": "retweeted", "id": None}, refs[0]]),
        tweet("104", edit_history_tweet_ids=["100", "104", "104"]),
        tweet("105", edit_history_tweet_ids=[]),
        tweet("106", text="hi @ALICE_REPORTER", entities={}),
        tweet("107", author_id="8", conversation_id="900"),
    ]
    users = [user("8", "first"), user("8", "second"), user("7")]
    fast, general = both([raw(page(tweets, users))], target, monkeypatch)
    assert_frame_equal(fast, general)
    rows = fast.rows_by_key("version_id", named=True, unique=True)
    assert rows["101"]["in_reply_to_id"] == "901"  # the last reference of a kind
    assert rows["102"]["kind"] == "mention"  # an empty id is no reference
    assert rows["104"]["version"] == 1 and rows["104"]["post_id"] == "100"
    assert rows["106"]["mentions_target"] is True
    assert rows["107"]["author_handle"] == "second"  # the last user of an id wins
    assert rows["107"]["watched_post_id"] == "900"


def test_a_page_checked_whole_reads_as_its_pieces(target):
    """``fast_page`` (one call over the body) says what ``fast_tweets`` and ``fast_users`` say
    of the page's pieces, or nothing at all: a bent tweet or user sends the page to them."""
    handles = frozenset({"alice_reporter"})
    bodies = [
        p.body for p in synthetic.generate_pages("seed-wave", seed=5, handle="alice_reporter")
    ][:300]
    bent_users = [user("7")]
    bent_users[0]["public_metrics"]["followers_count"] = 2**63
    bodies += [
        page([tweet("9"), tweet("1", author_id=7)], [user("7")]),
        page([tweet("9"), tweet("3", author={"x": 1})], [user("7")]),
        page([tweet("9")], bent_users),
        page([tweet("9")], [{"id": 7}]),
        b'{"data":[' + orjson.dumps(tweet("9")) + b'],"includes":null}',
    ]
    whole = 0
    for body in bodies:
        top, spans = x_scan.scan(body)
        got = x_scan.fast_page(body, spans, handles)
        pieces = x_scan.fast_tweets(spans, handles), x_scan.fast_users(top.get("includes"))
        if got is None:
            assert None in pieces[0] or pieces[1] is None or not spans
        else:
            whole += 1
            assert got == pieces
    assert whole > 200
    assert [x_scan.fast_page(b, x_scan.scan(b)[1], handles) for b in bodies[-5:]] == [None] * 5


def _bent_keys_tweet(rnd, i: int) -> str:
    """A tweet whose keys may be written with an escape or given twice (with another value),
    beside nested objects that hold an "id" of their own, in any order."""
    values = {
        "id": f'"{i}"',
        "text": '"hi @alice_reporter"',
        "created_at": '"2020-02-01T10:00:00.000Z"',
        "author_id": '"7"',
        "lang": '"fr"',
        "conversation_id": '"9"',
    }
    parts = []
    for k, v in values.items():
        name = f'"\\u{ord(k[0]):04x}{k[1:]}"' if rnd.random() < 0.1 else f'"{k}"'
        if rnd.random() < 0.95:
            parts.append(f"{name}:{v}")
        if rnd.random() < 0.08:
            parts.append(f'"{k}":"{i + 1}"')
    if rnd.random() < 0.5:
        refs = [
            '{"type":"replied_to"' + (',"id":"5"' if rnd.random() < 0.8 else "") + "}"
            for _ in range(rnd.randint(0, 2))
        ]
        parts.append(f'"referenced_tweets":[{",".join(refs)}]')
    if rnd.random() < 0.5:
        mentions = [
            '{"username":"alice_reporter"' + (',"id":"3"' if rnd.random() < 0.7 else "") + "}"
            for _ in range(rnd.randint(0, 2))
        ]
        parts.append(f'"entities":{{"mentions":[{",".join(mentions)}]}}')
    if rnd.random() < 0.3:
        parts.append('"context_annotations":[{"domain":{"id":"10"}}]')
    rnd.shuffle(parts)
    return "{" + ",".join(parts) + "}"


def test_keys_written_with_escapes_or_given_twice(target, monkeypatch):
    """The fast path's ambiguity checks, stated on the bytes, send exactly the tweets the general
    path names to it: a flat key given twice with two values, in plain or escaped spelling,
    among nested ids it must not mistake for the tweet's."""
    import random

    rnd = random.Random(7)
    bodies = [
        '{"data":['
        + ",".join(_bent_keys_tweet(rnd, p * 10 + j) for j in range(rnd.randint(1, 5)))
        + '],"includes":{"users":[{"id":"7","username":"u"}]}}'
        for p in range(300)
    ]
    fast, general = both([raw(b.encode(), i) for i, b in enumerate(bodies)], target, monkeypatch)
    assert_frame_equal(fast, general)
    reasons = [r for rs in fast["parse_errors"] for r in rs]
    assert sum(r.startswith("ambiguous:") for r in reasons) > 50
