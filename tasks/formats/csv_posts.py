"""CSV of posts collected elsewhere, with the header documented in docs/sources.md.

UTF-8 (a byte-order mark is allowed), comma-separated, RFC 4180 quoting (a text may hold commas,
quotes and line breaks). The first line is the header; columns may come in any order; unknown
columns are ignored (they stay in the raw record). A page is the header plus a run of rows; the
raw record of a row is its bytes exactly as in the file, line breaks inside quotes included.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from tasks.formats.base import Context, Parsed, Record, failure
from tasks.formats.bluesky import post_url
from tasks.formats.fields import INT64_MAX, INT64_MIN, parse_timestamp
from tasks.formats.mastodon import instance_origin
from tasks.pages import RawPage
from tasks.schema import KINDS, PLATFORMS

REQUIRED = ("platform", "post_id", "created_at", "author_id", "text")
OPTIONAL = (
    "version_id",
    "version",
    "edited_at",
    "author_handle",
    "author_name",
    "author_created_at",
    "author_followers",
    "lang",
    "kind",
    "in_reply_to_id",
    "quoted_id",
    "reposted_id",
    "conversation_id",
    "mastodon_instance",
)
COLUMNS = REQUIRED + OPTIONAL
_TIMES = ("created_at", "edited_at", "author_created_at")
# The range of the column each integer goes to (version: Int32, author_followers: Int64).
_INTS = {"version": (-(2**31), 2**31 - 1), "author_followers": (INT64_MIN, INT64_MAX)}


def strip_bom(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def header_of(data: bytes) -> list[str] | None:
    """The column names, when the first line is a header naming every required column."""
    first = strip_bom(data).split(b"\n", 1)[0].rstrip(b"\r")
    try:
        names = next(csv.reader([first.decode("utf-8")]))
    except (UnicodeDecodeError, StopIteration, csv.Error):
        return None
    names = [n.strip() for n in names]
    return names if all(c in names for c in REQUIRED) else None


def _lines(data: bytes | Iterable[bytes]) -> Iterator[bytes]:
    """The lines of ``data`` (bytes, or a file's lines as it streams), each with its break."""
    if isinstance(data, bytes):
        yield from strip_bom(data).splitlines(keepends=True)
        return
    first = True
    for chunk in data:
        if first:
            chunk, first = strip_bom(chunk), False
        yield from chunk.splitlines(keepends=True)  # a lone \r ends a line too


def split_rows(data: bytes | Iterable[bytes]) -> Iterator[tuple[int, bytes]]:
    """(first line number, the row's bytes without its final line break) for every row, the
    header included. A quoted field may span lines, so rows are found by the csv reader.
    ``data`` is the whole CSV, or its lines as a file streams them."""
    lines = _lines(data)
    consumed: list[bytes] = []
    cursor = {"i": 0}

    def feed() -> Iterator[str]:
        for line in lines:
            cursor["i"] += 1
            consumed.append(line)
            yield line.decode("utf-8", "surrogateescape")

    reader = csv.reader(feed())
    while True:
        start = cursor["i"] + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            row = ["?"]  # an unterminated quote: what was consumed is the broken row
        raw = b"".join(consumed).rstrip(b"\r\n")
        consumed.clear()
        if row or raw.strip():
            yield start, raw


def _url(fields: dict[str, Any], instance: str | None, errors: list[str]) -> str | None:
    platform, version_id = fields.get("platform"), fields.get("version_id")
    post_id = fields.get("post_id")
    if platform == "x":
        bad = [(c, v) for c, v in (("post_id", post_id), ("version_id", version_id)) if v]
        bad = [(c, v) for c, v in bad if not (v.isascii() and v.isdigit())]
        for c, v in bad:
            errors.append(f"{c}: not a numeric X id: {v[:40]!r}")
        return f"https://x.com/i/web/status/{version_id}" if version_id and not bad else None
    if platform == "bluesky" and post_id:
        url = post_url(post_id)
        if url is None:
            errors.append(f"post_id: not a Bluesky post URI (at://…): {post_id[:80]!r}")
        return url
    if platform == "mastodon" and post_id:
        if instance:
            return f"{instance}/statuses/{post_id}"
        errors.append("mastodon_instance: needed to build the URL of a Mastodon post")
    return None


def row_fields(row: dict[str, str], ctx: Context, errors: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {c: (row.get(c) or None) for c in COLUMNS}
    for c in _TIMES:
        if fields[c] is not None:
            try:
                fields[c] = parse_timestamp(fields[c])
            except ValueError:
                errors.append(f"{c}: not a timestamp: {fields[c][:40]!r}")
                fields[c] = None
    for c in _INTS:
        if fields[c] is not None:
            try:
                value = int(fields[c])
            except ValueError:  # also a number of more than 4300 digits
                errors.append(f"{c}: not an integer: {fields[c][:40]!r}")
                fields[c] = None
                continue
            low, high = _INTS[c]
            if not low <= value <= high:
                errors.append(f"{c}: out of range: {fields[c][:40]}")
                value = None
            fields[c] = value
    platform = (fields["platform"] or "").strip().lower() or None
    fields["platform"] = platform
    fields["version_id"] = fields["version_id"] or fields["post_id"]
    if fields["version"] is None:
        fields["version"] = 0 if fields["version_id"] == fields["post_id"] else 1
    if fields["kind"] is None:
        fields["kind"] = (
            "repost"
            if fields["reposted_id"]
            else "quote"
            if fields["quoted_id"]
            else "reply"
            if fields["in_reply_to_id"]
            else "mention"
        )
    elif fields["kind"] not in KINDS:
        fields["kind"] = fields["kind"].strip().lower()
    instance = instance_origin(fields.pop("mastodon_instance"))
    fields["url"] = _url(fields, instance, errors)
    handles = ctx.handles.get(platform or "", frozenset())
    text = (fields["text"] or "").lower()
    fields["mentions_target"] = any(f"@{h}" in text for h in handles)
    watched_ids = ctx.watched.get(platform or "", frozenset())
    refs = ("in_reply_to_id", "quoted_id", "reposted_id", "conversation_id")
    fields["watched_post_id"] = next((fields[r] for r in refs if fields[r] in watched_ids), None)
    return fields


def _swallowed_row(cells: list[str], header: list[str]) -> str | None:
    """A line inside a multi-line field that reads as a whole row: as many cells as the header,
    a known platform and a timestamp where the header puts them. An unterminated quote makes
    the reader take the rows after it as one field; the lines of a real post almost never
    look like that. Only rows with a line break are looked at: the common row costs nothing."""
    where = {h: i for i, h in enumerate(header)}
    for cell in cells:
        for text in cell.splitlines()[1:]:
            try:
                row = next(csv.reader([text]))
            except (csv.Error, StopIteration):
                continue
            if len(row) != len(header):
                continue
            if row[where["platform"]].strip().lower() not in PLATFORMS:
                continue
            if _is_timestamp(row[where["created_at"]].strip()):
                return text
    return None


def _is_timestamp(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_csv(page: RawPage, ctx: Context) -> Parsed:
    rows = list(split_rows(page.body))
    if not rows:
        return Parsed()
    _, header_raw = rows[0]
    header = header_of(header_raw)
    if header is None:
        missing = ", ".join(REQUIRED)
        return failure(page.body, f"unknown_format: {page.ref}: the CSV header must name {missing}")
    offset = int(page.provenance.get("first_line", "2")) - rows[1][0] if len(rows) > 1 else 0
    out = Parsed()
    for line, raw in rows[1:]:
        errors: list[str] = []
        try:
            cells = next(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        except (UnicodeDecodeError, csv.Error, StopIteration) as exc:
            out.records.append(
                Record(raw, {}, [f"not_csv: {page.ref}: line {line + offset}: {exc}"])
            )
            continue
        if len(cells) != len(header):
            errors.append(
                f"csv: line {line + offset}: {len(cells)} cells, the header has {len(header)}"
            )
        elif b"\n" in raw or b"\r" in raw:
            swallowed = _swallowed_row(cells, header)
            if swallowed is not None:
                errors.append(
                    f"csv: line {line + offset}: a quoted field holds a line that reads as a "
                    f"row of its own ({swallowed[:60]!r}): an unterminated quote?"
                )
        # Ids, dates and names lose stray spaces; the text is kept exactly as written.
        row = {h: (c if h == "text" else c.strip()) for h, c in zip(header, cells, strict=False)}
        out.records.append(Record(raw, row_fields(row, ctx, errors), errors))
    return out
