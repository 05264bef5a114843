"""Tocsin's one vocabulary: every word a reader sees, in French and English.

- ``formats``: numbers, dates and plural categories from CLDR (Babel);
- ``labels``: the names of Tocsin's codes (categories, stances, reasons, roles, platforms) and
  the counted nouns, shared by every text so a code reads the same in an alert and a digest;
- ``alert_words`` / ``digest_words``: each text's sentences, as ``Catalog`` s.

A language Tocsin has no words for reads as English, everywhere (``resolve``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tasks.i18n.alert_words import STRINGS as _ALERT_STRINGS
from tasks.i18n.digest_words import STRINGS as _DIGEST_STRINGS
from tasks.i18n.formats import (
    FALLBACK,
    LANGS,
    MISSING,
    day_span,
    fmt_change,
    fmt_date,
    fmt_datetime,
    fmt_int,
    fmt_pct,
    fmt_points,
    fmt_ratio,
    language_counts,
    language_name,
    month_short,
    plural_category,
    resolve,
    weekday,
    weekday_short,
)
from tasks.i18n.labels import COUNTS, TABLES

Entry = str | Mapping[str, str]  # a sentence, or its forms by CLDR plural category

__all__ = [
    "ALERT",
    "month_short",
    "DIGEST",
    "FALLBACK",
    "LANGS",
    "MISSING",
    "Catalog",
    "categories",
    "day_span",
    "fmt_change",
    "fmt_date",
    "fmt_datetime",
    "fmt_int",
    "fmt_pct",
    "fmt_points",
    "fmt_ratio",
    "label",
    "label_and_code",
    "language_counts",
    "language_name",
    "plural",
    "plural_category",
    "resolve",
    "weekday",
    "weekday_short",
]


def _form(forms: Mapping[str, str], n: int | float, lang: str) -> str:
    return forms.get(plural_category(n, lang)) or forms["other"]


class Catalog:
    """The sentences of one text (an alert, a digest), by language then key. A sentence that
    depends on a count holds one form per plural category; ``tn(lang, key, n)`` picks it."""

    def __init__(self, strings: Mapping[str, Mapping[str, Entry]]) -> None:
        self.strings = strings

    def table(self, lang: str) -> Mapping[str, Entry]:
        return self.strings[resolve(lang)]

    def t(self, lang: str, key: str, /, **values: object) -> str:
        entry = self.table(lang)[key]
        if not isinstance(entry, str):
            raise TypeError(f"{key!r} has plural forms: use tn()")
        return entry.format(**values)

    def tn(self, lang: str, key: str, count: int | float, /, **values: object) -> str:
        """The form of sentence ``key`` that agrees with ``count``."""
        entry = self.table(lang)[key]
        forms = {"other": entry} if isinstance(entry, str) else entry
        return _form(forms, count, lang).format(**values)


ALERT = Catalog(_ALERT_STRINGS)
DIGEST = Catalog(_DIGEST_STRINGS)


def plural(lang: str, key: str, n: int) -> str:
    """``n`` and its noun, agreed by the language's rule: 1 menace / 2 menaces, 0 menace but
    0 threats (``labels.COUNTS``)."""
    lang = resolve(lang)
    return _form(COUNTS[lang][key], n, lang).format(n=fmt_int(n, lang))


def label(kind: str, code: str, lang: str) -> str:
    """The reader's name for one of Tocsin's codes (``labels.TABLES``); a code this version has
    no name for is shown as itself, underscores as spaces."""
    return TABLES[kind][resolve(lang)].get(code, code.replace("_", " "))


def label_and_code(kind: str, code: str, lang: str) -> str:
    """``supprimé (deleted)``: the name, then the code a data file holds when they differ (the
    export's README, read beside its CSV files)."""
    name = label(kind, code, lang)
    return name if name == code else f"{name} ({code})"


def categories(codes: Iterable[str] | None, lang: str) -> str:
    """A post's categories as one line: ``menace, insulte``."""
    return ", ".join(label("category", c, lang) for c in codes or ())
