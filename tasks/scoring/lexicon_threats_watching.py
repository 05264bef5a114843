"""Threats of being watched, French and English, as data (merged into ``lexicon``; issue 18,
releases 1.20 and 1.21: SMS spellings, the passive, following home, photos, driving past).

Written for Tocsin from general knowledge of both languages (no dataset sentence is copied here;
the cases are ours, ``eval/cases/own_threats_watching.tsv``): a stalker who says the target was
seen leaving home or followed there ("on t'a vu sortir de chez toi ce matin", "we followed you
home"), that the target is watched ("on te surveille.", "we're watching you"), that their
movements, schedule or routine are known ("on connait tes déplacements", "we know your
schedule."),
which car they drive or where it is parked, where their children are dropped off, the entry
code of their building, friends of ours in their street; and a last warning given to the target
("c'est ton dernier avertissement", "consider this your final warning").

Every rule has the target in it (the second person, "elle"/"she", "ta"/"your") and a rare
anchor; the bare forms a friend says too ("je te surveille 😂", "I'm watching you on TV",
"we know your schedule is busy") end a clause only where a threat does (``_END``). Being told
one is warned ("t'es prévenue", "you've been warned") is said of films and exams as well: it
needs company (an insult, another threat) to make a post hostile.
"""

from __future__ import annotations

from tasks.scoring.tails import clause_end

# The end of a clause, or a word that carries a threat on ("on te surveille, sale pute").
_END_FR = clause_end("sale|salope|pute|connasse|tkt|t'?inquiete|crois\\s+moi|wallah|frere|bientot")
_END_EN = clause_end("bitch|hoe|whore|cunt|soon|tonight|bro")

# fmt: off
LISTS: dict[str, list[str]] = {
    # the target's home or workplace, where being seen or followed is a threat
    "home_seen_fr": [
        "chez toi", "chez vous", "chez elle", "ton domicile", "ton immeuble", "ton appart",
        "ton appartement", "ta maison", "ta baraque", "ta rue",
    ],
    "home_seen_en": [
        "your house", "your home", "your place", "your apartment", "your flat", "your building",
        "your street", "her house", "her home", "her place", "her apartment", "her building",
    ],
    "kin_fr_watch": [
        "enfants", "gosses", "mômes", "gamins", "petits", "fille", "fils", "filles", "môme",
    ],
    "kin_en_watch": [
        "your kids", "her kids", "your children", "her children", "your son", "your daughter",
        "her son", "her daughter",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # "on t'a vu sortir de chez toi ce matin", "je l'ai suivie jusqu'à son immeuble" (not "on
    # t'a vu à la télé")
    ("fr.threat.seen_at_home", 0.8,
     "(on t'a)|(on ta)|(je t'ai)|(jt'ai)|(jtai)|(on vous a)|(je vous ai)|(on l'a)|(je l'ai) [bien|encore|déjà] !vu|vue|vus|repéré|repérée|suivi|suivie|suivis|filé|filée|pisté|pistée ~3 @home_seen_fr|(son immeuble)|(son domicile)"),
    # "on te surveille.", "je t'observe, sale pute" (not "je te surveille 😂", "… hein")
    ("fr.threat.watching_you", 0.75,
     "on|je|nous|jte|jvous ~1 te|t'|vous|la|l' !surveille|surveillons|observe|observons|guette|guettons|épie|épions|traque|traquons [(de près)|(à la trace)|(jour et nuit)|(tous)|(toutes)] " + _END_FR),
    # "jte surveille sale pute", "jvous observe." (the pronoun glued to "je")
    ("fr.threat.watching_you_sms", 0.75,
     "jte|jvous|jla|(je t)|(on t) !surveille|observe|guette|épie|traque [(de près)|(jour et nuit)] " + _END_FR),
    # "t'es surveillée.", "tu es fichée" (not "tu es suivie par un médecin ?")
    ("fr.threat.you_are_watched", 0.75,
     "!(t'es surveillée)|(t'es surveillé)|(tu es surveillée)|(tu es surveillé)|(vous êtes surveillés)|(vous êtes surveillée)|(t'es suivie)|(tu es suivie)|(t'es observée)|(tu es observée)|(t'es fichée)|(tu es fichée)|(t'es pistée)|(tu es pistée) " + _END_FR),
    # "on te suit jusqu'à chez toi"
    ("fr.threat.follow_home", 0.8,
     "on|je|jte|nous|(on va)|(je vais) ~1 te|t'|la|l'|vous ~1 !suit|suis|suivons|suivra|suivrai|suivre ~1 (jusqu'à)|(jusqu'a)|(jusque)|(jusqu) @home_seen_fr"),
    # "on a des photos de tes gosses.", "on a pris des photos de ta maison" (not "… de la
    # fête, je te les envoie")
    ("fr.threat.photos_of_yours", 0.75,
     "(on a)|(j'ai)|(on a pris)|(j'ai pris)|(on garde)|(je garde) ~1 !photos|(des photos)|(plein de photos)|(une photo)|(des clichés) ~1 de|d' ~1 ta|tes|ton|son|sa|ses maison|baraque|immeuble|appart|porte|voiture|gosses|enfants|fille|fils|filles|mômes|gamins|mari|femme " + _END_FR),
    # "on surveille tes allées et venues", "on connait tous tes déplacements" (not "on surveille
    # tes horaires de sommeil")
    ("fr.threat.watching_moves", 0.8,
     "on|je|j'|nous|jsais|jconnais ~2 !surveille|surveillons|épie|épions|espionne|espionnons|suit|suivons|connait|connaît|connais|connaissons|sait|sais|savons ~1 [tous|toutes] tes|vos|ses (allées et venues)|déplacements|(faits et gestes)|trajets|itinéraires"),
    # "on sait quelle voiture tu conduis", "je connais ta plaque" (not "je connais ta voiture")
    ("fr.threat.know_car", 0.8,
     "(on sait)|(on sai)|(on sé)|(on c)|(je sais)|(je sai)|(on connait)|(on connaît)|(on connai)|(je connais)|(nous savons)|(on a)|(j'ai)|jsais|jsai|jconnais ~1 !(quelle voiture)|(quelle caisse)|(quelle bagnole)|(ta plaque)|(sa plaque)|(ton immatriculation)|(ton numéro de plaque)"),
    # "jolie ta voiture garée devant chez toi"
    ("fr.threat.car_parked", 0.75,
     "voiture|caisse|bagnole|scooter|moto ~1 garée|garé|stationnée|stationné ~1 !(devant chez toi)|(devant chez vous)|(devant chez elle)|(en bas de chez toi)|(en bas de chez elle)|(devant ton immeuble)|(devant ta maison)"),
    # "on sait où elle dépose ses gosses le matin"
    ("fr.threat.know_kin_drop", 0.8,
     "(on sait)|(je sais)|(on c)|(nous savons)|jsais ~1 où|ou ~1 tu|t'|elle|vous !dépose(s)?|déposez|emmène(s)?|emmenez|amène(s)?|récupère(s)?|laisse(s)? ~1 tes|ses|vos @kin_fr_watch"),
    # "on connait ton code d'entrée", "j'ai le digicode de ton immeuble"
    ("fr.threat.know_code", 0.8,
     "(on connait)|(on connaît)|(on connai)|(je connais)|(on a)|(j'ai)|(on sait)|(on sai)|jconnais ~1 !(ton digicode)|(ton code d'entrée)|(ton code d'accès)|(le code de ton immeuble)|(le digicode de ton immeuble)|(le code de ta porte)|(son digicode)|(son code d'entrée)"),
    # "on a des potes dans ton quartier"
    ("fr.threat.friends_near", 0.75,
     "(on a)|(j'ai)|(jai)|(on connait)|(je connais) ~1 !(des potes)|(des amis)|(des gars)|(des frères)|(des cousins)|(du monde) ~1 (dans ton quartier)|(dans ta rue)|(dans ton immeuble)|(près de chez toi)|(à côté de chez toi)|(en bas de chez toi)|(dans son quartier)|(dans sa rue)"),
    # "quelqu'un va finir par s'occuper de toi" (not "quelqu'un va s'occuper de toi à
    # l'accueil")
    ("fr.threat.someone_in_the_end", 0.8,
     "quelqu'un|qqn|(un jour) ~2 !(finir par s'occuper de toi)|(finira par s'occuper de toi)|(finir par s'occuper d'elle)|(finira par s'occuper d'elle)|(finir par te faire taire)|(finira par te faire taire)|(finir par la faire taire)|(finira par la faire taire)"),
    # "c'est ton dernier avertissement" (not "dernier avertissement avant la clôture")
    ("fr.threat.last_warning", 0.7,
     "(c'est ton)|(cest ton)|(c ton)|(c'est votre)|(c votre)|(ceci est ton)|(voici ton)|(t'as eu ton)|(tu as eu ton)|(considère ça comme ton)|(prends ça comme ton) !(dernier avertissement)|(ultime avertissement)|(seul avertissement) " + _END_FR),
    ("fr.threat.you_are_warned", 0.45,
     "!(t'es prévenue)|(t'es prévenu)|(tu es prévenue)|(tu es prévenu)|(te voilà prévenue)|(vous êtes prévenus)|(vous êtes prévenue) " + _END_FR),
    # release 1.22: "je te massacre", "on te flingue": forms that are nouns too once accents
    # are folded ("le massacre", "la torture", "le flingue"; "massacré" reads "massacre"; "la
    # tabasse" since 1.25, read by fr.threat.present and present_her after "te", "la"), so
    # lexicon's kill_fr has them no more, where "le"/"la"/"les" may be articles ("nous
    # refusons la torture" was a threat)
    ("fr.threat.first_person_present", 0.9,
     "je|j'|j|on|nous|jvais ~3 te|t'|vous !massacre|massacres|torture|tortures|flingue|flingues"),
    # "we saw you leave your house this morning", "I followed her home"
    ("en.threat.seen_at_home", 0.8,
     "we|i|(we've)|(i've)|(we have)|(i have) [been] !saw|seen|watched|watching|followed|following|spotted ~1 you|u|her ~3 @home_seen_en"),
    ("en.threat.followed_home", 0.8,
     "we|i|(we've)|(i've) [have] !followed|tailed ~1 you|u|her ~1 home|(to your car)|(to her car)|(back home)"),
    # "we're watching you" (not "we're watching you on TV", "I'm watching you 😂")
    ("en.threat.watching_you", 0.75,
     "!(we're watching)|(we are watching)|(i'm watching)|(i am watching)|(we've been watching)|(i've been watching)|(we're always watching)|(we are always watching)|(we see) you|u|her [closely|(very closely)|(every day)] " + _END_EN),
    # "we know your schedule." (not "I know your schedule is busy"), "we know what time you
    # get home"
    ("en.threat.know_schedule", 0.8,
     "we|i ~1 know|(have)|(got)|(studied)|(memorized) ~1 !(your schedule)|(ur schedule)|(your routine)|(ur routine)|(your daily routine)|(her schedule)|(her routine)|(your every move)|(ur every move)|(your movements) " + _END_EN),
    ("en.threat.know_what_time", 0.75,
     "we|i ~1 know ~1 !(what time) you|she ~1 get|gets|leave|leaves|come|comes ~1 home|(off work)|(out of work)|(from work)"),
    # "nice car parked outside your place"
    ("en.threat.car_parked", 0.75,
     "car|truck|suv|ride|bike ~1 !parked ~2 (outside your)|(in front of your)|(outside her)|(in front of her) house|place|home|building|apartment"),
    # "we know where she drops her kids off"
    ("en.threat.know_kin_drop", 0.8,
     "we|i ~1 know ~1 where|when you|she ~1 !drop|drops|take|takes|pick|picks ~1 @kin_en_watch"),
    # "you're being watched." (not "… by millions on TV tonight")
    ("en.threat.you_are_watched", 0.75,
     "!(you're being watched)|(youre being watched)|(ur being watched)|(you are being watched)|(you're being followed)|(you are being followed)|(ur being followed) " + _END_EN),
    # "we have photos of your kids.", "we got pics of your house" (not "… from the party")
    ("en.threat.photos_of_yours", 0.75,
     "we|i ~1 have|got|took|(have got)|(been taking) ~1 !photos|pics|pictures|(a photo)|(a picture) ~1 of ~1 your|ur|her house|place|home|apartment|building|car|kids|children|daughter|son|husband|wife|door " + _END_EN),
    # "I drive past your house every night", "we'll be driving by your place tonight"
    ("en.threat.drive_past", 0.7,
     "!(drive past)|(drive by)|(driving past)|(driving by)|(drove past)|(drove by)|(walk past)|(walking past)|(walked past) your|ur|her house|place|home|apartment|building ~1 (every night)|tonight|(at night)|(each night)|(again tonight)"),
    # "we kno where u live" (SMS spellings of "we know where you live")
    ("en.threat.know_where_sms", 0.9,
     "we|i|(we all)|(i already)|(we already) !kno|knw|noe|knoe|(know) wher|where|were u|ya|you|she|ur live|lives|stay|stays|sleep"),
    # "we know your door code"
    ("en.threat.know_code", 0.8,
     "we|i ~1 know|have|got ~1 !(your door code)|(your gate code)|(your building code)|(your alarm code)|(your entry code)|(the code to your)|(her door code)"),
    # "we have friends in your neighborhood"
    ("en.threat.friends_near", 0.75,
     "we|i ~1 have|got|know ~1 !friends|people|guys|(some friends)|(some people)|(a few guys)|boys ~1 in|near|around ~1 your|her neighborhood|neighbourhood|street|building|block"),
    # "someone is going to deal with you eventually" (not "someone will take care of you
    # soon", at a hospital's desk)
    ("en.threat.someone_in_the_end", 0.8,
     "someone|somebody ~3 !(deal with you)|(deal with her)|(take care of you)|(take care of her)|(shut you up)|(shut her up) ~1 eventually|(sooner or later)|(one of these days)|(for good)|permanently"),
    # "consider this your final warning" (not "last warning: the sale ends tonight")
    ("en.threat.last_warning", 0.7,
     "(this is your)|(consider this your)|(here's your)|(heres your)|(this is ur) !(last warning)|(final warning)|(only warning) " + _END_EN),
    ("en.threat.you_are_warned", 0.45,
     "!(you've been warned)|(you have been warned)|(consider yourself warned)|(youve been warned) " + _END_EN),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # "someone will take care of you soon at the front desk", "… of her while she recovers"
    # (lexicon.en.threat.someone_should reads "take care of" as a threat)
    ("figurative", "!(take care of you)|(take care of her)|(take care of him) ~4 (front desk)|desk|reception|counter|shortly|(in a moment)|(in a minute)|(right away)|hospital|clinic|nurse|doctor|sick|ill|injured|recovers|recovering|surgery|(while i'm)|(while im)|(while you're)|(while she)|(while he)"),
    # "we saw you at your house party"
    ("figurative", "your|her !(house party)|(housewarming)|(house warming)|(place party)|(apartment party)"),
    # "regarde derrière toi, il y a un arc-en-ciel"
    ("figurative", "!(derrière toi)|(derriere toi)|(derrière vous) ~1 (il y a)|(y a)|(y'a)|ya|(c'est)"),
    # "look over your shoulder, there's a rainbow"
    ("figurative", "!(behind you)|(over your shoulder) ~1 (there's)|(there is)|(theres)"),
    # "your days are numbered at this company"
    ("figurative", "!(days are numbered) ~2 at|in ~2 company|job|club|team|office|firm|position|role|league|show|band|party"),
    # release 1.22: false threats of older rules, in forms the training pools showed (EDOS's
    # train split, the hashed sets' buckets 2-9), written again as our own sentences.
    # "you're gonna die alone", "you will die of old age before this gets fixed"
    ("figurative", "!(die alone)|(die a virgin)|(die of old age)|(die single)|(die lonely)|(die poor)|(die old)"),
    # "you'll regret not asking her out" (advice; not "you'll regret this")
    ("figurative", "!(or you'll regret it for the rest of your life)|(or you will regret it for the rest of your life)|(you'll regret not)|(you will regret not)|(you'll regret missing)|(you'll regret skipping)|(you'll regret passing)"),
    # "I'd rather slit my own throat than …" (the speaker, not a target)
    ("figurative", "!(slit my own throat)|(slit my throat)|(cut my own throat)|(cut my throat)|(slit my wrists)"),
    # "a deer with its throat cut was found" (an animal, news)
    ("figurative", "deer|pig|pigs|sheep|lamb|lambs|goat|goats|cow|cows|chicken|chickens|animal|animals|dog|dogs|cat|cats|calf|cattle|(its) ~3 !(throat cut)|(throat slit)|(throats cut)|(throats slit)"),
    # "kill all the zombies", "kill all the processes and restart"
    ("figurative", "!(kill all)|(killed all)|(killing all) [the|those|these|my|your|of|(of the)] zombies|enemies|monsters|mobs|bosses|bots|processes|tasks|jobs|tabs|apps|threads|bugs|germs|bacteria|weeds|lights|pests|mosquitoes|flies|ants|notifications"),
    # "so you want to kill all men now?" (an intent reported to its author, not declared)
    ("reported", "!(you want to kill all)|(you wanna kill all)|(wanting to kill all)|(she wants to kill all)|(he wants to kill all)|(they want to kill all)"),
    # "je vais buter ton perso au prochain tour", "je vais tuer ta page" (a game, a wiki)
    ("figurative", "!buter|tuer|massacrer|défoncer|exploser|détruire|démonter ~1 ton|ta|tes|son|sa|ses perso|persos|personnage|personnages|partie|équipe|base|village|champion|build|page|deck|armée|héros|avatar|score|record"),
    # "t'es mort ? tu réponds plus" (a question, not a verdict)
    ("figurative", "!(t'es mort)|(t'es morte)|(tu es mort)|(tu es morte)|(t es mort) re:\\s*(?:ou\\s+quoi\\s*|ou\\s+pas\\s*)?\\?"),
    # release 1.25: "la crève" (a cold), not "crève !"
    ("figurative", "la|une|ma|ta|sa|bonne|grosse|sale !crève"),
    # release 1.26: kill_fr's verbs in their ordinary senses. "je vais te retrouver au café",
    # "… à 18h" (a meeting; not "… chez toi")
    ("figurative", "!(te retrouver)|(vous retrouver)|(la retrouver)|(le retrouver)|(te retrouve)|(vous retrouve)|(te retrouverai) ~2 café|resto|restaurant|bar|ciné|cinéma|gare|aéroport|(là-bas)|déjeuner|dîner|diner|(un verre)|concert|soirée|(sortie des cours)|(sortie du boulot)"),
    ("figurative", "!(te retrouver)|(vous retrouver)|(la retrouver)|(le retrouver)|(te retrouve)|(vous retrouve)|(te retrouverai) re:\\s+(?:a|vers)\\s+\\d{1,2}\\s*h"),
    # "je vais te planter là, j'ai un train" (leave you there; not "te planter la lame")
    ("figurative", "!(te planter là)|(vous planter là)|(la planter là)|(le planter là) re:\\s*(?:$|[,.;!?]|\\s+(?:et|comme|tout|sans)\\b)"),
    # "je vais le descendre à la cave" (carry it down)
    ("figurative", "!(le descendre)|(la descendre)|(les descendre)|(te descendre) ~1 à|au|en|dans ~1 cave|garage|sous-sol|parking|voiture|poubelles|(rez-de-chaussée)"),
    # "on tond les gazons ce week-end" (lawns, not "gazons ces …")
    ("figurative", "les|des|nos|vos|ses|leurs|tondre|tond|tondons|arroser|arrose|arrosons !gazons"),
    # "on va le noyer dans la sauce", "… le poisson"
    ("figurative", "!noyer|noie|noierai|noiera ~2 sauce|poisson|masse|chagrin|paperasse|travail|détails|jargon"),
    # "faut lui ouvrir le ventre pour l'opérer", "le chirurgien va lui ouvrir le crâne"
    ("figurative", "!(ouvrir le ventre)|(ouvre le ventre)|(ouvrir le crâne)|(ouvrira le ventre) ~2 (pour l'opérer)|(pour opérer)|(pour la soigner)|(pour le soigner)|(au bloc)|(en chirurgie)"),
    ("figurative", "chirurgien|chirurgienne|chirurgiens ~4 !ouvrir|ouvre|ouvrira|ouvert ~2 ventre|crâne|thorax|gorge"),
    # "ta mère va pleurer à ton mariage", "… de joie"
    ("figurative", "!(va pleurer)|(vont pleurer)|(va pleurer)|(pleurera) ~1 (de joie)|(à ton mariage)|(au mariage)|(d'émotion)|(de bonheur)|(à la cérémonie)|(à ta remise)"),
]
# fmt: on
