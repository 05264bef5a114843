"""Sexual harassment of the target, French and English, as data (merged into ``lexicon``;
issue 18, release 1.33).

Written for Tocsin from general knowledge of both languages and of how women journalists are
harassed in pile-ons (no dataset sentence is copied here; the cases are ours,
``eval/cases/own_sexual.tsv``; the fair batches that measure these rules,
``eval/cases/fair_sexual.tsv``, are never learned from). Release 1.32 named 2 of 15 French and
0 of 15 English posts of the first fair batch, written before these rules: the lexicon had
seventeen rules for it, mostly photos asked and "send nudes".

What is read: oral sex demanded or imputed (``viens me sucer``, ``une bouche faite pour
sucer``, ``she gives good head``), positions and acts promised to the target (``je la prendrais
par derrière``, ``i'd bend her over``), masturbation on the target's pictures, the target said to
be aroused by abuse (``tu mouilles``), priced (``combien la passe``), promoted for sex
(``à genoux sous le bureau``, ``slept her way to the top``), told to undress, bound and gagged,
judged "good in bed", and named with sexual slurs (``cumdump``, ``vide-couilles``).

Every rule needs the target or a sexual word no ordinary sentence has: ``à quatre pattes`` and
``à genoux`` only with what makes them sexual (``sous le bureau``, ``et ferme-la``), ``bonne``
only as ``t'es bonne`` ending its clause (not ``bonne en maths``), ``nudes`` in the plural
(``nude`` is a colour), ``open wide`` only with a pet name or a slur (not the dentist), ``rack``
not followed by ``of`` (lamb), ``bend over`` only of her or the reader and never ``backwards``.
"""

from __future__ import annotations

from tasks.scoring.tails import clause_end

# The end of a clause, or a word that carries the remark on ("t'es bonne mais …").
_END_FR = clause_end("mais|toi|sale|salope|pute|ma|hein|quand|avoue|la|celle|wallah|frere")

# After "bend her over": the end of a clause or what she is bent over (not "backwards").
_OVER = clause_end(
    "the|a|my|this|that|and|for|like|your|ur|his|her|desk|table|knee|knees|bed|couch|sofa|car"
)
# After "nice rack": the end of a clause or a word carrying the remark on (not "of lamb").
_RACK_END = clause_end(
    "shame|though|tho|on|you|she|but|and|bro|girl|sweetheart|babe|baby|lol|lmao|haha"
)

# fmt: off
LISTS: dict[str, list[str]] = {
    # who is spoken to or of: the reader, a woman designated
    "her_fr_sx": [
        "tu", "t'", "elle", "celle-là", "celle la", "cette meuf", "cette pute", "cette salope",
        "la journaliste", "cette journaliste", "ta copine", "ta meuf",
    ],
    # what a woman is told to do or said to do: oral sex
    "suck_fr": [
        "suce", "suces", "sucer", "sucent", "avale", "avales", "avaler", "pompe", "pomper",
        "pompes",
    ],
    # clothes one is told to take off, or asked what is under
    "clothes_en_sx": [
        "top", "bra", "panties", "knickers", "thong", "clothes", "shirt", "blouse", "skirt",
        "dress", "blazer", "jeans", "pants",
    ],
    # sexual slurs: a person as a sex object
    "slur_en_sx": [
        "cumdump", "cum dump", "cumslut", "cum slut", "cum bucket", "cumbucket", "fucktoy",
        "fuck toy", "fuckdoll", "fuck doll", "cocksleeve", "cock sleeve", "onahole",
        "cock holster", "cockholster",
    ],
    "slur_fr_sx": [
        "vide-couilles", "vide couilles", "sac à foutre", "sac a foutre", "garage à bites",
        "garage a bites", "suceuse", "suceuse de bites", "avaleuse", "poupée gonflable",
        "trou à bites", "trou a bites", "salope à bites",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # --- French ----------------------------------------------------------------------------------
    # "viens me sucer", "tu vas me sucer", "me tailler une pipe", "suce-moi bien"
    ("fr.sexual_harassment.suck_me", 0.8,
     "(me sucer)|(me suce)|(me suces)|(me faire sucer)|(me pomper)|(me tailler)|(nous sucer)|(suce moi)|(suce nous)|(suces moi) [une pipe|bien|(à fond)]"),
    # "tu suces ?", "elle suce bien celle-là", "elle doit bien sucer", "t'avales ?"
    ("fr.sexual_harassment.sucks", 0.75,
     "@her_fr_sx [doit|dois|devrait|(doit bien)|(dois bien)|sait|sais] [bien|grave] !@suck_fr [bien|grave|(à fond)|(des bites)|(des queues)|(pour réussir)|(pour avoir)] " + _END_FR),
    # "une bouche faite pour sucer", "une tête à avaler", "bouche à pipe"
    ("fr.sexual_harassment.made_for", 0.8,
     "bouche|tête|gueule|lèvres [faite|faites] !(pour sucer)|(pour avaler)|(à sucer)|(à avaler)|(à pipe)|(à pipes)|(à bites)|(de suceuse)|(pour les pipes)"),
    # "je la prendrais bien par derrière", "je te prends en levrette sur ton bureau"
    ("fr.sexual_harassment.take_her", 0.8,
     "je|j'|on|jte|jla ~2 te|t'|la|l' ~1 prendrai(s)?|prends|prendre|baiserai(s)?|sauterai(s)?|défoncerai(s)?|tringlerai(s)?|retournerai(s)? [bien] !(par derrière)|(par derriere)|(en levrette)|(à quatre pattes)|(à 4 pattes)|(contre le mur)|(sur ton bureau)|(sur son bureau)|(sur le bureau)"),
    # "je la sauterais bien", "je la baiserais bien celle-là"
    ("fr.sexual_harassment.would_do_her", 0.75,
     "je|j' ~1 la|te|t' !sauterais|baiserais|tringlerais|prendrais|démonterais|défoncerais bien"),
    # "à quatre pattes et ferme-la", "à genoux sous le bureau", "à genoux devant moi, salope"
    ("fr.sexual_harassment.on_all_fours", 0.75,
     "!(à quatre pattes)|(a quatre pattes)|(à 4 pattes)|(à genoux)|(a genoux) [et] (sous le bureau)|(sous la table)|(devant moi)|(et ferme)|(et suce)|(et ouvre)|(et tais)|salope|pute|chienne|(ma jolie)|(ma belle)"),
    # "t'es bonne", "elle est trop bonne la journaliste, mais …" (not "t'es bonne en maths")
    ("fr.sexual_harassment.youre_hot", 0.6,
     "(t'es)|(t es)|(tu es)|(elle est)|(qu'elle est)|(qu'est-ce qu'elle est)|(putain elle est) [trop|grave|vraiment|tellement|(quand même)] !bonne|bonnasse|baisable|bandante " + _END_FR),
    # "je me branle sur tes photos", "je me suis touché en pensant à toi"
    ("fr.sexual_harassment.wank", 0.85,
     "je|j'|jme|on ~2 !branle|branlé|branler|paluche|paluché|touche|touché|astique|astiqué ~2 sur|devant|(en pensant à)|(en regardant) ~1 toi|tes|ta|ton|elle|ses|sa|son|vous"),
    # "tu mouilles quand on t'insulte", "ça te fait mouiller" (not "elle mouille le maillot")
    ("fr.sexual_harassment.wet", 0.7,
     "tu|elle|(ça te fait)|(ça la fait)|(ca te fait) ~1 !mouilles|mouille|mouiller [grave|déjà|(en lisant)] " + clause_end("quand|devant|pour|en|avoue|hein|toi|sale|salope|pute")),
    # "combien la passe ?", "c'est combien pour une nuit avec toi", "tu prends combien la pipe"
    ("fr.sexual_harassment.priced", 0.75,
     "!combien ~3 (la passe)|(ta passe)|(une passe)|(la pipe)|(une pipe)|(pour une nuit)|(la nuit avec)|(une nuit avec)|(pour la nuit)"),
    # "elle a eu son poste à genoux", "elle a couché pour avoir son poste", "promotion canapé"
    ("fr.sexual_harassment.slept_up", 0.7,
     "!(passée sous le bureau)|(passee sous le bureau)|(passé sous le bureau)|(couché pour)|(couche pour)|(couchée pour)|(coucher pour) ~3 poste|place|job|carte|article|plateau|chronique|promo|boulot|diplôme"),
    ("fr.sexual_harassment.couch_promo", 0.7, "!(promotion canapé)|(promotion canape)|(promo canapé)|(promo canape)"),
    ("fr.sexual_harassment.slept_up_knees", 0.7,
     "poste|place|job|carte|chronique|boulot ~2 !(à genoux)|(a genoux)|(sous le bureau)|(en suçant)|(en sucant)|(en couchant)"),
    # "elle a besoin d'une bonne queue", "ce qu'il lui faut c'est une bonne baise"
    ("fr.sexual_harassment.needs_it", 0.8,
     "(besoin d'une)|(besoin d'un)|(lui faut)|(te faut)|(manque d'une)|(manque de) ~3 !queue|bite|baise|(coup de bite)|(coup de queue)|(bonne baise)|(se faire sauter)|(se faire tringler)|(se faire défoncer)|(se faire démonter)"),
    # "t'as des nudes ?", "balance tes nudes" (plural: "nude" is a colour)
    ("fr.sexual_harassment.nudes", 0.7, "tes|des|ses|vos|(t'as des)|(ta des) !nudes"),
    # "envoie tes photos en sous-vêtements", "montre-toi en string"
    ("fr.sexual_harassment.undressed", 0.75,
     "envoie|envoies|montre|montres|(montre toi)|(montre-toi)|poste|postes|photo|photos|vidéo ~3 !(en sous-vêtements)|(en sous vetements)|(en string)|(en lingerie)|(en petite tenue)|(en culotte)|(en soutif)|(en soutien-gorge)|(sans culotte)|(sans soutif)"),
    # "attachée à mon lit", "bâillonnée et attachée"
    ("fr.sexual_harassment.bound", 0.75,
     "!(attachée à mon lit)|(attachee a mon lit)|(attachée sur mon lit)|(bâillonnée)|(baillonnee)|(menottée à mon lit)|(ligotée sur mon lit)"),
    # "elle doit être une bête au lit", "je parie qu'elle crie fort au lit"
    ("fr.sexual_harassment.in_bed", 0.6,
     "(doit être)|(doit etre)|(dois être)|(dois etre)|(je parie qu'elle)|(je parie que tu)|(sûr qu'elle)|(sur qu'elle)|(elle crie)|(tu cries) ~3 !(au lit)|(au pieu)|(sous la couette)"),
    # "espèce de vide-couilles", "c'est qu'une suceuse"
    ("fr.sexual_harassment.slur", 0.8, "!@slur_fr_sx"),
    # --- English ---------------------------------------------------------------------------------
    # "bet you give great head", "she gives good head", "gives head for clicks"
    ("en.sexual_harassment.head", 0.75,
     "you|she|u|her|ya ~2 !give|gives|giving ~1 great|good|amazing|sloppy|(the best) head"),
    ("en.sexual_harassment.head_bare", 0.7, "!(gives head)|(give head)|(giving head) for|to"),
    # "that mouth could be put to better use", "put that mouth to better use"
    ("en.sexual_harassment.mouth_use", 0.7,
     "that|your|her|ur ~1 !mouth ~4 (better use)|(better used)|(something useful)|(something else)|sucking|(for sucking)|(good for)"),
    # "open wide sweetheart", "open wide, slut" (not "open wide, said the dentist")
    ("en.sexual_harassment.open_wide", 0.7,
     "!(open wide)|(open up)|(open your mouth) re:[\\s,]*(?:sweetheart|sweetie|honey|babe|baby|darling|bitch|slut|whore|princess)(?:$|[^a-z])"),
    ("en.sexual_harassment.open_for_me", 0.7, "!(open wide)|(open up)|(open your mouth) for me|daddy|us"),
    # "i'd bend her over the desk", "bend over for me" (not "bend over backwards")
    ("en.sexual_harassment.bend_over", 0.75,
     "(i'd)|id|(i would)|(i'll)|ill|gonna|(going to)|(i want to)|(want to)|(wanna) ~1 !bend her|you|u|that over " + _OVER),
    ("en.sexual_harassment.bend_over_me", 0.7, "!(bend over) for me|daddy"),
    # "she'd be less angry after a good pounding", "she needs a good dicking"
    ("en.sexual_harassment.pounding", 0.75,
     "a|some|(a good)|(a proper)|(a real) !pounding|dicking|railing|rogering|plowing|(hard fuck)|(good fuck)|(good dick)|(good shag)"),
    ("en.sexual_harassment.rail_her", 0.75,
     "(i'd)|id|(i would)|(i'll)|ill|gonna|(going to)|(would) ~1 !rail|pound|plow|breed her|you|u|that"),
    # "i jerked off to your profile pic", "fapping to her pics"
    ("en.sexual_harassment.wank", 0.85,
     "!(jerked off)|(jerk off)|(jerking off)|(jacked off)|(jack off)|(jacking off)|(jerk it)|(fapped)|(fapping)|(fap)|(wanked)|(wanking)|(wank)|(beat off)|(beating off)|(rubbed one out)|(rub one out) ~2 to|over|(thinking about)|(looking at) your|her|you|u|ur|(that pic)|(that photo)|(that picture)"),
    # "take your top off and we'll talk", "what's under that blazer"
    ("en.sexual_harassment.undress", 0.75,
     "take|get|(take off)|(get off) ~1 your|ur|that|her ~1 !@clothes_en_sx off"),
    ("en.sexual_harassment.under_clothes", 0.7,
     "(what's)|whats|(what is)|(show me what's)|(show me whats) !under ~1 that|your|ur|her @clothes_en_sx"),
    # "nice rack", "nice jugs" (not "nice rack of lamb")
    ("en.sexual_harassment.rack", 0.6,
     "nice|great|(what a) ~1 !rack|jugs|melons|knockers|boobs|titties " + _RACK_END),
    # "gagged and tied to my bed", "handcuffed to my bed"
    ("en.sexual_harassment.bound", 0.75,
     "!(tied to my bed)|(tied up to my bed)|(chained to my bed)|(handcuffed to my bed)|(strapped to my bed)|(gagged and tied)|(ball gagged)|(ball-gagged)|(ball gag)"),
    # "bet she screams in bed", "she's probably a freak in bed"
    ("en.sexual_harassment.in_bed", 0.6,
     "(bet she)|(bet you)|(bet shes)|(bet she's)|(bet ur)|(bet you're)|(probably a)|(must be a)|(she's a)|(shes a) ~3 !(in bed)|(in the sack)|(between the sheets)"),
    # "she slept her way to that byline", "sleeping her way up"
    ("en.sexual_harassment.slept_up", 0.7,
     "!(slept her way)|(sleeping her way)|(sleeps her way)|(slept your way)|(fucked her way)|(sucked her way)|(blew her way)|(on her knees for) [to|up|into]"),
    # "she's just a cumdump with a press pass"
    ("en.sexual_harassment.slur", 0.8, "!@slur_en_sx"),
    # "how much for a night with you", "how much for a blowjob"
    ("en.sexual_harassment.priced", 0.7,
     "!(how much for) ~2 (a night with)|(the night with)|(an hour with)|(a bj)|(a blowjob)|(a blow job)|(a hj)|(a quickie)"),
]

# What these rules read in ordinary talk.
NEUTRALIZERS: list[tuple[str, str]] = [
    # "tu suces ton pouce ?", "elle suce des glaçons", "il faut avaler la pilule"
    ("figurative", "!@suck_fr ~1 (son pouce)|(ton pouce)|(des glaçons)|(un glaçon)|(des bonbons)|(un bonbon)|(la pilule)|(des couleuvres)|(sa sucette)|(une pastille)|(le morceau)|(ses mots)|(la moelle)|(le sang)"),
]
# fmt: on
