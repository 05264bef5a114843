"""Small JSON state objects (watermarks, connector cursors, the read budget) read and updated on
either kind of data root.

An update is a read-modify-write that two writers must not interleave. In a local folder it runs
under an flock on a lock file beside the state file and replaces the file by a synced rename, as
it always has. On S3 there is no lock: it is a compare-and-swap, the write conditional on the
version read (``If-Match`` on its ETag; ``If-None-Match: *`` when there was none), retried from
a fresh read when another writer's update came first, so neither update is lost.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tasks.files import file_lock, replace_file
from tasks.storage import Root, root_of

JsonObject = dict[str, Any]


def as_object(data: bytes | str | None) -> JsonObject:
    if data is None:
        return {}
    found = json.loads(data)
    return found if isinstance(found, dict) else {}


def dump(data: JsonObject) -> str:
    return json.dumps(data, indent=1, sort_keys=True)


def read_json(root: Root | Path | str, rel: str) -> JsonObject:
    """The JSON object at ``rel`` under ``root``; {} when absent or not an object."""
    store = root_of(root)
    if not store.remote:
        path = store.location(rel)
        return as_object(path.read_text(encoding="utf-8")) if path.exists() else {}
    return as_object(store.read(rel))


def update_json(
    root: Root | Path | str,
    rel: str,
    change: Callable[[JsonObject], Any],
    *,
    lock: str,
) -> Any:
    """Apply ``change`` to the JSON object at ``rel`` (it edits the object in place; return
    ``False`` to leave the stored one as it is) and store the result; returns what ``change``
    returned. ``lock``: the local lock file's key (S3 needs none: compare-and-swap)."""
    store = root_of(root)
    if not store.remote:
        path = store.location(rel)
        with file_lock(store.location(lock)):
            data = as_object(path.read_text(encoding="utf-8")) if path.exists() else {}
            out = change(data)
            if out is not False:
                replace_file(path, dump(data))
            return out
    while True:
        found = store.read_tagged(rel)
        data = as_object(found.data if found else None)
        out = change(data)
        if out is False:
            return out
        body = dump(data).encode("utf-8")
        tag = store.create(rel, body) if found is None else store.replace(rel, body, found.tag)
        if tag is not None:
            return out
