"""Release 1.49: older rules that fired on ordinary sentences this round's probes wrote, each
mended beside the sentence it still reads (the cases are also own cases:
eval/cases/own_threats_veiled.tsv, eval/cases/own_sexual_pile.tsv)."""

from __future__ import annotations

import pytest

from tasks.scoring.rules import RulesScorer
from tests.support import own_cases


@pytest.fixture(scope="module")
def scorer() -> RulesScorer:
    return RulesScorer()


@pytest.mark.parametrize(
    ("text", "lang", "rule", "marker"),
    [
        # a veiled "shame if" needs someone it happens to, or ends there
        ("it would be a shame if something happened.", "en", "en.threat.pity_if", ".threat."),
        ("it would be a shame if something happened to the bakery", "en", None, ".threat."),
        # effort, food and visits
        ("tu vas souffrir sale pute", "fr", "fr.threat.you_will", ".threat."),
        ("tu vas souffrir au marathon demain", "fr", None, ".threat."),
        ("tu vas déguster sale chienne", "fr", "fr.threat.you_will_pay_dear", ".threat."),
        ("tu vas déguster ce gâteau", "fr", None, ".threat."),
        ("mes amis vont te rendre visite ce soir", "fr", "fr.threat.third_party", ".threat."),
        ("mes amis vont te rendre visite à l'hôpital demain", "fr", None, ".threat."),
        # "that" as a person, "photos" as sexual
        ("i'd smash that ngl", "en", "en.sexual_harassment.id_smash_that", ".sexual_harassment."),
        ("i'd smash that record if i trained more", "en", None, ".sexual_harassment."),
        (
            "envoie tes photos salope",
            "fr",
            "fr.sexual_harassment.photos_end",
            ".sexual_harassment.",
        ),
        (
            "envoie des photos au lieu d'écrire des conneries",
            "fr",
            "fr.sexual_harassment.photos_end",
            ".sexual_harassment.",
        ),
        ("envoie des photos de tes vacances", "fr", None, ".sexual_harassment."),
        # a new rule, not a mend: the journalist said to be bought
        (
            "Journaliste militante, menteuse et payée pour salir.",
            "fr",
            "fr.insult.paid_to_lie",
            ".insult.",
        ),
        ("t'es payée pour mentir", "fr", "fr.insult.paid_to_lie", ".insult."),
        ("un témoin payé pour mentir, selon l'enquête", "fr", None, ".insult."),
        ("il a été payé pour mentir au tribunal", "fr", None, ".insult."),
    ],
)
def test_each_mended_rule_and_its_look_alike(
    scorer: RulesScorer, text: str, lang: str, rule: str | None, marker: str
) -> None:
    own_cases.assert_rule_or_look_alike(scorer, text, lang, rule, marker)
