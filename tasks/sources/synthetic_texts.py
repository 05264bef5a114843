"""Text material for the synthetic incidents: templates, slot vocabularies, account names.

Everything here is invented for Tocsin's own test corpus (no real post is copied). The hostile
material has to look like real harassment, or the scorer would be tested on a strawman: real
French and English insults, threats, pile-on calls, misogyny. It stops short of the most extreme
slurs. Addresses and phone numbers are fictional on purpose: "rue Imaginaire", the ARCEP ranges
reserved for fiction (01 99 00, 06 39 98) and the US 555-01xx block.

The target of the demo is a woman journalist ("Camille"): French agreement is written for her.

Templates are plain strings with `{SLOT}` markers, compiled once into (literal, slot, literal…)
tuples so that filling one costs a join, not a regex. `person` is "you" (addresses the target,
who is named by the handle the caller puts in front) or "they" (talks about her through `{T}`,
the referent: the handle when the post names her, a noun phrase when it does not).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import TypeVar

Template = tuple[str, ...]
T = TypeVar("T")
_SLOT = re.compile(r"\{(\w+)\}")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """rng.choice without its rejection loop: this runs several times per post."""
    return items[int(rng.random() * len(items))]


def _c(*templates: str) -> tuple[Template, ...]:
    return tuple(tuple(_SLOT.split(t)) for t in templates)


TARGET_FIRST_NAME = "Camille"

# --- slot vocabularies -------------------------------------------------------------------------

# fmt: off
INSULTS: dict[str, tuple[str, ...]] = {
    "fr": ("connasse", "salope", "grognasse", "pétasse", "pouffiasse", "idiote", "abrutie",
           "débile", "ordure", "pourriture", "vermine", "merde", "menteuse", "traînée", "crevure",
           "sous-merde", "gauchiasse", "collabo", "propagandiste", "conne", "tarée", "mongole",
           "truie", "chienne"),
    "en": ("bitch", "idiot", "moron", "clown", "liar", "hack", "disgrace", "scumbag", "skank",
           "cow", "loser", "whore", "propagandist", "lunatic", "joke", "airhead", "slut",
           "piece of trash", "cunt", "imbecile"),
}
ADJECTIVES: dict[str, tuple[str, ...]] = {
    "fr": ("conne", "débile", "pathétique", "ridicule", "minable", "grotesque", "malhonnête",
           "hystérique", "tarée", "vendue", "nulle", "immonde", "stupide", "dégueulasse"),
    "en": ("pathetic", "stupid", "disgusting", "useless", "dishonest", "deranged", "worthless",
           "insane", "ugly", "brainless", "vile", "hysterical"),
}
KILL: dict[str, tuple[str, ...]] = {
    "fr": ("tuer", "buter", "crever", "égorger", "flinguer", "descendre", "saigner"),
    "en": ("kill", "shoot", "murder", "stab", "end", "strangle"),
}
EMOJI: dict[str, tuple[str, ...]] = {
    "hostile": ("", "", "🤡", "🤮", "🖕", "💩", "😡", "🤡🤡", "🖕🖕", "🐷", "🤬", "😂😂"),
    "threat": ("🔪", "🔫", "⚰️", "💀", "🔪🩸", "⚰️⚰️", "🔫🔫", "🔪🔪🔪", "🪦", "🔫💀"),
    "supportive": ("", "💪", "❤️", "🙏", "✊", "💜", "❤️💪", "🫂", "👏👏"),
    "neutral": ("", "", "", "😂", "🤔", "👀", "📰"),
}
CLOSERS: dict[str, tuple[str, ...]] = {
    "hostile": ("", "", "", "!", "!!!", ".", " franchement", " point barre", "…"),
    "supportive": ("", "", "!", ".", " ❤️", " 🙏"),
    "neutral": ("", "", ".", " ?", "…"),
}
EN_CLOSERS: dict[str, tuple[str, ...]] = {
    "hostile": ("", "", "", "!", "!!!", ".", " seriously", " period", "…"),
    "supportive": ("", "", "!", ".", " ❤️", " 🙏"),
    "neutral": ("", "", ".", " ?", "…"),
}
REFERENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "fr": {
        "hostile": ("cette journaliste", "cette pseudo-journaliste", "cette militante",
                    "cette propagandiste", "la journaliste", "cette bonne femme", "la plumitive",
                    "cette gauchiste", "cette menteuse", "la donneuse de leçons"),
        "other": ("cette journaliste", "la journaliste", "l'autrice de l'article",
                  "cette consœur", "la journaliste visée"),
    },
    "en": {
        "hostile": ("this journalist", "this so-called journalist", "this activist",
                    "that propagandist", "this woman", "the hack", "this liar"),
        "other": ("this journalist", "the journalist", "the reporter", "the author"),
    },
}
TOPICS: dict[str, tuple[str, ...]] = {
    "fr": ("la réforme des retraites", "les municipales", "la grève des transports",
           "l'hôpital public", "le budget de la police", "les violences policières", "le climat",
           "l'extrême droite en ligne", "la désinformation", "les lobbys agricoles", "le logement",
           "l'école", "la fraude fiscale", "les féminicides", "l'immigration", "la laïcité"),
    "en": ("pension reform", "the local elections", "the transport strike", "public hospitals",
           "online disinformation", "climate policy", "the far right online", "tax fraud",
           "police funding", "housing"),
}
HASHTAGS: dict[str, tuple[str, ...]] = {
    "hostile": ("#BalanceTaJournaliste", "#MédiasMenteurs", "#Journalope", "#FakeNewsHack"),
    "supportive": ("#JeSoutiensCamille", "#StopHarcèlement", "#SoutienAuxJournalistes",
                   "#StandWithCamille"),
    "neutral": ("#revuedepresse", "#médias", "#info", "#news"),
}
STREETS: dict[str, tuple[str, ...]] = {
    "fr": ("rue Imaginaire", "rue de Nullepart", "avenue Fictive", "impasse du Faux-Semblant",
           "boulevard de l'Invention"),
    "en": ("Fictional Lane", "Imaginary Street", "Nowhere Road", "Pretend Avenue"),
}
CITIES: dict[str, tuple[str, ...]] = {
    "fr": ("75099 Paris", "69999 Lyon", "13999 Marseille", "99999 Fictiville"),
    "en": ("Springfield", "Anytown", "Fakeville"),
}
# fmt: on

# --- templates ---------------------------------------------------------------------------------
# Slots: I insult (aI: with its English article), A adjective, K kill verb (those three may be
# obfuscated), E emoji run, C closer, T referent, N target's first name, S fake address,
# P fake phone number, TOPIC, U link, H hashtag.

HOSTILE: dict[str, dict[str, dict[str, tuple[Template, ...]]]] = {
    "fr": {
        "insult": {
            "you": _c(
                "t'es qu'une {I}{C}",
                "espèce de {I} {E}",
                "sale {I}{C}",
                "quelle {I} franchement {E}",
                "ferme-la, {I}{C}",
                "pauvre {I}, t'as rien compris{C}",
                "t'es vraiment {A}, sale {I}",
                "{I} !!! {E}",
                "encore une {I} qui se prend pour une journaliste{C}",
                "tu es une {I} et tout le monde le sait{C}",
                "va te faire foutre, {I}",
                "t'es une {I} payée pour mentir{C}",
                "mais quelle {I} {E}",
                "on t'a jamais dit que t'étais une {I} ?",
                "t'as écrit cette daube toute seule, {I} ?",
                "{A} et {I}, comme d'hab",
                "{I}. Point.",
                "sérieux t'es tellement {A} que ça en devient drôle {E}",
                "retourne écrire tes torchons, {I}{C}",
                "grosse {I} va {E}",
                "t'es {A} ma pauvre fille{C}",
                "on a rarement vu une {I} pareille{C}",
            ),
            "they": _c(
                "{T} est vraiment une {I}{C}",
                "quelle {I} {T} {E}",
                "{T}, la plus grosse {I} du PAF{C}",
                "cette {I} ose encore écrire{C}",
                "franchement {T} c'est une {I} {A}",
                "mais quelle {I} celle-là {E}",
                "{T} ? une {I} payée pour mentir{C}",
                "je savais que {T} était {A} mais à ce point{C}",
                "lisez ce torchon de {T}, quelle {I} {E}",
                "{T} = {I}{C}",
            ),
        },
        "threat": {
            "you": _c(
                "je vais te retrouver {E}",
                "on sait où tu habites{C}",
                "fais gaffe quand tu sors de ta rédaction {E}",
                "tu vas le regretter, crois-moi{C}",
                "on va te faire taire, d'une manière ou d'une autre{C}",
                "je vais te casser la gueule si je te croise{C}",
                "tu vas payer pour ce que t'as écrit {E}",
                "on viendra frapper à ta porte{C}",
                "surveille bien tes arrières {E}",
                "à ta place je ferais attention en rentrant ce soir{C}",
                "on va s'occuper de toi, {I}",
                "profite bien de tes derniers jours tranquilles",
            ),
            "they": _c(
                "on va la retrouver, {T} {E}",
                "{T} va le regretter, croyez-moi{C}",
                "si je croise {T} je lui casse la gueule{C}",
                "quelqu'un devrait faire taire {T} pour de bon {E}",
                "{T} devrait faire attention en rentrant chez elle{C}",
                "on sait où elle bosse, {T}{C}",
            ),
        },
        "death_threat": {
            "you": _c(
                "je vais te {K} {E}",
                "t'es morte {E}",
                "tu mérites une balle{C}",
                "une balle dans la tête et on n'en parle plus {E}",
                "je te souhaite de crever{C}",
                "on va te {K}, sale {I}",
                "crève {E}",
                "tu finiras dans un fossé {E}",
                "{E}",
                "prépare ton cercueil ⚰️",
                "j'espère que quelqu'un va te {K}{C}",
                "je vais te {K} de mes mains{C}",
                "tes jours sont comptés {E}",
            ),
            "they": _c(
                "il faudrait {K} {T} {E}",
                "{T} mérite une balle{C}",
                "qui se dévoue pour {K} {T} ? {E}",
                "{T} finira six pieds sous terre {E}",
                "quelqu'un va finir par {K} {T} et ce sera mérité{C}",
            ),
        },
        "incitement": {
            "you": _c(
                "on va tous venir te dire ce qu'on pense, prépare-toi {E}",
                "on est des milliers et on arrive{C}",
                "tu vas voir ce que ça fait quand 10 000 personnes te répondent{C}",
            ),
            "they": _c(
                "allez tous lui dire ce que vous pensez 👉 {T}",
                "tout le monde chez {T}, on lui fait comprendre{C}",
                "signalez {T} en masse{C} {H}",
                "RT massif pour que {T} comprenne {H}",
                "on inonde les mentions de {T} ce soir{C}",
                "faites-vous plaisir, {T} est encore en ligne {E}",
                "il faut qu'elle supprime son compte, tous chez {T}{C}",
                "à vous de jouer 👇 {T}",
                "allez, tous sur elle {E}",
                "lâchez-vous sur {T}, elle l'a bien cherché{C}",
                "tous en DM de {T}, qu'elle ne dorme pas cette nuit{C}",
            ),
        },
        "identity_hate": {
            "you": _c(
                "retourne à ta cuisine{C}",
                "les femmes comme toi devraient fermer leur gueule{C}",
                "encore une féministe hystérique {E}",
                "retourne dans ton pays{C}",
                "t'es pas d'ici, tu comprendras jamais rien{C}",
                "une bonne femme qui parle politique, on aura tout vu {E}",
                "les gonzesses comme toi ça devrait pas avoir le droit d'écrire{C}",
                "typique des féministes frustrées{C}",
                "rentre chez toi, on veut pas de gens comme toi ici{C}",
            ),
            "they": _c(
                "{T}, typique des féministes hystériques {E}",
                "les femmes comme {T} devraient rester à la maison{C}",
                "{T} n'a qu'à retourner dans son pays{C}",
                "voilà ce qui arrive quand on laisse les femmes écrire {E}",
            ),
        },
        "sexual_harassment": {
            "you": _c(
                "envoie des photos au lieu d'écrire des conneries 😏",
                "t'as surtout besoin d'un mec{C}",
                "je sais ce que je te ferais si je t'avais en face 😈",
                "t'es plus bandante quand tu te tais{C}",
                "t'es bonne qu'à une chose{C}",
                "viens en DM je vais te montrer 😘",
                "t'as un joli cul pour une {I} 😏",
                "à genoux et tais-toi {E}",
            ),
            "they": _c(
                "{T} est bonne qu'à une chose{C}",
                "{T} a juste besoin d'un mec{C} 😏",
                "quelqu'un a des photos de {T} à poil ? 😏",
            ),
        },
        "doxxing": {
            "you": _c(
                "on a ton adresse : {S} 😉",
                "ton numéro c'est bien le {P} ?",
                "{S}, c'est bien chez toi ? {E}",
                "jolie porte d'entrée au {S} 😉",
            ),
            "they": _c(
                "{T} habite au {S}, allez lui dire bonjour {E}",
                "son numéro perso : {P}, faites-vous plaisir",
                "voici l'adresse de {T} : {S}",
                "{T} bosse au {S}, elle sort vers 19h{C}",
                "pour ceux qui veulent écrire à {T} : {S} / {P}",
            ),
        },
        "other_abuse": {
            "you": _c(
                "ferme-la{C}",
                "dégage de Twitter{C}",
                "personne ne t'aime{C}",
                "t'es une honte pour ta profession{C}",
                "supprime ton compte {E}",
                "t'as vraiment aucune dignité{C}",
                "quelle honte ce torchon {E}",
                "démissionne{C}",
                "t'es une blague {E}",
                "personne te lit{C}",
                "tu devrais avoir honte de toi{C}",
                "va pleurer ailleurs {E}",
                "ton journalisme c'est de la merde{C}",
            ),
            "they": _c(
                "{T} devrait avoir honte{C}",
                "qu'elle dégage, {T}{C} {E}",
                "enfin quelqu'un qui ose le dire 👏",
                "bien dit, il faut la faire taire{C}",
                "merci de l'exposer, {T} n'est qu'une militante{C}",
                "{T} déshonore sa profession{C}",
                "virez {T} de ce journal{C} {H}",
                "personne ne lit {T} de toute façon {E}",
                "{T} et sa propagande… {E}",
            ),
        },
    },
    "en": {
        "insult": {
            "you": _c(
                "you're {aI}{C}",
                "what {aI} {E}",
                "shut up, you {I}{C}",
                "you absolute {I} {E}",
                "you {A} {I}{C}",
                "such {aI}, honestly{C}",
                "nobody takes you seriously, {I}{C}",
                "go cry, {I} {E}",
                "you are {aI} and everybody knows it{C}",
                "{A} {I}. That's all.",
                "typical {I} journalism {E}",
                "lmao what {aI} {E}",
            ),
            "they": _c(
                "{T} is {aI}{C}",
                "{T} is such {aI} {E}",
                "imagine being as {A} as {T}{C}",
                "{T}? {aI} paid to lie{C}",
                "read this garbage from {T}, what {aI} {E}",
            ),
        },
        "threat": {
            "you": _c(
                "I will find you {E}",
                "we know where you live {E}",
                "watch your back{C}",
                "you'll pay for this{C}",
                "you're going to regret this{C}",
                "someone is going to shut you up for good {E}",
                "see you soon 😉 we know your address",
                "be careful on your way home tonight {E}",
            ),
            "they": _c(
                "someone should shut {T} up for good {E}",
                "{T} is going to regret this{C}",
                "if I ever see {T} I'll make her pay{C}",
            ),
        },
        "death_threat": {
            "you": _c(
                "I'm going to {K} you {E}",
                "you're dead {E}",
                "I hope someone puts a bullet in you{C}",
                "die {E}",
                "I will find you and {K} you{C}",
                "start digging your grave ⚰️",
                "someone should {K} you{C}",
                "{E}",
            ),
            "they": _c(
                "someone should {K} {T} {E}",
                "{T} deserves a bullet{C}",
                "who's going to {K} {T}? {E}",
            ),
        },
        "incitement": {
            "you": _c(
                "thousands of us are coming for you {E}",
                "get ready, everyone is coming to your mentions{C}",
            ),
            "they": _c(
                "everyone go tell her what you think 👉 {T}",
                "flood {T}'s mentions{C}",
                "let's make {T} delete her account {H}",
                "mass report {T}{C}",
                "you know what to do 👇 {T}",
                "everyone go tell her… {T}",
                "pile on {T}, she asked for it{C}",
            ),
        },
        "identity_hate": {
            "you": _c(
                "go back to the kitchen{C}",
                "women like you shouldn't be allowed a platform{C}",
                "another hysterical feminist {E}",
                "go back where you came from{C}",
                "typical woman, all emotion no facts{C}",
            ),
            "they": _c(
                "{T}, typical hysterical feminist {E}", "women like {T} should stay home{C}"
            ),
        },
        "sexual_harassment": {
            "you": _c(
                "send nudes instead of articles 😏",
                "you just need a real man{C}",
                "I know exactly what I'd do to you 😈",
                "you'd be hotter if you shut up{C}",
                "dm me babe, I'll show you what you're good for 😘",
            ),
            "they": _c("{T} is only good for one thing{C} 😏", "{T} just needs a real man{C}"),
        },
        "doxxing": {
            "you": _c("we have your address: {S} 😉", "your number is {P}, right?"),
            "they": _c(
                "{T} lives at {S}, go say hi {E}",
                "her number: {P}, have fun",
                "here's where {T} works: {S}",
            ),
        },
        "other_abuse": {
            "you": _c(
                "shut up{C}",
                "delete your account{C}",
                "nobody reads your garbage{C}",
                "you're an embarrassment to journalism{C}",
                "quit your job {E}",
                "nobody asked {E}",
                "you should be ashamed of yourself{C}",
            ),
            "they": _c(
                "{T} should be ashamed{C}",
                "fire {T} already {H}",
                "finally someone says it 👏",
                "nobody reads {T} anyway {E}",
            ),
        },
    },
}

SUPPORTIVE: dict[str, dict[str, tuple[Template, ...]]] = {
    "fr": {
        "you": _c(
            "courage {N} {E}",
            "on est avec toi {E}",
            "solidarité totale{C}",
            "tout mon soutien face à ce déferlement{C}",
            "ne lâche rien, ton travail est essentiel{C}",
            "tiens bon, on est nombreux derrière toi {E}",
            "soutien {E}",
            "ignore-les, ils sont pathétiques{C}",
            "ton article était juste, ne les laisse pas te faire taire{C}",
            "je t'envoie plein de force {E}",
            "force à toi, c'est ignoble ce que tu subis{C}",
            "bravo pour ton travail, courage {E}",
            "on lâche rien {H}",
            "signalé et bloqué tous ces comptes, courage à toi {E}",
            "les menaces que tu reçois sont inadmissibles, soutien total{C}",
            "prends soin de toi {N}, on est là {E}",
        ),
        "they": _c(
            "soutien total à {T}, cible d'un harcèlement en meute{C} {H}",
            "ce que subit {T} est inacceptable. Solidarité{C}",
            "les messages reçus par {T} sont ignobles : « salope », menaces de mort… Soutien{C}",
            "{T} fait son travail, laissez-la tranquille{C}",
            "signalez les comptes qui harcèlent {T}, pas elle{C}",
            "honte à ceux qui désignent une journaliste à la vindicte{C}",
            "traiter {T} de « pute » parce qu'elle a fait une enquête, c'est ça votre débat ? "
            "Solidarité {E}",
            "tout mon soutien à {T} {E} {H}",
            "désigner une cible à ses abonnés, c'est lâche. Soutien à {T}{C}",
        ),
    },
    "en": {
        "you": _c(
            "stay strong {N} {E}",
            "we stand with you {E}",
            "sending you strength{C}",
            "don't let them silence you{C}",
            "your work matters{C} {E}",
            "solidarity {E}",
            "ignore the trolls, you did great work{C}",
            "so sorry you have to deal with this, hang in there {E}",
        ),
        "they": _c(
            "solidarity with {T} {H}",
            "what {T} is going through is disgusting. Support.",
            "people calling her a 'bitch' and worse should be ashamed. Solidarity with {T}",
            "stop harassing {T}{C}",
            "{T} is just doing her job. Leave her alone{C}",
        ),
    },
}

NEUTRAL: dict[str, dict[str, tuple[Template, ...]]] = {
    "fr": {
        "you": _c(
            "vous avez la source ?",
            "merci pour l'article{C}",
            "je ne suis pas d'accord avec votre analyse sur {TOPIC}{C}",
            "intéressant, mais les chiffres du 3e paragraphe me semblent faux{C}",
            "bonjour, vous couvrez {TOPIC} demain ?",
            "lu ce matin, très instructif{C}",
            "une suite est prévue sur {TOPIC} ?",
            "petite coquille dans le titre {E}",
            "ce match m'a tué hier soir 😂 t'as vu la fin ?",
            "vous passez à la radio ce soir ?",
            "le lien ne marche pas chez moi{C}",
        ),
        "they": _c(
            "article de {T} sur {TOPIC} : {U}",
            "{TOPIC} : l'enquête de {T} {U}",
            "{T} a reçu des menaces de mort selon son journal ; une plainte a été déposée{C}",
            "rappel : écrire « je vais te tuer » à quelqu'un en ligne est un délit{C}",
            "le harcèlement en meute est puni depuis 2018, rappel utile {U}",
            "je vais tuer le temps en lisant le thread de {T}{C}",
            "débat sur {TOPIC} ce soir avec {T}{C}",
            "j'ai failli mourir de rire en lisant les réponses 😂",
            "cette recette est une tuerie, rien à voir mais bon {E}",
            "c'est une bombe ce dossier sur {TOPIC}{C} {U}",
            "quelqu'un a le papier de {T} en entier ? {E}",
            "la journaliste dit avoir reçu des milliers de messages d'insultes{C} {H}",
            "{T} cité dans la revue de presse ce matin {U}",
            "sur {TOPIC}, lire aussi {T} {U}",
        ),
    },
    "en": {
        "you": _c(
            "do you have a source?",
            "thanks for the piece{C}",
            "I disagree with your take on {TOPIC}{C}",
            "great thread, bookmarked{C}",
            "any follow-up planned on {TOPIC}?",
            "this match killed me last night 😂",
        ),
        "they": _c(
            "saying 'I will kill you' online is a crime{C}",
            "gonna kill some time reading {T}'s thread{C}",
            "{T} reported receiving death threats; police are investigating {U}",
            "interesting piece on {TOPIC} by {T} {U}",
            "that joke killed 😂",
            "worth reading on {TOPIC} {U}",
            "{T} on {TOPIC} {H} {U}",
        ),
    },
}

# Languages outside fr/en: a sprinkle, for robustness of language handling. (template, category)
OTHER: dict[str, dict[str, tuple[tuple[Template, str | None], ...]]] = {
    lang: {stance: tuple((_c(t)[0], cat) for t, cat in items) for stance, items in table.items()}
    for lang, table in {
        "es": {
            "hostile": (
                ("eres una mentirosa {E}", "insult"),
                ("cállate ya, idiota", "insult"),
                ("te vamos a encontrar {E}", "threat"),
                ("vete a la mierda", "other_abuse"),
                ("periodista vendida{C}", "insult"),
            ),
            "supportive": (("ánimo, estamos contigo {E}", None), ("todo mi apoyo{C}", None)),
            "neutral": (("artículo interesante, gracias", None), ("¿tienes la fuente?", None)),
        },
        "de": {
            "hostile": (
                ("halt die Klappe, du Lügnerin{C}", "insult"),
                ("dumme Kuh {E}", "insult"),
                ("wir wissen, wo du wohnst {E}", "threat"),
                ("verpiss dich{C}", "other_abuse"),
            ),
            "supportive": (
                ("Kopf hoch, wir stehen hinter dir {E}", None),
                ("volle Solidarität{C}", None),
            ),
            "neutral": (("interessanter Artikel{C}", None), ("gibt es dazu eine Quelle?", None)),
        },
        "ar": {
            "hostile": (
                ("أنتِ كاذبة {E}", "insult"),
                ("اصمتي", "other_abuse"),
                ("سنجدك {E}", "threat"),
            ),
            "supportive": (("كل التضامن معك {E}", None), ("كل الدعم لكِ", None)),
            "neutral": (("مقال مهم", None), ("ما هو المصدر؟", None)),
        },
    }.items()
}

# Copy-paste campaign: the same few texts posted verbatim by many accounts during a wave.
CAMPAIGN: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        (
            "Journaliste militante, menteuse et payée pour salir. On ne lâchera rien. "
            "#BalanceTaJournaliste",
            "insult",
        ),
        (
            "Honte à cette propagandiste. Désabonnez-vous, signalez, partagez. #MédiasMenteurs",
            "incitement",
        ),
        (
            "Tu vas apprendre à fermer ta gueule. On est des milliers. #BalanceTaJournaliste",
            "threat",
        ),
        ("Elle a voulu jouer, elle va perdre. Tous sur elle 👇", "incitement"),
    ),
    "en": (
        ("Paid propagandist. Everyone go tell her what you think. #FakeNewsHack", "incitement"),
    ),
}

TARGET_POSTS: tuple[Template, ...] = _c(
    "Mon enquête sur {TOPIC} est en ligne : {U}",
    "Thread 🧵 sur {TOPIC} : ce que disent vraiment les chiffres.",
    "Ce soir je serai sur le plateau pour parler de {TOPIC}.",
    "Merci pour vos retours sur l'article d'hier !",
    "Nouveau papier : {TOPIC}, les coulisses. {U}",
    "Petite précision sur mon article de ce matin concernant {TOPIC}.",
)

DESIGNATING_TEXT = (
    "Encore un « article » de propagande signé par une pseudo-journaliste que je ne nommerai pas. "
    "Elle se reconnaîtra. Vous savez ce qu'il vous reste à faire. 👇"
)

EDIT_SUFFIXES: dict[str, tuple[str, ...]] = {
    "hostile": (" 🤡", " !!!", " et je le pense vraiment", " (et j'assume)"),
    "supportive": (" ❤️", " 💪", " (et merci pour ton travail)"),
    "neutral": (" (corrigé)", " *", " — source dans l'article"),
}

# --- account names -----------------------------------------------------------------------------

# fmt: off
FIRST_NAMES = ("Jean", "Marie", "Pierre", "Sophie", "Nicolas", "Isabelle", "Julien", "Nathalie",
               "Thomas", "Céline", "Antoine", "Aurélie", "Mathieu", "Émilie", "Sébastien",
               "Claire", "Olivier", "Hélène", "François", "Léa", "Hugo", "Chloé", "Karim",
               "Yasmine", "Mehdi", "Fatou", "Loïc", "Gaëlle", "Benoît", "Inès", "Rémi", "Zoé",
               "Thierry", "Sandrine", "Patrick", "Brigitte", "Kevin", "Jessica", "Mike", "Sarah",
               "John", "Emma", "David", "Laura", "Chris", "Kate")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
              "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
              "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
              "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Benali", "Diallo", "Nguyen",
              "Smith", "Jones", "Brown", "Taylor")
HANDLE_WORDS = ("patriote", "gaulois", "citoyen", "libre", "verite", "resistant", "marianne",
                "lecteur", "reveil", "franc", "tonton", "loup", "aigle", "coq", "souverain",
                "veilleur", "observateur", "insoumis", "rebelle", "anon", "trader", "gamer",
                "papa", "maman", "breizh", "sudiste", "nordiste", "parisien", "lyonnais", "truth",
                "freedom", "based", "redpill", "eagle", "watcher")
NAME_DECORATIONS = (" 🇫🇷", " 🌹", " ✝️", " 🔥", " 🐸", " 🇪🇺", " ⚜️", " 🌻", " 💙", " 🦅",
                    " #FBPE", " 🏳️‍🌈", " 🇫🇷🇫🇷🇫🇷", " ✊")
# Names that exercise escaping and bidi handling downstream (reports, HTML, terminals).
TRICKY_NAMES = ("<script>alert('tocsin')</script>", "\"><img src=x onerror=alert(1)>",
                "Jean <b>Dupont</b>", "\u202eetsitrap\u202c", "محمد\u200f Mo", "‏Amal ‎🇫🇷",
                "𝕸𝖆𝖗𝖎𝖊 𝕷𝖊𝖗𝖔𝖞", "N\u0301oe\u0308l", "Zero\u200bWidth\u200bName",
                "Robert'); DROP TABLE users;--", "{{7*7}} ${jndi:x}", "ＦＵＬＬＷＩＤＴＨ")



BAD_TIMESTAMPS = ("not-a-date", "2020-02-31T25:61:00.000Z", "1580515200", "", "yesterday",
                  "2020/02/01 12:00")
# fmt: on


# --- filling -----------------------------------------------------------------------------------

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7", "é": "3"}
_VOWELS = set("aeiouyéèêàâ")
_ACCENTS = str.maketrans(
    {
        "à": "a",
        "â": "a",
        "ä": "a",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "î": "i",
        "ï": "i",
        "ô": "o",
        "ö": "o",
        "ù": "u",
        "û": "u",
        "ü": "u",
        "ç": "c",
        "œ": "oe",
        "É": "E",
        "È": "E",
        "À": "A",
        "Ç": "C",
    }
)


def strip_accents(text: str) -> str:
    return text.translate(_ACCENTS)


def obfuscate(rng: random.Random, word: str) -> str:
    """Spellings used to slip past keyword filters: leetspeak, dots, spaces, stars, repeats."""
    m = rng.random()
    if m < 0.3:
        return "".join(_LEET[c] if c in _LEET and rng.random() < 0.7 else c for c in word)
    if m < 0.45:
        return ".".join(word)
    if m < 0.55:
        return " ".join(word)
    if m < 0.7:
        idx = [i for i, c in enumerate(word) if c in _VOWELS]
        if idx:
            i = pick(rng, idx)
            return word[:i] + "*" + word[i + 1 :]
    i = rng.randrange(len(word))
    if word[i].isalpha():
        word = word[:i] + word[i] * rng.randint(3, 6) + word[i + 1 :]
    return word


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


class Filler:
    """Fills one template. `urls` collects the (t.co, expanded) links the text now contains."""

    __slots__ = ("rng", "lang", "stance", "category", "referent", "obf", "urls")

    def __init__(
        self,
        rng: random.Random,
        lang: str,
        stance: str,
        category: str | None,
        referent: str,
        obf: bool,
    ) -> None:
        self.rng, self.lang, self.stance, self.category = rng, lang, stance, category
        self.referent, self.obf = referent, obf
        self.urls: list[tuple[str, str]] = []

    def fill(self, template: Template) -> str:
        return "".join(p if i % 2 == 0 else self.slot(p) for i, p in enumerate(template))

    def slot(self, name: str) -> str:
        rng, lang = self.rng, self.lang if self.lang in ("fr", "en") else "en"
        if name in ("I", "aI", "A", "K"):
            pool = {"I": INSULTS, "aI": INSULTS, "A": ADJECTIVES, "K": KILL}[name][lang]
            word = pick(rng, pool)
            shown = obfuscate(rng, word) if self.obf else word
            return _article(word)[: -len(word)] + shown if name == "aI" else shown
        if name == "E":
            group = "threat" if self.category in ("threat", "death_threat") else self.stance
            return pick(rng, EMOJI[group])
        if name == "C":
            return pick(rng, (CLOSERS if self.lang == "fr" else EN_CLOSERS)[self.stance])
        if name == "T":
            return self.referent
        if name == "N":
            return TARGET_FIRST_NAME
        if name == "TOPIC":
            return pick(rng, TOPICS[lang])
        if name == "H":
            return pick(rng, HASHTAGS[self.stance])
        if name == "S":
            return f"{rng.randint(1, 99)} {pick(rng, STREETS[lang])}, {pick(rng, CITIES[lang])}"
        if name == "P":
            if lang == "fr":
                return (
                    f"{pick(rng, ('06 39 98', '01 99 00'))} {rng.randint(0, 99):02d} "
                    f"{rng.randint(0, 99):02d}"
                )
            return f"(202) 555-01{rng.randint(0, 99):02d}"
        if name == "U":
            return self.link(f"https://news.example.com/articles/{rng.randint(10_000, 99_999)}")
        raise KeyError(f"unknown template slot {{{name}}}")

    def link(self, expanded: str) -> str:
        short = tco(self.rng)
        self.urls.append((short, expanded))
        return short


_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def tco(rng: random.Random) -> str:
    """A shortened link in X's t.co shape (random, so it cannot point at anything real)."""
    return "https://t.co/" + "".join(rng.choices(_ALNUM, k=10))


def compose(
    rng: random.Random, lang: str, stance: str, category: str | None, person: str, referent: str
) -> tuple[str, str | None, list[tuple[str, str]]]:
    """A post body (without the leading @handle a reply gets) -> (text, category, links)."""
    if lang not in ("fr", "en"):
        template, category = pick(rng, OTHER[lang][stance])
        filler = Filler(rng, lang, stance, category, referent, False)
        return filler.fill(template).strip(), category, filler.urls
    if stance == "hostile":
        assert category is not None
        table = HOSTILE[lang][category]
        templates = table.get(person) or table["you" if person == "they" else "they"]
    else:
        templates = (SUPPORTIVE if stance == "supportive" else NEUTRAL)[lang][person]
    if referent.startswith("@"):  # the post must name her: only templates that carry {T}
        templates = tuple(t for t in templates if "T" in t[1::2]) or templates
    hostile = stance == "hostile"
    filler = Filler(rng, lang, stance, category, referent, hostile and rng.random() < 0.25)
    text = filler.fill(pick(rng, templates)).strip()
    text = re.sub(r"  +", " ", text) if "  " in text else text
    if lang == "fr" and rng.random() < 0.12:
        text = strip_accents(text)
    # Shouting, but never over a handle or a t.co link: both are case-sensitive on the wire.
    if hostile and rng.random() < 0.05 and "@" not in text and not filler.urls:
        text = text.upper()
    elif text[:1].isalpha() and rng.random() < 0.45:
        text = text[0].upper() + text[1:]
    return text, category, filler.urls


def pick_referent(rng: random.Random, lang: str, stance: str) -> str:
    table = REFERENTS["fr" if lang == "fr" else "en"]
    return pick(rng, table["hostile" if stance == "hostile" else "other"])


_ASCII_NAMES = {n: re.sub(r"[^A-Za-z]", "", strip_accents(n)) for n in FIRST_NAMES + LAST_NAMES}


def account_names(rng: random.Random, fresh: bool, used: set[str]) -> tuple[str, str]:
    """(username, display name) of a new account; `used` holds the lower-cased taken handles."""
    first, last = pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)
    first_a, last_a = _ASCII_NAMES[first], _ASCII_NAMES[last]
    style = rng.random()
    if fresh and style < 0.7:  # X's default handle for a new account: name + 8 digits
        handle = f"{first_a}{rng.randint(10**7, 10**8 - 1)}"
    elif style < 0.35:
        handle = f"{first_a.lower()}_{last_a.lower()}{pick(rng, ('', str(rng.randint(1, 99))))}"
    elif style < 0.65:
        handle = f"{pick(rng, HANDLE_WORDS)}_{rng.randint(1, 2020)}"
    elif style < 0.85:
        handle = f"{first_a}{last_a[:1]}{rng.randint(60, 99)}"
    else:
        handle = f"{pick(rng, HANDLE_WORDS).capitalize()}{pick(rng, HANDLE_WORDS).capitalize()}"
    handle = handle[:15]
    # X handles are unique case-insensitively; "demo_" is kept for the scenario's own accounts.
    while handle.lower() in used or handle.lower().startswith("demo_"):
        handle = f"{handle[:11]}{rng.randint(1000, 9999)}"
    used.add(handle.lower())
    r = rng.random()
    name = (
        pick(rng, TRICKY_NAMES)
        if r < 0.006
        else f"{first} {last}{pick(rng, NAME_DECORATIONS)}"
        if r < 0.15
        else f"{pick(rng, HANDLE_WORDS).capitalize()} {first}"
        if r < 0.25
        else f"{first} {last}"
    )
    return handle, name
