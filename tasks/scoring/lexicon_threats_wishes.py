"""Wishes of death and illness, promised regret and revenge, mutilation said to the target,
release 1.8, as data (merged into ``lexicon``; issue 18).

Written for Tocsin from general knowledge of French and English (no dataset sentence is copied
here; the cases are ours, ``eval/cases/own_threats_wishes.tsv``, and the fair batch 3 of
``eval/cases/fair_threats_direct.tsv`` was written before these rules). Only the forms the
release 1.7 rules missed:

- promised regret and payment at a clause's end ("tu le regretteras.", "tu vas regretter ce
  que tu as dit", "tu vas me le payer", "tu me le paieras", "i'll make you regret this");
- revenge aimed at the target ("je me vengerai de toi", "on va se venger sur toi", "ma
  vengeance sera terrible", "i will get my revenge on you", "my revenge will be brutal");
- illness wished on the target or their kin ("hope you catch covid and die", "i hope your
  kids get cancer") and eagerness for their death ("can't wait for you to die");
- mutilation verbs and body parts the lexicon did not list ("je vais t'arracher le cœur",
  "je vais te scalper", "i'll rip your fingernails out", "i'll cut off your balls", "i'll
  break every bone in your body").

Every rule has a target (the second person, "la"/"lui"/"her"/"him", the target's kin or body)
and a rare anchor word. Look-alikes kept out: "tu vas regretter d'avoir raté ce concert",
"you'll regret not buying it" (a neutralizer), "tu vas me regretter" (you will miss me), "je
me vengerai au prochain match", "i hope you don't get covid", "i'll cut your nails tonight".
"""

from __future__ import annotations

from tasks.scoring.tails import clause_end as _end

# What carries a threat on after a clause (``tails.clause_end``), in this module's own words
_END_WORDS_FR = (
    "tkt|t'?inquiete|crois\\s+moi|croyez\\s+moi|wallah|sale|fdp|toi|je\\s+te\\s+le\\s+(?:jure|promets)|"
    "tot\\s+ou\\s+tard|un\\s+jour|bientot|tu\\s+vas\\s+voir|espece|frere|connard|salope|pute"
)
_END_WORDS_EN = (
    "bitch|hoe|bro|soon|one\\s+day|motherfucker|asshole|cunt|whore|slut|just\\s+wait|i\\s+swear|"
    "mark\\s+my\\s+words|this|it|that|everything|what|ever|the\\s+day|being\\s+born|saying|"
    "crossing|messing|posting"
)


# fmt: off
LISTS: dict[str, list[str]] = {
    # body parts torn out or cut off that lexicon's body lists do not hold
    "torn_body_fr": [
        "coeur", "cœur", "ongles", "tripes", "boyaux", "foie", "oreilles", "nez", "lèvres",
        "levres", "paupières", "paupieres", "ovaires", "testicules", "intestins", "entrailles",
        "poumons", "rein", "reins", "seins", "tétons", "tetons", "scalp", "cuir chevelu",
    ],
    "torn_body_en": [
        "fingernails", "nails", "toenails", "balls", "testicles", "ears", "ear", "nose", "lips",
        "eyelids", "intestines", "guts", "spine", "kidneys", "liver", "lungs", "tits",
        "breasts", "nipples", "scalp", "windpipe", "ovaries", "dick", "cock",
    ],
    "disease_en": [
        "cancer", "covid", "aids", "hiv", "ebola", "tumor", "tumour", "brain tumor",
        "brain tumour", "brain cancer", "lung cancer", "terminal cancer", "bone cancer", "leukemia", "leukaemia", "plague", "the plague", "sepsis", "rabies",
        "a stroke", "stroke", "a heart attack", "heart attack", "dementia", "als",
    ],
    "wished_en": [
        "you", "u", "ya", "your kids", "ur kids", "your children", "your family", "your mom",
        "your mother", "your wife", "your husband", "your son", "your daughter", "her", "him",
        "she", "he",
    ],
}

# A clause's end after "regretter": or what is regretted, said to its author
_REGRET_FR = (
    "ce\\s+que|tes\\s+(?:paroles|mots|propos|messages|tweets)|ton\\s+(?:message|tweet|post)|"
    "amerement|longtemps|toute\\s+ta\\s+vie|le\\s+jour\\s+ou|d'?\\s*(?:etre|exister)"
)

RULES: list[tuple[str, float, str]] = [
    # "tu le regretteras.", "tu vas regretter ce que tu as dit", "vous allez le regretter,
    # croyez-moi" (not "tu vas regretter d'avoir raté ce concert", "tu vas me regretter")
    ("fr.threat.regret_end", 0.75,
     "tu|vous [vas|va|allez] [le|l'|la] !regretter|regretteras|regretterez|regretterais " + _end(_END_WORDS_FR, _REGRET_FR)),
    # "tu vas me le payer", "tu me le paieras très cher", "vous allez nous le payer"
    ("fr.threat.pay_me", 0.8,
     "tu|vous [vas|va|allez] me|m'|nous le|la !payer|paieras|payeras|paierez|payerez " + _end(_END_WORDS_FR, "cher|tres|très|au\\s+centuple|un\\s+jour|tous|toutes")),
    # "je me vengerai de toi", "on va se venger sur ta famille", "je vais me venger de vous"
    ("fr.threat.revenge_on_you", 0.8,
     "je|j'|on|nous|jvais ~2 me|m'|se|nous !venger|vengerai|vengera|vengerons|vengeront de|sur toi|vous|lui|elle|ta|ton|tes|votre|vos|cette|ce"),
    # "ma vengeance sera terrible", "notre vengeance va être sanglante"
    ("fr.threat.revenge_terrible", 0.75,
     "ma|notre !vengeance ~2 terrible|sanglante|implacable|impitoyable|atroce|douloureuse|(sans pitié)|(sans pitie)"),
    # "je vais t'arracher le cœur", "on va lui arracher les ongles un par un"
    ("fr.threat.tear_out", 0.85,
     "je|j'|on|nous|jvais|jte|ils ~2 te|t'|lui|vous ~1 arracher|arracherai|arrachera|crever|crèverai|crèvera le|la|les|ton|ta|tes|un|une !@torn_body_fr"),
    # "je vais te couper les testicules", "on va lui trancher les seins" (not "te couper les
    # ongles", a parent's promise)
    ("fr.threat.cut_off", 0.85,
     "je|j'|on|nous|jvais|jte|ils ~2 te|t'|lui|vous ~1 couper|couperai|coupera|trancher|trancherai|tranchera le|la|les|ton|ta|tes|un|une !testicules|seins|tétons|tetons|lèvres|levres|oreilles|paupières|paupieres|ovaires"),
    # "je vais te scalper", "on va t'énucléer"
    ("fr.threat.mutilate_rare", 0.85,
     "je|j'|on|nous|jvais|jte|ils ~2 te|t'|lui|la|vous !scalper|scalperai|scalpera|énucléer|enucleer|amputer|amputerai|trépaner|trepaner"),
    # "j'espère que tu vas attraper le covid et y passer", "pourvu que tu te fasses écraser"
    ("fr.threat.wish_pass_away", 0.8,
     "(j'espère)|jespere|jespr|(je souhaite)|pourvu|vivement que|qu'|k tu|t' ~5 !(y passer)|(y rester)|(faire écraser)|(faire ecraser)|(fasses écraser)|(fasses ecraser)|(faire renverser)|(fasses renverser)|(faire percuter)"),
    # "j'ai hâte de voir ta tombe", "vivement tes funérailles" (not "ton enterrement de vie de
    # jeune fille": "enterrement" is not listed)
    ("fr.threat.await_grave", 0.8,
     "hâte|hate|vivement|pressé|presse|pressée|pressee ~3 ta|ton|tes|votre|vos !tombe|funérailles|funerailles|obsèques|obseques|cercueil|décès|deces"),
    # --- English --------------------------------------------------------------------------------
    # "i'll make you regret this", "we're going to make her regret it"
    ("en.threat.make_regret", 0.8,
     "@i_will_en ~1 make @you_direct_en !regret " + _end(_END_WORDS_EN)),
    # "i will get my revenge on you", "i'll have revenge on her"
    ("en.threat.revenge_on_you", 0.8,
     "@i_will_en ~1 have|get|take|exact [my|our] !revenge|vengeance on|upon @you_direct_en|your|ur|them"),
    # "my revenge will be terrible", "our vengeance shall be swift"
    ("en.threat.revenge_terrible", 0.75,
     "my|our !revenge|vengeance will|shall|(is going to)|(is gonna) be terrible|bloody|brutal|swift|merciless|painful|horrible|ruthless"),
    # "hope you catch covid and die", "i hope your kids get cancer" (not "hope you don't get
    # covid": the verb follows its subject)
    ("en.threat.wish_disease", 0.8,
     "hope|wish|pray [that] @wished_en get|gets|catch|catches|develop|develops|die|dies [of|from|a|an|some] !@disease_en"),
    # "can't wait for you to die", "i can't wait to see her dead", "cant wait till you die"
    ("en.threat.await_death", 0.8,
     "(can't)|cant|cannot wait ~3 @you_direct_en|(you're)|youre [to] !die|dies|dead|(drop dead)"),
    ("en.threat.await_funeral", 0.75,
     "(can't)|cant|cannot wait ~3 your|ur|her|his !funeral|grave|death|obituary"),
    # "i'll rip your fingernails out", "i'm gonna tear her lips off"
    ("en.threat.tear_out", 0.85,
     "@i_will_en ~1 rip|tear|pull|yank|gouge|cut|chop|slice ~1 [off|out] your|ur|her|his !@torn_body_en off|out"),
    # "i'll cut off your balls", "i'm going to rip out your guts"
    ("en.threat.tear_out_first", 0.85,
     "@i_will_en ~1 rip|tear|pull|yank|gouge|cut|chop|slice off|out your|ur|her|his !@torn_body_en"),
    # "i'll break every bone in your body"
    ("en.threat.every_bone", 0.85,
     "@i_will_en ~1 break|snap|crush|smash !(every bone)|(all your bones)|(all the bones)|(each bone)"),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # "you'll regret not buying it", "tu vas regretter de pas avoir pris le dessert" (a
    # missed chance, not a threat)
    ("figurative", "!regret|regretter|regretteras ~1 not|(de pas)|(de ne pas)|(not to)|missing|skipping|passing"),
    # "i will never rip your heart out", "i won't cut your tongue" (the verb and its object
    # only; one word between, so that "not joking, i'll rip your head off" stays a threat)
    ("negation", "never|(won't)|(wouldn't)|(not gonna)|(not going to)|(don't)|(didn't) ~1 !rip|tear|gouge|pull|yank|cut|chop|slice|break|snap your|ur|her|his|@you_direct_en"),
    # "ton enterrement de vie de jeune fille" (a hen party), "j'espère que tu vas y passer une
    # bonne soirée" (to spend an evening there)
    ("figurative", "!(enterrement de vie)|(enterrements de vie)"),
    ("figurative", "!(y passer)|(y passes)|(y passeras) un|une|la|le|les|de|des|quelques|du|tes|ton|ta|tout|toute"),
]
# fmt: on
