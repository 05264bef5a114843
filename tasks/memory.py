"""Giving freed memory back to the system between stages.

A stage that held one huge post (50 MB of text, the same again as its raw record) frees it when
it ends, but glibc's allocator keeps much of what Python freed for later reuse: measured here,
~100 MB stayed resident after storing and scoring one 50 MB post, and the seal's read-back then
peaked on top of it. ``malloc_trim`` hands it back; Arrow's pool is told to release too. It costs
a few milliseconds, so it is called between stages, never per record.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pyarrow as pa


@functools.cache
def _malloc_trim() -> object | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def release_freed_memory() -> None:
    """Return the memory already freed by earlier stages to the system (see the docstring)."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]
