"""The daily digest's wording (keys ending in ``_day``) of the digest's sentences, in French and
in English (digest_words.py adds them to its own; tasks/digest/view.py picks them for a one-day
period)."""

from __future__ import annotations

DAILY: dict[str, dict[str, str | dict[str, str]]] = {
    "fr": {
        "subject_day": "[Tocsin] {name} — {first}, synthèse du jour : {headline}",
        "subject_gentle_day": "Tocsin — votre résumé du jour",
        "title_day": "Synthèse du jour (épisode en cours)",
        "week_range_day": "{first}",
        "this_period_day": "ce jour-là",
        "ep_beyond_day": "Cet épisode dure plus d'un jour : ses chiffres ci-dessus le comptent "
        "en entier, du {start} au {end} ; {posts} de ce jour en font partie.",
        "dq_runs_day": {
            "one": "{n} collecte réussie couvre ce jour.",
            "other": "{n} collectes réussies couvrent ce jour.",
        },
        "hl_no_peak_day": "Pas de pic ce jour-là : {posts}, {share} hostiles, {threats}",
        "hl_no_stance_day": "{posts} ce jour-là ({change} par rapport à la veille) ; "
        "tonalité non disponible",
        "chart_alt_day": "{day} {posts} dont {hostile} hostiles",
        "col_day": "Jour",
        "cmp_heading_day": "Ce jour et la veille",
        "cmp_this_day": "Ce jour",
        "cmp_prev_day": "La veille",
        "ep_none_day": "Aucun épisode détecté ce jour-là.",
        "worst_none_day": "Aucun message hostile ce jour-là.",
        "acc_none_day": "Aucun compte hostile ce jour-là.",
        "dq_unscored_day": "{n} messages du jour n'ont pas encore de tonalité.",
    },
    "en": {
        "subject_day": "[Tocsin] {name} — {first}, daily digest: {headline}",
        "subject_gentle_day": "Tocsin — your daily summary",
        "title_day": "Daily digest (episode open)",
        "week_range_day": "{first}",
        "this_period_day": "that day",
        "ep_beyond_day": "This episode lasts more than a day: its figures above count all of "
        "it, {start} to {end}; {posts} of that day belong to it.",
        "dq_runs_day": {
            "one": "{n} successful collection run covers the day.",
            "other": "{n} successful collection runs cover the day.",
        },
        "hl_no_peak_day": "No peak that day: {posts}, {share} hostile, {threats}",
        "hl_no_stance_day": "{posts} that day ({change} on the day before); stance not available",
        "chart_alt_day": "{day} {posts} of which {hostile} hostile",
        "col_day": "Day",
        "cmp_heading_day": "This day against the day before",
        "cmp_this_day": "This day",
        "cmp_prev_day": "Day before",
        "ep_none_day": "No episode detected that day.",
        "worst_none_day": "No hostile message that day.",
        "acc_none_day": "No hostile account that day.",
        "dq_unscored_day": "{n} posts of the day have no stance yet.",
    },
}
