"""Numbers, dates and plurals in the recipient's language (French or English).

No locale database: the two languages' conventions are written out here, so the output is the
same on every machine (golden files depend on it).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from reports.digest_strings import MONTHS, STRINGS, WEEKDAYS, WEEKDAYS_SHORT

LANGS = tuple(STRINGS)
NNBSP = "\u202f"  # French thousands separator (narrow no-break space)
NBSP = "\u00a0"  # French space before % and :, no-break so a number never loses its unit


def t(lang: str, key: str, **values: object) -> str:
    return STRINGS[lang][key].format(**values)


def fmt_int(n: int | None, lang: str) -> str:
    if n is None:
        return "—"
    s = f"{n:,}"
    return s.replace(",", NNBSP) if lang == "fr" else s


def fmt_pct(x: float | None, lang: str) -> str:
    if x is None:
        return "—"
    if 0 < x < 0.005:
        v = "<1"
    else:
        v = f"{round(x * 100):d}"
    return f"{v}{NBSP}%" if lang == "fr" else f"{v}%"


def fmt_ratio(x: float, lang: str) -> str:
    s = f"×{x:.1f}" if x < 10 else f"×{x:.0f}"
    return s.replace(".", ",") if lang == "fr" else s


def fmt_change(cur: float | None, prev: float | None, lang: str) -> str:
    """+12 %, −40 %, ×9.5 past a doubling, "new" from zero."""
    if cur is None or prev is None:
        return "—"
    if prev == 0:
        return "=" if cur == 0 else t(lang, "new")
    ratio = cur / prev
    if ratio >= 2:
        return fmt_ratio(ratio, lang)
    pct = round((ratio - 1) * 100)
    if pct == 0:
        return "="
    sign = "+" if pct > 0 else "−"
    return f"{sign}{abs(pct)}{NBSP}%" if lang == "fr" else f"{sign}{abs(pct)}%"


def plural(lang: str, key: str, n: int) -> str:
    """``posts_1``/``posts_n`` by the language's rule (French: 0 and 1 are singular)."""
    one = n in (0, 1) if lang == "fr" else n == 1
    return t(lang, f"{key}_{'1' if one else 'n'}", n=fmt_int(n, lang))


def weekday(d: date, lang: str) -> str:
    return WEEKDAYS[lang][d.weekday()]


def weekday_short(d: date, lang: str) -> str:
    return WEEKDAYS_SHORT[lang][d.weekday()]


def fmt_date(d: date, lang: str, *, with_weekday: bool = True, with_year: bool = True) -> str:
    """samedi 1er février 2020 / Saturday 1 February 2020."""
    day = "1er" if lang == "fr" and d.day == 1 else str(d.day)
    out = f"{day} {MONTHS[lang][d.month - 1]}"
    if with_year:
        out += f" {d.year}"
    return f"{weekday(d, lang)} {out}" if with_weekday else out


def fmt_datetime(dt: datetime, lang: str, timezone: str, *, with_weekday: bool = False) -> str:
    """1er février 2020 à 14:03 / 1 February 2020, 14:03 — in the target's timezone."""
    local = dt.astimezone(ZoneInfo(timezone))
    d = fmt_date(local.date(), lang, with_weekday=with_weekday)
    return f"{d} à {local:%H:%M}" if lang == "fr" else f"{d}, {local:%H:%M}"


def day_span(first: date, last: date, lang: str) -> str:
    """samedi–dimanche / Saturday–Sunday (days of one week)."""
    if first == last:
        return weekday(first, lang)
    return f"{weekday(first, lang)}–{weekday(last, lang)}"
