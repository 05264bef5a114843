"""Harm to the body ordered, incited or wished to be seen, French and English, as data (merged
into ``lexicon``; issue 18, release 1.46).

The rules read a person's own threat to break bones ("i'll break your legs", "je vais te casser
les jambes") and a few orders ("hang her", "bute-la", "tabassez-la"). They did not read the
same harm ordered to others, incited or wished to be seen, which is how a pile-on speaks of its
target to the rest of the pile:

- an order aimed at a body part: "smash her face in", "break his legs", "cut her tongue out";
  "cassez-lui les jambes", "pète-lui la gueule", "arrachez-lui la langue";
- fire, a vehicle, a weapon, a grave: "set her on fire", "douse him in gasoline", "run him
  over", "hit her with a brick", "put her in the ground"; "mettez-lui le feu", "brûlez-la vive",
  "roulez-lui dessus", "frappez-la avec une batte", "enterrez-la vivante";
- an object forced into the body: "shove a broomstick up her ass";
- letting the target die: "let her drown", "laissez-la crever";
- wanting to watch it: "i want to see her get beaten up", "je veux la voir se faire tabasser";
- a bullet said to be due: "you need a bullet".

Each form has a target (the second or third person, or a person named by an insult) and a
shape a look-alike does not take: an order at the start of a sentence (English, over the raw
text like ``en.threat.imperative``), a modal that calls for it ("someone should set her on
fire"), a vehicle or a weapon named (not "écrasez-la" alone: garlic is crushed too), a clause
that ends where a threat does ("let her burn", not "let her burn the old letters"). Look-alikes
kept out: cooking, DIY, sport and games, medicine ("she broke her leg skiing"), and news told in
the past tense ("he set her on fire", "police said he ran her over").

Written for Tocsin from general knowledge of both languages and from our own probe sentences
(no dataset sentence is copied; the cases are ours, ``eval/cases/own_threats_body.tsv``). Blind
batch 11 of ``eval/cases/fair_threats_direct.tsv`` was written, committed and scored before
these rules, by the same author in the same session, and its misses were not read.
"""

from __future__ import annotations

from tasks.scoring.tails import ORDER_START_EN, clause_end

_END_FR = clause_end(
    "sale|salope|pute|connasse|connard|conne|toi|enfin|deja|svp|stp|tkt|putain|bordel|espece"
    "|fdp|cette|ce|celle[\\s-]+la|celui[\\s-]+la|mdr|ptdr|lol|vite|une\\s+bonne\\s+fois"
    "|a\\s+(?:cette|ce|cet|ces)"
)
_END_EN = clause_end(
    "already|now|bitch|whore|cunt|slut|lol|lmao|please|plz|pls|finally|slowly|for\\s+real|asap"
    "|tonight|today|and|so|until|till|next\\s+time|when|if"
)


def _clitic(verbs: str, pronouns: str) -> str:
    """Each French imperative with its pronoun, hyphenated or not: "casse-lui|(casse lui)"."""
    return "|".join(f"{v}-{p}|({v} {p})" for v in verbs.split("|") for p in pronouns.split("|"))


# --- English: an order at the start of a sentence, over the raw text -------------------------
_WHO = (
    "(?:her|him|them|(?:that|this|the)\\s+(?:fucking\\s+|fuckin\\s+|dumb\\s+|stupid\\s+|old\\s+"
    "|fat\\s+)?(?:bitch|cunt|whore|slut|hoe|ho|witch|hag|traitor|woman|thot|skank|broad))"
)
_WHOSE = (
    "(?:her|his|their|your|ur|yo|(?:that|this|the)\\s+(?:bitch|cunt|whore|slut|hoe|witch"
    "|traitor)(?:'s|s))\\s+(?:fucking\\s+|stupid\\s+|ugly\\s+|fat\\s+|lying\\s+)?"
)
# What the order does: to a bone or a face (broken, smashed, caved in), to what is torn out or
# off, and what is done with fire, a vehicle, a weapon or a grave.
_ORDERS = "|".join(
    [
        "(?:smash|bash|kick|punch|stomp|cave|crack|snap|shatter|break|bust)\\s+"
        + _WHOSE
        + "(?:face|skull|head|teeth|jaw|nose|neck|legs|leg|arms|arm|knees|kneecaps|ribs|spine"
        "|bones|fingers)(?:\\s+(?:in|open))?",
        "(?:rip|tear|cut|pull|gouge|knock|slice|chop|carve)\\s+"
        + _WHOSE
        + "(?:heart|tongue|eyes|eye|teeth|throat|head|guts|fingers|ears|nails)\\s+(?:out|off)",
        "(?:set|light)\\s+" + _WHO + "\\s+(?:on\\s+fire|ablaze|alight)",
        "(?:douse|soak|drench)\\s+" + _WHO + "\\s+(?:in|with)\\s+(?:gasoline|petrol|gas|kerosene"
        "|lighter\\s+fluid|acid)",
        "(?:run|mow)\\s+" + _WHO + "\\s+(?:over|down)",
        "(?:hit|whack|bash|beat|smack)\\s+" + _WHO + "\\s+(?:with|w/)\\s+(?:a|an|the|your|ur|my)"
        "\\s+(?:car|truck|bat|baseball\\s+bat|brick|hammer|crowbar|pipe|chair|rock|shovel|bottle"
        "|belt|tire\\s+iron|2x4|golf\\s+club)",
        "(?:put|bury)\\s+"
        + _WHO
        + "\\s+(?:in\\s+(?:the\\s+ground|a\\s+(?:grave|coffin|body\\s+bag|"
        "ditch))|six\\s+feet\\s+under|alive)",
    ]
)
_THEN = (
    "(?:\\s*(?:$|[.!?,;\\n])|\\s+(?:already|now|with|w/|until|till|and|so|for|right|today|tonight"
    "|asap|next\\s+time|when|if|on\\s+sight|bitch|lol|lmao|once|for\\s+good|one\\s+by\\s+one))"
)

# fmt: off
LISTS: dict[str, list[str]] = {
    # what one wants to watch done to the target ("i want to see her get beaten up")
    "seen_harm_en": [
        "raped", "murdered", "lynched", "hanged", "hung", "tortured", "stabbed", "shot", "killed",
        "beheaded", "strangled", "(beaten up)", "(beaten to death)", "(run over)",
        "(set on fire)", "(burned alive)", "(burnt alive)", "(curb stomped)", "(kicked in the head)",
        "bleed", "(bleed out)", "(bleed to death)", "hurt", "(beaten senseless)",
    ],
    # what one wants to watch done to the target, in French ("la voir se faire tabasser")
    "seen_harm_fr": [
        "tabasser", "violer", "buter", "tuer", "lyncher", "égorger", "poignarder", "lapider",
        "fusiller", "flinguer", "pendre", "défigurer", "(casser la gueule)", "(péter la gueule)",
        "(refaire le portrait)", "(brûler vive)", "(brûler vif)",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # --- English --------------------------------------------------------------------------------
    # "Smash her face in.", "go break his legs", "set her on fire", "run him over", "hit her with
    # a brick", "put her in the ground" (not "she broke her leg skiing", "set the table on
    # fire", "run the numbers over", "put her in the car")
    ("en.threat.imperative_body", 0.8, "re:(?i)" + ORDER_START_EN + "(?:" + _ORDERS + ")" + _THEN),
    # "someone should set her on fire", "you guys need to douse that bitch in gasoline" (not "he
    # set her on fire", told in the past tense)
    ("en.threat.incite_fire", 0.85,
     "someone|somebody|should|(needs to)|(need to)|gotta|(ought to)|(has to)|(have to)|(let's)|lets|go|(i'd)|(we'd)|would ~2 set|light|douse|soak @person_obj_en|@designated_en on|in|with !fire|ablaze|alight|gasoline|petrol|kerosene"),
    # "shove a broomstick up her ass", "ram a pipe down his throat" (not "shove it up your ass",
    # "shove a sandwich down your throat")
    ("en.threat.shove_up", 0.8,
     "shove|stick|ram|jam|force|push|put ~2 !broom|broomstick|pole|pipe|bat|poker|knife|cactus|bottle|rod|crowbar|pitchfork|(hot poker)|(red hot poker)|(broom handle)|(broken bottle)|(hot iron) up|down her|his|your|ur|their ass|arse|throat|cunt|pussy"),
    # "let her drown", "let them burn." (not "let her burn the old letters", "let it burn")
    ("en.threat.let_die", 0.75,
     "let @person_obj_en|@designated_en !burn|drown|choke|(bleed out)|(bleed to death)|die " + _END_EN),
    # "i want to see her get beaten up", "can't wait to watch him bleed out" (not "i want to
    # see him get killed off in season 3", "… get shot by a photographer")
    ("en.threat.want_to_see_harm", 0.85,
     "(want to)|wanna|(love to)|(like to)|(cant wait to)|(can't wait to)|(dying to)|(hope to)|(wish i could)|(i'd pay to)|(id pay to) see|watch @person_obj_en|@designated_en [get|getting|be] ~1 !@seen_harm_en " + _END_EN),
    # "someone put this bitch in the ground", "they should bury her alive" (a modal or a call:
    # not "they put him in the ground on tuesday", a funeral)
    ("en.threat.incite_ground", 0.85,
     "someone|somebody|should|(needs to)|(need to)|gotta|(ought to)|(has to)|(have to)|(let's)|lets ~1 put|bury @person_obj_en|@designated_en !(in the ground)|(six feet under)|(in a grave)|(in a coffin)|(in a body bag)|alive"),
    # "you need a bullet", "she needs a slug." (release 1.9's due_harm reads "… a bullet in her
    # head", en.threat.deserves "deserves a bullet"; not "you need a bullet point here")
    ("en.threat.due_bullet", 0.85,
     "you|u|she|he|@designated_en ~1 need(s)? a !bullet|slug " + _END_EN),
    # --- French ---------------------------------------------------------------------------------
    # "cassez-lui les jambes", "pète-lui sa gueule", "défonce-lui sa race", "arrachez-lui la
    # langue" (not "coupe-lui les cheveux", "casse-lui les pieds", "ouvre-lui les yeux")
    ("fr.threat.imperative_body", 0.85,
     "!" + _clitic(
         "casse|cassez|cass|kasse|pète|pétez|pete|petez|brise|brisez|arrache|arrachez|défonce|défoncez|"
         "fracasse|fracassez|explose|explosez|éclate|éclatez|coupe|coupez|crève|crevez|tranche|"
         "tranchez|écrase|écrasez|démonte|démontez|troue|trouez|tords|tordez|enfonce|enfoncez",
         "lui|leur",
     ) + " le|la|les|l'|sa|son|ses ~1 @body_fr|race"),
    # "mettez-lui le feu", "foutez-leur le feu" (not "mets le feu au barbecue": no one is lit;
    # not "mets-lui le feu aux poudres")
    ("fr.threat.incite_fire", 0.85,
     "!" + _clitic("mets|mettez|fous|foutez|fout", "lui|leur") + " le feu " + _END_FR),
    # "brûlez-la vive", "cramez-le sur un bûcher" (not "la facture, brûle-la": alive or a pyre)
    ("fr.threat.burn_alive", 0.85,
     "!" + _clitic("brûle|brûlez|crame|cramez|immole|immolez", "la|le|les")
     + " [sur] vive|vivante|vif|vivant|vives|vivantes|vifs|vivants|(un bûcher)|(le bûcher)"),
    # "arrosez-la d'essence", "asperge-le d'acide"
    ("fr.threat.douse", 0.85,
     "!" + _clitic("arrose|arrosez|asperge|aspergez|imbibe|imbibez", "la|le|les")
     + " (d'essence)|(d'acide)|(de white spirit)|(d'huile bouillante)|(de kérosène)"),
    # "laissez-la crever", "laisse-les se noyer." (not "laisse-la dormir", "laisse-la brûler,
    # la bougie")
    ("fr.threat.leave_to_die", 0.8,
     "!" + _clitic("laisse|laissez", "la|le|les") + " crever|(se noyer)|(se vider de son sang)|(se vider de leur sang)|mourir|(pourrir en enfer) " + _END_FR),
    # "roulez-lui dessus", "écrase-le avec ta bagnole" (not "roule-lui dessus avec le ballon",
    # a dribble; not "écrasez-la avec une fourchette": garlic)
    ("fr.threat.run_over", 0.85,
     "!" + _clitic("roule|roulez", "lui|leur") + " dessus " + _END_FR),
    ("fr.threat.crush_vehicle", 0.85,
     _clitic("écrase|écrasez|renverse|renversez|percute|percutez|fauche|fauchez", "la|le|les")
     + " avec ~1 ta|votre|une|un|ma|sa|la|le !voiture|bagnole|caisse|camion|tracteur|bus|4x4|scooter|moto|camionnette"),
    # "frappez-la avec une batte", "cogne-le à coups de barre de fer" (people are hit: not
    # "tape-le avec un marteau", a nail)
    ("fr.threat.hit_weapon", 0.85,
     _clitic("frappe|frappez|cogne|cognez|tabasse|tabassez|défonce|défoncez", "la|le|les")
     + " avec|(à coups de) ~2 !batte|barre|(barre de fer)|marteau|brique|chaise|ceinture|bâton|matraque|pelle|tuyau|(clé à molette)|pied-de-biche|parpaing|hache"),
    # "enterrez-la vivante", "mets-le six pieds sous terre"
    ("fr.threat.bury", 0.85,
     "!" + _clitic("enterre|enterrez", "la|le|les") + " vivante|vivant|vivantes|vivants"),
    ("fr.threat.six_feet", 0.85,
     _clitic("mets|mettez|envoie|envoyez|fous|foutez", "la|le|les") + " !(six pieds sous terre)|(6 pieds sous terre)|(au cimetière)|(à la morgue) " + _END_FR),
    # "je veux la voir se faire tabasser", "j'ai hâte de te voir te faire lyncher" (not "voir le
    # PSG se faire battre": a person's pronoun, and harms no match does)
    ("fr.threat.want_to_see_harm", 0.85,
     "la|le|les|te|vous voir|regarder se|te|vous faire !@seen_harm_fr"),
]

NEUTRALIZERS: list[tuple[str, str]] = []
# fmt: on
