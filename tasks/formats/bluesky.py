"""Bluesky / AT Protocol XRPC responses: notifications, post threads, post lists (searchPosts,
getQuotes, getPosts), feeds, and repo records.

One parser reads every shape (recognised by its keys) under several names. The post id is the
``at://`` URI and the version id its CID (a record's content hash: the pair is the post's strong
reference). The canonical URL is ``https://bsky.app/profile/<did>/post/<rkey>``, both taken from
the URI after checking their syntax, never from text the author wrote.

Facets (mentions, links) locate their text by **byte** offsets into the UTF-8 text, not character
offsets: a mention is read as ``text.encode()[byteStart:byteEnd]``, which is where it sits in any
post with an accent or an emoji before it.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from tasks.formats.base import Context, Parsed, Record, failure
from tasks.formats.fields import Fields, ambiguity, canonical_json
from tasks.pages import RawPage

_POST_URI = re.compile(
    r"^at://(did:[a-z]+:[A-Za-z0-9._:%-]{1,2048})/app\.bsky\.feed\.post/([A-Za-z0-9._:~-]{1,512})$"
)
_NOTIFIED_POSTS = ("mention", "reply", "quote")
_QUOTE_EMBEDS = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")


def split_uri(uri: Any) -> tuple[str, str] | None:
    """(did, rkey) of a post URI, or None when it is not one."""
    m = _POST_URI.match(uri) if isinstance(uri, str) else None
    return (m.group(1), m.group(2)) if m else None


def post_url(uri: str) -> str | None:
    parts = split_uri(uri)
    return f"https://bsky.app/profile/{parts[0]}/post/{parts[1]}" if parts else None


def facet_mentions(record: dict[str, Any]) -> tuple[set[str], set[str]]:
    """(DIDs mentioned, the @handle texts their facets cover), read by byte offsets."""
    text = record.get("text") if isinstance(record.get("text"), str) else ""
    data = text.encode("utf-8")
    dids: set[str] = set()
    spans: set[str] = set()
    for facet in record.get("facets") or []:
        if not isinstance(facet, dict):
            continue
        index = facet.get("index") if isinstance(facet.get("index"), dict) else {}
        start, end = index.get("byteStart"), index.get("byteEnd")
        for feature in facet.get("features") or []:
            if not isinstance(feature, dict) or not str(feature.get("$type", "")).endswith(
                "#mention"
            ):
                continue
            if isinstance(feature.get("did"), str):
                dids.add(feature["did"])
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(data):
                spans.add(data[start:end].decode("utf-8", "replace").lower())
    return dids, spans


def _quoted_uri(record: dict[str, Any]) -> str | None:
    embed = record.get("embed") if isinstance(record.get("embed"), dict) else {}
    if embed.get("$type") not in _QUOTE_EMBEDS:
        return None
    ref = embed.get("record") if isinstance(embed.get("record"), dict) else {}
    if embed.get("$type") == "app.bsky.embed.recordWithMedia":
        ref = ref.get("record") if isinstance(ref.get("record"), dict) else {}
    uri = ref.get("uri")
    # An embedded list, feed or starter pack is not a quote of a post.
    return uri if split_uri(uri) else None


def post_fields(
    post: dict[str, Any],
    ctx: Context,
    errors: list[str],
    *,
    parent_of: dict[str, str | None] | None = None,
) -> dict[str, Any]:
    """Fields of a post view ({uri, cid, author, record, indexedAt}), a notification (the same
    plus ``reason``) or a repo record ({uri, cid, value})."""
    f = Fields(post, errors)
    uri = f.str("uri")
    parts = split_uri(uri)
    if uri is not None and parts is None:
        errors.append(f"uri: not a Bluesky post URI: {uri[:80]!r}")
    record = f.obj_("record") if "record" in post else f.obj_("value")
    r = Fields(record, errors, prefix="record.")
    author = f.obj_("author")
    a = Fields(author, errors, prefix="author.")
    author_did = a.str("did") if author else (parts[0] if parts else None)
    if parts and author_did and author_did != parts[0]:
        errors.append(f"author.did: {author_did[:60]!r} is not the DID of the uri")
    reply = r.obj_("reply")
    rp = Fields(reply, errors, prefix="record.reply.")
    parent = Fields(rp.obj_("parent"), errors, "record.reply.parent.").str("uri")
    root = Fields(rp.obj_("root"), errors, "record.reply.root.").str("uri")
    quoted = _quoted_uri(record)
    text = r.str("text")
    langs = [x for x in r.list_("langs") if isinstance(x, str)]

    dids, spans = facet_mentions(record)
    handles = ctx.handles["bluesky"]
    target_did = ctx.target.handles.bluesky_did
    lowered = (text or "").lower()
    names_target = (
        (target_did is not None and target_did in dids)
        or any(f"@{h}" in spans for h in handles)
        or any(f"@{h}" in lowered for h in handles)
    )
    watched_ids = ctx.watched["bluesky"]
    watched = next((i for i in (parent, quoted, root) if i in watched_ids), None)
    node, seen = parent, set()
    while watched is None and parent_of and node and node not in seen:
        seen.add(node)  # a reply deep under a watched post, within a thread page
        watched = node if node in watched_ids else None
        node = parent_of.get(node)
    if watched is None and uri in watched_ids:
        watched = uri  # the watched post itself, as a thread page shows it

    if record.get("$type") not in (None, "app.bsky.feed.post"):
        errors.append(f"not_a_post: record type {str(record.get('$type'))[:60]!r}")
    elif not record:
        errors.append("not_a_post: the object has no record")
    kind = "quote" if quoted else "reply" if parent else "mention"
    return {
        "platform": "bluesky",
        "post_id": uri if parts else None,
        "version_id": f.str("cid"),
        "version": 0,
        "edited_at": None,
        "url": post_url(uri) if uri else None,
        "author_id": author_did,
        "author_handle": a.str("handle"),
        "author_name": a.str("displayName"),
        "author_created_at": a.ts("createdAt"),
        "author_followers": a.int("followersCount"),
        "created_at": r.ts("createdAt"),
        "text": text,
        "lang": langs[0] if langs else None,
        "kind": kind,
        "in_reply_to_id": parent,
        "quoted_id": quoted,
        "reposted_id": None,
        "conversation_id": root or (uri if parts else None),
        "watched_post_id": watched,
        "mentions_target": names_target,
    }


def _record(post: Any, page: RawPage, ctx: Context, raw: bytes | None = None, **kw: Any) -> Record:
    # A line that is its own raw record is read as received: a key given twice there makes
    # it ambiguous (a re-serialised element holds each key once).
    given = raw is not None
    raw = raw if raw is not None else canonical_json(post)
    if not isinstance(post, dict):
        return Record(raw, {}, [f"unknown_format: {page.ref}: a post is not an object"])
    errors = ambiguity(raw) if given else []
    return Record(raw, post_fields(post, ctx, errors, **kw), errors)


def _thread(page: RawPage, thread: Any, ctx: Context) -> Parsed:
    out = Parsed()
    if not isinstance(thread, dict) or not isinstance(thread.get("post"), dict):
        kind = thread.get("$type", "?") if isinstance(thread, dict) else "?"
        return failure(page.body, f"api_error: {page.ref}: the thread is {kind}, not a post")
    views: list[dict[str, Any]] = []
    stack = [thread]
    while stack:  # the focal post and every reply under it; parents sit above: not ours
        view = stack.pop()
        if not isinstance(view, dict) or not isinstance(view.get("post"), dict):
            out.api_errors += 1  # a notFoundPost or blockedPost: a reply we may not see
            continue
        views.append(view["post"])
        stack.extend(reversed(view.get("replies") or []))
    parent_of: dict[str, str | None] = {}
    for p in views:
        rec = p.get("record") if isinstance(p.get("record"), dict) else {}
        reply = rec.get("reply") if isinstance(rec.get("reply"), dict) else {}
        par = reply.get("parent") if isinstance(reply.get("parent"), dict) else {}
        if isinstance(p.get("uri"), str):
            parent_of[p["uri"]] = par.get("uri") if isinstance(par.get("uri"), str) else None
    out.records.extend(_record(p, page, ctx, parent_of=parent_of) for p in views)
    return out


def parse_bluesky(page: RawPage, ctx: Context) -> Parsed:
    try:
        obj = orjson.loads(page.body)
    except orjson.JSONDecodeError as exc:
        return failure(page.body, f"not_json: {page.ref}: {exc}")
    if not isinstance(obj, dict):
        return failure(page.body, f"unknown_format: {page.ref}: not a JSON object")
    if isinstance(obj.get("error"), str) and "message" in obj and len(obj) <= 3:
        return failure(page.body, f"api_error: {obj['error']}: {str(obj.get('message'))[:200]}")
    if "notifications" in obj:
        items = obj["notifications"] if isinstance(obj["notifications"], list) else []
        out = Parsed()
        for n in items:
            if not isinstance(n, dict):
                out.records.append(_record(n, page, ctx))
            elif n.get("reason") in _NOTIFIED_POSTS:
                out.records.append(_record(n, page, ctx))
            # likes, reposts, follows, starter-pack joins: no post about the target to keep
        return out
    if "thread" in obj:
        return _thread(page, obj["thread"], ctx)
    if "posts" in obj:
        posts = obj["posts"] if isinstance(obj["posts"], list) else []
        return Parsed([_record(p, page, ctx) for p in posts])
    if "feed" in obj:
        items = obj["feed"] if isinstance(obj["feed"], list) else []
        return Parsed(
            [_record(i.get("post") if isinstance(i, dict) else i, page, ctx) for i in items]
        )
    if "records" in obj:
        records = obj["records"] if isinstance(obj["records"], list) else []
        return Parsed([_record(r, page, ctx) for r in records])
    if "uri" in obj and ("value" in obj or "record" in obj):
        return Parsed([_record(obj, page, ctx, raw=page.body)])  # one record: its own raw record
    keys = ", ".join(sorted(obj)[:8])
    return failure(page.body, f"unknown_format: {page.ref}: unrecognised Bluesky keys ({keys})")
