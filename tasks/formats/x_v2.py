"""X API v2: response pages (twarc2 JSONL), filtered-stream lines, twarc's flattened tweets.

A tweet inside a page is recorded as its exact bytes in the page, so anyone can find the record
in the page kept as received; the fields of well-formed tweets are read column-wise
(``x_scan`` checks, ``x_columns`` reads), the others here, one by one, recording each problem.

On X every edit is a new tweet id; ``edit_history_tweet_ids[0]`` is the post's first id, so the
post id is that, the version id the tweet's own id, and the version its place in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import orjson

from tasks.formats.base import Context, Parsed, Record, failure
from tasks.formats.fields import Fields, ambiguity, parse_timestamp
from tasks.formats.x_columns import users_of
from tasks.formats.x_scan import fast_page, fast_tweets, fast_users, scan
from tasks.pages import RawPage
from tasks.schema import PLATFORMS_EPOCH


def tweet_fields(
    tweet: dict[str, Any], users: dict[str, dict[str, Any]], ctx: Context, errors: list[str]
) -> dict[str, Any]:
    f = Fields(tweet, errors)
    version_id = f.str("id")
    if version_id is not None and not (version_id.isascii() and version_id.isdigit()):
        errors.append(f"id: not a numeric X id: {version_id[:40]!r}")
        version_id = None
    history = [h for h in f.list_("edit_history_tweet_ids") if isinstance(h, str)]
    post_id = history[0] if history else version_id
    version = history.index(version_id) if version_id in history else 0
    created_at = f.ts("created_at")
    author_id = f.str("author_id")
    author = f.obj_("author") or users.get(author_id or "", {})
    a = Fields(author, errors, prefix="author.")
    metrics = Fields(a.obj_("public_metrics"), errors, prefix="author.public_metrics.")

    reply_to = quoted = reposted = None
    for ref in f.list_("referenced_tweets"):
        if isinstance(ref, dict):
            rtype, rid = ref.get("type"), ref.get("id")
            if rtype == "replied_to":
                reply_to = rid
            elif rtype == "quoted":
                quoted = rid
            elif rtype == "retweeted":
                reposted = rid
    # A repost carries no words of its own; a quote's words are about the quoted post.
    kind = "repost" if reposted else "quote" if quoted else "reply" if reply_to else "mention"
    conversation_id = f.str("conversation_id")
    watched_ids = ctx.watched["x"]
    watched = next(
        (i for i in (reply_to, quoted, reposted, conversation_id) if i in watched_ids), None
    )
    text = f.str("text")
    mentioned = {
        m["username"].lower()
        for m in Fields(f.obj_("entities"), errors, "entities.").list_("mentions")
        if isinstance(m, dict) and isinstance(m.get("username"), str)
    }
    handles = ctx.handles["x"]
    lowered = (text or "").lower()
    names_target = bool(handles & mentioned) or any(f"@{h}" in lowered for h in handles)
    if not any(k in tweet for k in ("text", "created_at", "author_id")):
        errors.append("not_a_post: the object has none of the fields of a post")
    return {
        "platform": "x",
        "post_id": post_id,
        "version_id": version_id,
        "version": version,
        "edited_at": created_at if version > 0 else None,
        "url": f"https://x.com/i/web/status/{version_id}" if version_id else None,
        "author_id": author_id,
        "author_handle": a.str("username"),
        "author_name": a.str("name"),
        "author_created_at": a.ts("created_at"),
        "author_followers": metrics.int("followers_count"),
        "created_at": created_at,
        "text": text,
        "lang": f.str("lang"),
        "kind": kind,
        "in_reply_to_id": reply_to,
        "quoted_id": quoted,
        "reposted_id": reposted,
        "conversation_id": conversation_id,
        "watched_post_id": watched,
        "mentions_target": names_target,
    }


def _envelope_time(value: bytes | None, received: datetime) -> Any:
    """When twarc's envelope says the page was collected: only a time between the platforms'
    opening and the moment Tocsin read the file is believed (a quarantined record is filed
    under that day)."""
    try:
        meta = orjson.loads(value) if value else None
    except orjson.JSONDecodeError:
        return None
    value = meta.get("retrieved_at") if isinstance(meta, dict) else None
    try:
        when = parse_timestamp(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return when if when is not None and PLATFORMS_EPOCH <= when <= received else None


def _v2_page(page: RawPage, top: dict[str, bytes], tweets: list[bytes], ctx: Context) -> Parsed:
    errors = _loads(top.get("errors"))
    errors = errors if isinstance(errors, list) else []
    if not tweets and errors:
        # A page that is only an error: keep it, with the platform's own words as reason.
        reasons = [
            f"api_error: {e.get('title', '?')}: {e.get('detail', e.get('message', ''))}"
            for e in errors[:5]
            if isinstance(e, dict)
        ] or ["api_error: the page carries errors and no data"]
        return failure(page.body, *reasons)
    includes = top.get("includes")
    # Partial errors (a referenced post not found, a suspended mentioned user) are normal.
    whole = fast_page(page.body, tweets, ctx.handles["x"])
    if whole is not None:  # every tweet read column-wise: no record object each
        nested, columns = whole
        return Parsed(
            api_errors=len(errors), includes=includes, users=columns, spans=tweets, nested=nested
        )
    fast_rows = fast_users(includes)
    fast = fast_rows is not None
    users: dict[str, dict[str, Any]] | None = None
    out = Parsed(api_errors=len(errors), includes=includes, users=fast_rows)
    checked = fast_tweets(tweets, ctx.handles["x"]) if fast else [None] * len(tweets)
    for raw, nested in zip(tweets, checked, strict=True):
        if nested is not None:
            out.records.append(Record(raw, nested, []))  # read column-wise (x_columns)
            continue
        try:
            tweet = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            out.records.append(Record(raw, {}, [f"not_json: {page.ref}: {exc}"]))
            continue
        if isinstance(tweet, dict):
            users = users_of(includes) if users is None else users
            errs = ambiguity(raw)
            out.records.append(Record(raw, tweet_fields(tweet, users, ctx, errs), errs))
        else:
            out.records.append(
                Record(raw, {}, [f"unknown_format: {page.ref}: data item is not an object"])
            )
    return out


def _loads(value: bytes | None) -> Any:
    try:
        return orjson.loads(value) if value else None
    except orjson.JSONDecodeError:
        return None


def parse_x(page: RawPage, ctx: Context) -> Parsed:
    """Recognise the X shape of one page or line and read its records.

    The raw record of a tweet inside a page is its exact bytes in the page (``x_records``)."""
    scanned = scan(page.body)
    if scanned is None:
        try:
            obj = orjson.loads(page.body)
        except orjson.JSONDecodeError as exc:
            return failure(page.body, f"not_json: {page.ref}: {exc}")
        if not isinstance(obj, dict):
            return failure(page.body, f"unknown_format: {page.ref}: not a JSON object")
        return failure(page.body, f"not_json: {page.ref}: the object could not be scanned")
    top, tweets = scanned
    if "data" in top or "errors" in top:
        parsed = _v2_page(page, top, tweets, ctx)
    elif is_empty_page(top):
        parsed = Parsed()  # an empty result page: a query that matched nothing
    elif "id" in top and ("text" in top or "author" in top):
        # twarc's flattened line: the line is the raw record
        obj = _loads(page.body)
        if not isinstance(obj, dict):
            return failure(page.body, f"not_json: {page.ref}: the object could not be read")
        errs = ambiguity(page.body)
        parsed = Parsed([Record(page.body, tweet_fields(obj, {}, ctx, errs), errs)])
    else:
        keys = ", ".join(sorted(top)[:8])
        return failure(page.body, f"unknown_format: {page.ref}: unrecognised keys ({keys})")
    parsed.retrieved_at = _envelope_time(top.get("__twarc"), page.retrieved_at)
    return parsed


# Keys of an X search page that carries no record (a query that matched nothing).
EMPTY_PAGE_KEYS = frozenset({"meta", "includes", "__twarc"})


def is_empty_page(keys: Iterable[str]) -> bool:
    """Whether an X object with these top-level keys is a result page with no record."""
    keys = set(keys)
    return "meta" in keys and keys <= EMPTY_PAGE_KEYS


def x_records(body: bytes) -> list[bytes]:
    """The raw records of an X page or line (format ``auto``), in the order ``parse_x`` emits
    them, without reading any field: a page's tweets are their exact bytes in the page; a line
    that is a tweet, or anything unreadable (not JSON, an error-only page, unknown keys), is
    its own record, byte for byte; an empty result page has none."""
    scanned = scan(body)
    if scanned is None:
        return [body]
    top, tweets = scanned
    if "data" in top or "errors" in top:
        errors = _loads(top.get("errors"))
        if not tweets and isinstance(errors, list) and errors:
            return [body]
        return tweets
    if is_empty_page(top):
        return []
    return [body]
