"""The dossiers made for a target, for the safety-desk page: the HOOK for `tocsin dossier`.

`tocsin dossier` (issue 15) and its chain-of-custody log (``tasks/evidence/custody.py``) are
built in parallel with this page and were not on this branch when it was written. Until they
are, ``dossiers_made`` lists what it can see without guessing their API:

1. when ``tasks.evidence.custody`` exists and exposes ``dossiers_made(root, target)``, its
   entries (the log says who asked, when, what selection, and the output's SHA-256): the
   authoritative list, since a dossier may be written anywhere with ``--out``;
2. else the files in ``<data>/dossiers/<target>/`` (DOSSIER_DIR), if that folder exists (on
   an s3:// data root: the objects under that prefix, with their size and upload time);
3. else nothing, and ``available`` is False so the page says the list is not available yet
   rather than "no dossier".

Wiring the custody log in is a change to ``_from_custody`` alone.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tasks.storage import Root, root_of

DOSSIER_DIR = "dossiers"
DOSSIER_SUFFIXES = (".pdf", ".zip")


@dataclass(frozen=True)
class Dossier:
    name: str  # file name (shown as text, never as a link: the page makes no file:// links)
    made_at: datetime
    size: int | None = None
    selection: str | None = None  # e.g. "episode demo:harassment:…", from the custody log
    sha256: str | None = None


@dataclass(frozen=True)
class Dossiers:
    available: bool  # False: neither the custody log nor the dossier folder exists yet
    items: tuple[Dossier, ...] = ()


def _from_custody(root: Path, target: str) -> Dossiers | None:
    try:
        custody = importlib.import_module("tasks.evidence.custody")
    except ImportError:
        return None
    made = getattr(custody, "dossiers_made", None)
    if made is None:
        return None
    items = []
    for e in made(root, target):
        e = e if isinstance(e, dict) else vars(e)
        items.append(
            Dossier(
                name=Path(str(e.get("path") or e.get("name") or "")).name,
                made_at=e["made_at"],
                size=e.get("size"),
                selection=e.get("selection"),
                sha256=e.get("sha256"),
            )
        )
    return Dossiers(True, tuple(sorted(items, key=lambda d: d.made_at, reverse=True)))


def _from_folder(root: Root | Path | str, target: str) -> Dossiers | None:
    store = root_of(root)
    if store.remote:
        return _from_prefix(store, target)
    folder = store.location(f"{DOSSIER_DIR}/{target}")
    if not folder.is_dir():
        return None
    items: list[Any] = []
    for path in folder.iterdir():
        if path.is_file() and not path.is_symlink() and path.suffix in DOSSIER_SUFFIXES:
            st = path.stat()
            made = datetime.fromtimestamp(st.st_mtime, UTC)
            items.append(Dossier(name=path.name, made_at=made, size=st.st_size))
    return Dossiers(True, tuple(sorted(items, key=lambda d: d.made_at, reverse=True)))


def _from_prefix(store: Any, target: str) -> Dossiers | None:
    """The dossier objects directly under ``<data>/dossiers/<target>/`` on S3 (their upload
    time as ``made_at``); None when there is none, as for a missing folder."""
    from botocore.exceptions import BotoCoreError, ClientError

    prefix = store.key(f"{DOSSIER_DIR}/{target}/")
    found: list[dict[str, Any]] = []
    try:
        pages = store.client.get_paginator("list_objects_v2")
        for page in pages.paginate(Bucket=store.bucket, Prefix=prefix):
            found += page.get("Contents") or []
    except (BotoCoreError, ClientError) as exc:
        raise store.fail(f"{DOSSIER_DIR}/{target}", "list it", exc) from None
    if not found:
        return None
    items = [
        Dossier(name=name, made_at=o["LastModified"].astimezone(UTC), size=int(o["Size"]))
        for o in found
        if "/" not in (name := o["Key"][len(prefix) :]) and Path(name).suffix in DOSSIER_SUFFIXES
    ]
    return Dossiers(True, tuple(sorted(items, key=lambda d: d.made_at, reverse=True)))


def dossiers_made(root: Root | Path | str, target: str) -> Dossiers:
    """The dossiers made for ``target``, newest first (see the module docstring)."""
    return _from_custody(root, target) or _from_folder(root, target) or Dossiers(available=False)
