"""Threats said through an idiom, French and English, as data (merged into ``lexicon``; issue 18,
release 1.43).

Written for Tocsin from general knowledge of both languages (no dataset sentence is copied here;
the cases are ours, ``eval/cases/own_threats_idioms.tsv``). The forms are the ones our blind
batches of direct threats (``eval/cases/fair_threats_direct.tsv``, batches 4, 6 and 8, and
``fair_threats_fr.tsv`` batch 2) showed the rules missing: a threat that names no weapon and no
killing but an idiom every reader understands:

- a last holiday ("enjoy your last christmas", "profite de ton dernier noël"), a meal through a
  straw for a year, a new face needed, a weapon that would make the target less cocky, minutes
  in a locked room or a cellar with her;
- making sure the target never walks again; a child who would not come home from school; a
  beating deserved or needed ("tu mérites de te prendre des claques", "she needs her face
  smashed", "il mériterait une bonne correction"), sense beaten into her, grabbed by the hair,
  thrown off a roof or into the Seine, put in her place with a belt;
- revenge told to the reader ("i will have my revenge, mark my words"), regret brought to the
  target's home ("allez chez elle lui faire regretter"), a burial longed for, a rope or a coffin
  waiting, a knife prepared "just for you", the target asked what they wait for to jump, told
  they will end up disfigured, or one tweet away from a broken neck.

Where the batches' misses were forms of an existing rule, that rule was widened instead (same
release): ``pay_me`` ends on "tous", ``real_suicide_why`` reads "tu sautes pas d'un pont",
``kin_real_fr`` holds "ta petite famille", ``deserves_slap`` reads "mériterait" and
"dérouillée", ``progressive_break`` reads "kicking", and both ``direct_with_you_inside`` rules
read a car set on fire "while she's in it" / "avec elle dedans".

Every rule has its target in it (the second person, "elle"/"her", the target's kin) and a rare
anchor; the forms friends, doctors and teachers use too (a straw after a dentist, the last day of
a holiday, a text that needs a correction) end a clause only where a threat does (``_END``), need
a person, or are neutralized.
"""

from __future__ import annotations

from tasks.scoring.tails import clause_end

_END_FR = clause_end("sale|salope|pute|connasse|tkt|t'?inquiete|crois\\s+moi|wallah|bientot")
_END_EN = clause_end("bitch|hoe|whore|cunt|mark\\s+my\\s+words|i\\s+swear|soon|believe\\s+me")

# fmt: off
LISTS: dict[str, list[str]] = {
    # a target's kin, after "ton"/"ta"/"tes" or "your"
    "kin_idiom_fr": [
        "fille", "fils", "petite", "petit", "gamin", "gamine", "gamins", "gosse", "gosses",
        "môme", "mômes", "enfants", "mari", "femme", "famille", "petite famille", "mère",
        "père", "daronne",
    ],
    "kin_idiom_en": [
        "daughter", "son", "kids", "children", "little girl", "little boy", "wife", "husband",
        "family", "mum", "mom", "dad",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # "dis à ton mari de profiter de son dernier noël" (not "… de son dernier jour de congé")
    ("fr.threat.last_holiday", 0.8,
     "profite|profitez|profiter|savoure|savourez|savourer ~1 [bien] [de] ton|ta|son|sa|votre ~1 !(dernier noël)|(dernier anniversaire)|(dernier réveillon)|(dernière fête des mères) " + _END_FR),
    ("fr.threat.last_holiday_is", 0.8,
     "(c'est ton)|(ce sera ton)|(ça sera ton)|(c'est son)|(ce sera son) !(dernier noël)|(dernier anniversaire)|(dernier réveillon) " + _END_FR),
    # "répète ça et tu boiras à la paille pendant un an" (not after a dentist: a neutralizer)
    ("fr.threat.straw", 0.8,
     "tu|t'|elle|vous ~2 boiras|boira|boirez|mangeras|mangera|mangerez|bouffera|boufferas|(vas boire)|(vas manger)|(va boire)|(va manger) à|avec|par ~1 la|une ~1 !paille ~1 pendant|(des mois)|(des semaines)|(toute ta vie)|(jusqu'à la fin)"),
    # "elle aura besoin d'un nouveau visage" (not "… d'un nouveau téléphone")
    ("fr.threat.new_face", 0.8,
     "tu|elle|vous|il ~1 auras|aura|aurez|(vas avoir)|(va avoir) besoin ~1 d'un|d'une ~1 !(nouveau visage)|(nouvelle tête)|(nouvelle gueule)|(nouvelle mâchoire)|(nouveau crâne)"),
    # "tu feras moins la maligne avec un flingue sur la tempe"
    ("fr.threat.less_cocky_armed", 0.85,
     "moins ~1 le|la|les malin|maligne|malins|malignes|fier|fière|fiers|mariole|marioles|crâneur|crâneuse|insolente|insolent ~1 avec ~1 un|une|mon|ma ~1 !flingue|arme|pistolet|calibre|couteau|lame|canon|fusil"),
    # "je donnerais cher pour cinq minutes seule avec cette garce"; "… dans une cave avec elle"
    ("fr.threat.minutes_alone_insult", 0.8,
     "minutes|minute|heure ~1 seul|seule|seuls ~1 avec ~1 cette|ce|cet ~1 !@insult_strong_fr|garce|pouffiasse|grognasse|conne|connard|enflure"),
    ("fr.threat.minutes_in_cellar", 0.8,
     "minutes|minute|heure ~2 !(dans une cave)|(dans une ruelle)|(dans une pièce fermée)|(dans une pièce fermée à clé)|(dans un coffre) ~1 avec ~1 elle|lui|toi|cette|ce|cet"),
    # "on va s'assurer qu'elle ne marche plus jamais" (not "… ne manque plus jamais de rien")
    ("fr.threat.never_walk_again", 0.85,
     "!(s'assurer)|(s'assure)|(assurer)|(faire en sorte)|(fais en sorte)|(veiller à ce) ~1 qu'elle|qu'il|(que tu)|(que t')|qu'ils|qu'elles ~1 ne ~1 marche|marches|marchent|remarche|remarches|parle|parles|voie|voies|puisse|puisses (plus jamais)|jamais|plus " + _END_FR),
    # "ce serait dommage que ta petite ne rentre pas de l'école" (not "… pour noël")
    ("fr.threat.kin_not_home", 0.85,
     "!dommage ~1 que|qu'|si ~1 ta|ton|tes|sa|son|ses ~1 @kin_idiom_fr ~1 ne|n' ~1 rentre|rentrent|revienne|reviennent ~1 pas|jamais|plus ~1 (de l'école)|(du collège)|(du lycée)|(de la crèche)|(du travail)|(ce soir)|vivant|vivante|vivants|(en vie)|(en un seul morceau)|entière|entier|entiers"),
    # a correction is a beating said of a person, a proofreading said of a text
    ("fr.threat.needs_correction", 0.8,
     "elle|il|tu|t'|ils|elles|vous|@insult_strong_fr|garce|bouffon|bouffonne|conne|connard|pétasse|grognasse ~1 a|as|ont|avez|aurait|mérite|mérites|méritent|méritez|mériterait|mériterais|mériteraient [besoin] d'une|une ~1 !(bonne correction)|(sacrée correction)"),
    # "tu mérites de te prendre des claques", "elle mérite de se faire frapper" (not "personne
    # ne mérite …": lexicon's deserve neutralizer)
    ("fr.threat.deserves_blows", 0.85,
     "!mérite|mérites|méritent|méritez|méritait|mériterait de|d' ~1 te|se|vous|s' ~1 prendre|manger|recevoir ~1 des|une|un|(une bonne)|(des bonnes) ~1 claques|baffes|gifles|tartes|mandales|coups|pains|beignes|patates|raclée|rouste"),
    ("fr.threat.deserves_hit", 0.85,
     "!mérite|mérites|méritent|méritez|méritait|mériterait (de te faire)|(de se faire)|(de vous faire)|(d'se faire) frapper|cogner|défoncer|démolir|(casser la gueule)|(péter la gueule)|(refaire le portrait)"),
    # "allez tous chez elle lui faire regretter" (not "… regretter son départ en gagnant")
    ("fr.threat.make_regret", 0.8,
     "allez|aller|(on va)|(je vais)|(jvais)|(on ira)|(il faut)|(faut)|(faudrait)|(nous allons) ~4 !(lui faire regretter)|(te faire regretter)|(leur faire regretter)|(vous faire regretter)|(la faire regretter) " + _END_FR),
    # "faudrait la jeter dans la seine" (not "se jeter à l'eau")
    ("fr.threat.into_the_river", 0.8,
     "faudrait|faut|(il faut)|(on va)|(je vais)|(on devrait)|devrait|(quelqu'un devrait)|(on pourrait)|(jvais) ~1 la|te|vous ~1 jeter|balancer|noyer|foutre ~1 dans|à ~1 la|le ~1 !seine|flotte|rivière|canal|fleuve|rhône|loire|garonne|marne"),
    # "vivement qu'on t'enterre"
    ("fr.threat.soon_buried", 0.8,
     "vivement ~1 qu'on|(que l'on)|que ~1 !(t'enterre)|(te bute)|(te crève)|(te pende)|(te brûle)|(te lynche)|(t'égorge)|(t'achève)"),
    # "y a une balle qui t'attend quelque part", "a bullet with your name on it"
    ("fr.threat.waiting_for_you", 0.8,
     "!(une balle)|(une bastos)|(une corde)|(une tombe)|(un cercueil)|(un trou)|(une place au cimetière) ~1 qui ~1 (t'attend)|(t'attends)|(vous attend)|(porte ton nom)|(a ton nom)"),
    # "j'ai préparé un couteau rien que pour toi" (not "… un gâteau")
    ("fr.threat.kept_for_you", 0.85,
     "préparé|aiguisé|affûté|gardé|réservé|(mis de côté)|chargé ~1 un|une|mon|ma|(une belle)|(un beau)|(une jolie) ~1 couteau|lame|balle|corde|flingue|hache|batte|machette|cercueil|pelle|barre ~1 !(rien que pour toi)|(juste pour toi)|(spécialement pour toi)|(exprès pour toi)|(rien que pour elle)|(juste pour elle)|(exprès pour elle)|(pour ta gueule)|(avec ton nom)"),
    # "t'attends quoi pour te jeter sous un train" (lexicon_threats_fr_real's suicide_why reads
    # "pourquoi tu sautes pas d'un pont")
    ("fr.threat.why_not_jump", 0.85,
     "(qu'est-ce que tu attends pour)|(tu attends quoi pour)|(t'attends quoi pour)|(qu'attends-tu pour) ~1 sauter|(te jeter)|(vous jeter) ~1 !(d'un pont)|(du pont)|(par la fenêtre)|(d'une falaise)|(sous un train)|(sous le train)|(du haut d'un)|(d'un immeuble)|(du toit)|(d'un toit)"),
    # "tu vas finir défiguré" (not "… paralysé du dos si tu portes ça": a clause goes on; the
    # places one ends up in are lexicon's fate_place_fr)
    ("fr.threat.end_up_maimed", 0.8,
     "(tu vas finir)|(tu finiras)|(elle va finir)|(elle finira)|(vous allez finir)|(vous finirez)|(tu risques de finir) !défiguré|défigurée|défigurés|défigurées|estropié|estropiée|estropiés|paralysé|paralysée|paralysés " + _END_FR),
    # "tell your husband to enjoy his last christmas" (not "enjoy your last day at work")
    ("en.threat.last_holiday", 0.8,
     "enjoy|(make the most of)|savour|savor|celebrate ~1 your|ur|his|her ~1 !(last christmas)|(last birthday)|(last thanksgiving)|(last easter)|(last new year) " + _END_EN),
    ("en.threat.last_holiday_is", 0.8,
     "(this is)|(this will be)|(this'll be)|(it'll be)|(it will be) your|ur|her|his !(last christmas)|(last birthday)|(last thanksgiving) " + _END_EN),
    # "say that again and you're eating through a straw for a year"
    ("en.threat.straw", 0.8,
     "you|u|she|(you'll)|(she'll)|(you're)|(she's)|(youll)|(youre) ~2 eating|eat|drinking|drink|sipping ~1 through|from|(out of)|with ~1 a ~1 !straw ~1 for|(until)|(til)|(the rest)"),
    ("en.threat.straw_if", 0.8,
     "(say that again)|(say it again)|(one more word)|(one more tweet)|(keep talking)|(keep it up)|(try that again) ~6 !straw"),
    # "she's going to need a new face after i'm done with her"
    ("en.threat.new_face", 0.8,
     "you|she|he|(you'll)|(she'll)|(you're)|(she's) ~3 need ~1 !(a new face)|(a new jaw)|(a new skull)|(a face transplant)"),
    # "you won't be so mouthy with a gun in your face"
    ("en.threat.less_cocky_armed", 0.85,
     "so|as ~1 mouthy|brave|tough|cocky|smug|chatty|gobby|lippy|confident|smart|loud ~1 with ~1 a|my ~1 !gun|knife|blade|pistol|barrel|shotgun|rifle ~1 in|to|against|at|down ~1 your|ur|her|his"),
    # "i'd give anything for ten minutes in a locked room with that woman" (not in an escape room)
    ("en.threat.locked_room", 0.8,
     "(give anything)|(pay good money)|(pay anything)|(give me)|(gimme)|(i'd give)|(i'd pay)|(i would pay) ~3 minutes|minute|hour ~3 !(locked room)|(dark alley)|(back alley)|(alone in a room) ~1 with ~1 her|him|you|u|that|this"),
    # "we'll make sure she never walks again" (not "… she can walk again")
    ("en.threat.never_walk_again", 0.85,
     "(make sure)|(makes sure)|(see to it)|ensure ~1 [that] you|u|she|he|they ~1 never|(can't)|(cant)|(won't)|(wont)|(will never)|(can never) ~1 !(walk again)|(walks again)|(talk again)|(talks again)|(speak again)|(speaks again)|(see again)|(sees again)|(breathe again)|(breathes again) " + _END_EN),
    # "it'd be a shame if your little girl didn't make it home from school"
    ("en.threat.kin_not_home", 0.85,
     "shame|pity ~1 if ~1 your|ur|her|his ~1 @kin_idiom_en ~1 !(didn't make it home)|(didnt make it home)|(never made it home)|(never makes it home)|(didn't come home)|(didnt come home)|(never came home)|(never comes home)|(didn't get home)|(never got home)"),
    # "somebody ought to knock that smirk off her face" (not "the news will knock the smile off
    # her face")
    ("en.threat.smirk_off", 0.8,
     "someone|somebody|(i'll)|(ill)|(i will)|(i'm gonna)|(im gonna)|(i'm going to)|(we'll)|gonna|(let me)|(i'd love to)|(i wanna)|(i want to)|should|(ought to) ~2 !knock|slap|punch|smack ~1 (that smirk)|(the smirk)|(that smile)|(the smile)|(that grin)|(the grin) ~1 off"),
    # "somebody go to her house and beat some sense into her"
    ("en.threat.beat_sense", 0.8,
     "!(beat some sense)|(beat sense)|(slap some sense)|(smack some sense)|(beat the sense)|(punch some sense) ~1 into ~1 her|him|you|u|them|that|this"),
    # "grab her by the hair and drag her out" (not "he grabbed her by the hand")
    ("en.threat.by_the_hair", 0.8,
     "grab|drag|yank|pull ~1 her|him|you|u|that|this ~1 [bitch|whore|slut|cunt] ~1 !(by the hair)|(by her hair)|(by his hair)|(by your hair)|(by the throat)|(by her throat)|(by the neck)|(by her neck)"),
    # "throw that whore off a roof", "push her off a bridge"
    ("en.threat.off_a_roof", 0.85,
     "throw|chuck|toss|push|shove ~1 her|him|you|u|them|(that bitch)|(that whore)|(that slut)|(that cunt)|(that hoe)|(this bitch)|(this whore) ~1 off|(out of) ~2 !roof|bridge|cliff|balcony|window|building|rooftop"),
    # "she needs her mouth taped shut and her face smashed"
    ("en.threat.needs_smashed", 0.85,
     "need|needs|deserve|deserves|(should get)|(should have)|(ought to get)|(wants) ~6 her|your|his|ur ~1 face|head|skull|teeth|jaw|nose|legs|arms|kneecaps|ribs ~1 !smashed|(smashed in)|(kicked in)|(knocked out)|broken|(bashed in)|(caved in)|stomped|(beaten in)|(broke)"),
    # "women like her need to be put back in their place with a belt"
    ("en.threat.put_in_place_with", 0.8,
     "put|keep|teach ~4 !(in her place)|(in their place)|(in your place)|(back in her place)|(back in their place)|(a lesson) ~1 with ~1 a|my|the ~1 belt|stick|whip|bat|fist|fists|(back of my hand)"),
    # "everyone go find out where she lives and pay her a visit"
    ("en.threat.find_and_visit", 0.85,
     "(find out)|find|(figure out)|(look up)|(get) ~1 where ~1 she|you|u|he|they ~1 lives|live|stays|sleeps ~4 !(pay her a visit)|(pay you a visit)|(pay him a visit)|(pay them a visit)|(visit her)|(pay a visit)|(show up)"),
    # "you're one tweet away from a broken neck"
    ("en.threat.one_tweet_away", 0.85,
     "one|1 ~1 tweet|post|word|comment|(more tweet)|(more word)|(more post) ~1 away ~1 from ~1 !(a broken neck)|(a broken jaw)|(a beating)|(a bullet)|(getting hurt)|(getting stabbed)|(getting shot)|(getting slapped)|(getting punched)|(a hospital bed)|(the hospital)|(the morgue)|(a body bag)"),
    # "i will have my revenge, mark my words" (not "… in the rematch", nor a revenge with no one
    # it falls on: "someday i shall have my revenge!"; lexicon_threats_wishes names "… my
    # revenge on you")
    ("en.threat.revenge_told", 0.75,
     "(i will)|(i'll)|(ill)|(we will)|(we'll)|(i shall) ~1 have|get|take ~1 !(my revenge)|(our revenge) re:\\s*[,.!;:]*\\s*(?:mark\\s+my\\s+words|i\\s+swear|believe\\s+me|bitch|whore|cunt)(?:$|[^a-z])"),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # "you'll be drinking through a straw for a week after the wisdom teeth", "tu boiras à la
    # paille pendant un mois après l'opération"
    ("figurative", "!straw|paille ~6 wisdom|dentist|dentiste|surgery|(jaw surgery)|opération|braces|appareil|smoothie|smoothies|cocktail|cocktails|milkshake|sagesse|dents"),
    ("figurative", "wisdom|dentist|dentiste|surgery|opération|braces|sagesse ~8 !straw|paille"),
    # "… pendant une semaine après les dents de sagesse" (a few days or weeks after something:
    # a recovery; lexicon_threats_fr_implicit takes "dents de sagesse" itself)
    ("figurative", "!straw|paille pendant|for ~2 jours|semaine|semaines|days|week|weeks ~1 après|after"),
    # "le pompier a dû le ramasser à la petite cuillère après le marathon" (worn out)
    ("figurative", "!(à la petite cuillère)|(a la petite cuillere) ~3 après ~1 le|la|sa|son|ce|cette|une|un ~1 marathon|course|match|soirée|fête|semaine|journée|rando|randonnée|compétition|examen|partiel|nuit"),
    ("figurative", "(a dû)|(ont dû)|(il a fallu)|(on a dû)|(j'ai dû)|(on a du)|(a du) ~1 le|la|les|me|nous|te ~1 !(ramasser à la petite cuillère)|(ramasser a la petite cuillere)"),
    # "allez tous chez elle pour son anniversaire" (a party, not a raid)
    ("figurative", "!(chez elle)|(chez lui)|(chez moi)|(chez nous) ~2 pour ~1 son|sa|mon|ma|notre|la|le ~1 anniversaire|fête|pot|soirée|mariage|crémaillère|apéro|barbecue|dîner|repas"),
    # "gare à toi si tu manges tout le chocolat" (a joke at home)
    ("figurative", "!(gare à toi)|(gare a toi)|(fais gaffe à toi)|(fais gaffe) ~6 chocolat|gâteau|dessert|bonbons|frigo|biscuits|glace|pizza|(dernière part)|(il pleut)|(il neige)|(il gèle)|verglas|(ça glisse)|(la route)|(les routes)"),
]
# fmt: on
