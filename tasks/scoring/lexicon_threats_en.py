"""English threats that endorse, wish or call for harm to a person, as data (merged into
``lexicon``): the forms the first-person rules do not cover (issue 18).

Written for Tocsin from general knowledge of English: what someone "should have" or "would have"
done to her, what she "needs" or "deserves" (a slap, the rope), that it is "ok to punch" one,
imperatives opening a sentence ("Hang her publicly.") or following the clause that says when
("if she shows up again, shoot her", release 1.27). Found by reading what the rules missed on
EDOS's train and dev splits only (never its test split, never HateCheck, OLID, the OpenAI
moderation set or ETHOS); no sentence of any set is copied, each rule is a general phrase.

Every rule needs a person as the object or the subject: "her", "him", "you", a designated
person ("that bitch", "this traitor") or women as a group; a violent verb alone (news, games,
sport) is left to the neutralizers and the other rules.
"""

from __future__ import annotations

# fmt: off
LISTS: dict[str, list[str]] = {
    # what was or would have been done to someone's body ("should have slapped her"); not "hit"
    # ("you should hit her up") nor "kick" alone ("kicked him off the team")
    "harm_done_en": [
        "beat", "beaten", "beat up", "slapped", "slap", "bitch slapped", "bitch slap", "punched",
        "punch", "smacked", "smack", "choked", "choke", "strangled", "strangle", "stabbed", "stab",
        "shot", "shoot", "killed", "kill", "raped", "rape", "decked", "deck", "knocked out",
        "knock out", "hanged", "hung", "hang", "lynched", "lynch", "drowned", "drown", "burned",
        "burnt", "burn", "beheaded", "behead", "backhanded", "backhand", "curb stomped",
        "curb stomp", "murdered", "murder", "strangled", "whipped", "whip", "stoned", "stone",
        "bit", "bite", "kicked her ass", "kick her ass", "pistol whipped", "waterboarded", "gassed",
        "put down", "run over", "ran over", "slit", "tortured", "torture", "castrated",
        "smashed", "clobbered", "pummeled", "pummelled", "socked", "throttled", "throttle",
    ],
    # a person named as the one harmed: a pronoun, or a designating insult
    "victim_en": [
        "her", "him", "them", "you", "u", "ya",
        "(that|this|the|every|any) ~1 (bitch|cunt|whore|slut|hoe|ho|thot|skank|witch|hag|traitor|woman|girl|broad|feminist|lady|wench|foid|twat|bimbo)",
        "(your|ur|a|the) ~1 (wife|wives|woman|women|girlfriend|gf|girl|bitch|whore|slut)",
        "women", "girls", "feminists", "bitches", "whores", "sluts", "wives", "females", "foids",
    ],
    # who is said to need or deserve harm
    "deserver_en": [
        "she", "he", "they", "you", "u", "women", "woman", "girls", "feminists", "bitches", "whores",
        "sluts", "females", "foids", "(this|that|the) ~1 (bitch|cunt|whore|slut|hoe|ho|thot|skank|witch|hag|traitor|woman|girl|broad|feminist|lady|twat|bimbo)",
        "(she|he|they) (really|just|totally|fucking|definitely|honestly|simply|clearly)",
    ],
    # the harm a person "needs" or "deserves"
    "due_harm_en": [
        "(a|the) (slap|smack|punch|kick|boot|backhand|beating|beatdown|rope|noose|chair|bitch slap)",
        "(a) (good|hard|wee|little|real|proper|nice) (slap|smack|punch|kick|beating|backhand)",
        "(the) (death sentence|death penalty|firing squad|gallows|guillotine|hangman's noose)",
        "(capital punishment)", "(to hang for)", "(to hang from)", "(to swing for)", "(to swing from)",
        "(to fry for)", "(to be put down)",
        "(to be slapped)", "(to be punched)", "(to be smacked)", "(to be knocked around)",
        "(to be kicked)", "(to be executed)", "(to be exterminated)", "(to be murdered)",
        "(to be killed)", "(to be whipped)", "(to be gassed)", "(to be drowned)",
        "(to be thrown off)", "(to get slapped)", "(to get punched)", "(to get hit)",
        "(to get smacked)", "(to get killed)", "(to get hanged)", "(to get lynched)",
        "(to get knocked around)", "(to get the rope)", "(to get the chair)",
        "(knocked around)", "(slapped around)", "(to be knocked out)", "(a bullet in)",
        "(a bullet between)", "(a bullet through)",
    ],
}

_IMPERATIVE = (
    "hang|shoot|stab|kill|strangle|choke|lynch|punch|slap|smack|rape|behead|guillotine|stone|gut|"
    "torch|drown|curb\\s+stomp|execute|murder|shank|beat\\s+the\\s+(?:shit|crap)\\s+out\\s+of"
)
_KIN = (
    "husband|wife|wives|mom|mum|mother|dad|father|kids|children|child|sons?|daughters?|family|"
    "sister|brother|baby|babies|parents|boyfriend|girlfriend"
)

RULES: list[tuple[str, float, str]] = [
    # "should have slapped her", "i would've beat her", "shoulda decked that bitch"
    ("en.threat.should_have_harmed", 0.8,
     "should|would|could|shoulda|woulda|(should've)|(would've)|(could've) ~1 have|(of)|[ve] ~2 !@harm_done_en @victim_en"),
    ("en.threat.should_have_harmed_c", 0.8,
     "!shoulda|woulda|(should've)|(would've) ~2 @harm_done_en @victim_en"),
    # "she needs a good slap", "this traitor deserves the death sentence", "women deserve to be
    # knocked around"
    ("en.threat.due_harm", 0.85,
     "@deserver_en ~1 need(s)?|deserve(s|d)?|oughta|(ought to)|(should get)|(should be given)|(has it coming) ~1 !@due_harm_en"),
    # "it's ok to punch a girl", "raping women is fine": harm approved of
    ("en.threat.ok_to_harm", 0.85,
     "(it's)|(its)|(it is)|(should be)|(is) [perfectly|totally|completely|absolutely|so] ok|okay|fine|alright|legal|allowed|acceptable|justified|good ~1 to ~1 !beat|hit|punch|slap|smack|rape|kill|murder|stab|shoot|strangle|choke|kick|lynch|hang ~1 @victim_en|a|your"),
    ("en.threat.harm_is_fine", 0.85,
     "!raping|beating|hitting|punching|slapping|killing|murdering|lynching|strangling|choking|stabbing ~1 women|woman|girls|her|wives|bitches|whores|feminists|(your wife)|(a woman)|(a girl) ~1 is|are ~1 fine|cool|ok|okay|good|fun|great|justified|acceptable|(the answer)|(the solution)|necessary"),
    # "hope her and her whole family get murdered": the wish, seven words on
    ("en.threat.wish_gets_far", 0.85,
     "hope|wish|pray ~7 !(get(s)? murdered)|(get(s)? raped)|(get(s)? killed)|(get(s)? shot)|(get(s)? stabbed)|(get(s)? lynched)|(get(s)? hanged)|(get(s)? beheaded)|(get(s)? flattened)|(get(s)? hit by a (truck|car|bus|train))|(get(s)? run over)|(get(s)? beaten)|(get(s)? strangled)"),
    # "she needs to hang", "he should swing", "she should fry"
    ("en.threat.needs_to_hang", 0.8,
     "she|he|they|you|u|(this traitor)|(that traitor)|(this bitch)|(that bitch) ~1 need(s)?|should|must|(ought to)|oughta|deserve(s)? ~1 [to] !(hang for)|(hang from)|(hang by)|(swing for)|(swing from)|(fry for)|(be hanged)|(be hung)|(hang for)|(swing for)|(be executed)|(face the firing squad)|(face the noose)|(face the rope)|(face the gallows)"),
    # "my guys are coming for you"
    ("en.threat.crew_coming", 0.85,
     "my|our boys|guys|friends|brothers|cousins|people|crew|homies|mates|lads|gang are|r|(will be)|('re) ~1 !(coming for)|(coming after)|(on their way to)|(waiting for)|(looking for)|(gonna find)|(going to find) you|u|her|him|ya"),
    # "she'll regret ever opening her mouth", "you'll regret the day"
    ("en.threat.will_regret_ever", 0.8,
     "(you'll)|(youll)|(you will)|(she'll)|(she will)|(he'll)|(he will)|(u will)|(ull)|(you're gonna)|(she's gonna)|(he's gonna) !regret ever|(the day)|(crossing)|(messing with)|(fucking with)|(opening (your|her|his) (mouth|fat mouth|big mouth))|(being born)|(saying that)|(talking shit)|(posting this)|(writing this)"),
    # "someone ought to grab that bitch", "someone should slap her": a third party called on
    ("en.threat.someone_should_harm", 0.8,
     "someone|somebody|(some one) ~1 should|(needs to)|must|gotta|(ought to)|oughta|(has to)|better|(is gonna)|will ~2 !slap|smack|punch|kick|choke|strangle|beat|drown|burn|lynch|hang|cap|pop|whack|shoot|stab|kill|rape|deck|knock|(beat the shit out of)|(kick the shit out of) @victim_en"),
    # release 1.27: an imperative after the clause that says when ("if she shows up again, shoot
    # her"; not "..., shoot him a text": the clause ends at him/her)
    ("en.threat.imperative_after_if", 0.8,
     "re:(?i)(?:^|[\\n.!?:;])\\s*(?:if|when|once|whenever|the\\s+moment|next\\s+time|as\\s+soon\\s+as)"
     "\\s[^.!?\\n,;:]{1,80},\\s*(?:then\\s+|just\\s+|go\\s+|you\\s+)?(?:(?:" + _IMPERATIVE + ")\\s+(?:her|him)"
     "(?:\\s*(?:$|[.!?,;\\n])|\\s+(?:dead|on\\s+sight|to\\s+death|right\\s+there|immediately|again|"
     "in\\s+the\\s+(?:face|head|throat|street)))|beat\\s+(?:her|him)\\s+(?:up|senseless|to\\s+death))"),
    # "shoot her husband", "stab his wife": an imperative aimed at the target's kin, the clause
    # ending there ("hang your family photos", "shoot your family portrait" are not)
    ("en.threat.imperative_kin", 0.85,
     "re:(?i)(?:^|[\\n.!?:;])\\s*(?:(?:please|just|someone|somebody|go|and|then|now)\\s+)?"
     "(?:shoot|stab|kill|rape|strangle|hang|kidnap|murder|hurt|beat\\s+up|torch|drown|lynch|behead)"
     "\\s+(?:her|his|their|your|ur)\\s+(?:" + _KIN + ")(?:\\s*(?:$|[.!?,;\\n])|\\s+(?:and|dead|now|too|"
     "first|tonight|today|while|then|before|until|till|in\\s+front|right\\s+in|to\\s+death|one\\s+by\\s+one))"),
    # release 1.30: "he should have smashed a bottle over her head", "i'll break this bottle on
    # your head" (a modal first: "he smashed a bottle over her head in the film" is a story)
    ("en.threat.smash_over_head", 0.85,
     "should|would|could|shoulda|woulda|(should've)|(would've)|(i'd)|(i'll)|ill|gonna|(going to)|(needs to)|(need to)|(ought to)|will ~3 !smash|smashed|break|broke|crack|cracked ~3 over|across|on|into your|ur|her|his|their head|face|skull|teeth"),
    # "that traitor ought to be guillotined", "this woman should be shot"
    ("en.threat.designated_should_be", 0.85,
     "this|that ~1 bitch|cunt|whore|slut|traitor|witch|hag|woman|man|guy|bastard|scum|creep|freak|skank|twat ~1 should|must|(ought to)|oughta|(needs to)|(deserves to) [all] be !@kill_pp_en"),
]

# "i'd love to shoot her portrait", "that deserves a bullet point": a camera and a list, not a gun
NEUTRALIZERS: list[tuple[str, str]] = [
    ("figurative", "!shoot|shooting|photograph|film|filming her|his|their|your|ur|my|our ~1 portrait(s)?|photo(s)?|picture(s)?|headshot(s)?|wedding|video(s)?|film|scene(s)?|cover|campaign|episode|documentary|interview|photoshoot"),
    ("figurative", "bullet !point(s)?|list|journal|train"),
    ("figurative", "!smash|smashed|break|broke|crack|cracked an|the|some ~1 egg(s)?"),
]

# fmt: on
