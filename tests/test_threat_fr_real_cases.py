"""French threats from real forums, release 1.9 (eval/cases/own_threats_fr_real.tsv): every
threat named by a rule span, every look-alike (care, an errand, games, fiction, a ball, a
roast, a film, the weather) not hostile at all. Sentences written for Tocsin (issue 18) in the
forms the training buckets of ToxiFrench-Jigsaw and RTP-LX showed missed; no evaluation
sentence is among them, nor in the fair batches of eval/cases/fair_threats_fr.tsv (written to
measure the rules, never fitted to after batch 1)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from eval.train import OWN_CASES
from tests.support import own_cases

FILE = "own_threats_fr_real.tsv"
FAIR = "fair_threats_fr.tsv"


@pytest.fixture(scope="module")
def scored() -> pl.DataFrame:
    return own_cases.scored([FILE])


def test_the_file_holds_both_sides(scored: pl.DataFrame) -> None:
    assert set(scored["lang"]) == {"fr"}
    assert scored.filter(pl.col("threat") == 1).height >= 40
    assert scored.filter(pl.col("threat") == 0).height >= 25


def test_the_model_learns_from_the_file_and_not_from_the_fair_batches() -> None:
    names = {p.name for p in OWN_CASES}
    assert FILE in names and FAIR not in names


def test_the_fair_batches_have_the_columns_of_the_english_ones() -> None:
    fair = own_cases.read([FAIR])
    english = own_cases.read(["fair_threats_direct.tsv"])
    assert fair.columns == english.columns
    assert set(fair["batch"]) == {1, 2} and set(fair["lang"]) == {"fr"}


def test_every_threat_is_named_by_a_rule_span(scored: pl.DataFrame) -> None:
    assert own_cases.unnamed_threats(scored) == []


def test_no_look_alike_is_hostile(scored: pl.DataFrame) -> None:
    assert own_cases.hostile_look_alikes(scored) == []


def test_the_cases_are_not_evaluation_sentences(fixtures_dir: Path) -> None:
    for f in (FILE, FAIR):
        found = own_cases.evaluation_sentences_among([f], fixtures_dir)
        assert {name: ours for name, ours in found.items() if ours} == {}, f


def test_no_own_case_is_a_fair_case() -> None:
    ours = {t.lower().strip() for t in own_cases.read([FILE])["text"].to_list()}
    fair = {t.lower().strip() for t in own_cases.read([FAIR])["text"].to_list()}
    assert ours & fair == set()


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
