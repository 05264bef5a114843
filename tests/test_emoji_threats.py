"""Threats made with emoji (release 1.33): a weapon is a threat alone (X gives emoji-only
posts no language), but not the "😭🔫" of someone at the end of their tether, and a bomb or a
drop of blood only with other abuse: "ton article est une bombe 💣" is praise, and praise must
never lead a digest as a threat. A skull is laughter ("I'm dead"): it made a threat of every
insult it followed ("lmao this idiot 💀"), and is read no more."""

from __future__ import annotations

import pytest

from tests.support.own_cases import score_one


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("🔪🔪🔪", "und"),
        ("@reporter 🔫", "en"),
        ("je vais te 🔪", "fr"),
        ("😂🔫 cette journaliste", "fr"),
        ("sale pute 💣", "fr"),
        ("tu vas crever 💀", "fr"),
    ],
)
def test_a_weapon_or_a_bomb_with_abuse_is_a_threat(text: str, lang: str) -> None:
    out = score_one(text, lang)
    assert "threat" in out["categories"], out["reasons"]


_EMOJI = str.maketrans("", "", "💣🩸🔫😭🔥💀")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ton article est une bombe 💣💣 bravo", "fr"),
        ("ce scoop 💣 merci pour ton travail", "fr"),
        ("this thread is 💣🔥", "en"),
        ("Don du sang samedi à la mairie 🩸 venez nombreux", "fr"),
        ("😭🔫 j'en peux plus de ces trolls", "fr"),
        ("ils sont fous 😭😭🔫🔫", "fr"),
        ("lmao this idiot 💀💀💀", "en"),
        ("mdr t'es vraiment con 💀", "fr"),
    ],
)
def test_praise_a_blood_drive_or_despair_is_no_threat(text: str, lang: str) -> None:
    out = score_one(text, lang)
    assert "threat" not in out["categories"], out["reasons"]
    # The emoji change nothing: the verdict of the same words without them.
    assert out["stance"] == score_one(text.translate(_EMOJI), lang)["stance"], out["reasons"]
