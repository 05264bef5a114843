"""X API v2: response pages (twarc2 JSONL), filtered-stream lines, twarc's flattened tweets.

On X every edit is a new tweet id; ``edit_history_tweet_ids[0]`` is the post's first id, so the
post id is that, the version id the tweet's own id, and the version its place in the history.
"""

from __future__ import annotations

from typing import Any

import orjson

from tasks.formats import Context, Parsed, Record, failure, register
from tasks.formats.fields import Fields, canonical_json, parse_timestamp
from tasks.sources.base import RawPage


def tweet_fields(
    tweet: dict[str, Any], users: dict[str, dict[str, Any]], ctx: Context, errors: list[str]
) -> dict[str, Any]:
    f = Fields(tweet, errors)
    version_id = f.str("id")
    if version_id is not None and not version_id.isdigit():
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


def _envelope_time(obj: dict[str, Any]) -> Any:
    meta = obj.get("__twarc")
    value = meta.get("retrieved_at") if isinstance(meta, dict) else None
    try:
        return parse_timestamp(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _v2_page(page: RawPage, obj: dict[str, Any], ctx: Context) -> Parsed:
    data = obj.get("data")
    tweets = [data] if isinstance(data, dict) else data if isinstance(data, list) else []
    errors = obj.get("errors") if isinstance(obj.get("errors"), list) else []
    if not tweets and errors:
        # A page that is only an error: keep it, with the platform's own words as reason.
        reasons = [
            f"api_error: {e.get('title', '?')}: {e.get('detail', e.get('message', ''))}"
            for e in errors[:5]
            if isinstance(e, dict)
        ] or ["api_error: the page carries errors and no data"]
        return failure(page.body, *reasons)
    includes = obj.get("includes") if isinstance(obj.get("includes"), dict) else {}
    users = {
        u["id"]: u
        for u in includes.get("users", []) or []
        if isinstance(u, dict) and isinstance(u.get("id"), str)
    }
    # Partial errors (a referenced post not found, a suspended mentioned user) are normal.
    out = Parsed(api_errors=len(errors))
    for tweet in tweets:
        raw = canonical_json(tweet)
        if isinstance(tweet, dict):
            errs: list[str] = []
            out.records.append(Record(raw, tweet_fields(tweet, users, ctx, errs), errs))
        else:
            out.records.append(
                Record(raw, {}, [f"unknown_format: {page.ref}: data item is not an object"])
            )
    return out


@register("auto")
def parse_x(page: RawPage, ctx: Context) -> Parsed:
    """Recognise the X shape of one page or line and read its records."""
    try:
        obj = orjson.loads(page.body)
    except orjson.JSONDecodeError as exc:
        return failure(page.body, f"not_json: {page.ref}: {exc}")
    if not isinstance(obj, dict):
        return failure(page.body, f"unknown_format: {page.ref}: not a JSON object")
    if "data" in obj or "errors" in obj:
        parsed = _v2_page(page, obj, ctx)
    elif "meta" in obj and set(obj) <= {"meta", "includes", "__twarc"}:
        parsed = Parsed()  # an empty result page: a query that matched nothing
    elif "id" in obj and ("text" in obj or "author" in obj):
        errs: list[str] = []  # twarc's flattened line: the line is the raw record
        parsed = Parsed([Record(page.body, tweet_fields(obj, {}, ctx, errs), errs)])
    else:
        keys = ", ".join(sorted(obj)[:8])
        return failure(page.body, f"unknown_format: {page.ref}: unrecognised keys ({keys})")
    parsed.retrieved_at = _envelope_time(obj)
    return parsed
