"""Release 1.50: counter-speech in the target's mentions is not an insult of the target, nor
is a thing judged (tasks/scoring/lexicon_counter_speech.py). What others post about her, or the
people who post it, judged in her defence ("the comments about her body are disgusting", "les
gens qui la harcèlent sont des minables") is neutral, or supportive with a word of support; her
own speech judged ("your comments are pathetic"), an insult in a clause of its own ("…, she is
a liar") and a threat by the same people stay hostile. The full scorer is used: the learned
layer must not bring back what the rules set aside."""

from __future__ import annotations

import pytest

from tests.support.own_cases import score_all

DEFENDING = [
    ("the comments about her body are disgusting", "en", "neutral"),
    ("the replies to her are pathetic", "en", "neutral"),
    ("@journo the replies you get are disgusting, stay strong", "en", "supportive"),
    ("these tweets about you are vile, sending love", "en", "supportive"),
    ("what they say about her is pathetic", "en", "neutral"),
    ("what people write about you is disgusting", "en", "neutral"),
    ("the insults she receives are disgusting", "en", "neutral"),
    ("the men in her replies are pathetic", "en", "neutral"),
    ("the people attacking her are pathetic losers", "en", "neutral"),
    ("the abuse you get is disgusting", "en", "neutral"),
    ("all the hate she gets is disgusting", "en", "neutral"),
    ("the trolls are pathetic", "en", "neutral"),
    ("your haters are so pathetic, keep going", "en", "neutral"),
    ("the comments people leave about her are absolutely vile", "en", "neutral"),
    ("les gens qui la harcèlent sont des minables", "fr", "neutral"),
    ("ces comptes qui t'insultent sont pathétiques", "fr", "neutral"),
    ("ses harceleurs sont des lâches", "fr", "neutral"),
    ("ce qu'ils disent d'elle est dégueulasse", "fr", "neutral"),
    ("les insultes qu'elle reçoit sont vraiment minables", "fr", "neutral"),
    ("les insultes qu'elle reçoit sont vraiment minables, courage à elle", "fr", "supportive"),
    # the pile addressed as a crowd, the pile-on described, whoever runs it, what happens to her
    ("y'all are sad little losers", "en", "neutral"),
    ("the dogpile on her account is coordinated", "en", "neutral"),
    ("anyone organising this is a creep", "en", "neutral"),
    ("what they did to him is a disgrace", "en", "neutral"),
    ("the hate he's getting is vile", "en", "neutral"),
    ("ce qu'on lui envoie est immonde", "fr", "neutral"),
    ("quelle bande de rats ces comptes qui publient son adresse", "fr", "neutral"),
    # release 1.51: the flood described, the pile's members by what they do, told to be ashamed
    ("these weirdos flood her replies every day", "en", "neutral"),
    ("the trolls who spam her inbox are cowards", "en", "neutral"),
    ("the accounts that harass you are pathetic", "en", "neutral"),
    ("the trolls in her mentions should be ashamed of themselves", "en", "neutral"),
    # things judged
    ("their defense is a joke", "en", "neutral"),
    ("this weather is trash", "en", "neutral"),
    ("my phone is so useless", "en", "neutral"),
    ("the refs are a joke tonight", "en", "neutral"),
]

ATTACKING = [
    ("you are disgusting", "en", "insult"),
    ("your comments are pathetic", "en", "insult"),
    ("her tweets are garbage", "en", "insult"),
    ("what you write is garbage", "en", "insult"),
    ("the things she says are disgusting", "en", "insult"),
    ("your replies to me are pathetic", "en", "insult"),
    ("the trolls will find you and make you pay", "en", "threat"),
    ("the comments about you are accurate you disgusting pig", "en", "insult"),
    ("the trolls are right, she is a liar", "en", "insult"),
    ("the people attacking her are right, she is a disgusting liar", "en", "insult"),
    ("the hate she gets is deserved, she is vile", "en", "insult"),
    ("what they say about you is true, you are a fraud and a liar", "en", "insult"),
    ("les gens qui la défendent sont des minables", "fr", "insult"),
    ("ses harceleurs ont raison, c'est une grosse conne", "fr", "insult"),
    ("les gens qui la harcèlent vont la retrouver et la buter", "fr", "threat"),
    ("les commentaires sur elle sont justes, c'est une minable", "fr", "insult"),
    ("ce qu'ils disent de toi est vrai, t'es une merde", "fr", "insult"),
    # one person addressed; a pile-on called for
    ("you are pathetic", "en", "insult"),
    ("everyone flood her inbox now", "en", "incitement"),
    ("let's flood her replies", "en", "incitement"),
    ("you should be ashamed of yourself", "en", "other_abuse"),
    ("pile on her, she asked for it", "en", "incitement"),
    ("let's do a pile-on on this clown", "en", "incitement"),
    # a person's work, or a thing said to be the reader's
    ("@journo your article is trash", "en", "insult"),
    ("his show is garbage", "en", "insult"),
    ("your team is a joke and so are you", "en", "insult"),
    ("his defense is trash, and he's a clown", "en", "insult"),
]


@pytest.fixture(scope="module")
def scored() -> dict[str, dict]:
    return score_all([(t, lang) for t, lang, _ in DEFENDING + ATTACKING])


@pytest.mark.parametrize(("text", "lang", "stance"), DEFENDING)
def test_counter_speech_is_not_hostile_and_says_why(scored, text, lang, stance):
    row = scored[text]
    reasons = row["reasons"]
    assert (row["stance"], row["categories"]) == (stance, []), reasons
    assert any(r.startswith(("ignored.reported: «", "ignored.figurative: «")) for r in reasons)


@pytest.mark.parametrize(("text", "lang", "category"), ATTACKING)
def test_the_target_attacked_stays_hostile_beside_it(scored, text, lang, category):
    row = scored[text]
    assert row["stance"] == "hostile" and category in row["categories"], row["reasons"]
