"""French threats from real forums that the release 1.8 rules missed, release 1.9, as data
(merged into ``lexicon``; issue 18).

Written for Tocsin from general knowledge of French (no dataset sentence is copied here; the
cases are ours, ``eval/cases/own_threats_fr_real.tsv``, and the fair batch 1 of
``eval/cases/fair_threats_fr.tsv`` was written before these rules). The forms were chosen by
reading what the rules missed among the French threats of the training buckets (2-9) of
ToxiFrench-Jigsaw and RTP-LX, then writing our own sentences in those forms and keeping the
ones the older rules did not read:

- "dealing with" the target or their kin, said with what makes it a threat ("je vais
  m'occuper de ta femme, tu vas voir", "je vais m'occuper personnellement de ton cas");
- a bullet or a sharpened blade kept for the target ("j'ai une balle avec ton nom dessus",
  "j'ai aiguisé mon couteau pour toi");
- destroying a person designated by a demonstrative and an insult ("je vais détruire cette
  salope", "je vais démonter ce connard");
- revenge said with "revanche" ("ma revanche sera sanglante");
- a call to suicide asked as a question ("pourquoi tu vas pas te pendre", "pourquoi vous vous
  foutez pas en l'air");
- an order to others to harm a designated person ("bute-le", "tirez-lui dessus");
- catching the target somewhere ("on va te choper à la sortie"), coming with a weapon ("je
  passe chez toi avec une batte"), falling on them ("je te tomberai dessus");
- blows promised in street French ("tu vas voir ce que tu vas prendre", "je vais t'en coller
  une", "tu vas te prendre une mandale", "je vais te refaire le portrait", "je vais te mettre
  en pls", "gare à toi");
- the mafia's ominous regret said of the target's home ("ce serait dommage que ta baraque
  crame"; lexicon_threats' pity_if reads "ce serait dommage qu'il t'arrive quelque chose")
  and luck ("t'as de la chance que je sache pas où tu habites").

A second round, written after fair batch 2 was scored, from our own probe sentences in the
plain words of a translated or hurried post: "je vais te botter le cul", "je vais te battre à
mort", "je te traquerai", "je te tuerais si je pouvais", "je vais te liquider", "je vais
t'envoyer en enfer", "tu seras mort demain", "je m'en prendrai à tes enfants", "tu ne passeras
pas l'hiver", "je vais te donner un coup de poing".

Every rule has a target (the second person, "la"/"le"/"lui", a demonstrative with an insult,
the target's kin or home) and a rare anchor word. Look-alikes kept out: "je vais m'occuper de
ta mère pendant tes vacances", "j'ai une balle de tennis pour toi", "je vais détruire cette
théorie", "ma revanche au tennis sera terrible", "le policier tabasse le manifestant", "je vais
te choper un billet", "je passe chez toi avec des bières", "je vais t'en mettre une part de
côté", and by neutralizers "fais gaffe à toi sur la route", "je sais où tu habites, je
t'apporte tes clés", "dans le film le tueur dit …", "je vais brûler les vieux cartons".
"""

from __future__ import annotations

from tasks.scoring.tails import CLAUSE as _CLAUSE
from tasks.scoring.tails import clause_end as _end

# What carries a threat on after a clause (``tails.clause_end``), in this module's own words
_END_WORDS_FR = (
    "tkt|t'?inquiete|crois\\s+moi|croyez\\s+moi|wallah|sale|fdp|je\\s+te\\s+le\\s+(?:jure|promets)|"
    "tot\\s+ou\\s+tard|un\\s+jour|bientot|tu\\s+vas\\s+voir|tu\\s+verras|vous\\s+allez\\s+voir|"
    "espece|connard|connasse|salope|pute|batard|enfoire|encule"
)
# Where and when someone is caught: "à la sortie", "dans la rue", "tôt ou tard"
_CAUGHT_FR = (
    "a\\s+la\\s+sortie|dans\\s+la\\s+rue|en\\s+bas|devant\\s+chez|pres\\s+de\\s+chez|"
    "a\\s+la\\s+gare|au\\s+coin|seul|seule|quand\\s+tu|un\\s+soir"
)


def _after(words: str) -> str:
    """A raw tail: one of ``words`` next (after a comma, maybe), never the bare clause end."""
    return f"re:\\s*,?\\s+(?:{words})(?:$|[^a-z])"


# fmt: off
LISTS: dict[str, list[str]] = {
    # things a violent verb is used of in its ordinary or playful sense ("on va défoncer ce
    # gâteau", "je vais te démonter ton argument", release 1.29)
    "thing_fr": [
        "gâteau(x)?", "pizza(s)?", "burger(s)?", "kebab(s)?", "tacos", "plat(s)?", "repas",
        "assiette(s)?", "buffet(s)?", "dessert(s)?", "bouteille(s)?", "niveau(x)?", "boss",
        "jeu(x)?", "partie(s)?", "record(s)?", "examen(s)?", "exam(s)?", "partiel(s)?",
        "contrôle(s)?", "bac", "devoir(s)?", "projet(s)?", "dossier(s)?", "série(s)?",
        "saison(s)?", "livre(s)?", "film(s)?", "album(s)?", "argument(s)?", "théorie(s)?",
        "raisonnement(s)?", "thèse(s)?", "meuble(s)?", "secret(s)?", "score(s)?", "chrono",
        "clope(s)?", "joint(s)?", "saumon", "poulet", "steak",
    ],
    # a person designated by an insult after "ce"/"cette": "cette salope", "ce pauvre con"
    # (not "cette merde", often a thing: "cette merde d'imprimante")
    "insulted_fr": [
        "salope", "connasse", "pute", "pétasse", "pouffiasse", "pourriture", "raclure",
        "crevure", "enculé", "enculée", "connard", "connarde", "fils de pute", "fdp",
        "bâtard", "bâtarde", "batard", "ordure", "charogne", "conne", "con", "idiot", "idiote",
        "crétin", "crétine", "imbécile", "bouffon", "bouffonne", "guignol", "tocard", "tocarde",
        "chienne", "truie", "grosse vache", "pauvre type", "pauvre fille", "pauvre merde",
        "grosse merde", "sale merde", "petite merde", "sous-merde", "tafiole", "abruti",
        "abrutie", "enfoiré", "enfoirée", "salopard", "traînée", "mongol", "gogol", "teubé",
    ],
    "kin_real_fr": [
        "ta femme", "ta fille", "ta mère", "ta daronne", "ta sœur", "ta soeur", "ta copine",
        "ta meuf", "ta famille", "tes enfants", "tes gosses", "tes mômes", "ton fils",
        "ton frère", "ton mari", "ton daron", "tes parents", "ton père", "tes proches",
        "ta petite famille", "sa petite famille",
    ],
    "home_real_fr": [
        "maison", "baraque", "voiture", "caisse", "bagnole", "appart", "appartement",
        "boutique", "magasin", "resto", "restaurant", "bar", "garage",
    ],
    "weapon_real_fr": [
        "batte", "une batte", "un couteau", "une hache", "une machette", "un flingue",
        "un fusil", "une arme", "une barre de fer", "un bidon d'essence", "de l'essence",
        "un cocktail molotov", "un pied de biche", "un marteau", "un sabre", "un katana",
    ],
}

# Orders to harm, in the plural and the singular ("tuez", "bute"), accents or none (the raw text)
_ORDER_FR = (
    "tuez|tue|butez|bute|frappez|frappe|plantez|plante|crevez|cr[èe]ve|cognez|cogne|[ée]gorgez|[ée]gorge|"
    "pendez|pends|br[ûu]lez|br[ûu]le|noyez|noie|d[ée]foncez|d[ée]fonce|tabassez|tabasse|violez|viole|"
    "[ée]tranglez|[ée]trangle|poignardez|poignarde|flinguez|flingue|lynchez|lynche|fusillez|fusille"
)
# No singular "tue" or "frappe" here: "tue sa femme" is also a headline's present tense
_ORDER_KIN_FR = (
    "tuez|butez|bute|violez|viole|[ée]gorgez|[ée]gorge|flinguez|flingue|poignardez|poignarde|"
    "br[ûu]lez|kidnappez|kidnappe|enlevez|tabassez|tabasse|lynchez|frappez|crevez"
)

RULES: list[tuple[str, float, str]] = [
    # "je vais m'occuper de ta femme, tu vas voir", "on va s'occuper de toi, crois-moi" (not
    # "je vais m'occuper de ta mère pendant tes vacances": a word that carries the threat on)
    ("fr.threat.real_deal_with", 0.8,
     "je|j'|on|nous|jvais ~1 vais|va|allons|vas m'|s'|nous !occuper de|d' toi|vous|elle|lui|@kin_real_fr [et] [de|d'] [toi|@kin_real_fr] " + _after(_END_WORDS_FR)),
    # "je vais m'occuper personnellement de ton cas", "on va s'occuper personnellement de ta fille"
    ("fr.threat.real_deal_personally", 0.8,
     "m'|s'|nous occuper|occuperai|occupera|occuperons !personnellement de|d' toi|vous|elle|lui|(ton cas)|(son cas)|@kin_real_fr"),
    # "j'ai une balle pour toi", "une balle avec ton nom dessus" (not "une balle de tennis pour
    # toi": the bullet is next to its owner)
    ("fr.threat.real_bullet_for_you", 0.85,
     "une|la|ma|des|mes|deux|trois !balle|balles|cartouche|cartouches|bastos pour|(avec ton nom)|(à ton nom) [toi|vous|elle|lui|dessus|ta|ton|tes]"),
    # "j'ai aiguisé mon couteau pour toi", "j'affûte ma hache pour ta gueule"
    ("fr.threat.real_sharpened", 0.85,
     "!aiguisé|aiguise|aiguiser|affûté|affûte|affûter ~1 mon|ma|mes|le|la|les couteau|couteaux|lame|lames|hache|machette|sabre|katana ~2 pour toi|vous|elle|lui|ta|ton|tes|cette|ce"),
    # "je vais détruire cette salope", "je démonterai ce pauvre con" (not "je vais détruire cette
    # théorie": a person, designated by an insult)
    ("fr.threat.real_destroy_insulted", 0.85,
     "je|j'|on|nous|jvais|jte ~2 !détruire|détruirai|détruira|détruirons|anéantir|anéantirai|démolir|démolirai|défoncer|défoncerai|exploser|exploserai|éclater|éclaterai|démonter|démonterai|fracasser|fracasserai|dérouiller|dérouillerai|massacrer|massacrerai|buter|buterai ce|cette|cet ~1 [sale|pauvre|gros|grosse|petit|petite|espèce de] @insulted_fr"),
    # "ma revanche sera sanglante", "notre revanche va être sans pitié" (games: a neutralizer)
    ("fr.threat.real_revanche", 0.75,
     "ma|notre !revanche sera|(va être) ~1 terrible|sanglante|impitoyable|atroce|douloureuse|(sans pitié)|(sans pitie)|cruelle|mortelle|brutale"),
    # "pourquoi tu vas pas te pendre", "pourquoi vous vous foutez pas en l'air" ("pourquoi tu
    # ne vas pas te pendre" stays negated by lexicon's neutralizer: a known miss)
    ("fr.threat.real_suicide_why", 0.85,
     "!pourquoi ~3 (fous pas en l'air)|(foutes pas en l'air)|(foutez pas en l'air)|(pends pas)|(pendez pas)|(suicides pas)|(suicidez pas)|(pas te pendre)|(pas vous pendre)|(pas te suicider)|(pas vous suicider)|(pas te foutre en l'air)|(pas vous foutre en l'air)|(pas te jeter sous)|(pas sauter d'un pont)|(sautes pas d'un pont)|(sautez pas d'un pont)|(sautes pas par la fenêtre)|(te jettes pas sous un train)|(te jettes pas d'un pont)|(te jettes pas par la fenêtre)"),
    # "bute-le", "tabassez-la !", "tirez-lui dessus" (not "le policier tabasse le manifestant":
    # the order ends its clause)
    ("fr.threat.real_incite", 0.85,
     "!bute-le|bute-la|butez-le|butez-la|butez-les|égorge-le|égorge-la|égorgez-le|égorgez-la|égorgez-les|flingue-le|flingue-la|flinguez-le|flinguez-la|flinguez-les|lynchez-le|lynchez-la|lynchez-les|tabasse-le|tabasse-la|tabassez-le|tabassez-la|tabassez-les|poignarde-le|poignarde-la|poignardez-le|poignardez-la|poignardez-les "
     + _end(_END_WORDS_FR, "ce|cette|moi|bien|fort|jusqu'?\\s*a|jusqu'?\\s*au|a\\s+mort|tous|toutes")),
    ("fr.threat.real_incite_shoot", 0.85,
     "!tire-lui|tirez-lui|tire-leur|tirez-leur|tire-moi|tirez-moi dessus"),
    # "on va te choper à la sortie", "je vais te coincer dans la rue" (not "je vais te choper un
    # billet", "je vais t'attraper !" in a game of tag: a place or a time follows)
    ("fr.threat.real_catch", 0.8,
     "je|on|nous|jvais|jte ~1 vais|va|allons|vas|viendra te|t'|vous|la|le !choper|chopper|choperai|chopera|coincer|coincerai|coincera|attraper|attraperai|attrapera " + _after(_CAUGHT_FR + "|" + _END_WORDS_FR)),
    # "je passe chez toi avec une batte", "on débarque chez vous avec de l'essence"
    ("fr.threat.real_come_armed", 0.85,
     "je|j'|on|nous|jvais ~3 chez toi|vous|elle|lui ~3 avec !@weapon_real_fr"),
    # "je te tomberai dessus", "un jour on te tombera dessus" (the future: lexicon's
    # kill_street_fr reads "je vais te tomber dessus")
    ("fr.threat.real_fall_on", 0.8,
     "je|j'|on|nous|jte ~2 te|t'|vous|lui !tomberai|tomberons|tombera dessus"),
    # "tu vas voir ce que tu vas prendre", "vous allez voir ce que vous allez prendre"
    ("fr.threat.real_what_you_get", 0.8,
     "tu|vous vas|va|allez !voir ce que tu|vous vas|va|allez prendre|ramasser|(te prendre)|(vous prendre)"),
    # "tu vas prendre une torgnole", "vous allez prendre un coup de boule" (lexicon_threats'
    # you_will_take reads "tu vas te prendre une baffe")
    ("fr.threat.real_take_a_blow", 0.8,
     "tu|vous vas|va|allez [te|vous] prendre une|un !mandale|baffe|gifle|beigne|torgnole|tatane|bourre-pif|(coup de boule)|(coup de poing)|(coup de pied)|(coup de couteau)"),
    # "tu vas en prendre une."
    ("fr.threat.real_take_one", 0.75,
     "tu|vous vas|va|allez !(en prendre une)|(t'en prendre une)|(vous en prendre une) " + _end(_END_WORDS_FR, "dans|de|si|quand|je")),
    # "je vais t'en coller une", "je vais t'en mettre une si tu continues" (not "t'en mettre une
    # part": the clause ends)
    ("fr.threat.real_give_one", 0.8,
     "je|j'|on|jvais|jte ~2 t'|te|vous en !mettre|mettrai|mets|coller|collerai|colle|foutre|foutrai|fous|retourner|retournerai|retourne|allonger|allongerai|balancer|balancerai une " + _end(_END_WORDS_FR, "dans|si|quand|je|que|qui|bien|de")),
    # "je vais te refaire le portrait", "on va t'arranger la gueule" (lexicon_threats' body_harm
    # reads "te refaire la tronche")
    ("fr.threat.real_portrait", 0.8,
     "je|j'|on|nous|jvais|jte ~2 te|t'|lui|vous|leur !(refaire le portrait)|(refaire la face)|(arranger le portrait)|(arranger la gueule)|(arranger la tronche)|(arranger la face)"),
    # "je vais te mettre en pls", "on va la mettre en pls" (not "ce film va te mettre en pls")
    ("fr.threat.real_pls", 0.8,
     "je|j'|on|nous|jvais|jte ~2 te|vous|la|le|lui|les !(mettre en pls)|(mets en pls)|(mettrai en pls)|(mettra en pls)"),
    # "gare à toi", "gare à tes fesses si tu reviens" (a warning of weather: a neutralizer)
    ("fr.threat.real_beware", 0.75,
     "!gare à|a toi|(tes fesses)|(ta gueule)|(ta peau)|(tes miches)|(ta tronche)"),
    # "ce serait dommage que ta maison brûle", "jolie caisse que t'as, dommage si elle crame"
    ("fr.threat.real_shame_burn", 0.8,
     "dommage que|qu'|si ta|ton|votre|tes|vos @home_real_fr ~1 !brûle|brûlait|crame|cramait|explose|explosait|(prenne feu)|(prend feu)|(prenait feu)|(parte en fumée)"),
    ("fr.threat.real_shame_burn_yours", 0.8,
     "(que tu as)|(que t'as)|(que vous avez) ~4 dommage qu'elle|qu'il|(si elle)|(si il)|(s'il) ~1 !brûle|brûlait|crame|cramait|explose|explosait|(prenne feu)|(prend feu)|(prenait feu)|(parte en fumée)"),
    # "t'as de la chance que je sache pas où tu habites", "… que je connaisse pas ton adresse"
    ("fr.threat.real_lucky", 0.8,
     "!(de la chance que) je|j' ~1 [ne|n'] sache|connaisse|trouve ~1 pas|(ton adresse)|où|ou"),
    ("fr.threat.real_lucky_far", 0.75,
     "(de la chance que) je|j'|on [ne|n'] sois|soit !(pas en face)|(pas là)|(pas devant toi)|loin|(pas à côté)|(pas près de toi)"),
    # --- round 2: plain threats in the words a translated or hurried post uses ----------------
    # "je vais te botter le cul", "on va lui botter les fesses", "je vais botter ton cul"
    ("fr.threat.real_kick_ass", 0.75,
     "je|j'|on|nous|jvais|jte ~2 te|t'|vous|lui|leur ~1 !botter|botterai|bottera|botterons le|les cul|fesses|derrière"),
    ("fr.threat.real_kick_ass_poss", 0.75,
     "je|j'|on|nous|jvais ~2 !botter|botterai|bottera|botterons ton|ta|tes|votre|vos|son|sa cul|fesses|derrière"),
    # "je vais te battre à mort", "on va la tabasser jusqu'à la mort"
    ("fr.threat.real_to_death", 0.85,
     "je|j'|on|nous|jvais|jte ~2 te|t'|vous|la|le|lui|les ~1 battre|frapper|tabasser|cogner|taper|battrai|frapperai|tabasserai|cognerai ~2 !(à mort)|(jusqu'à la mort)|(jusqu'à ce que mort s'ensuive)"),
    # "je te traquerai", "je te tuerais si je pouvais" (the future and the conditional of verbs
    # the lexicon reads in the infinitive)
    ("fr.threat.real_future", 0.85,
     "je|j'|on|nous|jte ~1 te|t'|vous|la|lui !traquerai|traquerons|traquera|pourchasserai|pourchasserons|tuerais|buterais|égorgerais|étranglerais|défigurerai|défigurerais|liquiderai|écrabouillerai|sodomiserai"),
    # "je vais te liquider", "on va t'écrabouiller", "je vais t'envoyer en enfer"
    ("fr.threat.real_kill_more", 0.85,
     "je|j'|on|nous|jvais|jte ~2 te|t'|vous|la|lui ~1 !liquider|écrabouiller|sodomiser|défigurer|(casser la figure)|(envoyer en enfer)|(renvoyer en enfer)|(envoyer au cimetière)|(envoyer à la morgue)|(faire descendre)|(faire bouffer le trottoir)|(faire manger le trottoir)|(faire bouffer le bitume)"),
    # "tu seras mort demain", "vous serez mortes avant noël" (not "tu seras mort de rire": the
    # clause ends, or a time follows)
    ("fr.threat.real_will_be_dead", 0.85,
     "tu|t'|vous seras|serez [bientôt|déjà] !mort|morte|morts|mortes " + _end(_END_WORDS_FR, "demain|ce\\s+soir|cette\\s+nuit|avant|d'?\\s*ici|dans|la\\s+semaine")),
    # "je m'en prendrai à tes enfants" (lexicon_threats_fr_implicit's go_after reads "je vais
    # m'en prendre à")
    ("fr.threat.real_go_after_future", 0.8,
     "je|j'|on|nous ~1 m'en|s'en|(nous en) !prendrai|prendra|prendrons à|a @kin_fr|toi|elle|vous"),
    # "tu ne vivras pas longtemps.", "vous ne passerez pas l'hiver" (not "tu ne vivras pas
    # longtemps dans cet appart": the clause ends)
    ("fr.threat.real_wont_live", 0.75,
     "tu|vous ne|n' !vivras|vivrez|passeras|passerez pas longtemps|(l'hiver)|(l'été)|(l'année)|(la semaine)|(le mois)|(noël) " + _end(_END_WORDS_FR)),
    # "je vais te donner un coup de poing", "je vais te filer des coups" (lexicon_threats'
    # i_will_give reads "mettre", "coller", "foutre"; not "un coup de main")
    ("fr.threat.real_give_blow", 0.8,
     "je|j'|on|nous|jvais|jte ~2 te|t'|vous|lui ~1 donner|donnerai|filer|filerai !(un coup de poing)|(un coup de couteau)|(un coup de pied)|(un coup de boule)|(un coup de batte)|(des coups)|(des coups de poing)|(des coups de couteau)"),
    # release 1.28: impatience for a designated person's death ("il meurt quand ce vieux ?",
    # "elle crève quand cette pute ?"; not "il meurt quand, le héros ?": a plot)
    ("fr.threat.when_dies", 0.8,
     "il|elle|ils|elles !meurt|meurent|crève|crèvent|clamse|clamsent|canne|cannent|mourra|crèvera quand ce|cette|ces ~1 vieux|vieille|vieilles|vioque|vioques|@insulted_fr"),
    # "il faut se débarrasser de vous.", "faudrait se débarrasser d'eux une fois pour toutes"
    # (the clause ends there: not "... de lui aux prochaines élections")
    ("fr.threat.rid_of_you", 0.75,
     "faut|faudrait|faudra|doit|devrait|devrions|devons ~2 se|nous !débarrasser de|d' vous|toi|eux|elles|lui|elle " + _end(_END_WORDS_FR, "une\\s+fois|pour\\s+de\\s+bon|definitivement|tous|toutes|vite")),
    # "je lui mets un coup de pied dans la bouche", "je te colle un coup de boule": a blow
    # given now, to a body or nowhere else (not "... un coup de pied arrêté", "... dans le ballon")
    ("fr.threat.blow_now", 0.8,
     "je|j' ~1 lui|te|t'|leur|vous !mets|mettrais|fous|foutrais|colle|collerais ~1 (un coup de pied)|(un coup de poing)|(un coup de boule)|(un coup de tête)|(un coup de genou)|(une balayette)|(une mandale)|(une patate)|(une béquille) dans|en|sur [la|ta|sa|les|tes|ses|leur|pleine] @body_fr|face|figure|bouche"),
    # release 1.27: an order to harm after the clause that says when, the person who will be
    # there its subject ("quand il sort du tribunal, tuez-le"; not "si tu vois le boss, tue-le":
    # a player, and a singular "tue" is also a headline's verb)
    ("fr.threat.imperative_after_when", 0.8,
     "re:(?:^|[\\n.!?:;])\\s*(?:si|s['’]|quand|lorsqu['’]?|d[èe]s\\s+qu['’]?|la\\s+prochaine\\s+fois\\s+qu['’]?|"
     "une\\s+fois\\s+qu['’]?)\\s*(?:il|elle|ils|elles|cette|ce|cet)\\s[^.!?\\n,;:]{1,80},\\s*(?:alors\\s+|juste\\s+)?"
     "(?:" + _ORDER_FR + ")-(?:le|la|les|lui)(?:\\s*(?:$|[.!?,;\\n])|\\s+(?:direct|directement|tout\\s+de\\s+suite|"
     "sur\\s+place|[àa]\\s+mort|sans\\s+h[ée]siter))"),
    # "tuez son mari", "butez sa fille": an order aimed at the target's kin, the clause ending
    ("fr.threat.imperative_kin", 0.85,
     "re:(?:^|[\\n.!?:;])\\s*(?:(?:et|alors|allez|maintenant)[\\s,]+)?(?:" + _ORDER_KIN_FR + ")\\s+"
     "(?:son|sa|ses|leur|leurs)\\s+(?:mari|femme|fille|filles|fils|enfants?|gosses?|m[èe]re|p[èe]re|famille|"
     "s(?:oe|œ)ur|fr[èe]re|parents|gamins?|gamines?|b[ée]b[ée]|copain|copine)(?:\\s*(?:$|[.!?,;\\n])|\\s+(?:et|puis|"
     "devant|avant|aussi|d['’]abord|on\\s+verra))"),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # release 1.29: a violent verb of a thing ("on va défoncer ce gâteau", "je vais te démonter
    # ton argument"), criticism ("je vais la descendre en flèche"), the road ("te griller la
    # priorité")
    ("figurative", "!défoncer|défonce|éclater|éclate|exploser|explose|démonter|démonte|cramer|crame|niquer|nique|tuer|tue|fumer|fume ~1 [te|t'|lui|leur] ce|cette|ces|un|une|le|la|les|ton|ta|tes|mon|ma|mes|son|sa|ses|l' ~1 @thing_fr"),
    ("figurative", "!descendre|descendu|descendue|descends|descend en flèche"),
    ("figurative", "!griller|grille|grillé [te|t'|lui|leur|me|m'] la|le|un|une priorité|feu|place|politesse|clope|cigarette|file|queue"),
    # "fais gaffe à toi sur la route, ça glisse", "gare à toi, il y a du verglas" (care, not a
    # threat: the weather or the road follows)
    ("figurative", "(gaffe à toi)|(gaffe a toi)|(attention à toi)|(attention a toi)|(gare à toi)|(gare a toi) ~4 !route|routes|verglas|glisse|neige|pluie|froid|soleil|canicule|virus|grippe|covid|rhume|pickpockets|moustiques|vagues|courant|bises|bisous|orage|vent"),
    # "je sais où tu habites, je t'apporte tes clés ce soir" (an errand, not a threat)
    ("figurative", "sais|connais où|ou tu|t' habites|vis ~2 je|j' ~1 te|t' !apporte|apporterai|ramène|ramènerai|dépose|déposerai|rends|rendrai|envoie|enverrai|rapporte"),
    # "dans le film le tueur dit « je sais où tu habites »", "dans le roman il écrit …" (fiction,
    # reported)
    ("reported", "(dans le film)|(dans la série)|(dans le livre)|(dans le roman)|(dans le jeu)|(dans la scène)|(dans le clip)|(dans la chanson) ~4 !dit|dis|disait|crie|hurle|lance|répète|murmure|menace|chante|écrit|écrivait " + _CLAUSE),
    # "je vais brûler les vieux cartons", "brûler des calories" (things, not a person)
    ("figurative", "!brûler|brûle|brûlerai|cramer|crame ~2 les|des|mes|ces|nos|vieux|vieilles ~1 cartons|papiers|feuilles|déchets|calories|étapes|bougies|herbes|branches|ordures|restes|factures|lettres|photos|graisses|brouillons|journaux"),
    # "ma revanche sera terrible au prochain match" (a game)
    ("figurative", "!revanche|vengeance ~5 au|aux|en|(à la)|(au prochain)|(lors du)|(sur le) ~1 match|finale|jeu|tournoi|tennis|foot|basket|rugby|poker|belote|cartes|scrabble|pétanque|échecs|fifa|fortnite|partie|manche|course|championnat"),
]
# fmt: on
