"""The prefilter's scans (``ruleset.Scan``) kept between processes.

Cutting the ~680 anchors by how each alternative is decided (``vocab.split_anchor``) costs
~0.65 s of CPU in every process that scores, the same every time for the same lexicon: a
third of the first scoring call's own work. The result, ~750 KB of regular expressions as
JSON, is kept in the user's cache folder and read back in ~2 ms.

What it is keyed by is everything the scans are computed from: each scan's name, source and
anchors, the source files of ``tasks/scoring`` (the reader of the anchors, the chunking and
their constants), Python's version, and this file's format. A cache that cannot be read,
parsed or written, or that holds another key, is ignored and the scans are computed: the
cache only ever saves time, it never decides an output. It holds no post and nothing secret.

Where: ``config.paths.default_cache_dir`` (``$TOCSIN_CACHE_DIR``, else
``$XDG_CACHE_HOME/tocsin``, else ``~/.cache/tocsin``). The folder is made owner-only, the file
written whole (a temporary file renamed) and owner-only; the newest few files are kept (another
checkout's, an older release's), the others removed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import orjson

from config.paths import CACHE_ENV, default_cache_dir

ENV = CACHE_ENV
FORMAT = 1
KEEP = 4  # files kept in the folder, this one included
_PREFIX = "scans-"
_SOURCES = Path(__file__).resolve().parent

T = TypeVar("T")


def key_of(inputs: Sequence[tuple[str, str, list[str]]]) -> str:
    h = hashlib.sha256(f"format {FORMAT}\npython {sys.version_info[:2]}\n".encode())
    for path in sorted(_SOURCES.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(orjson.dumps(list(inputs)))
    return h.hexdigest()


def cached_scans(
    inputs: Sequence[tuple[str, str, list[str]]],
    compute: Callable[[str, str, list[str]], T],
    cls: type[T],
) -> list[T]:
    """``compute(name, source, anchors)`` of each input, read from the cache where it holds
    them for exactly these inputs, else computed and written there."""
    folder = default_cache_dir()
    if folder is None:
        return [compute(*i) for i in inputs]
    key = key_of(inputs)
    path = folder / f"{_PREFIX}{key[:20]}.json"
    found = _read(path, key, cls, len(inputs))
    if found is not None:
        return found
    out = [compute(*i) for i in inputs]
    _write(folder, path, key, out)
    return out


def _read(path: Path, key: str, cls: type[T], count: int) -> list[T] | None:
    try:
        doc = orjson.loads(path.read_bytes())
        if doc.get("key") != key or len(doc["scans"]) != count:
            return None
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        out = []
        for d in doc["scans"]:
            if set(d) != names or not all(_strings(v) for v in d.values()):
                return None
            out.append(cls(**d))
        return out
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _strings(v: object) -> bool:
    return isinstance(v, str) or (isinstance(v, list) and all(isinstance(s, str) for s in v))


def _write(folder: Path, path: Path, key: str, scans: list) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        body = orjson.dumps({"key": key, "scans": [dataclasses.asdict(s) for s in scans]})
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".scans-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        # Other lexicons' (another checkout, an older release): the newest few are kept.
        others = [p for p in folder.glob(f"{_PREFIX}*.json") if p != path]
        for old in sorted(others, key=lambda p: p.stat().st_mtime)[: -(KEEP - 1) or None]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
