"""X API v2 pages scanned, and each tweet checked, for the column-wise fast path (x_columns).

Reading a page into Python objects and walking each tweet costs ~20 µs a record; a million
mentions took 37 s to parse. Here a page is only scanned (msgspec hands back each element's
exact bytes, ``msgspec.Raw``), and each tweet is checked against the types the fields must have
(one C call, strict: a number where a string belongs fails). The check decodes every field it
types anyway, so what they say is taken from it (``fast_fields``), flat and nested; ``x_columns``
turns them into columns and applies the column rules with Polars. A tweet that fails the check
goes through ``tweet_fields`` instead, which records each problem.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
import orjson
from msgspec import UNSET

from tasks.formats.fields import INT64_MAX, INT64_MIN

# The structs a check decodes hold no cycles: ``gc=False`` keeps the collector from walking the
# hundreds of thousands of them a batch makes (it cost a tenth of the parse).


class _Metrics(msgspec.Struct, gc=False):
    followers_count: int | None = None


class _User(msgspec.Struct, gc=False):
    id: str | None = None
    username: str | None = None
    name: str | None = None
    created_at: str | None = None
    public_metrics: _Metrics | None = None


class _Includes(msgspec.Struct, gc=False):
    users: list[_User] | None = None


class _Ref(msgspec.Struct, gc=False):
    type: str | None = None
    # UNSET when absent: each "id" key the check saw is counted (``_nested``).
    id: str | None | msgspec.UnsetType = msgspec.UNSET


class _Mention(msgspec.Struct, gc=False):
    username: str | None = None
    id: msgspec.Raw = msgspec.Raw()  # any value, as before; only counted


class _Entities(msgspec.Struct, gc=False):
    mentions: list[_Mention] | None = None


class _Tweet(msgspec.Struct, gc=False):
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


class _TypedPage(msgspec.Struct, gc=False):
    """A page's tweets and users checked in one call (``fast_page``); its other keys ignored."""

    data: list[_Tweet]
    includes: _Includes | msgspec.UnsetType = msgspec.UNSET


_PAGE = msgspec.json.Decoder(_Page)
_TYPED_PAGE = msgspec.json.Decoder(_TypedPage)
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


def fast_fields(span: bytes, handles: frozenset[str]) -> tuple[Any, ...] | None:
    """For a tweet whose bytes have every type the column rules read, what its fields say, as
    ``tweet_fields`` reads them: (post id, version, replied-to id, quoted id, reposted id,
    whether a mention names the target, how many "id" keys the check saw, then the flat fields
    ``x_columns.FLAT``: id, text, created_at, author_id, conversation_id, lang). None for any
    other tweet."""
    if len(span) > FAST_SPAN_MAX:
        return None
    if b"\n" in span or b"\r" in span:
        return None  # Polars reads one tweet per line: leave pretty-printed ones to the other path
    try:
        t = _TWEET.decode(span)
    except _UNREADABLE:
        return None
    return _nested(t, handles)


_TWEETS = msgspec.json.Decoder(list[_Tweet])


def fast_tweets(spans: list[bytes], handles: frozenset[str]) -> list[tuple[Any, ...] | None]:
    """``fast_fields`` of every tweet of a page, in one C call for the page when every tweet
    passes the type check (the common case: a decoder call per tweet cost more than its work);
    else tweet by tweet, so that one bent tweet leaves the others on the fast path. A page's
    tweets are its ``data`` items' exact bytes, each a whole JSON value, so the array of them
    joined by commas has exactly those items, read as each alone would be."""
    if len(spans) < 2:
        return [fast_fields(s, handles) for s in spans]
    joined = b",".join(spans)
    if b"\n" in joined or b"\r" in joined or max(map(len, spans)) > FAST_SPAN_MAX:
        return [fast_fields(s, handles) for s in spans]
    try:
        tweets = _TWEETS.decode(b"[" + joined + b"]")
    except _UNREADABLE:
        return [fast_fields(s, handles) for s in spans]
    if len(tweets) != len(spans):  # cannot happen for whole values; never trust it silently
        return [fast_fields(s, handles) for s in spans]
    return [_nested(t, handles) for t in tweets]


def _nested(t: _Tweet, handles: frozenset[str]) -> tuple[Any, ...] | None:
    """What ``fast_fields`` returns for a tweet that passed the type check."""
    if len(t.author):
        return None
    vid, history = t.id, t.edit_history_tweet_ids
    if history:
        post_id, version = history[0], history.index(vid) if vid in history else 0
    else:
        post_id, version = vid, 0
    reply_to = quoted = reposted = None
    ids = 1  # the "id" keys this check saw: the tweet's own, its references', its mentions'
    refs = t.referenced_tweets
    if refs:
        for ref in refs:
            rid = ref.id
            if rid is UNSET:
                rid = None
            else:
                ids += 1
            kind = ref.type
            if kind == "replied_to":
                reply_to = rid
            elif kind == "quoted":
                quoted = rid
            elif kind == "retweeted":
                reposted = rid
    mentioned = False
    entities = t.entities
    if entities is not None and entities.mentions:
        for m in entities.mentions:
            if len(m.id):
                ids += 1
            name = m.username
            if not mentioned and name is not None and name.lower() in handles:
                mentioned = True
    # The flat fields as msgspec read them (the last of a key given twice, like json and orjson
    # reading the sealed record). ``x_columns.read`` sends a tweet to the general path (which
    # names the ambiguity) when a flat key may appear twice: its name found more than once in
    # the bytes, an "id" found more often than ``ids``, or any key written with an escape.
    return (
        post_id,
        version,
        reply_to,
        quoted,
        reposted,
        mentioned,
        ids,
        vid,
        t.text,
        t.created_at,
        t.author_id,
        t.conversation_id,
        t.lang,
    )


# A page's users as columns: (ids, usernames, names, created_at, followers), one list each.
UserColumns = tuple[list[Any], list[Any], list[Any], list[Any], list[Any]]


def fast_users(includes: bytes | None) -> UserColumns | None:
    """The users of a page's ``includes`` as columns (id, username, name, created_at,
    followers), when every one has the types the column rules read; None otherwise."""
    if includes is None:
        return [], [], [], [], []
    try:
        users = _INCLUDES.decode(includes).users or ()
    except _UNREADABLE:
        return None
    return _user_columns(users)


def _user_columns(users: Any) -> UserColumns | None:
    kept = [u for u in users if u.id is not None]
    followers = [u.public_metrics.followers_count if u.public_metrics else None for u in kept]
    # past what the column holds (in a user kept or not): the general path names it
    if any(
        u.public_metrics
        and (c := u.public_metrics.followers_count) is not None
        and not INT64_MIN <= c <= INT64_MAX
        for u in users
    ):
        return None
    return (
        [u.id for u in kept],
        [u.username for u in kept],
        [u.name for u in kept],
        [u.created_at for u in kept],
        followers,
    )


def fast_page(
    body: bytes, spans: list[bytes], handles: frozenset[str]
) -> tuple[list[tuple[Any, ...]], UserColumns] | None:
    """``fast_tweets`` and ``fast_users`` of a whole page in one C call over its body, when every
    tweet and every user passes (the pages X sends); None otherwise, and the page is checked
    piece by piece. The page's ``data`` and ``includes`` are the values ``scan`` split (the same
    decoder keeps the same one of a key given twice), so each tweet reads as its span alone."""
    if not spans or b"\n" in body or b"\r" in body or max(map(len, spans)) > FAST_SPAN_MAX:
        return None
    try:
        typed = _TYPED_PAGE.decode(body)
    except _UNREADABLE:
        return None
    if len(typed.data) != len(spans):  # cannot happen; never trust it silently
        return None
    includes = typed.includes
    users = _user_columns((includes.users or ()) if includes is not UNSET else ())
    if users is None:
        return None
    nested = [_nested(t, handles) for t in typed.data]
    if None in nested:
        return None
    return nested, users
