"""X API v2 pages read column-wise: the fast path for the tweets X actually sends.

Reading a page into Python objects and walking each tweet costs ~20 µs a record; a million
mentions took 37 s to parse. Here a page is only scanned (msgspec hands back each element's
exact bytes, ``msgspec.Raw``), each tweet is checked against the types the fields must have (one
C call, strict: a number where a string belongs fails), and the tweets that pass are read by
Polars from their own bytes, all of a batch at once, with the same rules as ``tweet_fields``.
A tweet that fails the check, or whose values fall outside what the column rules read the same
way (a timestamp not in X's own shape, an id that is not plain digits), goes through
``tweet_fields`` instead, which records each problem. A test checks both paths give the same
rows on every shape the fixtures and the generator produce.
"""

from __future__ import annotations

from typing import Any

import msgspec
import orjson
import polars as pl

from tasks.formats import Context


class _Metrics(msgspec.Struct):
    followers_count: int | None = None


class _User(msgspec.Struct):
    id: str | None = None
    username: str | None = None
    name: str | None = None
    created_at: str | None = None
    public_metrics: _Metrics | None = None


class _Includes(msgspec.Struct):
    users: list[_User] | None = None


class _Ref(msgspec.Struct):
    type: str | None = None
    id: str | None = None


class _Mention(msgspec.Struct):
    username: str | None = None


class _Entities(msgspec.Struct):
    mentions: list[_Mention] | None = None


class _Tweet(msgspec.Struct):
    id: str
    text: str
    created_at: str
    author_id: str
    conversation_id: str | None = None
    lang: str | None = None
    edit_history_tweet_ids: list[str] | None = None
    referenced_tweets: list[_Ref] | None = None
    entities: _Entities | None = None
    # An embedded author (twarc's flattened lines) is left to the general path.
    author: msgspec.Raw = msgspec.Raw()


_TOP = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ITEMS = msgspec.json.Decoder(list[msgspec.Raw])
_TWEET = msgspec.json.Decoder(_Tweet)
_INCLUDES = msgspec.json.Decoder(_Includes)


_UNREADABLE = (msgspec.MsgspecError, ValueError)  # ValueError: bytes that are not UTF-8


def scan(body: bytes) -> tuple[dict[str, bytes], list[bytes]] | None:
    """The keys of a JSON object with each value's exact bytes, and the elements of its
    ``data`` (an array's items, or one object) as their exact bytes; None if not readable so."""
    try:
        top = {k: bytes(v) for k, v in _TOP.decode(body).items()}
        data = top.get("data")
        head = data.lstrip()[:1] if data else b""
        if head == b"[":
            return top, [bytes(r) for r in _ITEMS.decode(data or b"")]
    except _UNREADABLE:
        return None
    return top, [data] if data and head == b"{" else []


def is_fast(span: bytes) -> bool:
    """Whether a tweet's bytes have every type the column rules read."""
    if b"\n" in span or b"\r" in span:
        return False  # Polars reads one tweet per line: leave pretty-printed ones to the other path
    try:
        return len(_TWEET.decode(span).author) == 0
    except _UNREADABLE:
        return False


def fast_includes(value: bytes | None) -> bool:
    if value is None:
        return True
    try:
        _INCLUDES.decode(value)
    except _UNREADABLE:
        return False
    return True


def users_of(includes: bytes | None) -> dict[str, dict[str, Any]]:
    """The page's users by id, as the general path reads them."""
    obj = orjson.loads(includes) if includes else {}
    users = obj.get("users") if isinstance(obj, dict) else None
    return {u["id"]: u for u in users or [] if isinstance(u, dict) and isinstance(u.get("id"), str)}


_STR = pl.String
_REF = pl.Struct({"type": _STR, "id": _STR})
_USER = pl.Struct(
    {
        "id": _STR,
        "username": _STR,
        "name": _STR,
        "created_at": _STR,
        "public_metrics": pl.Struct({"followers_count": pl.Int64}),
    }
)
TWEET_SCHEMA = {
    "id": _STR,
    "text": _STR,
    "created_at": _STR,
    "author_id": _STR,
    "conversation_id": _STR,
    "lang": _STR,
    "edit_history_tweet_ids": pl.List(_STR),
    "referenced_tweets": pl.List(_REF),
    "entities": pl.Struct({"mentions": pl.List(pl.Struct({"username": _STR}))}),
}
INCLUDES_SCHEMA = {"users": pl.List(_USER)}
# X's own timestamp shape, which Python's fromisoformat and Polars read alike.
_X_TIME_RX = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6})?Z$"
_X_TIME = "%Y-%m-%dT%H:%M:%S%.fZ"


def _ndjson(lines: list[bytes], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return (
        pl.read_ndjson(b"\n".join(lines), schema=schema) if lines else pl.DataFrame(schema=schema)
    )


def _time(col: str) -> tuple[pl.Expr, pl.Expr]:
    """(the parsed timestamp, whether the string was read as the general path would)."""
    parsed = pl.col(col).str.to_datetime(_X_TIME, time_unit="us", time_zone="UTC", strict=False)
    ok = pl.col(col).is_null() | (
        pl.col(col).str.contains(_X_TIME_RX) & parsed.is_not_null() & (parsed.dt.year() >= 1)
    )
    return parsed, ok.fill_null(False)


def _ref(kind: str) -> pl.Expr:
    # The general path keeps the last reference of a kind, its id as given (null included).
    return (
        pl.col("referenced_tweets")
        .list.eval(pl.element().filter(pl.element().struct.field("type") == kind))
        .list.eval(pl.element().struct.field("id"))
        .list.last()
    )


def _set(name: str) -> pl.Expr:
    # Python truthiness: an empty string is no reference.
    return pl.col(name).is_not_null() & (pl.col(name) != "")


def read(
    spans: list[bytes], page_of: list[int], includes: dict[int, bytes | None], ctx: Context
) -> tuple[pl.DataFrame, list[int]]:
    """The mention fields of ``spans`` (tweets that passed ``is_fast``), in order, and the
    positions the column rules could not vouch for (to be read by the general path)."""
    tweets = _ndjson(spans, TWEET_SCHEMA).with_columns(
        _pos=pl.int_range(pl.len(), dtype=pl.UInt32),
        _page=pl.Series(page_of, dtype=pl.UInt32),
    )
    pages = [p for p in sorted(set(page_of)) if includes.get(p)]
    users = (
        _ndjson([includes[p] or b"" for p in pages], INCLUDES_SCHEMA)
        .with_columns(_page=pl.Series(pages, dtype=pl.UInt32))
        .explode("users")
        .unnest("users")
        .filter(pl.col("id").is_not_null())
        # The general path builds a dict: the last user of an id wins.
        .unique(["_page", "id"], keep="last", maintain_order=True)
        .select(
            "_page",
            author_id="id",
            author_handle="username",
            author_name="name",
            _joined="created_at",
            author_followers=pl.col("public_metrics").struct.field("followers_count"),
        )
    )
    handles = sorted(ctx.handles["x"])
    watched = sorted(ctx.watched["x"])
    history = pl.col("edit_history_tweet_ids")
    created, created_ok = _time("created_at")
    df = (
        tweets.join(users, on=["_page", "author_id"], how="left", maintain_order="left")
        .with_columns(_reply=_ref("replied_to"), _quote=_ref("quoted"), _repost=_ref("retweeted"))
        .with_columns(
            _version=_versions(tweets),
            _created=created,
            _ok=created_ok & pl.col("id").str.contains(r"^[0-9]+$"),
        )
    )
    joined, joined_ok = _time("_joined")
    mentioned = (
        pl.col("entities")
        .struct.field("mentions")
        .list.eval(pl.element().struct.field("username").str.to_lowercase().is_in(handles))
        .list.any()
        .fill_null(False)
    )
    in_text = (
        pl.col("text").str.to_lowercase().str.contains_any([f"@{h}" for h in handles])
        if handles
        else pl.lit(False)
    )
    watched_id = (
        pl.coalesce(
            [
                pl.when(pl.col(c).is_in(watched)).then(pl.col(c))
                for c in ("_reply", "_quote", "_repost", "conversation_id")
            ]
        )
        if watched
        else pl.lit(None, _STR)
    )
    out = df.select(
        "_pos",
        _ok=pl.col("_ok") & joined_ok,
        platform=pl.lit("x"),
        post_id=pl.when(history.list.len() > 0).then(history.list.first()).otherwise("id"),
        version_id="id",
        version=pl.col("_version"),
        edited_at=pl.when(pl.col("_version") > 0).then(pl.col("_created")),
        url=pl.lit("https://x.com/i/web/status/") + pl.col("id"),
        author_id="author_id",
        author_handle="author_handle",
        author_name="author_name",
        author_created_at=joined,
        author_followers="author_followers",
        created_at="_created",
        text="text",
        lang="lang",
        kind=pl.when(_set("_repost"))
        .then(pl.lit("repost"))
        .when(_set("_quote"))
        .then(pl.lit("quote"))
        .when(_set("_reply"))
        .then(pl.lit("reply"))
        .otherwise(pl.lit("mention")),
        in_reply_to_id="_reply",
        quoted_id="_quote",
        reposted_id="_repost",
        conversation_id="conversation_id",
        watched_post_id=watched_id,
        mentions_target=mentioned | in_text,
    )
    bad = out.filter(~pl.col("_ok"))["_pos"].to_list()
    return out.drop("_pos", "_ok"), bad


def _versions(tweets: pl.DataFrame) -> pl.Series:
    """The place of each tweet's own id in its edit history (the first match), else 0."""
    found = (
        tweets.select("_pos", "id", h=pl.col("edit_history_tweet_ids"))
        .filter(pl.col("h").list.len() > 1)
        .with_columns(i=pl.int_ranges(pl.col("h").list.len(), dtype=pl.Int32))
        .explode("h", "i")
        .filter(pl.col("h") == pl.col("id"))
        .group_by("_pos")
        .agg(pl.col("i").min())
    )
    return (
        tweets.select("_pos")
        .join(found, on="_pos", how="left", maintain_order="left")["i"]
        .fill_null(0)
        .cast(pl.Int32)
        .alias("_version")
    )
