"""The plainest threats in German, Spanish, Italian and Portuguese, releases 1.40 and 1.41
(tasks/scoring/lexicon_threats_other.py; eval/cases/own_threats_other.tsv): each rule with the
look-alike it is written against, a threat named in a post whose language is otherwise unread
(the post still says so), and a span two languages' rules share named by the post's own.
Sentences written for Tocsin (issue 18); none is an evaluation sentence, nor in the fair batches
of eval/cases/fair_threats_other.tsv (tests/test_own_case_files.py checks both)."""

from __future__ import annotations

import pytest

from tasks.scoring.rules import RulesScorer
from tests.support import own_cases


@pytest.fixture(scope="module")
def scorer() -> RulesScorer:
    return RulesScorer()


def _rules(row: dict[str, object]) -> list[str]:
    return [r.split(":")[0] for r in row["reasons"]]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        pytest.param("ich bring dich um, schlampe", "de", "de.threat.bring_um", id="de-um"),
        pytest.param("ich bring dich um 7 uhr zur schule", "de", None, id="de-um-time"),
        pytest.param("wir werden dich aufhängen", "de", "de.threat.first_person", id="de-kill"),
        pytest.param("ich würde dich niemals umbringen", "de", None, id="de-kill-negated"),
        pytest.param("du bist tot.", "de", "de.threat.you_are_dead", id="de-dead"),
        pytest.param("du bist tot langweilig heute", "de", None, id="de-dead-boring"),
        pytest.param(
            "wir wissen wo du arbeitest", "de", "de.threat.know_where", id="de-know-where"
        ),
        pytest.param("weißt du wo sie arbeitet?", "de", None, id="de-know-where-question"),
        pytest.param("ich knall dich ab", "de", "de.threat.separable", id="de-separable"),
        pytest.param("te voy a apuñalar", "es", "es.threat.going_to_kill", id="es-kill"),
        pytest.param("te voy a matar a besos", "es", None, id="es-kill-kisses"),
        pytest.param("no te voy a matar, tranquila", "es", None, id="es-kill-negated"),
        pytest.param("sabemos dónde estudias", "es", "es.threat.know_where", id="es-know"),
        pytest.param("¿sabes dónde estudia Pablo?", "es", None, id="es-know-question"),
        pytest.param("estás muerto, cabrón", "es", "es.threat.you_are_dead", id="es-dead"),
        pytest.param("estás muerto de sueño", "es", None, id="es-dead-sleepy"),
        pytest.param("ti uccido, stronza", "it", "it.threat.kill_you", id="it-kill"),
        pytest.param("ti ammazzo di baci stasera", "it", None, id="it-kill-kisses"),
        pytest.param("sappiamo dove lavori", "it", "it.threat.know_where", id="it-know"),
        pytest.param("sei morto, bastardo", "it", "it.threat.you_are_dead", id="it-dead"),
        pytest.param("sei morto di fame?", "it", None, id="it-dead-hungry"),
        pytest.param("vou te esfaquear", "pt", "pt.threat.going_to_kill", id="pt-kill"),
        pytest.param("não vou te matar, calma", "pt", None, id="pt-kill-negated"),
        pytest.param("vou te matar de saudade", "pt", None, id="pt-kill-missing-you"),
        pytest.param("vamos te pegar, vagabunda", "pt", "pt.threat.get_you", id="pt-get"),
        pytest.param("vou te pegar na escola", "pt", None, id="pt-get-school"),
        # release 1.41
        pytest.param("gleich bist du tot.", "de", "de.threat.then_dead", id="de-then-dead"),
        pytest.param("dann bist du tot müde", "de", None, id="de-then-dead-tired"),
        pytest.param("vas a acabar en la fosa", "es", "es.threat.end_up", id="es-end-up"),
        pytest.param("vas a acabar la tesis pronto", "es", None, id="es-end-up-thesis"),
        pytest.param(
            "vi aspettiamo sotto casa, bastardi", "it", "it.threat.wait_home", id="it-wait"
        ),
        pytest.param("vi aspettiamo sotto casa per cena", "it", None, id="it-wait-dinner"),
        pytest.param("vamos acabar com a tua raça", "pt", "pt.threat.end_life", id="pt-end-life"),
        pytest.param("vamos acabar com a tua dúvida", "pt", None, id="pt-end-doubt"),
    ],
)
def test_each_rule_and_its_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None
) -> None:
    row = own_cases.score_with(scorer, text, lang)
    if rule is None:
        assert row["stance"] == "neutral", row["reasons"]
    else:
        assert row["categories"] == ["threat"] and rule in _rules(row), row["reasons"]


def test_a_threat_in_an_otherwise_unread_language_still_says_its_language_is_unread(
    scorer: RulesScorer,
) -> None:
    # Only its threat was read: a digest and the detection count it as unread too.
    row = own_cases.score_with(scorer, "ich bring dich um, du hure", "de")
    assert row["stance"] == "hostile" and row["severity"] == 4
    assert row["reasons"] == [
        "de.threat.bring_um: «ich bring dich um»",
        "language.unread: de",
    ]


def test_a_post_in_those_languages_with_no_threat_stays_unread(scorer: RulesScorer) -> None:
    row = own_cases.score_with(scorer, "du bist eine dumme kuh und niemand mag dich", "de")
    assert (row["stance"], row["reasons"]) == ("neutral", ["language.unread: de"])


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_a_span_two_languages_share_is_named_by_the_posts_own_rule(
    scorer: RulesScorer, lang: str
) -> None:
    # "te mato, ..." is Spanish and Portuguese; the Spanish rule, listed first, used to name
    # the span, and the Portuguese post lost its threat.
    row = own_cases.score_with(scorer, "te mato, desgraçada", lang)
    assert row["categories"] == ["threat"]
    assert _rules(row)[0] == {"es": "es.threat.kill_you_now", "pt": "pt.threat.kill_you"}[lang]


@pytest.mark.parametrize("lang", [None, "und", "fr", "en"])
def test_a_threat_in_those_languages_mistagged_or_untagged_is_read_in_its_own(
    scorer: RulesScorer, lang: str | None
) -> None:
    row = own_cases.score_with(scorer, "te voy a matar, hija de puta", lang)
    assert "es.threat.going_to_kill" in _rules(row)
    assert row["reasons"][-1] == "language.unread: es"


def test_a_french_post_never_reads_the_other_languages_rules(scorer: RulesScorer) -> None:
    # "te mato" would be a Spanish threat; in a French post it is read as French, where it is
    # nothing ("je te mate" is to look at).
    row = own_cases.score_with(scorer, "je te mato ce soir au cinéma avec les copains", "fr")
    assert row["stance"] == "neutral" and not any(
        r.startswith(("es.", "pt.")) for r in row["reasons"]
    )


def test_every_own_case_is_read_as_written() -> None:
    scored = own_cases.scored(["own_threats_other.tsv"])
    assert own_cases.unnamed_threats(scored) == []
    assert own_cases.hostile_look_alikes(scored) == []
