"""Direct, explicit threats aimed at the reader, release 1.6, as data (merged into ``lexicon``;
issue 18).

Written for Tocsin from general knowledge of French and English (no dataset sentence is copied
here; the cases are ours, ``eval/cases/own_threats_direct.tsv``). The forms are the ones the
training rows showed the rules still missing when a threat is said plainly to its target:

- a first person promising harm with verbs the lexicon did not list ("je vais te démembrer",
  "je t'empoisonnerai", "i'll poison you", "i will cripple you"), the synthetic future of
  "faire" ("je te ferai souffrir", "je te ferai bouffer tes dents"), harm in two limbs ("je te
  casserai les deux bras");
- being made to swallow one's teeth, filth or a phone ("je vais te forcer à avaler ton
  téléphone", "i'll make you eat your own teeth");
- attacking at the end of a clause ("je t'attaquerai si …", not "je vais t'attaquer en
  justice");
- hacking the target's phone or account, tracing them ("je vais pirater ton compte", "i'm
  going to hack your phone", "i'll find out where you live");
- the passive promised to the target or their home ("tu vas être traquée", "ta voiture va être
  incendiée", "you will be hunted down", "your house is going to be attacked").

Every rule has a target (the second person, "la"/"lui"/"her"/"him", the target's home, car,
phone or account) and a rare anchor word. The neutralizers and the clause's-end guards keep the
same words out where they are affection ("je vais t'étouffer de bisous", "smother you with
kisses"), law ("t'attaquer en justice"), games ("attaqué au prochain tour") or warnings
("… si tu laisses la porte ouverte").
"""

from __future__ import annotations

from tasks.scoring.tails import clause_end as _end

_END_WORDS_FR = (
    "tkt|t'?inquiete|crois\\s+moi|wallah|sale|fdp|toi|je\\s+te\\s+le\\s+(?:jure|promets|garantis)|"
    "tot\\s+ou\\s+tard|un\\s+jour|bientot|tu\\s+vas\\s+voir|ce\\s+soir|cette\\s+nuit|prepare|"
    "espece|frere"
)
_END_WORDS_EN = (
    "bitch|hoe|lol|bro|soon|tonight|one\\s+day|tomorrow|by\\s+(?:me|us|my)|"
    "in\\s+your\\s+sleep|motherfucker|asshole|cunt|whore|slut|just\\s+wait|i\\s+swear|"
    "mark\\s+my\\s+words|by\\s+(?:morning|tomorrow|friday|the\\s+weekend|next\\s+week)"
)


# fmt: off
LISTS: dict[str, list[str]] = {
    # verbs of harm after "te"/"vous"/"la"/"lui" the lexicon did not list (lexicon.kill_fr and
    # kill_street_fr hold the others), infinitive and synthetic future
    "harm_direct_fr": [
        "démembr(er|erai|era|erons|eront)", "mutil(er|erai|era|erons|eront)",
        "empoisonn(er|erai|era|erons|eront)", "asphyxi(er|erai|era|erons|eront)",
        "étouff(er|erai|era|erons|eront)", "lapid(er|erai|era|erons|eront)",
        "crucifi(er|erai|era|erons|eront)", "électrocut(er|erai|era|erons|eront)",
        "immol(er|erai|era|erons|eront)", "émascul(er|erai|era|erons|eront)",
        "dépec(er|erons|eront)", "dépècerai", "dépècera", "éviscér(er|erai|era|erons|eront)",
        "écartel(er|erons)", "écartèlerai", "écartèlera", "agress(er|erai|era|erons|eront)",
        "séquestr(er|erai|era|erons|eront)", "gifl(er|erai|era|erons|eront)",
        "bastonn(er|erai|era|erons|eront)", "rou(er|erai|era) de coups", "passer à tabac",
        "passerai à tabac", "passera à tabac", "latt(er|erai|era)", "enterrerai vivant(e)?",
    ],
    # what "je te ferai ___" promises ("je te ferai souffrir", not "je te ferai goûter")
    "make_suffer_fr": [
        "souffrir", "(la peau)", "(du mal)", "(ta fête)", "regretter", "(payer ça)",
        "(payer ca)", "(payer cher)", "(payer pour ça)", "(payer pour ca)", "(sauter la cervelle)",
        "(sauter le caisson)", "(sauter la tête)", "disparaître", "disparaitre",
        "(pleurer du sang)", "(cracher tes dents)", "(cracher du sang)", "saigner", "hurler",
        "(la misère)", "(vivre un enfer)",
    ],
    # what one is made to swallow: teeth, filth, one's phone ("te faire bouffer tes dents";
    # not "te faire goûter ma tarte", "ravaler tes paroles", "mordre la poussière")
    "swallow_what_fr": [
        "dents", "couilles", "boules", "yeux", "doigts", "langue", "bite", "merde", "pisse",
        "vomi", "crotte", "excréments", "téléphone", "portable", "clavier", "écran", "ordi",
        "manette", "micro", "chaussure", "chaussures", "pompes", "poing", "flingue", "couteau",
        "lame", "balle", "balles", "canon", "cervelle", "oreilles", "tripes", "sang",
    ],
    "swallow_fr": ["manger", "bouffer", "avaler", "becter", "ingurgiter", "mâcher"],
    # the target's devices and accounts ("je vais pirater ton compte")
    "device_fr": [
        "ordi", "ordinateur", "pc", "téléphone", "tel", "tél", "portable", "compte", "comptes",
        "insta", "instagram", "snap", "snapchat", "facebook", "fb", "twitter", "tiktok",
        "messagerie", "boîte mail", "boite mail", "mails", "réseaux", "discord", "icloud",
        "cloud", "disque dur", "webcam", "caméra",
    ],
    # the future of "être" ("tu vas être …", "tu seras …", "ils finiront par être …")
    "will_be_fr": [
        "vas être", "va être", "allez être", "vont être", "seras", "sera", "serez", "seront",
        "finiras par être", "finira par être", "finirez par être", "finiront par être",
        "vas etre", "va etre", "allez etre", "vont etre", "vas finir par être",
    ],
    # the target's home and belongings, as the subject of a passive
    "home_direct_fr": [
        "maison", "baraque", "appart", "appartement", "voiture", "caisse", "bagnole", "boutique",
        "magasin", "commerce", "bureau", "local", "piaule", "studio", "resto", "restaurant",
        "garage", "famille",
    ],
    # passives of harm done to a person ("tu vas être traquée"); not "éliminé" (a game show),
    # "abattu" (dejected)
    "harmed_pp_fr": [
        "traqué(e|s|es)?", "chassé(e|s|es)?", "attaqué(e|s|es)?", "agressé(e|s|es)?",
        "lynché(e|s|es)?", "égorgé(e|s|es)?", "poignardé(e|s|es)?", "tabassé(e|s|es)?",
        "défiguré(e|s|es)?", "mutilé(e|s|es)?", "démembré(e|s|es)?", "exécuté(e|s|es)?",
        "massacré(e|s|es)?", "buté(e|s|es)?", "tué(e|s|es)?", "violé(e|s|es)?",
        "pendu(e|s|es)?", "retrouvé(e|s|es)? mort(e|s|es)?", "brûlé(e|s|es)? vif",
        "brûlé(e|s|es)? vive", "enterré(e|s|es)? vivant(e|s|es)?", "lapidé(e|s|es)?",
    ],
    # ... to a home ("ta voiture va être incendiée"); not "détruit", "rasé" (works), "cambriolé"
    # (a warning)
    "home_harmed_pp_fr": [
        "incendié(e|s|es)?", "brûlé(e|s|es)?", "cramé(e|s|es)?", "attaqué(e|s|es)?",
        "saccagé(e|s|es)?", "vandalisé(e|s|es)?", "plastiqué(e|s|es)?", "caillassé(e|s|es)?",
        "mitraillé(e|s|es)?", "criblé(e|s|es)? de balles", "réduit(e|s|es)? en cendres",
        "dynamité(e|s|es)?",
    ],
    # --- English --------------------------------------------------------------------------------
    # verbs of harm to a person the English first-person rules did not list, threats at a
    # clause's end ("i'll poison you.", not "poison you with my cooking")
    "harm_direct_en": [
        "poison", "suffocate", "smother", "cripple", "bleed", "crucify",
        "stomp on", "kneecap", "pistol-whip", "pistol whip", "abduct", "assault", "attack",
        "jump", "cut", "ambush",
    ],
    "i_will_en": [
        "i'll", "ill", "i will", "i'm gonna", "im gonna", "i'm going to", "im going to", "ima",
        "imma", "i'd", "i want to", "i wanna", "we'll", "we will", "we're gonna", "we're going to",
        "let's", "someone will",
    ],
    "you_direct_en": ["you", "u", "ya", "yall", "y'all", "her", "him"],
    # what one is made to eat ("i'll make you eat your own teeth"; not "eat your words")
    "swallow_what_en": [
        "teeth", "own teeth", "shit", "own shit", "balls", "dick", "vomit", "own vomit", "piss",
        "phone", "keyboard", "fist", "gun", "knife", "bullet", "bullets", "blade", "eyes",
        "fingers", "tongue", "own blood", "blood", "guts",
    ],
    "device_en": [
        "phone", "computer", "pc", "laptop", "account", "accounts", "email", "emails", "ip",
        "ip address", "router", "webcam", "camera", "socials", "instagram", "insta",
        "facebook", "twitter", "tiktok", "snapchat", "snap", "discord", "icloud", "cloud",
        "bank account", "hard drive", "messages", "dms",
    ],
    "home_direct_en": [
        "house", "home", "car", "place", "apartment", "flat", "shop", "store", "office",
        "business", "family", "kids", "children", "door", "truck",
    ],
    "harmed_pp_en": [
        "hunted", "hunted down", "killed", "murdered", "shot", "stabbed", "raped", "hanged",
        "lynched", "slaughtered", "butchered", "beheaded", "strangled", "tortured", "executed",
        "gutted", "skinned", "dismembered", "found dead", "buried alive", "burned alive",
        "burnt alive", "beaten to death", "tracked down",
    ],
    "home_harmed_pp_en": [
        "attacked", "burned", "burnt", "burned down", "burnt down", "torched", "firebombed",
        "bombed", "vandalized", "vandalised", "smashed", "smashed up", "shot up",
        "set on fire", "blown up", "trashed", "burned to the ground", "burnt to the ground",
    ],
}

_I_FR = "je|j'|j|jvais|jvai|jte|on|nous|ils"
# A first person and what says the harm is to come ("i'll", "we're going to", "i want to"):
# not "i did not attack you" (a past denied). A short list of its own, not lexicon's
# subject_en and intent_en: inlined in every rule, those made each rule ~4.5k characters of
# regex, and every character costs on every post a chunk's anchors select (docs/scoring.md).
_I_EN = "@i_will_en ~1"

RULES: list[tuple[str, float, str]] = [
    # "je vais te démembrer", "je t'empoisonnerai", "on va la lapider"
    ("fr.threat.direct_harm", 0.9, _I_FR + " ~3 te|t'|vous|la|lui !@harm_direct_fr"),
    # "je te ferai souffrir", "on te fera la peau", "je vous ferai regretter"
    ("fr.threat.direct_will_make", 0.85,
     "je|j'|j|on|nous|ils ~2 te|t'|vous|la|lui|leur ferai|fera|ferons|feront !@make_suffer_fr"),
    # "je te ferai bouffer tes dents", "je vais te forcer à avaler ton téléphone"
    ("fr.threat.direct_swallow", 0.85,
     "te|t'|vous|la|lui ~1 faire|ferai|fera|ferons|forcer|forcerai|forcera|obliger|obligerai ~1 [à|a] !@swallow_fr ~2 tes|ton|ta|vos|votre|sa|ses|son|de|la|le|les|mes|mon|ma|du|des|ce|cette [propre|propres] @swallow_what_fr"),
    # "je te casserai les deux bras", "on va te péter les quatre dents"
    ("fr.threat.direct_two_limbs", 0.85,
     _I_FR + " ~2 te|t'|vous|lui ~1 @bodyharm_fr les|tes deux|quatre|dix !@body_fr"),
    # "je t'attaquerai si j'en ai envie", "on va t'attaquer cette nuit" (at a clause's end: not
    # "je vais t'attaquer en justice", "je vais t'attaquer sur ce point")
    ("fr.threat.direct_attack", 0.75,
     _I_FR + " ~2 t'|te|vous|la ~1 !attaquer|attaquerai|attaquera|attaquerons|attaqueront " + _end(_END_WORDS_FR, "si|quand")),
    # "je vais pirater ton compte", "on va hacker ton tel et trouver ton adresse" (not "… pour
    # t'installer le jeu")
    ("fr.threat.direct_hack", 0.75,
     _I_FR + " ~2 !pirater|piraterai|piratera|hacker|hackerai|hackera|infecter|infecterai ton|ta|tes|votre|vos @device_fr " + _end(_END_WORDS_FR, "et")),
    # "je vais trouver ton adresse", "on va tracer ton ip" (not "… et t'envoyer le faire-part")
    ("fr.threat.direct_find_address", 0.8,
     _I_FR + " ~2 !(trouver ton adresse)|(trouverai ton adresse)|(retrouver ton adresse)|(retrouverai ton adresse)|(trouver ton domicile)|(remonter jusqu'à toi)|(remonter jusqu'a toi)|(tracer ton ip)|(tracer ton adresse ip)|(localiser ton tel)|(localiser ton téléphone)|(savoir où tu vis)|(savoir où tu habites)|(savoir ou tu vis)|(savoir ou tu habites) " + _end(_END_WORDS_FR)),
    # "tu vas être traquée comme une bête", "vous serez lynchés" (at a clause's end or with a
    # comparison: not "tu vas être chassé du groupe", "… attaqué en justice", "… si tu avances")
    ("fr.threat.direct_passive", 0.8,
     "tu|vous|t'|elle ~1 @will_be_fr !@harmed_pp_fr " + _end(_END_WORDS_FR, "comme|jusqu'?(?:au|a|à)")),
    # "ta voiture va être incendiée", "ta maison sera attaquée cette nuit" (not "… si tu laisses
    # la porte ouverte")
    ("fr.threat.direct_home_harmed", 0.8,
     "ta|ton|votre|tes|vos @home_direct_fr ~1 @will_be_fr !@home_harmed_pp_fr " + _end(_END_WORDS_FR)),
    # "la maison de la juge va être attaquée au cocktail molotov"
    ("fr.threat.direct_home_molotov", 0.85,
     "maison|baraque|appart|appartement|voiture|caisse|bagnole|boutique|local|porte ~4 va|vont|sera|seront ~3 !(cocktail molotov)|(cocktails molotov)|(un molotov)|(des molotov)|(à l'explosif)|(à la grenade)"),
    # "ta caisse va cramer avec toi dedans", "on brûlera ta baraque avec ta famille dedans"
    # (a fire or a blast: not "on était dans la voiture avec toi dedans")
    ("fr.threat.direct_with_you_inside", 0.85,
     "brûler|brûlera|brûlerai|cramer|cramera|cramerai|flamber|flambera|exploser|explosera|sauter|sautera|incendier|incendierai|incendiera|incendiez|brûlez|brûle|crame|cramez|feu|(partir en fumée) ~3 !(avec toi dedans)|(avec toi à l'intérieur)|(avec vous dedans)|(avec ta famille dedans)|(avec tes gosses dedans)|(avec tes enfants dedans)|(avec elle dedans)|(avec lui dedans)|(avec elle à l'intérieur)|(avec sa famille dedans)|(avec ses gosses dedans)"),
    # "je vais empoisonner ton café", "on mettra du poison dans ta bouffe"
    ("fr.threat.direct_poison_food", 0.8,
     _I_FR + " ~2 !empoisonner|empoisonnerai|(mettre du poison dans)|(mettrai du poison dans)|(mettre de la mort-aux-rats dans) ton|ta|tes|votre café|thé|verre|bouffe|repas|assiette|eau|boisson|plat|sandwich|biberon " + _end(_END_WORDS_FR)),
    # --- English --------------------------------------------------------------------------------
    # "i'll poison you.", "we're going to cripple her", "i will jump you"
    ("en.threat.direct_harm", 0.9,
     _I_EN + " !@harm_direct_en @you_direct_en " + _end(_END_WORDS_EN, "and|after\\s+(?:school|work|class)|outside|when\\s+(?:you|i)")),
    # verbs that are threats whatever follows ("i will mutilate you in front of everyone")
    ("en.threat.direct_harm_rare", 0.9,
     _I_EN + " !castrate|mutilate|disfigure|impale|scalp|eviscerate|disembowel|dismember|maim|electrocute @you_direct_en|them"),
    # "i'll slice you up", "we'll carve her into pieces"
    ("en.threat.direct_cut_up", 0.9,
     _I_EN + " !slice|carve|chop|hack|cut @you_direct_en up|(into pieces)|(to pieces)|(into little pieces)|(to ribbons)|(to shreds) " + _end(_END_WORDS_EN, "and")),
    # "i'll set your car on fire", "we'll set you on fire" (not "set your heart on fire")
    ("en.threat.direct_set_fire", 0.9,
     _I_EN + " set|light you|u|her|him|your|ur|his|their [@home_direct_en|hair|face|body|house] !(on fire)|ablaze|alight"),
    # "i'll make you eat your own teeth" (not "eat your words", "eat your vegetables")
    ("en.threat.direct_swallow", 0.85,
     "make|force ~1 you|u|her|him|ya ~1 [to] !eat|swallow|choke|chew ~1 your|ur|her|his|my|a|some|this|on @swallow_what_en"),
    # "i'm going to hack your phone and find where you live" (not "… so the game runs")
    ("en.threat.direct_hack", 0.75,
     _I_EN + " !hack|hijack|infect|brick your|ur|her|his @device_en " + _end(_END_WORDS_EN, "and")),
    # "i'll dox you", "i'm gonna trace your ip", "i'll find out where you live."
    ("en.threat.direct_dox", 0.8, _I_EN + " !dox|doxx @you_direct_en"),
    ("en.threat.direct_trace", 0.8,
     _I_EN + " !(trace your ip)|(trace ur ip)|(track your ip)|(track ur ip)|(trace your address)|(find out where you live)|(find where you live)|(find out where u live)|(find where u live)|(find out where you sleep)|(find out where your kids)|(find out where your family) " + _end(_END_WORDS_EN)),
    # "you will be hunted down", "she's going to be found dead", "you'll get stabbed" (at a
    # clause's end: not "you'll be killed if you go there", a warning, or "… in the game")
    ("en.threat.direct_passive", 0.8,
     "you|u|she|he ~1 will|gonna|(are going to)|(are gonna)|(is going to)|(is gonna) be|get !@harmed_pp_en " + _end(_END_WORDS_EN)),
    ("en.threat.direct_passive_c", 0.8,
     "(you'll)|(she'll)|(he'll)|(you're gonna)|(youre gonna)|(you're going to)|(she's gonna)|(she's going to)|(he's gonna)|(he's going to)|(ur gonna) be|get !@harmed_pp_en " + _end(_END_WORDS_EN)),
    # "your house is going to be attacked tonight", "your car will get torched"
    # "your car will burn with you in it", "i'll torch her house with her inside" (a fire or a
    # blast: not "we took the car with you in it to the beach")
    ("en.threat.direct_with_you_inside", 0.85,
     "burn|torch|(blow up)|explode|(go up in flames)|firebomb|bomb|fire|alight|ablaze ~3 !(with you in it)|(with you inside)|(with u in it)|(with her in it)|(with her inside)|(with him in it)|(with him inside)|(with your family inside)|(with your kids inside)|(with your family in it)|(while she's in it)|(while shes in it)|(while she is in it)|(while you're in it)|(while youre in it)|(while you are in it)|(while he's in it)"),
    # "i'm going to poison your coffee"
    ("en.threat.direct_poison_food", 0.8,
     _I_EN + " !poison|(put poison in)|(spike) your|ur|her|his coffee|tea|drink|drinks|food|meal|lunch|dinner|water|wine|beer|sandwich " + _end(_END_WORDS_EN)),
    # "i'll track you down and hurt you"
    ("en.threat.direct_hunt_and_harm", 0.85,
     "!track|hunt @you_direct_en down and ~1 @hurt_en|@kill_base_en @you_direct_en"),
    ("en.threat.direct_home_harmed", 0.8,
     "your|ur @home_direct_en ~1 will|(is going to)|(is gonna)|gonna|(are going to)|(are gonna) be|get !@home_harmed_pp_en " + _end(_END_WORDS_EN)),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # negated: "je ne vais pas te gifler", "je vais pas pirater ton compte", "i will never
    # attack you", "i won't dox you" (only the verb and its object: an insult after it stays)
    # (a future or an intent denied: not "tu n'aurais pas dû t'attaquer à moi", a reproach)
    ("negation", "(vais pas)|(va pas)|(vas pas)|(allons pas)|(vont pas)|(veux pas)|(ne t')|(ne te)|(ne vous)|(ne la)|(ne lui)|jamais ~2 [te|t'|vous|la|lui] !@harm_direct_fr|attaquer|attaquerai|pirater|piraterai|hacker|hackerai"),
    ("negation", "not|never|(won't)|(wouldn't)|(don't)|(didn't)|(can't)|cannot|(no one)|nobody ~3 !@harm_direct_en|castrate|mutilate|disfigure|dismember|maim|dox|doxx|hack @you_direct_en|them|your|ur"),
    # "je vais t'étouffer de bisous", "je vais t'étouffer sous les câlins"
    ("figurative", "!étouff(er|erai|era|e) ~2 de|sous|d' ~1 bisous|câlins|calins|amour|baisers|tendresse|bises|compliments|cadeaux"),
    # "i'll smother you with kisses", "i'm gonna attack you with hugs"
    ("figurative", "!smother|attack|suffocate|ambush|jump ~2 you|u|her|him with|in kisses|hugs|love|cuddles|questions|compliments|gifts|presents|affection|emails|texts"),
]
# fmt: on
