"""Counter-speech: what others post about the target, judged (release 1.50, issue 18).

"The comments about her body are disgusting", "the abuse you get is vile, sending love", "the
people attacking her are pathetic losers", "les gens qui la harcèlent sont des minables": the
insult is aimed at the pile-on, in the target's defence. Before 1.50 the insult rules read
them as said of the target ("are disgusting", "you get are disgusting": ``en.insult.directed``
allows a word between its subject and its insult), so a supportive post counted as hostile,
and one that also said "stay strong" became hostile through the insult's weight.

Each neutralizer reads who the judged thing is: speech or abuse **aimed at** the target ("the
replies to her", "the hate she gets", "what they say about you"), the people who aim it ("the
men in her replies", "the people harassing her", "whoever is sending you those DMs", "ses
harceleurs"), the pile addressed as a crowd ("you lot", "y'all": its target is one person), or
the pile-on described rather than called for ("the pile-on against her"). Speech **by** the
target stays an insult ("your comments are pathetic", "what you write is garbage", "her tweets
are trash"), as does anything after the clause ends ("the trolls are right, she is a liar"). A
neutralizer ends where the judgement does ("… are pathetic"): what follows is read as ever, so
"the trolls will find you" stays a threat.

Things judged are not the target either ("this weather is trash", "their defense is a joke",
"my phone is useless"): a closed list of things, none a person's work ("your article is
trash", "his show is garbage" stay insults).

Measured on three batches written by helper agents that never saw these rules
(eval/cases/fair_counter_speech.tsv, docs/scoring.md): on the unread one, they fix 2 of 22
errors. Phrase forms do not carry far from their author's phrasings.
"""

from __future__ import annotations

# The judgement that ends each neutralizer: a copula and an insult, with up to two
# intensifiers ("are so fucking pathetic", "is a disgrace"); not any word after it ("are right,
# you disgusting pig" keeps its insult).
_SO_EN = (
    "[so|absolutely|truly|really|fucking|utterly|just|beyond|completely|totally|such|a|an"
    "|absolute|complete|total|utter|mostly|all|pure|little|sad|spineless|anonymous|frankly"
    "|honestly|(a bunch of)|(bunch of)|(nothing but)|(some of the)]"
)
_JUDGED_EN = (
    f"is|are|were|r|(is being)|(are being) {_SO_EN} {_SO_EN} @insult_weak_en|@insult_strong_en"
)
_SO_FR = (
    "[des|de|d'|une|un|que|vraiment|tellement|trop|juste|(que des)|(qu'une)|(qu'un)|grosses|gros"
    "|sacrés|pauvres|bande]"
)
# Said of the things or the people before it: not "c'est", "t'es" (a new subject: "les
# commentaires sur elle sont justes, c'est une minable").
_COPULA_FR = "est|sont|était|étaient|restent|reste|seraient|serait"
_JUDGED_FR = f"{_COPULA_FR} {_SO_FR} {_SO_FR} @insult_weak_fr|@insult_strong_fr"

_DET_EN = "the|these|those|this|that|(all the)|(all these)|(all this)|(so many)|(the amount of)"
# What is aimed at the target, as a thing one says, sends or does.
_SPEECH_EN = (
    "comments|comment|replies|reply|messages|message|tweets|tweet|posts|post|dms|insults|attacks"
    "|abuse|hate|harassment|threats|remarks|slurs|vitriol|bile|misogyny|racism|trolling|bullying"
    "|pile-on|dogpile|responses|things|stuff|lies|rumors|rumours|jokes|memes|smears"
    "|names|filth|garbage"
)
_AIMED_EN = "about|to|at|against|toward|towards|(aimed at)|(directed at)|(thrown at)|(sent to)|on"
_WHOM_EN = (
    "her|him|you|u|ya|them|this|(this woman)|(this journalist)|(that woman)|(your family)"
    "|(her family)|(his family)|(your kids)|(her kids)|(his kids)"
)
# Where it is said, between what is judged and the judgement: "the trolls in this thread are…"
_WHERE_EN = (
    "[in|under|on|below] [this|that|the|her|your|his|these|those] "
    "[thread|post|replies|mentions|comments|tweet|tweets|dms|inbox]"
)
# The people who aim it.
_PEOPLE_EN = (
    "people|men|guys|dudes|accounts|trolls|losers|cowards|creeps|haters|folks|bots|users|incels"
)
_DOING_EN = (
    "attacking|harassing|insulting|threatening|doxxing|doxing|dogpiling|(piling on)|targeting"
    "|bullying|mocking|trolling|abusing|stalking|hounding|smearing|(going after)|(coming after)"
)
# What the pile does, said of its members ("the trolls who spam her inbox").
_DO_EN = (
    "spam|flood|attack|harass|insult|threaten|troll|mock|stalk|bully|abuse|target|dox|doxx"
    "|send|write|post|reply|comment|dm|message|dogpile|hound|smear|(pile on)|(go after)"
    "|(come after)|keep"
)
_GETTING_EN = (
    "gets|get|got|receives|receive|received|(is getting)|(are getting)|(has been getting)"
    "|(have been getting)|faces|face|(is facing)|(are facing)|(deals with)|(has to deal with)"
    "|(have to deal with)|endures|(puts up with)|(put up with)|takes"
)
_THEY_EN = (
    "they|they're|theyre|(they are)|people|(people are)|(these people)|(those people)"
    "|(these guys)|(those guys)|(some people)|(some of you)|(you guys)|(u guys)|others|trolls"
    "|men|folks|everyone|(these accounts)|(those accounts)"
)
_SAYING_EN = (
    "say|said|write|wrote|post|posted|tweet|tweeted|saying|writing|posting|doing|spreading|do"
    "|did|written"
)
# Whoever does it: "whoever is sending you those DMs is a coward", "anyone sending her those
# jokes is a creep"
_WHOEVER_EN = "whoever|anyone|anybody|everyone"
_SENDING_EN = (
    "sending|sends|sent|writing|writes|wrote|posting|posts|saying|says|leaving|spreading"
    "|tweeting|messaging|replying|harassing|attacking|insulting|threatening|doxxing"
    "|coordinating|organising|organizing|running|behind|defending|cheering|egging"
)

# Things, not people, nor what a person makes ("your article", "his show", "her album" are not
# here), after a determiner that is not the reader's ("your phone" may be said to insult).
_THINGS_EN = (
    "weather|phone|app|apps|game|games|defense|defence|offense|offence|food|service|station"
    "|train|trains|wifi|internet|update|coffee|pizza|burger|restaurant|hotel|flight|airline|bus"
    "|traffic|referee|ref|refs|lineup|roster|goalie|keeper|bullpen|playoffs|stadium|laptop"
    "|computer|car|printer|camera|battery|graphics|controls|servers|patch"
)

_DET_FR = "les|ces|(tous les)|(toutes les)|(tous ces)|(toutes ces)|(tout ce)|(toute cette)|(ce)"
_SPEECH_FR = (
    "commentaires|commentaire|messages|message|réponses|tweets|posts|insultes|attaques|menaces"
    "|propos|remarques|harcèlement|haine|raid|acharnement|lynchage|déferlement"
)
_AIMED_FR = (
    "(sur elle)|(sur lui)|(sur toi)|(sur son)|(sur sa)|(sur ses)|(sur ton)|(sur ta)|(sur tes)"
    "|(contre elle)|(contre lui)|(contre toi)|(envers elle)|(envers toi)|(envers lui)"
    "|(à son encontre)|(à ton encontre)|(à propos d'elle)|(à propos de lui)|(à propos de toi)"
    "|(sous son)|(sous ton)|(sous ses)|(sous tes)|(qu'elle reçoit)|(qu'il reçoit)"
    "|(que tu reçois)|(qu'elle subit)|(qu'il subit)|(que tu subis)|(qu'on lui envoie)"
    "|(qu'on t'envoie)|(qu'elle prend)|(que tu prends)"
)
_PEOPLE_FR = (
    "gens|mecs|types|gars|comptes|hommes|trolls|harceleurs|haters|personnes|abrutis|lâches"
    "|lache|lâche|connards|individus|anonymes"
)
# What they do to her: "ce qu'ils disent d'elle", "ce qu'on lui fait subir"
_THEY_DO_FR = (
    "(ce qu'ils)|(ce qu'elles)|(ce qu'on)|(ce que les gens)|(ce que ces gens)|(ce que certains)"
)
_DOING_FR = (
    "harcèlent|harcelent|insultent|menacent|attaquent|lynchent|traquent|harcèle|insulte|menace"
    "|attaque|salissent|salit|(s'acharnent sur)|(s'acharne sur)|(tombent sur)"
)

# fmt: off
# Anchored (``!``) on one word, never a phrase: a phrase runs on every text, a word on the
# call's vocabulary (tasks/scoring/scan.py).
NEUTRALIZERS: list[tuple[str, str]] = [
    # "the comments about her body are disgusting", "the replies to her are pathetic", "the lies
    # being spread about him are vile" (not "your comments are pathetic": a determiner, not hers)
    ("reported", f"{_DET_EN}|their ~2 !{_SPEECH_EN} ~3 {_AIMED_EN} ~1 {_WHOM_EN} ~2 {_WHERE_EN} {_JUDGED_EN}"),
    # "their replies are garbage" (said to her: "their" is the others'), "the pile-on in her
    # mentions is pathetic"
    ("reported", f"{_DET_EN}|their ~1 !{_SPEECH_EN} {_WHERE_EN} {_JUDGED_EN}"),
    # "the abuse you get is disgusting", "all the hate she gets is disgusting"
    ("reported", f"{_DET_EN} ~2 !{_SPEECH_EN} ~1 she|you|he|u|they|(this woman)|she's|shes|he's|hes|you're|youre|they're|theyre|(she has)|(you have)|(he has) ~1 {_GETTING_EN}|getting|receiving|facing ~1 {_JUDGED_EN}"),
    # "what they say about her is pathetic", "what's being said about you in these replies is
    # gross" (not "what you write is garbage")
    ("reported", f"what|(what's)|whats|(what is) ~1 {_THEY_EN} ~1 !{_SAYING_EN} ~1 about|to|at ~1 {_WHOM_EN} ~2 {_WHERE_EN} {_JUDGED_EN}"),
    ("reported", f"(what's)|whats|(what is) being !said|written|posted|done ~1 about|to ~1 {_WHOM_EN} {_WHERE_EN} {_JUDGED_EN}"),
    # "what's happening to @claire_news is a disgrace", "what they did to her is vile"
    ("reported", f"(what's)|whats|(what is)|(what was)|what ~1 !happening|happened|did|done|doing ~1 to|with ~2 {_JUDGED_EN}"),
    # "whoever is sending you those DMs is a coward", "anyone sending her those jokes is a creep"
    ("reported", f"!{_WHOEVER_EN} ~1 {_SENDING_EN} ~5 {_JUDGED_EN}"),
    # "the people attacking her are pathetic losers", "the accounts piling on her are mostly
    # anonymous creeps"
    ("reported", f"{_DET_EN} ~2 !{_PEOPLE_EN} ~1 {_DOING_EN} ~1 {_WHOM_EN} {_WHERE_EN} {_JUDGED_EN}"),
    ("reported", f"{_DET_EN} ~2 !{_PEOPLE_EN} ~1 in|under ~1 her|your|ur|his|their|the ~1 replies|mentions|comments|dms|inbox ~1 {_JUDGED_EN}"),
    # "the trolls who spam her inbox are cowards", "the accounts that harass you are pathetic"
    # (release 1.51; "the people who defend her are clowns" stays: not what the pile does)
    ("reported", f"{_DET_EN} ~2 !{_PEOPLE_EN} who|that ~1 {_DO_EN} ~4 {_JUDGED_EN}"),
    # "her trolls are pathetic", "these trolls are absolute losers", "the trolls in this thread
    # are pathetic"
    ("reported", f"the|these|those|her|your|ur|his|(all the)|(all these)|(all her)|(all your) !trolls|haters|harassers|attackers|bullies|abusers|stalkers|dogpilers|mob {_WHERE_EN} {_JUDGED_EN}"),
    # "the pile-on in her mentions is pathetic" (lexicon_threats_veiled reads "… is disgusting")
    ("reported", f"the|this|that !raid|pile-on|dogpile|brigading|harassment|mob ~4 {_JUDGED_EN}"),
    # the pile addressed as a crowd (its target is one person): "you lot are pathetic", "y'all
    # are sad little men"
    ("reported", f"you|u !lot|people|guys|trolls|cowards|creeps|losers|clowns ~1 {_JUDGED_EN}"),
    ("reported", f"!y'all|yall ~1 {_JUDGED_EN}"),
    # the pile-on described, not called for: "the pile-on against her is organised" ("pile on
    # her", "let's do a pile-on" still call for one)
    ("reported", "the|this|that|their|(the whole)|(this whole)|(that whole) !pile-on|dogpile|brigading ~1 against|on|targeting|in|of|she's|he's|you're|is|was|has"),
    # the flood described, not called for: "these weirdos flood her replies", "the trolls who
    # spam her inbox" (release 1.51; "flood her mentions", "everyone flood her inbox" still call)
    ("reported", "who|they|trolls|bots|accounts|weirdos|creeps|losers|incels|haters|idiots|cowards|mob|(they all)|(they just) !flood|floods|spam|spams|bombard|bombards|raid|raids ~2 her|his|your|their|the|my ~1 mentions|inbox|dms|account|timeline|replies"),
    # the pile told to be ashamed: "the trolls in her mentions should be ashamed of themselves"
    # (release 1.51; "you should be ashamed of yourself" stays)
    ("reported", "should|must|(ought to) ~1 be !ashamed of themselves"),
    # things: "this weather is trash", "their defense is a joke", "my phone is useless"
    ("figurative", f"this|the|that|my|their|our|these|those|(the whole) ~1 !{_THINGS_EN} ~1 {_JUDGED_EN}"),
    # "les commentaires sur son physique sont ignobles", "les insultes qu'elle reçoit sont
    # lamentables"
    ("reported", f"{_DET_FR} ~1 !{_SPEECH_FR} ~2 {_AIMED_FR} ~2 {_JUDGED_FR}"),
    # "les gens qui la harcèlent sont des minables", "ces comptes qui t'insultent sont nuls"
    ("reported", f"{_DET_FR} ~1 !{_PEOPLE_FR} ~1 qui ~1 la|le|te|t'|vous|l'|les|lui ~1 {_DOING_FR} ~1 {_JUDGED_FR}"),
    # "les comptes anonymes qui s'acharnent sur elle sont des minables"
    ("reported", f"{_DET_FR} ~1 !{_PEOPLE_FR} ~1 qui ~1 (s'acharnent sur)|(s'acharne sur)|(s'en prennent à)|(s'en prend à)|(tombent sur)|harcèlent|harcelent|insultent|menacent ~1 elle|lui|toi|vous|(cette journaliste)|(ce journaliste) ~1 {_JUDGED_FR}"),
    # "ses harceleurs sont des lâches", "tes haters sont pathétiques"
    ("reported", f"les|ces|ses|tes|vos|(tous ses)|(tous tes) !harceleurs|harceleuses|haters|trolls ~1 {_JUDGED_FR}"),
    # "ce qu'ils disent d'elle est dégueulasse", "ce qu'on lui fait subir est honteux"
    ("reported", f"{_THEY_DO_FR} ~1 !disent|écrivent|balancent|envoient|font|fait|dit|écrit ~1 [subir] d'elle|(de lui)|(de toi)|(sur elle)|(sur lui)|(sur toi)|lui|te|t' ~2 {_JUDGED_FR}"),
    # the trolls addressed: "bande de bouffons derrière vos écrans"
    ("reported", "(bande de) ~2 @insult_weak_fr|@insult_strong_fr ~2 !derrière|derriere ~1 vos|leurs|tes|des|ses|son ~1 écrans|claviers|ecrans|pseudos|comptes|avatars"),
    # "quelle bande de chiens ces comptes anonymes qui publient son adresse"
    ("reported", f"quelle|quel|(bande de) ~2 @insult_weak_fr|@insult_strong_fr|chiens|rats|hyènes|vautours|charognards ~1 ces|les|tous|toutes ~2 !{_PEOPLE_FR} ~2 qui"),
    # "ce qu'on lui fait subir est une honte", "ce qu'ils lui envoient est immonde"
    ("reported", f"{_THEY_DO_FR} lui|te|t'|leur|vous ~1 !fait|font|envoie|envoient|dit|disent|écrit|écrivent|balancent|balance|infligent|inflige ~1 [subir|endurer] ~2 {_JUDGED_FR}"),
]
# fmt: on
