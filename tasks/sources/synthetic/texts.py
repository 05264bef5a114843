"""Text material for the synthetic incidents: the phrase data files, templates and their filling.

The phrases live in ``phrases/*.toml`` beside this module (see their headers): templates by
language, stance or category and person, the words of their slots, account names. Addresses and
phone numbers are fictional on purpose: "rue Imaginaire", the ARCEP ranges reserved for fiction
(01 99 00, 06 39 98) and the US 555-01xx block.

Templates are plain strings with named ``{slot}`` markers, compiled once at load into
(literal, slot, literal…) tuples so that filling one costs a join, not a regex; a template naming
an unknown slot fails the import. ``person`` is "you" (addresses the target, who is named by the
handle the caller puts in front) or "they" (talks about her through ``{target}``: the handle when
the post names her, a noun phrase when it does not).
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Sequence
from importlib.resources import files
from typing import Any, TypeVar

Template = tuple[str, ...]
T = TypeVar("T")

# Slot name -> what fills it (see Filler.slot).
SLOTS = {
    "insult": "an insult (may be obfuscated)",
    "a_insult": "an insult with its English article: 'an idiot' (the word may be obfuscated)",
    "adjective": "a derogatory adjective (may be obfuscated)",
    "kill_verb": "a verb of killing (may be obfuscated)",
    "emoji": "an emoji run of the post's stance, or of threats",
    "closer": "what ends the sentence: punctuation, a tag-on word, or nothing",
    "target": "how the post refers to the target: her @handle, or a noun phrase",
    "first_name": "the target's first name",
    "address": "a fictional street address",
    "phone": "a fictional phone number",
    "topic": "a news topic",
    "link": "a t.co link to a news article",
    "hashtag": "a hashtag of the post's stance",
}
_SLOT = re.compile(r"\{(\w+)\}")
_DATA = files(__package__) / "phrases"


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads((_DATA / f"{name}.toml").read_text(encoding="utf-8"))


def compile_template(text: str) -> Template:
    parts = tuple(_SLOT.split(text))
    unknown = [slot for slot in parts[1::2] if slot not in SLOTS]
    if unknown:
        raise ValueError(f"unknown template slot {{{unknown[0]}}} in {text!r}")
    return parts


def _templates(texts: list[str]) -> tuple[Template, ...]:
    return tuple(compile_template(t) for t in texts)


def _words(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(words) for key, words in table.items()}


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """rng.choice without its rejection loop: this runs several times per post."""
    return items[int(rng.random() * len(items))]


# --- the data ----------------------------------------------------------------------------------

_vocabulary = _load("vocabulary")
TARGET_FIRST_NAME: str = _vocabulary["target_first_name"]
INSULTS = _words(_vocabulary["insults"])
ADJECTIVES = _words(_vocabulary["adjectives"])
KILL_VERBS = _words(_vocabulary["kill_verbs"])
EMOJI = _words(_vocabulary["emoji"])  # by stance, and "threat"
CLOSERS = {lang: _words(t) for lang, t in _vocabulary["closers"].items()}  # fr, en: by stance
REFERENTS = {lang: _words(t) for lang, t in _vocabulary["referents"].items()}
TOPICS = _words(_vocabulary["topics"])
HASHTAGS = _words(_vocabulary["hashtags"])
STREETS = _words(_vocabulary["streets"])
CITIES = _words(_vocabulary["cities"])

# language -> category -> person -> templates
HOSTILE: dict[str, dict[str, dict[str, tuple[Template, ...]]]] = {
    lang: {
        cat: {person: _templates(ts) for person, ts in by_person.items()}
        for cat, by_person in by_cat.items()
    }
    for lang, by_cat in _load("hostile").items()
}
# language -> person -> templates
SUPPORTIVE: dict[str, dict[str, tuple[Template, ...]]] = {
    lang: {person: _templates(ts) for person, ts in t.items()}
    for lang, t in _load("supportive").items()
}
NEUTRAL: dict[str, dict[str, tuple[Template, ...]]] = {
    lang: {person: _templates(ts) for person, ts in t.items()}
    for lang, t in _load("neutral").items()
}
# Languages outside fr/en: language -> stance -> (template, category)
OTHER: dict[str, dict[str, tuple[tuple[Template, str | None], ...]]] = {
    lang: {
        stance: tuple((compile_template(i["text"]), i.get("category")) for i in items)
        for stance, items in table.items()
    }
    for lang, table in _load("other_languages").items()
}

_incident = _load("incident")
DESIGNATING_TEXT: str = _incident["designating_post"]
TARGET_POSTS = _templates(_incident["target_posts"])
BAD_TIMESTAMPS = tuple(_incident["bad_timestamps"])
# Copy-paste campaign: language -> (text, category), posted verbatim.
CAMPAIGN: dict[str, tuple[tuple[str, str], ...]] = {
    lang: tuple((i["text"], i["category"]) for i in items)
    for lang, items in _incident["campaign"].items()
}
EDIT_SUFFIXES = _words(_incident["edit_suffixes"])

_accounts = _load("accounts")
FIRST_NAMES = tuple(_accounts["first_names"])
LAST_NAMES = tuple(_accounts["last_names"])
HANDLE_WORDS = tuple(_accounts["handle_words"])
NAME_DECORATIONS = tuple(_accounts["name_decorations"])
TRICKY_NAMES = tuple(_accounts["tricky_names"])

# --- filling -----------------------------------------------------------------------------------

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7", "é": "3"}
_VOWELS = set("aeiouyéèêàâ")
_ACCENTS = str.maketrans(
    {
        "à": "a",
        "â": "a",
        "ä": "a",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "î": "i",
        "ï": "i",
        "ô": "o",
        "ö": "o",
        "ù": "u",
        "û": "u",
        "ü": "u",
        "ç": "c",
        "œ": "oe",
        "É": "E",
        "È": "E",
        "À": "A",
        "Ç": "C",
    }
)


def strip_accents(text: str) -> str:
    return text.translate(_ACCENTS)


def obfuscate(rng: random.Random, word: str) -> str:
    """Spellings used to slip past keyword filters: leetspeak, dots, spaces, stars, repeats."""
    m = rng.random()
    if m < 0.3:
        return "".join(_LEET[c] if c in _LEET and rng.random() < 0.7 else c for c in word)
    if m < 0.45:
        return ".".join(word)
    if m < 0.55:
        return " ".join(word)
    if m < 0.7:
        idx = [i for i, c in enumerate(word) if c in _VOWELS]
        if idx:
            i = pick(rng, idx)
            return word[:i] + "*" + word[i + 1 :]
    i = rng.randrange(len(word))
    if word[i].isalpha():
        word = word[:i] + word[i] * rng.randint(3, 6) + word[i + 1 :]
    return word


_WORD_SLOTS = {
    "insult": INSULTS,
    "a_insult": INSULTS,
    "adjective": ADJECTIVES,
    "kill_verb": KILL_VERBS,
}


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


class Filler:
    """Fills one template. `urls` collects the (t.co, expanded) links the text now contains."""

    __slots__ = ("rng", "lang", "stance", "category", "referent", "obf", "urls")

    def __init__(
        self,
        rng: random.Random,
        lang: str,
        stance: str,
        category: str | None,
        referent: str,
        obf: bool,
    ) -> None:
        self.rng, self.lang, self.stance, self.category = rng, lang, stance, category
        self.referent, self.obf = referent, obf
        self.urls: list[tuple[str, str]] = []

    def fill(self, template: Template) -> str:
        return "".join(p if i % 2 == 0 else self.slot(p) for i, p in enumerate(template))

    def slot(self, name: str) -> str:
        rng, lang = self.rng, self.lang if self.lang in ("fr", "en") else "en"
        if name in _WORD_SLOTS:
            word = pick(rng, _WORD_SLOTS[name][lang])
            shown = obfuscate(rng, word) if self.obf else word
            return _article(word)[: -len(word)] + shown if name == "a_insult" else shown
        if name == "emoji":
            group = "threat" if self.category in ("threat", "death_threat") else self.stance
            return pick(rng, EMOJI[group])
        if name == "closer":
            return pick(rng, CLOSERS["fr" if self.lang == "fr" else "en"][self.stance])
        if name == "target":
            return self.referent
        if name == "first_name":
            return TARGET_FIRST_NAME
        if name == "topic":
            return pick(rng, TOPICS[lang])
        if name == "hashtag":
            return pick(rng, HASHTAGS[self.stance])
        if name == "address":
            return f"{rng.randint(1, 99)} {pick(rng, STREETS[lang])}, {pick(rng, CITIES[lang])}"
        if name == "phone":
            if lang == "fr":
                return (
                    f"{pick(rng, ('06 39 98', '01 99 00'))} {rng.randint(0, 99):02d} "
                    f"{rng.randint(0, 99):02d}"
                )
            return f"(202) 555-01{rng.randint(0, 99):02d}"
        if name == "link":
            return self.link(f"https://news.example.com/articles/{rng.randint(10_000, 99_999)}")
        raise KeyError(f"unknown template slot {{{name}}}")

    def link(self, expanded: str) -> str:
        short = tco(self.rng)
        self.urls.append((short, expanded))
        return short


_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def tco(rng: random.Random) -> str:
    """A shortened link in X's t.co shape (random, so it cannot point at anything real)."""
    return "https://t.co/" + "".join(rng.choices(_ALNUM, k=10))


def compose(
    rng: random.Random, lang: str, stance: str, category: str | None, person: str, referent: str
) -> tuple[str, str | None, list[tuple[str, str]]]:
    """A post body (without the leading @handle a reply gets) -> (text, category, links)."""
    if lang not in ("fr", "en"):
        template, category = pick(rng, OTHER[lang][stance])
        filler = Filler(rng, lang, stance, category, referent, False)
        return filler.fill(template).strip(), category, filler.urls
    if stance == "hostile":
        assert category is not None
        table = HOSTILE[lang][category]
        templates = table.get(person) or table["you" if person == "they" else "they"]
    else:
        templates = (SUPPORTIVE if stance == "supportive" else NEUTRAL)[lang][person]
    if referent.startswith("@"):  # the post must name her: only templates that carry {target}
        templates = tuple(t for t in templates if "target" in t[1::2]) or templates
    hostile = stance == "hostile"
    filler = Filler(rng, lang, stance, category, referent, hostile and rng.random() < 0.25)
    text = filler.fill(pick(rng, templates)).strip()
    text = re.sub(r"  +", " ", text) if "  " in text else text
    if lang == "fr" and rng.random() < 0.12:
        text = strip_accents(text)
    # Shouting, but never over a handle or a t.co link: both are case-sensitive on the wire.
    if hostile and rng.random() < 0.05 and "@" not in text and not filler.urls:
        text = text.upper()
    elif text[:1].isalpha() and rng.random() < 0.45:
        text = text[0].upper() + text[1:]
    return text, category, filler.urls


def pick_referent(rng: random.Random, lang: str, stance: str) -> str:
    table = REFERENTS["fr" if lang == "fr" else "en"]
    return pick(rng, table["hostile" if stance == "hostile" else "other"])


_ASCII_NAMES = {n: re.sub(r"[^A-Za-z]", "", strip_accents(n)) for n in FIRST_NAMES + LAST_NAMES}


def account_names(rng: random.Random, fresh: bool, used: set[str]) -> tuple[str, str]:
    """(username, display name) of a new account; `used` holds the lower-cased taken handles."""
    first, last = pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)
    first_a, last_a = _ASCII_NAMES[first], _ASCII_NAMES[last]
    style = rng.random()
    if fresh and style < 0.7:  # X's default handle for a new account: name + 8 digits
        handle = f"{first_a}{rng.randint(10**7, 10**8 - 1)}"
    elif style < 0.35:
        handle = f"{first_a.lower()}_{last_a.lower()}{pick(rng, ('', str(rng.randint(1, 99))))}"
    elif style < 0.65:
        handle = f"{pick(rng, HANDLE_WORDS)}_{rng.randint(1, 2020)}"
    elif style < 0.85:
        handle = f"{first_a}{last_a[:1]}{rng.randint(60, 99)}"
    else:
        handle = f"{pick(rng, HANDLE_WORDS).capitalize()}{pick(rng, HANDLE_WORDS).capitalize()}"
    handle = handle[:15]
    # X handles are unique case-insensitively; "demo_" is kept for the scenario's own accounts.
    while handle.lower() in used or handle.lower().startswith("demo_"):
        handle = f"{handle[:11]}{rng.randint(1000, 9999)}"
    used.add(handle.lower())
    r = rng.random()
    name = (
        pick(rng, TRICKY_NAMES)
        if r < 0.006
        else f"{first} {last}{pick(rng, NAME_DECORATIONS)}"
        if r < 0.15
        else f"{pick(rng, HANDLE_WORDS).capitalize()} {first}"
        if r < 0.25
        else f"{first} {last}"
    )
    return handle, name
