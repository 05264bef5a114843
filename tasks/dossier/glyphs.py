"""Post text whose characters the PDF's fonts cannot draw would print as empty boxes: an emoji
in a threat (a knife, a gun) would silently vanish from the page. Each such character is kept
and followed by its code point, ``🔪⟦U+1F52A⟧``, so the reader knows what was there; the exact
bytes are in the attached records either way."""

from __future__ import annotations

import html
import subprocess
import unicodedata
from functools import lru_cache

from markupsafe import Markup

from tasks.textsafe import untrusted_text

# Joiners and variation selectors only shape the character before them: never marked.
_SHAPING = frozenset("\u200d\ufe0e\ufe0f")


@lru_cache(maxsize=1)
def covered() -> frozenset[int] | None:
    """Code points the dossier's text font (DejaVu Sans, found by fontconfig) and the other fonts
    fontconfig would fall back to can draw; None when that cannot be known (nothing is marked)."""
    try:
        from fontTools.ttLib import TTFont

        out = subprocess.run(
            ["fc-list", ":", "file"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError, ImportError):
        return None
    points: set[int] = set()
    for line in out.splitlines():
        path = line.split(":")[0].strip()
        if not path.endswith((".ttf", ".otf")):
            continue
        try:
            points.update(TTFont(path, lazy=True).getBestCmap() or {})
        except Exception:  # noqa: BLE001 - an unreadable font file draws nothing either
            continue
    return frozenset(points) or None


def mark_undrawable(text: str) -> str:
    have = covered()
    if have is None:
        return text
    out = []
    for ch in text:
        out.append(ch)
        cp = ord(ch)
        if cp > 0x7F and cp not in have and ch not in _SHAPING:
            if unicodedata.category(ch) not in ("Mn", "Me"):
                out.append(f"⟦U+{cp:04X}⟧")
    return "".join(out)


def post_html(text: str | None) -> Markup:
    """tasks/textsafe.untrusted_html, with undrawable characters named: neutralised, defanged,
    escaped, line breaks as <br>, isolated in <bdi>."""
    return printed_html(mark_undrawable(untrusted_text(text)))


def printed_html(printed: str) -> Markup:
    """Text already neutralised (``mark_undrawable(untrusted_text(...))``) as HTML: escaped,
    line breaks as <br>, isolated in <bdi>."""
    body = html.escape(printed, quote=True)
    return Markup("<bdi>" + body.replace("\n", "<br>\n") + "</bdi>")
