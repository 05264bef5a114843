"""The digest's chart: posts per day, stacked hostile / supportive / neutral, episodes shaded.

A PNG, because it is attached inline (Content-ID) and mail clients that block remote images or
refuse SVG still show an attached PNG. Drawn with DejaVu Sans (Debian's fonts-dejavu-core, the
dossier's font too) read from its fixed path, so accented names and French labels keep their
accents ("févr.", "Zoé"); where that file is absent, with Pillow's embedded font, which has ASCII
glyphs only, and every label folded to ASCII (``ascii_label``).
"""

from __future__ import annotations

import io
import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Drawn at twice the displayed size (600 x 320 in the email) so it stays sharp on HiDPI screens.
WIDTH, HEIGHT = 1200, 640
DISPLAY_WIDTH, DISPLAY_HEIGHT = WIDTH // 2, HEIGHT // 2
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 96, 28, 118, 78

# Red against blue stays distinct for the common colour-vision deficiencies; grey is "no stance".
COLORS = {
    "hostile": (198, 40, 40),
    "supportive": (30, 111, 217),
    "neutral": (158, 158, 158),
    "unscored": (214, 214, 214),
}
# Episodes (tasks/detect/table.py) shaded light red, light blue, and light amber for a wave in a
# language no rules read: its stance is unknown, neither hostile red nor supportive blue.
BAND_COLORS = {
    "harassment": (253, 224, 220),
    "support": (220, 234, 247),
    "unread": (255, 236, 196),
}
INK, GRID, AXIS = (33, 33, 33), (230, 230, 230), (120, 120, 120)
SEGMENTS = ("hostile", "supportive", "neutral", "unscored")


@dataclass(frozen=True)
class ChartDay:
    label: str  # "Sat"
    sublabel: str  # "01/02"
    hostile: int
    supportive: int
    neutral: int
    unscored: int
    total_label: str  # the day's total, formatted in the recipient's language
    share_label: str | None = None  # hostile share, drawn inside the red segment when it fits

    @property
    def total(self) -> int:
        return self.hostile + self.supportive + self.neutral + self.unscored


@dataclass(frozen=True)
class ChartBand:
    first: int  # index of the first day covered (0 = Monday)
    last: int
    kind: str  # the episode's kind: "harassment", "support" or "unread"
    label: str


def ascii_label(text: str) -> str:
    """Accents dropped, anything else outside ASCII replaced: the embedded font has no glyph."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    folded = unicodedata.normalize("NFKD", text)
    return "".join(
        c if c.isascii() else "" if unicodedata.combining(c) else "?" for c in folded
    ).strip()


# A fixed file, not a fontconfig lookup: the same font wherever the package is installed.
FONT_FILE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def has_font() -> bool:
    return FONT_FILE.is_file()


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if has_font():
        return ImageFont.truetype(str(FONT_FILE), size=size)
    return ImageFont.load_default(size=size)


def label(text: str) -> str:
    """A label as drawn: as it is with DejaVu Sans (characters it lacks, an emoji, are shown as
    "?"), folded to ASCII with the embedded font."""
    if not has_font():
        return ascii_label(text)
    text = unicodedata.normalize("NFC", text.replace("\u202f", " ").replace("\u00a0", " "))
    # A character the font has no glyph for would print as an empty box.
    return "".join(c if ord(c) in _glyphs() else "?" for c in text).strip()


@cache
def _glyphs() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(FONT_FILE), lazy=True).getBestCmap() or {})


def nice_step(top: float, ticks: int = 5) -> int:
    """A 1-2-5 step that splits [0, top] into about ``ticks`` intervals."""
    if top <= 0:
        return 1
    raw = top / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return max(1, int(m * mag))
    return max(1, int(10 * mag))


def _text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    fill: tuple[int, int, int],
    anchor: str = "la",
) -> None:
    draw.text(xy, label(text), font=_font(size), fill=fill, anchor=anchor)


def render_chart(
    days: list[ChartDay],
    bands: list[ChartBand],
    *,
    title: str,
    legend: dict[str, str],
    number: object = None,
) -> bytes:
    """The chart as PNG bytes. ``legend`` maps segment names to labels (only the segments that
    have posts are shown); ``number`` formats the y-axis ticks (default: plain digits)."""
    fmt = number if callable(number) else (lambda n: f"{n:,}")
    img = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(img)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM

    _text(draw, (left - 70, 22), title, 30, INK)
    shown = [s for s in SEGMENTS if any(getattr(d, s) for d in days) and s in legend]
    x = left - 70
    for seg in shown:
        draw.rectangle((x, 74, x + 22, 96), fill=COLORS[seg])
        _text(draw, (x + 30, 85), legend[seg], 22, INK, "lm")
        x += 30 + draw.textlength(label(legend[seg]), font=_font(22)) + 34

    peak = max((d.total for d in days), default=0)
    step = nice_step(peak * 1.12)
    y_max = max(step, math.ceil(peak * 1.12 / step) * step)
    scale = (bottom - top) / y_max
    slot = (right - left) / max(1, len(days))

    for b in bands:  # behind everything else
        x0, x1 = left + b.first * slot + 2, left + (b.last + 1) * slot - 2
        draw.rectangle((x0, top - 6, x1, bottom), fill=BAND_COLORS.get(b.kind, GRID))
        _text(draw, (x0 + 8, top + 4), b.label, 20, INK)

    for v in range(0, y_max + 1, step):
        y = bottom - v * scale
        draw.line((left, y, right, y), fill=GRID if v else AXIS, width=2)
        _text(draw, (left - 12, y), str(fmt(v)), 20, AXIS, "rm")

    bar = slot * 0.56
    for i, d in enumerate(days):
        cx = left + (i + 0.5) * slot
        y = float(bottom)
        for seg in SEGMENTS:
            h = getattr(d, seg) * scale
            if h > 0:
                draw.rectangle((cx - bar / 2, y - h, cx + bar / 2, y), fill=COLORS[seg])
                if seg == "hostile" and d.share_label and h >= 34:
                    _text(draw, (cx, y - h / 2), d.share_label, 20, (255, 255, 255), "mm")
            y -= h
        _text(draw, (cx, y - 8), d.total_label, 22, INK, "ms")
        _text(draw, (cx, bottom + 12), d.label, 22, INK, "ma")
        _text(draw, (cx, bottom + 42), d.sublabel, 20, AXIS, "ma")

    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
