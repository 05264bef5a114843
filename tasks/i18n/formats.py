"""Numbers, dates and plural categories in the reader's language, from CLDR through Babel.

Babel ships the CLDR data (month and day names, digit grouping, the percent sign and its
spacing, plural rules) inside the package, so the output is the same on every machine whatever
its system locale (golden files depend on it). What CLDR does not say is written here: the
order of the parts of a date (one order for both languages), French's "1er" for the first of a
month, and how a date and a time are joined.

Every function takes any language code: one that Tocsin has no words for reads as English
(``resolve``), so a configuration typo never produces a page with French words and German dates.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.core import Locale
from babel.dates import format_date, format_time, get_day_names, get_month_names
from babel.numbers import format_decimal, format_percent

LANGS: tuple[str, ...] = ("fr", "en")
FALLBACK = "en"
MISSING = "—"  # a number or share that is not known

# How a date and a time of day are joined. CLDR's English joins with "at"; Tocsin has always
# written "1 February 2020, 14:03", and a change of wording is not worth a golden-file churn.
_AT = {"fr": "{date} à {time}", "en": "{date}, {time}"}
# A count that grew from zero has no percentage: it is new.
_NEW = {"fr": "nouveau", "en": "new"}


def resolve(lang: str | None) -> str:
    """The language Tocsin writes in for ``lang``: itself if it has words for it, else English."""
    return lang if lang in LANGS else FALLBACK


def plural_category(n: int | float, lang: str) -> str:
    """CLDR's plural category of ``n``: French says "0 menace" and "1 menace" (``one``),
    English "0 threats" (``other``); French has a ``many`` for round millions."""
    return Locale.parse(resolve(lang)).plural_form(abs(n))


_LANG_CODE = re.compile(r"[a-z]{2,3}")


def language_name(code: str, lang: str) -> str:
    """ "allemand" / "German" for ``de``, from CLDR; the code itself when CLDR has no name and
    it looks like a language code (2 or 3 letters), else "?": the code comes from a post's own
    language tag (Bluesky's ``langs`` is free text) and is shown in alerts and digests."""
    name = Locale.parse(resolve(lang)).languages.get(code)
    if name:
        return name
    return code if _LANG_CODE.fullmatch(code) else "?"


def language_counts(counts: list[tuple[str, int]], lang: str) -> str:
    """ "allemand 127, arabe 91" / "German 127, Arabic 91" for (code, posts) pairs."""
    return ", ".join(f"{language_name(code, lang)} {fmt_int(n, lang)}" for code, n in counts)


def fmt_int(n: int | float | None, lang: str) -> str:
    """12 345 (narrow no-break space) / 12,345; ``—`` when unknown."""
    if n is None:
        return MISSING
    return format_decimal(round(n), locale=resolve(lang))


def _percent(points: int, lang: str) -> str:
    # Rounded by the caller to whole points: Babel only places the digits and the sign.
    return format_percent(Decimal(points) / 100, locale=resolve(lang))


def fmt_pct(x: float | None, lang: str) -> str:
    """85 % (no-break space, as CLDR writes it in French) / 85%; ``<1 %`` for a trace."""
    if x is None:
        return MISSING
    if 0 < x < 0.005:
        return "<" + _percent(1, lang)
    return _percent(round(x * 100), lang)


def fmt_ratio(x: float, lang: str) -> str:
    """×9,5 / ×9.5 below ten, ×12 above."""
    digits = f"{x:.1f}" if x < 10 else f"{x:.0f}"  # rounded once, here, as before
    return "×" + format_decimal(Decimal(digits), locale=resolve(lang))


def fmt_change(cur: float | None, prev: float | None, lang: str) -> str:
    """+12 %, −40 %, ×9.5 past a doubling, "new" from zero, ``=`` unchanged."""
    if cur is None or prev is None:
        return MISSING
    if prev == 0:
        return "=" if cur == 0 else _NEW[resolve(lang)]
    ratio = cur / prev
    if ratio >= 2:
        return fmt_ratio(ratio, lang)
    pct = round((ratio - 1) * 100)
    if pct == 0:
        return "="
    return ("+" if pct > 0 else "−") + _percent(abs(pct), lang)


def fmt_points(delta: float, lang: str) -> str:
    """A change of share in percentage points: +47 pt / +47 pts, −3 pt, ±0 pt / ±0 pts."""
    lang = resolve(lang)
    pts = round(delta * 100)
    sign = "+" if pts > 0 else "−" if pts < 0 else "±"
    # French leaves a unit's abbreviation invariable; English agrees it with the count.
    unit = "pts" if lang == "en" and plural_category(pts, lang) != "one" else "pt"
    return f"{sign}{fmt_int(abs(pts), lang)} {unit}"


def weekday(d: date, lang: str) -> str:
    """samedi / Saturday."""
    return get_day_names("wide", locale=resolve(lang))[d.weekday()]


def weekday_short(d: date, lang: str) -> str:
    """lun / Mon: CLDR's abbreviation without its full stop (the chart's font is ASCII only and
    the stop reads as noise under a bar)."""
    return get_day_names("abbreviated", locale=resolve(lang))[d.weekday()].rstrip(".")


def month_short(d: date, lang: str) -> str:
    """janv. / Jan: CLDR's abbreviated month name, for a chart's axis."""
    return get_month_names("abbreviated", locale=resolve(lang))[d.month]


def fmt_date(d: date, lang: str, *, with_weekday: bool = True, with_year: bool = True) -> str:
    """samedi 1er février 2020 / Saturday 1 February 2020."""
    lang = resolve(lang)
    # French writes the first of a month as an ordinal; CLDR has no pattern field for it.
    day = "'1er'" if lang == "fr" and d.day == 1 else "d"
    pattern = ("EEEE " if with_weekday else "") + f"{day} MMMM" + (" y" if with_year else "")
    return format_date(d, pattern, locale=lang)


def fmt_datetime(
    dt: datetime,
    lang: str,
    timezone: str | ZoneInfo,
    *,
    with_weekday: bool = False,
    with_zone: bool = False,
) -> str:
    """1er février 2020 à 14:03 / 1 February 2020, 14:03, in ``timezone`` (the target's);
    ``with_zone`` adds the zone's abbreviation: (CET)."""
    lang = resolve(lang)
    zone = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)
    local = dt.astimezone(zone)
    out = _AT[lang].format(
        date=fmt_date(local.date(), lang, with_weekday=with_weekday),
        time=format_time(local, "HH:mm", locale=lang),
    )
    return f"{out} ({local.tzname()})" if with_zone else out


def day_span(first: date, last: date, lang: str) -> str:
    """samedi–dimanche / Saturday–Sunday (days of one week)."""
    if first == last:
        return weekday(first, lang)
    return f"{weekday(first, lang)}–{weekday(last, lang)}"
