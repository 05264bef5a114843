"""What the scorer computes the same way in every process, kept between processes: the
shipped lexicon compiled (``RuleSet.default``: its rules' and neutralizers' patterns, ~0.45 s)
and the prefilter's scans (``ruleset.Scan``: cutting the 679 anchors by how each alternative is
decided, ``vocab.split_anchor``, ~0.65 s). Together about a tenth of a command's fixed cost.
Both are strings, kept as JSON (~1.3 MB) in the user's cache folder, read back in a few ms.

What a value is keyed by is everything it is computed from: its inputs (a scan's name, source
and anchors), the source files of ``tasks/scoring`` (the lexicon, its compiler, the reader of
the anchors and their constants), Python's version, and this file's format. A value that
cannot be read, parsed or written, that holds another key, or whose shape is not exactly the
one expected, is ignored and computed: the cache only ever saves time, it never decides an
output. It holds no post and nothing secret.

Where: ``config.paths.default_cache_dir`` (``$TOCSIN_CACHE_DIR``, else
``$XDG_CACHE_HOME/tocsin``, else ``~/.cache/tocsin``). The folder is made owner-only, each file
written whole (a temporary file renamed) and owner-only; of each kind the newest few files are
kept (another checkout's, an older release's), the others removed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

import orjson

from config.paths import CACHE_ENV, default_cache_dir

ENV = CACHE_ENV
FORMAT = 2
KEEP = 4  # files of a kind kept in the folder, this one included
_SOURCES = Path(__file__).resolve().parent

T = TypeVar("T")


def key_of(*inputs: object) -> str:
    """What a cached value is computed from: ``inputs``, the source files of ``tasks/scoring``
    (the lexicon, its compiler, the reader of the anchors and their constants), Python's
    version and this file's format."""
    h = hashlib.sha256(_sources_digest())
    h.update(orjson.dumps(list(inputs)))
    return h.hexdigest()


@cache
def _sources_digest() -> bytes:
    """The format, Python's version and the sources, read once a process (both kinds need it)."""
    h = hashlib.sha256(f"format {FORMAT}\npython {sys.version_info[:2]}\n".encode())
    for path in sorted(_SOURCES.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def cached(
    kind: str,
    inputs: Sequence[object],
    compute: Callable[[], T],
    encode: Callable[[T], object],
    decode: Callable[[object], T],
) -> T:
    """``compute()``, read back from the cache where it holds the value of ``kind`` for exactly
    ``inputs`` (and these sources), else computed and written there. ``encode`` gives what is
    kept, as JSON values; ``decode`` turns it back and raises TypeError, ValueError or KeyError
    on any other shape, which is then computed again."""
    if default_cache_dir() is None:
        return compute()
    key = key_of(*inputs)
    doc = read_doc(kind, key)
    if doc is not None:
        try:
            return decode(doc)
        except (TypeError, ValueError, KeyError):
            pass
    out = compute()
    write_doc(kind, key, encode(out))
    return out


def cached_scans(
    inputs: Sequence[tuple[str, str, list[str]]],
    compute: Callable[[str, str, list[str]], T],
    cls: type[T],
) -> list[T]:
    """``compute(name, source, anchors)`` of each input, through ``cached``."""
    return cached(
        "scans",
        inputs,
        lambda: [compute(*i) for i in inputs],
        lambda out: [dataclasses.asdict(s) for s in out],  # type: ignore[call-overload]
        lambda doc: _scans(doc, cls, len(inputs)),
    )


def _scans(value: object, cls: type[T], count: int) -> list[T]:
    """The scans kept, checked: ValueError if they are not exactly ``count`` of ``cls``."""
    if not isinstance(value, list) or len(value) != count:
        raise ValueError("another shape")
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    out = []
    for d in value:
        if not isinstance(d, dict) or set(d) != names or not all(map(strings, d.values())):
            raise ValueError("another shape")
        out.append(cls(**d))
    return out


def strings(v: object) -> bool:
    """A string, or a list of strings."""
    return isinstance(v, str) or (isinstance(v, list) and all(isinstance(s, str) for s in v))


def read_doc(kind: str, key: str) -> object | None:
    """The value kept for ``kind`` under ``key``, or None (no cache, no file, unreadable, not
    JSON, another key). The caller still checks its shape."""
    folder = default_cache_dir()
    if folder is None:
        return None
    try:
        doc = orjson.loads((folder / f"{kind}-{key[:20]}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("key") != key:
        return None
    return doc.get("value")


def write_doc(kind: str, key: str, value: object) -> None:
    """Keep ``value`` for ``kind`` under ``key``, whole or not at all; never raises for the
    folder (a cache only saves time)."""
    folder = default_cache_dir()
    if folder is None:
        return
    path = folder / f"{kind}-{key[:20]}.json"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        body = orjson.dumps({"key": key, "value": value})
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        # Other lexicons' (another checkout, an older release): the newest few are kept.
        others = [p for p in folder.glob(f"{kind}-*.json") if p != path]
        for old in sorted(others, key=lambda p: p.stat().st_mtime)[: -(KEEP - 1) or None]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
