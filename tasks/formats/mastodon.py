"""Mastodon API JSON: statuses, notifications (v1 lists and v2 grouped), status contexts.

One parser reads every shape (recognised by its keys) under several names, so a connector names
what it asked for and an archive import can say ``mastodon``. The raw record of a status is the
status object re-serialised canonically; of a v1 notification, the notification object.

- The text column is the status's HTML ``content`` turned into plain text (the HTML stays in the
  raw record). The "RE: <link>" paragraph a server adds for clients that cannot show quotes is not
  the author's words and is left out; a content warning is kept, before the text.
- Status ids are local to the instance that served them, so the canonical URL is that instance's
  ``/statuses/<id>``: built from the instance we asked (the page's provenance) and the id, never
  from the ``url``/``uri`` fields, which the author's server writes.
- Mastodon edits keep the id: the version id is ``<id>@<edited_at>`` for an edited status (the id
  alone for an unedited one), and ``version`` is 1 for any edit (a status does not say how many
  edits came before).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import orjson

from tasks.formats.base import Context, Parsed, Record, failure
from tasks.formats.fields import Fields, ambiguity, canonical_json
from tasks.pages import RawPage

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_NOTIFIED_POSTS = ("mention", "quote")  # notification types whose status is a post about us


class _Text(HTMLParser):
    """Plain text of Mastodon's HTML subset: paragraphs, line breaks, links, mention spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0  # inside <p class="quote-inline">: the server's quote fallback

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth:
            self.skip_depth += tag == "p"
            return
        classes = (dict(attrs).get("class") or "").split()
        if tag == "p" and "quote-inline" in classes:
            self.skip_depth = 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth and tag == "p":
            self.skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def instance_origin(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and re.fullmatch(r"[A-Za-z0-9.-]+(:\d+)?", parts.netloc):
        return f"{parts.scheme}://{parts.netloc}".lower()
    return None


def _instance(page: RawPage, statuses: list[dict[str, Any]]) -> str | None:
    """The instance that served the page: what we asked (provenance), else the one a local
    account of the page lives on (a local ``acct`` has no domain part)."""
    asked = instance_origin(page.provenance.get("instance"))
    if asked:
        return asked
    for st in statuses:
        for s in (st, st.get("reblog")):
            account = s.get("account") if isinstance(s, dict) else None
            if isinstance(account, dict) and "@" not in str(account.get("acct", "@")):
                found = instance_origin(account.get("url"))
                if found:
                    return found
    return None


def _quoted_id(st: dict[str, Any]) -> str | None:
    quote = st.get("quote")
    if isinstance(quote, dict):
        inner = quote.get("quoted_status")
        if isinstance(inner, dict) and isinstance(inner.get("id"), str):
            return inner["id"]  # Mastodon 4.5: {state, quoted_status}
        if isinstance(quote.get("quoted_status_id"), str):
            return quote["quoted_status_id"]  # a quote whose status is not shown
        if isinstance(quote.get("id"), str) and "content" in quote:
            return quote["id"]  # forks (Fedibird, glitch) embed the quoted status itself
    return st.get("quote_id") if isinstance(st.get("quote_id"), str) else None


def _full_acct(mention: dict[str, Any], instance: str | None) -> str | None:
    acct = mention.get("acct")
    if not isinstance(acct, str):
        return None
    if "@" in acct:
        return acct.lower()
    host = urlsplit(instance_origin(mention.get("url")) or instance or "").hostname
    return f"{acct}@{host}".lower() if host else acct.lower()


def status_fields(
    st: dict[str, Any],
    ctx: Context,
    instance: str | None,
    errors: list[str],
    *,
    parent_of: dict[str, str | None] | None = None,
    conversation_id: str | None = None,
) -> dict[str, Any]:
    f = Fields(st, errors)
    post_id = f.str("id")
    if post_id is not None and not _ID.match(post_id):
        errors.append(f"id: not a Mastodon id: {post_id[:40]!r}")
        post_id = None
    edited_at = f.ts("edited_at")
    account = f.obj_("account")
    a = Fields(account, errors, prefix="account.")
    reblog = st.get("reblog") if isinstance(st.get("reblog"), dict) else None
    reposted = reblog.get("id") if reblog and isinstance(reblog.get("id"), str) else None
    reply_to = f.str("in_reply_to_id")
    quoted = _quoted_id(st)

    source = reblog or st
    text = html_to_text(source["content"]) if isinstance(source.get("content"), str) else None
    if reblog:
        # Like X's "RT @user: ..." text: a boost carries no words of its own.
        booster = reblog.get("account") if isinstance(reblog.get("account"), dict) else {}
        text = f"RT @{booster.get('acct', '?')}: {text or ''}"
    elif "content" in st and not isinstance(st.get("content"), str):
        f.str("content")  # records the type mismatch
    spoiler = st.get("spoiler_text")
    if isinstance(spoiler, str) and spoiler.strip() and not reblog:
        text = f"{spoiler.strip()}\n\n{text or ''}".strip()

    mentioned = {
        _full_acct(m, instance)
        for m in Fields(source, errors).list_("mentions")
        if isinstance(m, dict)
    }
    handles = ctx.handles["mastodon"]
    lowered = (text or "").lower()
    names_target = bool(handles & mentioned) or any(f"@{h}" in lowered for h in handles)

    watched_ids = ctx.watched["mastodon"]
    watched = next((i for i in (reply_to, quoted, reposted) if i in watched_ids), None)
    node, seen = reply_to, set()
    while watched is None and parent_of and node and node not in seen:
        # A reply deep in the thread of a watched status belongs to it too.
        seen.add(node)
        watched = node if node in watched_ids else None
        node = parent_of.get(node)

    kind = "repost" if reposted else "quote" if quoted else "reply" if reply_to else "mention"
    if post_id and instance:
        url = f"{instance}/statuses/{post_id}"
    else:
        url = None
        if post_id:
            errors.append(
                "url: cannot tell which Mastodon instance served this status (import it with "
                "TOCSIN_MASTODON_URL set)"
            )
    if not any(k in st for k in ("content", "created_at", "account")):
        errors.append("not_a_post: the object has none of the fields of a status")
    return {
        "platform": "mastodon",
        "post_id": post_id,
        "version_id": (
            f"{post_id}@{edited_at:%Y-%m-%dT%H:%M:%S.%fZ}" if post_id and edited_at else post_id
        ),
        "version": 1 if edited_at else 0,
        "edited_at": edited_at,
        "url": url,
        "author_id": a.str("id"),
        "author_handle": a.str("acct"),
        "author_name": a.str("display_name"),
        "author_created_at": a.ts("created_at"),
        "author_followers": a.int("followers_count"),
        "created_at": f.ts("created_at"),
        "text": text,
        "lang": f.str("language"),
        "kind": kind,
        "in_reply_to_id": reply_to,
        "quoted_id": quoted,
        "reposted_id": reposted,
        "conversation_id": conversation_id,
        "watched_post_id": watched,
        "mentions_target": names_target,
    }


def _status_record(
    st: Any, page: RawPage, ctx: Context, instance: str | None, raw: bytes | None = None, **kw: Any
) -> Record:
    # A line that is its own raw record is read as received: a key given twice there makes
    # it ambiguous (a re-serialised element holds each key once).
    given = raw is not None
    raw = raw if raw is not None else canonical_json(st)
    if not isinstance(st, dict):
        return Record(raw, {}, [f"unknown_format: {page.ref}: a status is not an object"])
    errors = ambiguity(raw) if given else []
    return Record(raw, status_fields(st, ctx, instance, errors, **kw), errors)


def _context(page: RawPage, obj: dict[str, Any], ctx: Context) -> Parsed:
    ancestors = [s for s in obj.get("ancestors") or [] if isinstance(s, dict)]
    descendants = obj.get("descendants") if isinstance(obj.get("descendants"), list) else []
    dicts = [s for s in descendants if isinstance(s, dict)]
    parent_of = {s["id"]: s.get("in_reply_to_id") for s in dicts if isinstance(s.get("id"), str)}
    # The context of a status holds neither the status nor its root: the root is the first
    # ancestor, else the status itself, which the top-level descendants reply to.
    tops = {p for p in parent_of.values() if p and p not in parent_of}
    root = ancestors[0].get("id") if ancestors else (next(iter(tops)) if len(tops) == 1 else None)
    instance = _instance(page, ancestors + dicts)
    out = Parsed()
    for st in descendants:  # ancestors sit above the watched status: not replies to it
        out.records.append(
            _status_record(
                st,
                page,
                ctx,
                instance,
                parent_of=parent_of,
                conversation_id=root if isinstance(root, str) else None,
            )
        )
    return out


def _grouped(page: RawPage, obj: dict[str, Any], ctx: Context) -> Parsed:
    statuses = {s["id"]: s for s in obj.get("statuses") or [] if isinstance(s, dict) and "id" in s}
    instance = _instance(page, list(statuses.values()))
    out = Parsed()
    for group in obj.get("notification_groups") or []:
        if not isinstance(group, dict) or group.get("type") not in _NOTIFIED_POSTS:
            continue
        st = statuses.get(group.get("status_id"))
        if st is None:
            out.api_errors += 1  # the group names a status the page does not carry
            continue
        out.records.append(_status_record(st, page, ctx, instance))
    return out


def _notifications(page: RawPage, items: list[Any], ctx: Context) -> Parsed:
    statuses = [
        n["status"] for n in items if isinstance(n, dict) and isinstance(n.get("status"), dict)
    ]
    instance = _instance(page, statuses)
    out = Parsed()
    for n in items:
        if not isinstance(n, dict):
            out.records.append(
                Record(
                    canonical_json(n),
                    {},
                    [f"unknown_format: {page.ref}: a notification is not an object"],
                )
            )
        elif n.get("type") in _NOTIFIED_POSTS and isinstance(n.get("status"), dict):
            errors: list[str] = []
            fields = status_fields(n["status"], ctx, instance, errors)
            out.records.append(Record(canonical_json(n), fields, errors))
        # follows, favourites, boosts of the target's own posts carry no post about the target
    return out


def parse_mastodon(page: RawPage, ctx: Context) -> Parsed:
    try:
        obj = orjson.loads(page.body)
    except orjson.JSONDecodeError as exc:
        return failure(page.body, f"not_json: {page.ref}: {exc}")
    if isinstance(obj, list):
        first = next((x for x in obj if isinstance(x, dict)), {})
        if "type" in first and "account" in first and "content" not in first:
            return _notifications(page, obj, ctx)
        instance = _instance(page, [s for s in obj if isinstance(s, dict)])
        return Parsed([_status_record(st, page, ctx, instance) for st in obj])
    if not isinstance(obj, dict):
        return failure(page.body, f"unknown_format: {page.ref}: not a JSON object or list")
    if isinstance(obj.get("error"), str) and len(obj) <= 2:
        return failure(page.body, f"api_error: {obj['error']}")
    if "notification_groups" in obj:
        return _grouped(page, obj, ctx)
    if "descendants" in obj or "ancestors" in obj:
        return _context(page, obj, ctx)
    if "type" in obj and "account" in obj and "content" not in obj:
        return _notifications(page, [obj], ctx)
    if "content" in obj or ("account" in obj and "id" in obj):
        # One status: a line that is its own raw record.
        return Parsed([_status_record(obj, page, ctx, _instance(page, [obj]), raw=page.body)])
    keys = ", ".join(sorted(obj)[:8])
    return failure(page.body, f"unknown_format: {page.ref}: unrecognised Mastodon keys ({keys})")


def parse_account(page: RawPage, ctx: Context) -> Parsed:
    """The collecting account (verify_credentials): kept in the raw copy, holds no post."""
    return Parsed()
