"""Implicit and indirect French threats in teenage chat and street French, as data (merged into
``lexicon``; issue 18).

Written for Tocsin from general knowledge of colloquial French: promises of ruin ("t'es finie
au bahut", "tu vas plus jamais dormir tranquille"), where the target will end up ("ils vont te
ramasser à la petite cuillère"), a call to silence someone for good, knowing the target's
school, bus or address, wishes of death in SMS spelling ("jspr tu crèves", "je danserai sur ta
tombe"), harm sent through big brothers, cousins or a father ("mes grands frères vont
s'occuper de toi"), and the passive street forms ("tu vas te faire démonter"). The forms were
found by reading what the rules missed on the training rows only (hash buckets 2-9 of rtplx-fr
and toxifrench-jigsaw) and by probing the scorer with our own sentences
(``eval/cases/own_threats_fr_street.tsv``); no dataset sentence is copied here.

Every rule needs a target: the second person, "la"/"lui"/"elle", a designated person, or the
target's school, bus, address or grave; a violent word alone stays to the neutralizers below.
Each rule's anchor (the ``!`` token) is a rare word or phrase, so a post matching none of them
costs one cheap word search.

The neutralizers keep the same words out where they are games, sport, school tests or
self-talk: "jvais te détruire à fortnite", "je te démonte au 1v1" ("1v1" reads "ivi" once
leetspeak is undone), "je vais tuer ce contrôle", "ma mère va me tuer", "crève pas de chaud",
"je meurs de rire", "ton adresse mail", "on va te trouver une place".
"""

from __future__ import annotations

from tasks.scoring.tails import CLAUSE as _CLAUSE

# fmt: off
LISTS: dict[str, list[str]] = {
    # people a threat sends after the target, beyond lexicon.third_party_fr
    "crew_fr": [
        "mes grand(s)? frère(s)?", "mon grand frère", "mon frère", "mon reuf", "mes grands cousins",
        "mon cousin", "mon daron", "mon père", "ma bande", "mon gang", "ma team", "mon équipe",
        "les grands de ma cité", "les grands du quartier", "les grands de mon quartier",
        "ceux de ma cité", "ceux de mon quartier", "les gars de ma cité", "les gars du quartier",
        "mon mec", "mon copain", "mon keum", "mes oncles", "mon oncle", "ma famille",
        "mes srabs", "mon srab", "mes sbires", "toute ma cité", "tout mon quartier",
        "les frères", "les frérots", "les reufs", "mes frérots",
        "(les|ceux|tous les) (grands|gars|mecs|reufs|potes) (de ma|de la|du|de mon) (cité|quartier|tiek|tieks|bâtiment|hall|bloc|zone)",
        "ceux (de ma|de la|du|de mon) (cité|quartier|tiek|tieks|bâtiment|hall|bloc|zone)",
    ],
    # what a sent third party does (not "voir", "chercher", "retrouver": a visit, a lift)
    "crew_harm_fr": [
        "tuer", "buter", "crever", "égorger", "flinguer", "saigner", "poignarder", "étrangler",
        "massacrer", "frapper", "cogner", "violer", "brûler", "faire payer", "faire du mal",
        "faire mal", "péter la gueule", "refaire le portrait", "@kill_street_fr", "tomber dessus", "faire la misère", "casser la gueule",
        "défoncer", "démonter", "marave", "maraver", "goumer", "fracasser", "tabasser",
        "régler ton compte", "régler son compte", "faire la peau", "faire regretter",
        "faire du sale", "défigurer", "lyncher",
    ],
    # what "il/ils va/vont te ___" says of harm only (not "tuer", "défoncer", "démonter",
    # "massacrer": "ta mère va te tuer", "le prof va te démonter")
    "third_strong_fr": [
        "buter", "fumer", "tabasser", "égorger", "poignarder", "marave", "maraver", "goumer",
        "fracasser", "shlasser", "schlasser", "faire la peau", "casser la gueule",
        "péter la gueule", "éclater la tête", "refaire le portrait", "régler ton compte",
        "tomber dessus", "faire du mal", "plomber", "trouer", "zigouiller", "teuber",
    ],
    # what "tu vas te faire ___" says of a beating (beyond lexicon_threats' you_get_done)
    "get_done_fr": [
        "démonter", "éclater", "fracasser", "goumer", "ratatiner", "éclater la tête",
        "refaire la gueule", "casser les dents", "péter la gueule", "péter les dents",
        "casser la gueule", "exploser", "dérouiller", "égorger", "trouer", "plomber",
        "teuber", "hagar",
    ],
    # "une bonne fois pour toutes": what makes a silencing final
    "for_good_fr": [
        "définitivement", "pour de bon", "pour toujours", "une bonne fois pour toutes",
        "une fois pour toutes", "une bonne fois", "à jamais", "pour l'éternité",
    ],
    # where a threat says the target ends up, beyond lexicon.fate_place_fr ("4" reads "a")
    "fate_more_fr": [
        "entre a planches", "entre quatre planches", "6 pieds sous terre", "six pieds sous terre",
        "dans l fossé", "ds l fossé", "ds le fossé", "dans l'fossé", "au fond d'un fossé",
        "en fauteuil", "en chaise roulante", "à la morgue", "a la morgue", "au cimetière",
        "dans un cercueil", "ds un cercueil", "dans une housse", "en réa", "dans le coma",
    ],
    # the target's school, bus, class: what a stalker says he knows
    "school_fr": [
        "quel lycée", "quel collège", "quel bahut", "quelle école", "quel bus", "quelle classe",
        "quelle salle", "quel étage", "quel arrêt", "quelle ligne", "quel club", "quelle rue",
        "quel bâtiment", "quel immeuble", "quelle porte",
    ],
    "your_place_fr": [
        "ton bus", "ton arrêt", "ta classe", "ton trajet", "ton emploi du temps", "ton edt",
        "tes horaires", "ton bahut", "ton lycée", "ton collège", "ton école", "ton club",
        "ton étage", "ton digicode", "ton code", "ta rue", "ton bâtiment", "ton immeuble",
        "ta salle", "ton chemin",
    ],
    # the second person after "quel lycée" ("dans quel lycée t'es")
    "you_subj_fr": ["tu", "t'", "t", "tes", "t'es", "vous", "elle", "il", "ta", "ton"],
    # the target's death, said as an event to come
    "death_you_fr": [
        "tu crèves", "tu creve", "tu crèveras", "tu meurs", "tu mourras", "tu vas crever",
        "tu vas mourir", "tu seras morte", "tu seras mort", "t'es crevé", "t'es crevée",
        "elle crève", "elle crèvera", "elle mourra", "elle va crever", "il crève", "il crèvera",
        "vous crevez", "vous crèverez", "vous allez crever", "t'auras crevé", "tu claques",
        "tu vas claquer", "tu clamseras", "tu vas clamser",
    ],
    # what a wish of death says of the target (SMS spellings: "tu creve", "tu meur")
    "die_sms_fr": [
        "crève(s|nt|z)?", "creve(s|nt|z)?", "meur(e|es|s|t|ent)?", "mourr(as|a|ez|ont)",
        "crèver(as|a|ez|ont)", "crever(as|a|ez|ont)", "clamse(s)?",
        "t'étouffe(s)?", "te pendes", "te suicides", "te tues", "te jettes d'un pont",
        "te fasses écraser", "te fasses renverser", "te fasses buter", "te fasses tuer",
        "te fasse écraser", "se fasse écraser", "se fasse renverser", "se fasse buter",
        "te fasse renverser", "chopes un cancer", "attrapes un cancer",
    ],
    # "tu vas regretter ___": what the regret is for (not "d'avoir acheté ce jeu")
    "regret_what_fr": [
        "le jour où", "le jour ou", "d'avoir ouvert ta bouche", "d'avoir ouvert ta gueule",
        "d'avoir l'ouvert", "d'avoir parlé", "d'avoir balancé", "d'avoir cafté",
        "d'avoir porté plainte", "d'avoir répondu", "de m'avoir clashé", "de m'avoir clash",
        "de m'avoir insulté", "de m'avoir bloqué", "de m'avoir signalé", "de m'avoir balancé",
        "de m'avoir humilié", "de m'avoir trahi", "de nous avoir balancé", "de nous avoir clash",
        "de nous avoir clashé", "de nous avoir insulté", "de nous avoir signalé", "amèrement",
        "toute ta vie", "ta naissance", "d'être venue au monde", "d'être venu au monde",
        "d'exister", "d'être née", "d'être né", "d'avoir existé",
    ],
    # verbs a game, a sport or a test makes figurative ("je te démonte au 1v1")
    "fig_verb_fr": [
        "tu(er|e|es|erai|era|é|ée)", "bu(ter|te|terai|tera)", "mort(e|s)?", "crev(er|é|e|ée)",
        "détrui(re|rai|ra|s|t)", "démont(er|e|erai|era|é)", "défonc(er|e|erai|era|é)",
        "éclat(er|e|erai|era|é)", "massacr(er|e|erai|era|é)", "fum(er|e|erai|era|é)",
        "explos(er|e|erai|era|é)", "écras(er|e|erai|era|é)", "niqu(er|e|erai|era|é)",
        "nik(er|e|é)", "marav(er|e)?", "goum(er|e)", "fracass(er|e|é)", "tabass(er|e|é)",
        "démol(ir|is|irai|ira|i)", "humili(er|e|é)", "ratatin(er|e|é)", "lamin(er|e|é)",
        "(prendre cher)", "(prends cher)", "(pris cher)", "pli(er|e|é)", "cartonn(er|e|é)",
        "dégomm(er|e|é)", "atomis(er|e|é)", "anéant(ir|is|i)", "enterr(er|e|é)", "(faire la peau)",
        "(fais la peau)", "(faire démonter)", "(faire éclater)", "(faire défoncer)",
        "(y passer)", "(faire massacrer)", "dead", "déboît(er|e)", "déboit(er|e)", "dérouill(er|e)",
        "mettre|mets|mettrai|mettra|prendre|prends|pris|donner|donne|donnerai|filer|coller|foutre ~2 une|un|des|la branlée|raclée|pilée|fessée|déculottée|rouste|valise|taule|tôle|misère",
    ],
    # games, sport and school tests
    "game_fr": [
        "fortnite", "smash", "valo", "valorant", "minecraft", "fifa", "mario kart", "mariokart",
        "cod", "warzone", "rocket league", "ivi", "un contre un", "bowling", "ping pong",
        "ping-pong", "partie", "game", "games", "jeu", "jeux", "console", "switch", "play",
        "ps5", "brawl stars", "brawl", "clash royale", "roblox", "apex", "overwatch", "échecs",
        "uno", "babyfoot", "baby-foot", "billard", "belote", "tarot", "monopoly", "just dance",
        "tekken", "street fighter", "pokémon", "pokemon", "gta", "among us", "fall guys",
        "league of legends", "ranked", "match", "finale", "tournoi", "foot", "basket",
        "hand", "handball", "rugby", "tennis", "badminton", "volley", "judo", "boxe", "karaté",
        "sport", "eps", "cross", "natation", "contrôle", "controle", "interro", "exam", "examen",
        "bac", "brevet", "partiel", "oral", "exposé", "devoir", "quiz", "kahoot",
        "karaoké", "concours", "battle", "pétanque", "course", "sprint", "jeu vidéo", "manette",
        "pronos", "quizz", "tournoi de", "entraînement", "entrainement", "muscu", "bras de fer",
        "marathon", "trail", "triathlon", "rando", "randonnée", "compet", "compétition",
        "round", "manche", "set", "classement", "tableau des scores", "leaderboard", "stage",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # "t'es finie au bahut", "vous êtes finis": ruin promised to the second person
    ("fr.threat.you_are_finished", 0.8,
     "!(t'es fini(e)?)|(tu es fini(e)?)|(t es fini(e)?)|(vous êtes fini(e|s|es)?)|(vous etes fini(e|s|es)?)|(t'es complètement fini(e)?)|(t'es grave fini(e)?)|(t'es déjà fini(e)?)|(t'es trop fini(e)?)|(tu es complètement fini(e)?)"),
    # "ta vie elle est finie", "ta réput va être finie"
    ("fr.threat.your_life_over", 0.8,
     "ta|votre vie|réput|réputation|carrière ~2 !(est finie)|(est terminée)|(va être finie)|(sera finie)|(va être détruite)|(est foutue)"),
    # "jvais détruire ta putain de vie", "on va ruiner ton petit business"
    ("fr.threat.ruin_yours", 0.85,
     "je|j'|j|on|nous|jvais|jvai|jte ~2 !détruire|ruiner|briser|pourrir|démolir|détruirai|ruinerai|pourrirai|briserai|démolirai|anéantir|anéantirai|bousiller|saccager ta|ton|tes|votre|vos ~3 vie|entreprise|boîte|boite|business|commerce|boutique|famille|couple|réput|réputation|carrière|existence|avenir|scolarité|études"),
    # "je pendrai ton corps à un arbre", "on va brûler ton cadavre"
    ("fr.threat.your_body", 0.85,
     "je|j'|j|on|nous|jvais|jvai|ils|(mes potes)|(mes gars) ~2 pend(re|rai|ra|rons)|brûl(er|erai|era|erons)|découp(er|erai|era|erons)|jet(er|terai|tera|terons)|enterr(er|erai|era|erons)|démembr(er|erai|era)|dissoudre|retrouver(a|ont)?|cacher|cacherai|balancer|balancerai ~1 ton|ta|votre|son !corps|cadavre"),
    # "jvais te faire du sale", "je vais te vitrioler"
    ("fr.threat.do_dirty", 0.85,
     "je|j'|j|on|nous|jvais|jvai|jte ~3 te|t'|la|lui|vous ~1 !(faire du sale)|(faire saigner)|(ferai saigner)|vitrioler|vitriolerai|(asperger d'acide)|(jeter de l'acide)|(balancer de l'acide)|(lancer de l'acide)"),
    # "je vais m'en prendre à ta soeur"
    ("fr.threat.go_after", 0.8,
     "je|j'|j|on|nous|jvais|jvai ~2 !(m'en prendre)|(nous en prendre)|(s'en prendre)|(m'attaquer)|(s'attaquer) à|a @kin_fr|toi|elle|vous|(ta petite soeur)|(ton petit frère)|(tes petits frères)|(ta petite famille)"),
    # "ta famille va payer", "tes parents vont morfler aussi" (not "ta mère va payer les courses")
    ("fr.threat.kin_will_pay", 0.8,
     "@kin_fr ~2 va|vont ~1 !payer|morfler|souffrir|(y passer)|(prendre cher)|(le payer)|(le regretter) re:\\s*(?:$|[.!?,;:\\n]|\\s(?:pour|aussi|cher|tres|a\\s+ta\\s+place|a\\s+cause\\s+de\\s+toi|crois|tkt|wallah|sur)(?:$|[^a-z]))"),
    # "tu vas plus jamais dormir tranquille"
    ("fr.threat.never_safe", 0.8,
     "tu|vous|t' ~1 vas|va|allez|pourras|pourrez|(vas pouvoir) ~1 plus|jamais ~1 !(dormir tranquille)|(dormir en paix)|(sortir tranquille)|(sortir seule)|(sortir seul)|(marcher tranquille)|(être tranquille)|(vivre tranquille)|(vivre en paix)|(dormir sur tes deux oreilles)|(rentrer tranquille)"),
    # "on va te pourrir jusqu'à ce que tu craques"
    ("fr.threat.until_you_break", 0.8,
     "te|t'|la|vous ~4 !(jusqu'à ce que)|(jusqu'a ce que)|(jusqu'à ce qu')|(jusqu'a ce qu')|(jusqu'à temps que) tu|t'|elle|vous ~1 craque(s)?|crève(s)?|meure(s)?|(te suicides)|(te tues)|(te foutes en l'air)|supprime(s)?|(changes de lycée)|(changes de bahut)|(changes de collège)|(quittes le lycée)|(quittes le bahut)|(quittes le collège)|disparaisse(s)?|(te pendes)|(pleures du sang)"),
    # "tu vas regretter le jour où t'es née", "elle va regretter d'avoir parlé celle là"
    ("fr.threat.regret_what", 0.8,
     "tu|vous|elle|il|t' ~1 vas|va|allez|vont|vais|vai ~2 !regretter|regreter @regret_what_fr"),
    ("fr.threat.regret_what_future", 0.8,
     "tu|vous|elle|il|t' ~1 !regretteras|regretterez|regrettera|regretera|regreteras @regret_what_fr"),
    # "ils vont te ramasser à la petite cuillère"
    ("fr.threat.spoon", 0.85,
     "te|t'|la|vous|le ~3 ramass(er|era|eront|erons|erai|e|ent) à|a la [petite] !cuill(ère|er|ere)"),
    # "ta mère va te chercher à la morgue", "on t'identifiera à la morgue"
    ("fr.threat.morgue", 0.85,
     "te|t'|vous|la ~2 chercher|récupérer|identifier|identifiera|identifieront|reconnaître|ramasser|retrouver|retrouvera|voir ~1 !(à la morgue)|(a la morgue)"),
    # "ta place c'est au cimetière"
    ("fr.threat.your_place_grave", 0.85,
     "ta|votre place ~1 est|(c'est)|cest|(elle est) ~1 !(au cimetière)|(à la morgue)|(a la morgue)|(sous terre)|(dans un cercueil)|(dans le fossé)|(dans un fossé)|(6 pieds sous terre)|(entre a planches)"),
    # "tu vas manger les pissenlits par la racine"
    ("fr.threat.dandelions", 0.85,
     "tu|vous|elle|t'|te|toi ~4 manger|bouffer|mangeras|boufferas|mangera|bouffera|mangerez|bouffe|mange|manges ~1 les !pissenlits"),
    # "tu finiras entre 4 planches", "on va te mettre 6 pieds sous terre"
    ("fr.threat.end_up_more", 0.85,
     "tu|t'|vous|elle|toi|te|la ~3 finir|finiras|finirez|finira|finis|fini|finit|retrouver|retrouveras|terminer|termineras|terminera|mettre|mets|mettrai|envoyer|enverrai ~2 !@fate_more_fr"),
    # "quelqu'un devrait la faire taire pour de bon", "faut lui fermer sa gueule définitivement"
    ("fr.threat.silence_for_good", 0.75,
     "la|le|te|t'|lui|vous|les ~1 faire|fasse|fassent|ferai|fera|ferons|feront ~1 taire ~4 !@for_good_fr"),
    ("fr.threat.shut_for_good", 0.85,
     "lui|te|leur ~1 fermer|fermera|fermerai|ferme|fermeront ~1 sa|ta|leur gueule|bouche ~3 !@for_good_fr"),
    ("fr.threat.calm_for_good", 0.8, "la|le|te|t'|les|vous ~1 calme(r|ra|rai|ront)? ~3 !@for_good_fr"),
    # "faut que quelqu'un s'occupe de son cas"
    ("fr.threat.someone_deal", 0.8,
     "quelqu'un|qqn|(un jour) ~3 !(s'occupe de son cas)|(s'occuper de son cas)|(s'occupe de ton cas)|(s'occuper de ton cas)|(s'occupera de ton cas)|(règle son compte)|(lui règle son compte)|(lui régler son compte)|(te règle ton compte)|(s'occupe de sa gueule)"),
    # "on c ou tu habite": SMS spellings of "we know where you live"
    ("fr.threat.know_where_more", 0.9,
     "(on c)|(on sait)|(on sai)|(on sé)|(je sais)|(je sai)|(jsais)|(jsai)|(jsé)|(j'sais)|(nous savons)|(on connait)|(on connaît)|(je connais)|(jconnais) ou|où ~2 !(elle habite)|(il habite)|(ils habitent)|(elles habitent)|(tu habites)|(vous habitez)|(habite cette)|(habite celle)|(habite ce)|(t'habite)|(tu habite)|(t habite)|(tu vi)|(t vis)|(tu crèche)|(t crèches)|(tu pionce)|(tu dor)|(elle habite)|(tu te caches)|(tu te cache)|(ta mère habite)|(ta famille habite)"),
    # "jsais dans quel lycée t'es", "on sait c'est quoi ton bus"
    ("fr.threat.know_school", 0.8,
     "(je sai(s|t))|(j'sais)|(on sai(s|t))|(on c)|(on sé)|(nous savons)|jsais|jsai|jsé|(on connait)|(on connaît)|(je connais)|jconnais [dans|à|a|en|de|devant] !@school_fr @you_subj_fr"),
    ("fr.threat.know_your_place", 0.8,
     "(je sai(s|t))|(j'sais)|(on sai(s|t))|(on c)|(on sé)|(nous savons)|jsais|jsai|jsé [c'est|cest|c] quoi|où|ou|lequel|laquelle !@your_place_fr"),
    # "on sait à quelle heure tu sors" (as know_kin's "à quelle heure" in lexicon_threats)
    ("fr.threat.know_hour", 0.75,
     "(je sai(s|t))|(j'sais)|(on sai(s|t))|(on c)|(on sé)|(nous savons)|jsais|jsai|jsé|(on connait)|(on connaît) [à|a] !(quelle heure) tu|t'|elle|vous ~1 sors|sort|sortez|rentres|rentre|rentrez|finis|finit|pars|passes|sortiras"),
    # "je connais ton adresse" (not "ton adresse mail": a neutralizer). Not "on a ton adresse :
    # <address>": that gives the address, doxxing (lexicon.fr.doxxing.cue), not a threat.
    ("fr.threat.know_address", 0.8,
     "(on connait)|(on connaît)|(je connais)|jconnais|(j'connais)|(nous connaissons) ~1 !(ton adresse)|(ta adresse)|(votre adresse)|(ton adress)|(ton adr)"),
    # "j'te souhaite de crever", "jvous souhaite de mourir"
    ("fr.threat.wish_die_sms", 0.85,
     "(j'te)|jte|(je t')|jvous|(j'vous)|(je lui)|(j'lui)|jlui|(je leur)|(jleur) !souhaite|souhaites ~2 de|d' crever|mourir|souffrir|clamser|(te faire écraser)|(te faire renverser)|(te faire buter)|(te faire tuer)|(te pendre)|(te suicider)"),
    # "jspr tu crèves", "jespere que tu meur", "pourvu qu'elle crève"
    ("fr.threat.hope_die_sms", 0.85,
     "(j'espère)|jespere|jespr|jspr|jesp|espère|(j'espere)|(je prie)|pourvu|(je prie pour)|pressé|pressée|hâte|vivement [que|qu'|k|ke] tu|t'|t|elle|il|vous|vs|ils|elles ~1 !@die_sms_fr"),
    # "si tu pouvais crever ça arrangerait tout le monde"
    ("fr.threat.if_you_could_die", 0.8,
     "si tu|elle|vous ~1 pouvai(s|t)|pouviez|pourrai(s|t) ~1 !crever|mourir|clamser|(te pendre)|(te suicider)|(te jeter sous un train)"),
    # "que tu crèves", "ce serait bien que tu meures"
    ("fr.threat.that_you_die", 0.8,
     "!(que tu crèves)|(que tu creve)|(que tu meures)|(que tu meurs)|(que tu meure)|(que vous creviez)|(que vous mouriez)|(que tu clamses)|(que tu claques)|(qu'elle meure)|(qu'il meure)"),
    # "le jour où tu crèves je fais la fête"
    ("fr.threat.party_when_dead", 0.85,
     "(le jour)|quand|(jour où)|(jour ou) ~2 !@death_you_fr ~5 fête|teuf|champagne|danse|danserai|danser|sabrer|fêter|fêterai|rirai|rigolerai|(feu d'artifice)"),
    ("fr.threat.when_you_die", 0.45, "quand|(le jour où)|(le jour ou) !@death_you_fr"),
    ("fr.threat.nobody_cries", 0.45, "personne|(aucun)|(aucune) ~2 !(te pleurer)|(te pleurera)|(la pleurer)|(la pleurera)|(te regrettera)|(te regretter)"),
    # "je danserai sur ta tombe", "je cracherai sur ta tombe"
    ("fr.threat.on_your_grave", 0.85,
     "danser(ai|a|ons|ont)?|danse|crach(er|erai|era|erons|e)|piss(er|erai|era|e)|chi(er|erai|era|e)|(faire la fête)|(ferai la fête)|(ferons la fête) sur ta|votre|sa|leur !tombe"),
    # "j'espère qu'il t'arrive un truc grave"
    ("fr.threat.wish_something", 0.85,
     "(j'espère)|jespere|jespr|jspr|(je souhaite)|pourvu|vivement ~2 !(t'arrive)|(t arrive)|(lui arrive)|(vous arrive) ~1 (un truc grave)|(quelque chose de grave)|(un accident)|malheur|(du mal)|(un drame)|(des bricoles)|(un sale truc)|(le pire)|(des problèmes)"),
    # "mes grands frères vont s'occuper de toi", "mon grand frère il sort de prison il va te fumer"
    ("fr.threat.crew_harm", 0.85,
     "!@crew_fr ~5 va|vont|viendra|viendront|peut|peuvent|pourraient|pourrait|veut|veulent ~2 te|t'|la|lui|vous @crew_harm_fr"),
    ("fr.threat.crew_care", 0.8,
     "!@crew_fr ~2 va|vont|viendra|viendront|peuvent|pourraient|vais ~1 (s'occuper de toi)|(s'occuper d'elle)|(s'occuper de ton cas)|(s'occuper de vous)|(s'occuper de ta gueule)|(s'occuper de sa gueule)|(te tomber dessus)|(te faire regretter)|(te régler ton compte)|(t'attendre à la sortie)|(s'occuper de ta tête)"),
    ("fr.threat.send_crew", 0.8,
     "je|j'|j|on|jvais ~2 envo(ie|ies|ye|yer|yerai|yera)|appel(le|er|erai|era)|ramène|ramener|ramènerai ~1 !@crew_fr ~2 te|t'|la|lui|vous @crew_harm_fr"),
    # "il va te fumer", "ils vont te tomber dessus": harm promised in the third person
    ("fr.threat.they_will_harm", 0.75,
     "il|ils|elle|elles ~1 va|vont|viendra|viendront ~1 te|t' !@third_strong_fr"),
    # "je connais des gens qui peuvent te faire du mal"
    ("fr.threat.know_people", 0.8,
     "je|j'|on ~1 connai(s|t)|connaît|(ai)|(a) ~3 !(gens qui)|(gars qui)|(mecs qui)|(types qui)|(personnes qui)|(du monde qui)|(potes qui)|(gens ki)|(gars ki)|(mecs ki) ~3 te|t'|la|lui @crew_harm_fr"),
    # "t'es dead", "t dead toi" (weak, as lexicon_threats' "t mort": needs company)
    ("fr.threat.you_are_dead_en", 0.45, "!(t'es dead)|(t dead)|(tu es dead)|(t'es deadé)|(t'es deadée)|(vous êtes dead)"),
    # "tu veux mourir ou quoi", "tu cherches la mort", "tu veux te faire frapper ?"
    ("fr.threat.want_to_die", 0.75,
     "tu|vous|t' ~1 veux|voulez|cherches|cherchez|cherche ~1 !mourir|(la mort)|crever|(te faire frapper)|(te faire tuer)|(te faire défoncer)|(te faire taper)|(te faire buter)|(te faire marave)|(te faire démonter)|(te faire éclater)|(la merde)|(les coups)"),
    # "tu vas voir ta gueule", "tu vas voir ta race"
    ("fr.threat.see_your_face", 0.8, "(tu vas voir)|(tu va voir)|(vous allez voir)|(tu verras) !(ta gueule)|(ta race)|(ta gueule à la sortie)"),
    # "la prochaine fois c'est ta tête", "la prochaine fois je te rate pas"
    ("fr.threat.next_time", 0.8,
     "(la prochaine fois)|(la prochaine) ~2 !(ta tête)|(te rate pas)|(te raterai pas)|(te louperai pas)|(te loupe pas)|(te rate plus)|(ce sera toi)|(ce sera ta tête)|(t'es mort)|(t'es morte)"),
    # "c'est la dernière fois que tu parles", "tu parleras plus jamais"
    ("fr.threat.last_word", 0.75,
     "!(dernière fois que tu parles)|(dernière fois que tu ouvres ta)|(dernière fois que tu l'ouvres)|(tu parleras plus jamais)|(tu pourras plus jamais parler)|(tu pourras plus parler)"),
    # "balance et tu vas voir", "tu dis quoi que ce soit et ta famille y passe"
    ("fr.threat.or_else", 0.8,
     "balance|balances|parle|parles|cafte|caftes|(porte plainte)|(portes plainte)|(quoi que ce soit)|(un mot)|(le prof)|(la cpe)|(les flics) ~1 et !(t'es mort)|(t'es morte)|(ta famille y passe)|(ta famille va payer)|(t'es fini)|(t'es finie)|(ta mère y passe)|(tu vas le regretter)|(t'es dead)"),
    ("fr.threat.or_else_see", 0.75, "balance|balances|cafte|caftes|(porte plainte)|(portes plainte) et !(tu vas voir)|(tu verras)"),
    # "ta famille y passe", "ta race va y passer"
    ("fr.threat.kin_goes", 0.8,
     "@kin_fr|(ta race)|(toute ta famille) ~1 !(y passe)|(y passera)|(va y passer)|(vont y passer)|(y passeront) re:\\s*(?:$|[.!?,;:\\n]|\\s(?:aussi|avec|crois|tkt|wallah|je\\s+te\\s+le)(?:$|[^a-z]))"),
    # "jte déboîte", "je te dérouille"
    ("fr.threat.present_more", 0.85, "jte|(je te)|(j'te)|(on te)|(on va te) !déboîte|déboite|dérouille|goume|fracasse|ratatine"),
    # "elle est morte cette pute": death said of an insulted person
    ("fr.threat.dead_insult", 0.8, "!(elle est morte)|(il est mort)|(t'es morte)|(t'es mort)|(elle va crever)|(elle va mourir) ~1 cette|ce|sale|espèce|esp @insult_strong_fr"),
    # "tu vas te faire démonter", "tu vas te faire éclater la tête"
    ("fr.threat.you_get_done_more", 0.8,
     "(tu vas te faire)|(tu vas t faire)|(tu vas tfaire)|(tu va te faire)|(tu vas t'faire)|(tu te fais)|(vous allez vous faire)|(elle va se faire)|(tu vas finir par te faire) !@get_done_fr"),
    # release 1.31: "vivement qu'on la retrouve dans un sac poubelle" (a wish: fr.threat.found
    # reads the future, and a present "on la retrouve dans un fossé" can be a news story's)
    ("fr.threat.wish_found", 0.85,
     "vivement|(j'espère)|(jespere)|(j'espere)|faut|(il faut)|(faudrait) qu'on|(que l'on)|(qu'ils) la|le|te|t'|vous|les !retrouve|retrouvent|ramasse|ramassent ~2 @fate_place_fr"),
    # "quelqu'un devrait balancer de l'acide sur cette menteuse" (fr.threat.acid wants a face;
    # not "sur cette tache", "sur ce métal")
    ("fr.threat.acid_on_person", 0.85,
     "jeter|jette|balancer|balance|lancer|lance|verser|asperger|envoyer ~2 !acide|vitriol sur|(à la)|(a la) lui|toi|elle|eux|(cette|ce|ces|sa|ta|leur|leurs|sale) ~1 menteuse|menteur|journaleuse|journaliste|militante|féministe|pute|salope|conne|connasse|pétasse|pouffiasse|sorcière|folle|traînée|grognasse|garce|chienne|truie|gueule|tronche|face|figure"),
    # "je vais te laisser pour mort", "jvais tlaisser en sang" (not "te laisser tranquille",
    # "laissé sur le carreau au sprint")
    ("fr.threat.leave_for_dead", 0.85,
     "je|j'|jvais|jvai|on|nous|ils ~2 te|t'|vous|la|le|l' ~1 !laisser|laisserai|laissera|laisserons|laisseront pour|en|(raide)|(dans une) mort|morte|morts|sang|(mare de sang)"),
    # the same typed as one word ("jvais tlaisser en sang"): the anchors read whole words
    ("fr.threat.leave_for_dead_sms", 0.85, "jvais|jvai|(je vais)|on|(on va) !tlaisser|tlaiss pour|en mort|morte|sang"),
    # "la prochaine fois je te la ferme pour de bon" (shut_for_good names the mouth; not "je te
    # ferme la porte", "le magasin ferme définitivement")
    ("fr.threat.shut_it_for_good", 0.8,
     "je|j'|jvais|jvai|on|nous ~2 te|vous|lui|leur ~1 la !ferme|fermerai|fermera|fermer|fermerais|fermerons ~4 @for_good_fr"),
]

# Neutralizers (lexicon.NEUTRALIZERS): games, sport, school tests, self-talk, negated wishes.
NEUTRALIZERS: list[tuple[str, str]] = [
    # "jvais te détruire à fortnite", "t mort dans la partie", "je vais tuer ce contrôle"
    ("figurative", "!@fig_verb_fr ~4 à|a|au|aux|en|sur|dans|pendant ~2 @game_fr"),
    ("figurative", "!@fig_verb_fr ce|cet|cette|mon|ma|le|la|l' @game_fr"),
    # "ma mère va me tuer", "il va crever l'écran"
    ("figurative", "va|vont|vas|ira|iront|aller|vais ~1 me !tuer|buter|défoncer|démonter|massacrer|tuera|tueront|fumer"),
    ("figurative", "!crev(er|e|é|era) l'écran|(les yeux de tout le monde)"),
    # "ton daron il va te tuer quand il verra ton bulletin": a parent's anger, not a threat
    ("figurative", "va|vont ~1 te|t' ~1 tuer|buter|défoncer|démonter|massacrer|tuera ~1 quand|si|(le jour où) ~1 il|elle|ils|elles|tes|ta|ton ~1 !verra|apprend|apprendra|saura|découvre|découvrira|verront"),
    # "je meurs de rire", "tu vas mourir de honte"
    ("figurative", "!meur(s|t|e|es|ent)|mourr(ai|as|a|ez)|mourir|crèves|crevons|crevez de|d' rire|honte|faim|froid|chaud|soif|peur|envie|fatigue|ennui|jalousie"),
    # "crève pas de chaud", "je veux pas que tu meures" (SMS French drops the "ne")
    ("negation", "!crève|creve|crèves|crevez|meurs|meurt|meure|meures|mourez|tues|pendes|suicides ~1 pas|jamais"),
    ("negation", "pas|jamais|peur ~1 que|qu' [tu|t'|elle|il|vous|on] ~2 !crève(s|nt|z)?|creve|meure(s|nt)?|meurs|meurt|mourir|crever|mouriez|creviez"),
    # "ton adresse mail", "on va te trouver une place", "s'occuper de toi pour l'inscription"
    ("figurative", "!adresse(s)? [e] mail|email|mel|gmail|insta|snap|discord|électronique|web|url|hotmail|outlook|pro"),
    ("figurative", "te|t' !trouver|trouverai|trouvera|trouverons un|une|des|quelqu'un|(de la)|du|(d'autres)"),
    ("figurative", "!(s'occuper de toi)|(s'occupe de toi)|(s'occuperont de toi)|(s'occupera de toi)|(s'occuper d'elle) pour|pendant le|la|l'|les|ton|ta|tes|ce|cette|ces"),
    # release 1.31: "je sais à quelle heure tu sors, je passe te chercher" (a lift, not a watch);
    # "des dents de requin" (sweets); "ferme la porte" (a door, not "ferme-la")
    ("figurative", "!(quelle heure) tu|t'|elle|vous ~1 sors|sort|sortez|rentres|rentre|finis|finit ~3 (je passe te)|(on passe te)|(je viens te)|(on vient te)|(je passerai te) prendre|chercher|récupérer"),
    ("figurative", "!dent|dents de requin|vampire|lait|sagesse"),
    ("figurative", "!(ferme la)|(fermez la)|(ferme-la) porte|fenêtre|fenetre|lumière|lumiere|boutique|barrière|grille|session|valise|voiture|radio|télé|tele|boîte|boite|cuisine|salle|marche|trappe|portière|porte-fenêtre|bouteille|fermeture"),
    # "personne va pleurer quand la série s'arrêtera", "j'ai jamais dit ..."
    ("figurative", "personne [ne|n'] va|vont !pleurer"),
    # "j'ai pas dit je vais te tuer": a threat denied, quoted without quotes (not "on t'a
    # jamais dit que t'étais une conne ?", an insult)
    ("reported", "!(pas dit)|(jamais dit)|(jamais écrit)|(pas écrit) [que|qu'] je|j'|jvais|jvai|jte|on " + _CLAUSE),
]
# fmt: on
