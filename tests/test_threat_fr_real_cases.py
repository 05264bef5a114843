"""French threats from real forums, release 1.9 (eval/cases/own_threats_fr_real.tsv): every
threat named by a rule span, every look-alike (care, an errand, games, fiction, a ball, a
roast, a film, the weather) not hostile at all. Sentences written for Tocsin (issue 18) in the
forms the training buckets of ToxiFrench-Jigsaw and RTP-LX showed missed; no evaluation
sentence is among them, nor in the fair batches of eval/cases/fair_threats_fr.tsv (written to
measure the rules, never fitted to after batch 1).

What every own case file must hold (both sides; every threat named by a rule span; no
look-alike hostile; no evaluation sentence; no case in a blind fair batch) is checked in
tests/test_own_case_files.py; here, each rule with the look-alike it is written against."""

from __future__ import annotations

import pytest

from tests.support import own_cases


# Each new rule with the look-alike it is written against.
@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        pytest.param(
            "je vais m'occuper de ta sœur, tu vas voir", "fr", "fr.threat.real_deal_with", id="deal"
        ),
        pytest.param("je vais m'occuper de ta sœur demain", "fr", None, id="deal-babysit"),
        pytest.param(
            "on va s'occuper personnellement de toi",
            "fr",
            "fr.threat.real_deal_personally",
            id="personally",
        ),
        pytest.param("j'ai une balle pour toi", "fr", "fr.threat.real_bullet_for_you", id="bullet"),
        pytest.param("j'ai une balle de tennis pour toi", "fr", None, id="bullet-tennis"),
        pytest.param(
            "j'ai affûté ma lame pour toi", "fr", "fr.threat.real_sharpened", id="sharpened"
        ),
        pytest.param("j'ai affûté mon couteau pour le gigot", "fr", None, id="sharpened-roast"),
        pytest.param(
            "je vais défoncer cette pétasse", "fr", "fr.threat.real_destroy_insulted", id="destroy"
        ),
        pytest.param("je vais détruire cette vieille théorie", "fr", None, id="destroy-theory"),
        pytest.param("ma revanche sera sanglante", "fr", "fr.threat.real_revanche", id="revanche"),
        pytest.param(
            "ma revanche sera terrible au prochain tournoi", "fr", None, id="revanche-game"
        ),
        pytest.param(
            "pourquoi tu te pends pas", "fr", "fr.threat.real_suicide_why", id="suicide-why"
        ),
        pytest.param("pourquoi tu te moques pas de moi", "fr", None, id="why-mock"),
        pytest.param("égorgez-la !", "fr", "fr.threat.real_incite", id="incite"),
        pytest.param("il tabasse le punching-ball à la salle", "fr", None, id="incite-gym"),
        pytest.param("tirez-lui dessus", "fr", "fr.threat.real_incite_shoot", id="shoot"),
        pytest.param("on va te coincer à la sortie", "fr", "fr.threat.real_catch", id="catch"),
        pytest.param("je vais te choper des places pour le match", "fr", None, id="catch-tickets"),
        pytest.param(
            "on vient chez toi avec une machette", "fr", "fr.threat.real_come_armed", id="armed"
        ),
        pytest.param("on vient chez toi avec une pizza", "fr", None, id="armed-pizza"),
        pytest.param("je te tomberai dessus", "fr", "fr.threat.real_fall_on", id="fall-on"),
        pytest.param(
            "vous allez voir ce que vous allez prendre",
            "fr",
            "fr.threat.real_what_you_get",
            id="what-you-get",
        ),
        pytest.param("tu vas prendre une torgnole", "fr", "fr.threat.real_take_a_blow", id="blow"),
        pytest.param("tu vas en prendre une.", "fr", "fr.threat.real_take_one", id="take-one"),
        pytest.param("tu vas en prendre une part ?", "fr", None, id="take-one-cake"),
        pytest.param("je vais t'en coller une", "fr", "fr.threat.real_give_one", id="give-one"),
        pytest.param("je vais t'en mettre une bouteille au frais", "fr", None, id="give-bottle"),
        pytest.param(
            "je vais t'arranger la gueule", "fr", "fr.threat.real_portrait", id="portrait"
        ),
        pytest.param("je vais te mettre en pls", "fr", "fr.threat.real_pls", id="pls"),
        pytest.param("ce match m'a mis en pls", "fr", None, id="pls-me"),
        pytest.param("gare à ta gueule", "fr", "fr.threat.real_beware", id="beware"),
        pytest.param("gare à toi, il y a du verglas", "fr", None, id="beware-ice"),
        pytest.param(
            "dommage si ta voiture crame", "fr", "fr.threat.real_shame_burn", id="shame-burn"
        ),
        pytest.param(
            "belle maison que vous avez, dommage qu'elle brûle",
            "fr",
            "fr.threat.real_shame_burn_yours",
            id="shame-burn-yours",
        ),
        pytest.param("dommage que le gratin crame", "fr", None, id="shame-gratin"),
        pytest.param(
            "t'as de la chance que je connaisse pas ton adresse",
            "fr",
            "fr.threat.real_lucky",
            id="lucky",
        ),
        pytest.param(
            "t'as de la chance que je sois loin", "fr", "fr.threat.real_lucky_far", id="lucky-far"
        ),
        pytest.param("je vais te botter le cul", "fr", "fr.threat.real_kick_ass", id="kick"),
        pytest.param("je vais te botter en touche", "fr", None, id="kick-touch"),
        pytest.param(
            "on va botter tes fesses", "fr", "fr.threat.real_kick_ass_poss", id="kick-poss"
        ),
        pytest.param("je vais te battre à mort", "fr", "fr.threat.real_to_death", id="to-death"),
        pytest.param("je vais te battre à mort aux échecs", "fr", None, id="to-death-chess"),
        pytest.param("je te traquerai", "fr", "fr.threat.real_future", id="future"),
        pytest.param("je vais t'écrabouiller", "fr", "fr.threat.real_kill_more", id="kill-more"),
        pytest.param("je vais liquider mon stock", "fr", None, id="liquidate-stock"),
        pytest.param(
            "tu seras morte demain", "fr", "fr.threat.real_will_be_dead", id="will-be-dead"
        ),
        pytest.param("tu seras mort de rire", "fr", None, id="dead-laughing"),
        pytest.param(
            "je m'en prendrai à toi", "fr", "fr.threat.real_go_after_future", id="go-after"
        ),
        pytest.param(
            "tu ne passeras pas l'hiver", "fr", "fr.threat.real_wont_live", id="wont-live"
        ),
        pytest.param("tu ne vivras pas longtemps dans ce studio", "fr", None, id="wont-live-flat"),
        pytest.param(
            "je vais te donner un coup de poing", "fr", "fr.threat.real_give_blow", id="give-blow"
        ),
        pytest.param("je vais te donner un coup de main", "fr", None, id="helping-hand"),
        pytest.param("fais gaffe à toi sur la route", "fr", None, id="careful-road"),
        pytest.param("je sais où tu habites, je te ramène ton vélo", "fr", None, id="errand"),
        pytest.param("dans le film il lui dit je vais te tuer", "fr", None, id="film"),
        pytest.param("je vais brûler les vieilles factures", "fr", None, id="burn-papers"),
    ],
)
def test_real_forum_threats_and_look_alikes(text: str, lang: str, rule: str | None) -> None:
    own_cases.assert_named_threat(text, lang, rule)
