"""X API v2 pages read column-wise: the fast path for the tweets X actually sends.

Reading a page into Python objects and walking each tweet costs ~20 µs a record; a million
mentions took 37 s to parse. Here a page is only scanned (msgspec hands back each element's
exact bytes, ``msgspec.Raw``), each tweet is checked against the types the fields must have (one
C call, strict: a number where a string belongs fails), and the tweets that pass are read by
Polars from their own bytes, all of a batch at once, with the same rules as ``tweet_fields``.
The check decodes the nested fields anyway, so what they say (edit history, references,
mentions) is taken from it; Polars reads the flat ones. A tweet that fails the check, or whose
values fall outside what the column rules read the same way (a timestamp not in X's own shape, an id that is not plain digits), goes through
``tweet_fields`` instead, which records each problem. A test checks both paths give the same
rows on every shape the fixtures and the generator produce.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import orjson
import polars as pl
from msgspec import UNSET

from tasks.formats import Context
from tasks.formats.fields import INT64_MAX, INT64_MIN


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


class _Page(msgspec.Struct, forbid_unknown_fields=True):
    """An X API v2 page as X sends it: its tweets' exact bytes found in the same pass as the
    other keys' (any other shape is read by the general scan)."""

    data: list[msgspec.Raw] | msgspec.UnsetType = msgspec.UNSET
    includes: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET
    meta: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET
    errors: msgspec.Raw | msgspec.UnsetType = msgspec.UNSET
    twarc: msgspec.Raw | msgspec.UnsetType = msgspec.field(default=msgspec.UNSET, name="__twarc")


_PAGE = msgspec.json.Decoder(_Page)
_PAGE_KEYS = (
    ("includes", "includes"),
    ("meta", "meta"),
    ("errors", "errors"),
    ("twarc", "__twarc"),
)
_TOP = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ITEMS = msgspec.json.Decoder(list[msgspec.Raw])
_TWEET = msgspec.json.Decoder(_Tweet)
_INCLUDES = msgspec.json.Decoder(_Includes)


# ValueError: bytes that are not UTF-8; RecursionError: nested past Python's limit (msgspec
# recurses even over the values it only hands back as raw bytes).
_UNREADABLE = (msgspec.MsgspecError, ValueError, RecursionError)


def scan(body: bytes) -> tuple[dict[str, bytes], list[bytes]] | None:
    """The keys of a JSON object with each value's exact bytes (but ``data``'s, which maps to
    ``b""``), and the elements of its ``data`` (an array's items, or one object) as their exact
    bytes; None if not readable so."""
    try:
        page = _PAGE.decode(body)  # one pass, for the pages X sends
    except _UNREADABLE:
        pass
    else:
        top = {key: bytes(v) for attr, key in _PAGE_KEYS if (v := getattr(page, attr)) is not UNSET}
        if page.data is UNSET:
            return top, []
        top["data"] = b""
        return top, [bytes(r) for r in page.data]
    try:
        top = {k: bytes(v) for k, v in _TOP.decode(body).items()}
        data = top.get("data")
        if data is not None:
            top["data"] = b""
        head = data.lstrip()[:1] if data else b""
        if head == b"[":
            return top, [bytes(r) for r in _ITEMS.decode(data or b"")]
    except RecursionError:
        # One tweet nested past what msgspec follows: split the page without recursion, so
        # that tweet alone is unreadable and the others of the page are read as usual.
        return _shallow(body)
    except _UNREADABLE:
        return None
    return top, [data] if data and head == b"{" else []


# A JSON string (its escapes included) or one structural character.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},:]')


def _shallow(body: bytes) -> tuple[dict[str, bytes], list[bytes]] | None:
    """What ``scan`` returns, found by counting brackets (strings skipped whole) instead of
    parsing: the top-level values and ``data``'s items as their exact bytes. Nothing in them is
    checked here; each is read, and judged, on its own. None unless the body is one object
    whose brackets balance."""
    if body.strip()[:1] != b"{" or body.strip()[-1:] != b"}":
        return None
    top: dict[str, bytes] = {}
    items: list[bytes] = []
    depth, key, start, in_data, item_start = 0, None, 0, False, 0
    expect_key = False
    for tok in _TOKENS.finditer(body):
        t = tok.group()
        if t in (b"{", b"["):
            depth += 1
            if depth == 1:
                expect_key = True
            elif depth == 2 and key == "data" and t == b"[":
                in_data, item_start = True, tok.end()
        elif t in (b"}", b"]"):
            if depth == 2 and in_data and t == b"]":
                item = body[item_start : tok.start()].strip()
                if item:
                    items.append(item)
                in_data = False
            if depth == 1 and key is not None:
                top[key] = body[start : tok.start()].strip()
                key = None
            depth -= 1
            if depth < 0:
                return None
        elif t == b",":
            if depth == 1 and key is not None:
                top[key], key, expect_key = body[start : tok.start()].strip(), None, True
            elif depth == 2 and in_data:
                items.append(body[item_start : tok.start()].strip())
                item_start = tok.end()
        elif t == b":":
            if depth == 1 and key is not None:
                start = tok.end()
        elif depth == 1 and expect_key:
            try:
                key, expect_key = orjson.loads(t), False
            except orjson.JSONDecodeError:
                return None
    if depth != 0 or not top:
        return None
    for name, value in top.items():
        if name != "data":  # nested past the limits outside the tweets: the page is unreadable
            try:
                orjson.loads(value)
            except orjson.JSONDecodeError:
                return None
    data = top.get("data")
    if data is None:
        return top, []
    top["data"] = b""
    if data[:1] == b"{":
        return top, [data]
    return top, items


# Polars' JSON reader holds ~5 bytes a byte of a tweet it reads (a copy to parse in place, its
# tape, the column): a 50 MB post cost 250 MB there, and its lower-cased copy more. A tweet past
# this size (a thousand times a real one) is read by the general path, one copy at a time.
FAST_SPAN_MAX = 1 << 20
# The flat keys Polars reads that a tweet holds once (an "id" sits in nested objects too). Inside
# a string a quote is escaped, so ``"text"`` found twice is a key twice, or a nested one (a
# long post's note_tweet.text): either way the general path reads it. Counted by Polars over
# the whole batch, not parsed.
_ONCE = ('"text"', '"created_at"', '"author_id"', '"conversation_id"', '"lang"')


def fast_fields(span: bytes, handles: frozenset[str]) -> tuple[Any, ...] | None:
    """For a tweet whose bytes have every type the column rules read, what its nested fields
    say, as ``tweet_fields`` reads them: (post id, version, replied-to id, quoted id, reposted
    id, whether a mention names the target, the id as msgspec read it). None for any other
    tweet."""
    if len(span) > FAST_SPAN_MAX:
        return None
    if b"\n" in span or b"\r" in span:
        return None  # Polars reads one tweet per line: leave pretty-printed ones to the other path
    try:
        t = _TWEET.decode(span)
    except _UNREADABLE:
        return None
    if len(t.author):
        return None
    vid, history = t.id, t.edit_history_tweet_ids
    if history:
        post_id, version = history[0], history.index(vid) if vid in history else 0
    else:
        post_id, version = vid, 0
    reply_to = quoted = reposted = None
    for ref in t.referenced_tweets or ():
        if ref.type == "replied_to":
            reply_to = ref.id
        elif ref.type == "quoted":
            quoted = ref.id
        elif ref.type == "retweeted":
            reposted = ref.id
    mentioned = False
    if handles and t.entities is not None and t.entities.mentions:
        mentioned = any(
            m.username is not None and m.username.lower() in handles for m in t.entities.mentions
        )
    # The id as msgspec read it (the last of duplicate keys, like json and orjson reading the
    # sealed record): ``read`` compares it with Polars' (the first). The other flat keys appear
    # once in a tweet, so a second occurrence is enough to send it to the general path.
    return post_id, version, reply_to, quoted, reposted, mentioned, t.id


def fast_users(includes: bytes | None) -> list[tuple[Any, ...]] | None:
    """The users of a page's ``includes`` as (id, username, name, created_at, followers), when
    every one has the types the column rules read; None otherwise."""
    if includes is None:
        return []
    try:
        users = _INCLUDES.decode(includes).users or ()
    except _UNREADABLE:
        return None
    counts = [u.public_metrics.followers_count for u in users if u.public_metrics]
    if any(c is not None and not INT64_MIN <= c <= INT64_MAX for c in counts):
        return None  # past what the column holds: the general path names it
    return [
        (
            u.id,
            u.username,
            u.name,
            u.created_at,
            u.public_metrics.followers_count if u.public_metrics else None,
        )
        for u in users
        if u.id is not None
    ]


def users_of(includes: bytes | None) -> dict[str, dict[str, Any]]:
    """The page's users by id, as the general path reads them."""
    obj = orjson.loads(includes) if includes else {}
    users = obj.get("users") if isinstance(obj, dict) else None
    return {u["id"]: u for u in users or [] if isinstance(u, dict) and isinstance(u.get("id"), str)}


_STR = pl.String
_USER_ROWS = {
    "_page": pl.UInt32,
    "author_id": _STR,
    "author_handle": _STR,
    "author_name": _STR,
    "_joined": _STR,
    "author_followers": pl.Int64,
}
# Only the flat fields are read by Polars; the nested ones (lists of structs read several times
# slower) come from fast_fields, which has decoded them anyway to check their types.
TWEET_SCHEMA = {
    "id": _STR,
    "text": _STR,
    "created_at": _STR,
    "author_id": _STR,
    "conversation_id": _STR,
    "lang": _STR,
}
_NESTED = {
    "post_id": _STR,
    "_version": pl.Int32,
    "_reply": _STR,
    "_quote": _STR,
    "_repost": _STR,
    "_mentioned": pl.Boolean,
    "_last_id": _STR,
}
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


def _one_reading(spans: list[bytes]) -> pl.Series:
    """Whether Polars (which keeps the first of duplicate keys) and json/orjson reading the
    sealed record (the last) can only read the same values: no flat key given twice, and the
    same id as msgspec read (it keeps the last), and valid UTF-8 throughout (msgspec does not
    check the keys it skips). Elsewhere the general path decides, and says why."""
    valid = _utf8(spans)
    if valid is not None:  # rare: read what can be read, and send the rest to the general path
        spans = [s if ok else b"" for s, ok in zip(spans, valid, strict=True)]
    text = pl.Series(spans, dtype=pl.Binary).cast(pl.String)
    once = pl.DataFrame([text.str.count_matches(k, literal=True) <= 1 for k in _ONCE])
    single = once.select(pl.all_horizontal(pl.all())).to_series().fill_null(True)
    return single if valid is None else single & pl.Series(valid, dtype=pl.Boolean)


def _utf8(spans: list[bytes]) -> list[bool] | None:
    """None when every span is UTF-8 (one C pass over them all: the common case), else whether
    each one is. The newline between spans keeps a cut sequence from completing across two."""
    try:
        b"\n".join(spans).decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    out = []
    for span in spans:
        try:
            span.decode("utf-8")
            out.append(True)
        except UnicodeDecodeError:
            out.append(False)
    return out


def _set(name: str) -> pl.Expr:
    # Python truthiness: an empty string is no reference.
    return pl.col(name).is_not_null() & (pl.col(name) != "")


def read(
    spans: list[bytes],
    nested: list[tuple[Any, ...]],
    page_of: list[int],
    users: list[tuple[Any, ...]],
    ctx: Context,
) -> tuple[pl.DataFrame, list[int]]:
    """The mention fields of ``spans`` (tweets ``fast_fields`` accepted, with what it returned
    in ``nested``), in order, and the positions the column rules could not vouch for (to be
    read by the general path). ``users``: (page, *what ``fast_users`` returned) of their pages."""
    columns = list(zip(*nested, strict=True)) if nested else [[] for _ in _NESTED]
    try:
        flat, unread = _ndjson(spans, TWEET_SCHEMA), []
    except pl.exceptions.ComputeError:
        # Nested deeper than Polars' reader goes (msgspec went further): find those tweets,
        # read the others, and leave them to the general path.
        unread = [i for i, span in enumerate(spans) if not _readable(span)]
        skip = set(unread)
        flat = _ndjson([b"{}" if i in skip else s for i, s in enumerate(spans)], TWEET_SCHEMA)
    tweets = flat.with_columns(
        *(pl.Series(n, c, dtype=t) for (n, t), c in zip(_NESTED.items(), columns, strict=True)),
        _pos=pl.int_range(pl.len(), dtype=pl.UInt32),
        _page=pl.Series(page_of, dtype=pl.UInt32),
    )
    users_df = (
        pl.DataFrame(users, schema=_USER_ROWS, orient="row")
        # The general path builds a dict: the last user of an id wins.
        .unique(["_page", "author_id"], keep="last", maintain_order=True)
    )
    handles = sorted(ctx.handles["x"])
    watched = sorted(ctx.watched["x"])
    created, created_ok = _time("created_at")
    df = tweets.join(
        users_df, on=["_page", "author_id"], how="left", maintain_order="left"
    ).with_columns(
        _created=created,
        _ok=created_ok
        & pl.col("id").str.contains(r"^[0-9]+$")
        & pl.col("id").eq_missing(pl.col("_last_id"))
        & pl.Series(_one_reading(spans) if spans else [], dtype=pl.Boolean),
    )
    joined, joined_ok = _time("_joined")
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
        post_id="post_id",
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
        mentions_target=pl.col("_mentioned") | in_text,
    )
    bad = sorted(set(out.filter(~pl.col("_ok"))["_pos"].to_list()) | set(unread))
    return out.drop("_pos", "_ok"), bad


def _readable(span: bytes) -> bool:
    try:
        _ndjson([span], TWEET_SCHEMA)
    except pl.exceptions.ComputeError:
        return False
    return True
