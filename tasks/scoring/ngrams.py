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
