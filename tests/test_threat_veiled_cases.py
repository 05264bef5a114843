"""Veiled threats, third parties sent and the pile's calls, release 1.47
(tasks/scoring/lexicon_threats_veiled.py; eval/cases/own_threats_veiled.tsv): each rule with the
look-alike it is written against. The probe sentences are ours; the case file also holds a
helper's development sentences (issue 18). None is an evaluation sentence, nor in a blind fair
batch (tests/test_own_case_files.py checks both, and reads every own case as written)."""

from __future__ import annotations

import pytest

from tasks.scoring.rules import RulesScorer
from tests.support import own_cases


@pytest.fixture(scope="module")
def scorer() -> RulesScorer:
    return RulesScorer()


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ("it would be a shame if something happened to your daughter", "en", "en.threat.pity_if"),
        ("would be a pity if anything happened to ur car", "en", "en.threat.shame_if"),
        ("it'd be a shame if your windows got smashed one night", "en", "en.threat.shame_if_yours"),
        ("would hate for your tires to get slashed", "en", "en.threat.shame_if_yours"),
        ("it would be a shame if the concert got cancelled", "en", None),
        ("would hate for your flight to get cancelled", "en", None),
        ("found your address lol, see you soon", "en", "en.threat.found_see_soon"),
        ("we'll be stopping by one night", "en", "en.threat.drop_by_night"),
        ("we'll drop by tonight with the cake", "en", None),
        ("my guys will handle you", "en", "en.threat.crew_handles"),
        ("the boys will be waiting for you at the airport with flowers", "en", None),
        ("our friends will pick you up at the station", "en", None),
        ("people are on their way to your house", "en", "en.threat.on_their_way"),
        ("sent your address to some guys", "en", "en.threat.info_to_crew"),
        ("i sent your photo to my friends, they loved it", "en", None),
        ("they'll find you by the side of the road", "en", "en.threat.found_road"),
        ("they'll find you at the bottom of the lake", "en", "en.threat.found_road"),
        ("we found you at the bottom of the leaderboard lol", "en", None),
        ("there's a bullet with your name on it", "en", "en.threat.name_on_it"),
        ("i bought a cake with your name on it", "en", None),
        ("this grave mistake has your name on it", "en", None),
        ("somebody please pop this clown", "en", "en.threat.someone_pop"),
        ("someone pop her already", "en", "en.threat.someone_pop_end"),
        ("someone pop the champagne", "en", None),
        ("can someone take out the trash", "en", None),
        ("beat him till he stops breathing", "en", "en.threat.till_stops"),
        ("keep stirring till it stops bubbling", "en", None),
        ("you won't make it home tonight", "en", "en.threat.wont_walk_away"),
        ("she won't make it home for christmas, her flight was cancelled", "en", None),
        ("hope a train finds you", "en", "en.threat.wish_found"),
        ("hoping someone runs her over", "en", "en.threat.wish_someone_runs"),
        ("can't wait for someone to deal with you", "en", "en.threat.wish_someone_deals"),
        ("i hope someone deals with the bug in the app", "en", None),
        ("hope your house sells fast", "en", None),
        ("he will break every bone in your body", "en", "en.threat.every_bone_body"),
        ("i felt every bone in my body after that hike", "en", None),
        ("this ends badly for you", "en", "en.threat.ends_badly"),
        ("this ends badly for the lakers", "en", None),
        ("i'll make you pay with my bare hands", "en", "en.threat.own_hands"),
        ("i made this cake with my own two hands", "en", None),
        ("i'd take a bullet for her", "en", None),
        ("she's getting dealt with", "en", "en.threat.getting_dealt_with"),
        ("the issue is getting dealt with", "en", None),
        ("no u not getting smoked out tonight, no weed left", "en", None),
        ("that guy is getting merked tonight", "en", "en.threat.getting_dealt_with"),
        ("the doctor will put you in the hospital if it gets worse", "en", None),
        ("wanna end up like the last reporter they found dead?", "en", "en.threat.end_up_like"),
        ("wanna end up like my uncle, rich and happy?", "en", None),
        ("one more tweet and your kids will pay", "en", "en.threat.one_more_word_kin"),
        ("one more tweet and you're blocked", "en", None),
        ("watch ur back", "en", "en.threat.watch_ur_back"),
        (
            "if anyone tells you they'll find you in a ditch, screenshot it and call the police",
            "en",
            None,
        ),
        ("the pile-on she's getting is coordinated, report the accounts", "en", None),
        ("tu vas comprendre ta douleur", "fr", "fr.threat.you_will_pay_dear"),
        ("vous allez le sentir passer", "fr", "fr.threat.you_will_pay_dear"),
        ("profite bien de tes derniers jours", "fr", "fr.threat.last_ones"),
        ("profite bien de tes derniers jours de vacances", "fr", None),
        ("un jour tu vas tomber sur la mauvaise personne", "fr", "fr.threat.wrong_person"),
        ("on a repéré l'école de ta fille", "fr", "fr.threat.spotted_school"),
        (
            "la sortie de l'école de ta fille est à 16h30, je peux la récupérer si tu veux",
            "fr",
            None,
        ),
        ("ta daronne on connait son adresse", "fr", "fr.threat.kin_address"),
        ("ta mère m'a donné son adresse pour la fête", "fr", None),
        ("ton adresse circule sur telegram", "fr", "fr.threat.address_circulates"),
        ("ta photo tourne partout, bravo pour le prix", "fr", None),
        ("tu vas pas dormir tranquille ce soir", "fr", "fr.threat.no_sleep"),
        ("tu peux dormir tranquille, tout est réglé", "fr", None),
        ("je vais envoyer mes gars te rendre visite", "fr", "fr.threat.send_crew_visit"),
        ("j'ai donné ton adresse à des mecs du quartier", "fr", "fr.threat.info_to_crew"),
        ("une infirmière va s'occuper de toi", "fr", None),
        ("les gars t'attendent devant ton immeuble", "fr", "fr.threat.crew_waits"),
        ("mes potes t'attendent à la sortie du concert pour te féliciter", "fr", None),
        ("on sera plusieurs à t'attendre devant ton taf", "fr", "fr.threat.wait_outside"),
        ("tu vas fermer ta gueule définitivement", "fr", "fr.threat.shut_mouth_for_good"),
        ("ils vont venir te chercher avec une batte", "fr", "fr.threat.fetch_armed"),
        ("je viens te chercher avec la voiture", "fr", None),
        ("tu seras six pieds sous terre", "fr", "fr.threat.be_underground"),
        ("si quelqu'un pouvait lui faire la peau", "fr", "fr.threat.if_someone_could"),
        ("si quelqu'un pouvait lui expliquer la règle", "fr", None),
        ("qu'un mec lui plante un couteau dans le dos", "fr", "fr.threat.wish_knife"),
        ("vivement qu'il arrive le printemps", "fr", None),
        ("j'espère qu'il lui arrive quelque chose de bien", "fr", None),
        ("il va se prendre un bus de nuit", "fr", None),
        ("elle va se prendre une bonne note", "fr", None),
        ("j'espère qu'elle se prend un camion", "fr", "fr.threat.wish_vehicle"),
        ("si elle se prend un bus elle arrivera à l'heure", "fr", None),
        ("on va le fumer, j'ai le calibre", "fr", "fr.threat.smoke_armed"),
        ("on va le fumer ce saumon, j'ai le fumoir", "fr", None),
        ("tu veux qu'il t'arrive la même chose", "fr", "fr.threat.same_fate"),
        ("tu veux finir comme paty ?", "fr", "fr.threat.end_like"),
        ("tu veux finir comme ton père, médecin ?", "fr", None),
        ("et si ta maison brûlait cette nuit", "fr", "fr.threat.what_if_home"),
        ("et si ta maison était plus grande", "fr", None),
        ("tes gardes du corps seront pas là tout le temps", "fr", "fr.threat.guards_not_always"),
        ("les flics te retrouveront pendue", "fr", "fr.threat.found_on_floor"),
        ("ta fille te retrouvera à la gare", "fr", None),
        ("on va les défoncer samedi au stade", "fr", None),
        ("je me suis fait tuer par un boss", "fr", None),
        ("elle s'est fait massacrer par la critique", "fr", None),
        ("vous la harcelez depuis des semaines, ça suffit", "fr", None),
        # the neutralizers: sport, a game lost, the weather, counter-speech, a quote that holds a
        # contraction
        ("we're gonna murder them saturday, their defense can't keep up", "en", None),
        ("watch your back on that ice this morning", "en", None),
        ("the raid on her mentions is disgusting, she deserves better", "en", None),
        ("the note just said 'you won't see it coming', a plot twist", "en", None),
        ("on va les défoncer samedi, ils savent pas ce qui les attend au stade", "fr", None),
        ("jviens de me faire buter par un sniper", "fr", None),
        ("vous harcelez une femme depuis des semaines, ça suffit", "fr", None),
    ],
)
def test_each_rule_and_its_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None
) -> None:
    own_cases.assert_rule_or_look_alike(scorer, text, lang, rule)


def test_a_single_quote_that_holds_a_contraction_is_one_quote(scorer: RulesScorer) -> None:
    row = own_cases.score_with(
        scorer, "a note saying 'you won't see it coming' opens the novel", "en"
    )
    assert row["stance"] != "hostile" and any(r.startswith("ignored.quote") for r in row["reasons"])
    # unquoted, the same words still threaten
    row = own_cases.score_with(scorer, "you won't see it coming", "en")
    assert "en.threat.you_wont_live" in [r.split(":")[0] for r in row["reasons"]]
