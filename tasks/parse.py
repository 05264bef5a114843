"""Raw pages → a staging frame of candidate mention rows, one per record, nothing dropped.

Recognised shapes (per line, so a mixed file works):
  * X API v2 response page: ``{"data": [...], "includes": {...}, "meta": {...}, "errors": [...]}``
  * X API v2 filtered-stream line: the same with ``data`` a single object
  * twarc's flattened tweet: a tweet object with its ``author`` expanded inline

The raw record of a tweet inside a page is that element re-serialised canonically (keys sorted,
no whitespace, UTF-8), so anyone can re-derive it, and its hash, from the page kept as received;
a flattened line is its own raw record, byte for byte. Whatever cannot be read becomes a row with
``parse_errors`` set, and validation sends it to quarantine with that reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
import polars as pl

from config.targets import Target
from tasks.schema import MENTIONS
from tasks.sources.base import RawPage

# Columns the parser fills; ``date`` and ``run_id`` are set when the batch is stored.
STAGING_EXTRA = {
    "raw": pl.String,
    "parse_errors": pl.List(pl.String),
    "parse_error_count": pl.Int32,
    "date_hint": pl.Date,
}
PARSED_COLUMNS = [c for c in MENTIONS.names if c not in ("date", "run_id")]


def staging_schema() -> pl.Schema:
    base = MENTIONS.polars_schema()
    return pl.Schema({**{n: base[n] for n in PARSED_COLUMNS}, **STAGING_EXTRA})


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(obj: Any) -> bytes:
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


def parse_timestamp(value: str) -> datetime:
    """ISO 8601 as the platforms send it; naive timestamps are taken as UTC."""
    ts = datetime.fromisoformat(value)
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


class _Fields:
    """Typed access to a JSON object that records every mismatch instead of raising."""

    def __init__(self, obj: dict[str, Any], errors: list[str], prefix: str = "") -> None:
        self.obj, self.errors, self.prefix = obj, errors, prefix

    def str(self, key: str) -> str | None:
        v = self.obj.get(key)
        if v is None or isinstance(v, str):
            return v
        self.errors.append(f"{self.prefix}{key}: expected a string, got {_describe(v)}")
        return None

    def int(self, key: str) -> int | None:
        v = self.obj.get(key)
        if v is None or (isinstance(v, int) and not isinstance(v, bool)):
            return v
        self.errors.append(f"{self.prefix}{key}: expected an integer, got {_describe(v)}")
        return None

    def ts(self, key: str) -> datetime | None:
        v = self.str(key)
        if v is None:
            return None
        try:
            return parse_timestamp(v)
        except ValueError:
            self.errors.append(f"{self.prefix}{key}: not a timestamp: {v[:40]!r}")
            return None

    def obj_(self, key: str) -> dict[str, Any]:
        v = self.obj.get(key)
        if isinstance(v, dict):
            return v
        if v is not None:
            self.errors.append(f"{self.prefix}{key}: expected an object, got {_describe(v)}")
        return {}

    def list_(self, key: str) -> list[Any]:
        v = self.obj.get(key)
        if isinstance(v, list):
            return v
        if v is not None:
            self.errors.append(f"{self.prefix}{key}: expected a list, got {_describe(v)}")
        return []


def _describe(v: Any) -> str:
    kind = {bool: "boolean", int: "number", float: "number", str: "string", list: "list"}.get(
        type(v), "object"
    )
    text = orjson.dumps(v).decode()
    return f"{kind} {text[:40]}"


class _Builder:
    """Accumulates staging rows column by column (cheaper than a dict per row)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.cols: dict[str, list[Any]] = {n: [] for n in staging_schema().names()}
        self.handles = {h.lower() for h in [target.handles.x] if h}
        self.watched = target.watched_ids("x")
        self.pages = 0
        self.api_errors = 0

    def add_failure(self, page: RawPage, raw: bytes, errors: list[str]) -> None:
        row = dict.fromkeys(self.cols)
        row.update(
            target=self.target.name,
            raw=raw.decode("utf-8", errors="backslashreplace"),
            raw_sha256=sha256_hex(raw),
            source=page.source,
            source_ref=page.ref,
            page_sha256=sha256_hex(page.body),
            retrieved_at=page.retrieved_at,
            parse_errors=errors,
            parse_error_count=len(errors),
            date_hint=page.date_hint,
            mentions_target=False,
            version=0,
        )
        for k, v in row.items():
            self.cols[k].append(v)

    def add_tweet(
        self,
        page: RawPage,
        tweet: dict[str, Any],
        raw: bytes,
        users: dict[str, dict[str, Any]],
        retrieved_at: datetime,
    ) -> None:
        errors: list[str] = []
        f = _Fields(tweet, errors)
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
        a = _Fields(author, errors, prefix="author.")
        metrics = _Fields(a.obj_("public_metrics"), errors, prefix="author.public_metrics.")

        kind, reply_to, quoted, reposted = "mention", None, None, None
        for ref in f.list_("referenced_tweets"):
            if not isinstance(ref, dict):
                continue
            rtype, rid = ref.get("type"), ref.get("id")
            if rtype == "replied_to":
                reply_to = rid
            elif rtype == "quoted":
                quoted = rid
            elif rtype == "retweeted":
                reposted = rid
        # A repost carries no words of its own; a quote's words are about the quoted post.
        if reposted:
            kind = "repost"
        elif quoted:
            kind = "quote"
        elif reply_to:
            kind = "reply"
        conversation_id = f.str("conversation_id")
        watched = next(
            (i for i in (reply_to, quoted, reposted, conversation_id) if i in self.watched), None
        )
        text = f.str("text")
        mentioned = {
            m.get("username", "").lower()
            for m in _Fields(f.obj_("entities"), errors, "entities.").list_("mentions")
            if isinstance(m, dict) and isinstance(m.get("username"), str)
        }
        names_target = bool(self.handles & mentioned) or any(
            f"@{h}" in (text or "").lower() for h in self.handles
        )
        if not any(k in tweet for k in ("text", "created_at", "author_id")):
            errors.append("not_a_post: the object has none of the fields of a post")

        row = {
            "target": self.target.name,
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
            "retrieved_at": retrieved_at,
            "source": page.source,
            "source_ref": page.ref,
            "page_sha256": sha256_hex(page.body),
            "raw_sha256": sha256_hex(raw),
            "raw": raw.decode("utf-8", errors="backslashreplace"),
            "parse_errors": errors,
            "parse_error_count": len(errors),
            "date_hint": page.date_hint,
        }
        for k, v in row.items():
            self.cols[k].append(v)

    def add_page(self, page: RawPage) -> None:
        self.pages += 1
        try:
            obj = orjson.loads(page.body)
        except orjson.JSONDecodeError as exc:
            self.add_failure(page, page.body, [f"not_json: {page.ref}: {exc}"])
            return
        if not isinstance(obj, dict):
            self.add_failure(page, page.body, [f"unknown_format: {page.ref}: not a JSON object"])
            return
        retrieved_at = _envelope_time(obj) or page.retrieved_at
        if "data" in obj or "errors" in obj:
            self._add_v2_page(page, obj, retrieved_at)
        elif "meta" in obj and set(obj) <= {"meta", "includes", "__twarc"}:
            return  # an empty result page: a query that matched nothing is not a bad record
        elif "id" in obj and ("text" in obj or "author" in obj):
            self.add_tweet(page, obj, page.body, {}, retrieved_at)  # twarc flattened line
        else:
            keys = ", ".join(sorted(obj)[:8])
            self.add_failure(
                page, page.body, [f"unknown_format: {page.ref}: unrecognised keys ({keys})"]
            )

    def _add_v2_page(self, page: RawPage, obj: dict[str, Any], retrieved_at: datetime) -> None:
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
            self.add_failure(page, page.body, reasons)
            return
        # Partial errors (a referenced post not found, a suspended mentioned user) are normal.
        self.api_errors += len(errors)
        includes = obj.get("includes") if isinstance(obj.get("includes"), dict) else {}
        users = {
            u["id"]: u
            for u in includes.get("users", []) or []
            if isinstance(u, dict) and isinstance(u.get("id"), str)
        }
        for tweet in tweets:
            if isinstance(tweet, dict):
                self.add_tweet(page, tweet, canonical_json(tweet), users, retrieved_at)
            else:
                raw = canonical_json(tweet)
                self.add_failure(page, raw, [f"unknown_format: {page.ref}: data item is not an object"])

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.cols, schema=staging_schema())


def _envelope_time(obj: dict[str, Any]) -> datetime | None:
    meta = obj.get("__twarc")
    value = meta.get("retrieved_at") if isinstance(meta, dict) else None
    if isinstance(value, str):
        try:
            return parse_timestamp(value)
        except ValueError:
            return None
    return None


def parse_pages(pages: Iterable[RawPage], target: Target) -> tuple[pl.DataFrame, dict[str, int]]:
    """Staging rows for every record in ``pages``, and counts (pages, api_errors)."""
    builder = _Builder(target)
    for page in pages:
        builder.add_page(page)
    return builder.frame(), {"pages": builder.pages, "api_errors": builder.api_errors}


def parse_batches(
    pages: Iterable[RawPage], target: Target, batch_size: int
) -> Iterator[tuple[pl.DataFrame, dict[str, int]]]:
    """The same, cut into frames of about ``batch_size`` records so memory stays bounded."""
    builder = _Builder(target)
    for page in pages:
        builder.add_page(page)
        if len(builder.cols["raw"]) >= batch_size:
            yield builder.frame(), {"pages": builder.pages, "api_errors": builder.api_errors}
            builder = _Builder(target)
    if builder.pages:
        yield builder.frame(), {"pages": builder.pages, "api_errors": builder.api_errors}
