"""The media a kept page says its posts carry: read from the page's exact bytes (the evidentiary
copy), never from the working tables.

- X API v2: a tweet's ``attachments.media_keys`` point into ``includes.media`` (asked for with
  ``expansions=attachments.media_keys`` and ``media.fields``, x_api.FIELDS); a photo's file is its
  ``url``, a video's or GIF's the ``video/mp4`` variant of the highest bit rate. v1.1 tweets (an
  archive import) carry theirs in ``extended_entities.media``.
- Mastodon: a status's ``media_attachments`` (``url``, else ``remote_url``; ``description`` is the
  alt text), in timelines, notifications, contexts and reblogs alike.
- Bluesky: a post view's ``embed`` (``app.bsky.embed.images#view``: ``fullsize``;
  ``app.bsky.embed.video#view``: its HLS playlist, which is not a file; both also inside
  ``recordWithMedia``), or, for a bare record (notifications), the image blobs of its
  ``embed``, at the CDN address the app uses for them.

Link cards (``external`` embeds) are the platform's preview of another site, not an attachment:
not kept. Parsing is by shape and never raises: a page it cannot read has no media.

The evidence copy finds the references of the pages it has just written (``pages_refs``) and
holds them, by segment, for the media stage (``hold``, ``take``): the pages' bytes are not read
back from the segments for that (issue 17). What is held is small (references, never pages) and
bounded (``HELD_BYTES``); a segment not held is read back by the media stage.
"""

from __future__ import annotations

import functools
import operator
import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import quote

import orjson
import polars as pl

from tasks.evidence.rawstore import binary_column

BSKY_CDN = "https://cdn.bsky.app/img/feed_fullsize/plain"


@dataclass(frozen=True, slots=True)
class MediaRef:
    platform: str
    post_id: str
    media_key: str
    type: str
    url: str | None
    """The file to fetch; None when the payload names none (a video without variants)."""
    preview_url: str | None = None
    alt_text: str | None = None


def _s(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def _dicts(v: Any) -> list[dict[str, Any]]:
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def _walk(obj: Any) -> Iterator[dict[str, Any]]:
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            yield o
            stack.extend(reversed(list(o.values())))
        elif isinstance(o, list):
            stack.extend(reversed(o))


# -- X ------------------------------------------------------------------------------------------


def best_variant(variants: Any) -> str | None:
    """The ``video/mp4`` variant of the highest bit rate (an HLS playlist is not a file)."""
    mp4 = [v for v in _dicts(variants) if v.get("content_type") == "video/mp4" and _s(v.get("url"))]
    if not mp4:
        return None
    best = max(mp4, key=lambda v: v.get("bit_rate") if isinstance(v.get("bit_rate"), int) else -1)
    return str(best["url"])


def _x_v2(obj: dict[str, Any]) -> list[MediaRef]:
    includes = obj.get("includes") if isinstance(obj.get("includes"), dict) else {}
    media = {m["media_key"]: m for m in _dicts(includes.get("media")) if _s(m.get("media_key"))}
    data = obj.get("data")
    tweets = _dicts(data) if isinstance(data, list) else _dicts([data])
    out = []
    for t in tweets + _dicts(includes.get("tweets")):
        att = t.get("attachments") if isinstance(t.get("attachments"), dict) else {}
        keys = att.get("media_keys") if isinstance(att.get("media_keys"), list) else []
        tid = _s(t.get("id"))
        for key in keys:
            if not (tid and isinstance(key, str)):
                continue
            m = media.get(key, {})
            kind = _s(m.get("type")) or "unknown"
            url = _s(m.get("url")) if kind == "photo" else best_variant(m.get("variants"))
            out.append(
                MediaRef(
                    "x", tid, key, kind, url, _s(m.get("preview_image_url")), _s(m.get("alt_text"))
                )
            )
    return out


def _x_v1(obj: Any) -> list[MediaRef]:
    out = []
    for t in _walk(obj):
        ext = t.get("extended_entities")
        tid = _s(t.get("id_str"))
        if not (tid and isinstance(ext, dict)):
            continue
        for m in _dicts(ext.get("media")):
            kind = _s(m.get("type")) or "unknown"
            info = m.get("video_info") if isinstance(m.get("video_info"), dict) else {}
            photo = _s(m.get("media_url_https")) or _s(m.get("media_url"))
            url = photo if kind == "photo" else best_variant(info.get("variants"))
            key = _s(m.get("media_key")) or _s(m.get("id_str")) or (url or "?")
            out.append(MediaRef("x", tid, key, kind, url, photo, _s(m.get("ext_alt_text"))))
    return out


# -- Mastodon -----------------------------------------------------------------------------------


def _mastodon(obj: Any) -> list[MediaRef]:
    out = []
    for st in _walk(obj):
        sid = _s(st.get("id"))
        if not sid or "media_attachments" not in st:
            continue
        for m in _dicts(st.get("media_attachments")):
            out.append(
                MediaRef(
                    "mastodon",
                    sid,
                    _s(m.get("id")) or _s(m.get("url")) or "?",
                    _s(m.get("type")) or "unknown",
                    _s(m.get("url")) or _s(m.get("remote_url")),
                    _s(m.get("preview_url")),
                    _s(m.get("description")),
                )
            )
    return out


# -- Bluesky ------------------------------------------------------------------------------------


def _bsky_view(uri: str, embed: dict[str, Any]) -> list[MediaRef]:
    kind = str(embed.get("$type", ""))
    if kind.startswith("app.bsky.embed.recordWithMedia") and isinstance(embed.get("media"), dict):
        return _bsky_view(uri, embed["media"])
    if kind.startswith("app.bsky.embed.images"):
        out = []
        for i, img in enumerate(_dicts(embed.get("images"))):
            full = _s(img.get("fullsize"))
            key = full.rsplit("/", 1)[-1].split("@")[0] if full else f"image-{i}"
            out.append(
                MediaRef(
                    "bluesky", uri, key, "image", full, _s(img.get("thumb")), _s(img.get("alt"))
                )
            )
        return out
    if kind.startswith("app.bsky.embed.video"):
        return [
            MediaRef(
                "bluesky",
                uri,
                _s(embed.get("cid")) or "video",
                "video",
                _s(embed.get("playlist")),
                _s(embed.get("thumbnail")),
                _s(embed.get("alt")),
            )
        ]
    return []


def _bsky_record(uri: str, embed: dict[str, Any]) -> list[MediaRef]:
    """Image blobs of a bare record: the CDN serves them at a fixed address from the author's DID
    and the blob's CID."""
    kind = str(embed.get("$type", ""))
    if kind == "app.bsky.embed.recordWithMedia" and isinstance(embed.get("media"), dict):
        return _bsky_record(uri, embed["media"])
    if kind != "app.bsky.embed.images":
        return []
    did = uri.removeprefix("at://").split("/", 1)[0]
    out = []
    for i, img in enumerate(_dicts(embed.get("images"))):
        blob = img.get("image") if isinstance(img.get("image"), dict) else {}
        ref = blob.get("ref") if isinstance(blob.get("ref"), dict) else {}
        cid = _s(ref.get("$link"))
        url = f"{BSKY_CDN}/{quote(did, safe=':')}/{quote(cid)}@jpeg" if cid and did else None
        out.append(
            MediaRef("bluesky", uri, cid or f"image-{i}", "image", url, None, _s(img.get("alt")))
        )
    return out


def _bluesky(obj: Any) -> list[MediaRef]:
    out: list[MediaRef] = []
    for p in _walk(obj):
        uri = _s(p.get("uri"))
        if not (uri and uri.startswith("at://") and "/app.bsky.feed.post/" in uri):
            continue
        views = _dicts([p.get("embed")]) + _dicts(p.get("embeds"))
        if views:
            for v in views:
                out += _bsky_view(uri, v)
            continue
        rec = p.get("record") if isinstance(p.get("record"), dict) else p.get("value")
        if isinstance(rec, dict) and isinstance(rec.get("embed"), dict):
            out += _bsky_record(uri, rec["embed"])
    return out


def media_in_page(body: bytes, fmt: str) -> list[MediaRef]:
    """The media of every post in one kept page (``fmt``: the page's format), once each."""
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        return []
    if fmt.startswith("mastodon"):
        refs = _mastodon(obj)
    elif fmt.startswith("bluesky"):
        refs = _bluesky(obj)
    elif isinstance(obj, dict) and ("includes" in obj or "data" in obj):
        refs = _x_v2(obj)
    else:
        refs = _x_v1(obj)
    seen: set[tuple[str, str, str]] = set()
    out = []
    for r in refs:
        k = (r.platform, r.post_id, r.media_key)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


# Every payload that names media holds a key starting so (media_keys, extended_entities' media,
# media_attachments, embed, embeds): a page without one is not parsed again.
MEDIA_KEYS = (b'"media', b'"embed')


def may_name_media(body: bytes) -> bool:
    """Whether ``body`` holds one of ``MEDIA_KEYS``."""
    return any(key in body for key in MEDIA_KEYS)


def may_name_media_many(bodies: Sequence[bytes]) -> list[bool]:
    """``may_name_media`` of each of ``bodies``, searched by Polars over them joined once (each
    body its own element: no match across two): Python's ``in`` reads ~0.6 s per GB for each
    key, and a page naming no media, most of them, is read in full for both."""
    if not bodies:
        return []
    col = pl.Series(binary_column(bodies))
    found = functools.reduce(operator.or_, (col.bin.contains(key) for key in MEDIA_KEYS))
    return found.to_list()


def pages_refs(pages: Iterable[tuple[bytes, str, str]]) -> list[tuple[MediaRef, str]]:
    """(reference, page SHA-256) of every media item named by ``pages`` (each its exact bytes,
    its format and its SHA-256), once each, in page order: the first page naming an item is
    the one its index line names. The one definition for pages held in memory and pages read
    back from a segment, so that both give the same index."""
    out: list[tuple[MediaRef, str]] = []
    seen: set[tuple[str, str, str]] = set()
    pages = list(pages)
    named = may_name_media_many([body for body, _, _ in pages])
    for (body, fmt, sha), may in zip(pages, named, strict=True):
        if not may:
            continue  # most pages name no media: not worth parsing again
        for ref in media_in_page(body, fmt):
            k = (ref.platform, ref.post_id, ref.media_key)
            if k not in seen:
                seen.add(k)
                out.append((ref, sha))
    return out


# -- Held for the media stage -------------------------------------------------------------------

HELD_BYTES = 16 * 1024 * 1024
"""At most this much memory (estimated) of references held for the media stage: past it the
oldest segments' are dropped, and the media stage reads those segments back instead. A run
whose posts carry many media (~20,000 references) reads some back; nothing is lost."""

_held: OrderedDict[Hashable, tuple[list[tuple[MediaRef, str]], int]] = OrderedDict()
_held_total = [0]
_held_lock = threading.Lock()  # a flow's task runner may keep several targets in threads


def _weight(refs: list[tuple[MediaRef, str]]) -> int:
    """The memory ``refs`` hold, about: their objects and their strings (a page's SHA-256 is
    shared with nothing once the page is gone, so it counts too)."""
    total = 200  # the entry itself: its key, its list
    for ref, sha in refs:
        total += sys.getsizeof(ref) + sys.getsizeof(sha) + 64
        for f in fields(ref):
            v = getattr(ref, f.name)
            total += sys.getsizeof(v) if v is not None else 0
    return total


def hold(segment: Hashable, refs: list[tuple[MediaRef, str]]) -> None:
    """Hold the references of the pages just written into ``segment`` (rawstore's
    ``segment_identity``) until the media stage takes them; the oldest held are dropped past
    ``HELD_BYTES``."""
    weight = _weight(refs)
    with _held_lock:
        old = _held.pop(segment, None)
        if old is not None:
            _held_total[0] -= old[1]
        _held[segment] = (refs, weight)
        _held_total[0] += weight
        while _held_total[0] > HELD_BYTES and _held:
            _held_total[0] -= _held.popitem(last=False)[1][1]


def take(segment: Hashable) -> list[tuple[MediaRef, str]] | None:
    """The references held for ``segment``, no longer held; None when it is not held (written
    by another process, an interrupted run, or dropped past ``HELD_BYTES``): read it back."""
    with _held_lock:
        got = _held.pop(segment, None)
        if got is None:
            return None
        _held_total[0] -= got[1]
        return got[0]


def held_bytes() -> int:
    """The estimated memory the references held now take (at most ``HELD_BYTES``)."""
    with _held_lock:
        return _held_total[0]
