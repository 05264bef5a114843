"""What a platform's lookup answer says of each post it was asked about.

One reader per answer format (``x-lookup``, ``bluesky-lookup``, ``bluesky-profile-lookup``,
``mastodon-lookup``), each a pure function of the bytes kept as evidence, so a later reader of the
sealed answers can check every status the recheck recorded (tasks/evidence/recheck.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import orjson

from tasks.formats.fields import parse_timestamp
from tasks.pages import RawPage


@dataclass(frozen=True)
class Seen:
    post_id: str
    status: str
    detail: str | None


def _error_status(err: dict[str, object]) -> str:
    words = f"{err.get('title', '')} {err.get('detail', '')}".lower()
    if "suspended" in words:
        return "author_suspended"
    if "not found" in words or str(err.get("type", "")).endswith("resource-not-found"):
        return "deleted"
    return "unavailable"


def read_x_answer(body: bytes, asked: Iterable[str], held: dict[str, set[str]]) -> list[Seen]:
    """What an X v2 tweet lookup answer says of each asked id.

    In ``data``: withheld (the tweet's or its author's ``withheld``), edited (the edit history
    names versions we do not hold), else available. In ``errors``: a suspended author
    ("Forbidden" / "User has been suspended"), a deleted post ("Not Found Error" /
    resource-not-found), anything else unavailable, with the platform's words kept as detail.
    """
    try:
        obj = orjson.loads(body)
    except orjson.JSONDecodeError:
        obj = {}
    obj = obj if isinstance(obj, dict) else {}
    users = {
        u.get("id"): u for u in (obj.get("includes") or {}).get("users", []) if isinstance(u, dict)
    }
    seen: dict[str, Seen] = {}
    for t in obj.get("data") or []:
        if not isinstance(t, dict) or not isinstance(t.get("id"), str):
            continue
        pid = t["id"]
        withheld = t.get("withheld") or (users.get(t.get("author_id")) or {}).get("withheld")
        new = [v for v in t.get("edit_history_tweet_ids") or [] if v not in held.get(pid, {pid})]
        if withheld:
            countries = (
                ",".join(withheld.get("country_codes") or []) if isinstance(withheld, dict) else ""
            )
            seen[pid] = Seen(pid, "withheld", f"withheld in {countries or 'some countries'}")
        elif new:
            seen[pid] = Seen(pid, "edited", "new version(s): " + ", ".join(new))
        else:
            seen[pid] = Seen(pid, "available", None)
    for e in obj.get("errors") or []:
        if not isinstance(e, dict):
            continue
        pid = str(e.get("resource_id") or e.get("value") or "")
        if pid and pid not in seen:
            seen[pid] = Seen(
                pid, _error_status(e), f"{e.get('title', '')}: {e.get('detail', '')}"[:300]
            )
    return [
        seen.get(pid) or Seen(pid, "unavailable", "not in the platform's answer") for pid in asked
    ]


def _json(body: bytes) -> object:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def _labels(obj: object) -> set[str]:
    items = obj.get("labels") if isinstance(obj, dict) else None
    return {str(x.get("val")) for x in items or [] if isinstance(x, dict)}


def read_bluesky_answer(body: bytes, asked: Iterable[str], held: dict[str, set[str]]) -> list[Seen]:
    """What an app.bsky.feed.getPosts answer says of each asked AT-URI.

    In ``posts``: an author labelled ``!takedown`` / ``!suspend`` is suspended, a post labelled
    ``!takedown`` withheld, a cid we do not hold an edit, else available. A uri absent from the
    answer is deleted (or no longer visible to this account: Bluesky does not tell them apart).
    """
    obj = _json(body)
    posts = obj.get("posts") if isinstance(obj, dict) else None
    seen: dict[str, Seen] = {}
    for p in posts if isinstance(posts, list) else []:
        if not isinstance(p, dict) or not isinstance(p.get("uri"), str):
            continue
        uri, cid = p["uri"], p.get("cid")
        author = _labels(p.get("author")) & {"!takedown", "!suspend"}
        if author:
            seen[uri] = Seen(
                uri, "author_suspended", "author labelled " + ", ".join(sorted(author))
            )
        elif "!takedown" in _labels(p):
            seen[uri] = Seen(uri, "withheld", "post labelled !takedown")
        elif isinstance(cid, str) and cid not in held.get(uri, {cid}):
            seen[uri] = Seen(uri, "edited", f"new version(s): {cid}")
        else:
            seen[uri] = Seen(uri, "available", None)
    gone = "not in the getPosts answer (deleted, or not visible to this account)"
    return [seen.get(uri) or Seen(uri, "deleted", gone) for uri in asked]


def read_bluesky_profile(body: bytes, asked: Iterable[str], status: str) -> list[Seen]:
    """What app.bsky.actor.getProfile says of the author of posts missing from getPosts: only a
    taken-down account (``AccountTakedown``) changes what we record; anything else leaves the
    posts deleted, with the platform's words."""
    obj = _json(body)
    obj = obj if isinstance(obj, dict) else {}
    error, message = str(obj.get("error") or ""), str(obj.get("message") or "")
    if status == "200" or not error:
        return [
            Seen(uri, "deleted", "not in the getPosts answer; the author's account is there")
            for uri in asked
        ]
    state = "author_suspended" if error == "AccountTakedown" else "deleted"
    return [Seen(uri, state, f"{error}: {message}"[:300]) for uri in asked]


def _mastodon_version(sid: str, edited_at: str) -> str | None:
    try:
        ts = parse_timestamp(edited_at)
    except ValueError:
        return None
    return f"{sid}@{ts:%Y-%m-%dT%H:%M:%S.%fZ}"


def read_mastodon_answer(
    body: bytes, asked: Iterable[str], held: dict[str, set[str]], status: str
) -> list[Seen]:
    """What a GET /api/v1/statuses/:id answer says of its status.

    404 and 410 are deleted (or no longer visible); another refusal is unavailable, with the
    platform's words. A 200 whose account is ``suspended`` is author_suspended; an ``edited_at``
    later than every version we hold (versions are ``id@edited_at``) is edited.
    """
    obj = _json(body)
    obj = obj if isinstance(obj, dict) else {}
    out = []
    for sid in asked:
        if status != "200":
            words = f"HTTP {status}: {obj.get('error', '')}"[:300]
            out.append(Seen(sid, "deleted" if status in ("404", "410") else "unavailable", words))
            continue
        account = obj.get("account") if isinstance(obj.get("account"), dict) else {}
        edited = obj.get("edited_at")
        version = _mastodon_version(sid, edited) if isinstance(edited, str) else None
        ours = held.get(sid, {sid})
        latest = max((v.partition("@")[2] for v in ours), default="")
        if obj.get("id") != sid:
            out.append(Seen(sid, "unavailable", "the answer is not this status"))
        elif account.get("suspended") is True:
            out.append(
                Seen(sid, "author_suspended", f"account {account.get('acct', '?')} suspended")
            )
        elif version and version not in ours and version.partition("@")[2] > latest:
            out.append(Seen(sid, "edited", f"new version(s): {version}"))
        else:
            out.append(Seen(sid, "available", None))
    return out


def read_answer(page: RawPage, held: dict[str, set[str]]) -> list[Seen]:
    """What one lookup answer says of each id it asked, by the lookup's format."""
    asked = asked_ids(page)
    status = page.provenance.get("status", "200")
    if page.format == "bluesky-lookup":
        return read_bluesky_answer(page.body, asked, held)
    if page.format == "bluesky-profile-lookup":
        return read_bluesky_profile(page.body, asked, status)
    if page.format == "mastodon-lookup":
        return read_mastodon_answer(page.body, asked, held, status)
    return read_x_answer(page.body, asked, held)


def asked_ids(page: RawPage) -> list[str]:
    """The ids one lookup asked for, kept in its provenance."""
    ids = page.provenance.get("ids", "")
    return [i for i in ids.split(",") if i]
