"""Threats of harm and incitement as written in sexist pile-ons, release 1.9, as data (merged
into ``lexicon``; issue 18).

Written for Tocsin from general knowledge of English and French (no dataset sentence is copied
here; the cases are ours, ``eval/cases/own_threats_incitement.tsv``, and the fair batch 5 of
``eval/cases/fair_threats_direct.tsv`` was written before these rules). The forms were chosen by
reading what release 1.8 missed on EDOS's train and dev splits only (never its test split):
most of the common ones were already read ("she needs a good slap", "someone should slap her",
"you deserve to be raped", "i'd smack her", "hang her", "make her pay"); these are the ones that
were not:

- a harm wished on the target by a third party ("hope someone knocks your teeth out", "hope
  somebody puts you in your place with a fist");
- incitement to find the target and harm her ("go find her and beat her", "allez la chercher
  et faites-lui payer"), to show her "what happens to bitches like her";
- the target thrown somewhere ("throw her in a river"), locked in a basement or a cage, her
  mouth wired shut, "slap her around", "off with her head";
- harm deserved or asked for ("you deserve every punch you get", "she's asking to get hit",
  "elle mérite une bonne gifle", "tu as besoin d'une bonne raclée"), "she needs to hang.";
- the first person at it ("i'm slapping her", "makes me want to punch her");
- women as a group said to deserve or need violence ("women should be beaten", "any woman who
  says that needs to be exterminated"): Tocsin reads the replies to one target, a woman more
  often than not, and such a reply is a call to harm her too; only the strongest harms are
  read, and counter-speech ("no woman should be beaten", "people who say women should be
  beaten are vile") is neutralized.

Every rule but the group one has a target (the second person, "her"/"him", "this bitch") and
a rare anchor word. Look-alikes kept out: games and sport ("i'm punching the bag"), a pitch in
baseball ("asking to get hit by a pitch"), contact ("hope someone hits you up"), care and
praise ("she deserves every bit of praise", "elle mérite une bonne note"), news and reported
speech, "faites-lui payer l'addition".
"""

from __future__ import annotations

from tasks.scoring.tails import clause_end as _end

# What carries a threat on after a clause (``tails.clause_end``), in this module's own words
_END_WORDS_FR = (
    "tkt|t'?inquiete|crois\\s+moi|croyez\\s+moi|wallah|sale|fdp|toi|je\\s+te\\s+le\\s+(?:jure|promets)|"
    "tot\\s+ou\\s+tard|un\\s+jour|bientot|tu\\s+vas\\s+voir|espece|frere|connard|salope|pute|cette"
)
_END_WORDS_EN = (
    "bitch|hoe|bro|soon|one\\s+day|motherfucker|asshole|cunt|whore|slut|just\\s+wait|i\\s+swear|"
    "mark\\s+my\\s+words|already|again|lol|lmao|tbh|honestly|tho|though|frankly"
)


# fmt: off
LISTS: dict[str, list[str]] = {
    # a person designated by an insult or a noun, as the object of harm
    "designated_en": [
        "(this|that|the) ~1 (bitch|cunt|whore|slut|hoe|thot|skank|witch|hag|woman|girl|feminist|broad|twat)",
    ],
    # harm done by a third party wished on the target ("hope someone knocks …")
    "harm_3rd_en": [
        "knocks", "punches", "slaps", "smacks", "stabs", "shoots", "rapes", "kills", "strangles",
        "chokes", "bashes", "decks", "murders", "hangs", "lynches", "(runs over)", "stomps",
        "(beats the shit out of)", "(beats the crap out of)", "(beats the hell out of)",
        "(kicks the shit out of)", "(breaks your)", "(breaks her)", "(puts a bullet in)",
    ],
    # what one does to the target once found ("go find her and beat her")
    "harm_found_en": [
        "beat", "punch", "slap", "smack", "rape", "kill", "stab", "shoot", "hurt", "strangle",
        "choke", "hang", "burn", "drown", "lynch", "whip", "stone", "deck", "bash",
        "(beat the shit out of)", "(beat the hell out of)", "(teach her a lesson)",
        "(teach him a lesson)", "(make her pay)", "(make him pay)", "(make her suffer)",
        "(fuck her up)", "(fuck him up)",
    ],
    # women as a group ("women should be beaten")
    "women_group_en": [
        "women", "girls", "females", "feminists", "bitches", "whores", "sluts", "wives", "foids",
        "(any woman)", "(every woman)", "(any female)", "(any girl)", "(any feminist)",
        "(these women)", "(those women)", "(all women)", "(all feminists)",
    ],
    # the strongest harms said due to a group, as passives
    "group_harm_pp_en": [
        "beaten", "raped", "killed", "hanged", "hung", "shot", "stoned", "lynched", "exterminated",
        "gassed", "whipped", "murdered", "executed", "(put down)", "(beaten up)",
        "(knocked around)", "(slapped around)", "(slapped)", "(punched)", "(burned alive)",
        "(burnt alive)", "(beaten to death)", "(stoned to death)",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # --- English --------------------------------------------------------------------------------
    # "hope someone knocks your teeth out", "i wish somebody would slap her" (not "hope someone
    # hits you up": "hits" is not listed)
    ("en.threat.wish_third_party_harm", 0.8,
     "hope|wish|pray [that] someone|somebody|(some guy)|(some man)|(a man)|(a guy) [would] ~1 !@harm_3rd_en|slap|punch|smack|stab|strangle|choke|rape|deck you|u|her|him|your|ur|@designated_en"),
    # "hope somebody puts you in your place with a fist", "someone needs to put her in her
    # place with a belt"
    ("en.threat.place_with_fist", 0.8,
     "put|puts you|u|her in your|ur|her !place with ~1 fist|fists|belt|bat|slap|slaps|punch|punches|boot|knife|gun|hand|backhand"),
    # "go find her and beat her", "let's track him down and make him pay" (what is done once
    # she is found, two words on)
    ("en.threat.incite_find_and_harm", 0.85,
     "find|catch|grab|visit|(track down)|(hunt down) @you_direct_en|@designated_en [down|up] and ~2 !@harm_found_en"),
    # "someone should teach this bitch a lesson", "go teach that whore a lesson" (not "i teach
    # the girl a lesson every week": a call, a duty or an intent before it)
    ("en.threat.teach_designated", 0.8,
     "someone|somebody|go|(let's)|lets|should|(needs to)|(need to)|(has to)|gotta|(ought to)|oughta|gonna|(going to)|will|must ~1 teach @designated_en|(these bitches)|(those bitches)|(these whores) !(a lesson)|(a fucking lesson)|(some manners)|(her place)"),
    # "show her what happens to bitches like her" (not "show you what happens when baking soda
    # meets vinegar")
    ("en.threat.show_what_happens", 0.8,
     "show|teach @you_direct_en|them !(what happens to) bitches|whores|sluts|cunts|hoes|snitches|traitors|(people like)|(women like)|(girls like)|(feminists like)|(bitches like)"),
    # "throw her in a river", "someone should toss that bitch off a bridge"
    ("en.threat.throw_in", 0.8,
     "throw|toss|chuck|dump|push @you_direct_en|@designated_en in|into|off|down ~1 a|the !river|lake|volcano|ditch|woodchipper|(wood chipper)|cliff|bridge|(trash chute)|dumpster|(stairs)|(the stairs)"),
    # "she should be locked in a basement", "lock her in a cage" (not "locked up" alone: the law)
    ("en.threat.locked_in", 0.75,
     "lock|chain|cage @you_direct_en|she|he|@designated_en ~3 [up] in|to ~1 a|the|her|his|your !basement|cage|dungeon|closet|trunk|kitchen|stove|(padded cell)|radiator"),
    ("en.threat.should_be_locked_in", 0.75,
     "she|he|you|u|@designated_en ~1 should|must|(needs to)|(need to)|deserve(s)?|(ought to)|oughta ~1 [to] be|get !locked|chained|caged ~1 [up] in|to ~1 a|the|her|his|your basement|cage|dungeon|closet|trunk|kitchen|stove|(padded cell)|radiator"),
    # "wire her jaw shut", "sew your mouth shut"
    ("en.threat.mouth_shut", 0.8, "!wire|staple|sew your|ur|her|his ~1 mouth|jaw|lips shut"),
    # "slap her around", "smack you silly" (imperative, or after a modal)
    ("en.threat.slap_around", 0.8,
     "!slap|smack|knock|bitchslap|(bitch slap)|backhand @you_direct_en|@designated_en around|about|silly|senseless|(into next week)"),
    # "off with her head"
    ("en.threat.off_with_head", 0.8, "!(off with her head)|(off with his head)|(off with your head)|(off with their heads)"),
    # "you deserve every punch you get", "she deserves each slap"
    ("en.threat.every_blow", 0.8,
     "@deserver_en|you|u ~1 deserve(s|d)? every|each|all ~2 !punch|punches|slap|slaps|kick|kicks|blow|blows|beating|beatings|bruise|bruises|bullet|bullets|smack|smacks"),
    # "she's asking to get slapped", "you're begging for a beating"; "asking to get hit" at a
    # clause's end only ("… hit by a pitch" is baseball)
    ("en.threat.asking_for", 0.8,
     "(she's)|shes|(she is)|(you're)|youre|(you are)|ur|(u r)|(this bitch is)|(that bitch is) ~1 asking|begging ~1 !(to get slapped)|(to be slapped)|(to get punched)|(to be punched)|(to get smacked)|(to be smacked)|(for a slap)|(for a beating)|(for a punch)|(for a smack)|(to get beaten)|(to be beaten)|(to get decked)|(to get raped)|(to be raped)"),
    ("en.threat.asking_hit", 0.8,
     "(she's)|shes|(she is)|(you're)|youre|(you are)|ur|(u r) ~1 asking|begging ~1 !(to get hit)|(to be hit) " + _end(_END_WORDS_EN)),
    # "she needs to hang.", "this traitor should swing" (a clause's end: not "hang out", "hang
    # in there", "hang the picture")
    ("en.threat.needs_to_hang_end", 0.8,
     "she|he|you|u|@designated_en|(this traitor)|(that traitor) ~1 need(s)?|should|must|deserve(s)?|(ought to)|oughta ~1 [to] !hang|swing|fry " + _end(_END_WORDS_EN)),
    # "if i see her i'm slapping her", "we're punching you in the face" (not "i'm shooting her
    # a text", "i'm punching the bag")
    ("en.threat.first_person_ing_hit", 0.85,
     "(i'm)|im|(i am)|(we're)|(we are) ~1 !slapping|punching|smacking|stabbing|strangling|choking|decking|socking|backhanding|bitchslapping @you_direct_en|@designated_en " + _end(_END_WORDS_EN, "in|on\\s+sight|if|when|until|till|right|so")),
    # "makes me want to punch her", "she makes me wanna strangle her"
    ("en.threat.makes_me_want", 0.8,
     "makes|made|make me ~1 want|wanna [to] ~1 !punch|slap|smack|strangle|choke|stab|shoot|kill|murder|throttle|deck|(beat the shit out of)|(beat the hell out of)|(slap the shit out of)|(punch the shit out of) @you_direct_en|@designated_en"),
    # "women should be beaten", "any woman who says that needs to be exterminated", "feminists
    # deserve to be raped": a group, the strongest harms only
    ("en.threat.group_deserves_harm", 0.75,
     "@women_group_en [like] [her|you|u|that|this|them] should|must|(need to)|(needs to)|deserve|deserves|(ought to)|oughta ~1 [to] be|get !@group_harm_pp_en"),
    # "any woman who says that needs to be exterminated": the relative clause, five words
    ("en.threat.group_who_deserves_harm", 0.75,
     "any|every|all woman|women|female|females|girl|girls|feminist|feminists who|that ~5 should|must|(need to)|(needs to)|deserve|deserves|(ought to)|oughta ~1 [to] be|get !@group_harm_pp_en"),
    # --- French ---------------------------------------------------------------------------------
    # "elle mérite une bonne gifle", "tu as besoin d'une bonne raclée", "cette pute mérite des
    # baffes" (not "elle mérite une bonne note", "une tarte" may be a pie)
    ("fr.threat.deserves_slap", 0.8,
     "tu|elle|il|vous|cette|celle|(les femmes) ~2 mérite|mérites|méritent|méritez|mériterait|mériterais|mériteraient|(a besoin d')|(as besoin d')|(ont besoin d')|(avez besoin d')|(a besoin de)|(as besoin de) ~1 un|une|des|deux|quelques ~1 [bonne|bon|grosse|gros|sacrée|sacré|vraie|vrai|petite|petit] !gifle|gifles|baffe|baffes|claque|claques|raclée|raclées|rouste|dérouillée|torgnole|torgnoles|beigne|beignes|mandale|mandales|(coup de poing)|(coups de poing)|(coups de pied)|(coup de pied)|(coups de ceinture)|(balle dans la tête)"),
    # "faites-lui payer", "faut la faire payer, cette salope" (not "faites-lui payer l'addition")
    ("fr.threat.make_her_pay", 0.8,
     "!fais-lui|faites-lui|faisons-lui|fais-la|faites-la|faisons-la|(faut lui faire)|(faut la faire)|(faut le lui faire)|faites-leur payer " + _end(_END_WORDS_FR, "cher|ca|ça|sa|pour")),
    # release 1.17: "faut lui casser la gueule", 1.18: "fo lui casser la gueule" (the body
    # part named: not "faut lui couper les cheveux"; "refaire", "ouvrir" left out: surgery)
    ("fr.threat.incite_body", 0.85,
     "faut|faudrait|(il faut)|(il faudrait)|devrait|devraient|fo|faudrai|faudrais|fodrait|fodrai|faudra ~3 lui|leur ~1 casser|casse|péter|pète|briser|brise|exploser|explose|éclater|éclate|défoncer|défonce|fracasser|arracher|arrache|couper|coupe|trancher|crever|écraser|écrase le|la|les|l' !@body_fr"),
    # "allez la chercher et tabassez-la", "va la trouver et cogne-la"
    ("fr.threat.incite_find_and_harm", 0.85,
     "allez|va|vas|allons|trouvez|trouve|retrouvez|retrouve|attrapez|attrape ~1 la|le|lui|les [chercher|trouver|attraper] et ~2 !tabassez|tabasse|frappez|frappe|cognez|cogne|butez|bute|violez|viole|défoncez|défonce|démolissez|démolis|massacrez|massacre|faites-lui|fais-lui|(faites lui)|(fais lui)|crevez|crève|giflez|gifle"),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # "no woman should be beaten", "not one girl deserves to be raped" (the general negation
    # does not read "no" before a noun)
    ("negation", "no|(not a single)|(not one)|(not any) woman|women|girl|girls|wife|wives|female|females ~3 should|deserves|deserve|must|needs ~1 [to] be|get !@group_harm_pp_en"),
    # "anyone who says women should be beaten is wrong", "men who think wives deserve to be
    # slapped", "you think women should be killed for that?" (counter-speech reports the claim
    # of another; not "i think women should be shot", an opinion of one's own)
    ("reported", "(people who)|(people that)|(anyone who)|(anybody who)|(those who)|(men who)|(guys who)|(someone who)|(somebody who)|(man who)|(dudes who)|you|u think|thinks|say|says|said|believe|believes|claim|claims|argue|argues|tweet|tweets|post|posts|write|writes [that] !@women_group_en ~1 should|must|(need to)|(needs to)|deserve|deserves|(ought to)|oughta"),
    # "police say a man told her someone should shut her up" (news reports the threat: to the
    # clause's end)
    ("reported", "!(police say)|(police said)|(police says)|(according to police)|(the court heard)|(court heard)|(prosecutors said)|(witnesses said)|(officers said)|(the judge said) re:(?:$|[^a-z0-9][^.!?;,\\n]*)"),
    # "let's find her and thank her", "we'll track him down and hug him" (the older
    # en.threat.first_person_end reads "and" as a threat carried on)
    ("figurative", "her|him|you|u|them|down and ~1 !thank|hug|congratulate|support|help|protect|welcome|celebrate|applaud|praise|comfort|feed|interview|invite [her|him|you|u|them]"),
    # "faites-lui payer l'addition", "fais-la payer par carte"
    ("figurative", "!payer l'addition|(la note)|(le resto)|(le café)|(les courses)|(par carte)|(en liquide)|(sa part)|(le loyer)"),
]
# fmt: on
