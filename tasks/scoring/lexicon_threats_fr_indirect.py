"""More implicit and indirect French threats, as data (merged into ``lexicon``; issue 18).

Written for Tocsin from general knowledge of French, colloquial and street French (no dataset
sentence is copied here; the cases are ours, ``eval/cases/own_threats_fr_indirect.tsv``): a
promise to have the target's skin or wipe them off the map, ruin listed ("tu vas tout perdre,
ton taf, ta famille"), being made to suffer ("elle va en baver"), the end in a hole or a
suitcase, a silence for good ("tu vas te taire pour toujours"), knowing where the target works
or what car they drive, a visit announced, wishes of death said as waiting for it ("vivement ta
mort", "j'attends ta mort"), a disease or a lorry wished on the target, "le monde ira mieux
sans toi", a price on the target's head, harm sent through a crowd at the target's door,
weapons drawn, and street verbs of killing that need the end of a clause to be threats
("on va t'éteindre", "jvais te sécher": not "t'éteindre la lumière", "te sécher les cheveux");
acid thrown in the face, the target's family ("on viendra pour toi et ta famille", "ta famille
n'est plus en sécurité"), "les accidents arrivent aux gens comme toi", "tu verras ce qui va
t'arriver", "dors avec un oeil ouvert", and the fate of murdered journalists ("tu vas finir
comme charlie").

Every rule has a target (the second person, "la"/"lui"/"elle", the target's head, home, car,
family or life) and a rare anchor word; a violent word alone stays to the neutralizers, which
keep counter-speech ("arrêtez de souhaiter la mort aux gens"), negation ("personne ne mérite la
mort") and ordinary uses ("planter le décor", "je suis crevé", "je prie pour ta guérison",
"payer l'addition") out.
"""

from __future__ import annotations

# The end of a clause, or a word that carries a threat on ("on t'attend à la sortie tkt").
_END = (
    "re:\\s*(?:$|[.!?,;:\\n]|\\s(?:tkt|t'?inquiete|crois\\s+moi|wallah|wesh|sale|fdp|toi|"
    "je\\s+te\\s+le\\s+(?:jure|promets|garantis)|tot\\s+ou\\s+tard|un\\s+jour|bientot|"
    "tu\\s+vas\\s+voir|si|quand|des\\s+que|ce\\s+soir|cette\\s+nuit|frere|frerot)(?:$|[^a-z]))"
)

# The same without "si", "quand" ("ta maison va brûler si tu laisses la bougie": a warning).
_END_STRICT = _END.replace("si|quand|des\\s+que|", "")

# fmt: off
LISTS: dict[str, list[str]] = {
    # what a wish of death waits for ("vivement ta mort", "hâte de voir ton cadavre")
    "your_death_fr": [
        "mort", "décès", "enterrement", "cadavre", "cercueil", "dernier souffle", "agonie",
        "crevaison", "pierre tombale",
    ],
    # diseases and accidents wished on the target
    "bad_end_fr": [
        "un cancer", "le cancer", "le sida", "une tumeur", "un avc", "une crise cardiaque",
        "la peste", "le choléra", "une maladie incurable", "une longue maladie",
        # release 1.28
        "une mst", "une ist", "le covid", "la covid", "le corona", "la gale", "la lèpre",
        "une leucémie", "un infarctus", "la tuberculose",
    ],
    "vehicle_fr": [
        "camion", "bus", "train", "tram", "voiture", "poids lourd", "semi-remorque", "métro",
        "tracteur", "scooter",
    ],
    # a crowd sent to the target's door
    "crowd_fr": [
        "des gens", "du monde", "des gars", "des mecs", "mes gars", "mes potes", "mes reufs",
        "mes frères", "les frères", "des types", "une équipe", "toute la cité", "des amis à moi",
        "des potes à moi",
    ],
    # the insults an "insulted end" rule reads ("cette pute va finir au fond d'un trou"); a short
    # list, not lexicon.insult_strong_fr: every rule's characters are scanned (docs/scoring.md)
    "insulted_fr": [
        "pute", "salope", "conne", "connasse", "chienne", "garce", "pouffiasse", "traînée",
        "pétasse", "sorcière", "balance", "bâtard", "enculé", "connard", "traître", "traîtresse",
        "merde", "folle", "grosse", "truie", "vache",
    ],
    # verbs of killing after "te" (a short lexicon.kill_fr, for the rules with long phrases)
    "kill_short_fr": [
        "tuer", "buter", "descendre", "flinguer", "crever", "égorger", "planter", "abattre",
        "fumer", "trouer", "plomber", "défoncer", "massacrer", "étrangler", "poignarder",
        "frapper", "tabasser", "violer", "noyer", "brûler",
    ],
    "arm_fr": [
        "@weapon_fr", "arme", "couteau", "batte", "hache", "pistolet", "revolver", "carabine",
        "marteau", "tronçonneuse", "fusil de chasse", "barre de fer",
    ],
    "weapon_fr": [
        "schlass", "shlass", "calibre", "flingue", "glock", "kalash", "kalach", "kalachnikov",
        "fusil", "9mm", "opinel", "machette", "surin", "cran d'arrêt",
    ],
    # bullets in street French ("une bastos dans ta tête")
    "bullet_fr": ["bastos", "pruneau(x)?", "praline(s)?", "plomb(s)?", "balle(s)?", "bastoss"],
    "head_fr": ["tête", "tete", "gueule", "crâne", "face", "bide", "ventre", "cœur", "coeur", "front"],
    # what "t'es/vous êtes ___" (verbs of killing in street French) needs a clause's end for
    "street_kill_end_fr": [
        "éteindre", "éteins", "éteindrai", "sécher", "sèche", "sécherai", "aligner", "aligne",
        "alignerai", "dead", "deader", "rafaler", "rafale", "rafalerai", "allumer au calibre",
        "plante", "planterai", "caner", "canner",
    ],
    # glued SMS clitic and verb ("jvais tfumer")
    "glued_kill_fr": [
        "tfumer", "tbuter", "ttuer", "tdéfoncer", "tdefoncer", "tcrever", "tmarave", "tdémonter",
        "tdemonter", "tfracasser", "ttabasser", "tégorger", "tegorger", "tplanter", "tsaigner",
        "tbutter", "tdead", "tgoumer", "tdéchirer",
    ],
    # the kin a threat goes through one by one
    "all_kin_fr": [
        "ta famille", "tes proches", "tes gosses", "tes enfants", "tes parents", "tes potes",
        "tes soeurs", "tes frères", "toute ta famille", "toute ta race", "ta race", "vous tous",
        "tes amis", "ta famille entière",
    ],
    "harm_kin_fr": [
        "niquer", "buter", "tuer", "défoncer", "égorger", "massacrer", "crever", "fumer",
        "goumer", "marave", "maraver", "faire la peau à", "s'occuper de", "s'occuper d'",
        "descendre", "brûler", "cramer", "éliminer", "fracasser", "tabasser",
    ],
    # what a third person is promised to pay or suffer ("elle va payer cher")
    # where a threat says the target ends up, beyond lexicon's fate lists
    "fate_indirect_fr": [
        "au fond d'un trou", "dans un trou", "au bord d'une route", "dans la seine",
        "au fond de la seine", "dans une valise", "en petits morceaux", "en mille morceaux",
        "dans un bain de sang", "dans ton sang", "dans ton propre sang", "pendue", "pendu",
        "enterrée dans un bois", "enterré dans un bois", "au fond d'un ravin", "dans un ravin",
        "au fond d'un puits", "au fond du lac", "dans un coffre", "dans le canal", "découpée",
        "découpé", "démembrée", "démembré", "calcinée", "carbonisée", "à lhosto", "a lhosto",
    ],
    "pay_dear_fr": [
        "payer cher", "le payer cher", "payer pour ce", "payer pour ça", "payer pour ca",
        "payer ce qu", "en baver", "en chier", "le sentir passer", "comprendre sa douleur",
        "comprendre ta douleur", "souffrir", "déguster", "dérouiller",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # "j'aurai ta peau", "on aura sa peau" (not "j'aimerais avoir ta peau": skin)
    ("fr.threat.have_your_skin", 0.85,
     "(j'aurai)|jaurai|(on aura)|(nous aurons)|(ils auront)|(on finira par avoir)|(je finirai par avoir)|(on va avoir)|(je vais avoir)|(jvais avoir)|(on va finir par avoir)|(je vais finir par avoir) ta|sa|votre|leur !peau"),
    # "on finira par t'avoir", "je t'aurai tôt ou tard"
    ("fr.threat.get_you_in_the_end", 0.8,
     "!(finira par)|(finirai par)|(finiront par)|(finirons par)|(va finir par)|(vais finir par)|(vont finir par) t'|te|vous avoir " + _END),
    ("fr.threat.get_you_one_day", 0.8,
     "je|j'|on|nous|ils ~1 !(t'aurai)|(t'auras)|(t'aura)|(t'aurons)|(t'auront)|(vous aurai)|(vous aura)|(vous aurons)|(vous auront)|(l'aurai)|(l'aura)|(l'aurons)|(l'auront) ~1 (tôt ou tard)|(un jour)|(un jour ou l'autre)|(crois moi)|(je te le promets)|(je te le jure)"),
    # "je vais te rayer de la carte", "on va t'effacer de la surface de la terre"
    ("fr.threat.wipe_out", 0.85,
     "te|t'|la|le|l'|vous|les|lui ~1 rayer|raye|rayerai|rayera|rayerons|effacer|efface|effacerai|effacera|effacerons|(faire disparaître)|(faire disparaitre)|éliminer|éliminerai|éliminera ~1 !(de la carte)|(de la surface de la terre)|(de la surface du globe)|(de ce monde)|(de la planète)|(de la terre)|(de la circulation)"),
    # "tu vas disparaître de la circulation"
    ("fr.threat.vanish", 0.8,
     "tu|vous|elle|il ~1 vas|va|allez|vont|vais ~1 !disparaître|disparaitre ~1 (de la circulation)|(de la surface de la terre)|(pour de bon)|(pour toujours)|(à jamais)|(de ce monde)|(sans laisser de trace)"),
    # "un appel et tu disparais", "un mot de moi et c'est fini pour toi"
    ("fr.threat.one_call", 0.8,
     "un|une|1 appel|(coup de fil)|mot|signe|sms|message|claquement|texto ~3 et !(tu disparais)|(tu disparaîtras)|(tu disparaitras)|(t'existes plus)|(tu existes plus)|(on te retrouve plus)|(c'est fini pour toi)|(t'es fini)|(t'es finie)|(tu crèves)|(t'es mort)|(t'es morte)"),
    # "je vais faire en sorte que tu perdes tout"
    ("fr.threat.make_you_lose", 0.8,
     "(faire en sorte que)|(faire en sorte qu')|(m'assurer que)|(veiller à ce que)|(faire tout pour que) tu|t'|elle|vous ~2 !perde(s|nt|z)?|souffre(s|nt|z)?|crève(s|nt)?|disparaisse(s|nt)?|(regrettes)|(ne puisses plus)|(puisses plus) tout|(ton taf)|(ton travail)|(ton boulot)|(ton job)|(ta garde)|(tes enfants)|(ta famille)|(ton poste)|(ta réputation)|(ta carrière)|(ta vie)|(ta maison)|(plus jamais)"),
    # "tu vas tout perdre, ton taf, ta famille" (not "tu vas tout perdre au poker")
    ("fr.threat.lose_everything", 0.8,
     "tu|vous|elle ~1 vas|va|allez !(tout perdre) ~1 ta|ton|tes|votre|vos taf|boulot|travail|job|famille|enfants|gosses|maison|mari|femme|réput|réputation|carrière|garde|poste|mec|amis"),
    # "je vais te pourrir la vie", "on va lui pourrir l'existence"
    ("fr.threat.rot_your_life", 0.8,
     "je|j'|on|nous|jvais|jvai|ils ~3 te|t'|lui|vous|leur ~1 !pourrir|pourrirai|pourrira|pourrirons|pourriront|gâcher|gâcherai|gacher (la vie)|(l'existence)|(chaque jour)|(chaque journée)|(ta vie)"),
    # "tu vas en baver", "elle va en baver la journaliste" (sport and games: neutralizers)
    ("fr.threat.suffer_for_it", 0.75,
     "tu|vous|elle|il|t' ~1 vas|va|allez|vont ~1 !(en baver)|(en chier)|(déguster)|(dérouiller)"),
    # "elle va payer cher ce qu'elle a dit", "cette balance va le payer"
    ("fr.threat.will_pay_dear", 0.8, "elle|il|elles|ils|cette|celle|celui ~2 va|vont ~1 !@pay_dear_fr"),
    ("fr.threat.will_pay_it", 0.8, "cette|celle|ce|cet ~2 va|vont ~1 !(le payer)|(le regretter)|morfler|(y passer)|(prendre cher)"),
    # "tu le paieras de ta vie", "tu vas payer de ton sang"
    ("fr.threat.pay_with_life", 0.85,
     "payer|paieras|payeras|paiera|payera|paierez|paie|paies|paye|payes ~1 de|avec ta|sa|votre|ton|son !vie|sang|peau"),
    # "tu vas te taire pour toujours", "faut lui clouer le bec pour de bon"
    ("fr.threat.quiet_for_good", 0.8,
     "tu|elle|il|vous ~1 vas|va|vont|allez ~1 te|se|vous taire ~2 !@for_good_fr"),
    ("fr.threat.beak_for_good", 0.85,
     "lui|te|leur ~1 clouer|cloue|clouerai|clouera|rabattre|rabattrai le|son|ton|leur caquet|bec ~3 !@for_good_fr"),
    # "faut la faire taire", "quelqu'un devrait la faire taire" (weak: said of debates too)
    ("fr.threat.someone_silence", 0.45,
     "faut|faudrait|(il faut)|(il faudrait)|(quelqu'un devrait)|(qqn devrait)|(quelqu'un va)|(un jour quelqu'un va) ~1 la|le|lui|les ~1 faire !taire"),
    # "je sais où te trouver", "on sait où trouver ta fille"
    ("fr.threat.know_where_find", 0.85,
     "(je sai(s|t))|(j'sais)|(on sai(s|t))|(on c)|(on sé)|(nous savons)|jsais|jsai|jsé !(ou te trouver)|(ou te choper)|(ou t'attraper)|(ou te retrouver)|(ou la trouver)|(ou la choper)|(ou la retrouver)|(ou vous trouver)|(ou vous retrouver)|(ou les trouver)"),
    ("fr.threat.know_where_find_kin", 0.85,
     "(je sai(s|t))|(j'sais)|(on sai(s|t))|(on c)|(on sé)|(nous savons)|jsais|jsai|jsé !(ou trouver)|(ou choper)|(ou attraper)|(ou retrouver) @kin_fr"),
    # "jsais ou tu taf", "on sé où tu vis", "on sait où tu te gares"
    ("fr.threat.know_where_sms_more", 0.85,
     "(on c)|(on sait)|(on sai)|(on sé)|(je sais)|(je sai)|(jsais)|(jsai)|(jsé)|(j'sais)|(nous savons) !(ou tu taf)|(ou tu taff)|(ou t taf)|(ou tu tafes)|(ou tu vis)|(ou t vis)|(ou elle vit)|(ou tu bosses)|(ou tu bosse)|(ou t bosses)|(ou elle bosse)|(ou tu travailles)|(ou tu travail)|(ou tu dors)|(ou elle dort)|(ou tu te gares)|(ou tu gares)|(ou tu traines)|(ou tu fais tes courses)|(ou tu vas a l'ecole)|(ou tu vas au lycee)|(ou tu vas en cours)|(ou tu passes tes soirees)|(ou tu sors le soir)"),
    # "je sais où dort ta fille" (not "on sait où habite le suspect")
    ("fr.threat.know_where_kin", 0.85,
     "(on c)|(on sait)|(on sai)|(on sé)|(je sais)|(jsais)|(j'sais)|(nous savons) !(ou habite)|(ou habitent)|(ou vit)|(ou vivent)|(ou bosse)|(ou travaille)|(ou dort)|(ou dorment)|(ou joue)|(ou jouent) @kin_fr"),
    # "j'ai des gars qui peuvent venir chez toi" (at a clause's end: not "... pour t'aider")
    ("fr.threat.crowd_can_come", 0.75,
     "@crowd_fr qui ~2 !(venir chez toi)|(passer chez toi)|(débarquer chez toi)|(te trouver)|(te retrouver)|(venir te chercher) " + _END_STRICT),
    # "je vais payer des mecs pour te tabasser"
    ("fr.threat.pay_for_harm", 0.85,
     "!payer|payerai|paie|paye|payé @crowd_fr|quelqu'un|qqn|(un mec)|(un gars)|(des mecs)|(un tueur) pour ~1 te|t'|la|lui|vous @kill_short_fr|(casser la gueule)|(casser les jambes)|(faire la peau)|(péter la gueule)|marave|goumer|défigurer|(faire du mal)"),
    # "t'as intérêt à te cacher", "tu crois que t'es en sécurité ?"
    ("fr.threat.better_hide", 0.8,
     "(t'as intérêt)|(tu as intérêt)|(vous avez intérêt)|(t'as interet)|(t as interet) à|a !(te cacher)|(bien te cacher)|(changer de ville)|(fuir)|(te barrer loin)|(raser les murs)|(prier)|(numéroter tes abattis)"),
    ("fr.threat.think_safe", 0.75,
     "tu|vous ~1 crois|croyez|penses|pensez ~1 que|qu' t'es|(tu es)|(vous êtes)|(t es) !(en sécurité)|(à l'abri)|(a l'abri)|intouchable|protégée|protégé " + _END_STRICT),
    # "attends de voir ce qu'on va te faire"
    ("fr.threat.wait_and_see", 0.8,
     "(attends de voir)|(attendez de voir)|(tu vas voir)|(vous allez voir) ~1 !(ce qu'on va te faire)|(ce que je vais te faire)|(ce qu'on va vous faire)|(ce qu'ils vont te faire)|(ce qu'on va lui faire)|(ce qu'on va te faire subir)|(ce que je vais te faire subir) " + _END_STRICT),
    # "on va te chasser comme un lapin", "je vais te casser en deux"
    ("fr.threat.hunt_like", 0.85,
     "te|la|vous|le ~1 chasser|traquer|traquerai|chasserai|chassera|traquera|abattre ~1 !(comme un lapin)|(comme un chien)|(comme une bête)|(comme un animal)|(comme du gibier)|(comme un rat)|(comme une chienne)|(comme un cochon)"),
    ("fr.threat.break_in_two", 0.85, "te|t'|la|lui ~1 casser|briser|casserai|briserai|cassera|brisera !(en deux)|(en morceaux)|(en mille morceaux)"),
    # "je connais ta plaque", "j'ai noté ton immat"
    ("fr.threat.know_plate", 0.75,
     "connai(s|t)|connaît|(on a)|(j'ai)|noté|relevé ~3 ta|ton|votre !plaque|immat|immatriculation"),
    # "attends-toi à de la visite", "tu vas avoir de la visite bientôt"
    ("fr.threat.visit_coming", 0.75,
     "tu|vous ~1 vas|va|allez|auras|aurez ~1 avoir|recevoir !(de la visite)|(une petite visite)|(une visite) ~2 (bientôt)|(un de ces jours)|(un de ces quatre)|(très bientôt)|(tôt ou tard)|tkt|(crois moi)|(je te le garantis)|(je te le promets)|(cette nuit)"),
    # "je vais envoyer des gens chez toi", "on t'attend en bas de chez toi" (a lift: weak)
    ("fr.threat.crowd_at_door", 0.8,
     "envo(ie|ies|yer|yerai|yera|yons)|ramène|ramènerai|ramener|débarque(r|rai|ra|rons)? ~2 @crowd_fr ~1 !(chez toi)|(devant chez toi)|(en bas de chez toi)|(chez elle)|(devant chez elle)|(chez vous)|(à ta porte)|(devant ta porte)|(chez ta mère)|(chez tes parents)"),
    # at a clause's end ("on t'attend en bas de chez toi.", not "… pour la fête"); until
    # release 1.5 a weak 0.45 anywhere, a threat only with the bare doxxing cue "chez toi"
    ("fr.threat.wait_downstairs", 0.7,
     "on|ils|(mes gars)|(mes potes)|(les gars) ~1 t'|te|vous ~1 attend(ent|ra|ront)? !(en bas de chez toi)|(devant chez toi)|(en bas de chez vous)|(devant chez vous) " + _END),
    # "on t'attend à la sortie" (at a clause's end, not "à la sortie du ciné")
    ("fr.threat.wait_at_exit", 0.75,
     "on|ils|(mes gars)|(mes potes)|(les gars)|je|j' ~1 t'|te|vous|la ~1 attend(ent|ra|ront|s)? !(à la sortie)|(a la sortie) " + _END),
    # "on t'attend à la sortie de ton taf": where the target works or studies, whatever follows
    # (not "à la sortie du concert", "du tribunal": fans and supporters wait there too)
    ("fr.threat.wait_at_work_exit", 0.75,
     "on|ils|(mes gars)|(mes potes)|(les gars)|je|j'|jt|jte ~1 t'|te|vous|la ~1 attend(ent|ra|ront|s)? !(à la sortie de ton)|(a la sortie de ton)|(à la sortie de ta)|(a la sortie de ta)|(à la sortie de son)|(a la sortie de son)|(à la sortie du)|(a la sortie du) taf|taff|boulot|travail|bureau|école|ecole|lycée|lycee|bahut|fac|rédaction|redaction|journal|immeuble|bâtiment|batiment|domicile"),
    ("fr.threat.see_at_exit", 0.8,
     "(on se voit)|(on se verra)|(on se capte)|rdv|(rendez-vous)|(on règle ça)|(on regle ca) ~1 (à la sortie)|(a la sortie)|dehors ~2 !(tu vas voir)|(tu verras)|(t'es mort)|(t'es morte)|(tu vas comprendre)|(tu vas prendre)|(tu vas morfler)"),
    # "je te souhaite la mort", "je souhaite ta mort", "jte souhaite une mort lente"
    ("fr.threat.wish_your_death", 0.85,
     "souhait(e|es|ons|ez|erais) ~2 ta|sa|votre|leur !mort|crevaison|décès"),
    ("fr.threat.wish_you_death", 0.85,
     "(je te)|jte|(j'te)|(je lui)|(j'lui)|jlui|(je vous)|(jvous)|(je leur) !souhaite ~1 la|une|(une bonne) mort|crevaison"),
    # "vivement ta mort", "j'attends ta mort avec impatience", "hâte de voir ton cadavre"
    ("fr.threat.await_death", 0.85,
     "attend(s|ons)?|vivement|(prie pour)|(prions pour)|(hâte de)|(hâte d')|(hâte d'être à)|(à quand)|(a quand)|(fêterai)|(fêter)|(célébrer)|(célébrerai)|(rêve de)|(hâte de voir) ~2 ta|sa|votre|leur|ton|son !@your_death_fr"),
    # "j'espère que t'auras un cancer", "pourvu qu'elle chope le sida"
    ("fr.threat.wish_disease", 0.8,
     "(j'espère)|jespere|jespr|jspr|(je souhaite)|pourvu|(je prie)|vivement [que|qu'|k|ke] tu|t'|elle|il|vous ~2 !@bad_end_fr"),
    # "j'espère qu'un camion va te rouler dessus"
    ("fr.threat.wish_run_over", 0.85,
     "(j'espère)|jespere|jespr|jspr|pourvu|(je prie pour) [que|qu'] un|une|le|la ~1 !@vehicle_fr ~3 te|t'|lui|la|vous ~1 roul(e|er|era)|écras(e|er|era)|percut(e|er|era)|renvers(e|er|era)|(passe dessus)|(passer dessus)|(passera dessus)"),
    # "le monde ira mieux quand tu seras morte", "la terre serait meilleure sans toi"
    ("fr.threat.world_better_without", 0.8,
     "(le monde)|(la terre)|(tout le monde)|(la planète)|(la société)|(la france)|(internet) ~2 ira|irait|sera|serait|(se portera)|(se porterait)|(se sentira)|(se sentirait) ~1 mieux|meilleur|meilleure ~1 !(sans toi)|(sans elle)|(sans vous)|(quand tu seras mort)|(quand tu seras morte)|(quand elle sera morte)|(quand tu crèveras)|(le jour où tu crèveras)|(le jour où tu crèves)|(quand tu seras plus là)"),
    # "je vais mettre un contrat sur ta tête", "ta tête est mise à prix"
    ("fr.threat.price_on_head", 0.85,
     "contrat|prime|(mise à prix)|(mettre à prix) sur ta|sa|votre|leur !tête"),
    ("fr.threat.head_priced", 0.85, "ta|sa|votre|leur tête ~2 !(mise à prix)|(à prix)"),
    # "ta tête va rouler", "sa tête va tomber"
    ("fr.threat.head_roll", 0.8, "!(ta tête)|(sa tête)|(votre tête) ~1 va|vont|(finira par)|roulera|tombera rouler|tomber|roulera|tombera|(au bout d'une pique)"),
    # "jvais te sortir le schlass"
    ("fr.threat.draw_weapon", 0.85, "te|t'|vous|lui ~1 sortir|sors|sortirai|sortira|ramène|ramener|ramènerai le|mon|un|une|la !@weapon_fr"),
    # "une bastos dans ta tête"
    ("fr.threat.bullet_street", 0.85, "une|deux|trois|des|1|2|3 !@bullet_fr ~1 dans|ds ta|sa|votre|ton|son|la @head_fr"),
    # "on va t'éteindre", "jvais te sécher", "jte plante si je te croise" (at a clause's end:
    # not "t'éteindre la lumière", "te sécher les cheveux", "je te plante des fleurs")
    ("fr.threat.street_kill_end", 0.8,
     "jte|(je te)|(j'te)|(on te)|(on va te)|(jvais te)|(je vais te)|(on va t')|(jvais t')|(je vais t')|(jv te)|(jvé te)|(ils vont te)|(on va vous)|(je vais vous) !@street_kill_end_fr " + _END),
    # "jvais tfumer", "on va tbuter"
    ("fr.threat.glued_kill", 0.85, "jvais|jvai|jv|jvé|(je vais)|(on va)|(ils vont)|jte|(va)|(vont) !@glued_kill_fr"),
    # "g envie de te tuer" ("g" = "j'ai" in SMS)
    ("fr.threat.sms_g", 0.85, "g|jai|chui|jsui ~3 te|t'|la|lui !@kill_short_fr"),
    # "tu v crever", "tu vas creuver"
    ("fr.threat.you_will_sms", 0.85,
     "tu|t'|vous ~1 v|vs|vah|vaas|vx ~1 !crever|mourir|morfler|souffrir|(le payer)|(le regretter)|(y passer)|payer"),
    ("fr.threat.you_will_respelt", 0.85, "tu|t'|vous|elle ~1 va|vas|v|vs ~1 !creuver|crevai|mourrir|mourire|creuvé|crevvé"),
    # "jvais t'ouvrir en deux", "on va lui ouvrir le ventre"
    ("fr.threat.cut_open", 0.85, "t'|te|la|lui|vous ~1 ouvrir|ouvre|ouvrirai|ouvrira|ouvrirons !(en deux)|(le ventre)|(la gorge)|(le bide)|(le crâne)"),
    # "ta vie est en danger"
    ("fr.threat.life_in_danger", 0.75, "ta|votre vie ~1 est|sera|(va être)|(peut être) !(en danger)|menacée|(en sursis)|(entre mes mains)"),
    # "tu vas t'en prendre une" (a slap)
    ("fr.threat.get_one", 0.75,
     "tu|vous|t' ~1 vas|va|allez ~1 !(t'en prendre une)|(t'en manger une)|(t'en recevoir une)|(vous en prendre une)|(t'en prendre deux)|(t'en prendre une bonne)|(t'en prendre une belle)"),
    # "on va niquer ta famille un par un"
    ("fr.threat.kin_one_by_one", 0.85,
     "@harm_kin_fr ~1 @all_kin_fr ~1 !(un par un)|(une par une)|(un à un)|(un a un)|(les uns après les autres)|(l'un après l'autre)|(jusqu'au dernier)"),
    # "ta maison va brûler", "ta caisse va cramer" (at a clause's end: not "... si tu laisses
    # la bougie")
    ("fr.threat.your_home_burns", 0.75,
     "ta|votre|sa maison|baraque|caisse|voiture|bagnole|appart|boutique|baraque|bicoque|piaule ~1 va|vont|risque|pourrait ~1 !brûler|cramer|flamber|(partir en fumée)|(prendre feu) " + _END_STRICT),
    # "cette pute va finir au fond d'un trou", "tu finiras dans la seine"
    ("fr.threat.insulted_end_up", 0.85,
     "cette|ce|cet|sale|espèce|esp ~1 @insulted_fr ~2 va|vont|finira|finiront ~1 finir|(se retrouver) ~1 !@fate_indirect_fr"),
    ("fr.threat.end_up_indirect", 0.85,
     "tu|t'|vous|elle|toi|te ~3 finir|finiras|finirez|finira|finis|fini|finit|retrouver|retrouveras|retrouvera|retrouverons ~2 !@fate_indirect_fr"),
    # "il va se faire égorger" (third person; sport and games: neutralizers)
    ("fr.threat.they_get_done", 0.75,
     "il|elle|ils|elles|cette|celle|celui ~2 va|vont|(finira par)|(finiront par) ~1 se faire !égorger|buter|lyncher|violer|trouer|plomber|poignarder|tabasser|saigner|fumer|défigurer|vitrioler|égorgé"),
    # "je vais prendre mon fusil et vous tuer"
    ("fr.threat.armed_then", 0.85,
     "je|j'|on|jvais|nous ~4 prendre|chercher|sortir|ramener|charger|prends|sors mon|ma|un|une|le|la|mes !@arm_fr ~1 et ~3 vous|te|t'|la|le|les|lui @kill_short_fr"),
    # "tuez-les tous", "butez-les jusqu'au dernier"
    ("fr.threat.kill_them_all", 0.85,
     "!tuez-les|butez-les|massacrez-les|exterminez-les|pendez-les|brûlez-les|gazez-les|égorgez-les|fusillez-les|tue-les|bute-les|massacre-les|crevez-les|noyez-les|(tuez les)|(butez les) tous|toutes|(jusqu'au dernier)|(jusqu'à la dernière)|(sans exception)"),
    # "tu ferais mieux de dormir avec un oeil ouvert"
    ("fr.threat.sleep_one_eye", 0.75,
     "(tu ferais mieux)|(vous feriez mieux)|(à ta place)|(a ta place)|(tu devrais)|(vous devriez) ~2 dormir|dors ~2 !(un oeil ouvert)|(d'un oeil)|(d'un seul oeil)|(les yeux ouverts)|(avec un oeil ouvert)"),
    # "tu seras le prochain à mourir", "t'es la prochaine sur la liste"
    ("fr.threat.next_on_list", 0.8,
     "tu|vous|elle|il ~1 seras|sera|serez|(vas être)|es|(t'es)|êtes ~1 le|la|les !prochain|prochaine|prochains|prochaines à|a|sur ~1 mourir|crever|(y passer)|(la liste)|(ma liste)|(notre liste)|(se faire buter)|(te faire buter)"),
    # "je vais te donner une bonne raclée" (games and sport: neutralizers)
    ("fr.threat.give_beating", 0.8,
     "je|j'|on|jvais|jvai ~2 te|t'|lui|vous|leur ~1 donner|donnerai|filer|filerai|flanquer|coller|foutre|mettre|mettrai ~2 !raclée|rouste|dérouillée|tannée|trempe|correction|rossée|branlée|déculottée"),
    # "je vais t'enfoncer mon poing dans la gueule"
    ("fr.threat.fist_in_face", 0.85,
     "te|t'|lui|vous ~1 enfoncer|foutre|mettre|coller|planter|écraser|envoyer|balancer|enfoncerai|mettrai|foutrai ~1 mon|mes|un|des|ma !poing(s)?|couteau|lame|genou|coude|batte|boule|schlass|tête ~1 dans|sur ta|la|sa|ton|votre gueule|tête|face|figure|tronche|ventre|bide|nez|dents|bouche"),
    # "ta fille est mignonne, ce serait dommage" (the threat is left unsaid; not "... ce serait
    # dommage qu'elle rate le casting")
    ("fr.threat.pity_unsaid", 0.8,
     "@kin_fr ~3 mignonne|mignon|jolie|belle|beau|sage|grandit|grandi|grande ~2 !(ce serait dommage)|(ça serait dommage)|(ca serait dommage)|(ce serait bête)|(ça serait bête) " + _END),
    # "elle sait pas ce qui l'attend" (weak: a surprise too)
    ("fr.threat.what_awaits_her", 0.45, "elle|il|ils|elles ~1 [ne|n'] sai(t|ent) pas !(ce qui l'attend)|(ce qui les attend)|(ce qui va lui arriver)"),
    # "on passera chez toi un de ces soirs", "on va venir te voir quand tu t'y attends pas"
    ("fr.threat.visit_unannounced", 0.8,
     "on|je|j'|ils|(mes gars)|(mes potes) ~1 passera|passerai|passeront|viendra|viendrai|viendront|(va passer)|(vais passer)|(va venir)|(vais venir)|(vont venir)|(vont passer)|débarquera|débarquerai|débarqueront !(chez toi)|(te voir)|(chez vous)|(chez elle)|(te rendre visite) ~1 (cette nuit)|(en pleine nuit)|(quand tu t'y attendras pas)|(quand tu t'y attends pas)|(quand tu t'y attendras le moins)|tkt|(tu vas voir)"),
    ("fr.threat.visit_some_night", 0.8,
     "on|je|j'|ils ~1 passera|passerai|passeront|viendra|viendrai|viendront|débarquera|débarquerai !(chez toi)|(te voir)|(chez vous)|(chez elle) (un de ces soirs) " + _END_STRICT),
    ("fr.threat.found_indirect", 0.85, "on|ils ~2 la|le|les|vous ~1 retrouver(a|ont)?|ramasser(a|ont)? ~2 !@fate_indirect_fr"),
    # "quelqu'un devrait lui jeter de l'acide au visage" (not "le test acide", "l'acide du citron")
    ("fr.threat.acid", 0.85,
     "jeter|jette|jetterai|jettera|balancer|balance|lancer|verser|asperger ~2 !acide ~1 (au visage)|(à la figure)|(à la gueule)|(sur la gueule)|(sur le visage)|(sur toi)|(sur elle)|(sur vous)|(dans les yeux)|(à la tronche)"),
    # "on viendra pour toi et ta famille"
    ("fr.threat.come_for_kin", 0.85,
     "viendra|viendrai|viendrons|viendront|vient|viennent|venir ~1 (pour toi)|(pour vous)|(te chercher)|(vous chercher)|(pour elle)|(la chercher) ~1 et ta|tes|votre|vos|sa|ses !famille|gosses|enfants|mère|daronne|femme|mari|parents|proches|mioches"),
    # "ta famille n'est plus en sécurité"
    ("fr.threat.kin_not_safe", 0.8,
     "ta|tes|votre|vos famille|gosses|enfants|mère|daronne|femme|mari|parents|proches|mioches ~1 (n'est plus)|(n'est pas)|(est plus)|(ne sont plus)|(ne sont pas)|(sont plus)|(ne sera plus)|(ne seront plus)|(sera plus)|(seront plus) !(en sécurité)|(à l'abri)|(en securite) " + _END_STRICT),
    # "les accidents ça arrive vite aux gens comme toi"
    ("fr.threat.accidents_happen", 0.8,
     "!(les accidents)|(un accident) ~6 (comme toi)|(comme vous)|(comme elle)|(comme lui)|(à ceux qui)|(aux journalistes qui)|(aux gens qui)"),
    # "continue et tu verras ce qui va t'arriver"
    ("fr.threat.see_what_happens", 0.8,
     "verras|verrez|voir|(vas voir)|(allez voir) ~1 !(ce qui va t'arriver)|(ce qu'il va t'arriver)|(ce qui va vous arriver)|(ce qu'il va vous arriver)|(ce qui va lui arriver)|(ce qu'il va lui arriver)"),
    # "dors avec un oeil ouvert"
    ("fr.threat.one_eye_open", 0.75, "!dors|dormez|dormir ~1 (avec un oeil ouvert)|(que d'un oeil)|(d'un seul oeil)|(les yeux ouverts)"),
    # "elle mérite qu'on lui refasse le portrait"
    ("fr.threat.portrait_due", 0.85, "mérite|mériterait|faut|faudrait|devrait ~3 refasse|refaire ~1 le !portrait"),
    # "elle va finir comme charlie" (the target promised the fate of murdered journalists)
    ("fr.threat.end_like_victims", 0.85, "finir|finiras|finira|finirez|terminer|termineras|terminera ~1 comme !charlie|(samuel paty)|paty|(charlie hebdo)"),
    # release 1.16: "g hâte qu'il lui arrive un truc" (not "… quelque chose de bien")
    ("fr.threat.eager_harm", 0.8,
     "!hâte|vivement ~4 lui|t'|te|vous|leur ~1 arrive|arrivent (quelque chose)|(un truc)|(qqch)|(qqchose)|malheur|(un malheur)|(un accident)|(un drame) " + _END),
    # "t'es dans notre viseur maintenant" (not "dans le viseur du fisc")
    ("fr.threat.crosshair", 0.8, "(t'es)|(tu es)|(vous êtes)|(vous etes) ~1 dans le|notre|mon|nos !viseur(s)?|collimateur [maintenant|désormais] " + _END),
    # release 1.19: "ta mère va pleurer ta mort", "elle va se prendre une balle" (not "… une
    # balle perdue dans le film")
    ("fr.threat.kin_mourn", 0.8,
     "ta|tes|vos mère|famille|parents|gosses|enfants|femme|daronne|reum ~1 va|vont|pourra|pourront ~1 pleurer ~2 !(ta mort)|(ta tombe)|(ton cercueil)|(ton enterrement)"),
    ("fr.threat.third_takes_bullet", 0.85,
     "elle|il ~1 va|vont ~1 se|s' ~1 prendre|manger|ramasser ~1 !(une balle)|(des balles)|(une bastos)|(des bastos)|(un pruneau)|(une rafale) " + _END),
    # release 1.18: "faudrait qu'elle se fasse tabasser" (not "... buter dans le film")
    ("fr.threat.should_be_beaten", 0.8,
     "mérite|mériterait|méritent|mériteraient|mérites|faudrait|faut ~1 qu'elle|qu'il|que|qu'on|de|d' ~1 [se|s'|la|le|lui] fasse|faire|fassent ~1 !tabasser|buter|violer|lyncher|massacrer|égorger|lapider|(casser la gueule)|(péter la gueule) " + _END),
    # release 1.17: "t'auras pas toujours ton garde du corps"
    ("fr.threat.no_bodyguard", 0.8,
     "(t'auras)|(tu auras)|(t'as)|(vous aurez)|(elle aura)|(il aura) (pas toujours)|(plus toujours)|(pas éternellement)|(pas tout le temps) ~1 !(garde du corps)|(gardes du corps)|(protection policière)|(ta protection)|(tes gardes)|(ton escorte)"),
    # "ton adresse tourne déjà sur telegram" (a disclosure announced, not a threat by itself)
    ("fr.doxxing.circulating", 0.6,
     "ton|ta|son|sa|votre|leur adresse|numéro|num [perso|personnel|personnelle] [déjà] !tourne|circule|circulent|(a fuité)|(est partout)"),
    # "tu sortiras plus jamais de chez toi tranquille" (not "tu sortiras plus de chez toi si tu
    # continues": a parent's)
    ("fr.threat.never_leave_home", 0.8,
     "tu|vous ~1 !sortiras|sortirez|pourras|pourrez ~1 (plus jamais)|(jamais plus) [sortir] de chez toi|vous [tranquille|vivant(e)?|seul(e)?|(en vie)] " + _END_STRICT),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # release 1.28: a disease wished away or already had ("j'espère que tu n'auras pas le
    # covid", "j'espère que t'as eu le covid en janvier, t'es immunisé")
    ("negation", "(j'espère)|jespere|(je souhaite)|pourvu|(je prie) [que|qu'] tu|t'|elle|il|vous|ils|elles ~1 n'|ne ~2 pas|jamais|plus|point ~2 !@bad_end_fr"),
    ("negation", "(j'espère)|jespere|(je souhaite)|pourvu|(je prie) [que|qu'] tu|t'|elle|il|vous|ils|elles ~1 pas|jamais ~1 !@bad_end_fr"),
    ("figurative", "(j'espère)|jespere|(je souhaite)|pourvu [que|qu'] tu|t'|elle|il|vous|ils|elles as|a|avez|ont|aies|ait|ayez|avais|avait eu|déjà ~1 !@bad_end_fr"),
    # "arrêtez de souhaiter la mort aux gens": counter-speech names the threat it refuses
    ("reported", "arrête|arrêtez|arrêtons|arreter|stop|(il faut arrêter) [de|d'] !souhaiter|menacer|promettre ~2 la|des|de|d' ~1 mort|menaces|(à quelqu'un)"),
    # "personne ne mérite la mort"
    ("negation", "!(personne ne mérite)|(personne mérite)|(personne ne mériterait)|(nul ne mérite)|(aucune femme ne mérite)|(aucun homme ne mérite)|(personne n'a mérité)"),
    # "planter le décor", "planter une tente", "je suis crevé", "j'ai crevé un pneu"
    ("figurative", "!plant(er|e|é|ons|ez) le|la|une|un|des|les décor|drapeau|tente|arbre(s)?|clou|fleurs|graines|tomates|salades|piquet|bug|serveur|site|ordi|pc"),
    ("figurative", "suis|es|est|sommes|êtes|sont|chui|jsuis|trop|complètement|grave|totalement ~1 !crevé(e|s|es)?"),
    ("figurative", "!crevé|crever|crève|crevais|crevait un|une|le|la|mon|ma|son|sa|les|des|mes|ses pneu(s)?|roue(s)?|ballon(s)?|abcès|bulle|plafond"),
    # "je prie pour ta guérison", "on prie pour toi"
    ("figurative", "je|j'|on|nous ~1 !prie|prions|prierai|prierons pour ta|ton|tes|votre|vos|toi|vous|elle|lui|sa|son guérison|santé|réussite|rétablissement|famille|âme|bonheur|toi|vous|elle|lui"),
    # "tu vas payer l'addition", "tu vas payer le resto", release 1.15: "tu vas payer tes impôts"
    ("figurative", "!pay(er|es|eras|e)|paie(s|ras|ra)? l'addition|(la note)|(le resto)|(ta part)|(ta tournée)|(le loyer)|(les courses)|(ta place)|(un verre)|(une bière)|(ta dette)|(les frais)|(le taxi)|(l'essence)|(en plusieurs fois)|(par carte)|(tes impôts)|(les impôts)|(ses impôts)|(la facture)|(les factures)|(tes factures)|(une amende)|(l'amende)|(la cantine)|(en liquide)|(en espèces)|(ton loyer)|(tes dettes)|(la taxe)"),
    # "on va te briser le coeur", "mes cousins vont venir chez toi pour le mariage"
    ("figurative", "bris(er|e|é|erai|era)|cass(er|e|é|erai|era) le|ton|son|mon !coeur"),
    ("figurative", "venir|passer|viendront|passeront !(chez toi)|(chez vous)|(chez elle) pour|avec|boire|manger|dîner|déjeuner|(le mariage)|(ton anniversaire)|(ta fête)"),
    # "je vais te sécher les cheveux"
    ("figurative", "te|t'|lui ~1 !sécher|sèche|sécherai les|tes|ses cheveux|mains|larmes|pieds|vêtements|fringues"),
    # "tu vas finir à la rue si tu payes pas ton loyer": a warning
    ("figurative", "!(finir à la rue)|(finir a la rue)|(finiras à la rue)|(finir sdf) si"),
    # "profite bien de tes derniers jours de vacances", "... de liberté" (before a wedding)
    ("figurative", "!(derniers jours) de|d' vacances|congé(s)?|liberté|stage|repos|soldes|tournage|chantier|boulot|cours|classe|l'été|été|célibataire|célibat"),
    # "on viendra te chercher à la gare", "tu verras ce qui t'attend à noël" (a lift, a present)
    ("figurative", "!(te chercher)|(vous chercher)|(la chercher) ~1 à|a|au|en la|l'|le gare|aéroport|aeroport|train|avion|voiture|midi|dîner|diner"),
    ("figurative", "!(ce qui t'attend)|(ce qui vous attend) ~1 à|a|pour|au|en noël|noel|anniversaire|cadeau|vacances|mariage|examen|bac|concours|stage|réveillon|fête|soirée|surprise"),
    # "tu vas en baver à l'entraînement", "tu vas morfler au cross" (games and sport)
    ("figurative", "!(en baver)|(en chier)|morfler|dérouiller|déguster ~4 à|a|au|aux|en|sur|dans|pendant ~2 @game_fr"),
]
# fmt: on
