"""Implicit and indirect threats (issue 18), French and English, by the rules alone: each
threat is named by the rule that found it; violent words without a target (news, games, sport,
counter-speech, care) stay out of the threat category. Sentences written for Tocsin."""

from __future__ import annotations

import polars as pl
import pytest

from tasks.scoring.rules import RulesScorer

# (lang, text, the rule expected among the reasons)
THREATS = [
    ("fr", "ou je te détruis", "fr.threat.present"),
    ("fr", "jte bute si je te croise", "fr.threat.first_person"),
    ("fr", "mort à toi et à ta famille", "fr.threat.death_to_you"),
    ("fr", "tu peux aller crever", "fr.threat.you_can_die"),
    ("fr", "on va mettre le feu à ta maison", "fr.threat.burn_home"),
    ("fr", "je vais trouver où tu habites", "fr.threat.find_where"),
    ("fr", "j'espère que tu mourras seule", "fr.threat.wish_you_dead"),
    ("fr", "j'espere que tu vas te faire renverser par un bus", "fr.threat.wish_you_dead"),
    ("fr", "je ferai en sorte que ta vie soit finie", "fr.threat.life_over"),
    ("fr", "elle mériterait d'être tabassée", "fr.threat.deserves_harm"),
    ("fr", "va te tailler les veines", "fr.threat.self_harm_advice"),
    ("fr", "tu vas être égorgé comme un mouton", "fr.threat.you_must_be"),
    ("fr", "on va zigouiller tous ces gauchistes", "fr.threat.street_np"),
    ("fr", "faut la buter cette pute", "fr.threat.must_kill_this"),  # holds must_kill_her's span
    ("fr", "faudrait tirer sur des gens comme toi", "fr.threat.people_like_you"),
    ("fr", "je vais demander à mes gars de te casser les jambes", "fr.threat.ask_third_party"),
    ("fr", "tu passeras pas l'hiver", "fr.threat.not_long_to_live"),
    ("fr", "qu'elle crève la bouche ouverte", "fr.threat.let_die"),
    ("fr", "ce serait dommage qu'il arrive quelque chose à tes enfants", "fr.threat.pity_if"),
    ("fr", "on connait l'école de ta fille", "fr.threat.know_kin"),
    ("fr", "jvais te teuber", "fr.threat.street"),
    ("fr", "mes reufs vont te tomber dessus", "fr.threat.third_party"),
    ("fr", "jvai tfaire la peau", "fr.threat.sms_glued"),
    ("fr", "tu vas regretter d'etre nee", "fr.threat.regret_born"),
    ("fr", "je vais faire de ta vie un enfer", "fr.threat.life_hell"),
    ("fr", "elle finira à la morgue", "fr.threat.end_up"),
    ("fr", "@x va le regretter, crois-moi", "fr.threat.handle_will_regret"),
    ("en", "Hang her.", "en.threat.imperative"),
    ("en", "@x @y is going to regret this", "en.threat.handle_will_regret"),
    ("en", "this bitch needs a rope around her neck", "en.threat.needs_violence"),
    ("en", "he should be strung up", "en.threat.should_hang"),
    ("en", "you won't live to see christmas", "en.threat.not_long"),
    ("en", "i'll burn your house down", "en.threat.burn_home"),
    ("en", "we're gonna find your kids", "en.threat.hurt_kin"),
    ("en", "i know what school your kids go to", "en.threat.know_kin"),
    ("en", "would be a shame if something happened to them", "en.threat.pity_if"),
    ("en", "hope she dies slowly", "en.threat.wish_accident"),
    ("en", "i hope someone rapes her", "en.threat.wish_someone"),
    ("en", "go slit your wrists", "en.threat.self_harm_advice"),
    ("en", "you'll regret the day you were born", "en.threat.you_will_get"),
    ("en", "somebody better shut her up for good", "en.threat.someone_will_hurt"),
    ("en", "die in a fire", "en.threat.go_die"),
]

# Violent words with no target, in play, in news, reported, negated or said with care.
NOT_THREATS = [
    ("fr", "je vais te détruire aux échecs"),
    ("fr", "je te massacre au tennis quand tu veux"),
    ("fr", "tu peux crever de rire"),
    ("fr", "ils méritaient de gagner"),
    ("fr", "ce téléphone est foutu"),
    ("fr", "on va mettre le feu au dancefloor"),
    ("fr", "tu dois être épuisée après cette semaine"),
    ("fr", "j'espère qu'elle ne meurt pas, pauvre petite"),
    ("fr", "ne te jette pas sous un train, appelle le 3114"),
    ("fr", "soutien total, ne lâche rien face à ceux qui disent qu'ils vont te tuer"),
    ("fr", "on va pendre la crémaillère samedi"),
    ("fr", "courage, fais attention à toi, il fait froid"),
    ("fr", "la voiture finira dans le fossé"),
    ("en", "shoot her a message when you land"),
    ("en", "Slap her hand and say no, she's two"),
    ("en", "they say the police tried to kill him"),
    ("en", "she needs to hang out more"),
    ("en", "you will be found"),
    ("en", "i hope you don't get run over out there, drive safe"),
    ("en", "stop saying you'll burn her house, it's a crime"),
    ("en", "just kill him in the game with the sword"),
    ("en", "Who will pay for this? the taxpayers"),
]


@pytest.fixture(scope="module")
def scored() -> pl.DataFrame:
    rows = [(lang, text) for lang, text, _ in THREATS] + NOT_THREATS
    df = pl.DataFrame({"lang": [r[0] for r in rows], "text": [r[1] for r in rows]})
    return RulesScorer(model=False).score(df)


def test_implicit_threats_are_threats_named_by_their_rule(scored: pl.DataFrame) -> None:
    wrong = [
        (text, row["categories"], row["reasons"])
        for (_, text, rule), row in zip(
            THREATS, scored.head(len(THREATS)).iter_rows(named=True), strict=True
        )
        if row["stance"] != "hostile"
        or "threat" not in row["categories"]
        or row["severity"] != 4
        or not any(r.startswith(f"{rule}: «") for r in row["reasons"])
    ]
    assert wrong == []


def test_violent_words_without_a_target_are_no_threat(scored: pl.DataFrame) -> None:
    wrong = [
        (text, row["reasons"])
        for (_, text), row in zip(
            NOT_THREATS, scored.tail(len(NOT_THREATS)).iter_rows(named=True), strict=True
        )
        if "threat" in (row["categories"] or [])
    ]
    assert wrong == []


def test_outrage_at_what_the_target_endures_is_not_abuse() -> None:
    """Support that says "disgusting" about the raid, not about the target: the support rule
    outweighs the insult rule that reads "is disgusting"."""
    texts = [
        "what @demo_journalist is going through is disgusting. Support.",
        "what she has to endure is appalling",
    ]
    out = RulesScorer(model=False).score(pl.DataFrame({"lang": ["en", "en"], "text": texts}))
    assert out["stance"].to_list() == ["supportive", "supportive"], out["reasons"].to_list()
