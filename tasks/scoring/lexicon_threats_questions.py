"""Threats that wear a negation, French and English, as data (merged into ``lexicon``; issue 18,
release 1.44).

A negation takes a threat back ("je ne vais pas te tuer", "nobody is going to hurt you"), so
the lexicon's negation neutralizers blank it before the rules read the post. Three forms wear a
negation and are threats all the same, and until this release the neutralizers blanked them
(or, for some of the third, no rule read them):

- the question that asks why the target does not die: suicide baiting ("why don't you just
  die", "why don't you go kill yourself", "why aren't you dead yet", "pourquoi tu crèves pas",
  "pourquoi tu te suicides pas", "pourquoi tu ne vas pas te pendre");
- the killing put off, not renounced ("we won't kill you yet", "on va pas te tuer tout de
  suite");
- a death wished sooner or a life denied ("tu crèves pas assez vite", "you can't die soon
  enough", "you shouldn't be alive", "nobody would care if you killed yourself", "personne ne
  te regretterait si tu crevais"), written after blind batch 10 was scored (below).

These rules are *shielded* (``SHIELDED``, with ``real_suicide_why`` of release 1.9): where one
matches, the neutralizers read its span as one opaque word (``scan.neutralize``), so no
neutralizer that reads only part of it (a negation, a figure of speech) blanks it, while one
that holds the whole span (a quotation, a report: "il m'a écrit « … »") still does. A shielded
rule is therefore written to hold only what it means: each has its target (the second person,
or a third person said with "crève"/"se suicide"), and a question about death that continues
("why don't you die your hair", "pourquoi tu meurs pas de rire", "why didn't the villain die at
the end") ends its clause where a threat does (``_END``), so it is not matched and the
neutralizers read it as before.

The release also takes back three negations the rules read as threats: "je ne te tuerai pas"
(a future tense, negated after the verb), "je vais pas te tuer" (SMS French, no "ne") and
"personne ne va te tuer".

Written for Tocsin from general knowledge of both languages, from our own probe sentences (no
dataset sentence is copied here; the cases are ours, ``eval/cases/own_threats_questions.tsv``).
Blind batch 10 of ``eval/cases/fair_threats_direct.tsv`` was written and scored before these
rules and was not read while writing them; the last five rules above were written after it was
scored on the others (its misses still unread), and they change none of its verdicts.
"""

from __future__ import annotations

from tasks.scoring.tails import CLAUSE, clause_end

_END_FR = clause_end(
    "sale|salope|pute|connasse|connard|conne|toi|enfin|deja|encore|svp|stp|tkt|putain|bordel"
    "|espece|fdp|celle[\\s-]+la|celui[\\s-]+la|mdr|ptdr|lol|vite"
)
_END_EN = clause_end(
    "already|yet|bitch|whore|cunt|slut|loser|lol|lmao|please|plz|pls|finally|alone|slowly"
    "|in\\s+a\\s+(?:fire|hole|ditch)|for\\s+real|you\\s+\\w+"
)

# Each rule is anchored on its rarest word (docs/benchmarks.md): "pourquoi" for the French
# questions, the delay for the French killing put off, the negation for the English one, the
# death word for the English questions ("why" is in 1,578 of the real sets' distinct posts).
# fmt: off
_SELF_EN = (
    "(kill yourself)|(kill urself)|(kill yourselves)|(kill herself)|(kill himself)|(hang yourself)|"
    "(hang urself)|(hang herself)|(off yourself)|(neck yourself)|(end yourself)|(shoot yourself)|"
    "(drown yourself)|(jump off a bridge)|(jump off a cliff)|(jump off a roof)|kys"
)
_SELF_DONE_EN = (
    "(killed yourself)|(killed urself)|(killed herself)|(killed himself)|(offed yourself)|"
    "(hanged yourself)|(hung yourself)|(hanged herself)|(hung herself)"
)
_NOT_EN = "(don't)|dont|(won't)|wont|(can't)|cant|(doesn't)|doesnt"
_YOU_EN = "you|u|ya|yall|(y'all)|she|he"

RULES: list[tuple[str, float, str]] = [
    # "why don't you just die", "why won't she die already" (not "why don't you die your hair")
    ("en.threat.why_dont_you_die", 0.85,
     f"why {_NOT_EN} {_YOU_EN} ~2 !die " + _END_EN),
    # "why don't you go kill yourself", "why doesn't she hang herself"
    ("en.threat.why_dont_you_kill_yourself", 0.9,
     f"why {_NOT_EN} {_YOU_EN} ~2 !{_SELF_EN}"),
    # "why not just kill yourself", "why do you not die"
    ("en.threat.why_not_die", 0.85,
     f"why [do|does|would] [{_YOU_EN}] not ~1 !{_SELF_EN}|die " + _END_EN),
    # "why aren't you dead yet", "why haven't you killed yourself", "why are you still alive" (not
    # "why aren't you dead tired")
    ("en.threat.why_not_dead", 0.85,
     f"why (aren't)|arent|(isn't)|isnt|(haven't)|havent|(hasn't)|hasnt you|u|she|he ~1 !dead|{_SELF_DONE_EN} " + _END_EN),
    ("en.threat.why_still_alive", 0.8,
     "why are|r|is you|u|she ~1 still !alive|breathing " + _END_EN),
    # "we won't kill you yet", "i'm not going to kill you right away" (not "… yet in the game")
    ("en.threat.kill_later", 0.85,
     "!(won't)|wont|(not going to)|(not gonna)|(ain't gonna)|(aren't going to)|(aren't gonna) ~1 kill|murder|finish|torture you|u|her|him|ya ~1 yet|(just yet)|(right away)|(right now)|(straight away)|immediately|(too fast)|(too quickly)|(that fast)|(that quickly) " + _END_EN),
    # "pourquoi tu crèves pas", "pourquoi elle crève pas celle-là" (not "pourquoi tu meurs pas de
    # rire", "pourquoi je crève pas" said of oneself, "pourquoi le héros ne meurt pas à la fin")
    ("fr.threat.why_not_die", 0.85,
     "!pourquoi [est-ce] [que|qu'] tu|t'|vous|elle|il|ils|elles ~1 crèves|crevez|crève|crèvent|meurs|mourez|creve|creves ~1 pas|jamais " + _END_FR),
    # "pourquoi tu te tues pas", "pourquoi elle se pend pas" ("pourquoi tu te suicides pas", "…
    # te pends pas" are release 1.9's real_suicide_why, shielded here)
    ("fr.threat.why_not_kill_self", 0.9,
     "!pourquoi [est-ce] [que|qu'] tu|t'|vous|elle|il|ils|elles ~1 te|t'|vous|se|s' tues|tuez|tue|tuent|suicide|suicident|pend|pendent|butes|butez|flingues|flinguez ~1 pas|jamais " + _END_FR),
    # "pourquoi tu vas pas crever", "pourquoi vous allez pas vous tuer"
    ("fr.threat.why_not_go_die", 0.85,
     "!pourquoi [est-ce] [que|qu'] tu|t'|vous|elle|il ~1 vas|va|allez|vont pas ~1 crever|(te tuer)|(vous tuer)|(se tuer)|(te buter)|(te flinguer) " + _END_FR),
    # "pourquoi t'es pas encore morte", "pourquoi t'es toujours en vie"
    ("fr.threat.why_not_dead", 0.85,
     "!pourquoi t'es|(tu es)|es-tu|(vous êtes) pas ~1 mort|morte|morts|crevé|crevée " + _END_FR),
    ("fr.threat.why_still_alive", 0.8,
     "!pourquoi t'es|(tu es)|es-tu|(vous êtes)|(tu respires)|(vous respirez) toujours|encore ~1 vivant|vivante|(en vie) " + _END_FR),
    ("fr.threat.why_still_breathing", 0.8,
     "!pourquoi tu|vous ~1 respires|respirez encore|toujours " + _END_FR),
    # "tu crèves pas assez vite", "you can't die soon enough": a death not coming fast enough
    ("fr.threat.not_fast_enough", 0.85,
     "tu|t'|elle|vous ~1 [ne|n'] crèves|crève|crevez|meurs|meurt|mourez ~1 pas|jamais !(assez vite)|(assez tôt)"),
    ("en.threat.not_fast_enough", 0.85,
     "you|u|(you're)|youre|she|(she's)|shes|he|(he's) ~1 (can't)|cant|cannot|(won't)|wont|not|(isn't)|isnt|(aren't)|arent ~1 die|dying !(soon enough)|(fast enough)|(quick enough)|(quickly enough)"),
    # "you shouldn't be alive", "tu devrais pas être en vie"
    ("en.threat.shouldnt_be_alive", 0.8,
     "you|u|she|he ~1 (shouldn't)|shouldnt|(should not)|(don't deserve to)|(doesn't deserve to) ~1 !(be alive)|(be breathing)|(be allowed to live)"),
    ("fr.threat.shouldnt_be_alive", 0.8,
     "tu|t'|elle|vous ~1 [ne|n'] devrais|devrait|devriez ~1 pas|plus ~1 !(être en vie)|(être vivant)|(être vivante)|(exister)|(respirer)"),
    # "nobody would care if you killed yourself" (release 1.9's nobody_would_miss says "miss");
    # "personne ne te regretterait si tu crevais"
    ("en.threat.nobody_would_care", 0.8,
     "nobody|(no one) ~1 would|will|(is gonna)|gonna care|notice ~1 !(if you died)|(if u died)|(if you killed yourself)|(if you were dead)|(if you disappeared)|(when you're dead)|(when you die)"),
    ("fr.threat.nobody_would_miss", 0.8,
     "personne ~1 [ne|n'] te|t'|la|le ~1 regretterait|regrettera|pleurerait|pleurera|remarquerait ~1 si|quand tu|t'|elle ~1 !crevais|mourais|crevait|mourait|disparaissais|(te suicidais)|(te tuais)|(seras morte)|(seras mort)|(serais morte)|(serais mort)"),
    # "on te tuera pas tout de suite", "je vais pas te buter maintenant"
    ("fr.threat.kill_later", 0.85,
     "je|j'|on|nous ~1 [ne|n'] te|t'|vous|la|le ~1 tuerai|tuera|tuerons|buterai|butera|buterons|achèverai|achèvera|achèverons|tue|tuons|bute|butons|achève|achevons pas|jamais ~1 !(tout de suite)|maintenant|aujourd'hui|(trop vite)|(si vite)|(pas encore) " + _END_FR),
    ("fr.threat.kill_later_going", 0.85,
     "je|j'|on|nous ~1 [ne|n'] vais|va|allons pas ~1 te|t'|vous|la|le ~1 tuer|buter|achever ~1 !(tout de suite)|maintenant|aujourd'hui|(trop vite)|(si vite)|(pas encore) " + _END_FR),
]

# The rules a neutralizer may not read into (``scan.neutralize``): these, and release 1.9's
# question "pourquoi tu vas pas te pendre", which "pourquoi tu ne vas pas te pendre" negated.
SHIELDED: list[str] = [rid for rid, _, _ in RULES] + ["fr.threat.real_suicide_why"]

# Negations the rules read as threats (lexicon.NEUTRALIZERS).
NEUTRALIZERS: list[tuple[str, str]] = [
    # "je ne te tuerai pas", "on ne te touchera jamais" (the negation after the verb)
    ("negation",
     "ne|n' [te|t'|vous|la|le|l'|lui] !tuerai|tuera|tuerons|tueront|tuerais|tuerait|buterai|butera|buterons|toucherai|touchera|toucherons|frapperai|frappera|frapperons ~1 pas|jamais|plus " + CLAUSE),
    # "je vais pas te tuer, calme-toi" (SMS French drops the "ne"; only the words themselves are
    # blanked: "on va pas te tuer, juste te casser les jambes" keeps its second half)
    ("negation",
     "!(vais pas)|(va pas)|(vas pas)|(allons pas)|(allez pas)|(vont pas)|(veux pas) te|t'|vous|la|le|l' @kill_inf_fr"),
    # "personne ne va te tuer", "nul ne te fera de mal"
    ("negation",
     "personne|nul ne|n' ~3 !@kill_inf_fr|@kill_pp_fr|(faire de mal)|(faire du mal)|(fera de mal)|(fera du mal) " + CLAUSE),
]
# fmt: on
