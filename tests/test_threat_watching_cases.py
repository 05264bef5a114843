"""Threats of being watched, releases 1.20 and 1.21 (eval/cases/own_threats_watching.tsv): every threat
named by a rule span, every look-alike (television, a stream, a doctor's watch, a neighbour's
car, a school run asked about, a front desk, a film's length, a surgeon) not hostile at all.
Sentences written for Tocsin (issue 18) from probes of our own; no evaluation sentence is among
them.

What every own case file must hold is checked in tests/test_own_case_files.py; here, each rule
with the look-alike it is written against, and the release's four false threats of older rules
now neutral."""

from __future__ import annotations

import pytest

from tests.support import own_cases


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        pytest.param(
            "on t'a vu sortir de chez toi ce matin", "fr", "fr.threat.seen_at_home", id="seen"
        ),
        pytest.param("on t'a vu à la télé hier soir, bravo", "fr", None, id="seen-tv"),
        pytest.param("on te surveille.", "fr", "fr.threat.watching_you", id="watching"),
        pytest.param("je te surveille 😂", "fr", None, id="watching-tease"),
        pytest.param("le médecin te surveille cette nuit", "fr", None, id="watching-doctor"),
        pytest.param(
            "on surveille tes allées et venues", "fr", "fr.threat.watching_moves", id="moves"
        ),
        pytest.param("on surveille tes horaires de sommeil", "fr", None, id="moves-sleep"),
        pytest.param("je sais quelle voiture tu conduis", "fr", "fr.threat.know_car", id="car"),
        pytest.param("je connais ta voiture, c'est la même", "fr", None, id="car-same"),
        pytest.param(
            "jolie ta caisse garée devant chez toi", "fr", "fr.threat.car_parked", id="parked"
        ),
        pytest.param(
            "on sait où elle dépose ses gosses le matin",
            "fr",
            "fr.threat.know_kin_drop",
            id="kin-drop",
        ),
        pytest.param(
            "tu sais où je peux déposer mes enfants ?", "fr", None, id="kin-drop-question"
        ),
        pytest.param("on connait ton code d'entrée", "fr", "fr.threat.know_code", id="code"),
        pytest.param("tu connais ton code d'entrée ?", "fr", None, id="code-question"),
        pytest.param(
            "on a des potes dans ton quartier", "fr", "fr.threat.friends_near", id="friends"
        ),
        pytest.param(
            "quelqu'un va finir par s'occuper de toi",
            "fr",
            "fr.threat.someone_in_the_end",
            id="someone",
        ),
        pytest.param("quelqu'un va s'occuper de toi à l'accueil", "fr", None, id="someone-desk"),
        pytest.param(
            "c'est ton dernier avertissement", "fr", "fr.threat.last_warning", id="last-warning"
        ),
        pytest.param(
            "c'est ton dernier avertissement avant l'exclusion du forum",
            "fr",
            None,
            id="last-warning-forum",
        ),
        pytest.param(
            "we saw you leave your house this morning",
            "en",
            "en.threat.seen_at_home",
            id="en-seen",
        ),
        pytest.param("we saw you at your house party", "en", None, id="en-seen-party"),
        pytest.param("we followed you home", "en", "en.threat.followed_home", id="en-followed"),
        pytest.param("we're watching you", "en", "en.threat.watching_you", id="en-watching"),
        pytest.param("I'm watching you on the stream right now", "en", None, id="en-stream"),
        pytest.param("we know your schedule.", "en", "en.threat.know_schedule", id="en-schedule"),
        pytest.param("I know your schedule is busy this week", "en", None, id="en-busy"),
        pytest.param(
            "we know what time you get home", "en", "en.threat.know_what_time", id="en-time"
        ),
        pytest.param(
            "nice car parked outside your place", "en", "en.threat.car_parked", id="en-parked"
        ),
        pytest.param(
            "we know where she drops her kids off",
            "en",
            "en.threat.know_kin_drop",
            id="en-kin-drop",
        ),
        pytest.param("we know your door code", "en", "en.threat.know_code", id="en-code"),
        pytest.param("I forgot my door code again", "en", None, id="en-code-forgot"),
        pytest.param(
            "we have friends in your neighborhood",
            "en",
            "en.threat.friends_near",
            id="en-friends",
        ),
        pytest.param(
            "someone is going to deal with you eventually",
            "en",
            "en.threat.someone_in_the_end",
            id="en-someone",
        ),
        pytest.param(
            "consider this your final warning", "en", "en.threat.last_warning", id="en-warning"
        ),
        pytest.param("last warning: the sale ends tonight", "en", None, id="en-warning-sale"),
        # release 1.21: SMS spellings, the passive, following home, photos, driving past
        pytest.param(
            "jte surveille sale pute", "fr", "fr.threat.watching_you_sms", id="watching-sms"
        ),
        pytest.param("t'es surveillée.", "fr", "fr.threat.you_are_watched", id="watched"),
        pytest.param("tu es suivie par un médecin ?", "fr", None, id="watched-doctor"),
        pytest.param("on te suit jusqu'à chez toi", "fr", "fr.threat.follow_home", id="follow"),
        pytest.param("je te raccompagne jusqu'à chez toi ?", "fr", None, id="follow-walk-home"),
        pytest.param(
            "on a des photos de tes gosses", "fr", "fr.threat.photos_of_yours", id="photos"
        ),
        pytest.param(
            "on a des photos de tes gosses de la fête, je te les envoie",
            "fr",
            None,
            id="photos-party",
        ),
        pytest.param("you're being watched", "en", "en.threat.you_are_watched", id="en-watched"),
        pytest.param(
            "you're being watched by millions on tv tonight", "en", None, id="en-watched-tv"
        ),
        pytest.param(
            "we have photos of your kids.", "en", "en.threat.photos_of_yours", id="en-photos"
        ),
        pytest.param(
            "i drive past your house every night", "en", "en.threat.drive_past", id="en-drive"
        ),
        pytest.param(
            "I drive past your house every day on my way to work", "en", None, id="en-drive-work"
        ),
        pytest.param("we kno where u live", "en", "en.threat.know_where_sms", id="en-know-sms"),
    ],
)
def test_watching_threats_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # older rules' false threats, neutral since 1.20 (fr.threat.cut_open, look_behind,
        # fr.other_abuse.cry, en.threat.days_numbered, en.threat.someone_should)
        pytest.param("faut lui ouvrir le ventre pour l'opérer", "fr", id="surgery"),
        pytest.param("regarde derrière toi, il y a un arc-en-ciel", "fr", id="rainbow"),
        pytest.param("ta mère va pleurer à ton mariage", "fr", id="wedding"),
        pytest.param("your days are numbered at this company", "en", id="company"),
        pytest.param("someone will take care of you soon at the front desk", "en", id="desk"),
        # release 1.22: forms the training pools showed, in sentences of our own
        pytest.param("you're gonna die a virgin at this rate", "en", id="die-virgin"),
        pytest.param("you'll regret not asking her out", "en", id="regret-not"),
        pytest.param("I'd rather slit my own throat than watch that again", "en", id="own-throat"),
        pytest.param("a deer with its throat cut was found by the road", "en", id="deer"),
        pytest.param("just kill all the processes and restart", "en", id="processes"),
        pytest.param("so you want to kill all men now? great argument", "en", id="reported"),
        pytest.param("je vais buter ton perso au prochain tour", "fr", id="game"),
        pytest.param("je vais tuer ta page si tu continues", "fr", id="wiki-page"),
        pytest.param("t'es mort ? tu réponds plus", "fr", id="dead-question"),
        # release 1.23: a noun after an article is not a verb after a pronoun
        pytest.param("nous refusons la torture", "fr", id="torture-noun"),
        pytest.param("qui a vu le massacre hier soir", "fr", id="massacre-noun"),
        pytest.param("qui est l'auteur de la fusillade", "fr", id="fusillade-noun"),
        pytest.param("je suis contre l'exécution des prisonniers", "fr", id="execution-noun"),
        pytest.param("on a retrouvé le flingue dans la voiture", "fr", id="gun-noun"),
        # release 1.24: an article after another verb
        pytest.param("je regarde le massacre de Nankin en documentaire", "fr", id="watch-noun"),
        pytest.param("je regarde la bagarre de loin", "fr", id="watch-fight"),
        # release 1.25: "la crève" is a cold, "la tabasse" a beating talked about
        pytest.param("j'ai chopé la crève, je reste au lit", "fr", id="cold"),
        pytest.param("je déteste la tabasse entre supporters", "fr", id="tabasse-noun"),
        # release 1.26: kill_fr's verbs in their ordinary senses
        pytest.param("on tond les gazons ce week-end", "fr", id="lawns"),
        pytest.param("je vais te retrouver au café à 18h", "fr", id="meet"),
        pytest.param("je vais te planter là, j'ai un train", "fr", id="ditch"),
        pytest.param("je vais le descendre à la cave", "fr", id="carry-down"),
        pytest.param("on va le noyer dans la sauce", "fr", id="sauce"),
        pytest.param("je vais te saigner au poker", "fr", id="poker"),
    ],
)
def test_older_false_threats_are_neutral(text: str, lang: str) -> None:
    out = own_cases.score_one(text, lang)
    assert out["stance"] == "neutral", out["reasons"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # the threats beside the false ones taken out in release 1.22 stay threats
        pytest.param("t'es mort sale pute", "fr", id="dead"),
        pytest.param("je vais buter ta famille", "fr", id="family"),
        pytest.param("I will kill all of you", "en", id="all-of-you"),
        pytest.param("kill all feminists", "en", id="kill-all"),
        pytest.param("you'll regret this", "en", id="regret"),
        pytest.param("I'll slit your throat", "en", id="throat"),
        pytest.param("you're gonna die tonight", "en", id="die-tonight"),
        pytest.param("je te torture", "fr", id="torture-verb"),
        pytest.param("je te massacre", "fr", id="massacre-verb"),
        pytest.param("je vais la torturer", "fr", id="torture-inf"),
        pytest.param("on va les exterminer", "fr", id="exterminate"),
        pytest.param("je vais te poignarder", "fr", id="stab"),
        pytest.param("nous les égorgeons", "fr", id="cut-throats"),
        pytest.param("jvais la schlass", "fr", id="schlass"),
        pytest.param("on va la marave", "fr", id="marave"),
        pytest.param("on les tabassait", "fr", id="beat-imperfect"),
        pytest.param("je te tabasse", "fr", id="beat-you"),
        pytest.param("je la tabasse", "fr", id="beat-her"),
        pytest.param("crève !", "fr", id="die"),
        pytest.param("on va te retrouver chez toi", "fr", id="find-home"),
        pytest.param("je vais te planter la lame", "fr", id="stab-blade"),
        pytest.param("je vais te descendre", "fr", id="shoot-down"),
        pytest.param("on va le noyer dans la seine", "fr", id="drown"),
        pytest.param("gazons ces parasites", "fr", id="gas"),
        pytest.param("je vais te saigner", "fr", id="bleed"),
        # a visit announced at the target's door stays a threat (the demo's raid)
        pytest.param("on viendra frapper à ta porte", "fr", id="knock-door"),
    ],
)
def test_the_threats_beside_them_stay_threats(text: str, lang: str) -> None:
    out = own_cases.score_one(text, lang)
    assert "threat" in out["categories"], out["reasons"]
    assert any(".threat." in r and "«" in r for r in out["reasons"]), out["reasons"]
