"""Veiled threats, third parties sent, and the pile's calls to finish the job, French and
English, as data (merged into ``lexicon``; issue 18, release 1.47).

Written from the development sentences of a helper that never saw the rules, the cases or the
data (``eval/cases/own_threats_veiled.tsv``: 45 threats and 25 look-alikes per language, the
threats spread over nine kinds of implicit threat), and from our own probes around each. Blind
batch 12 of ``eval/cases/fair_threats_direct.tsv`` was written by another helper, committed
and scored before these rules, and its sentences were not read. What the rules read:

- a veiled "it would be a shame if …": "would be a shame if something happened to your kids",
  "would hate for your brakes to stop working"; "ce serait dommage qu'il arrive un truc à ta
  fille";
- the target's address, schedule or photo passed on, and a visit announced: "sent ur schedule
  to some guys", "pulled ur address. see u soon", "we'll be dropping by some night"; "ton
  adresse tourne sur le groupe", "on l'a repérée à la sortie";
- third parties: "my boys will handle u", "people are on their way to you", "will be waiting
  outside your rally"; "mes cousins vont te rendre une petite visite", "des gens vont s'occuper
  de toi", "les gars du quartier t'attendent";
- the grave, the body bag, the road: "shallow grave has ur name on it", "they'll find you on the
  side of the highway"; "tu seras six pieds sous terre avant…";
- the pile's calls: "somebody pop this activist", "clap him till he stops moving"; "qqn doit
  s'occuper d'elle une bonne fois pour toutes";
- wishes: "hope a bus finds u", "hope ur house catches fire", "can't wait for someone to deal
  with her"; "vivement qu'il lui arrive un truc", "qu'un jour qqn lui plante un couteau";
- consequences: "this ends badly for u", "you'll catch hands", "what a tire iron does to a
  skull"; "ça va mal finir pour toi";
- the third person: "this reporter is gonna catch a bullet", "she's about to get merked";
  "cette journaliste va se prendre une balle", "on va le fumer";
- questions: "how fast does ur car burn with u in it?", "want to end up like …?"; "tu veux
  qu'il t'arrive la même chose que …?", "et si ta voiture explosait …?".

Look-alikes kept out (neutralizers): sport told with violent verbs ("we're gonna murder them
saturday, their defense …", "on va les défoncer samedi au Vélodrome", "on s'est fait
massacrer 4-0"), a game ("jviens de me faire buter par un sniper"), the weather ("watch your
back on that ice"), counter-speech about the pile-on ("the raid on her mentions is disgusting",
"vous harcelez une femme à 200 contre une"), and single-quoted text that holds a contraction
("a note saying 'you won't see it coming'").
"""

from __future__ import annotations

from tasks.scoring.tails import CLAUSE, clause_end

_END_EN = clause_end(
    "already|now|bitch|lol|lmao|soon|tonight|tmrw|tomorrow|fr|ngl|trust|and|so|when|if"
)
_END_FR = clause_end(
    "sale|salope|pute|connasse|connard|tkt|crois|jte|j'te|franchement|bientot|bientôt"
)
_YOU_EN = "you|u|ya|her|him|them"
# After "va se prendre une balle": the end of a clause, a word carrying it on, or where the
# bullet goes (not "une balle perdue dans le film")
_BULLET_END_FR = clause_end(
    "c'est|cest|bientot|bientôt|tkt|jte|crois|franchement|sale|salope|pute|un\\s+jour"
    "|dans\\s+(?:la|sa|ta|le|son|ton)\\s+(?:tete|gueule|crane|nuque|dos|bide|ventre|front)"
)
# After "vivement qu'il lui arrive un truc": the end of a clause or a word carrying the wish on
# (not "j'espère qu'il lui arrive quelque chose de bien")
_SOMETHING_END_FR = clause_end(
    "sale|salope|pute|connasse|connard|franchement|un\\s+vrai|de\\s+grave|de\\s+mal"
    "|de\\s+terrible|(?:a|à)\\s+(?:celle|celui|cette|ce|cet)"
)
_YOUR_EN = "your|ur|yo|her|his|their"
# Who is sent: a crew, people, guys ("my boys", "some guys", "a couple of real patriots")
_CREW_EN = (
    "boys|guys|cousins|crew|gang|homies|people|ppl|friends|brothers|lads|dudes|men|patriots"
    "|goons|folks|bros"
)
# What a veiled "shame if" says will happen to the target's own
_BROKEN_EN = (
    "rearranged|hurt|broken|smashed|burned|burnt|torched|slashed|(caught fire)|(catch fire)"
    "|(burned down)|(burn down)|(stop working)|(stopped working)|fail|failed|cut|(went missing)"
    "|(go missing)|(messed up)|(fucked up)|(blew up)|(blow up)|disappeared|disappear"
)
# Who is called on to do it, and the street words for doing it ("somebody pop this activist")
_CALLER_EN = (
    "someone|somebody|(any of yall)|(any of you)|(one of yall)|(one of you)|whoever"
    "|(can someone)|(can somebody)"
)
_POP_EN = "pop|clap|smoke|merk|whack|cap|dome|stomp|(take out)|(put down)"
_WISH_EN = (
    "hope|wish|pray|praying|hoping|(can't wait till)|(cant wait till)|(can't wait for)"
    "|(cant wait for)"
)
_RUN_OVER_EN = (
    "(runs you over)|(runs u over)|(runs her over)|(runs him over)|(hits you)|(hits u)"
    "|(takes you out)|(takes u out)|(flattens you)|(flattens u)|(mows you down)|(mows u down)"
)
# Who is said to be dealt with: the target in the third person, or addressed ("she's about to
# get merked"); no word between it and the verb ("u not getting smoked out" is not)
_DEALT_WHO_EN = (
    "@designated_en|she|he|you|u|(she's)|(he's)|(you're)|(ur)|(shes)|(hes)|(youre)|dude|(dude's)"
    "|(dudes)|(this guy)|(that guy)|(this reporter)|(that reporter)|(this journalist)"
    "|(that journalist)|(this activist)|(that activist)"
)
_SHAME_EN = (
    "(shame if)|(pity if)|(hate for)|(hate if)|(sad if)|(terrible if)|(awful if)|(tragic if)"
    "|(shame for)|(pity for)"
)

# fmt: off
RULES: list[tuple[str, float, str]] = [
    # --- English --------------------------------------------------------------------------------
    # "would be a shame if something happened to your kids" (not "… happened to the bakery")
    ("en.threat.shame_if", 0.8,
     "!" + _SHAME_EN + " ~3 something|anything|(an accident)|(a fire) ~1 happen(ed|s)?|happening|occurred ~1 to|with ~1 " + _YOU_EN + "|" + _YOUR_EN),
    # "would be a real shame if that pretty face of yours got rearranged", "would hate for the
    # brakes to stop working" (the target's own, or the brakes)
    ("en.threat.shame_if_yours", 0.8,
     "!" + _SHAME_EN + " ~1 your|ur|that|those|her|his|the ~4 got|get|gets|were|was|to ~1 " + _BROKEN_EN),
    # "pulled ur address in 10 mins lol. see u soon" (the target's whereabouts, then a visit)
    ("en.threat.found_see_soon", 0.85,
     "pulled|found|got|have|traced|tracked|know|dug|doxxed|leaked ~2 " + _YOUR_EN + " ~1 address|schedule|plate|location|route|workplace|street|house|home ~10 !(see you soon)|(see u soon)|(see ya soon)|(see you around)|(be seeing you)|(see you tonight)|(see u tonight)|(see you real soon)|(see u real soon)|(see you there)|(see u there)"),
    # "sent ur schedule to some guys who don't do warnings" (passed on to a crew)
    ("en.threat.info_to_crew", 0.85,
     "sent|gave|passed|forwarded|handed|shared|leaked ~1 " + _YOUR_EN + " ~1 !address|schedule|pic|photo|picture|plate|location|whereabouts|route ~1 to ~1 some|(a few)|(a couple of)|(a bunch of) ~2 " + _CREW_EN),
    # "we'll be dropping by some night" (a visit at night, unannounced)
    ("en.threat.drop_by_night", 0.8,
     "(we'll)|(we will)|(i'll)|(i will)|(we're gonna)|(gonna)|(imma)|(we'll be)|(i'll be)|(we gon)|(we are gonna) ~1 !(dropping by)|(drop by)|(stopping by)|(stop by)|(swinging by)|(swing by)|(paying you a visit)|(pay you a visit)|(coming by)|(come by)|(visit you)|(visiting you) ~2 (some night)|(one night)|(one of these nights)|(at night)|(in the night)|(while you sleep)|(while u sleep)|(when you're asleep)|(when ur asleep)|unannounced"),
    # "my boys already have ur pic, they'll handle u"
    ("en.threat.crew_handles", 0.85,
     "my|our|the|some|(a couple of)|(a few) ~2 " + _CREW_EN + " ~6 will|(they'll)|('ll)|gonna|(are gonna)|(are going to)|gon|finna ~1 !(handle you)|(handle u)|(handle her)|(handle him)|(take care of you)|(take care of u)|(take care of her)|(deal with u)|(stomp you)|(stomp u)|(stomp her)|(catch you)|(catch u)|(pay you a visit)|(visit you)|(visit u)|(find you)|(find u)|(run up on you)|(run up on u)|(pull up on you)|(pull up on u)"),
    # "people are on their way to you", "will be waiting outside your next rally"
    ("en.threat.on_their_way", 0.8,
     "people|ppl|guys|boys|they|(some guys)|(my boys)|(the boys)|(my people) ~2 !(on their way to)|(on the way to)|(headed to)|(heading to)|(coming to) " + _YOU_EN + "|" + _YOUR_EN + " [house|home|place|door|office|work] " + _END_EN),
    ("en.threat.waiting_outside", 0.8,
     "will|(they'll)|(we'll)|('ll)|are|(we're)|(they're) ~1 be ~1 !waiting outside|(at the end of)|(by) ~1 your|ur|her|his ~2 house|home|place|door|office|rally|march|work|talk|event|studio|building|car|school|gym"),
    # "they'll find you on the side of the highway" (release 1.10's found_in reads "in a ditch")
    ("en.threat.found_road", 0.85,
     "(they'll)|(they will)|(someone will)|(somebody will)|(people will)|(cops will)|(police will)|(they gonna)|(they're gonna) ~1 find|found " + _YOU_EN + " !(on the side of)|(by the side of)|(at the bottom of)|(in the trunk of)|(in the woods)|(under a bridge)|(face down in)|(floating in)"),
    # "shallow grave out in the woods has ur name on it", "body bag is already ordered in your
    # size", "a bullet with your name on it"
    ("en.threat.name_on_it", 0.85,
     "!(body bag)|bodybag|coffin|casket|(a grave)|(shallow grave)|(the grave)|(your grave)|(ur grave)|tombstone|headstone|bullet|noose|(toe tag) ~8 (your name on it)|(ur name on it)|(her name on it)|(his name on it)|(your size)|(ur size)|(with your name)|(with ur name)|(has your name)|(has ur name)"),
    # "somebody pls pop this activist already" (a call to others, in street words)
    ("en.threat.someone_pop", 0.85,
     _CALLER_EN + " ~2 !" + _POP_EN + " this|that|these|those ~2 activist|journalist|reporter|bitch|clown|snitch|traitor|rat|dude|guy|girl|woman|man|fool|hoe|ho|cunt|whore|slut"),
    ("en.threat.someone_pop_end", 0.85, _CALLER_EN + " ~2 !" + _POP_EN + " her|him|them|(that bitch)|(this bitch) " + _END_EN),
    # "clap him till he stops moving"
    ("en.threat.till_stops", 0.85,
     "(till)|(until)|(untill)|(til) ~1 he|she|they|you|u ~1 stops|stop|stopped ~1 !breathing|moving|twitching|screaming"),
    # "whoever reaches her first … she doesn't walk away from this", "you won't make it home"
    ("en.threat.wont_walk_away", 0.8,
     "you|u|she|he|(you're)|(she's)|(he's) ~1 (won't)|(will not)|(doesn't)|(don't)|(aint)|(ain't)|(wont)|not|never ~1 !(walk away from this)|(walk away from it)|(walking away from this)|(make it home)|(make it out alive)|(make it home alive)|(get home safe)|(get home tonight) " + _END_EN),
    # "hope a bus finds u", "praying somebody runs u over" (release 1.10's wish_run_over reads
    # "hope a truck runs you over")
    ("en.threat.wish_found", 0.85,
     _WISH_EN + " ~1 a|some|the ~1 truck|bus|car|train|bullet|(drunk driver) ~1 !(finds you)|(finds u)|" + _RUN_OVER_EN),
    ("en.threat.wish_someone_runs", 0.85,
     _WISH_EN + " ~1 somebody|someone|(some guy)|(some driver)|(a driver) ~1 !(runs you over)|(runs u over)|(runs her over)|(runs him over)|(mows you down)|(mows u down)|(hits you with a car)|(hits u with a car)"),
    ("en.threat.wish_someone_deals", 0.85,
     "hope|hoping|pray|praying|(can't wait)|(cant wait)|wish ~2 someone|somebody|(one of you)|(one of yall) ~2 !(deal with)|(deals with)|(shut up)|(shuts up)|(finish off)|(finishes off) " + _YOU_EN + "|(that bitch)|(this bitch)"),
    # "hope ur house catches fire while ur kids are asleep"
    ("en.threat.wish_home_burns", 0.85,
     "hope|wish|pray|praying|hoping|(can't wait till)|(cant wait till) ~1 " + _YOUR_EN + " ~1 house|home|car|place|apartment|flat|office|building ~1 !(catches fire)|(burns down)|(burns)|(gets torched)|(goes up in flames)|(blows up)|(explodes)|(gets firebombed)"),
    # "somebody will break every bone in ur body"
    ("en.threat.every_bone_body", 0.85,
     "break|breaks|snap|snaps|crush|crushes|shatter|shatters|breaking|snapping ~1 !(every bone in)|(each bone in)|(all the bones in) your|ur|her|his|their ~1 body"),
    # "this ends badly for u" (not "this ends badly for the lakers")
    ("en.threat.ends_badly", 0.8,
     "this|it|that|things|(this story) ~2 !(ends badly)|(end badly)|(ends bloody)|(end bloody)|(ends ugly)|(end ugly)|(ends in blood)|(end in blood)|(won't end well)|(wont end well) for " + _YOU_EN),
    # "imma make you regret every word with my own two hands"
    ("en.threat.own_hands", 0.85,
     "make ~1 " + _YOU_EN + " ~1 regret|pay|suffer|bleed|hurt ~5 !(with my own two hands)|(with my own hands)|(with my bare hands)|(w my bare hands)|(with these hands)"),
    # "u catch hands", "you'll catch these hands" (a fight promised); "this reporter is gonna
    # catch a bullet" (not "take a bullet for")
    ("en.threat.catch_hands", 0.85,
     "you|u|she|he|(you'll)|(u'll)|(she'll)|(he'll)|gonna|(going to)|finna|(bout to)|(about to)|will ~2 !(catch hands)|(catch these hands)|(catching hands)|(catching these hands)|(catch a fade)|(catch a bullet)|(catch a stray)|(catch one)|(catch lead)|(eat a bullet)|(get a bullet)"),
    # "that bitch is getting dealt with this weekend", "she's about to get merked"
    ("en.threat.getting_dealt_with", 0.85,
     _DEALT_WHO_EN + " is|(is getting)|getting|(gonna get)|(going to get)|(about to get)|(bout to get)|(finna get)|(will get)|(will be)|gets ~1 !(dealt with)|(taken care of)|(taken out)|whacked|merked|clapped|popped|bodied|(put down)|stomped"),
    # "dude is smoked the minute he steps outside" (not "getting smoked out": weed)
    ("en.threat.smoked_when", 0.85,
     _DEALT_WHO_EN + " is|(is getting)|getting|(gonna get)|(about to get)|(bout to get)|(will be)|gets ~1 !smoked (the minute)|(the moment)|(as soon as)|(once)|(when)|(soon)|(tonight)"),
    # "somebody's putting that activist in the hospital real soon"
    ("en.threat.putting_in_hospital", 0.85,
     "someone|somebody|(somebody's)|(someone's)|(somebody is)|(someone is)|(i'm)|(im)|(we're)|(i'll)|(we'll)|(i will)|(we will)|imma ~1 put|putting|send|sending ~1 " + _YOU_EN + "|that|this|(that bitch)|(this bitch) ~2 !(in the hospital)|(in hospital)|(in the icu)|(in a wheelchair)|(in a coffin)|(in the morgue)|(in the ground)|(in a body bag)|(six feet under)"),
    # "want to end up like that other journalist they pulled out of the river?"
    ("en.threat.end_up_like", 0.8,
     "(want to)|wanna|(wanting to)|(wana) ~1 !(end up like)|(finish like)|(end like) ~8 killed|shot|dead|murdered|stabbed|river|ditch|(in the ground)|(in a box)|(pulled out)|(body bag)|hospital|wheelchair"),
    # "how fast do u think ur car burns with u in it?"
    ("en.threat.with_you_in_it", 0.85,
     "burn|burns|burning|explode|explodes|(blow up)|(blows up)|torch|torched|fire|flames|(go up)|(goes up) ~4 !(with you in it)|(with u in it)|(with her in it)|(with him in it)|(with you inside)|(with u inside)|(with your kids in it)|(with ur kids in it)|(with your family inside)|(with ur family inside)"),
    # "you really wanna find out what a tire iron does to a skull?"
    ("en.threat.what_it_does", 0.8,
     "(what a)|(what my) bat|(tire iron)|(baseball bat)|hammer|crowbar|bullet|knife|brick|glock|shotgun|(9mm)|machete|blade ~1 !(does to)|(can do to) ~1 a|your|ur|her|his ~1 skull|face|head|body|knees|kneecaps|spine|jaw"),
    # "say one more word about us and ur daughter walks home alone for the last time"
    ("en.threat.one_more_word_kin", 0.85,
     "!(one more word)|(one more tweet)|(one more post)|(one more article)|(another word)|(another tweet) ~4 and ~1 your|ur ~1 daughter|kids|family|son|wife|mom|husband|house|car|children|sister|brother"),
    # "you'll be eating through a straw when im done with you" (release 1.43's straw reads "…
    # for a year")
    ("en.threat.straw_done", 0.8,
     "you|u|she|(you'll)|(she'll)|(you're)|(she's)|(youll)|(youre) ~2 eating|eat|drinking|drink|sipping ~1 through|from|(out of)|with ~1 a ~1 !straw ~1 when|after|(by the time) ~1 (i'm)|im|(we're)|(i am)|(we are) ~1 done|finished|through ~1 with"),
    # "watch ur back" (release 1.1's watch_back reads "watch your back")
    ("en.threat.watch_ur_back", 0.8, "!(watch ur back)|(watch yo back)|(watch ya back)|(watch your fucking back)|(watch ur fucking back)"),
    # --- French ---------------------------------------------------------------------------------
    # "tu vas comprendre ta douleur", "tu vas le sentir passer" (release 1.10's will_pay_dear
    # reads them in the third person; not "tu vas souffrir au marathon")
    ("fr.threat.you_will_pay_dear", 0.8,
     "tu|t'|vous ~1 vas|va|allez|(vas bientôt)|(vas bientot) ~1 !(comprendre ta douleur)|(comprendre votre douleur)|(le sentir passer)|(en baver)|(dérouiller)|(morfler)|(déguster)|(souffrir) " + _END_FR),
    # "profite bien de tes derniers articles", "profitez de vos derniers jours" (not "… de tes
    # derniers jours de vacances")
    ("fr.threat.last_ones", 0.8,
     "!profite|profites|profitez ~1 [bien] de|des ~1 tes|vos derniers|dernières ~1 jours|moments|articles|tweets|heures|semaines|instants|posts|vidéos|papiers|nuits " + _END_FR),
    # "un jour tu vas croiser la mauvaise personne"
    ("fr.threat.wrong_person", 0.8,
     "tu|t' ~1 vas|va|(vas finir par)|finiras ~1 croiser|tomber|rencontrer ~1 [sur] la|les|le|un|une ~1 !(mauvaise personne)|(mauvaises personnes)|(mauvais mec)|(mauvais gars)|(mauvaise équipe)|(mauvais type)"),
    # "on l'a repérée à la sortie de l'école de ta fille", "on connaît ta daronne et son
    # adresse"
    ("fr.threat.school_spotted", 0.85,
     "(l'école)|(l'ecole)|(le lycée)|(le lycee)|(la crèche)|(la creche)|(le collège)|(le college)|(la sortie) ~1 de|d' ~1 ta|ton|tes ~1 fille|fils|gosses|enfants|gamins|mômes|petite|petit|gamine|gamin ~8 !repéré(e|s|es)?|reperee|repere|(on sait)|(on connait)|(on connaît)|(à quelle heure)|(a quelle heure)"),
    ("fr.threat.spotted_school", 0.85,
     "!repéré(e|s|es)?|reperee|repere|suivi(e)?|filmé(e)?|photographié(e)? ~3 (l'école)|(l'ecole)|(le lycée)|(le lycee)|(la crèche)|(la creche)|(le collège)|(le college)|(la sortie) ~1 de|d' ~1 ta|ton|tes ~1 fille|fils|gosses|enfants|gamins|mômes|petite|petit|gamine|gamin"),
    ("fr.threat.kin_address", 0.85,
     "@kin_fr ~4 on|je|j'|nous ~1 connait|connaît|connais|connaissons|sait|savons|(a trouvé)|(a eu)|(a retrouvé) ~2 !(son adresse)|(leur adresse)|(où elle habite)|(ou elle habite)|(où il habite)|(ou il habite)|(où ils habitent)|(ou ils habitent)|(où elle dort)|(ou elle dort)"),
    ("fr.threat.know_kin_address", 0.85,
     "on|je|j'|nous ~1 connait|connaît|connais|connaissons ~1 @kin_fr ~3 !(son adresse)|(leur adresse)|(où elle habite)|(ou elle habite)|(où il habite)|(ou il habite)|(où ils habitent)|(ou ils habitent)|(où elle dort)|(ou elle dort)"),
    # "ton adresse tourne déjà sur le groupe" (not "ta photo tourne partout": an address, a
    # number, a plate)
    ("fr.threat.address_circulates", 0.85,
     "ton|ta|tes|votre ~1 !adresse|numéro|numero|num|plaque|domicile|adresses ~1 tourne|circule|tournent|circulent|(a fuité)|(est partout)|(est en ligne)|(est sortie)"),
    # "tu devrais pas dormir trop tranquille cette nuit" (not "tu peux dormir tranquille")
    ("fr.threat.no_sleep", 0.8,
     "tu|t' ~2 pas|plus|jamais ~2 dormir|dors|dormiras|dormirais ~1 [trop] !tranquille|tranquil|sereine|serein|(sur tes deux oreilles)"),
    # "jvais envoyer mes cousins te rendre une petite visite", "j'ai filé ta photo à des potes"
    ("fr.threat.send_crew_visit", 0.85,
     "envoyer|envoie|envoies|enverrai|envoyé|envoyer ~1 @crew_fr|@third_party_fr|@crowd_fr|(des gars)|(les gars) ~2 te|t'|vous|lui ~1 rendre|faire ~2 !visite|(la peau)|(ta fête)|(sa fête)"),
    ("fr.threat.info_to_crew", 0.85,
     "filé|donné|envoyé|passé|balancé|refilé|transmis ~1 ta|ton|tes|son|sa ~1 !photo|adresse|numéro|numero|plaque|nom|tronche|tête ~1 à|a ~1 des|mes|quelques|(une bande de)|(plein de) ~1 potes|gars|mecs|cousins|frères|freres|amis|reufs|types"),
    # "des gens vont s'occuper de toi", "qqn doit s'occuper d'elle une bonne fois pour toutes"
    # (not "une infirmière va s'occuper de toi": a crowd, or for good)
    ("fr.threat.crew_deals", 0.85,
     "@crowd_fr|@crew_fr|@third_party_fr|(les gars) ~1 va|vont|vais|(vont bientôt)|doivent|(vont venir) ~1 !(s'occuper de toi)|(s'occuper de vous)|(s'occuper d'elle)|(s'occuper de lui)|(s'occuper de ton cas)|(s'occuper de son cas)|(te régler ton compte)|(lui régler son compte)"),
    ("fr.threat.deal_for_good", 0.85,
     "!(s'occuper d'elle)|(s'occuper de lui)|(s'occuper de toi)|(s'occupe d'elle)|(s'occupe de lui)|(s'occupe de toi)|(la faire taire)|(le faire taire)|(te faire taire)|(la calmer)|(le calmer) ~1 @for_good_fr"),
    # "les gars du quartier ils t'attendent à la sortie du métro"
    ("fr.threat.crew_waits", 0.85,
     "@crowd_fr|@crew_fr|@third_party_fr|(les gars)|(les mecs)|(la cité)|(le quartier)|(les frères) ~4 [ils] !(t'attendent)|(t'attend)|(vont t'attendre)|(t'attendront)|(t'attendrons)|(t'guettent)|(te guettent) ~1 à|a|devant|(en bas)|chez ~4 " + _END_FR),
    # "faut qu'on soit plusieurs à l'attendre devant sa rédac"
    ("fr.threat.wait_outside", 0.8,
     "plusieurs|nombreux|(en bande)|(à dix)|(a dix)|(une dizaine)|(tous) ~3 !(l'attendre)|(t'attendre)|(l'attendent)|(t'attendent)|(l'attendrons)|(t'attendrons) ~1 devant|(à la sortie de)|(en bas de)|chez ~1 sa|ta|son|ton|chez|elle|lui|toi"),
    # "il fermera sa gueule pour de bon"
    ("fr.threat.shut_mouth_for_good", 0.85,
     "fermer|fermera|fermeras|fermerai|fermerons|fermeront|ferme ~1 sa|ta|leur ~1 gueule|bouche|clapet ~1 !@for_good_fr"),
    # "qqn va venir te chercher avec un schlass"
    ("fr.threat.fetch_armed", 0.85,
     "venir|viendra|viendront|vient|viennent|passer|passera|passeront ~1 te|vous|la|le ~1 chercher|voir|trouver ~2 avec ~1 un|une|des|son|mon|leur|leurs ~1 !@weapon_fr|couteau|batte|hache|arme|(barre de fer)|couteaux|battes|armes"),
    # "tu seras six pieds sous terre avant ton prochain papier"
    ("fr.threat.be_underground", 0.85,
     "tu|t' ~1 seras|(vas être)|(vas etre)|(seras bientôt)|(seras bientot)|(vas te retrouver)|(te retrouveras) ~1 !(six pieds sous terre)|(6 pieds sous terre)|(entre quatre planches)|(entre 4 planches)|(à la morgue)|(a la morgue)"),
    # "si un mec du coin pouvait lui défoncer la tête", "qu'un jour qqn lui plante un couteau"
    ("fr.threat.if_someone_could", 0.85,
     "si ~2 qqn|quelqu'un|(un mec)|(un gars)|(un type)|(quelques gars)|(des gens) ~3 pouvait|pourrait|voulait|pouvaient ~1 lui|la|le|te|leur ~1 !@must_kill_fr|@get_done_fr|défoncer|(casser la tête)|(défoncer la tête)|(éclater la tête)|(péter la tête)|(faire la peau)|(régler son compte)"),
    ("fr.threat.wish_knife", 0.85,
     "qqn|quelqu'un|(un mec)|(un gars)|(un jour)|(un type) ~2 lui|te|leur ~1 !plante|plantera|mette|mettra|enfonce|enfoncera|colle|collera ~1 un|une|des|deux ~1 couteau|lame|schlass|shlass|balle|bastos|couteaux|balles|(coup de couteau)|(coups de couteau)"),
    # "vivement qu'il lui arrive un truc, un vrai truc" (not "… quelque chose de bien")
    ("fr.threat.wish_something_happens", 0.85,
     "vivement|(j'espère)|(j'espere)|jespere|jpp|espérons|esperons|pourvu|(vivement le jour où)|(vivement le jour ou) ~1 qu'il|(qu'il y ait) ~1 lui|te|leur|vous ~1 !arrive|arrivera ~1 (un truc)|(quelque chose)|(qqch)|(qqchose)|malheur|(un accident)|(un drame)|(des bricoles)|(un sale truc) " + _SOMETHING_END_FR),
    # "cette journaliste va se prendre une balle", "si elle se prend une voiture demain" (not
    # "elle va se prendre un bus de nuit": a vehicle at the end of the clause, or wished)
    ("fr.threat.take_a_bullet", 0.85,
     "va|vont|(vas)|doit|devrait|mérite|merite|(finira par)|(va finir par) ~1 se|te ~1 prendre ~1 une|un|des ~1 !balle|bastos|balles|(coup de couteau)|(coup de schlass)|(coup de batte)|(coup de crosse)|praline|pruneau|(coups de couteau) " + _BULLET_END_FR),
    ("fr.threat.wish_vehicle", 0.85,
     "si|(j'espère)|(j'espere)|jespere|jpp|vivement|pourvu|(qu'elle)|(qu'il) ~2 !(se prend)|(se prenne)|(se prendra)|(se prennent) ~1 une|un ~1 voiture|camion|bus|train|tram|(poids lourd)|semi-remorque|balle " + clause_end("demain|franchement|en|dans|sur|ce|je|j'", "")),
    # "le mec de Libé, on va le fumer, j'ai déjà le calibre" ("fumer" is smoked too: a gun in
    # the post)
    ("fr.threat.smoke_armed", 0.85,
     "(on va)|(je vais)|(jvais)|(j'vais)|(on vas)|(ont va) ~1 le|la|te|les|t' ~1 !fumer|sécher|secher|rafaler|plomber|allumer ~6 calibre|flingue|glock|kalash|(9mm)|arme|fusil|gun|(fer)"),
    # "tu veux qu'il t'arrive la même chose qu'aux gars de Charlie ?"
    ("fr.threat.same_fate", 0.85,
     "tu|vous ~1 veux|voulez ~1 qu'il|qu'on ~1 t'|te|vous ~1 arrive|fasse ~1 !(la même chose)|(la meme chose)|pareil|(le même sort)|(le meme sort)"),
    ("fr.threat.end_like", 0.8,
     "(tu veux)|(vous voulez)|(tu vas)|(tu risques de) ~1 !finir|terminer|(te retrouver) ~1 comme ~6 charlie|paty|mort|morte|morts|cimetière|égorgé|égorgée|décapité|décapitée|tués|buté|butée|fossé|(à la morgue)"),
    # "et si demain ta voiture explosait sur le parking"
    ("fr.threat.what_if_home", 0.85,
     "si ~2 ta|ton|tes|votre ~1 voiture|maison|appart|bagnole|caisse|baraque|appartement|immeuble|boutique ~1 !explosait|brûlait|brulait|cramait|flambait|(prenait feu)|sautait|(partait en fumée)"),
    # "tu crois que tes gardes du corps seront là h24 ?" (digits are read as letters by then:
    # "h24" is "h2a", letters.normalize)
    ("fr.threat.guards_not_always", 0.8,
     "tes|ton|ta|vos|votre ~1 !(gardes du corps)|(garde du corps)|escorte|(protection policière)|(protection policiere)|flics|keufs|gardes ~4 h2a|(2ah sur 2a)|(tout le temps)|toujours|éternellement|eternellement|(pour toujours)"),
    # "t'as envie que tes gosses te retrouvent par terre dans ton salon ?"
    ("fr.threat.found_on_floor", 0.85,
     "@kin_fr|(on)|(les flics)|(la police)|qqn|(quelqu'un) ~1 !(te retrouvent)|(te retrouvera)|(te retrouveront)|(te retrouve)|(te trouvent)|(te trouveront) ~1 (par terre)|(dans ton sang)|morte|mort|pendue|pendu|(en morceaux)|(au sol)|(sans vie)"),
]

NEUTRALIZERS: list[tuple[str, str]] = [
    # a threat told to be reported: "if someone says they'll find you on the side of the road,
    # that's a credible threat"
    ("reported", "!(if someone)|(if somebody)|(if anyone)|(if anybody)|(if people)|(when someone)|(when somebody)|(when anyone)|(when people)|(if a stranger)|(if an account)|(if a guy)|(whoever) ~1 says|say|tells|writes|posts|tweets|dms|messages|(tell you)|(tells you) " + CLAUSE),
    # sport: "we're gonna murder them saturday, their defense can't handle our press"
    ("figurative", "destroy|crush|kill|murder|smash|wreck|beat|bury|demolish|annihilate|destroyed|crushed|killed|murdered|smashed ~8 !defense|defence|offense|offence|goalie|keeper|lineup|roster|squad|midfield|backline|scoreboard|(their team)|(the team)|playoffs|(home game)|(away game)"),
    # the weather: "watch your back on that ice this morning", "be careful walking, it's icy"
    ("figurative", "!(watch your back)|(watch ur back)|(be careful)|(watch out) ~8 ice|icy|snow|slippery|rink|storm|fog|flood|flooded|puddles|(black ice)|(wet floor)"),
    # sport told with violent verbs: "on va les défoncer samedi … au Vélodrome", "on s'est fait
    # massacrer 4-0 à domicile"
    ("figurative", "@kill_short_fr|défonc(er|e)|massacr(er|é)|détrui(re|t)|écras(er|é)|ratatin(er|é)|laminer|atomiser|démolir ~12 !stade|vélodrome|velodrome|match|derby|finale|championnat|supporters|(à domicile)|(a domicile)|(à l'extérieur)|ligue|coupe|mi-temps|arbitre"),
    # a game or a match lost, said of oneself: "jviens de me faire buter par un sniper"
    ("figurative", "!(me faire)|(me suis fait)|(nous faire)|(on s'est fait)|(me fais)|(nous sommes fait)|(mfaire)|(m'faire) @kill_short_fr|massacrer|démonter|éclater|laminer|atomiser|écraser|humilier|ratatiner|défoncer"),
    # counter-speech: "vous harcelez une femme à 200 contre une, vous êtes fiers ?"
    ("reported", "(vous harcelez)|(vous la harcelez)|(vous le harcelez)|(vous les harcelez)|(ils harcèlent)|(ils la harcèlent)|(vous êtes en train de harceler)"),
    # counter-speech about the pile-on: "the raid on her mentions is disgusting", "the pile-on
    # she's facing is coordinated"
    ("reported", "(the)|(this)|(that) !raid|(pile-on)|(pile on)|dogpile|brigading|harassment|flood|spam ~4 (she's facing)|(he's facing)|(she is facing)|(he is facing)|(you're facing)|(they're facing)|(is disgusting)|(is vile)|(is shameful)|(is coordinated)|(is appalling)|(is sickening)|(is not ok)|(isn't ok)|(is wrong)|(needs to stop)|(has to stop)|(must stop)"),
]
# fmt: on
