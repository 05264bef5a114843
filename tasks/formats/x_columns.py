"""X API v2 tweets read column-wise: the fast path for the tweets X actually sends.

The tweets that passed ``x_scan``'s type check become columns, all of a batch at once, and the
same rules as ``tweet_fields`` are applied with Polars; their values, flat and nested, come from
the check (``x_scan.fast_fields``), which had decoded them anyway. A tweet whose values fall
outside what the column rules read the same way (a timestamp not in X's own shape, an id that is
not plain digits, a key that may be given twice) goes through ``tweet_fields`` instead, which
records each problem. A test checks both paths give the same
rows on every shape the fixtures and the generator produce.
"""

from __future__ import annotations

from typing import Any

import orjson
import polars as pl

from tasks.formats.base import Context


def users_of(includes: bytes | None) -> dict[str, dict[str, Any]]:
    """The page's users by id, as the general path reads them."""
    obj = orjson.loads(includes) if includes else {}
    users = obj.get("users") if isinstance(obj, dict) else None
    return {u["id"]: u for u in users or [] if isinstance(u, dict) and isinstance(u.get("id"), str)}


# The flat keys Polars reads that a tweet holds once (an "id" sits in nested objects too). Inside
# a string a quote is escaped, so ``"text"`` found twice is a key twice, or a nested one (a
# long post's note_tweet.text): either way the general path reads it. Counted by Polars over
# the whole batch, not parsed.
_ONCE = ('"text"', '"created_at"', '"author_id"', '"conversation_id"', '"lang"')

_STR = pl.String
_USER_ROWS = {
    "_page": pl.UInt32,
    "author_id": _STR,
    "author_handle": _STR,
    "author_name": _STR,
    "_joined": _STR,
    "author_followers": pl.Int64,
}
USER_COLUMNS = tuple(_USER_ROWS)
# The flat fields, as the general path reads them.
TWEET_SCHEMA = {
    "id": _STR,
    "text": _STR,
    "created_at": _STR,
    "author_id": _STR,
    "conversation_id": _STR,
    "lang": _STR,
}
# What x_scan.fast_fields returns for a tweet, in order: the nested fields then the flat ones.
# (Polars reading the tweets again for the flat ones cost a sixth of the parse; its nested lists
# of structs read several times slower still.)
_NESTED = {
    "post_id": _STR,
    "_version": pl.Int32,
    "_reply": _STR,
    "_quote": _STR,
    "_repost": _STR,
    "_mentioned": pl.Boolean,
    "_ids": pl.Int64,
    **TWEET_SCHEMA,
}
# X's own timestamp shape, which Python's fromisoformat and Polars read alike.
_X_TIME_RX = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6})?Z$"
_X_TIME = "%Y-%m-%dT%H:%M:%S%.fZ"


def _ndjson(lines: list[bytes], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return (
        pl.read_ndjson(b"\n".join(lines), schema=schema) if lines else pl.DataFrame(schema=schema)
    )


def _time(col: str) -> pl.Expr:
    """The parsed timestamp."""
    return pl.col(col).str.to_datetime(_X_TIME, time_unit="us", time_zone="UTC", strict=False)


def _time_ok(col: str, parsed: str) -> pl.Expr:
    """Whether the string ``col`` was read as the general path would, into the column ``parsed``
    (parsed once: an expression repeated is computed again)."""
    ok = pl.col(col).is_null() | (
        pl.col(col).str.contains(_X_TIME_RX)
        & pl.col(parsed).is_not_null()
        & (pl.col(parsed).dt.year() >= 1)
    )
    return ok.fill_null(False)


# A key written with an escape ("te\u0078t" is "text"): counting names in the bytes cannot see
# it. The last escape of a key, then the rest of the key, its closing quote and the colon.
_ESCAPED_KEY = r'\\.[^"\\]*"\s*:'


def _one_reading(
    spans: list[bytes], ids: pl.Series, last_id: pl.Series, text: pl.Series | None = None
) -> pl.Series:
    """Whether every reader reads the same flat fields as msgspec did (the last of a key given
    twice, as json and orjson reading the sealed record): no key written with an escape, no flat
    key named twice, and the first "id" Polars finds the one msgspec kept when the bytes hold
    more "id" keys than the check saw (``ids``: the tweet's, its references', its mentions';
    another nested object's is not an ambiguity, but only a reader can tell); and valid UTF-8
    throughout (msgspec does not check what it skips). Elsewhere the general path decides, and
    says why. ``text``: the spans already as one String column (the caller's, when it built it
    for its own use: the same bytes, checked as UTF-8 the same way), else built here."""
    valid = None
    if text is None:
        try:  # one pass in Polars, which checks UTF-8 as strictly as Python: the common case
            text = pl.Series(spans, dtype=pl.Binary).cast(pl.String)
        except (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError):
            # rare: read what can be read, and send the rest to the general path
            valid = _utf8(spans)
            spans = [s if ok else b"" for s, ok in zip(spans, valid, strict=True)]
            text = pl.Series(spans, dtype=pl.Binary).cast(pl.String)
    # One select: Polars runs the passes over the bytes side by side, on every core.
    t = pl.col("t")
    checks = pl.DataFrame({"t": text.alias("t"), "ids": ids}).select(
        ok=pl.all_horizontal(
            *(t.str.count_matches(k, literal=True) <= 1 for k in _ONCE),
            ~t.str.contains(_ESCAPED_KEY),
        ).fill_null(True),
        more_ids=t.str.count_matches('"id"', literal=True) != pl.col("ids"),
    )
    ok = checks["ok"]
    if valid is not None:
        ok = ok & pl.Series(valid, dtype=pl.Boolean)
    more = checks["more_ids"] & ok
    if more.any():
        at = more.arg_true().to_list()
        first = _first_ids([spans[i] for i in at])
        agree = [f is not None and f == last_id[i] for i, f in zip(at, first, strict=True)]
        ok = ok.scatter(at, agree)
    return ok


def _first_ids(spans: list[bytes]) -> list[str | None]:
    """The "id" Polars reads in each span (the first of a key given twice); None where Polars
    cannot read the span (nested deeper than its reader goes: msgspec went further)."""
    try:
        return _ndjson(spans, {"id": _STR})["id"].to_list()
    except pl.exceptions.ComputeError:
        return [_ndjson([s], {"id": _STR}).item() if _readable(s) else None for s in spans]


def _utf8(spans: list[bytes]) -> list[bool]:
    """Whether each span is UTF-8."""
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
    users: dict[str, list[Any]],
    ctx: Context,
    text: pl.Series | None = None,
) -> tuple[pl.DataFrame, list[int]]:
    """The mention fields of ``spans`` (tweets ``fast_fields`` accepted, with what it returned
    in ``nested``), in order, and the positions the column rules could not vouch for (to be
    read by the general path). ``users``: the columns ``USER_COLUMNS`` of their pages (the
    page, then what ``fast_users`` returned). ``text``: ``spans`` as a String column, if the
    caller has it (valid UTF-8, every one), so that they are not converted twice."""
    # The tuples as rows, in one call: transposing them in Python first cost a third more.
    tweets = pl.DataFrame(nested, schema=_NESTED, orient="row").with_columns(
        _pos=pl.int_range(pl.len(), dtype=pl.UInt32),
        _page=pl.Series(page_of, dtype=pl.UInt32),
    )
    users_df = (
        pl.DataFrame(users, schema=_USER_ROWS)
        # The general path builds a dict: the last user of an id wins.
        .unique(["_page", "author_id"], keep="last", maintain_order=True)
    )
    handles = sorted(ctx.handles["x"])
    watched = sorted(ctx.watched["x"])
    df = (
        tweets.join(users_df, on=["_page", "author_id"], how="left", maintain_order="left")
        .with_columns(_created=_time("created_at"), _joined_at=_time("_joined"))
        .with_columns(
            _ok=_time_ok("created_at", "_created")
            & _time_ok("_joined", "_joined_at")
            & pl.col("id").str.contains(r"^[0-9]+$")
            & pl.Series(
                _one_reading(spans, tweets["_ids"], tweets["id"], text) if spans else [],
                dtype=pl.Boolean,
            ),
        )
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
        _ok="_ok",
        platform=pl.lit("x"),
        post_id="post_id",
        version_id="id",
        version=pl.col("_version"),
        edited_at=pl.when(pl.col("_version") > 0).then(pl.col("_created")),
        url=pl.lit("https://x.com/i/web/status/") + pl.col("id"),
        author_id="author_id",
        author_handle="author_handle",
        author_name="author_name",
        author_created_at="_joined_at",
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
    bad = out.filter(~pl.col("_ok"))["_pos"].to_list()
    return out.drop("_pos", "_ok"), bad


def _readable(span: bytes) -> bool:
    try:
        _ndjson([span], {"id": _STR})
    except pl.exceptions.ComputeError:
        return False
    return True
