"""The annex of every post, dense enough for 11,000 posts: one printed line a post (number, time,
author, the start of its SHA-256, the start of its text, cut to fit the line), and beside it, attached
inside the PDF, ``annex.jsonl``: one JSON object a post with everything the line leaves out (full
text as printed, every version's full SHA-256, URL, manifest and leaf). The exact bytes of each
post stay in the attached evidence bundle, under that SHA-256.

Cutting to fit uses the advance widths of the font the annex is printed in (DejaVu Sans, found by
fontconfig), so a line stays one line; a character that font lacks counts as one em.
"""

from __future__ import annotations

import json
import subprocess
from functools import lru_cache
from typing import Any

from tasks.dossier.glyphs import mark_undrawable
from tasks.textsafe import one_line, untrusted_text

FONT = "DejaVu Sans"


@lru_cache(maxsize=1)
def _advances() -> tuple[dict[int, float], float] | None:
    """Advance width of each code point in em, and the em width used for any other."""
    try:
        from fontTools.ttLib import TTFont

        path = subprocess.run(
            ["fc-match", "-f", "%{file}", FONT], capture_output=True, text=True, timeout=20
        ).stdout.strip()
        font = TTFont(path, lazy=True)
        upem = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - no font metrics: cut by a conservative count instead
        return None
    return {cp: hmtx[g][0] / upem for cp, g in cmap.items()}, 1.0


def width_em(text: str) -> float:
    """The width of ``text`` in em (0.6 em a character when the font's metrics are unknown)."""
    metrics = _advances()
    if metrics is None:
        return 0.6 * len(text)
    adv, other = metrics
    return sum(adv.get(ord(ch), other) for ch in text)


def fit(text: str, em: float) -> str:
    """``text`` (already neutralised, on one line) cut with an ellipsis to fit ``em`` ems; never
    in the middle of a ``⟦U+XXXX⟧`` marker, so a marker is either whole or absent."""
    if width_em(text) <= em:
        return text
    budget = em - width_em("…")
    metrics = _advances()
    out = 0.0
    cut = 0
    for i, ch in enumerate(text):
        out += metrics[0].get(ord(ch), metrics[1]) if metrics else 0.6
        if out > budget:
            break
        cut = i + 1
    head = text[:cut]
    if head.rfind("⟦") > head.rfind("⟧"):
        head = head[: head.rfind("⟦")]
    return head.rstrip() + "…"


def printed_text(text: str | None) -> str:
    """The text as the dossier prints it (neutralised, defanged, undrawable characters named)."""
    return mark_undrawable(untrusted_text(text))


def jsonl(rows: list[dict[str, Any]]) -> bytes:
    """``annex.jsonl``: one object a post, in the annex's order and numbering."""
    out = []
    for a in rows:
        r = a["row"]
        out.append(
            json.dumps(
                {
                    "no": a["no"],
                    "post_id": r["post_id"],
                    "platform": r.get("platform"),
                    "created_at": a["when"],
                    "author_handle": a["handle"],
                    "author_id": r["author_id"],
                    "url": one_line(r["url"]),
                    "hostile": a["hostile"],
                    "threat": a["threat"],
                    "versions": [
                        {
                            "version": v["version"],
                            "sha256": v["sha"],
                            "manifest": v["manifest"],
                            "leaf": v["leaf"],
                            "edited_at": v["edited_at"],
                            "text": v["plain"],
                        }
                        for v in a["versions"]
                    ],
                },
                ensure_ascii=False,
            )
        )
    return ("\n".join(out) + "\n").encode()
