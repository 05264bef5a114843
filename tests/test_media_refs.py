"""Which media a kept page names (tasks/evidence/media_refs.py), read from real payloads of
../shared/fixtures: X v2 and v1.1, Bluesky views and bare records; what the connector asks X for."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from tasks.evidence.media_refs import (
    MediaRef,
    best_variant,
    may_name_media,
    may_name_media_many,
    media_in_page,
)
from tasks.sources.x_api import FIELDS


def _cassette(fixtures: Path, folder: str, name: str) -> bytes:
    return orjson.dumps(orjson.loads((fixtures / folder / name).read_bytes())[0]["body"])


@pytest.mark.parametrize(
    ("path", "fmt", "count", "first"),
    [
        pytest.param(
            "twarc-csv-v2/media_tweet.jsonl",
            "auto",
            1,
            ("1558553189766631429", "7_1558552952549277696", "video", "1280x720"),
            id="x-v2-video-best-variant",
        ),
        pytest.param(
            "twitter-v1-tweet-parser/original_format_examples.json",
            "auto",
            1,
            ("887453193294282752", "887453176248455169", "animated_gif", "DFDd9j0U0AEtlvd.mp4"),
            id="x-v1-extended-entities",
        ),
        pytest.param(
            "bluesky-atproto-sdk-fixtures/thread_view_post_with_embed_media.json",
            "bluesky-thread",
            1,
            (
                "at://did:plc:kvwvcn5iqfooopmyzvb4qzba/app.bsky.feed.post/3kaheyt6vpc22",
                "bafkreic3cp5ky525vsukjvrzxsc2h3jka2gud74l2hgeatw2rhj2qycnmq",
                "image",
                "feed_fullsize",
            ),
            id="bluesky-record-with-media",
        ),
    ],
)
def test_media_named_by_real_pages(fixtures_dir, path, fmt, count, first):
    data = (fixtures_dir / path).read_bytes()
    # one JSON document, or the first line (one post or page a line) that names media
    lines = [data] if path.endswith("embed_media.json") else data.splitlines()
    body = next(line for line in lines if media_in_page(line, fmt))
    refs = media_in_page(body, fmt)
    assert len(refs) == count
    r = refs[0]
    assert (r.post_id, r.media_key, r.type) == first[:3]
    assert r.url is not None and first[3] in r.url


def test_bluesky_notifications_records_give_the_cdn_address(fixtures_dir):
    body = _cassette(fixtures_dir, "bluesky-bskyr-cassettes", "n_notifications.responses.json")
    refs = media_in_page(body, "bluesky-notifications")
    assert refs and all(r.type == "image" for r in refs)
    did = refs[0].post_id.removeprefix("at://").split("/")[0]
    assert refs[0].url == (
        f"https://cdn.bsky.app/img/feed_fullsize/plain/{did}/{refs[0].media_key}@jpeg"
    )


def test_a_bluesky_video_is_its_playlist(fixtures_dir):
    body = _cassette(fixtures_dir, "bluesky-bskyr-cassettes", "f_autfeed.responses.json")
    (video,) = [r for r in media_in_page(body, "bluesky-feed") if r.type == "video"]
    assert video.url is not None and video.url.endswith("/playlist.m3u8")
    assert video.alt_text == "a carousel of package logos, all hexagonal"


def test_link_cards_are_not_media(fixtures_dir):
    """searchPosts' posts whose embed is a link card (external): no media."""
    page = orjson.loads(
        _cassette(fixtures_dir, "bluesky-bskyr-cassettes", "f_search.responses.json")
    )
    cards = [
        p
        for p in page["posts"]
        if p.get("embed", {}).get("$type") == "app.bsky.embed.external#view"
    ]
    assert cards
    assert media_in_page(orjson.dumps({**page, "posts": cards}), "bluesky-search") == []


@pytest.mark.parametrize(
    ("body", "fmt"),
    [
        pytest.param(b"not json", "auto", id="not-json"),
        pytest.param(
            b'{"data": [{"id": "1", "attachments": {"media_keys": [7]}}]}', "auto", id="bad-key"
        ),
        pytest.param(
            b'[{"id": "1", "media_attachments": "x"}]', "mastodon-statuses", id="bad-list"
        ),
        pytest.param(b'{"posts": [{"uri": 3, "embed": {}}]}', "bluesky-search", id="bad-uri"),
    ],
)
def test_malformed_payloads_name_no_media(body, fmt):
    assert media_in_page(body, fmt) == []


def test_a_media_key_without_its_include_is_kept_as_unknown():
    body = b'{"data": [{"id": "5", "attachments": {"media_keys": ["3_9"]}}]}'
    assert media_in_page(body, "auto") == [MediaRef("x", "5", "3_9", "unknown", None)]


def test_best_variant_is_the_highest_bit_rate_mp4():
    variants = [
        {"content_type": "application/x-mpegURL", "url": "https://v/p.m3u8"},
        {"content_type": "video/mp4", "bit_rate": 256000, "url": "https://v/low.mp4"},
        {"content_type": "video/mp4", "bit_rate": 2176000, "url": "https://v/high.mp4"},
    ]
    assert best_variant(variants) == "https://v/high.mp4"
    assert best_variant([variants[0]]) is None


def test_x_is_asked_for_the_media():
    assert "attachments.media_keys" in FIELDS["expansions"].split(",")
    assert {"url", "variants", "preview_image_url", "type", "alt_text"} <= set(
        FIELDS["media.fields"].split(",")
    )


def test_pages_are_told_apart_as_each_alone_would_be(fixtures_dir):
    # Searched over the pages joined: a key cut across two pages, at a page's edge, in an
    # empty page or among bytes that are not UTF-8 is found exactly where each page holds it.
    edges = [b"", b'"medi', b'a"', b'"embed', b'x"media', b'"me', b"dia", b'\x00"media\xff']
    real = [
        line
        for path in (
            "twarc-csv-v2/media_tweet.jsonl",
            "twarc-csv-v2/brexit.jsonl",
            "twarc-csv-v2/counts.jsonl",
        )
        if (fixtures_dir / path).is_file()
        for line in (fixtures_dir / path).read_bytes().splitlines()
    ]
    for bodies in (edges, real, edges + real, []):
        assert may_name_media_many(bodies) == [may_name_media(b) for b in bodies]
    assert may_name_media_many(edges) == [False, False, False, True, True, False, False, True]
    assert any(may_name_media_many(real)) and not all(may_name_media_many(real))
