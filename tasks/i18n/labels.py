"""The names Tocsin gives its own codes, one table per kind, French and English.

The alerts and the digest show a post's categories, a recipient's role, a platform, an
escalation's reason and a stance from these tables only, so the same code reads the same
everywhere. ``COUNTS`` are the counted nouns, one form per CLDR plural category (``one``,
``other``; a missing category reads as ``other``).
"""

from __future__ import annotations

# The scorer's categories (tasks/scoring/lexicon.py), as the reader should see them.
CATEGORY: dict[str, dict[str, str]] = {
    "fr": {
        "threat": "menace",
        "death_threat": "menace de mort",
        "incitement": "appel à s'en prendre à la cible",
        "insult": "insulte",
        "identity_hate": "haine identitaire",
        "sexual_harassment": "harcèlement sexuel",
        "doxxing": "divulgation d'informations personnelles",
        "other_abuse": "autre abus",
    },
    "en": {
        "threat": "threat",
        "death_threat": "death threat",
        "incitement": "incitement against the target",
        "insult": "insult",
        "identity_hate": "identity-based hate",
        "sexual_harassment": "sexual harassment",
        "doxxing": "personal information exposed (doxxing)",
        "other_abuse": "other abuse",
    },
}

# A post's stance (tasks/scoring), as a short label (chart legend: ASCII only, see chart.py).
STANCE: dict[str, dict[str, str]] = {
    "fr": {"hostile": "hostile", "supportive": "soutien", "neutral": "neutre", "unscored": "sans score"},
    "en": {"hostile": "hostile", "supportive": "supportive", "neutral": "neutral", "unscored": "not scored"},
}  # fmt: skip

# Why an alert is sent again (tasks/alerts/policy.py's escalation reasons).
REASON: dict[str, dict[str, str]] = {
    "fr": {"grew": "la vague a grossi", "threats": "menaces", "doxxing": "informations personnelles divulguées"},
    "en": {"grew": "the wave has grown", "threats": "threats", "doxxing": "personal information exposed"},
}  # fmt: skip

# A post's status on its platform at the last check (tasks/evidence/answers.py).
STATUS: dict[str, dict[str, str]] = {
    "fr": {
        "available": "en ligne",
        "deleted": "supprimé",
        "author_suspended": "compte suspendu",
        "withheld": "retenu par la plateforme",
        "edited": "modifié",
        "unavailable": "indisponible",
    },
    "en": {
        "available": "online",
        "deleted": "deleted",
        "author_suspended": "account suspended",
        "withheld": "withheld by the platform",
        "edited": "edited",
        "unavailable": "unavailable",
    },
}

# A recipient's role (config/targets.py).
ROLE: dict[str, dict[str, str]] = {
    "fr": {"target": "personne visée", "lawyer": "avocat·e", "safety desk": "cellule sécurité"},
    "en": {"target": "the target", "lawyer": "lawyer", "safety desk": "safety desk"},
}

# Brand names: the same in every language.
PLATFORM: dict[str, dict[str, str]] = {
    lang: {"x": "X", "mastodon": "Mastodon", "bluesky": "Bluesky"} for lang in ("fr", "en")
}

COUNTS: dict[str, dict[str, dict[str, str]]] = {
    "fr": {
        "posts": {"one": "{n} message", "other": "{n} messages"},
        "hostile_posts": {"one": "{n} message hostile", "other": "{n} messages hostiles"},
        "threats": {"one": "{n} menace", "other": "{n} menaces"},
        "accounts": {"one": "{n} compte", "other": "{n} comptes"},
        "texts": {"one": "{n} texte identique", "other": "{n} textes identiques"},
        "deleted": {"one": "{n} supprimé", "other": "{n} supprimés"},
        "runs": {
            "one": "{n} collecte réussie couvre la semaine.",
            "other": "{n} collectes réussies couvrent la semaine.",
        },
    },
    "en": {
        "posts": {"one": "{n} post", "other": "{n} posts"},
        "hostile_posts": {"one": "{n} hostile post", "other": "{n} hostile posts"},
        "threats": {"one": "{n} threat", "other": "{n} threats"},
        "accounts": {"one": "{n} account", "other": "{n} accounts"},
        "texts": {"one": "{n} identical text", "other": "{n} identical texts"},
        "deleted": {"one": "{n} deleted", "other": "{n} deleted"},
        "runs": {
            "one": "{n} successful collection run covers the week.",
            "other": "{n} successful collection runs cover the week.",
        },
    },
}

TABLES: dict[str, dict[str, dict[str, str]]] = {
    "category": CATEGORY,
    "stance": STANCE,
    "reason": REASON,
    "status": STATUS,
    "role": ROLE,
    "platform": PLATFORM,
}
