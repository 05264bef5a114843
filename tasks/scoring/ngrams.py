"""Hashed character n-grams of words: the features of the learned layer.

A word is padded with a space on each side and cut into its character n-grams of 3 to 5
(``" tuer "`` gives `` tu``, ``tue``, ``uer``, ``er ``, `` tue``, …, ``tuer ``); each n-gram is
hashed (CRC-32 of its UTF-8 bytes, stable across Python and library releases) into one of
``2**BITS`` buckets. Respellings share most of their n-grams with the word they respell
(``teuber``/``buter``: ``ute``, ``ter``; ``creve``/``crever``; ``ta gueule``/``tg`` does not), so a
weight learned for one reaches the other. The text is first normalized by the rules
(lowercase, accents and leetspeak undone), so ``t03r`` and ``tuér`` are already ``toer``/``tuer``.

Training (``eval/train.py``) and scoring (``model.py``) both use ``grams`` and ``bucket`` from
here: the weights file is only meaningful with exactly this hashing.
"""

from __future__ import annotations

import zlib

import numpy as np

BITS = 18
MASK = (1 << BITS) - 1
SIZES = (3, 4, 5)


def grams(word: str) -> list[str]:
    """The character n-grams of ``word`` padded with spaces (a short word also gives itself)."""
    padded = f" {word} "
    out = [padded[i : i + n] for n in SIZES for i in range(len(padded) - n + 1)]
    return out or [padded]


def bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & MASK


def buckets(word: str) -> list[int]:
    return [bucket(g) for g in grams(word)]


def _crc_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1)
    return table.astype(np.uint32)


_TABLE = _crc_table()


def buckets_many(words: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``buckets`` of many words at once, in numpy: the buckets of all words end to end (each
    word's in ``buckets``' order, int64) and how many each word has. The same CRC-32 as
    ``bucket``, table-driven over whole arrays: the state of every n-gram start advances one
    character at a time (its UTF-8 bytes), and after 3, 4 and 5 characters it is the hash of
    that start's n-gram of that size (10x faster than a ``zlib.crc32`` call per n-gram)."""
    n_words = len(words)
    plen = np.fromiter((len(w) + 2 for w in words), dtype=np.int64, count=n_words)
    text = "".join(f" {w} " for w in words)
    cp = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    total = cp.size
    offsets = np.zeros(n_words, dtype=np.int64)
    np.cumsum(plen[:-1], out=offsets[1:])
    word_of = np.repeat(np.arange(n_words), plen)
    # How many characters from each position to the end of its padded word.
    left = (offsets + plen)[word_of] - np.arange(total)
    wide = np.flatnonzero(cp >= 0x80)  # characters of 2-4 UTF-8 bytes (rare)
    wcp = cp[wide]
    nb = 2 + (wcp >= 0x800).astype(np.int64) + (wcp >= 0x10000)
    lead = cp.copy()
    lead[wide] = np.select(
        [nb == 2, nb == 3], [(wcp >> 6) | 0xC0, (wcp >> 12) | 0xE0], (wcp >> 18) | 0xF0
    )
    lead = np.concatenate([lead, np.zeros(max(SIZES), np.uint32)])
    # byte k (1..3) of the wide characters: their last nb-1 bytes are continuations
    tail = [((wcp >> (6 * (nb - 1 - k))) & 0x3F | 0x80).astype(np.uint32) for k in (1, 2, 3)]
    state = np.full(total, 0xFFFFFFFF, dtype=np.uint32)
    after: dict[int, np.ndarray] = {}
    for step in range(max(SIZES)):
        # Every start takes its next character; past its word's end the state is garbage,
        # never read (an n-gram is read only where ``left >= n``).
        state = _TABLE[(state ^ lead[step : step + total]) & 0xFF] ^ (state >> 8)
        at = wide - step
        keep = at >= 0
        for k in (1, 2, 3):
            sel = keep & (nb > k)
            if not sel.any():
                break
            s = at[sel]
            state[s] = _TABLE[(state[s] ^ tail[k - 1][sel]) & 0xFF] ^ (state[s] >> 8)
        if step + 1 in SIZES:
            after[step + 1] = (state ^ np.uint32(0xFFFFFFFF)) & np.uint32(MASK)
    # Laid out word by word, then by size, then by start, as ``grams`` lists them.
    per_size = {n: np.maximum(plen - n + 1, 0) for n in SIZES}
    count = sum(per_size.values())
    assert isinstance(count, np.ndarray)
    short = count == 0  # only the empty word: its padded self
    count[short] = 1
    out = np.empty(int(count.sum()), dtype=np.int64)
    base = np.zeros(n_words, dtype=np.int64)
    np.cumsum(count[:-1], out=base[1:])
    for n in SIZES:
        m = left >= n
        owner = word_of[m]
        out[base[owner] + (np.flatnonzero(m) - offsets[owner])] = after[n][m]
        base += per_size[n]
    for j in np.flatnonzero(short):
        out[base[j]] = bucket(f" {words[j]} ")
    return out, count
