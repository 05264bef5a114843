"""Helpers every format parser shares: typed field access that records mismatches, timestamps,
canonical JSON and hashing."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import orjson


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_json(obj: Any) -> bytes:
    """Keys sorted, no whitespace, UTF-8: the raw record of an element inside a page."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)


# The range of a 64-bit signed integer: what an Int64 column holds.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def parse_timestamp(value: str) -> datetime:
    """ISO 8601 as the platforms send it; naive timestamps are taken as UTC. A ValueError for
    anything else, including a time that has no UTC equivalent (0001-01-01T00:00+05:00)."""
    ts = datetime.fromisoformat(value)
    try:
        return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"out of range in UTC: {value[:40]!r}") from None


class _Duplicate(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        raise _Duplicate(next(k for k, _ in pairs if k in seen or seen.add(k)))  # type: ignore[func-returns-value]
    return obj


def ambiguity(raw: bytes) -> list[str]:
    """The reason a JSON record is ambiguous, if it is: an object, at any depth, that holds a
    key twice. Readers disagree on its value (Polars keeps the first, json and orjson the last),
    so the stored row and the sealed record could say different things. Python per object:
    only for the records the general path reads."""
    try:
        json.loads(raw, object_pairs_hook=_unique_pairs)
    except _Duplicate as dup:
        key = str(dup.args[0])
        return [f"ambiguous: the key {key[:40]!r} appears twice in one object"]
    except (ValueError, RecursionError):
        return []  # unreadable: the parser says so in its own words
    return []


def describe(v: Any) -> str:
    kind = {bool: "boolean", int: "number", float: "number", str: "string", list: "list"}.get(
        type(v), "object"
    )
    try:  # a string is cut before it is shown: it may be megabytes long
        shown = orjson.dumps(v[:40] if isinstance(v, str) else v).decode()
    except TypeError:  # nested past orjson's depth, or an integer past 64 bits
        shown = "(too large to show)" if isinstance(v, int) else "(too deep to show)"
    return f"{kind} {shown[:40]}"


class Fields:
    """Typed access to a JSON object that records every mismatch instead of raising."""

    def __init__(self, obj: dict[str, Any], errors: list[str], prefix: str = "") -> None:
        self.obj, self.errors, self.prefix = obj, errors, prefix

    def str(self, key: str) -> str | None:
        v = self.obj.get(key)
        if v is None or isinstance(v, str):
            return v
        self.errors.append(f"{self.prefix}{key}: expected a string, got {describe(v)}")
        return None

    def int(self, key: str) -> int | None:
        v = self.obj.get(key)
        if v is None or (
            isinstance(v, int) and not isinstance(v, bool) and INT64_MIN <= v <= INT64_MAX
        ):
            return v
        if isinstance(v, int) and not isinstance(v, bool):
            self.errors.append(f"{self.prefix}{key}: out of range: {str(v)[:40]}")
            return None
        self.errors.append(f"{self.prefix}{key}: expected an integer, got {describe(v)}")
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
            self.errors.append(f"{self.prefix}{key}: expected an object, got {describe(v)}")
        return {}

    def list_(self, key: str) -> list[Any]:
        v = self.obj.get(key)
        if isinstance(v, list):
            return v
        if v is not None:
            self.errors.append(f"{self.prefix}{key}: expected a list, got {describe(v)}")
        return []
