"""More sexual harassment of the target, French and English, as data (merged into ``lexicon``;
issue 18, release 1.48).

Written from the development sentences of a helper that never saw the rules, the cases or the
data (``eval/cases/own_sexual_pile.tsv``: 40 harassing posts and 20 look-alikes per language),
and from our own probes around each; release 1.47 named 9 of its 40 French and 8 of its 40
English posts as sexual harassment. Blind batch 2 of ``eval/cases/fair_sexual.tsv`` (written
by the rules' author in an earlier session) was not read. What is read:

- the job said to be had by sex: "elle a dû sucer tout le comité pour avoir ce poste", "she got
  that anchor job on her knees", "getting ur scoops by sucking off sources";
- what she "needs": "ce qu'il lui faut c'est une bonne bite", "a juste besoin d'un bon coup de
  rein", "this activist just needs to get laid";
- her body, her underwear and her mouth commented on: "tu portes quoi comme culotte", "ton
  string dépassait", "ton fion vaut plus que tes articles", "photo de tes seins", "what color
  panties were you wearing on air", "her mouth is better at other things", "ur lips were made
  for something other than reporting";
- sexual images sent or made: "des photos de ma bite", "dick pic", "deepfake porno", "photoshop
  her face onto a porn star";
- a price, a bed, a night: "50 balles pour une nuit avec toi", "plus utile dans mon lit",
  "after one night with me", "u dtf", "i'd smash";
- force: "elle mériterait de se faire violer", "qu'on l'attache à un lit", "tie her up and
  see", "rape some sense into her", "run a train on her", "aiment se faire prendre de force",
  "asking to get groped", "that skirt was an invitation";
- her daughter: "ta fille … aussi chaude que sa mère", "your daughter is gonna grow up thicc".

Look-alikes kept out: medicine and sex education, lingerie advertising, a trial reported, and
counter-speech about the harassment she receives ("the creeps asking for nudes will get
reported").
"""

from __future__ import annotations

from tasks.scoring.tails import CLAUSE, clause_end

_END_EN = clause_end("tho|though|ngl|fr|tbh|lol|lmao|even|if|and|but|babe|sweetheart|honestly")
_HER_EN = "her|u|you|ya|that|this"
_DICK_PIC = (
    "(dick pic)|(dick pics)|(dickpic)|(dickpics)|(cock pic)|(cock pics)|(pics of my cock)"
    "|(pics of my dick)|(pic of my dick)|(pic of my cock)|(photo of my dick)|(photos of my dick)"
)

# fmt: off
RULES: list[tuple[str, float, str]] = [
    # --- French ----------------------------------------------------------------------------------
    # "elle a dû sucer tout le comité pour avoir ce poste", "elle a couché avec le rédac chef"
    ("fr.sexual_harassment.had_to_suck", 0.75,
     "(a dû)|(a du)|(a sûrement)|(a surement)|(as dû)|(as du)|(a forcément)|(a forcement) ~1 !sucer|sucé|(coucher avec)|(couché avec)|(écarter les cuisses)|(ecarter les cuisses)|(passer sous le bureau) ~6 pour"),
    ("fr.sexual_harassment.passed_around", 0.8,
     "se ~1 fait|faire|faisait ~1 !tourner ~1 par|dessus ~2 tout|toute|tous|la|le|les"),
    # "ce qu'il lui faut c'est une bonne bite", "a juste besoin d'un bon coup de rein"
    ("fr.sexual_harassment.needs_good", 0.8,
     "faut|besoin|manque ~6 !(bonne bite)|(bonne queue)|(bon coup de rein)|(bons coups de rein)|(bon coup de reins)|(bonne teub)|(bien baisée)|(bien baisee)|(se faire baiser)|(bonne baise)|(bonne gorge profonde)|(une gorge profonde)"),
    # "tu portes quoi comme culotte", "ton string dépassait pendant le direct"
    ("fr.sexual_harassment.underwear", 0.8,
     "(tu portes)|(tu mets)|(elle porte)|(elle met)|(portais)|(portait) ~1 quoi ~1 comme ~1 !culotte|string|soutif|(soutien-gorge)|(sous-vêtements)|lingerie"),
    ("fr.sexual_harassment.underwear_seen", 0.8,
     "ton|ta|son|sa ~1 !string|culotte|soutif|(soutien-gorge) ~1 dépassait|dépasse|depassait|depasse|(se voyait)|(se voit)|(on la voyait)|(on le voyait)"),
    # "ton fion vaut plus que tes articles", "ptn les boules qu'elle a", "la teuch de cette meuf"
    ("fr.sexual_harassment.body_worth", 0.8,
     "ton|ta|son|sa|tes|ses ~1 !fion|teuch|chatte|cul|boule|seins|nichons|boobs ~2 vaut|valent|(vaut plus)|(valent plus)|(vaut mieux)|(valent mieux)"),
    ("fr.sexual_harassment.body_she_has", 0.8,
     "les|le ~1 !boules|nichons|seins|boobs|boule|fion ~1 (qu'elle a)|(qu'elle se tape)|(que t'as)|(que tu as)|(qu'elle nous montre)"),
    ("fr.sexual_harassment.body_served", 0.8,
     "la|sa|ta ~1 !teuch|chatte|fion ~4 (a dû servir)|(a du servir)|(a servi)|(sert plus)|(a plus servi)"),
    # "envoie une photo de tes seins", "jlui enverrai des photos de ma queue"
    ("fr.sexual_harassment.photo_body", 0.85,
     "photo|photos|vidéo|video|pic|pics ~1 de|d' ~1 tes|ses|ta|ton|sa|son ~1 !seins|nichons|fesses|boules|boule|cul|chatte|teuch|fion|culotte|string"),
    ("fr.sexual_harassment.dick_pic", 0.85,
     "photo|photos|vidéo|video|pic|pics ~1 de ~1 ma ~1 !bite|queue|teub|zob|chibre|zgeg"),
    # "on va te faire un deepfake porno", "ta tête sur un corps de pornstar"
    ("fr.sexual_harassment.deepfake", 0.85,
     "!deepfake|deepfakes|(deep fake) ~3 porno|porn|nue|nu|sexe|(de toi)|(d'elle)|(de ta)"),
    # "50 balles pour une nuit avec toi"
    ("fr.sexual_harassment.night_price", 0.8,
     "!balles|euros|boules|eur|thunes ~1 pour ~1 une|la|ta ~1 nuit|pipe|passe|heure|gâterie ~2 [avec] toi|elle|(avec toi)|(avec elle)"),
    # "tu serais plus utile dans mon lit que sur un plateau"
    ("fr.sexual_harassment.my_bed", 0.8,
     "(plus utile)|(mieux)|(plus à ta place)|(plus a ta place)|(à ta place)|(a ta place) ~2 !(dans mon lit)|(dans mon pieu)|(dans mon plumard)|(sous moi)|(à genoux devant moi)"),
    # "elle mériterait de se faire violer", "les féministes kiffent se faire prendre de force"
    ("fr.sexual_harassment.rape_deserved", 0.85,
     "mériterait|mérite|méritent|mériteraient|merite|meriterait|devrait|devraient ~2 !(se faire violer)|(être violée)|(etre violee)|(un viol)|(se faire prendre de force)"),
    ("fr.sexual_harassment.like_forced", 0.85,
     "kiffent|aiment|adorent|veulent|rêvent|revent|kiffe|aime|adore|veut|rêve|reve ~3 !(se faire prendre de force)|(se faire violer)|(être violée)|(etre violee)|(être forcée)|(etre forcee)"),
    # "qu'on l'attache à un lit et on verra", "attachez-la au lit"
    ("fr.sexual_harassment.tied_bed", 0.8,
     "(l'attache)|(l'attacher)|(l'attachez)|(t'attache)|(t'attacher)|(attachez-la)|(attache-la)|(attachez la)|(attache la) ~1 !(à un lit)|(a un lit)|(au lit)|(à mon lit)|(a mon lit)|(au radiateur)"),
    # "ta fille … aussi chaude que sa mère", "ta gamine sera aussi bonne que toi"
    ("fr.sexual_harassment.daughter", 0.85,
     "fille|gamine|petite|môme|mome|gosse ~8 aussi|(plus) ~1 !chaude|bonne|bandante|baisable|salope|chaudasse ~1 que ~1 toi|(sa mère)|(sa mere)|(sa daronne)|(ta mère)|(ta mere)|(sa maman)"),
    ("fr.sexual_harassment.hot_as_mother", 0.8,
     "aussi|(plus) ~1 !chaude|bandante|baisable|chaudasse ~1 que ~1 sa|ta ~1 mère|mere|daronne|maman"),
    # "elle ferait moins la maligne avec une gorge profonde"
    ("fr.sexual_harassment.deep_throat", 0.8, "avec|(besoin d')|(mérite) ~1 une ~1 !(gorge profonde)"),
    # "on sait tous comment elle a eu son interview … sous le bureau"
    ("fr.sexual_harassment.under_desk", 0.75,
     "interview|entretien|émission|emission|chronique|poste|place|contrat|promo|promotion ~8 !(sous le bureau)|(sous la table)"),
    # "fais-toi refaire les seins et on t'écoutera"
    ("fr.sexual_harassment.redo_breasts", 0.75,
     "(fais toi)|(fais-toi)|(fait toi)|(va te faire)|(tu devrais te faire) ~1 !refaire ~1 les|la|tes|ta ~1 seins|nichons|poitrine|boobs"),
    # "vous croyez qu'elle suce aussi bien qu'elle critique", "tu suces aussi bien que tu écris"
    ("fr.sexual_harassment.sucks_as_well", 0.8, "@her_fr_sx|(qu'elle) ~1 !suce|suces ~1 (aussi bien)|(mieux)|(comme elle)|(comme tu)"),
    # "avec une bouche pareille elle devrait faire autre chose que parler"
    ("fr.sexual_harassment.mouth_other", 0.8,
     "!bouche|lèvres|levres ~6 (autre chose que)|(mieux que) ~1 parler|causer|(l'ouvrir)|écrire|ecrire|débattre|debattre|critiquer|présenter|presenter"),
    # "cette meuf cherche juste qqn pour la baiser"
    ("fr.sexual_harassment.someone_to", 0.8,
     "qqn|quelqu'un|(un mec)|(un homme)|(un vrai mec)|(un vrai homme) ~1 pour|qui ~1 la|te|l' ~1 !baiser|baise|sauter|saute|tringler|défoncer|ken|niquer"),
    # "grosse chaudasse", "espèce de chaudasse"
    ("fr.sexual_harassment.chaudasse", 0.75, "!chaudasse|chaudasses|(chienne en chaleur)|(salope en chaleur)"),
    # "jte montrerai ce que c'est un vrai homme", "jvais te pécho à la sortie"
    ("fr.sexual_harassment.real_man", 0.75,
     "montrer|montrerai|montrerais|montrerait|montrerons ~2 (ce que c'est)|(c'est quoi)|(ce qu'est) ~1 !(un vrai homme)|(un vrai mec)|(une vraie bite)"),
    ("fr.sexual_harassment.pecho", 0.75, "(je vais)|(jvais)|(j'vais)|(je vais te)|(on va) ~1 te|la ~1 !pécho|pecho|pechot|choper ~2 " + clause_end("a|à|quand|et|ce|cette|dans|sale|salope", "")),
    # --- English ---------------------------------------------------------------------------------
    # "she got that anchor job on her knees", "getting ur scoops by sucking off sources"
    ("en.sexual_harassment.job_on_knees", 0.8,
     "got|gets|getting|earned|landed|won|get ~4 job|position|gig|promotion|interview|scoops|scoop|spot|show|column|seat ~1 !(on her knees)|(on your knees)|(on ur knees)|(by sucking)|(by blowing)|(by sleeping)"),
    ("en.sexual_harassment.sucking_off", 0.8, "!(sucking off)|(suck off)|(sucked off)|(sucks off) ~1 sources|editors|bosses|producers|politicians|ministers|her|his|him|them"),
    # "her mouth is better at other things", "ur lips were made for something other than …"
    ("en.sexual_harassment.mouth_other", 0.8,
     "her|your|ur|those|that ~1 mouth|lips ~5 !(other things)|(something other than)|(something else than)|(better uses)|(made for something)"),
    # "what color panties were you wearing on air"
    ("en.sexual_harassment.panties", 0.85,
     "(what color)|(what colour)|(which)|(what kind of)|(what) ~1 !panties|underwear|thong|bra|knickers ~3 wearing|(have on)|(got on)"),
    ("en.sexual_harassment.panties_seen", 0.8,
     "your|ur|her ~1 !panties|thong|bra|knickers ~4 (on air)|(on tv)|(on camera)|(on stream)|(were showing)|(was showing)|showing"),
    # "u dtf", "i'd smash even tho she never shuts up"
    ("en.sexual_harassment.dtf", 0.8, "!(u dtf)|(you dtf)|(she dtf)|(ur dtf)|(is she dtf)|(are you dtf)|(r u dtf)"),
    ("en.sexual_harassment.smash", 0.75,
     "(i'd)|id|(i would)|(would)|(would def)|(i'd def) ~1 !smash [her|that|ngl|tbh] " + _END_EN),
    # "how much for a night" (release 1.33's priced reads "how much for a night with")
    ("en.sexual_harassment.rate_night", 0.75,
     "(how much)|(what's your rate)|(whats ur rate)|(whats your rate) !(for a night)|(for the night)|(for an hour)|(for a bj)|(for head)|(per night) " + clause_end("sweetheart|babe|honey|bitch|slut|sweetie|love|lol|then|huh|with|darling", "")),
    # "your daughter is gonna grow up thicc just like her mom"
    ("en.sexual_harassment.daughter", 0.85,
     "daughter|(little girl)|kid ~8 !thicc|thick|hot|sexy|fuckable|(a slut)|(a whore) ~3 (like her mom)|(like her mother)|(as her mom)|(as her mother)|(like you)|(like u)|(as you)"),
    ("en.sexual_harassment.daughter_pics", 0.8, "your|ur ~1 daughter ~3 !selfies|pics|nudes|(bikini pics) ~2 yet|(asking for a friend)"),
    # "sliding into your DMs with a dick pic", "enjoy the pics of my cock"
    ("en.sexual_harassment.dick_pic", 0.85,
     "(i'll)|(ill)|(i will)|(imma)|(i'm gonna)|(im gonna)|(i'm sending)|(im sending)|(sending you)|(sending u)|(sliding into)|(enjoy)|(rate)|(here's)|(heres)|(send her)|(send you)|(send u)|(i sent you)|(i sent u) ~4 !" + _DICK_PIC),
    ("en.sexual_harassment.dick_pic_incoming", 0.85,
     "!" + _DICK_PIC + " incoming|(coming your way)|(coming ur way)|(in your dms)|(in ur dms)|(in your inbox)|(every day)|(every night)"),
    # "im gonna make a deepfake of u", "photoshop her face onto a porn star"
    ("en.sexual_harassment.deepfake", 0.85,
     "!deepfake|deepfakes|(deep fake)|(deep fakes) ~2 of|porn|nude|nudes ~1 " + _HER_EN + "|her|porn|nudes"),
    ("en.sexual_harassment.face_on_porn", 0.85,
     "face|head ~1 onto|on ~1 a|some ~1 !(porn star)|pornstar|(porn actress)|(porn video)|(porn body)|(naked body)|(nude body)"),
    # "this activist just needs to get laid", "she needs to get fucked properly"
    ("en.sexual_harassment.needs_laid", 0.75,
     "need|needs ~1 to ~1 !(get laid)|(get fucked)|(be fucked)|(get dicked down)|(get railed)|(get banged) " + clause_end("properly|right|hard|good|already|by|every|ngl|tbh|lol|that|and|so", "")),
    # "whoever's fucking her isn't doing a good enough job"
    ("en.sexual_harassment.whoever_fucks", 0.8, "!(whoever's)|(whoevers)|(whoever is) fucking|banging|screwing ~1 her|you|u|ya"),
    # "tie her up and see if she still …"
    ("en.sexual_harassment.tie_up", 0.8, "!tie|(let's tie)|(lets tie)|(i'd tie)|(id tie) her|u|you ~1 up ~1 and ~2 see|fuck|show|teach|watch"),
    # "i'd let her interview me under the desk"
    ("en.sexual_harassment.under_desk", 0.8, "she|her|interview|job|promotion|scoop ~6 !(under the desk)|(under my desk)|(under his desk)|(under the table)"),
    # "she's asking to get groped wearing that", "that skirt was an invitation"
    ("en.sexual_harassment.asking_for", 0.8,
     "asking|begging ~1 to ~1 get|be ~1 !groped|raped|grabbed|(felt up)"),
    ("en.sexual_harassment.outfit_invitation", 0.8,
     "skirt|dress|outfit|top|leggings|blouse ~5 !(was an invitation)|(is an invitation)|(was asking for it)|(is asking for it) " + clause_end("bitch|lol|honestly|sweetheart|babe|and|so|dont|don't|for|slut", "")),
    # "women like her secretly want to be taken by force", "someone should rape some sense into
    # her", "run a train on her"
    ("en.sexual_harassment.by_force", 0.85,
     "want|wants|like|likes|love|loves ~2 to ~1 be ~1 !(taken by force)|raped|(forced)|(held down)"),
    ("en.sexual_harassment.rape_sense", 0.85, "!rape|fuck ~1 some ~1 sense|respect|manners ~1 into ~1 her|you|u|them"),
    ("en.sexual_harassment.train", 0.85, "!(run a train on)|(running a train on)|(ran a train on)|(run train on)|(pull a train on)"),
    # "somebody find her OnlyFans"
    ("en.sexual_harassment.onlyfans", 0.75, "find|post|link|drop|where's|wheres ~1 her|ur|your ~1 !onlyfans|(only fans)|(of link)"),
    # "bend over and i'll reconsider my views" (release 1.33's bend_over needs its subject)
    ("en.sexual_harassment.bend_over_and", 0.75, "!(bend over) and ~1 (i'll)|(ill)|(i will)|(we'll)|(i might)|(maybe i'll)"),
    # "she'd stop whining about harassment after one night with me"
    ("en.sexual_harassment.night_with_me", 0.8,
     "(she'd)|(you'd)|(she would)|(you would)|(shed)|(ud) ~6 !(one night with me)|(a night with me)|(a night in my bed)|(one night in my bed)"),
    # "spread those legs instead of spreading propaganda" (not "spread your legs shoulder-width")
    ("en.sexual_harassment.spread_legs", 0.8,
     "spread|open ~1 those|your|ur|her ~1 !legs|thighs " + clause_end("instead|for|bitch|slut|sweetheart|babe|and|already", "")),
    # "bet her boyfriend can't satisfy her", "keep talking sweetheart, it's turning me on"
    ("en.sexual_harassment.satisfy", 0.75, "(can't)|(cant)|(doesn't)|(doesnt)|never|(couldn't) ~1 !satisfy|satisfies ~1 her|you|u"),
    ("en.sexual_harassment.turning_on", 0.8,
     "talking|talk|voice|angry|mad|yelling|typing|arguing ~4 !(turning me on)|(turns me on)|(making me hard)|(makes me hard)|(got me hard)|(gets me hard)"),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # counter-speech: "unsolicited dick pics are harassment", "the creeps asking for nudes will get
    # reported"
    ("reported", "!(dick pics)|(dick pic) ~2 are|is ~1 harassment|illegal|(a crime)|(sexual harassment)|disgusting|gross|creepy|(not ok)|(never ok)"),
    ("reported", "creeps|guys|men|people|accounts|trolls|losers|those|anyone|comments|messages|replies|dms ~2 !asking|sending|demanding|send|ask ~2 nudes|(dick pics)|pics|photos " + CLAUSE),
]
# fmt: on
