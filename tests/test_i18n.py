"""The one vocabulary (tasks/i18n): both languages complete, one label per code whoever shows it,
CLDR's dates, numbers and plurals through Babel, and English for a language Tocsin lacks."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime
from typing import Any

import polars as pl
import pytest

from tasks import i18n
from tasks.alerts.compose import Audience as AlertAudience
from tasks.alerts.compose import build_view as alert_view
from tasks.alerts.compose import render as render_alert
from tasks.digest.sections import message_item
from tasks.i18n import evidence_words, labels, site_words
from tasks.scoring.lexicon import CATEGORIES
from tests.support.alerts import hostile_posts, make_episode

NNBSP, NBSP = "\u202f", "\u00a0"  # what CLDR (Babel 2.18) puts in French numbers and before %


def _fields(entry: Any) -> set[str]:
    forms = [entry] if isinstance(entry, str) else list(entry.values())
    return {f for text in forms for _, f, _, _ in string.Formatter().parse(text) if f}


TABLES = {
    **{f"labels.{k}": v for k, v in labels.TABLES.items()},
    "labels.COUNTS": labels.COUNTS,
    "alert sentences": i18n.ALERT.strings,
    "digest sentences": i18n.DIGEST.strings,
    "site sentences": site_words.STRINGS,
    "evidence sentences": evidence_words.STRINGS,
}


@pytest.mark.parametrize("name", list(TABLES))
def test_every_key_exists_in_french_and_english_with_the_same_placeholders(name):
    fr, en = TABLES[name]["fr"], TABLES[name]["en"]
    assert set(TABLES[name]) == set(i18n.LANGS)
    assert sorted(fr) == sorted(en)
    for key in fr:
        assert _fields(fr[key]) == _fields(en[key]), key
        for entry in (fr[key], en[key]):
            # A sentence with plural forms always has the form every other count falls back to.
            assert isinstance(entry, str) or "other" in entry, key


def test_every_scorer_category_has_a_name_in_both_languages():
    for lang in i18n.LANGS:
        assert set(CATEGORIES) <= set(labels.CATEGORY[lang]), lang


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_alerts_and_digest_name_a_category_the_same_way(lang):
    posts = hostile_posts().head(1).with_columns(pl.Series("categories", [list(CATEGORIES)]))
    ep = make_episode().row(0, named=True)
    who = AlertAudience("alice", "Alice Martin", "Europe/Paris", lang)
    in_alert = alert_view(ep, posts, audience=who, level=0, reasons=("new",)).worst[0].categories
    row = {
        "raw_sha256": "0" * 64,
        "is_threat": True,
        "categories": list(CATEGORIES),
        "author_name": "x",
        "author_handle": "x",
        "created_at": datetime(2020, 2, 1, 10, tzinfo=UTC),
        "url": None,
        "text": "x",
        "version": 0,
        "copies": 1,
        "copy_accounts": 1,
    }
    in_digest = message_item(row, lang, False, False, "UTC")["categories"]
    assert in_alert == in_digest == ", ".join(labels.CATEGORY[lang][c] for c in CATEGORIES)
    # The wording chosen when the two tables were merged (issue 14).
    assert ("identity-based hate" in in_alert) == (lang == "en")


@pytest.mark.parametrize(
    ("got", "expected"),
    [
        pytest.param(
            lambda: i18n.fmt_date(date(2026, 12, 2), "fr", with_weekday=False),
            "2 décembre 2026",
            id="date",
        ),
        pytest.param(
            lambda: i18n.fmt_date(date(2026, 12, 2), "fr"), "mercredi 2 décembre 2026", id="weekday"
        ),
        pytest.param(
            lambda: i18n.fmt_date(date(2026, 12, 1), "fr"), "mardi 1er décembre 2026", id="1er"
        ),
        pytest.param(
            lambda: i18n.fmt_datetime(
                datetime(2026, 12, 2, 16, 5, tzinfo=UTC), "fr", "Europe/Paris", with_zone=True
            ),
            "2 décembre 2026 à 17:05 (CET)",
            id="datetime-local",
        ),
        pytest.param(lambda: i18n.fmt_int(1234, "fr"), f"1{NNBSP}234", id="int"),
        pytest.param(lambda: i18n.fmt_int(1234567, "fr"), f"1{NNBSP}234{NNBSP}567", id="millions"),
        pytest.param(lambda: i18n.fmt_pct(0.45, "fr"), f"45{NBSP}%", id="pct"),
        pytest.param(lambda: i18n.fmt_ratio(2.5, "fr"), "×2,5", id="ratio-comma"),
        pytest.param(lambda: i18n.weekday_short(date(2026, 12, 2), "fr"), "mer", id="short-day"),
    ],
)
def test_french_dates_and_numbers_come_from_cldr(got, expected):
    assert got() == expected


@pytest.mark.parametrize(
    ("delta", "fr", "en"),
    [
        pytest.param(0.47, "+47 pt", "+47 pts", id="many"),
        pytest.param(-0.01, "−1 pt", "−1 pt", id="one"),
        pytest.param(0.0, "±0 pt", "±0 pts", id="zero-agrees-like-a-count"),
    ],
)
def test_percentage_points(delta, fr, en):
    assert (i18n.fmt_points(delta, "fr"), i18n.fmt_points(delta, "en")) == (fr, en)


def test_english_dates_and_numbers():
    assert i18n.fmt_date(date(2026, 12, 1), "en") == "Tuesday 1 December 2026"
    assert i18n.fmt_int(1234, "en") == "1,234"
    assert i18n.fmt_pct(0.45, "en") == "45%"


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [
        pytest.param(1, "1 menace", "1 threat", id="one"),
        pytest.param(2, "2 menaces", "2 threats", id="two"),
        pytest.param(0, "0 menace", "0 threats", id="zero-is-singular-in-french"),
        pytest.param(
            1_000_000, f"1{NNBSP}000{NNBSP}000 menaces", "1,000,000 threats", id="many-falls-back"
        ),
    ],
)
def test_plurals_follow_each_languages_rule(n, fr, en):
    assert (i18n.plural("fr", "threats", n), i18n.plural("en", "threats", n)) == (fr, en)


@pytest.mark.parametrize(
    ("lang", "threats", "sentence"),
    [
        ("fr", 1, "Parmi eux, 1 message contient des menaces."),
        ("fr", 2, "Parmi eux, 2 messages contiennent des menaces."),
        ("en", 1, "1 of these posts contains threats."),
        ("en", 2, "2 of these posts contain threats."),
    ],
)
def test_an_alert_sentence_agrees_with_its_count(lang, threats, sentence):
    ep = make_episode(threats=threats).row(0, named=True)
    who = AlertAudience("alice", "Alice Martin", "Europe/Paris", lang)
    view = alert_view(ep, hostile_posts().head(0), audience=who, level=0, reasons=("new",))
    assert sentence in view.facts


def test_an_unknown_language_reads_as_english():
    d = date(2026, 12, 2)
    assert i18n.resolve("de") == "en"
    assert i18n.fmt_date(d, "de") == i18n.fmt_date(d, "en") == "Wednesday 2 December 2026"
    assert i18n.fmt_int(1234, "de") == "1,234"
    assert i18n.plural("de", "posts", 1) == "1 post"
    assert i18n.label("category", "threat", "de") == "threat"
    assert i18n.DIGEST.t("de", "title") == "Weekly digest"
    ep = make_episode().row(0, named=True)
    who = AlertAudience("alice", "Alice Martin", "Europe/Paris", "de")
    view = alert_view(ep, hostile_posts(), audience=who, level=0, reasons=("new",))
    assert view.lang == "en"
    assert view.subject == "[Tocsin] Harassment wave against Alice Martin: 812 hostile posts"
    assert view.facts[0].startswith("Since Friday 31 January 2020, 19:00 (CET)")


def test_a_code_without_a_name_is_shown_as_itself():
    assert i18n.label("category", "new_kind_of_abuse", "fr") == "new kind of abuse"


def test_the_export_readme_names_a_status_and_keeps_the_code_its_csv_holds():
    assert i18n.label_and_code("status", "author_suspended", "fr") == (
        "compte suspendu (author_suspended)"
    )
    assert i18n.label_and_code("status", "deleted", "en") == "deleted"


@pytest.mark.parametrize(
    ("lang", "title"), [("fr", f"Que faire maintenant{NBSP}:\n"), ("en", "What to do now:\n")]
)
def test_the_alert_titles_take_the_languages_colon(lang, title):
    ep = make_episode().row(0, named=True)
    who = AlertAudience("alice", "Alice Martin", "Europe/Paris", lang)
    text, _ = render_alert(alert_view(ep, hostile_posts(), audience=who, level=0, reasons=()))
    assert title in text
