"""Giving freed memory back to the system between stages.

A stage that held one huge post (50 MB of text, the same again as its raw record) frees it when
it ends, but glibc's allocator keeps much of what Python freed for later reuse: measured here,
~100 MB stayed resident after storing and scoring one 50 MB post, and the seal's read-back then
peaked on top of it. ``malloc_trim`` hands it back; Arrow's pool is told to release too. It costs
a few milliseconds, so it is called between stages, never per record.

Polars allocates through its own jemalloc, which hands back what it freed only gradually
(``dirty_decay_ms:500,muzzy_decay_ms:1000``, set by ``polars/__init__.py``), each thread's
arena apart: stages that follow each other faster, on other threads, stack their freed pages up.
``purge_polars_arenas`` hands them back at once; Polars exports no way to ask for it, so
``_polars_mallctl`` finds jemalloc's ``mallctl`` in the runtime's own symbol table. Scoring a
3M-post target alone: 1,678 MB before, 1,383-1,423 MB with it called between the steps of each
group (tasks.scoring.store), for the same CPU (docs/benchmarks.md, "2026-12-07, evening").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import mmap
import struct
import sys
from collections.abc import Callable

import pyarrow as pa


@functools.cache
def _malloc_trim() -> object | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_MALLCTL = "_rjem_mallctl"  # jemalloc's mallctl, under the prefix Polars builds it with
# Functions every Polars runtime exports (its Python modules' init): where the library was
# loaded, found twice so that a file replaced since it was loaded is never trusted.
_ANCHORS = ("PyInit__polars_runtime", "PyInit__ir_nodes")
_ALL_ARENAS = 4096  # MALLCTL_ARENAS_ALL
_SHT_SYMTAB, _STT_FUNC = 2, 2
_MallCtl = ctypes.CFUNCTYPE(
    ctypes.c_int,
    ctypes.c_char_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_size_t,
)


def _elf_functions(path: str, names: tuple[str, ...]) -> dict[str, int]:
    """{name: address in the file} of those of ``names`` that one function of the ELF file's
    full symbol table (``.symtab``: local symbols included) bears; {} for any other file."""
    with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[:4] != b"\x7fELF" or data[4:6] != b"\x02\x01":  # 64-bit, little-endian
            return {}
        (table,) = struct.unpack_from("<Q", data, 0x28)
        entry, count = struct.unpack_from("<HH", data, 0x3A)
        sections = [
            struct.unpack_from("<IIQQQQIIQQ", data, table + i * entry) for i in range(count)
        ]
        found: dict[str, set[int]] = {}
        for _, kind, _, _, start, size, link, _, _, width in sections:
            if kind != _SHT_SYMTAB or width != 24 or link >= count:
                continue
            strings, strings_size = sections[link][4], sections[link][5]
            for name in names:
                at = data.find(b"\0" + name.encode() + b"\0", strings, strings + strings_size)
                if at < 0:
                    continue
                key = struct.pack("<I", at + 1 - strings)
                pos = data.find(key, start, start + size)
                while pos >= 0:
                    if (pos - start) % width == 0:
                        _, info, _, _, value, _ = struct.unpack_from("<IBBHQQ", data, pos)
                        if info & 0xF == _STT_FUNC and value:
                            found.setdefault(name, set()).add(value)
                    pos = data.find(key, pos + 1, start + size)
    return {name: values.pop() for name, values in found.items() if len(values) == 1}


def _polars_mallctl() -> Callable[..., int] | None:
    """The ``mallctl`` of the jemalloc Polars allocates with, or None where it cannot be
    reached for sure (Polars not loaded yet, not Linux, another build, no symbol table, a file
    that does not match what was loaded, a version that does not answer as jemalloc 5)."""
    runtime = next(
        (
            module
            for name, module in list(sys.modules.items())
            if name.startswith("_polars_runtime") and name.endswith("._polars_runtime")
        ),
        None,
    )
    path = getattr(runtime, "__file__", None)
    if not sys.platform.startswith("linux") or not path or not path.endswith(".so"):
        return None  # asked again next time: Polars may be loaded by then
    return _mallctl_in(path)


@functools.cache
def _mallctl_in(path: str) -> Callable[..., int] | None:
    """``_polars_mallctl`` of the runtime loaded from ``path``, found once."""
    try:
        symbols = _elf_functions(path, (_MALLCTL, *_ANCHORS))
        if set(symbols) != {_MALLCTL, *_ANCHORS}:
            return None
        library = ctypes.CDLL(path)  # loaded already: the same handle
        bases = {
            ctypes.cast(getattr(library, name), ctypes.c_void_p).value - symbols[name]  # type: ignore[operator]
            for name in _ANCHORS
        }
    except (OSError, ValueError, AttributeError, struct.error):
        return None
    if len(bases) != 1:
        return None
    mallctl = _MallCtl(bases.pop() + symbols[_MALLCTL])
    version = ctypes.c_char_p()
    size = ctypes.c_size_t(ctypes.sizeof(version))
    if mallctl(b"version", ctypes.byref(version), ctypes.byref(size), None, 0) != 0:
        return None
    return mallctl if (version.value or b"").startswith(b"5.") else None


def purge_polars_arenas() -> bool:
    """Hand back to the system the pages Polars' jemalloc freed and still holds, in every arena;
    False where its ``mallctl`` cannot be reached (nothing done)."""
    mallctl = _polars_mallctl()
    return (
        mallctl is not None
        and mallctl(f"arena.{_ALL_ARENAS}.purge".encode(), None, None, None, 0) == 0
    )


def release_freed_memory() -> None:
    """Return the memory already freed by earlier stages to the system (see the docstring)."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)  # type: ignore[operator]
    purge_polars_arenas()
