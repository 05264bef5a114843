"""Scenes of harm promised, release 1.31 (eval/cases/own_threats_scenes.tsv): "i'll end you if…",
the target found in a ditch, acid thrown in a face, leaving in an ambulance, "five minutes
alone with her", "better pray i never meet her", "enjoy your last days on earth", the kids
who walk home alone "don't they", "lock your doors, sweetheart", "someone run her over", a
knife at the throat; in French "vivement qu'on la retrouve dans un fossé", acid on a person,
"je vais te laisser pour mort", "je te la ferme pour de bon". Sentences written for Tocsin
(issue 18) after reading the misses of fair batch 7 (eval/cases/fair_threats_direct.tsv, written
and scored before these rules); no evaluation sentence is among them.

What every own case file must hold is checked in tests/test_own_case_files.py; here, each rule
with the look-alike it is written against."""

from __future__ import annotations

import pytest

from tests.support import own_cases


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        pytest.param("gonna end you unless you delete it", "en", "en.threat.end_you_if", id="end"),
        pytest.param("I'll end this call now, bye", "en", None, id="end-call"),
        pytest.param(
            "once the cops find her in a dumpster nobody will care",
            "en",
            "en.threat.when_found_in",
            id="found",
        ),
        pytest.param("police found the stolen bike in a ditch", "en", None, id="found-bike"),
        pytest.param(
            "she'll get acid thrown in her eyes one day", "en", "en.threat.acid_thrown", id="acid"
        ),
        pytest.param(
            "the chemist was burned when acid splashed on her face in the lab accident",
            "en",
            None,
            id="acid-lab",
        ),
        pytest.param(
            "keep it up and you'll go home in a body bag",
            "en",
            "en.threat.leave_in_ambulance",
            id="ambulance",
        ),
        pytest.param(
            "grandpa went home in an ambulance and is recovering well",
            "en",
            None,
            id="ambulance-grandpa",
        ),
        pytest.param(
            "i just want five minutes alone with him in a dark room",
            "en",
            "en.threat.minutes_alone",
            id="alone",
        ),
        pytest.param(
            "give me five minutes alone with the manager and i'll sort your refund",
            "en",
            None,
            id="alone-manager",
        ),
        pytest.param(
            "she'd best pray i don't catch her outside",
            "en",
            "en.threat.better_pray_never",
            id="pray",
        ),
        pytest.param("you better pray the train is on time", "en", None, id="pray-train"),
        pytest.param(
            "savour your last weeks on this planet", "en", "en.threat.last_on_earth", id="earth"
        ),
        pytest.param(
            "what would you do on your last day on earth?", "en", None, id="earth-question"
        ),
        pytest.param(
            "your kids play outside alone don't they",
            "en",
            "en.threat.kin_alone_tag",
            id="kin-alone",
        ),
        pytest.param(
            "do your kids walk to school alone? mine are nine", "en", None, id="kin-alone-asked"
        ),
        pytest.param(
            "better lock your doors tonight, princess", "en", "en.threat.lock_doors", id="doors"
        ),
        pytest.param(
            "lock your doors tonight, the storm might blow them open", "en", None, id="doors-storm"
        ),
        pytest.param(
            "someone just run that cunt over", "en", "en.threat.someone_run_over", id="run-over"
        ),
        pytest.param("somebody ran over my foot with a trolley", "en", None, id="run-over-trolley"),
        pytest.param(
            "i'd love to watch him get his teeth kicked in",
            "en",
            "en.threat.see_body_broken",
            id="see-broken",
        ),
        pytest.param(
            "i'd love to watch him get his teeth cleaned, he hates the dentist",
            "en",
            None,
            id="see-dentist",
        ),
        pytest.param(
            "we're breaking his legs tonight", "en", "en.threat.progressive_break", id="breaking"
        ),
        pytest.param("i'm breaking my back at this job", "en", None, id="breaking-back"),
        pytest.param(
            "he should be dragged out of his house and shot",
            "en",
            "en.threat.dragged_and",
            id="dragged",
        ),
        pytest.param(
            "the mob dragged him out of his house and shot him, witnesses said",
            "en",
            None,
            id="dragged-news",
        ),
        pytest.param(
            "you'll feel a blade against your neck soon enough",
            "en",
            "en.threat.knife_throat",
            id="knife",
        ),
        pytest.param(
            "nobody is holding a knife to your throat, you can say no",
            "en",
            None,
            id="knife-choice",
        ),
        pytest.param(
            "vivement qu'on le retrouve dans un fossé ce traître",
            "fr",
            "fr.threat.wish_found",
            id="fr-found",
        ),
        pytest.param("vivement qu'on se retrouve au bord de la mer", "fr", None, id="fr-found-sea"),
        pytest.param(
            "quelqu'un devrait verser du vitriol sur cette militante",
            "fr",
            "fr.threat.acid_on_person",
            id="fr-acid",
        ),
        pytest.param(
            "verse un peu d'acide sur cette tache de rouille", "fr", None, id="fr-acid-rust"
        ),
        pytest.param(
            "on va la laisser en sang devant chez elle",
            "fr",
            "fr.threat.leave_for_dead",
            id="fr-leave",
        ),
        pytest.param("je vais te laisser tranquille ce soir", "fr", None, id="fr-leave-alone"),
        pytest.param(
            "on va vous la fermer pour de bon", "fr", "fr.threat.shut_it_for_good", id="fr-shut"
        ),
        pytest.param("le magasin ferme définitivement ses portes", "fr", None, id="fr-shop"),
        pytest.param("je te ferme la porte en partant", "fr", None, id="fr-door"),
        pytest.param(
            "je sais à quelle heure tu sors, je passe te chercher en voiture",
            "fr",
            None,
            id="fr-lift",
        ),
        pytest.param(
            "je vais te faire manger des dents de requin en bonbon", "fr", None, id="fr-sweets"
        ),
    ],
)
def test_scenes_of_harm_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)
