"""X API v1.1 statuses (archives, old collections): one status per line (the streaming "original
format"), a JSON list of statuses (timelines), or a search result ``{statuses, search_metadata}``.

- The full text of a long post is ``extended_tweet.full_text`` (streaming) or ``full_text``
  (REST with tweet_mode=extended); ``text`` is cut at 140 characters.
- A retweet's own text is truncated too: it is rebuilt as X v2 shows it, ``RT @user: <full
  text of the retweeted status>``.
- v1.1 has no conversation id; replies to a watched post are recognised by
  ``in_reply_to_status_id_str``, quotes by ``quoted_status_id_str``.
- Edited posts carry ``edit_history.edit_tweet_ids`` (initial id first), as in v2.

Also here: ``x-context``, the pages the X connector reads for context only (the target's account
and own recent posts): kept in the raw copy, no record (they are not posts about the target).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from tasks.formats.base import Context, Parsed, Record, failure
from tasks.formats.fields import Fields, ambiguity, canonical_json
from tasks.pages import RawPage

_V1_TIME = "%a %b %d %H:%M:%S %z %Y"


def _ts(f: Fields, key: str) -> datetime | None:
    value = f.str(key)
    if value is None:
        return None
    try:
        return datetime.strptime(value, _V1_TIME).astimezone(UTC)
    except ValueError:
        try:  # some archives rewrite dates as ISO 8601
            ts = datetime.fromisoformat(value)
            return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
        except ValueError:
            f.errors.append(f"{f.prefix}{key}: not a timestamp: {value[:40]!r}")
            return None


def _id(f: Fields, key: str) -> str | None:
    """``<key>_str`` when present (JSON numbers lose precision past 2^53), else ``<key>``."""
    value = f.obj.get(f"{key}_str")
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return value
    raw = f.obj.get(key)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        return raw
    if raw is not None or value is not None:
        f.errors.append(f"{f.prefix}{key}: not a numeric X id")
    return None


def full_text(st: dict[str, Any]) -> str | None:
    ext = st.get("extended_tweet")
    if isinstance(ext, dict) and isinstance(ext.get("full_text"), str):
        return ext["full_text"]
    for key in ("full_text", "text"):
        if isinstance(st.get(key), str):
            return st[key]
    return None


def status_fields(st: dict[str, Any], ctx: Context, errors: list[str]) -> dict[str, Any]:
    f = Fields(st, errors)
    version_id = _id(f, "id")
    history = Fields(f.obj_("edit_history"), errors, "edit_history.").list_("edit_tweet_ids")
    history = [str(h) for h in history if isinstance(h, (str, int)) and str(h).isdigit()]
    post_id = history[0] if history else version_id
    version = history.index(version_id) if version_id in history else 0
    created_at = _ts(f, "created_at")
    user = f.obj_("user")
    u = Fields(user, errors, prefix="user.")
    if not user:
        errors.append("user: missing: the status names no author")

    retweeted = st.get("retweeted_status") if isinstance(st.get("retweeted_status"), dict) else None
    quoted_obj = st.get("quoted_status") if isinstance(st.get("quoted_status"), dict) else None
    reposted = _id(Fields(retweeted, errors, "retweeted_status."), "id") if retweeted else None
    quoted = (
        _id(f, "quoted_status_id")
        if "quoted_status_id" in st or "quoted_status_id_str" in st
        else None
    )
    if quoted is None and quoted_obj:
        quoted = _id(Fields(quoted_obj, errors, "quoted_status."), "id")
    reply_to = (
        _id(f, "in_reply_to_status_id")
        if st.get("in_reply_to_status_id_str") or st.get("in_reply_to_status_id")
        else None
    )

    text = full_text(st)
    if retweeted:
        rt_user = retweeted.get("user") if isinstance(retweeted.get("user"), dict) else {}
        text = f"RT @{rt_user.get('screen_name', '?')}: {full_text(retweeted) or ''}"
    elif text is None:
        f.str("text")  # records a wrong type; a missing text fails validation as required

    entities = (
        st.get("extended_tweet", {}).get("entities")
        if isinstance(st.get("extended_tweet"), dict)
        else None
    )
    entities = entities if isinstance(entities, dict) else f.obj_("entities")
    mentioned = {
        m["screen_name"].lower()
        for m in entities.get("user_mentions") or []
        if isinstance(m, dict) and isinstance(m.get("screen_name"), str)
    }
    handles = ctx.handles["x"]
    lowered = (text or "").lower()
    names_target = bool(handles & mentioned) or any(f"@{h}" in lowered for h in handles)
    watched_ids = ctx.watched["x"]
    watched = next((i for i in (reply_to, quoted, reposted) if i in watched_ids), None)
    kind = "repost" if reposted else "quote" if quoted else "reply" if reply_to else "mention"
    if not any(k in st for k in ("text", "full_text", "created_at", "user")):
        errors.append("not_a_post: the object has none of the fields of a status")
    return {
        "platform": "x",
        "post_id": post_id,
        "version_id": version_id,
        "version": version,
        "edited_at": created_at if version > 0 else None,
        "url": f"https://x.com/i/web/status/{version_id}" if version_id else None,
        "author_id": _id(u, "id") if user else None,
        "author_handle": u.str("screen_name"),
        "author_name": u.str("name"),
        "author_created_at": _ts(u, "created_at") if user.get("created_at") else None,
        "author_followers": u.int("followers_count"),
        "created_at": created_at,
        "text": text,
        "lang": f.str("lang"),
        "kind": kind,
        "in_reply_to_id": reply_to,
        "quoted_id": quoted,
        "reposted_id": reposted,
        "conversation_id": None,
        "watched_post_id": watched,
        "mentions_target": names_target,
    }


def _record(st: Any, page: RawPage, ctx: Context, raw: bytes | None = None) -> Record:
    # A line that is its own raw record is read as received: a key given twice there makes
    # it ambiguous (a re-serialised element holds each key once).
    given = raw is not None
    raw = raw if raw is not None else canonical_json(st)
    if not isinstance(st, dict):
        return Record(raw, {}, [f"unknown_format: {page.ref}: a status is not an object"])
    errors = ambiguity(raw) if given else []
    return Record(raw, status_fields(st, ctx, errors), errors)


def parse_x_v1(page: RawPage, ctx: Context) -> Parsed:
    try:
        obj = orjson.loads(page.body)
    except orjson.JSONDecodeError as exc:
        return failure(page.body, f"not_json: {page.ref}: {exc}")
    if isinstance(obj, list):
        return Parsed([_record(st, page, ctx) for st in obj])
    if not isinstance(obj, dict):
        return failure(page.body, f"unknown_format: {page.ref}: not a JSON object or list")
    if isinstance(obj.get("errors"), list) and not any(
        k in obj for k in ("id", "id_str", "statuses")
    ):
        reasons = [
            f"api_error: {e.get('code', '?')}: {e.get('message', '')}"
            for e in obj["errors"][:5]
            if isinstance(e, dict)
        ]
        return failure(page.body, *(reasons or ["api_error: the page carries errors only"]))
    if isinstance(obj.get("statuses"), list):
        return Parsed([_record(st, page, ctx) for st in obj["statuses"]])
    if {"verb", "actor", "object"} <= set(obj):
        return failure(
            page.body,
            f"unknown_format: {page.ref}: Gnip Activity Streams is not supported; export the "
            "original format",
        )
    if any(k in obj for k in ("id_str", "id")):
        return Parsed([_record(obj, page, ctx, raw=page.body)])  # a status line is its own record
    keys = ", ".join(sorted(obj)[:8])
    return failure(page.body, f"unknown_format: {page.ref}: unrecognised X v1.1 keys ({keys})")


def parse_x_context(page: RawPage, ctx: Context) -> Parsed:
    """Lookups of the target's account and own posts: evidence of context, not mentions."""
    return Parsed()
