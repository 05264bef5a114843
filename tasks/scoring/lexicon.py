"""The default scorer's lexicon: word lists and rules, French and English, as data.

Written for Tocsin from general knowledge of both languages (no corpus text is copied). Each rule
is ``(id, weight, pattern)`` in the small pattern language of ``patterns.py``; the id reads
``<lang>.<category>.<name>`` and is what a reader sees in a score's reasons, next to the span.

- ``lang``: ``fr``, ``en``, or ``any`` (emoji, phone numbers, addresses, and the English
  profanity that French posts borrow). See rules.py for which rules a post's language enables.
- ``category``: one of ``CATEGORIES`` (hostile) or ``support``.
- ``weight``: how much the rule alone says. A post is hostile when ``1 - prod(1 - w)`` over its
  hostile rules reaches 0.5, so a weight of 0.5 or more decides alone and weaker signals (a bare
  "stupid", a clown emoji) need company. The weights are hand-set and checked by ``eval/``.

Neutralizers remove spans before the hostile rules run: quoted text, reported or counter speech
("stop calling people X", "il a reçu des menaces de mort"), negated violence ("je ne vais pas te
tuer") and figurative violence ("ce match m'a tué", "kill some time"). They are shown in the
reasons as ``ignored.<kind>`` when they hid something.
"""

from __future__ import annotations

from tasks.scoring import (
    lexicon_counter_speech,
    lexicon_sexual,
    lexicon_sexual_pile,
    lexicon_threats,
    lexicon_threats_body,
    lexicon_threats_direct,
    lexicon_threats_en,
    lexicon_threats_en_indirect,
    lexicon_threats_fr_implicit,
    lexicon_threats_fr_indirect,
    lexicon_threats_fr_real,
    lexicon_threats_idioms,
    lexicon_threats_incitement,
    lexicon_threats_other,
    lexicon_threats_questions,
    lexicon_threats_veiled,
    lexicon_threats_watching,
    lexicon_threats_wishes,
)
from tasks.scoring.tails import CLAUSE as _CLAUSE
from tasks.scoring.tails import clause_end

CATEGORIES: tuple[str, ...] = (
    "threat",
    "incitement",
    "insult",
    "identity_hate",
    "sexual_harassment",
    "doxxing",
    "other_abuse",
)
# 0 = nothing hostile; threats and doxxing put someone in physical danger.
SEVERITY: dict[str, int] = {
    "threat": 4,
    "doxxing": 4,
    "incitement": 3,
    "identity_hate": 3,
    "sexual_harassment": 3,
    "insult": 2,
    "other_abuse": 1,
}

# The concrete details of doxxing, as raw regexes over the lowercased text: a street address, a
# phone number. Alone they weigh 0.45 (an event's address, a shop's number); next to a word that
# says whose address or number it is, they decide (``*.doxxing.detail_given``).
_STREET_ADDRESS = "(?:^|[^\\d])\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s+(?:rue|avenue|av\\.|boulevard|bd|impasse|allée|chemin|place|quai|route|cours|square)\\s+(?:[^\\W\\d_]|['’\\-])+"
# English street names. The bare rule any.doxxing.street_name (removed in release 1.9) was
# written capitalized ("Street|St|Road…"): it never matched the lowercased text the raw rules
# read, and lowercased it read "1 way street", "22 mongol qui court" in OLID and Davidson posts.
# Lowercased, the unambiguous suffixes only, and only next to whose address it is (_DETAIL).
_STREET_NAME_EN = "(?:^|[^\\d])\\d{1,5}\\s+(?:[a-z]+\\s+){1,3}(?:street|road|lane|avenue|drive|court|boulevard|blvd)(?:$|[^a-z])"
_PHONE_FR = "(?:^|[^\\d+])(?:\\+33\\s?|0)[1-9](?:[\\s.\\-]?\\d{2}){4}(?:$|[^\\d])"
_PHONE_US = "(?:^|[^\\d])\\(?\\d{3}\\)?[\\s.\\-]\\d{3}[\\s.\\-]\\d{4}(?:$|[^\\d])"
# Beside a cue the street's name needs no Unicode letter class (large automata: slow, measured).
_STREET_ADDRESS_FR = _STREET_ADDRESS.replace("(?:[^\\W\\d_]|['’\\-])+", "[a-zà-ÿ'’\\-]+")
assert _STREET_ADDRESS_FR != _STREET_ADDRESS
_DETAIL = f"(?:{_STREET_ADDRESS_FR}|{_STREET_NAME_EN}|{_PHONE_FR}|{_PHONE_US})"

# fmt: off
LISTS: dict[str, list[str]] = {
    # --- French -------------------------------------------------------------------------------
    "kill_fr": [  # violent verbs after a clitic object ("te ___") or a subject ("je vais ___")
        "tu(er|erai|era|erons|eront|e|ait|ais|ions|ez)", "bu(ter|terai|tera|te)",
        "crev(er|erai|era)", "égorg(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|eons|ez|eais|eait|é|ée|és|ées)", "flingu(er|erai|eras|era|erons|erez|eront|erais|erait|ent|ons|ez|ais|ait|ée|ées)", "descend(re|rai|ra)", "saign(er|erai|era)",
        "plant(er|erai|era)", "poignard(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "étrangl(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "massacr(er|erai|eras|era|erons|erez|eront|erais|erait|ent|ons|ez|ais|ait|ée|ées)", "assassin(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "frapp(er|erai|era)",
        "cogn(er|erai|era)", "tabass(er|erai|eras|era|erons|erez|eront|erais|erait|ent|ons|ez|ais|ait|ée|ées)", "viol(er|erai|era|e|ais|ait|erons)", "brûl(er|erai|era)",
        "pend(re|rai|ra|ons)", "exécut(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "abatt(re|rai|ra|ons)", "élimin(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "noy(er|erai|era|ons)",
        "tortur(er|erai|eras|era|erons|erez|eront|erais|erait|ent|ons|ez|ais|ait|ée|ées)", "lynch(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "retrouv(er|erai|era)", "défonc(er|erai|era)", "dégomm(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "étrip(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)",
        "démol(ir|irai|ira)", "fusill(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "ga(z|s)(er|erai|era)", "extermin(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "éradiqu(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)",
        "décapit(er|erai|eras|era|erons|erez|eront|erais|erait|e|es|ent|ons|ez|ais|ait|é|ée|és|ées)", "pourchass(er|erai|era)", "faire exploser", "faire la peau", "faire payer", "faire taire", "faire (du |de )?mal",
        "faire souffrir", "faire regretter", "mettre une balle", "loger une balle",
        "régler (son|ton) compte", "tirer (une balle )?(sur|dessus)", "mettre fin à (ta|sa|la|leur|vos|votre) vie",
        "(casse(r|rai|ra)?|pète(r|rai|ra)?|péter|éclate(r|rai|ra)?|démonte(r|rai|ra)?|explose(r|rai|ra)?|défonce(r|rai|ra)?|refai(re|s|t|rai|ra)) (la gueule|les dents|la tête|le crâne|les genoux|les jambes|la face)",
        "(briser|casser|tordre) (le cou|la nuque|ton cou|son cou)", "(trancher|couper) (la|leur|leurs|sa|ta) gorge(s)?",
        "crever les yeux",
    ],
    "kill_pp_fr": [  # past participles: "devraient être ___", "mérite d'être ___"
        "tué(e|s|es)?", "exécuté(e|s|es)?", "pendu(e|s|es)?", "brûlé(e|s|es)?( vifs| vives| vif| vive)?",
        "gazé(e|s|es)?", "exterminé(e|s|es)?", "abattu(e|s|es)?", "fusillé(e|s|es)?",
        "éliminé(e|s|es)?", "massacré(e|s|es)?", "égorgé(e|s|es)?", "noyé(e|s|es)?",
        "lynché(e|s|es)?", "violé(e|s|es)?", "éradiqué(e|s|es)?", "castré(e|s|es)?",
        "lapidé(e|s|es)?", "torturé(e|s|es)?", "assassiné(e|s|es)?", "décapité(e|s|es)?",
        "battu(e|s|es)? à mort", "guillotiné(e|s|es)?", "écartelé(e|s|es)?",
        "enterré(e|s|es)? vivant(e|s|es)?", "écorché(e|s|es)? (vif|vive|vifs|vives)",
    ],
    "kill_inf_fr": [  # infinitives naming a violent act: "il faudrait ___ les X"
        "tuer", "buter", "exterminer", "éradiquer", "gazer", "massacrer", "pendre", "brûler",
        "fusiller", "noyer", "lyncher", "abattre", "égorger", "exécuter", "assassiner", "violer",
        "torturer", "éliminer", "décapiter", "poignarder", "flinguer", "tabasser",
    ],
    "kill_street_fr": [  # street and slang verbs of violence, written as they are typed
        "shlass(er|erai|era|e)", "schlass(er|erai|era|e)", "marav(er|erai|era|e)", "marave",
        "zigouill(er|erai|era|e)", "trucid(er|erai|era|e)", "dessoud(er|erai|era|e)",
        "refroid(ir|irai|ira|is)", "plomb(er|erai|era|e)", "fum(er|erai|era|e)",
        "nik(er|erai|era|e)", "niqu(er|erai|era|e)", "goum(er|erai|era|e)", "tart(er|erai|era|e)",
        "fracass(er|erai|era|e)", "démarr(er|erai|era)", "sécher", "percer", "calecher",
        "faire disparaître", "faire disparaitre", "faire la misère", "faire ta fête",
        "ramasser à la petite cuillère", "ramasser à la cuillère", "défigur(er|erai|era)",
        "mettre en pièces", "mettre en morceaux", "crev(er|é|e)", "cramer",
        "castr(er|erai|era)", "termin(er|erai|era)", "éventr(er|erai|era)", "écorch(er|erai|era)",
        "découp(er|erai|era)", "éclat(er|erai|era)", "démont(er|erai|era)",
        "(trancher|couper|arracher|exploser) la tête", "faire sauter", "foutre (dans|un|une)",
        "jeter (dans|sur|par)", "tej (dans|ds) (la|le|l')", "tirer dans (la|le|les|ta|sa|ton|son)",
        "transpercer",
        # verlan and street: "teuber" (buter), "marav", "tomber dessus", "enterrer vivant(e)"
        "teub(er|erai|era|é|e)", "marav", "tomber dessus", "enterrer vivant(e|s|es)?",
    ],
    "ruin_fr": [  # destruction and ruin, promised to someone
        "détrui(re|rai|ra|t)", "ruin(er|erai|era|e)", "bris(er|erai|era|e)", "anéant(ir|irai|ira|is)",
        "écras(er|erai|era|e)", "pourrir (la|ta|sa) vie", "gâcher (la|ta|sa) vie",
        "détruire (ta|sa|votre) vie", "ruiner (ta|sa|votre) vie",
        "faire vivre un enfer", "rendre (la|ta|sa) vie (impossible|infernale)",
        "(faire|fais) regretter d'être né(e)?", "couler", "griller", "traquer", "harceler jusqu'à",
    ],
    "you_obj_fr": ["te", "t'", "t", "vous", "toi"],
    "fate_place_fr": [  # where a threat says the target will end up
        "dans un fossé", "dans le fossé", "au bord de la route", "sur le bord de la route",
        "six pieds sous terre", "sous terre", "dans un sac", "dans une housse", "dans un sac poubelle",
        "à la morgue", "au cimetière", "en morceaux", "entre quatre planches", "les pieds devant",
        "à l'hôpital", "à l'hosto", "aux urgences", "en fauteuil", "en chaise roulante",
        "dans le coffre", "au fond (du canal|de la seine|de l'eau|d'un lac|d'un puits)",
        "dans une boîte", "dans un cercueil", "dans la tombe", "à la rue", "en sang",
        "ds un fossé", "ds le fossé", "au bord d'la route", "ds un sac", "ds la tombe",
        "sous terre", "ds un cercueil",
    ],
    "third_party_fr": [  # people a threat sends after the target
        "mes potes", "mes gars", "mes frères", "mes freres", "mes reufs", "mes cousins", "mes amis",
        "des potes", "des mecs", "mes hommes",
    ],
    # What the reader writes or makes (release 1.51: "ton article est nul"); no people.
    "your_work_fr": [
        "article(s)?", "tweet(s)?", "réponse(s)?", "message(s)?", "commentaire(s)?", "papier(s)?",
        "travail", "boulot", "argument(s)?", "propos", "discours", "post(s)?", "livre(s)?",
        "émission(s)?", "chronique(s)?", "vidéo(s)?", "raisonnement(s)?", "analyse(s)?",
        "enquête(s)?", "théorie(s)?", "histoire(s)?", "excuse(s)?", "idée(s)?", "avis",
        "opinion(s)?", "thread(s)?", "tribune(s)?", "édito(s)?", "reportage(s)?", "journalisme",
        "blague(s)?", "question(s)?", "interview(s)?", "podcast(s)?", "texte(s)?", "titre(s)?",
    ],
    "you_fr": ["t'es", "tu es", "tes", "t es", "vous êtes", "t'étais", "tu étais", "t'as toujours été"],
    "copula_fr": ["est", "es", "êtes", "sont", "c'est", "t'es", "tu es", "reste(s|nt)?", "était", "étaient", "serait", "seraient"],
    "det_fr": [
        "un", "une", "des", "de", "d'", "qu'un", "qu'une", "que des", "vraiment", "vraie", "vrai",
        "trop", "tellement", "grosse", "gros", "sacrée", "sacré", "pauvre", "belle", "bel",
        "espèce de", "sale", "complètement", "totalement", "juste", "la pire", "le pire",
        "une belle", "une grosse", "un gros", "une vraie", "un vrai", "rien qu'une", "rien qu'un",
    ],
    "insult_strong_fr": [  # insults that are abuse on their own
        "salope(s)?", "connasse(s)?", "pute(s)?", "pétasse(s)?", "pouffiasse(s)?", "poufiasse(s)?",
        "grognasse(s)?", "greluche(s)?", "catin(s)?", "traînée(s)?", "pourriture(s)?",
        "raclure(s)?", "crevure(s)?", "enculé(e|s|es)?", "connard(e|s|es)?", "fils de pute",
        "fdp", "sous-merde(s)?", "merdeu(x|se|ses)", "trou(s)? du cul", "tête(s)? de (con|nœud)",
        "salopard(e|s)?", "bâtard(e|s|es)?", "batard(e|s|es)?", "ordure(s)?", "charogne(s)?",
        "journalope(s)?", "presstitué(e|s|es)?", "gauchiasse(s)?", "pédale(s)?",
        "tafiole(s)?", "abruti(e|s|es)?", "débile(s)? mental(e|s|es)?",
    ],
    "insult_weak_fr": [  # insults that need someone they are aimed at
        "conne(s)?", "con(s)?", "idiot(e|s|es)?", "débile(s)?", "crétin(e|s|es)?",
        "imbécile(s)?", "stupide(s)?", "nul(le|s|les)?", "menteu(r|se|rs|ses)",
        "pathétique(s)?", "ridicule(s)?", "minable(s)?", "grotesque(s)?", "malhonnête(s)?",
        "hystérique(s)?", "taré(e|s|es)?", "vendu(e|s|es)?", "immonde(s)?", "dégueulasse(s)?",
        "clown(s)?", "bouffon(ne|s|nes)?", "guignol(e|s|es)?", "incompétent(e|s|es)?",
        "folle(s)?", "cinglé(e|s|es)?", "chienne(s)?", "truie(s)?", "vache(s)?",
        "propagandiste(s)?", "collabo(s)?", "gauchiste(s)?", "facho(s)?", "mongol(e|s|es)?", "attardé(e|s|es)?",
        "demeuré(e|s|es)?", "gogol(e|s)?", "tocard(e|s|es)?", "honte", "blague",
        "misérable(s)?", "parasite(s)?", "vermine(s)?", "merde", "déchet(s)?",
        "nullité(s)?", "escroc(s)?", "manipulat(eur|rice|eurs|rices)", "hypocrite(s)?",
        "lâche(s)?", "minus", "cassos", "plouc(s)?", "beauf(s)?", "boulet(s)?",
        "gros lard(s)?", "grosse larde(s)?", "gros tas", "grosse baleine(s)?",
        "pauvre fille", "pauvre type", "mégère(s)?", "sorcière(s)?", "harpie(s)?",
        "ignoble(s)?", "abject(e|s|es)?", "répugnant(e|s|es)?", "dégoûtant(e|s|es)?",
        "sale race", "rat(s)?", "cafard(s)?", "porc(s)?", "chien(s)?", "bouseu(x|se)",
        "ahuri(e|s|es)?", "sans cervelle", "sans cerveau", "teubé(e|s)?", "boloss", "bolos",
        "mytho(s)?", "mythomane(s)?",
    ],
    "group_fr": [  # identities protected by anti-discrimination law, and their slurs
        "femme(s)?", "gonzesse(s)?", "meuf(s)?", "nana(s)?", "musulman(e|s|es)?", "juif(s)?",
        "juive(s)?", "feuj(s)?", "noir(e|s|es)?", "black(s)?", "renoi(s)?", "arabe(s)?",
        "rebeu(s)?", "beur(s)?", "maghrébin(e|s|es)?", "africain(e|s|es)?", "homo(s)?",
        "gay(s)?", "gai(s)?", "lesbienne(s)?", "trans", "transsexuel(le|s|les)?",
        "handicapé(e|s|es)?", "réfugié(e|s|es)?", "migrant(e|s|es)?", "immigré(e|s|es)?",
        "étranger(s)?", "étrangère(s)?", "rom(s)?", "gitan(e|s|es)?", "tsigane(s)?",
        "asiatique(s)?", "chinois(e|es)?", "bougnoule(s)?", "nègre(s)?", "négro(s)?",
        "pédé(s)?", "tarlouze(s)?", "gouine(s)?", "travelo(s)?", "youpin(e|s|es)?",
        "bicot(s)?", "mahométan(e|s|es)?", "homosexuel(le|s|les)?", "bamboula(s)?",
    ],
    "derog_fr": [  # what hate says a group is
        "dégueulasse(s)?", "dégoûtant(e|s|es)?", "répugnant(e|s|es)?", "ignoble(s)?",
        "abject(e|s|es)?", "immonde(s)?", "infâme(s)?", "ordure(s)?", "raclure(s)?",
        "déchet(s)?", "merde(s)?", "pourriture(s)?", "vermine(s)?", "rat(s)?", "cafard(s)?",
        "parasite(s)?", "fléau(x)?", "cancer(s)?", "virus", "maladie(s)?", "peste",
        "animaux", "bête(s)?", "sauvage(s)?", "singe(s)?", "sous-homme(s)?",
        "inférieur(e|s|es)?", "dégénéré(e|s|es)?", "débile(s)?", "stupide(s)?", "idiot(e|s|es)?",
        "con(s|ne|nes)?", "abruti(e|s|es)?", "attardé(e|s|es)?", "taré(e|s|es)?",
        "malade(s)?", "menteu(r|rs|se|ses)", "violeur(s)?", "fainéant(e|s|es)?", "chieu(r|rs|se|ses)",
        "trou(s)? du cul", "tête(s)? de con(s)?", "racaille(s)?", "nuisible(s)?",
        "sans valeur", "aucune valeur", "valent rien", "vaut rien", "irrécupérable(s)?",
        "défoncé(e|s|es)? de la tête", "pas des (êtres )?humains", "moins que rien",
        "enculé(e|s|es)?", "salope(s)?", "pute(s)?", "connard(e|s|es)?", "horrible(s)?",
        "détestable(s)?", "insupportable(s)?", "minable(s)?", "pathétique(s)?", "inutile(s)?",
        "terroriste(s)?", "envahisseur(s)?", "crasseu(x|se|ses)", "puant(e|s|es)?",
    ],
    "hate_verb_fr": [
        "déteste", "hais", "haïs", "méprise", "exècre", "vomis", "emmerde", "abhorre", "conchie",
        "supporte pas", "supporter", "peux pas voir", "peux plus voir",
    ],
    # --- English ------------------------------------------------------------------------------
    "kill_en": [  # violent whatever their object (figurative uses are neutralized first)
        "kill(ed|ing)?", "murder(ed|ing)?", "shoot(ing)?", "shot", "stab(bed|bing)?", "strangle(d)?",
        "rape(d)?", "raping", "torture(d)?", "slaughter(ed)?", "execute(d)?", "lynch(ed)?",
        "behead(ed)?", "choke(d)?", "butcher(ed)?", "slit", "exterminate(d)?", "eradicate(d)?",
        "gas(sed)?", "hang(ed)?",
    ],
    "hurt_en": [  # violent only when aimed at a person ("I'll end you", not "I'll end this")
        "hang", "gut", "skin", "burn", "drown", "gas",
        # release 1.46: "the living hell", "the fucking shit" (the intensifier broke the phrase)
        "beat the (shit|crap|hell|piss|living daylights|living hell|living shit|fucking shit|fucking hell|fucking crap) out of",
        "(slap|knock|smack|punch|kick) the (taste|stupid|shit|crap|hell|piss|teeth|life|living daylights|living hell|fucking shit) out of",
        "hurt", "harm", "smash", "hunt( down)?", "punch", "bash", "slap", "smack", "knock out",
        "stab", "kill", "choke", "strangle", "kick", "curb stomp", "stomp", "whip", "torture",
        "rape", "shoot", "pistol whip", "backhand", "deck", "beat down", "fuck up", "mess up",
        "slit", "cap", "pop", "waterboard", "acid",
    ],
    # who says the harm is to come: a subject ("i", "we", "someone") then an intent
    "body_en": [
        "legs", "leg", "arms", "arm", "neck", "jaw", "skull", "head", "face", "teeth", "knees",
        "kneecaps", "ribs", "nose", "fingers", "throat", "brains", "brain", "spine", "back",
        "bones", "tongue", "eyes", "balls", "head off", "brains out", "teeth in", "face in",
        "skull in", "eyes out", "throat out", "heart out",
    ],
    "body_rare_en": [
        "legs", "neck", "jaw", "skull", "teeth", "kneecaps", "ribs", "throat", "brains", "spine",
        "bones", "tongue", "head off", "brains out", "teeth in", "face in", "skull in", "eyes out",
        "throat out", "heart out", "arms", "fingers", "knees",
    ],
    "subject_en": ["i", "we", "someone", "somebody", "i'm", "im", "i am", "we're", "we are", "one of us", "some1"],
    "intent_en": [
        "will", "would", "shall", "should", "must", "could", "can", "gonna", "gon", "finna",
        "going to", "wanna", "want to", "wants to", "need to", "needs to", "have to", "has to",
        "gotta", "got to", "about to", "plan to", "plan on", "can't wait to", "cant wait to",
        "love to", "like to", "ought to", "oughta", "is gonna", "is going to", "am gonna",
        "am going to", "are gonna", "are going to", "better", "would love to", "really want to",
        "swear i'll", "swear to god i'll", "will be", "promise to", "promise i'll",
        "am|are|is ~2 (going to)|gonna|(about to)", "will ~1 (have to)|(need to)|(be able to)",
    ],
    # subjects that carry their own future: "i'll", "ima", "let's", "gonna" opening a clause
    "subject_future_en": [
        "i'll", "ill", "i'd", "we'll", "we'd", "ima", "imma", "i'ma", "i'mma", "let's", "lets",
        "i'm gonna", "im gonna", "i'm going to", "im going to", "we're gonna", "we're going to",
        "i will", "we will", "i would", "we would", "can we", "should we", "shall we", "will i",
        "will we", "why don't we", "why dont we", "who's gonna", "who's going to", "who is gonna",
        "who is going to", "who wants to", "who else wants to", "who will",
    ],
    # killing verbs in their base form (a past tense reports: "who killed a", "i raped her")
    "kill_base_en": [
        "kill", "murder", "stab", "strangle", "rape", "torture", "slaughter", "lynch", "behead",
        "butcher", "exterminate", "slit", "decapitate", "dismember", "massacre",
    ],
    # killing verbs with ordinary objects ("shoot a video", "hang a picture", "execute a plan"):
    # only with a person as object
    "kill_ambig_en": [
        "shoot", "hang", "gas", "execute", "choke", "gut", "burn", "drown", "eradicate", "string up",
        "put down", "gun down", "run over", "blow up", "light up", "set fire to", "firebomb",
        "stone", "bury",
    ],
    "person_np_en": [
        "(that|this|the|these|those|every|all|each|any|some|a few) ~2 (person|people|liar|liars|hack|clown|idiot|moron|rat|snitch|journalist|reporter|activist|bitch|bitches|cunt|cunts|whore|whores|slut|sluts|hoe|hoes|thot|thots|skank|skanks|woman|women|girl|girls|man|men|guy|guys|feminist|feminists|female|females|foid|foids|traitor|traitors|bastard|bastards|fucker|fuckers|motherfucker|asshole|assholes|pig|pigs|scum|piece of shit|cow|broad|hag|lady|bimbo|twat|prick|dickhead|faggot|faggots|kike|kikes|nigger|niggers|muslim|muslims|jew|jews|immigrant|immigrants|liberal|liberals|leftist|leftists|commie|commies|fool|fools|loser|losers|imbecile|imbeciles|lunatic|lunatics|psycho|psychos|creep|creeps|jerk|jerks|coward|cowards|hypocrite|hypocrites|fraud|frauds|crook|crooks|degenerate|degenerates|sellout|sellouts|shill|shills|propagandist|propagandists|airhead|halfwit|nitwit|simpleton|buffoon|dimwit|dunce|sleazebag|snowflake|libtard|libtards|nutjob|freak|freaks|weirdo|weirdos)",
        "(her|his|their|your|ur|yo) (ass|face|head|skull|throat|neck|brains|teeth|kids|wife|husband|family|children|daughter|son|mom|mother|dad)",
        "(the next|any|every) ~3 (i|we) (see|meet|find|spot|catch)",
        "(you|u|ya) (all|guys|people|bitch|bitches|whore|cunt|slut|hoe|fucker|motherfucker)",
    ],
    "person_en": ["you", "u", "ya", "yall", "y'all", "her", "him", "them", "ur", "your", "yo", "his", "their"],
    "kill_pp_en": [
        "killed", "shot", "hanged", "hung", "executed", "exterminated", "gassed", "burned",
        "burnt", "lynched", "raped", "drowned", "slaughtered", "eradicated", "wiped out",
        "put down", "murdered", "stabbed", "beheaded", "tortured", "beaten", "castrated",
        "stoned", "culled", "burned at the stake", "shot in the street",
        "beaten to death", "guillotined", "skinned alive", "flayed", "decapitated",
        "burned alive", "buried alive", "drawn and quartered", "curb stomped",
    ],
    "object_en": [
        "you", "u", "ya", "yall", "y'all", "her", "him", "them", "ur", "your", "yo", "this",
        "that", "the", "those", "these", "every", "all", "any", "a", "an", "some", "each", "his",
        "their", "every single",
    ],
    "you_en": ["you('re)?", "you are", "ur", "u r", "youre", "your a", "you r", "u are", "you were"],
    "ruin_en": [  # destruction and ruin, promised to someone
        "ruin", "destroy", "wreck", "end", "bury", "crush", "break", "finish",
        "make (your|her|his|their) life (hell|a living hell|miserable)",
        "make sure (you|u|she|he) (never|regret)",
    ],
    "fate_place_en": [  # where a threat says the target will end up
        "in a ditch", "in the ground", "on the side of the road", "by the side of the road",
        "in a body bag", "in body bags", "six feet under", "in the hospital", "in hospital",
        "in a box", "in a coffin", "in pieces", "in the river", "face down", "in a wheelchair",
        "in the trunk", "in the morgue", "in the er", "dead in a", "missing", "in a shallow grave",
        "in the icu", "with a toe tag",
    ],
    "third_party_en": [  # people a threat sends after the target
        "my boys", "my guys", "my friends", "my brothers", "my cousins", "my people", "the boys",
        "some friends", "someone", "somebody", "people", "a guy", "some guys",
        "our boys", "our guys", "our people", "my crew", "my gang", "my homies", "my goons",
        "some people", "some boys", "a few guys", "a couple guys",
    ],
    "person_obj_en": ["you", "u", "ya", "her", "him", "them", "yall", "y'all"],
    "third_en": ["he", "she", "he's", "she's", "they", "they're", "this guy", "this man", "this woman", "this person", "that guy", "that woman"],
    "insult_strong_en": [
        "cunt(s)?", "whore(s)?", "slut(s)?", "skank(s)?", "motherfucker(s)?", "mother fucker(s)?",
        "asshole(s)?", "arsehole(s)?", "dickhead(s)?", "douchebag(s)?", "douche", "scumbag(s)?",
        "twat(s)?", "wanker(s)?", "dumbass(es)?", "dumb ass", "jackass", "shithead(s)?",
        "piece of (shit|trash|garbage|crap)", "pos", "bitch(es)?", "hoe(s)?", "thot(s)?",
        "retard(s|ed)?", "prick(s)?", "cocksucker(s)?", "dipshit(s)?", "fuckface", "fucktard",
        "shitbag", "bellend", "numbnuts", "sack of shit", "son of a bitch", "sob",
    ],
    "insult_weak_en": [
        "idiot(s)?", "moron(s)?", "stupid", "dumb", "fool(s)?", "clown(s)?", "loser(s)?",
        "liar(s)?", "pathetic", "disgusting", "worthless", "useless", "ugly", "trash", "garbage",
        "scum", "vile", "hack", "joke", "disgrace", "imbecile(s)?", "lunatic(s)?", "psycho(s)?",
        "creep(y|s)?", "pig(s)?", "cow", "jerk(s)?", "coward(s)?", "traitor(s)?", "idiotic",
        "brainless", "deranged", "insane", "crazy", "nutjob", "nut job", "hypocrite(s)?",
        "fraud(s)?", "liar", "embarrassment", "snake(s)?", "rat(s)?", "weasel(s)?", "filth(y)?",
        "repulsive", "despicable", "evil", "sick", "gross", "ignorant", "incompetent", "dumbest",
        "stupidest", "worst", "bastard(s)?", "crook(s)?", "corrupt", "degenerate(s)?",
        "parasite(s)?", "vermin", "cancer", "failure", "nobody", "fake", "sellout", "shill",
        "propagandist", "airhead", "bimbo", "halfwit", "nitwit", "simpleton", "buffoon",
        "knucklehead", "clueless", "delusional", "unhinged", "hysterical", "dimwit", "dunce",
        "sleazebag", "sleaze", "snowflake", "libtard", "demonrat", "commie", "nazi", "fascist",
        "maggot(s)?", "worm", "rodent", "animal", "monster", "freak", "weirdo", "idiots",
    ],
    "group_en": [
        "wom(a|e)n", "females", "girls", "muslim(s)?", "jew(s)?", "jewish people", "black(s)?",
        "black (people|person|folks|man|men|woman|women)", "gay(s)?", "gay (people|person|men|man)",
        "lesbian(s)?", "trans (people|person|women|men|folk)", "transgender(s)?",
        "trannies", "tranny", "disabled (people|person)", "the disabled", "cripple(s)?",
        "immigrant(s)?", "refugee(s)?", "migrant(s)?", "arab(s)?", "mexican(s)?", "asian(s)?",
        "chinese", "african(s)?", "latino(s)?", "hispanic(s)?", "foreigner(s)?", "illegals",
        "homosexual(s)?", "faggot(s)?", "fag(s)?", "dyke(s)?", "nigger(s)?", "nigga(s)?",
        "kike(s)?", "spic(s)?", "chink(s)?", "paki(s)?", "raghead(s)?", "towelhead(s)?",
        "wetback(s)?", "muzzie(s)?", "islamist(s)?", "queer(s)?", "retards", "mongoloid(s)?",
    ],
    "derog_en": [
        "disgusting", "despicable", "vile", "repulsive", "repugnant", "revolting", "filthy",
        "filth", "scum", "trash", "garbage", "dirt", "vermin", "rats", "cockroaches",
        "parasites", "pest(s)?", "plague", "cancer", "virus", "disease", "animals", "savages",
        "subhuman(s)?", "sub-human", "lesser beings", "inferior", "worthless", "stupid",
        "dumb", "dumbest", "stupidest", "brainless", "idiots", "morons", "retarded",
        "pathetic", "useless", "evil", "dishonest", "liars", "thieves", "lazy", "dirty",
        "ugly", "insane", "mentally ill", "sick", "a waste of space", "a threat", "the worst",
        "shitty", "assholes", "dickheads", "bastards", "pigs", "monkeys", "apes", "rapists",
        "criminals", "terrorists", "uncivili(s|z)ed", "ignorant", "not human", "no value",
        "worth nothing", "not worth", "abhorrent", "hate", "fucked in the head", "pricks",
        "cunts", "whores", "sluts", "bitches", "human garbage", "a burden", "a drain",
    ],
    "hate_verb_en": [
        "hate", "despise", "detest", "loathe", "abhor", "can't stand", "cannot stand",
        "can not stand", "am sick of", "am so sick of", "am tired of", "feel nothing but contempt for",
        "have no respect for", "refuse to respect",
    ],
    **lexicon_threats.LISTS,
    **lexicon_threats_en.LISTS,
    **lexicon_threats_fr_implicit.LISTS,
    **lexicon_threats_fr_indirect.LISTS,
    **lexicon_threats_direct.LISTS,
    **lexicon_threats_wishes.LISTS,
    **lexicon_threats_incitement.LISTS,
    **lexicon_threats_fr_real.LISTS,
    **lexicon_threats_watching.LISTS,
    **lexicon_threats_other.LISTS,
    **lexicon_threats_idioms.LISTS,
    **lexicon_threats_body.LISTS,
    **lexicon_sexual.LISTS,
}
# fmt: on

Rule = tuple[str, float, str]

# Conventions: alternatives separated by "|" are single words or @lists; a multi-word
# alternative is wrapped in parentheses, e.g. "(tu es)|t'es".
# fmt: off
# Misspelt and glued threat words, undone before the rules read the text (patterns.respell):
# two letters swapped ("klil", "mrot"), one dropped ("murdr", "killd"), or a small word glued on
# ("deathto", "todie", "tuerce", "pendretous"). Only these key words: a swap or a drop in any word
# would turn words into other words. Variants that are words themselves are excluded.
MISSPELT: dict[str, list[str]] = {
    "en": ["kill", "killed", "murder", "torture", "tortured", "suffer", "execute", "executed",
           "strangle", "death", "dead", "slaughter", "shoot", "stab", "hang", "drown", "die",
           "rape", "raped"],
    "fr": ["tuer", "mort", "morts", "mourir", "torturer", "souffrir", "exécuté", "exécutée",
           "exécutés", "étrangler", "égorger", "pendre", "crever", "gorge", "gorges",
           "massacrer", "buter", "violer"],
}
GLUED: dict[str, list[str]] = {
    "en": ["to", "all", "those", "these", "them", "the", "you", "every"],
    "fr": ["à", "a", "ce", "cet", "cette", "ces", "tous", "toutes", "les", "de", "des", "te", "vous"],
}
NOT_MISSPELT = {
    "shot", "shoo", "soot", "down", "drow", "dron", "strange", "execute", "torture", "massacre",
    "gore", "gores", "gorge", "gorges", "creve", "bute", "murer", "murir", "pende", "pender",
    "etranger", "creer", "ide", "dei", "tortue", "mots", "mort", "rape", "rate", "tue", "uter",
    "ture", "tortued", "killed", "kille", "die", "dead", "deda", "morte", "motre", "omrts",
    "viole", "voiler", "vioer", "vile", "raped", "reaped", "hang", "stab", "mourri", "mouri",
    "souffri", "pendr", "tuers", "tortuer", "ruer", "cerver",
    # glued forms that are words: French futures ("tuera"), "dégorge", "dépendre"
    "tuera", "crevera", "butera", "egorgera", "etranglera", "massacrera", "violera",
    "torturera", "degorge", "degorges", "dependre",
}

RULES: list[Rule] = [
    # --- threats, French ----------------------------------------------------------------------
    ("fr.threat.first_person", 0.95,
     "je|j'|j|on|nous|quelqu'un|qqn|qui ~3 te|t'|vous|la|le|l'|les|lui @kill_fr"),
    ("fr.threat.subject_verb", 0.9,
     "je|j'|on|nous|quelqu'un|qqn ~4 !tuer|assassiner|égorger|poignarder|violer|étrangler|massacrer|exécuter|torturer|abattre|pendre|buter|flinguer|exterminer|éradiquer|lyncher|noyer|fusiller|gazer|décapiter|tabasser|(tirer sur)|(tirer une balle)|tuait|tuions|viole|torturerons|massacrerai|exécute|pendons|noyons|exterminons|éradiquons"),
    ("fr.threat.imperative_we", 0.85, "!tuons|éradiquons|exterminons|massacrons|pendons|gazons|brûlons|noyons|fusillons|exécutons ~2 les|ces|tous|toutes|ce|cette"),
    ("fr.threat.end_life", 0.85, "mettre fin à ~1 la|sa|ta|leur vie|vies"),
    ("fr.threat.throat_neck", 0.85, "!tranch(er|ait|aient|ions|erai|era|erons|ons)|briser|casser|couper|tordre ~3 gorge(s)?|cou|nuque"),
    ("fr.threat.finish_with", 0.75, "en !finir|finisse|finira avec ~1 tous|toutes|ces|les|eux|elles|toi|vous"),
    ("fr.threat.see_suffer", 0.8, "!voir ~3 souffrir|mourir|crever|brûler|pendus|morts"),
    ("fr.threat.wish_dead", 0.85, "souhaite|espère ~1 que|qu' ~4 soi(en)?t|soyez|meure(nt)?|crève(nt)? ~2 @kill_pp_fr|morts|mortes"),
    ("fr.threat.if_only", 0.8, "si seulement ~8 @kill_inf_fr|@kill_pp_fr|morts|mortes|égorger"),
    ("fr.threat.better_if", 0.8, "mieux|(irait mieux)|(serait mieux) ~5 si ~5 !@kill_pp_fr"),
    ("fr.threat.better_to", 0.8, "mieux de|d' !@kill_inf_fr"),
    ("fr.threat.no_right_live", 0.8, "ne|n' ~2 mérite(nt|z)? pas de !vivre"),
    ("fr.threat.let_live", 0.8, "laisser !vivre aucun|aucune"),
    ("fr.threat.no_place", 0.7, "pas leur place sur ~1 !terre"),
    ("fr.threat.my_hands", 0.8, "entre|de mes !mains"),
    ("fr.threat.atrocious_death", 0.85, "mort atroce|(mort lente)|(mort horrible)"),
    ("fr.threat.only_solution", 0.8, "seule !solution pour|(seule solution)"),
    ("fr.threat.first_person_np", 0.9,
     "je|j'|on|nous|quelqu'un|qqn vais|va|vas|allons|veux|voudrais|compte|devrais|devrait|(vais aller)|(finirai par)|(finira par)|(rêve de)|aimerais ~2 !@kill_fr un|une|ce|cette|ces|les|tous|toutes|la|le|ta|ton"),
    ("fr.threat.you_are_dead", 0.9,
     "t'es|(tu es)|(t es)|(vous êtes) mort(e|s|es)?|(un homme mort)|(une femme morte)"),
    ("fr.threat.you_will", 0.85,
     "tu|vous va|vas|vais|allez mourir|crever|(le regretter)|payer|souffrir|morfler|(prendre cher)|(y passer)|saigner|(le payer)"),
    ("fr.threat.days_counted", 0.85, "tes|vos jours sont comptés"),
    ("fr.threat.coffin", 0.85, "prépare|préparez ton|ta|votre cercueil|tombe|linceul"),
    ("fr.threat.grave", 0.8,
     "finira(s)?|finirez ~2 (dans un fossé)|(six pieds sous terre)|(à la morgue)|(en morceaux)|(au cimetière)|(entre quatre planches)"),
    ("fr.threat.know_where", 0.9,
     "on|je|nous sai(s|t)|savons|connai(s|t)|connaît|connaissons où|ou tu|vous|elle|il habite(s|nt|z)?|vi(s|t|vez)|bosse(s|z)?|travaille(s|z)?|dor(s|t|mez)|(te caches)"),
    ("fr.threat.watch_out", 0.75,
     "fais|faites|faire|fasse|fera|ferait|ferais|ferai gaffe (à toi)|(à vous)|(quand tu)|(en rentrant)|(en sortant)|(à tes)|(à ta)"),
    # "fais attention à toi" is what friends say too ("courage, fais attention à toi"): it
    # needs company (an insult, another threat) to make a post hostile
    ("fr.threat.watch_out_care", 0.45,
     "fais|faites|faire|fasse|fera|ferait|ferais|ferai attention (à toi)|(à vous)|(quand tu)|(en rentrant)|(en sortant)"),
    # "elle devrait faire attention en rentrant chez elle": was hostile only through the bare
    # doxxing cue "chez elle" (release 1.4); a "should" and the target's home make it a threat.
    ("fr.threat.watch_out_home", 0.7, "devrait|devrais|devriez faire attention en rentrant|sortant chez|de !elle|toi|lui|vous"),
    ("fr.threat.watch_back", 0.8, "surveille|surveillez ~1 tes|vos arrières|(ton dos)"),
    ("fr.threat.come_for_you", 0.8,
     "on|je|nous va|vais|viendra|viendrai|viendrons ~1 (frapper à ta porte)|(chez toi)|(te chercher)|(te rendre visite)|(te trouver)|(t'attendre)"),
    ("fr.threat.deal_with_you", 0.75, "on|je va|vais !(s'occuper de) toi|(ton cas)|vous"),
    ("fr.threat.get_you", 0.7, "on|je aura(i)? ta peau"),
    ("fr.threat.last_days", 0.8, "profite(z)? ~1 de tes|vos !derniers jours"),
    ("fr.threat.careful_place", 0.7, "à ta place je ferais attention"),
    ("fr.threat.bullet", 0.9, "une balle dans la|ta|sa|leur tête|crâne"),
    ("fr.threat.deserves", 0.9,
     "mérit(e|es|ent|ez|erais|erait|eraient)? (une balle)|(de mourir)|(de crever)|(la mort)|(de souffrir)|(d'être @kill_pp_fr)"),
    ("fr.threat.must_kill", 0.9,
     "il faudrait|faut|faudra ~1 te|la|le|les|tous|toutes ~1 @kill_inf_fr"),
    ("fr.threat.wish_death", 0.9,
     "(j'espère)|(je souhaite)|(je te souhaite)|(je vous souhaite)|(que tu)|(puisses-tu) ~3 crève(s)?|crever|meure(s)?|mourir|morfle(s)?|(te fasses tuer)|(te fasses violer)"),
    ("fr.threat.go_die", 0.9, "va|allez crever|mourir|(te pendre)|(vous pendre)|(te suicider)"),
    ("fr.threat.die_imperative", 0.65, "crève|crevez"),
    ("fr.threat.kill_yourself", 0.9, "suicide-toi|tue-toi|pends-toi|jette-toi|suicidez-vous|tuez-vous"),
    ("fr.threat.should_be", 0.85,
     "devrai(en)?t|doivent|devront|mérite(nt)?|(faut qu'ils)|(faut qu'elles) ~3 être|soient|(d'être) ~1 @kill_pp_fr"),
    ("fr.threat.death_to", 0.9, "(mort aux)|(mort à tous)|(mort à toutes)|(mort à tou(te)?s les)|(à mort les)|(à mort la)|(à mort le)|(au four les)|(au bûcher)"),
    ("fr.threat.exterminate", 0.85,
     "!exterminer|éradiquer|gazer|massacrer|fusiller|lyncher|(pendre tous)|(pendre toutes)|(brûler vifs)|(brûler vives) ~2 les|tous|toutes|ces|ce|cette"),
    ("fr.threat.keep_attacking", 0.8, "continu(er|erons|era|erai|eront|ons|ez) à ~2 !attaquer|frapper|harceler|tabasser|agresser"),
    ("fr.threat.take_charge", 0.85, "!charger|chargera|chargerai|chargerons|occuper|occuperai|occuperons de|d' ~1 les|la|le|l'|te|t'|vous|leur @kill_fr"),
    ("fr.threat.shoot_at", 0.85, "leur|les|vous|te|t'|lui ~1 !tirer|tirerai|tirera|tirerons|tirais dessus"),
    ("fr.threat.rid_of_them", 0.75, "devrai(en)?t|faut|faudrait|faudra|doit|devons|devrions ~2 s'en|nous en|vous en !débarrasser"),
    ("fr.threat.not_save", 0.7, "!lever|lèverais|lèverai|lèverait|lèverions ~1 le petit doigt pour ~1 sauver"),
    ("fr.threat.get_rid", 0.75, "!débarrass(er|ons)|(s'en débarrasser) ~4 (une fois pour toutes)|définitivement|(pour de bon)|des|les"),
    ("fr.threat.not_illegal", 0.85,
     "@kill_inf_fr ~5 (ne devrait pas être illégal)|(devrait être légal)|(devrait être autorisé)|(devrait être dépénalisé)"),
    ("fr.threat.no_right_exist", 0.8, "aucun droit (d'être en vie)|(de vivre)|(d'exister)"),
    ("fr.threat.better_without", 0.7, "(le monde)|(la france)|(la société) ~1 porterait|serait|irait ~1 !mieux sans"),
    ("fr.threat.throat", 0.85, "gorge(s)? tranchée(s)?"),
    ("fr.threat.just_world_dead", 0.8, "dans un monde juste ~6 mort(e|s|es)?"),
    ("fr.threat.silence", 0.8, "(faire taire) ~4 (pour de bon)|définitivement|(d'une manière ou d'une autre)"),
    # implicit and indirect threats, aimed at someone: the second person, or "la"/"lui"/"elle"
    # (a reply designates its target); violent words without one stay to the other rules
    ("fr.threat.street", 0.9, "je|j'|j|jvais|jvai|jve|on|nous|qqn|(quelqu'un)|ki|qui ~3 @you_obj_fr|lui !@kill_street_fr"),
    # "la" only right after its subject or an auxiliary: after another verb it is an article
    # ("on regarde la crève qui traîne", release 1.24)
    ("fr.threat.street_la", 0.9, "je|j'|j|jvais|jvai|jve|on|nous|qqn|(quelqu'un)|ki|qui [ne|n'|va|vais|vas|vont|allons|veux|voulons|veut|faut|(va aller)|(vais aller)|(va tous)] la !@kill_street_fr"),
    ("fr.threat.ruin", 0.85, "je|j'|j|jvais|jvai|jve|on|nous ~3 @you_obj_fr|la|lui !@ruin_fr"),
    ("fr.threat.ruin_life", 0.8, "ta|sa|votre vie|carrière !(est finie)|(va devenir un enfer)|(sera un enfer)|(est terminée)|(va être un enfer)"),
    ("fr.threat.end_up", 0.85,
     "tu|t'|t|toi|vous|elle ~2 !(va finir)|(vas finir)|(vais finir)|(allez finir)|(vont finir)|(te retrouver)|(vous retrouver)|(se retrouver)|finira(s)?|finirez|finiront|terminer|terminera(s)? ~2 @fate_place_fr"),
    ("fr.threat.found", 0.85, "on ~1 te|t'|la|vous ~1 !retrouvera|retrouvera(s)?|ramassera ~2 @fate_place_fr"),
    ("fr.threat.third_party", 0.85,
     "!@third_party_fr ~3 va|vont|vais|viendront|viennent|peuvent|pourraient ~2 @you_obj_fr|la|lui|(chez toi)|(chez elle) ~1 @kill_fr|@kill_street_fr|@ruin_fr|(rendre visite)|(s'occuper)|(occuper)|(trouver)|(attendre)|(faire)"),
    ("fr.threat.third_party_care", 0.85,
     "!@third_party_fr ~2 va|vont|vais|viendront|peuvent|pourraient ~1 (s'occuper de toi)|(s'occuper d'elle)|(s'occuper de ton cas)|(s'occuper de vous)|(te trouver)|(te rendre visite)|(passer chez toi)|(venir chez toi)|(passer te voir)|(t'attendre)"),
    ("fr.threat.send_people", 0.85,
     "je|j'|j|on ~2 !envo(ie|ies|ye|yer|yerai|yera)|(vais envoyer)|(va envoyer) ~2 @third_party_fr ~2 chez|(te voir)|(la voir)|(s'occuper)|(te trouver)|après"),
    ("fr.threat.know_where_street", 0.9,
     "je|j|j'|jsais|on|nous ~1 sai(s|t)|c|connai(s|t)|connaît ~1 où|ou ~2 !crèche(s)?|creche(s)?|crech|cretch|pionce(s)?|(t'habites)|(t habites)|habites|vis|(gares ta)|(tes gosses)|(ta famille)|(tes enfants)|(ta mère)|(ta daronne)|dors"),
    ("fr.threat.know_where_sms", 0.9,
     "!jsais|jsai|jsé|jconnais|(on c)|(on sai) ~1 où|ou ~2 crèche(s)?|creche(s)?|crech|cretch|pionce(s)?|(t'habites)|(tu habites)|habites|vis|(tu vis)|(tes gosses)|(ta famille)|(tes enfants)|(ta mère)|(ta daronne)|dors|(tu dors)|bosses|(tu bosses)"),
    ("fr.threat.wish_harm", 0.85,
     "(j'espère)|(jespere)|(je souhaite)|(puisses-tu)|(vivement) ~4 !écraser|renverser|percuter|malheur|(un accident)|(te passe dessus)|(lui passe dessus)|(quelque chose de grave)|(un cancer)"),
    ("fr.threat.wish_harm_np", 0.85, "(je te souhaite)|(je lui souhaite)|(je vous souhaite) ~2 !(un cancer)|(un accident)|(une mort)|(de mourir)|(de crever)|(de souffrir)|(le pire)|(de te faire)"),
    ("fr.threat.ominous", 0.8,
     "!(tu ne perds rien pour attendre)|(tu perds rien pour attendre)|(ça va mal finir pour toi)|(ca va mal finir pour toi)|(ça va mal se terminer pour toi)|(ton heure va venir)|(ton heure viendra)|(ton tour viendra)|(ton tour va venir)|(tu vas voir ce qui va t'arriver)|(tu vas voir ce qui t'attend)|(tu la sens venir)|(attends-toi à)|(fais tes prières)|(prie pour)|(tu vas payer)|(tu vas le payer)|(tu paieras)|(tu payeras)"),
    ("fr.threat.will_regret", 0.8, "elle|il|cette|celle ~2 va|vont ~1 (le regretter)|(le payer)|(morfler)|(prendre cher)|(souffrir)|(saigner)|(y passer)"),
    ("fr.threat.someone_will", 0.8, "quelqu'un|qqn ~3 !saigner|crever|mourir|(y passer)|(se faire tuer)|(se faire buter)|(prendre une balle)"),
    ("fr.threat.must_kill_np", 0.85, "il ~1 faudrait|faut|faudra|faut-il !tuer|buter|flinguer|égorger|pendre|fusiller|lyncher|assassiner|violer|tabasser|zigouiller|trucider|crever"),
    ("fr.threat.volunteer", 0.85, "!(qui se dévoue)|(un volontaire)|(qui est chaud) pour ~1 @kill_inf_fr|@kill_street_fr"),
    ("fr.threat.die_imperative_meurs", 0.7, "!meurs|mourez|(brûle en enfer)|(brûle dans un feu)|(crève en enfer)|(pourris en enfer)|(meurs en enfer)"),
    ("fr.threat.go_suicide", 0.85, "(va te suicider)|(allez vous suicider)|(te foutre en l'air)|(devrais te suicider)|(devriez vous suicider)|(tu te pends)|(va te foutre en l'air)|(va te tuer)"),
    ("fr.threat.not_deserve_life", 0.8, "mérite(s|nt|z)? pas ~1 !(d'être en vie)|(de vivre)|(d'exister)|(de respirer)"),
    ("fr.threat.worse_than_death", 0.8, "!pire que la mort"),
    ("fr.threat.look_behind", 0.8, "regarde|regardez ~1 !derrière|(par-dessus) ~1 toi|vous|(ton épaule)|(votre épaule)"),
    ("fr.threat.make_sure", 0.85, "!(m'assurer que)|(m'assurerai que)|(faire en sorte que)|(ferai en sorte que)|(veiller à ce que) ~2 tu|vous|elle ~1 souffre(s|nt|z)?|crève(s|nt)?|meure(s|nt)?|morfle(s)?|paie(s)?"),
    ("fr.threat.will_happen", 0.8, "!(il va t'arriver)|(il va lui arriver)|(il va vous arriver)|(va t'arriver)|(vont t'arriver)|(va lui arriver) ~1 malheur|(des bricoles)|(des problèmes)|(quelque chose)|(des trucs)|mauvais|(du mal)"),
    ("fr.threat.bad_things", 0.8, "mauvais|mauvaises|pires|(des bricoles)|malheur ~3 !(vont t'arriver)|(va t'arriver)|(t'arriveront)|(t'attendent)"),
    ("fr.threat.wish_burn", 0.85, "(j'espère)|(jespere)|(je souhaite)|(pressé que)|(hâte que)|(vivement que) ~3 !brûle(s)?|cuise(s)?|meur(s|t)|(chope(s)? le sida)|(choppe(s)? le sida)|(attrape(s)? le sida)|(ton chien meurt)"),
    ("fr.threat.deserve_beating", 0.85, "!mérite(s|nt|z)? ~1 (de vous faire)|(de te faire)|(de se faire)|(d'se faire) @kill_inf_fr|@kill_street_fr"),
    ("fr.threat.must_die", 0.75, "doi(t|vent)|devrai(en)?t|devrais|devriez ~2 !mourir|crever|(brûler en enfer)|(être annihilé(e|s|es)?)"),
    ("fr.threat.teach_lesson", 0.8, "!(t'apprendre à fermer)|(apprendre à fermer ta gueule)|(apprendre à fermer sa gueule)|(t'apprendre à vivre)|(t'apprendre le respect)|(lui apprendre à vivre)|(lui apprendre le respect)|(te remettre à ta place)|(la remettre à sa place)"),
    ("fr.threat.you_will_die_sms", 0.85, "tu|t|vous va|vas|vais|allez|v ~1 !crevé|creve|(mourrir)|(murir)|(y rester)|(prendre une balle)|(te faire buter)|(te faire tuer)|(te faire fumer)|(te faire planter)|(te faire défoncer)|(te faire violer)|(te faire égorger)"),
    ("fr.threat.silence_someone", 0.85,
     "quelqu'un|qqn|(il faut)|faut|faudrait|(il faudrait) ~2 la|le|te|les|lui ~1 !(régler son compte)|(faire la peau)|(donner une leçon)|(apprendre la vie)|(calmer pour de bon)"),
    # --- threats, English ---------------------------------------------------------------------
    # First person, with what says it is to come (will, gonna, want to, should...) and a base
    # verb: "who killed a", "i raped her" (a report, a confession), "i think she is killing
    # that", "i find her cute", "we beat them" (sport) are not threats.
    ("en.threat.first_person", 0.95,
     "@subject_en ~1 @intent_en ~2 !@kill_base_en @person_en|@person_np_en|all|every|those|these|them|a|an|any|some"),
    ("en.threat.first_person_c", 0.95,
     "@subject_future_en ~2 !@kill_base_en @person_en|@person_np_en|all|every|those|these|them|a|an|any|some"),
    ("en.threat.first_person_amb", 0.9,
     "@subject_en ~1 @intent_en ~2 !@kill_ambig_en @person_np_en"),
    ("en.threat.first_person_amb_c", 0.9,
     "@subject_future_en ~2 !@kill_ambig_en @person_np_en"),
    ("en.threat.first_person_hurt", 0.9,
     "@subject_en ~1 @intent_en ~2 !@hurt_en @person_en|@person_np_en"),
    ("en.threat.first_person_hurt_c", 0.9,
     "@subject_future_en ~2 !@hurt_en @person_en|@person_np_en"),
    ("en.threat.first_person_cut", 0.9,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~1 !cut|slit|slice your|their|her|his|ur re:\\s*[a-z]*(?:throat|neck|tongue|head|face)s?"),
    # "beat" alone is sport ("we'll beat them"); with what it does to the body, a threat
    ("en.threat.first_person_beat", 0.9,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~2 !beat|kick|whoop|whup|rough|tear|rip|gun|mow|knock|smoke @person_obj_en|@person_np_en up|down|senseless|unconscious|bloody|(to death)|(to a pulp)|(black and blue)|(half to death)|(within an inch)|apart|(to pieces)|(to shreds)|(over)|(out cold)|(the fuck up)"),
    ("en.threat.first_person_up", 0.9,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~1 !(fuck you up)|(fuck u up)|(fuck her up)|(fuck him up)|(fuck ya up)|(fuck yall up)|(fuck them up)|(mess you up)|(mess u up)|(mess her up)|(mess him up)|(run you over)|(run u over)|(run her over)|(run him over)|(light you up)|(light her up)|(light him up)|(lay you out)|(lay her out)|(lay him out)"),
    # "i'll break your legs", "i'll blow your brains out": harm to a named part of the body
    ("en.threat.first_person_body", 0.9,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~1 !snap|smash|bash|crack|kick|punch|slit|shatter|cave|stomp|gouge ~1 [in] your|ur|yo|her|his|their ~1 @body_en"),
    ("en.threat.first_person_body_c", 0.9,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~1 break|rip|blow|knock|tear|cut|pull ~1 [in] your|ur|yo|her|his|their ~1 !@body_rare_en"),
    ("en.threat.make_life_hell", 0.85,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~1 make|making your|ur|her|his|their life|lives [a] [living] !hell|miserable|(a nightmare)|unbearable"),
    ("en.threat.something_bad", 0.8,
     "something|(something bad)|(something terrible)|(something awful)|(bad things) ~1 will|(is going to)|(is gonna)|gonna|(are going to)|(are gonna) !happen to you|u|her|him|(your family)|(your kids)"),
    ("en.threat.send_you_to", 0.85,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~1 send|put @person_obj_en to|in !hell|(the hospital)|(the morgue)|(an early grave)|(the grave)|(the er)|(intensive care)|(a wheelchair)"),
    ("en.threat.first_person_beat_ass", 0.9,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~2 !beat|kick|whoop|whup your|ur|yo|her|his|their ~1 ass|asses|face|head"),
    # (release 1.46: "put" is its own past, so a plain subject needs an intent: "we put him in
    # the ground on tuesday" is a funeral)
    ("en.threat.first_person_put_down", 0.9,
     "@subject_future_en|(@subject_en @intent_en) ~1 put @person_obj_en !(down like)|(down for good)|(down permanently)|(in the ground)|(in a grave)|(six feet under)|(in a body bag)|(in the hospital)|(in a coffin)|(in the morgue)|(in a wheelchair)"),
    ("en.threat.first_person_ing", 0.9,
     "@subject_en ~1 start|begin|(am|are) ~1 !killing|shooting|stabbing|murdering|hanging|raping|strangling|slaughtering|gassing|lynching @person_en|@person_np_en"),
    # "i'll find you", "we will end you", "i'm gonna destroy her": verbs that need their object
    # alone, the clause ending there ("i'll find you a job", "destroy her confidence" are not)
    ("en.threat.first_person_end", 0.85,
     "@subject_en|@subject_future_en ~1 [@intent_en] ~1 !find|end|destroy|bury|ruin|wreck|murk|merk|shank|smoke you|u|her|him|ya|yall|(y'all) re:(?:\\s*(?:$|[^a-z0-9\\s'])|\\s+(?:dead|for\\s+good|alive|like|now|soon|for\\s+(?:this|that|what)|tonight|too|and|bitch|whore|cunt|slut|motherfucker|fucker|asshole|idiot|one\\s+day|first|personally|myself|ourselves))"),
    ("en.threat.make_suffer", 0.85, "!make ~3 pay|suffer|bleed"),
    ("en.threat.end_life", 0.85, "!end ~3 life|lives"),
    ("en.threat.neck_throat", 0.85, "!snap|break|cut|slit|slice|wring ~4 neck(s)?|throat(s)?"),
    ("en.threat.keep_attacking", 0.8, "keep !attacking"),
    ("en.threat.put_end", 0.8, "put an !end to ~1 all|those|these|them|every|you"),
    ("en.threat.lets", 0.85, "(let's)|lets|(we should)|(we must)|(we need to)|(we have to) ~2 !exterminate|kill|execute|slaughter|lynch|massacre @person_en|@person_np_en|all|every|those|these|them|(the lot)"),
    # "let's burn the old photos", "we need to get rid of the law": only with people as object
    ("en.threat.lets_amb", 0.85, "(let's)|lets|(we should)|(we must)|(we need to)|(we have to) ~2 !eradicate|hang|shoot|gas|drown|burn|(get rid of)|(wipe out)|eliminate @person_obj_en|@person_np_en"),
    ("en.threat.see_suffer", 0.8, "(love to see)|(like to see)|(want to see)|(wanna see) ~3 suffer|die|dead|burn|hang|killed|hanged|shot"),
    ("en.threat.wish_were", 0.85, "!wish ~4 would be|were|was ~1 @kill_pp_en|dead"),
    ("en.threat.better_if", 0.8, "better off if ~4 !@kill_pp_en|dead"),
    ("en.threat.my_hands", 0.8, "at|by my !hands|hand"),
    ("en.threat.not_live", 0.8, "(do not deserve to)|(don't deserve to)|(must not let any) ~2 !live"),
    ("en.threat.not_belong_earth", 0.7, "belong on this !earth"),
    ("en.threat.not_save", 0.7, "never lift a finger to !save"),
    ("en.threat.should_be_person", 0.85,
     "she|he|they|them|you|u|(those kinds of)|(these kinds of)|(like you)|(like them)|(people like) ~3 should|must|(ought to)|oughta|(need to)|(needs to)|(has to)|(have to) ~2 be !@kill_pp_en"),
    ("en.threat.best_to_kill", 0.85,
     "(be best to)|(best thing is to)|(everybody's interest to)|(everyone's interest to)|(be better to) ~2 !@kill_en|drown|hang|burn|gas ~1 those|these|all|them|every|(the lot)"),
    ("en.threat.just_world_dead", 0.8, "just !world ~8 dead|@kill_pp_en"),
    ("en.threat.should_suffer", 0.6, "they|you|she|he|u ~1 should|must|(ought to)|deserve(s)? ~1 !suffer"),
    ("en.threat.what_if", 0.85, "(what if)|(how about)|(why don't) we ~2 !@kill_en|cut|(get rid of)"),
    ("en.threat.you_are_dead", 0.9, "@you_en dead|(done for)|(a dead man)|(a dead woman)|finished"),
    ("en.threat.you_will", 0.85,
     "(you'll)|(you will)|(you are going to)|(you're going to)|(youre gonna)|(you're gonna)|(ur gonna)|(u will)|(u gonna)|(you gonna) die|pay|regret|suffer|bleed|(be next)|(never see it coming)|(get what's coming)"),
    ("en.threat.you_wont_live", 0.85, "(you won't)|(you will not)|(u won't) ~1 live|survive|(see tomorrow)|(see it coming)|(wake up)"),
    ("en.threat.days_numbered", 0.85, "your days are numbered"),
    ("en.threat.watch_back", 0.8, "(watch your back)|(watch yourself)|(sleep with one eye open)"),
    ("en.threat.know_where", 0.9,
     "we|i !know where you|u|she|he|they live|lives|work|works|sleep|sleeps|are|is|(go to school)"),
    ("en.threat.grave", 0.85, "dig(ging)? your (own)? grave"),
    ("en.threat.careful_home", 0.7, "(be careful)|(watch out) ~1 (on your way)|(when you)|walking|tonight|(going home)"),
    ("en.threat.wish_death", 0.9,
     "hope|wish|pray ~1 you|u|she|he|they|someone|somebody ~2 die(s)?|dead|(gets killed)|(get killed)|(gets shot)|(get shot)|(gets raped)|(get raped)|(gets cancer)|(get cancer)|(would die)|(would be shot)|(would be killed)|(burn(s)? alive)|(burn(s)? in hell)|(keel(s)? over)|(put(s)? an end to)|(drop(s)? dead)"),
    ("en.threat.deserves", 0.9,
     "deserve(s)? (a bullet)|(to die)|death|(to be @kill_pp_en)|(to suffer)"),
    ("en.threat.bullet", 0.9, "(put(s)? a bullet)|(bullet in)|(bullet through) your|her|his|their|ur head|skull|brain"),
    ("en.threat.should_be", 0.85,
     "should|must|(ought to)|(need to)|(needs to)|(deserve to)|(deserves to)|oughta ~1 all|just ~1 be @kill_pp_en"),
    ("en.threat.should_die", 0.85, "should|must|(ought to)|(need to)|(needs to) ~1 die"),
    ("en.threat.kill_yourself", 0.9,
     "(kill yourself)|(kill urself)|kys|(go die)|(neck yourself)|(hang yourself)|(drink bleach)|(end yourself)|(off yourself)"),
    ("en.threat.die_imperative", 0.6, "re:(?:^|[\\n.!?:])\\s*die(?:$|[\\W_])"),
    ("en.threat.death_to", 0.9, "!death to"),
    ("en.threat.kill_all", 0.85,
     "!kill|shoot|hang|gas|exterminate|eradicate|execute|lynch|slaughter|drown|murder all|every|(them all)|(all of them)|(all of you)|(you all)|(every last)|(every single)"),
    ("en.threat.only_solution", 0.85, "execution|extermination|death|genocide is the (only|final) solution"),
    ("en.threat.get_rid", 0.75, "(get rid of)|(wipe out)|eliminate ~4 (once and for all)|(for good)"),
    ("en.threat.not_illegal", 0.85,
     "raping|killing|murdering|shooting|stabbing|beating|lynching ~5 (should not be illegal)|(shouldn't be illegal)|(should be legal)|(should be legali(s|z)ed)|(should be decriminali(s|z)ed)|(should be allowed)"),
    ("en.threat.no_right_live", 0.8, "no right to (be alive)|live|exist"),
    ("en.threat.better_without", 0.7, "world|we|everyone|society|country ~1 (would be)|is|(be) better off without"),
    ("en.threat.throat", 0.85, "(throat(s)? slit)|(throat(s)? cut)|(had their throats)"),
    ("en.threat.just_world", 0.8, "in a just world ~5 dead|die"),
    ("en.threat.stake", 0.8, "burn(ed|t)? (at the stake)|alive"),
    ("en.threat.horrible_death", 0.85, "die(s)? a horrible death"),
    ("en.threat.shut_up_for_good", 0.8, "!shut you|u|her|him|them up for good"),
    ("en.threat.will_pay", 0.8, "(you'll)|(you will) !pay for this"),
    # implicit and indirect threats, aimed at someone (see the French ones above)
    ("en.threat.will_regret", 0.8, "she|he|(she's)|(he's)|this|that ~3 (is going to)|(is gonna)|will|('ll) !regret|(pay for) this|it"),
    ("en.threat.bullet_in", 0.9, "!(put(s)? a bullet in)|(puts a bullet through)|(put a bullet through) you|u|her|him|them"),
    ("en.threat.shut_up_for_good_np", 0.8, "!shut ~3 up for good|permanently|forever"),
    ("en.threat.someone_should_hurt", 0.8, "someone|somebody ~2 should|(needs to)|must|gotta|(ought to)|oughta|(has to) ~1 !@kill_en|stab|shoot|punch|slap|hit|beat|hurt|rape|(run over)|strangle"),
    ("en.threat.wish_someone_hurts", 0.8, "hope|wish|(would love)|(like to see)|(love to see)|(want to see) ~6 !beat|whip|hang|burn|drown|gas|hurt|harm|punch|slap|smash|bash|stab|shoot|kill|rape|execute|lynch|torture|strangle|choke her|him|them|you|u"),
    ("en.threat.ruin", 0.85,
     "i|i'm|im|i'll|ill|i'd|we|we'll|we're|ima|imma|i'ma ~4 @ruin_en your|ur|her|his|their|you|u life|career|lives|reputation|family"),
    ("en.threat.ruin_life", 0.8, "your|ur|her|his life|career !(is over)|(is finished)|(will be hell)|(is going to be hell)|(is gonna be hell)|(ends now)"),
    ("en.threat.end_up", 0.85,
     "you|u|she|he|(you'll)|(she'll)|(he'll)|youll|(you're)|youre|ur ~3 !(end up)|(ends up)|(wind up)|(winds up)|(be found)|(turn up)|(show up) ~1 dead|@fate_place_en"),
    ("en.threat.someone_should", 0.85,
     "someone|somebody|(some one)|(one of us) ~2 should|(needs to)|(has to)|gotta|(ought to)|oughta|will|must|(is gonna)|(is going to)|(could)|(would) ~2 !(shut her up)|(shut him up)|(shut you up)|(shut u up)|(shut them up)|(silence her)|(silence him)|(silence you)|(take her out)|(take him out)|(take you out)|(take care of her)|(take care of him)|(take care of you)|(deal with her)|(deal with him)|(teach her a lesson)|(teach him a lesson)|(teach you a lesson)|(put her down)|(put him down)|(pay her a visit)|(pay him a visit)|(pay you a visit)|(get rid of her)|(get rid of him)|(do something about her)|(do something about him)|(put her in her place)|(shut that (bitch|whore|cunt|woman) up)|(pop her)|(pop him)|(run her over)|(run him over)"),
    ("en.threat.third_party", 0.85,
     "i|i'll|ill|i'm|im|we|we'll|gonna|(going to) ~3 !send|sending|pay|paying ~2 @third_party_en ~3 after|round|(round to)|(over to)|(to take care of)|(to deal with)|(to pay)|(to visit)|(to find)|(to get)|(to hurt)|(to beat)|(to shut)|(to handle)|(to @kill_en)|(to rape)|(to stab)|(to shoot)|(to jump)|(to smash)|(to break)|(to teach)|(to mess up)|(to fuck up) ~1 your|you|u|her|him|ur|them"),
    # "i'll send my boys to your house" (not "my friends to your talk": where the target lives)
    ("en.threat.third_party_place", 0.85,
     "i|i'll|ill|i'm|im|we|we'll|gonna|(going to) ~3 !send|sending ~2 @third_party_en ~1 (to your)|(to ur)|(over to your)|(round to your) house|home|place|door|doorstep|work|job|school|office|apartment|flat|street|parents"),
    ("en.threat.know_people", 0.85,
     "i|we !(know people)|(know some people)|(know a guy)|(know guys) ~2 who|that ~3 can|could|will|would ~2 @hurt_en|@kill_en|(make you)|(make her)|(make him)|(find you)|(deal with)|(take care of)"),
    ("en.threat.disappear", 0.85, "make ~1 you|u|her|him|them disappear|vanish"),
    ("en.threat.know_where_more", 0.9,
     "we|i ~1 know|have|got|found ~1 !(where to find you)|(where your kids)|(where your children)|(where your family)|(what car you drive)|(where your mom)|(where your parents)|(where you park)"),
    # "we're coming for you" (release 1.11: a person, not "we're coming for the cup")
    ("en.threat.coming_for_you", 0.8, "(we're coming for)|(we are coming for)|(i'm coming for)|(im coming for)|(we're coming after)|(we are coming after)|(i'm coming after)|(im coming after) you|u|ya|her|him|them|yall|(y'all)"),
    ("en.threat.at_your_door", 0.8, "(coming to your house)|(outside your house)|(see you outside)|(we'll be waiting)|(we will be waiting)"),
    ("en.threat.wish_harm", 0.85,
     "hope|wish|pray ~1 you|u|she|he|they|your ~3 !(get(s)? hit by)|(get(s)? run over)|(choke(s)?)|(rot(s)?)|(ha(s|ve) an accident)|(crash(es)?)|(get(s)? what's coming)|(get(s)? hurt)|(get(s)? beaten)|(get(s)? stabbed)|(get(s)? attacked)|(get(s)? assaulted)|(suffer(s)?)|(never wake(s)? up)"),
    ("en.threat.rot_hell", 0.8, "rot|burn in hell"),
    ("en.threat.ominous", 0.8,
     "!(watch what happens)|(see what happens to you)|(you'll see what happens)|(it won't end well for you)|(this won't end well for you)|(this will not end well for you)|(your time is coming)|(your turn is coming)|(you have no idea what's coming)|(you don't know what's coming)|(count your days)|(enjoy your last)|(you're next)|(youre next)|(ur next)|(she's next)|(say your prayers)|(you will pay)|(you'll pay)|(gonna pay)"),
    # more implicit and indirect threats, French and English (lexicon_threats.py)
    *lexicon_threats.RULES,
    *lexicon_threats_en.RULES,
    # implicit French threats in teenage chat and street French (lexicon_threats_fr_implicit.py)
    *lexicon_threats_fr_implicit.RULES,
    # more of them: skin, ruin listed, waiting for a death, a price on a head (…_fr_indirect.py)
    *lexicon_threats_fr_indirect.RULES,
    *lexicon_threats_en_indirect.RULES,
    # direct threats to the reader: more verbs, "je te ferai …", passives, hacking (…_direct.py)
    *lexicon_threats_direct.RULES,
    # wishes of death and illness, regret and revenge, mutilation (…_wishes.py, release 1.8)
    *lexicon_threats_wishes.RULES,
    # harm wished, deserved, incited, as in sexist pile-ons (…_incitement.py, release 1.9)
    *lexicon_threats_incitement.RULES,
    # French threats from real forums: dealing with kin, bullets kept, revanche, suicide asked,
    # orders to harm, blows in street French, the mafia's regret (…_fr_real.py, release 1.9)
    *lexicon_threats_fr_real.RULES,
    # being watched: seen at home, followed, a schedule, a car, a door code known (…_watching.py,
    # release 1.20)
    *lexicon_threats_watching.RULES,
    # the plainest threats in German, Spanish, Italian and Portuguese (…_other.py, release 1.40)
    *lexicon_threats_other.RULES,
    # threats said through an idiom: a last christmas, a straw, a new face (…_idioms.py, 1.43)
    *lexicon_threats_idioms.RULES,
    # threats that wear a negation: "why don't you just die", "on te tuera pas tout de suite"
    # (…_questions.py, release 1.44; shielded from the neutralizers: SHIELDED below)
    *lexicon_threats_questions.RULES,
    # harm to the body ordered, incited or wished to be seen: "smash her face in", "cassez-lui
    # les jambes", "i want to see her get beaten up" (…_body.py, release 1.46)
    *lexicon_threats_body.RULES,
    # veiled threats, crews sent, the pile's calls (…_veiled.py, 1.47)
    *lexicon_threats_veiled.RULES,
    # --- threats, any language: emoji (X gives emoji-only posts no language) ----------------
    # A weapon, but not after a face of despair or another weapon: "😭🔫" is "I can't take it
    # any more" (said of oneself), a whole run of them too (release 1.33).
    ("any.threat.weapon_emoji", 0.6, "re:(?:^|[^😭😩😫🥲😔😞😪😵🔫🔪])(?:🔪|🔫|🗡\ufe0f?|🪓)"),
    # A bomb is also a scoop or praise ("ton article est une bombe 💣", "this thread is 💣"), a
    # drop of blood a blood drive: alone they make no threat, with other abuse they add one.
    ("any.threat.bomb_blood_emoji", 0.3, "re:(?:💣|🩸)"),
    ("any.threat.coffin_emoji", 0.55, "re:(?:⚰\ufe0f?|🪦|☠\ufe0f?)"),
    # --- incitement -----------------------------------------------------------------------------
    ("fr.incitement.all_on", 0.8, "!tous|toutes|allez ~1 chez|sur|(en dm de)|(en mp de) elle|lui|la|le"),
    ("fr.incitement.go_tell", 0.8, "allez|va ~1 (lui dire)|(leur dire)|(lui écrire)|(lui répondre)|(lui rendre visite)|(lui dire bonjour)"),
    ("fr.incitement.mass_report", 0.8, "!signalez|signaler|signalons ~2 (en masse)|massivement|(son compte)|(la)|(le)"),
    ("fr.incitement.rt", 0.7, "(rt massif)|(partagez massivement)|(partagez un max)"),
    ("fr.incitement.flood", 0.8, "!(on inonde)|inondez|spammez|bombardez|(on spamme) ~2 ses|les|son mentions|compte|dm|mp"),
    ("fr.incitement.have_fun", 0.7, "(faites-vous plaisir)|(lâchez-vous)|(à vous de jouer)|(vous savez ce qu'il vous reste à faire)|(vous savez quoi faire)"),
    ("fr.incitement.thousands", 0.75, "(on est des milliers)|(on arrive)|(on est nombreux et on)"),
    ("fr.incitement.delete", 0.6, "(faut qu'elle)|(faut qu'il)|(qu'elle)|(qu'il) !supprime son compte"),
    ("fr.incitement.harass", 0.8, "harcelez|harcelons|(faites-lui vivre un enfer)|(pourrissez-lui)|(faut la harceler)|(faut le harceler)"),
    ("fr.incitement.unsubscribe", 0.6, "désabonnez-vous ~2 signalez"),
    ("fr.incitement.no_sleep", 0.75, "qu'elle|qu'il ne !dorme pas"),
    ("fr.incitement.everyone_come", 0.75, "(on va tous venir)|(on va tous lui)|(tous ensemble contre)"),
    ("en.incitement.go_tell", 0.8, "everyone|everybody|(y'all)|yall|go ~2 tell|(reply to)|(let her know)|(let him know)"),
    ("en.incitement.flood", 0.8, "!flood|spam|bombard|raid ~2 mentions|inbox|dms|account|timeline|replies"),
    ("en.incitement.mass_report", 0.8, "(mass report)|(report her)|(report him)|(report them)|(report this account)|(report this bitch)"),
    ("en.incitement.pile_on", 0.85, "(pile on)|dogpile|(dog pile)|pile-on"),
    ("en.incitement.make_delete", 0.75, "(let's)|lets|(we need to)|(we gotta)|gonna make her|him|them delete|quit|leave|regret"),
    ("en.incitement.you_know", 0.6, "you !know what to do"),
    ("en.incitement.coming", 0.75, "(thousands of us)|(everyone is coming)"),
    # "we are coming for you" (release 1.11: a person, not "we are coming to the party")
    ("en.incitement.coming_for", 0.75, "(we are)|(we're) !coming for|after you|u|ya|her|him|them|yall|(y'all)"),
    ("en.incitement.get_fired", 0.6, "(get her fired)|(get him fired)|(call her boss)|(call his boss)"),
    # --- insults --------------------------------------------------------------------------------
    ("fr.insult.strong", 0.85, "@insult_strong_fr"),
    ("fr.insult.directed", 0.8, "@you_fr|@copula_fr ~2 @det_fr ~1 @insult_weak_fr"),
    # "t'es con": to the person's face, no article needed ("ils sont ignobles" needs one).
    ("fr.insult.to_you", 0.8, "@you_fr ~1 @insult_weak_fr"),
    # release 1.51: the reader's work or words judged, no article needed ("tes réponses sont
    # pathétiques", "ton article est nul"; not "tes détracteurs sont ridicules": people, and
    # "ses réponses sont nulles" is said of someone else). Anchored on the work, not the
    # insult: a raid's posts are mostly insults.
    ("fr.insult.your_words", 0.75,
     "ton|ta|tes|vos|votre ~1 !@your_work_fr ~1 est|sont|était|étaient|reste|restent [vraiment|tellement|trop|complètement|totalement|juste|franchement|carrément|toujours] @insult_weak_fr"),
    # "journaliste militante, menteuse et payée pour salir", "t'es payée pour mentir" (release
    # 1.49: the journalist said to be bought; not "un témoin payé pour mentir, selon l'enquête":
    # a person addressed or designated, or an insult before)
    ("fr.insult.paid_to_lie", 0.8,
     "(t'es)|(tu es)|(vous êtes)|(elle est)|(il est)|journaliste|journalope|journaleux|journalistes|militante|militant|menteuse|menteur|conne|con|@insult_strong_fr ~3 !payé|payée|payés|payées|payee ~1 pour ~1 salir|mentir|désinformer|desinformer|(nous mentir)|(nous enfumer)|(raconter des conneries)|(cracher)"),
    ("fr.insult.ableist", 0.6, "attardé(e|s|es)?|mongol(e|s|es)?|gogol(e|s)?|triso(s)?|(débile(s)? mental(e|s|es)?)|(attardé(e|s|es)? mental(e|s|es)?)"),
    ("fr.insult.vocative", 0.8,
     "(espèce de)|sale|pauvre|quelle|quel|gros|grosse|(bande de)|sacrée|vieille|vieux @insult_weak_fr"),
    ("fr.insult.you_np", 0.7, "toi|vous ~1 @insult_weak_fr"),
    # release 1.28: "des cassos comme toi", "un minable comme vous" (not "c'est nul comme toi
    # tu dis")
    ("fr.insult.like_you", 0.75, "des|un|une|les|de|d' !@insult_weak_fr comme toi|vous"),
    ("fr.insult.bare_weak", 0.3, "@insult_weak_fr"),
    ("en.insult.strong", 0.85, "@insult_strong_en"),
    ("en.insult.directed", 0.8,
     "@you_en|@third_en|is|are|be ~1 [a|an|(such a)|(such an)|so|the|(a total)|(a complete)|(an absolute)|(a fucking)|(an utter)|(a real)|(a stupid)|(a pathetic)|(just a)|(nothing but a)|(nothing but)|fucking|absolute|complete|total|utter|ignorant|stupid|lying] ~1 @insult_weak_en"),
    ("en.insult.vocative", 0.8,
     "(what a)|(what an)|(such a)|(such an)|you|u|this|that|(you fucking)|ya|stupid|dumb|lying|fat|ugly ~1 @insult_weak_en"),
    ("en.insult.shut_up", 0.8, "(shut up)|(shut it)|(shut your mouth) ~1 @insult_weak_en"),
    # release 1.51: "the only pathetic one here is you", "the only clown in this thread is u"
    ("en.insult.only_you", 0.8,
     "the !only ~1 @insult_weak_en ~3 is|are ~1 you|u"),
    ("en.insult.bare_weak", 0.3, "@insult_weak_en"),
    ("any.insult.borrowed", 0.85, "bitch(es)?|motherfucker(s)?|(fuck you)|(fuck u)|(fuck off)|fdp|ntm"),
    # --- identity-based hate --------------------------------------------------------------------
    # "rentre chez toi, on veut pas de gens comme toi ici" (was hostile only through "chez toi")
    ("fr.identity_hate.not_wanted", 0.7, "(on veut pas)|(on ne veut pas)|(on n'veut pas)|(on veut plus)|(on ne veut plus) de|d' !(gens comme toi)|(gens comme vous)|(gens comme elle)|(gens comme lui)|(ton espèce)|(ta race)|(ton genre)"),
    # release 1.37: dehumanisation said to the person ("t'es une sous-race", "you're subhuman"),
    # neutral before: these words only counted after a group's name.
    ("fr.identity_hate.subhuman_you", 0.85,
     "@you_fr|(espèce de)|sale|sales|(bande de)|(toi le)|(toi la) [une|un|des|qu'une|qu'un] sous-race(s)?|sous-homme(s)?|(race inférieure)|(races inférieures)|untermensch"),
    ("en.identity_hate.subhuman_you", 0.85,
     "@you_en|u|ya [a|an|(such a)|(nothing but a)|(nothing but)|(just a)|fucking|filthy|dirty] subhuman(s)?|sub-human(s)?|untermensch|(inferior race)|(lesser being)"),
    ("fr.identity_hate.group_is", 0.8, "@group_fr ~4 @copula_fr ~3 @derog_fr"),
    ("fr.identity_hate.derog_group", 0.75, "@derog_fr ~2 de|d'|des|(d'un)|(d'une)|(comme les) @group_fr"),
    ("fr.identity_hate.hate_group", 0.8, "je|j'|on ~3 @hate_verb_fr ~2 les|tous|toutes|ces|ce|cette|des ~2 @group_fr"),
    ("fr.identity_hate.too_many", 0.75, "trop|marre|(ras le bol)|assez|(plein le cul) ~1 de|d'|des @group_fr"),
    ("fr.identity_hate.group_disgust", 0.8,
     "@group_fr ~4 me|nous dégoûtent|dégoutent|(rendent malade)|écœurent|répugnent|(font vomir)|(font gerber)|(cassent les couilles)|saoulent|(rendent furieu(x|se))|(mettent hors de moi)"),
    ("fr.identity_hate.dirty_group", 0.9, "sale(s)? @group_fr"),
    ("fr.identity_hate.slur", 0.85,
     "bougnoule(s)?|nègre(s)?|négro(s)?|pédé(s)?|tarlouze(s)?|gouine(s)?|travelo(s)?|youpin(e|s|es)?|bicot(s)?|bamboula(s)?|raton(s)?|fatma(s)?|tapette(s)?|fiotte(s)?|(ta race)"),
    ("fr.identity_hate.go_home", 0.7,
     "retourne|rentre|retournez|rentrez ~1 (dans ton pays)|(dans votre pays)|(en afrique)|(au bled)|(dans ton bled)|(d'où tu viens)|(dans ton désert)"),
    ("fr.identity_hate.kitchen", 0.8, "retourne|va|retournez ~1 à|a|dans ta|tes|la cuisine|fourneaux|vaisselle"),
    ("fr.identity_hate.women_like_you", 0.65,
     "(les femmes)|(les gonzesses)|(les meufs)|(les bonnes femmes)|(les nanas) !comme toi|vous|elle|ça ~3 devraient|doivent|sont|(n'ont)|(feraient mieux)"),
    ("fr.identity_hate.hysterical_feminist", 0.7, "(féministe(s)? hystérique(s)?)|(féministe(s)? frustrée(s)?)|féminazie(s)?|(mal baisée(s)?)"),
    ("fr.identity_hate.let_women", 0.7, "(quand on laisse les femmes)|(une bonne femme qui)"),
    ("fr.identity_hate.nature", 0.7, "(dans la nature)|typique d'un|d'une|des ~1 @group_fr"),
    ("fr.identity_hate.not_human", 0.85, "@group_fr ~4 (ne sont pas des humains)|(ne sont pas des êtres humains)|(ne valent rien)|(n'ont aucune valeur)|(sont sans valeur)"),
    ("en.identity_hate.group_is", 0.8, "@group_en ~4 is|are|r|were|being ~3 @derog_en"),
    ("en.identity_hate.derog_group", 0.6, "@derog_en ~2 @group_en"),
    ("en.identity_hate.hate_group", 0.8, "i|we|i'm|im ~3 @hate_verb_en ~3 @group_en"),
    ("en.identity_hate.too_many", 0.75, "(too many)|(sick of)|(tired of)|(fed up with) ~3 @group_en"),
    ("en.identity_hate.group_disgust", 0.8, "@group_en ~4 (make(s)? me sick)|(make(s)? me furious)|(make(s)? me angry)|(make(s)? me boil)|(disgust me)"),
    ("en.identity_hate.slur", 0.85,
     "nigger(s)?|faggot(s)?|fag(s)?|kike(s)?|spic(s)?|chink(s)?|gook(s)?|wetback(s)?|raghead(s)?|towelhead(s)?|tranny|trannies|shemale(s)?|paki(s)?|muzzie(s)?|(sand nigger(s)?)|dyke(s)?|(camel fucker(s)?)|jihadi(s)?|coon(s)?|beaner(s)?|feminazi(s)?|mongoloid(s)?|cripple(s)?"),
    ("en.identity_hate.go_home", 0.7, "go back to (where you came from)|(your country)|(your own country)|africa|mexico|(the desert)|(your shithole)"),
    ("en.identity_hate.kitchen", 0.8, "(back to the kitchen)|(make me a sandwich)|(back in the kitchen)"),
    ("en.identity_hate.women_like_you", 0.65,
     "women|girls|females !like you|her|that ~3 should|(shouldn't)|are|(can't)|(don't deserve)"),
    ("en.identity_hate.typical", 0.6, "typical|(of course) ~2 woman|female|feminist|black|muslim|jew|immigrant|gay"),
    ("en.identity_hate.hysterical_feminist", 0.7, "hysterical feminist|woman|female"),
    ("en.identity_hate.not_human", 0.85, "@group_en ~4 (are not human)|(aren't human)|(have no value)|(are worth nothing)|(are lesser)|(are subhuman)"),
    ("en.identity_hate.nature", 0.7, "in a|an|the ~1 @group_en ~1 !nature to"),
    # --- sexual harassment ---------------------------------------------------------------------
    # (release 1.49: "photos" alone ends its clause or says what makes them sexual; not "envoie
    # des photos de tes vacances")
    ("fr.sexual_harassment.photos", 0.8, "envoie|envoies|montre ~2 des|tes|ta|ton nudes|nude|seins|cul|chatte"),
    ("fr.sexual_harassment.photos_end", 0.8,
     "envoie|envoies|montre ~2 des|tes !photos " + clause_end("salope|pute|cherie|bebe|stp|sans|nue|nues|coquines|hot|sexy|(au\\s+lieu)|(plutot\\s+que)|(de\\s+toi)|(de\\s+ton\\s+corps)|(en\\s+(?:string|culotte|lingerie|maillot|soutif|sous-vetements))")),
    ("fr.sexual_harassment.naked", 0.7, "(à poil)|(toute nue)|bandante(s)?|(je te baise(rais)?)|(je vais te baiser)|(te sauter)|(te prendre par)|(suce-moi)|(suce ma)|(à genoux et)|(écarte(r)? les cuisses)"),
    ("fr.sexual_harassment.needs_man", 0.8, "(besoin d'un mec)|(besoin d'une bite)|(besoin de te faire baiser)|(mal baisée)|(bonne qu'à)|(juste bonne à)"),
    ("fr.sexual_harassment.what_id_do", 0.7, "(je sais ce que je te ferais)|(ce que je vais te faire)|(si je t'avais en face)"),
    ("fr.sexual_harassment.body", 0.6, "(joli cul)|(gros seins)|(beaux seins)|(belle paire)|(ton cul)"),
    ("fr.sexual_harassment.rape", 0.9, "je|j'|on ~3 te|la|vous viol(er|erai|era)"),
    ("en.sexual_harassment.nudes", 0.8, "(send (me )?nudes)|(send (me )?pics)|(show me your)|(show your) tits|boobs|ass|pussy"),
    ("en.sexual_harassment.nudes_word", 0.7, "nudes"),
    ("en.sexual_harassment.needs_man", 0.8, "(need(s)? a real man)|(need(s)? a man)|(need(s)? a good fuck)|(only good for one thing)|(good for one thing)|(what you're good for)|(what ur good for)"),
    ("en.sexual_harassment.what_id_do", 0.7, "(what i'd do to you)|(i'd fuck)|(i'd bang)|(suck my dick)|(suck my cock)|(on your knees)|(sit on my face)"),
    # "i'd smash" as slang, of a person or alone (not "i'd smash a bottle on the hull", release 1.30)
    # (release 1.49: "that" only ending its clause or with a word that makes it a person; not
    # "i'd smash that record")
    ("en.sexual_harassment.id_smash", 0.7, "(i'd smash)|(id smash)|(i would smash)|(would smash) her|(the fuck out of her)|them|(that ass)|(that bitch)|(that hoe)|(that girl)"),
    ("en.sexual_harassment.id_smash_that", 0.7, "(i'd smash)|(id smash)|(i would smash)|(would smash) !that " + clause_end("tbh|ngl|lol|lmao|fr|honestly|tho|though|ong|girl|hoe|bitch|ass")),
    ("en.sexual_harassment.id_smash_end", 0.7, "(i'd smash)|(id smash)|(i would smash) re:\\s*(?:$|[.!?,;:\\n])"),
    ("en.sexual_harassment.hotter", 0.7, "!hotter if"),
    ("en.sexual_harassment.body", 0.5, "(nice tits)|(nice ass)|(your tits)|(your boobs)|titties|pussy"),
    ("en.sexual_harassment.rape", 0.9, "i|we|(i'll)|ill|(we'll)|gonna|(going to) ~2 rape"),
    # oral sex, positions, masturbation, undressing, pricing, slurs (…_sexual.py, release 1.33)
    *lexicon_sexual.RULES,
    # the job said to be had by sex, underwear, images, force, her daughter (…_pile.py, 1.48)
    *lexicon_sexual_pile.RULES,
    # --- doxxing --------------------------------------------------------------------------------
    # A bare "chez toi", "ton numéro", "works at" names no one's address: "on passera chez toi
    # boire un café", "she works at the BBC". Doxxing is an address or a number in the same
    # sentence as whose it is (*.detail_given, 0.6; the any.doxxing details alone weigh 0.45), or
    # a disclosure or possession aimed at the target (0.6); "mon numéro est le …" is one's own.
    # "je sais où tu habites", "we know your address" say no address: threats, not doxxing.
    ("fr.doxxing.disclosure", 0.6,
     "(on a)|(on a eu)|(on a trouvé)|(j'ai trouvé)|(on a récupéré)|(j'ai récupéré)|(je balance)|(on balance)|(je vais balancer)|(on va balancer)|(je vais publier)|(on va publier)|(je vais leak)|(on va leak) ton|son|votre|leur !adresse|numéro|num|domicile"),
    ("fr.doxxing.disclosure_here", 0.6,
     "voici|voilà|voila l'|le|son|sa|ses !adresse|numéro|coordonnées|domicile"),
    ("fr.doxxing.lives_at", 0.6,
     "re:habite(?:nt)?\\s+(?:au\\s+(?:n°\\s*)?\\d|rue\\s|avenue\\s|boulevard\\s|bd\\s|impasse\\s|allée\\s|chemin\\s|quai\\s)"),
    ("fr.doxxing.detail_given", 0.6,
     "re:(?:(?:^|\\s)(?:ton|son|votre|leur|le|l.)\\s*(?:adresse|domicile|numéro|numero|num)|habite|vit (?:au|à|a)|bosse|travaille|c.est (?:bien )?chez (?:toi|elle|lui)|porte d.entr[ée]e|sort vers|[ée]crire [àa])[^.!?\\n]{0,50}?" + _DETAIL
     + "|" + _DETAIL + "[^.!?\\n]{0,60}?(?:c.est (?:bien )?chez (?:toi|elle|lui)|habite|domicile)"),
    ("en.doxxing.disclosure", 0.6,
     "(we have)|(we got)|(we found)|(i found)|(here's)|(heres)|(here is)|(leaking)|(leaked)|(leak) your|her|his|their (home address)|address|(phone number)|(cell number)"),
    ("en.doxxing.number_found", 0.6, "(we have)|(we got)|(we found) your|her|his !number"),
    ("en.doxxing.lives_at", 0.6, "re:(?:^|\\s)(?:she|he|they|you)\\s+(?:lives?|works?)\\s+at\\s+\\d"),
    ("en.doxxing.detail_given", 0.6,
     "re:(?:(?:^|\\s)(?:her|his|your|their|the)\\s+(?:home\\s+|phone\\s+|cell\\s+)?(?:address|number|cell)|lives at|works at|here.s where|heres where|here is where)[^.!?\\n]{0,50}?" + _DETAIL
     + "|" + _DETAIL + "[^.!?\\n]{0,60}?(?:\\s(?:her|his|your) place|is where (?:she|he|you) (?:lives|works))"),
    ("any.doxxing.street_address", 0.45, "re:" + _STREET_ADDRESS),
    ("any.doxxing.phone_fr", 0.45, "re:" + _PHONE_FR),
    ("any.doxxing.phone_us", 0.45, "re:" + _PHONE_US),
    # --- other abuse ----------------------------------------------------------------------------
    ("fr.other_abuse.shut_up", 0.75, "ferme-la|(ferme la)|(ta gueule)|tg|ftg|(ferme ta gueule)|fermez-la|(fermez vos gueules)|(fermer leur gueule)|(ferme ta bouche)"),
    ("fr.other_abuse.go_away", 0.6, "dégage|casse-toi|barre-toi|tire-toi|dégagez|cassez-vous|va-t'en"),
    ("fr.other_abuse.fuck_off", 0.85, "(va te faire foutre)|(va te faire enculer)|(allez vous faire foutre)|(nique ta mère)|(nique ta race)|(nik ta mère)|(nik ta race)|(niker ta mère)|(niquer ta mère)|(ntm)|(je t'emmerde)|(je vous emmerde)|(va chier)"),
    ("fr.other_abuse.delete_account", 0.6, "!supprime|supprimez ~1 ton|votre compte|twitter"),
    ("fr.other_abuse.nobody", 0.6, "(personne ne t'aime)|(personne te lit)|(personne ne te lit)|(personne ne t'écoute)|(tout le monde te déteste)|(personne t'aime)"),
    ("fr.other_abuse.shame", 0.6, "(t'es une honte)|(tu es une honte)|(vous êtes une honte)|(honte à toi)|(devrais avoir honte)|(devrait avoir honte)|(aucune dignité)|déshonore|(quelle honte)"),
    ("fr.other_abuse.quit", 0.5, "démissionne(z)?|virez-la|virez-le|virez"),
    ("fr.other_abuse.rag", 0.5, "torchon|daube|(de la merde)|(ta propagande)|(sa propagande)"),
    ("fr.other_abuse.hate_you", 0.75, "(je te)|(je vous) déteste|hais|méprise|vomis|conchie"),
    ("fr.other_abuse.disgust_you", 0.75, "(tu me)|(vous me)|(tu nous) dégoûtes|dégoutes|répugnes|(fais gerber)|(fais vomir)|(rends malade)|(rends furieu(x|se))|(mets hors de moi)|(sors par les yeux)"),
    ("fr.other_abuse.worthless", 0.7, "(ta vie ne vaut rien)|(tu ne vaux rien)|(tu vaux rien)|(tu sers à rien)|(tu ne sers à rien)|(moins que rien)"),
    ("fr.other_abuse.cry", 0.5, "(va pleurer)|(retourne pleurer)|chiale|pleurniche"),
    ("fr.other_abuse.profanity", 0.3, "putain|merde|bordel|chier|foutre|niquer|bite|couilles"),
    ("fr.other_abuse.get_out", 0.55, "(foutre le camp)|(dehors les)|(hors de france)"),
    ("en.other_abuse.shut_up", 0.7, "(shut up)|(shut the fuck up)|(shut tf up)|stfu|(shut your mouth)|(shut your face)"),
    ("en.other_abuse.fuck_off", 0.85, "(fuck him)|(fuck her)|(fuck them)|(fuck this guy)|(go fuck yourself)|(go fuck urself)|gtfo|(screw you)|(go to hell)|(eat shit)|(kiss my ass)"),
    ("en.other_abuse.delete_account", 0.6, "(delete your account)|(delete ur account)|(get off twitter)"),
    ("en.other_abuse.nobody", 0.6, "!nobody|(no one) likes|asked|reads|(cares about)|wants you|u|her|him|your"),
    ("en.other_abuse.nobody_asked", 0.5, "nobody asked"),
    ("en.other_abuse.shame", 0.55, "(should be ashamed)|(an embarrassment)|(embarrassment to)|(shame on you)|(disgrace to)"),
    ("en.other_abuse.quit", 0.5, "(quit your job)|(quit ur job)|(fire her)|(fire him)|(should be fired)|(needs to be fired)"),
    ("en.other_abuse.hate_you", 0.75, "i !hate|despise|detest|loathe|abhor you|u|him|her"),
    ("en.other_abuse.cant_stand", 0.7, "!(can't stand)|(cannot stand)|(feel nothing but contempt for) you|u|him|her"),
    ("en.other_abuse.disgust_you", 0.75, "(you make me sick)|(you make me furious)|(you disgust me)|(disgusts me)|(makes me sick)"),
    ("en.other_abuse.worthless", 0.7, "(your life is worthless)|(your life is worth nothing)|(you're worthless)|(you are worthless)|(waste of space)|(waste of oxygen)|(waste of air)"),
    ("en.other_abuse.go_cry", 0.5, "(go cry)|(cry more)|(cry harder)"),
    ("en.other_abuse.profanity", 0.35, "fuck(ing|in|ed|er)?|shit(ty)?|bullshit|damn|crap|piss(ed)?|dick|ass|goddamn"),
    ("en.other_abuse.you_are_worst", 0.7, "@you_en|@third_en ~1 (the worst)|(the absolute worst)|disgusting|repulsive|repugnant|vile|pathetic|despicable|(a cancer)|(a pest)|(a rat)|scum|filth|(human garbage)|trash"),
    ("any.other_abuse.finger_emoji", 0.6, "re:🖕"),
    ("any.other_abuse.angry_emoji", 0.3, "re:(?:🤬|🤮|😡)"),
    ("any.other_abuse.mock_emoji", 0.25, "re:(?:🤡|💩|🐷|🐖)"),
    # --- support --------------------------------------------------------------------------------
    ("fr.support.support", 0.8, "soutien(s)?|solidarité|solidaire(s)?|courage|(tiens bon)|(tenez bon)|(ne lâche rien)|(on lâche rien)|(force à toi)|(plein de force)|(de la force)|(on est avec toi)|(on est là)|(je suis avec toi)|(nous sommes avec)"),
    ("fr.support.work", 0.6, "(ton travail est)|(votre travail est)|(merci pour ton travail)|(bravo pour ton)|(bravo pour votre)|(ton article était juste)|(fait son travail)|(fait son boulot)"),
    ("fr.support.leave_alone", 0.7, "(laissez-la tranquille)|(laissez-le tranquille)|(laisse-la tranquille)|(foutez-lui la paix)|(arrêtez de la harceler)|(stop au harcèlement)|(signalez les comptes qui)"),
    ("fr.support.outrage", 0.6, "inacceptable|inadmissible|(ignoble ce que)|(honte à ceux qui)|(c'est lâche)|(ce que tu subis)|(ce qu'elle subit)|(ce que subit)"),
    ("fr.support.care", 0.6, "(prends soin de toi)|(prenez soin de vous)|(je t'envoie)|(pensées pour)|ignore-les|(ne les laisse pas)"),
    ("fr.support.hashtag", 0.8, "re:#(?:[Jj]e[Ss]outiens|[Ss]top[Hh]arc[eè]lement|[Ss]outien|[Ss]tand[Ww]ith|[Ii][Ss]tand[Ww]ith)"),
    ("en.support.support", 0.8, "(stay strong)|(stand with)|(standing with)|solidarity|(sending you strength)|(sending strength)|(sending love)|(sending hugs)|(hang in there)|(got your back)|(in your corner)"),
    ("en.support.work", 0.6, "(your work matters)|(keep up the good work)|(keep up the great work)|(you did great work)|(doing her job)|(doing his job)|(proud of you)"),
    ("en.support.leave_alone", 0.7, "(leave her alone)|(leave him alone)|(stop harassing)|(don't let them silence you)|(don't let them get to you)|(ignore the trolls)"),
    ("en.support.outrage", 0.85, "(going through)|(been through)|(has to endure)|(have to endure)|(is enduring)|(is facing)|(being put through) ~1 is|was|(has been) ~1 !disgusting|horrible|awful|shameful|vile|sickening|unacceptable|outrageous|appalling"),
    ("en.support.care", 0.6, "(so sorry you)|(take care of yourself)|(thinking of you)"),
    ("any.support.heart_emoji", 0.45, "re:(?:❤\ufe0f?|💜|💙|💚|🧡|💛|🤍|🫶)"),
    ("any.support.strength_emoji", 0.5, "re:(?:💪|✊|🫂)"),
    ("any.support.pray_emoji", 0.3, "re:(?:🙏|👏)"),
]
# fmt: on

# Neutralizers: (kind, pattern). A clause (``tails.CLAUSE``) runs to the next sentence or clause
# break, so what a reporting verb introduces stops there.

# fmt: off
NEUTRALIZERS: list[tuple[str, str]] = [
    # Quoted text is mention, not use: '"I will kill you" is a crime', « salope », menaces…
    ("quote", 're:"[^"\\n]+"|«[^»]+»|“[^”]+”|„[^“”]+[“”]|‘[^’]+’'),
    # (a contraction inside does not end it: "a note saying 'you won't see it coming'", 1.47)
    ("quote", "re:(?:^|[\\s(:])'(?:[a-z]'[a-z]|[^'\\n]){2,}'(?:$|[\\s.,;:!?)])"),
    # Reported and counter speech: what someone else said, or a call to stop saying it.
    (
        "reported",
        "stop|quit|(arrête(z|r)? de)|(arrêter d')|(cessez de)|(cesse(r)? de)|stoppez ~1 calling|call|saying|telling|appeler|traiter|dire|insulter|qualifier "
        + _CLAUSE,
    ),
    # not "so-called": "this so-called journalist, I'll make her pay" reports nothing
    ("reported", "!calling|(to call)|(they called)|(she called)|(he called)|(i called)|(you called)|(we called)|(was called)|(were called)|(be called)|(being called)|(been called)|(got called)|(get called)|(gets called)|(is called)|(are called) ~3 a|an|them|people|women|her|him|me " + _CLAUSE),
    ("reported", "!traiter|traité(e)?|appeler|qualifier ~3 de|d'|des " + _CLAUSE),
    ("reported", "!dire|écrire|affirmer|prétendre|répéter|disent|écrivent que|qu' " + _CLAUSE),
    (
        "reported",
        "!message(s)?|commentaire(s)?|tweet(s)?|post(s)?|propos|menaces|insultes|threats|comments|things (du type)|like|comme|(tels que)|(such as) "
        + _CLAUSE,
    ),
    (
        "reported",
        "reçu|reçoit|received|receiving|got|gets ~3 menaces|threats|insultes|messages|(death threats)|(rape threats) "
        + _CLAUSE,
    ),
    ("reported", "!threatening|(threats to)|(threaten to)|menacer|(menaces de) ~1 @kill_en|@kill_inf_fr " + _CLAUSE),
    ("reported", "!accusé(e)?|accused|accusing ~2 de|d'|of " + _CLAUSE),
    (
        "reported",
        "(is a crime)|(est un délit)|(est un crime)|(est puni)|(is illegal)|(is punishable)",
    ),
    # Negated violence: "je ne vais pas te tuer", "no one deserves to die".
    (
        "negation",
        "ne|n' ~2 pas|jamais|plus|point ~3 @kill_inf_fr|@kill_pp_fr|(faire de mal)|(faire du mal)|mourir "
        + _CLAUSE,
    ),
    # "j'espère qu'elle ne meurt pas", "ne te jette pas sous un train"
    (
        "negation",
        "ne|n' ~1 meur(e|s|t|ent)|crève(s|nt)?|mourra(s)?|mourrez|crèvera(s)?|jette|pends|suicide ~1 pas|jamais|plus "
        + _CLAUSE,
    ),
    (
        "negation",
        "not|never|(don't)|(doesn't)|(didn't)|(won't)|(wouldn't)|(shouldn't)|(mustn't)|(no one)|nobody ~4 kill|killed|murder|murdered|shoot|shot|stab|hurt|harm|rape|raped|attacked|executed|die|hanged|burned|tortured|beaten|(run over)|(hit by)|crash|drown "
        + _CLAUSE,
    ),
    # "i can't kill you", "you cannot hurt me": two words at most between, so that "can't
    # wait for you to die" (eagerness, release 1.8) is not read as a negation
    (
        "negation",
        "(can't)|cannot ~2 kill|killed|murder|murdered|shoot|shot|stab|hurt|harm|rape|raped|attacked|executed|die|hanged|burned|tortured|beaten|(run over)|(hit by)|crash|drown "
        + _CLAUSE,
    ),
    (
        "negation",
        "no|aucun|aucune ~3 !deserve(s)?|(ought to)|(ne mérite)|(ne méritent) "
        + _CLAUSE,
    ),
    # Figurative violence.
    ("figurative", "(m'a)|(m'ont)|me ~1 tué(e)?|tue|achevé(e)?|buté(e)?"),
    (
        "figurative",
        "(tuer le temps)|(pendre la crémaillère)|(une tuerie)|(mort(e)? de rire)|(mourir de rire)|(failli mourir)|(à mourir de)|(tue l'amour)|(c'est une bombe)|(une bombe ce)|(je suis mort(e)?)|(je vais mourir)|(je meurs)|(je crève)|(j'en crève)",
    ),
    # Idioms that read as an order to die or leave: "jette-toi à l'eau" (go for it), "casse-toi
    # pas la tête" (don't worry), hyphen or not (release 1.7).
    ("figurative", "(jette-toi à l'eau)|(jetez-vous à l'eau)|(casse-toi pas la tête)|(cassez-vous pas la tête)"),
    (
        "figurative",
        "!crève(s|r)?|crever|crevé(e)? de|d' faim|chaud|froid|soif|envie|rire|fatigue|jalousie",
    ),
    (
        "figurative",
        "(kill some time)|(kill time)|(killing time)|(kill the time)|(killed me)|(killed it)|(killing me)|(killing it)|(kill it)|(i'm dead)|(im dead)|(i'm dying)|(im dying)|(dying of laughter)|(dying laughing)|(to die for)|(dead tired)|(dead serious)",
    ),
    ("figurative", "joke|match|game|show|episode|set|line|song|tweet|post|crowd killed"),
    ("figurative", "!killer app|feature|deal|look|idea|song|track|line"),
    # Effort, food and visits (release 1.49): "tu vas souffrir au marathon", "tu vas déguster ce
    # gâteau", "mes amis vont te rendre visite à l'hôpital"
    ("figurative", "!souffrir|morfler|(prendre cher)|saigner|(en baver)|(en chier)|dérouiller ~2 au|aux|à|a|pendant|en|(à la)|(a la) ~1 marathon|course|séance|seance|entraînement|entrainement|examen|exam|exams|partiel|partiels|bac|muscu|salle|trail|sprint|cours|footing|crossfit|randonnée|rando|montée|cote|côte|(ce match)"),
    ("figurative", "!déguster|deguster ~1 ce|cette|ces|le|la|les|un|une|des|du|mon|ma|mes|ton|ta|tes|son|sa|nos|vos|leur|leurs"),
    ("figurative", "!(rendre visite)|(passer te voir)|(passer vous voir)|(venir te voir) ~3 (à l'hôpital)|(a l'hopital)|(à la maternité)|(a la maternite)|(à la clinique)|(a la clinique)|(pour ton anniversaire)|(pour noël)|(pour noel)|(avec des fleurs)"),
    # games and sport: "we will destroy them in the final", "je vais te détruire aux échecs"
    # (release 1.46: six words between, "i'll beat the shit out of you at fifa"; a game's
    # name needs no article)
    ("figurative", "!destroy|crush|kill|smash|murder|wreck|beat|destroyed|crushed|killed|smashed ~6 in|at|on ~1 the|this|tonight's|tomorrow's|saturday's|sunday's ~1 final|finals|game|match|semis|semifinal|playoffs|tournament|league|race|court|field|pitch|debate|polls|election|chess|fortnite|fifa|ranked"),
    ("figurative", "!destroy|crush|kill|smash|murder|wreck|beat|destroyed|crushed|killed|smashed ~6 in|at|on chess|fortnite|fifa|ranked|minecraft|valorant|valo|warzone|cod|(mario kart)|(smash bros)|(rocket league)|madden|2k|1v1|(ping pong)|(call of duty)|(league of legends)|overwatch|apex|roblox"),
    ("figurative", "!détrui(re|rai|ra|s)|écras(er|erai|era|e)|démol(ir|irai|ira|is)|tu(er|erai|era|e)|défonc(er|erai|era|e)|massacr(er|erai|era|e)|éclat(er|erai|era|e)|démont(er|erai|era|e)|bu(ter|terai|tera|te)|fum(er|erai|era|e)|dégomm(er|erai|era|e)|saign(er|erai|era|e) ~3 au|aux|en|(à la)|(au prochain)|(lors du) ~1 match|finale|jeu|échecs|tournoi|débat|élections|championnat|course|fifa|fortnite|tennis|foot|basket|rugby|poker|belote|cartes|scrabble|pétanque|sprint"),
    ("figurative", "!shoot me|us|her|him|them|you ~1 a|an email|message|dm|text|note|line|look|glance|smile|wink|pic|photo|picture|invite|reply|question"),
    ("figurative", "(shoot your shot)|(shoot my shot)|(shoot his shot)|(shoot their shot)|(shot my shot)|(shooting my shot)|(shooting your shot)|(shoot ur shot)"),
    ("figurative", "!kill|killed|kills|killing ~1 all|every ~1 germs|bacteria|weeds|pests|bugs|life|lice|mold|viruses|odors|fleas|ticks|mosquitoes|flies|ants|roaches|cells|(the germs)|(the bacteria)|(the mood)|(the vibe)"),
    (
        "figurative",
        "(photo shoot)|photoshoot|(shoot for)|(take a shot)|(shot of)|(shooting a)|(shooting the)",
    ),
    ("figurative", "re:(?:💀|⚰\ufe0f?)\\s*(?:😂|🤣|😭)|(?:😂|🤣|😭)\\s*(?:💀|⚰\ufe0f?)"),
    # games, sport, school tests, self-talk and SMS negations (lexicon_threats_fr_implicit.py)
    *lexicon_threats_fr_implicit.NEUTRALIZERS,
    # counter-speech, 'personne ne mérite', 'planter le décor', 'je suis crevé' (…_fr_indirect.py)
    *lexicon_threats_fr_indirect.NEUTRALIZERS,
    # 'next in line', 'die laughing', 'enjoy your last days of vacation' (…_en_indirect.py)
    *lexicon_threats_en.NEUTRALIZERS,
    *lexicon_threats_en_indirect.NEUTRALIZERS,
    # 'je vais t'étouffer de bisous', 'smother you with kisses' (…_direct.py)
    *lexicon_threats_direct.NEUTRALIZERS,
    # 'you'll regret not buying it' (…_wishes.py)
    *lexicon_threats_wishes.NEUTRALIZERS,
    # 'no woman should be beaten', 'faites-lui payer l'addition' (…_incitement.py)
    *lexicon_threats_incitement.NEUTRALIZERS,
    # 'fais gaffe à toi sur la route', 'dans le film le tueur dit …' (…_fr_real.py)
    *lexicon_threats_fr_real.NEUTRALIZERS,
    *lexicon_threats_watching.NEUTRALIZERS,
    # 'te voy a matar a besos', 'ich bring dich nicht um' (…_other.py)
    *lexicon_threats_other.NEUTRALIZERS,
    # 'a straw after the dentist', 'ramassé à la petite cuillère après le marathon' (…_idioms.py)
    *lexicon_threats_idioms.NEUTRALIZERS,
    # 'je ne te tuerai pas', 'personne ne va te tuer' (…_questions.py)
    *lexicon_threats_questions.NEUTRALIZERS,
    *lexicon_threats_body.NEUTRALIZERS,
    # sport, the weather, counter-speech about the pile-on (…_veiled.py)
    *lexicon_threats_veiled.NEUTRALIZERS,
    # 'tu suces ton pouce', 'avaler la pilule' (…_sexual.py)
    *lexicon_sexual.NEUTRALIZERS,
    # 'the creeps asking for nudes will get reported' (…_sexual_pile.py)
    *lexicon_sexual_pile.NEUTRALIZERS,
    # 'the comments about her body are disgusting' (…_counter_speech.py)
    *lexicon_counter_speech.NEUTRALIZERS,
]
# fmt: on

# Rules no neutralizer reads into: to the neutralizers, a match of one is one opaque word
# (scan.neutralize; "why don't you just die" is not a negation).
SHIELDED: frozenset[str] = frozenset(lexicon_threats_questions.SHIELDED)
