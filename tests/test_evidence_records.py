"""The records sealed from a kept page are exactly the parser's raw records (same bytes, same
hashes), for every shape the parser knows, so a lawyer's raw_sha256 is always provable."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.targets import Target
from tasks.evidence.records import page_records
from tasks.pages import RawPage
from tasks.parse import parse_pages, sha256_hex
from tasks.sources.registry import SyntheticSource
from tests.conftest import page, tweet, user

WHEN = datetime(2020, 2, 2, tzinfo=UTC)
TARGET = Target(name="alice", handles={"x": "alice_reporter"})


def agree(body: bytes, fmt: str = "auto") -> list[str]:
    p = RawPage(body, "file", "t.jsonl:1", WHEN, format=fmt)
    ours = [sha256_hex(r) for r in page_records(p, "alice")]
    frame, _ = parse_pages([p], TARGET)
    assert ours == frame["raw_sha256"].to_list(), body[:200]
    return ours


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(page([tweet("1"), tweet("2", text="é ✍️ \u2028")], [user()]), id="v2-page"),
        pytest.param(
            orjson.dumps({"data": tweet("3"), "includes": {"users": [user()]}}), id="stream-line"
        ),
        pytest.param(orjson.dumps({**tweet("4"), "author": user()}), id="twarc-flattened"),
        pytest.param(b'{"meta":{"result_count":0}}', id="empty-page"),
        pytest.param(b'{"errors":[{"title":"Not Found Error","detail":"x"}]}', id="error-only"),
        pytest.param(b'{"data":[],"errors":[{"title":"x"}]}', id="empty-data-and-errors"),
        pytest.param(b'{"data":[1,"two",null,{"id":"5"}]}', id="odd-data-items"),
        pytest.param(b'{"data":"nope"}', id="data-not-a-list"),
        pytest.param(b'{"errors":"nope"}', id="errors-not-a-list"),
        pytest.param(b"[1,2]", id="not-an-object"),
        pytest.param(b"not json {", id="not-json"),
        pytest.param(b'{"foo":1}', id="unknown-keys"),
        pytest.param(b'{"id":"6","text":"x"}\r', id="trailing-cr"),
        pytest.param('{"id":"7","text":"caf\u00e9"}'.encode("latin-1"), id="not-utf8"),
    ],
)
def test_records_are_the_parsers(body):
    agree(body)


def test_the_whole_synthetic_incident_window_agrees():
    target = Target(name="demo", handles={"x": "demo_journalist"})
    start = datetime(2020, 2, 1, 18, tzinfo=UTC)
    pages = list(SyntheticSource("seed-wave", 0).pages(target, start, start.replace(hour=21)))
    frame, _ = parse_pages(pages, target)
    ours = [sha256_hex(r) for p in pages for r in page_records(p, "demo")]
    assert ours == frame["raw_sha256"].to_list() and len(ours) > 500


def test_twarc_fixture_files_agree(fixtures_dir: Path):
    lines = 0
    for path in sorted((fixtures_dir / "twarc-csv-v2").glob("*.jsonl"))[:6]:
        for line in path.read_bytes().split(b"\n")[:50]:
            if line.strip():
                agree(line)
                lines += 1
    assert lines > 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "text", "data", "errors", "meta", "x"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


# No deadline: time is never asserted (the first example pays the parser's first call, 2.7-3.3 s
# on the shared machine, and failed the 200 ms default on main as here).
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(json_values.map(orjson.dumps), st.binary(max_size=40)))
def test_hostile_pages_agree(body):
    agree(body)


def test_an_unknown_wire_format_is_one_record_the_page():
    p = RawPage(b"anything", "x-lookup", "GET /2/tweets", WHEN, format="no-such-format")
    assert page_records(p) == [b"anything"]


PAYLOADS = Path(__file__).parent / "payloads"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        pytest.param("mastodon/notifications-1.json", "mastodon-notifications", id="mastodon"),
        pytest.param("mastodon/context-1100.json", "mastodon-context", id="mastodon-context"),
        pytest.param("bluesky/notifications-1.json", "bluesky-notifications", id="bluesky"),
        pytest.param("bluesky/thread.json", "bluesky-thread", id="bluesky-thread"),
    ],
)
def test_other_wire_formats_use_their_own_parser(path, fmt):
    body = (PAYLOADS / path).read_bytes()
    assert len(agree(body, fmt)) > 0
