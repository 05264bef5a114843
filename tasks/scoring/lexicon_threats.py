"""More implicit and indirect threats, French and English, as data (merged into ``lexicon``).

Written for Tocsin from general knowledge of both languages (issue 18): promises of ruin,
wishes of death or of an accident, "you have not long to live", a threat to the target's
home or children, harm sent through a third party, advice to self-harm, the present tense of
street French ("je te démonte", "jte bute") and SMS spellings. No sentence of an evaluation set
is copied here; the forms were found by reading what the rules missed on training and
validation rows only, and each rule is written as a general phrase.

Every rule needs a target: the second person, "la"/"lui"/"elle"/"her"/"him", a named or
designated person ("cette pute", "this bitch") or the target's home, children or family; a
violent word alone (news, games, sport) is left to the neutralizers and to the other rules.
Each has an anchor (the ``!`` token or its last word) so that a post matching none of them
costs one cheap word search.
"""

from __future__ import annotations

from tasks.scoring.tails import ORDER_START_EN, clause_end

# After "it would be a shame if something happened": to the target or theirs, or a word that
# carries the veiled threat on, or the end of the clause (release 1.49)
_PITY_END = clause_end(
    "lol|bitch|sweetheart|huh|hmm|right|eh|now|tonight|wink"
    "|to\\s+(?:you|u|ya|your|ur|her|him|his|them|their|yours|that\\s+(?:pretty|lovely|nice|cute))"
)

# fmt: off
LISTS: dict[str, list[str]] = {
    # French present tense of a violent verb, after "je te": "je te démonte", "jte bute"
    # (not "je te plante là", "je te descends tes affaires", "je t'allume la télé")
    "kill_present_fr": [
        "tue", "bute", "crève", "détruis", "démonte", "défonce", "massacre", "égorge", "saigne",
        "fume", "étrangle", "démolis", "éclate", "dégomme", "marave", "shlass", "schlass",
        "zigouille", "bousille", "fracasse", "tabasse", "castre", "pète la gueule", "pète la tête",
        "casse la gueule", "casse la tête", "casse les dents", "casse les jambes", "pends",
        "flingue", "achève", "défigure", "éventre", "nique", "niques", "crève les yeux",
        "refais la gueule", "refais le portrait", "explose", "poignarde", "égorgerai",
    ],
    # the same with "la"/"le": only the verbs no object makes ordinary ("je la casse" is a bar)
    "kill_present_strong_fr": [
        "tue", "bute", "égorge", "étrangle", "massacre", "défigure", "éventre", "zigouille",
        "marave", "shlass", "schlass", "flingue", "tabasse", "poignarde", "crève",
    ],
    # past participles of harm done to a person ("tu vas être égorgé"); not "crevé" (tired),
    # "éliminé" (a game), "battu" (a match)
    "harmed_fr": [
        "tué(e|s|es)?", "égorgé(e|s|es)?", "pendu(e|s|es)?", "brûlé(e|s|es)?", "violé(e|s|es)?",
        "lynché(e|s|es)?", "massacré(e|s|es)?", "exécuté(e|s|es)?", "abattu(e|s|es)?",
        "buté(e|s|es)?", "fusillé(e|s|es)?", "décapité(e|s|es)?", "poignardé(e|s|es)?",
        "torturé(e|s|es)?", "étranglé(e|s|es)?", "défiguré(e|s|es)?", "tabassé(e|s|es)?",
        "chassé(e|s|es)? comme (un|une) (chien|chienne|rat|animal|bête)", "enterré(e|s|es)? vivant(e|s|es)?",
    ],
    # what "faut la ___" says of a person (not "éliminer", "exécuter", "brûler", "noyer": a
    # match, an order, old letters, a fish)
    "must_kill_fr": [
        "tuer", "buter", "flinguer", "égorger", "pendre", "lyncher", "crever", "fusiller",
        "zigouiller", "trucider", "dessouder", "exterminer", "tabasser", "poignarder",
        "étrangler", "décapiter", "violer", "torturer", "éventrer", "défigurer", "maraver",
        "marave", "shlasser", "schlasser", "lapider",
    ],
    # the target's people and home, which a threat names to come closer
    "kin_fr": [
        "tes enfants", "tes gosses", "ta fille", "ton fils", "tes filles", "tes fils",
        "ta famille", "ta mère", "ta daronne", "ton daron", "tes parents", "ta femme",
        "ton mari", "tes proches", "tes petits", "ta soeur", "ton frère", "tes mômes",
        "ses enfants", "ses gosses", "sa fille", "son fils", "sa famille", "sa mère",
    ],
    "home_fr": [
        "ta maison", "ta baraque", "ton appart", "ton appartement", "ta voiture", "ta caisse",
        "ton domicile", "chez toi", "ta porte", "ton immeuble", "sa maison", "chez elle",
        "votre maison", "chez vous",
    ],
    # strong street verbs of violence (not "fumer", "sécher", "crever", "castrer": a joint, a
    # class, a tyre, a cat)
    "street_strong_fr": [
        "zigouill(er|erai|era)", "trucid(er|erai|era)", "dessoud(er|erai|era)",
        "marav(er|erai|era|e)", "shlass(er|erai|era)", "schlass(er|erai|era)",
        "égorg(er|erai|era)", "éventr(er|erai|era)", "lynch(er|erai|era)",
    ],
    # parts of the body a threat names ("je vais te péter les dents"); not "cheveux", "parole"
    "body_fr": [
        "gorge", "tête", "tete", "cou", "langue", "yeux", "jambes", "jambe", "bras", "doigts",
        "dents", "crâne", "gueule", "corps", "nez", "couilles", "bite", "genoux", "mâchoire",
        "côtes", "visage", "cerveau", "crâne", "boules", "burnes", "chatte", "oreilles", "tronche",
        "poignets", "veines", "cervelle", "bide", "ventre",
    ],
    # what a threat does to the body, infinitive or future ("couper", "péterai")
    "bodyharm_fr": [
        "coup(er|erai|era)", "arrach(er|erai|era)", "tranch(er|erai|era)", "crev(er|erai|era)",
        "cass(er|erai|era)", "bris(er|erai|era)", "pét(er|erai|era)", "explos(er|erai|era)",
        "éclat(er|erai|era)", "fracass(er|erai|era)", "défonc(er|erai|era)", "ouvr(ir|irai|ira)",
        "écras(er|erai|era)", "enfonc(er|erai|era)", "brûl(er|erai|era)", "refai(re|rai|ra)",
        "démol(ir|irai|ira)", "tir(er|erai|era) (une balle dans)", "mettre une balle dans",
        "faire sauter", "exploser",
    ],
    "kin_en": [
        "your kids", "your children", "your daughter", "your son", "your family", "your mom",
        "your mother", "your wife", "your husband", "your parents", "your sister",
        "your little girl", "your little boy", "her kids", "her children", "her family",
        "his kids", "his family",
    ],
    "home_en": [
        "your house", "your home", "your car", "your place", "your door", "your apartment",
        "your flat", "her house", "her home", "his house", "his home", "her car",
    ],
    # English imperatives of violence aimed at a person ("hang her", "shoot him")
    "kill_imp_en": [
        "hang", "shoot", "stab", "kill", "strangle", "choke", "lynch", "burn", "punch", "slap",
        "beat", "rape", "behead", "stone", "whip", "drown", "gut", "torch", "string up",
        "run over", "bash", "kick", "smash", "curb stomp", "cap",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # --- French ---------------------------------------------------------------------------------
    ("fr.threat.present", 0.9,
     "je|j'|j|jte|jvous|on|nous ~1 te|t'|t|vous ~1 !@kill_present_fr"),
    # the clitic right after its subject or an auxiliary ("je la tue", "jvais la schlass"):
    # after another verb, "la"/"le" is an article ("je regarde le massacre", release 1.24)
    ("fr.threat.present_her", 0.9,
     "je|j'|j|on|nous|jvais|jvai|jve [ne|n'|va|vais|vas|vont|veux|(vais aller)|(va aller)] la|le|l'|les ~1 !@kill_present_strong_fr"),
    ("fr.threat.sms_present", 0.9, "!jte|jvous|jtai ~1 @kill_present_fr|@kill_fr|@kill_street_fr"),
    ("fr.threat.death_to_you", 0.85, "!mort à|a toi|vous|(ta famille)|(ta race)|(tes enfants)"),
    ("fr.threat.you_can_die", 0.85,
     "tu|vous|t ~1 !peux|pouvez|pourrais|pourriez ~1 crever|(aller crever)|(aller mourir)|(te pendre)|(vous pendre)|(aller te pendre)|(bien crever)"),
    ("fr.threat.burn_home", 0.9,
     "!brûler|brûlerai|brûlera|brûlerons|cramer|cramerai|incendier|(mettre le feu)|(foutre le feu)|(mettrai le feu)|(mettra le feu)|(fout(rai|ra)? le feu)|(mets le feu)|plastiquer|(faire sauter) ~1 [à|a|au|dans] @home_fr"),
    ("fr.threat.find_where", 0.85,
     "!trouver|trouverai|trouvera|trouverons|découvrir|découvrirai|retrouver|chercher ~1 où|ou tu|t'|vous|elle ~1 habite(s|z)?|vi(s|vez)|crèche(s)?|dors|bosse(s)?|travailles|pionce(s)?|(te caches)"),
    ("fr.threat.you_are_done", 0.55, "!(t'es foutu(e)?)|(tu es foutu(e)?)|(vous êtes foutu(e|s|es)?)|(t'es cuit(e)?)|(t es foutu(e)?)|(t mort(e)?)"),
    ("fr.threat.wish_you_dead", 0.9,
     "(j'espère)|(jespere)|(je souhaite)|souhaite|espère|vivement|hâte|pressé ~1 que|qu' tu|vous|elle|il|t' !mourras|mourra|mourrez|mourront|crèveras|crèvera|crèverez|(sois mort(e)?)|(soit mort(e)?)|(soyez morts)|meurs|meurt|meures|crèves|crève|(y restes)|(y passes)|(te fasses @kill_pp_fr)|(se fasse @kill_pp_fr)|(vas te faire @kill_inf_fr)|(va se faire @kill_inf_fr)|(te fasses renverser)|(se fasse renverser)|(vas te faire renverser)|(va se faire renverser)|(te fasses écraser)|(se fasse écraser)|(aies un accident)|(ait un accident)|(chopes le cancer)|(choppes le cancer)|(attrapes le cancer)|(aies un cancer)|(ait un cancer)|(chopes un cancer)"),
    ("fr.threat.life_over", 0.85,
     "ta|votre vie|carrière ~1 !(soit finie)|(sera finie)|(soit terminée)|(sera terminée)|(va s'arrêter)|(s'arrête ici)|(c'est fini)|(va devenir un cauchemar)|(sera un cauchemar)|(va etre un enfer)"),
    ("fr.threat.deserves_harm", 0.85,
     "!mérit(e|es|ent|ez|erais|erait|eraient|ait|aient|ais) ~1 (d'être tabassé(e|s|es)?)|(d'être poignardé(e|s|es)?)|(d'être étranglé(e|s|es)?)|(d'être @kill_pp_fr)|(la pire des morts)|(une mort lente)|(des coups)|(une balle)|(de crever)|(de mourir)|(la corde)|(le bûcher)|(d'être frappé(e|s|es)? (avec|à coups|jusqu'))|(d'être enterré(e|s|es)? vivant(e|s|es)?)"),
    ("fr.threat.self_harm_advice", 0.85,
     "te|t'|vous ~1 !(tailler les veines)|(ouvrir les veines)|(couper les veines)|(jeter sous un train)|(jeter d'un pont)|(jeter par la fenêtre)"),
    ("fr.threat.you_must_be", 0.85,
     "tu|vous|t' ~1 !dois|devrais|devez|devriez|mérites|méritez|vas|allez ~1 être|etre ~1 @harmed_fr"),
    ("fr.threat.street_np", 0.85,
     "je|j'|j|on|nous|jvais|jvai|faut|faudrait ~2 !@street_strong_fr ~1 les|tous|toutes|ces|cette|ce|cet|ta|sa|la|le|l'"),
    ("fr.threat.must_kill_her", 0.85, "faut|faudrait|faudra ~1 la|le|les|te|t'|lui|l' !@must_kill_fr"),
    ("fr.threat.people_like_you", 0.85,
     "@kill_inf_fr|@street_strong_fr|tirer ~2 !(des gens comme toi)|(les gens comme toi)|(des gens comme vous)|(les gens comme vous)|(des gens comme elle)|(les gens comme elle)|(ceux comme toi)|(celles comme toi)|(tes semblables)|(des mecs comme toi)|(des meufs comme toi)"),
    ("fr.threat.people_will_deal", 0.8,
     "!(du monde)|(des gens)|(des gars)|(des types)|(des mecs)|(des potes) ~1 qui|ki ~2 va|vont|peuvent|pourraient ~2 (s'occuper de ton cas)|(te casser)|(te calmer)|(la calmer)|(te régler ton compte)|(te faire la peau)|(lui faire la peau)|(te retrouver)"),
    ("fr.threat.ask_third_party", 0.85,
     "je|j'|on ~2 !demander|demande|demanderai|dire|payer|paierai|envoyer ~2 à|a ~1 @third_party_fr ~2 de|d' ~1 te|t'|la|lui ~1 @kill_fr|@kill_street_fr|@ruin_fr"),
    ("fr.threat.turn_coming", 0.8,
     "!(ton tour arrive)|(ton heure arrive)|(ton tour approche)|(ton heure approche)|(ça va se finir mal pour toi)|(ça va finir mal pour toi)|(ça va mal tourner pour toi)|(tu vas manger tes dents)|(faire bouffer tes dents)|(faire manger tes dents)|(tu vas pleurer du sang)|(tu vas cracher tes dents)|(tu vas ramasser tes dents)"),
    ("fr.threat.feel_it", 0.45, "!(tu vas le sentir passer)|(vous allez le sentir passer)|(un accident est vite arrivé)|(un accident est si vite arrivé)"),
    ("fr.threat.not_long_to_live", 0.85,
     "!(plus longtemps à vivre)|(verras pas la fin)|(verras pas noël)|(verras pas demain)|(passeras pas l'hiver)|(passeras pas la nuit)|(laissera pas en vie)|(laisserai pas en vie)|(laisserons pas en vie)|(sortiras pas vivant(e)?)|(dors bien tant que tu peux)"),
    ("fr.threat.hang_her", 0.85, "qu'on ~1 la|le|les|te|t'|l' !pende|brûle|bute|tue|lynche|égorge|crève"),
    ("fr.threat.let_die", 0.8, "!qu'elle|qu'il|qu'ils|qu'elles crève(nt)?|(pourrisse(nt)? en enfer)|(brûle(nt)? en enfer)|(crève(nt)? la bouche ouverte)"),
    ("fr.threat.should_get", 0.8,
     "elle|il|tu|vous ~1 devrai(t|s|ent)?|mériterai(t|s)|mérite(s)?|doit|dois ~1 (se faire)|(te faire)|(vous faire) !tuer|buter|violer|tabasser|renverser|égorger|lyncher|pendre|flinguer|poignarder|planter|fumer|marave|zigouiller"),
    ("fr.threat.pity_if", 0.8,
     "serait|serais ~1 dommage|bête|triste ~3 qu'il|qu' ~3 !(arrive quelque chose)|(arrive malheur)|(arrive un accident)|(t'arrive quelque chose)|(lui arrive quelque chose)|(t'arrive un accident)|(lui arrive un accident)|(t'arrive malheur)"),
    ("fr.threat.nice_kids", 0.8, "!(beaux enfants)|(belle famille)|(jolie fille)|(jolie maison)|(belle maison) ~4 dommage"),
    ("fr.threat.know_kin", 0.75,
     "je|j'|on|nous|jsais|jconnais ~1 sai(s|t)|connai(s|t)|connaît|c ~3 !(l'école)|(la crèche)|(le collège)|(le lycée)|(l'adresse)|(quelle école)|(à quelle heure) ~3 @kin_fr|sort(s)?|rentre(s)?|vont"),
    ("fr.threat.go_die_more", 0.85, "!(va t'en suicider)|(foutez-vous en l'air)|(fous-toi en l'air)|(vous foutre en l'air)|(va te jeter sous)|(allez vous jeter sous)"),
    ("fr.threat.castrate", 0.85, "je|j'|on|nous|jvais ~3 !couper|arracher|couperai|arracherai ~1 les|tes|ses couilles|boules|burnes"),
    ("fr.threat.go_die_and", 0.85, "!dégage|casse-toi|barre-toi|dégagez|cassez-vous ~1 et meur(s|t|ez)|crève|crevez"),
    ("fr.threat.wait_till", 0.8,
     "!(continue comme ça et tu vas voir)|(continue et tu vas voir)|(attends que je te chope)|(attends que je t'attrape)|(attends que je te trouve)|(attends que je te croise)|(prie pour qu'on se croise pas)|(prie pour qu'on se croise jamais)|(espère qu'on se croise jamais)|(espère qu'on se croise pas)|(prie pour que je te trouve pas)"),
    ("fr.threat.if_i_see_you", 0.45, "!(si je te croise)|(si je te chope)|(si je te vois dans la rue)|(le jour où je te croise)|(si on te croise)"),
    ("fr.threat.must_kill_this", 0.85, "(il faudrait)|faudrait|(il faut)|faut|faudra ~1 !@must_kill_fr cette|cet|ce|ces|(tous ces)|(toutes ces)"),
    # A handle as the subject ("@x va le regretter"): handles are blanked, so the verb opens the
    # text or a sentence; over the raw text, where the start is still the start.
    ("fr.threat.handle_will_regret", 0.8,
     "re:(?:^|[.!?:\\n])\\s*(?:va|vont)\\s+(?:le\\s+|la\\s+)?(?:regretter|morfler|prendre\\s+cher|souffrir|saigner|y\\s+passer|le\\s+payer)(?:$|[^a-z\\u00e0-\\u00ff])"),
    ("fr.threat.sms_glued", 0.9,
     "!tfaire|tfair|(t'faire) ~1 (la peau)|(la misère)|(du mal)|(souffrir)|buter|tuer|défoncer|niquer|fumer|planter|saigner|crever|(sauter la tête)"),
    ("fr.threat.regret_born", 0.85, "!regretter|regretteras|regretterez|regretteriez d'être|d'etre né(e|s|es)?|(venu(e|s|es)? au monde)"),
    ("fr.threat.life_hell", 0.85, "!(de ta vie un enfer)|(de ta vie un cauchemar)|(de sa vie un enfer)|(de votre vie un enfer)|(de ta vie une enfer)"),
    ("fr.threat.ruin_your_life", 0.85,
     "je|j'|on|nous|jvais|jvai ~2 !détruire|ruiner|briser|pourrir|détruirai|ruinerai|pourrirai|briserai|détruira|ruinera ta|votre|sa vie|carrière|existence|réputation|famille"),
    ("fr.threat.capable", 0.8, "!(de quoi je suis capable)|(de quoi on est capables)|(de quoi nous sommes capables)|(ce qui t'attend)|(ce qui vous attend)"),
    ("fr.threat.you_will_die_when", 0.8,
     "tu|t'|vous !mourras|crèveras|mourrez|crèverez bientôt|(ce soir)|demain|seul(e|s|es)?|(comme un chien)|(comme une chienne)|(comme un rat)|(dans d'atroces souffrances)|(dans la douleur)|(de ma main)|(de mes mains)"),
    ("fr.threat.mind_kin", 0.8, "!attention|gaffe ~1 à|a @kin_fr"),
    ("fr.threat.body_harm", 0.85,
     "je|j'|on|jvais|jvai|nous|jte ~2 te|t'|vous|lui ~1 @bodyharm_fr le|la|les|l' !@body_fr"),
    ("fr.threat.body_harm_poss", 0.85,
     "je|j'|on|jvais|jvai|nous ~2 @bodyharm_fr ton|ta|tes|votre|vos !@body_fr"),
    # "tu vas te prendre une claque", "je vais te mettre une balle"
    ("fr.threat.you_will_take", 0.85,
     "tu|t|vous ~2 va|vas|allez|vais ~1 te|vous prendre|manger|recevoir|ramasser ~1 une|un|des ~1 !claque|baffe|gifle|balle|raclée|droite|beigne|mandale|patate|tarte|rouste|volée|dérouillée|branlée|pêche|coups|bastos|pruneaux"),
    ("fr.threat.i_will_give", 0.85,
     "je|j'|on|jvais|jvai|jte ~2 te|t'|vous|lui ~1 mettre|mets|mettrai|coller|colle|collerai|foutre|fous|foutrai|envoyer|envoie|enverrai|balancer ~1 une|un|des ~1 !balle|balles|raclée|droite|beigne|mandale|patate|rouste|volée|dérouillée|coups|bastos|pruneaux|(coup de couteau)|(coup de poing)|(coups de couteau)"),
    # "je vais te mettre six pieds sous terre", "t'envoyer à l'hôpital"
    ("fr.threat.send_you_to", 0.85,
     "te|t'|vous|la|le|les ~1 envoyer|mettre|foutre|envoie|mets|fous|foute|mette|enverrai|mettrai|foutrai|finir|finiras|finira|retrouver|retrouveras|retrouvera ~1 !(six pieds sous terre)|(sous terre)|(au cimetière)|(à la morgue)|(à l'hôpital)|(a l'hosto)|(à l'hosto)|(en fauteuil roulant)|(dans le coma)|(en réa)|(aux urgences)|(dans un sac)|(dans une boîte)"),
    # "tu devrais te tuer", "il ferait mieux de se pendre"
    ("fr.threat.should_kill_self", 0.85,
     "devrai(t|s|ent)|devriez|(ferai(s|t) mieux de)|(feriez mieux de) ~6 !(te tuer)|(se tuer)|(vous tuer)|(te suicider)|(se suicider)|(vous suicider)|(te pendre)|(se pendre)|(vous pendre)|(t'ouvrir les veines)|(te jeter sous un train)|(te tirer une balle)|(se tirer une balle)"),
    ("fr.threat.shoot_yourself", 0.85, "!(tire-toi dessus)|(tire-toi une balle)|(tire toi une balle)|(mets-toi une balle)|(mets toi une balle)|(tirez-vous une balle)|(pend-toi)|(défenestre-toi)|(ouvre-toi les veines)|(jette-toi d'un pont)|(jette toi d'un pont)"),
    # "j'espère que tu vas crever", "vivement que ces porcs crèvent"
    ("fr.threat.hope_you_will_die", 0.85,
     "(j'espère)|(jespere)|(je souhaite)|souhaite|espère|vivement|hâte|(pressé(e)?) ~1 que|qu' tu|vous|elle|il|t' ~1 vas|va|allez|vont ~3 !mourir|crever|cuire|brûler|pourrir|souffrir|agoniser|(y rester)|(y passer)"),
    ("fr.threat.hope_they_die", 0.8,
     "(j'espère)|(jespere)|(je souhaite)|souhaite|espère|vivement ~1 que|qu' ~4 !crèvent|meurent|crèveront|mourront|pourrissent|brûlent"),
    # someone sent: "ils vont venir te tabasser", "des gars viendront te chercher"
    ("fr.threat.will_come_harm", 0.8,
     "!viendront|viendraient|(vont venir)|(va venir)|(viennent) ~1 te|t'|vous|la|lui @kill_inf_fr|tabasser|défoncer|démolir|(casser la gueule)|(régler ton compte)|(faire la peau)|(faire ta fête)"),
    ("fr.threat.you_get_done", 0.8,
     "(tu te fais)|(tu vas te faire)|(vous allez vous faire)|(tu finiras par te faire)|(tu vas finir par te faire) !transpercer|planter|fumer|défoncer|démolir|massacrer|buter|tuer|égorger|poignarder|lyncher|refroidir|shlasser|marave|tabasser|(casser la gueule)|(refaire le portrait)"),
    # --- English --------------------------------------------------------------------------------
    # "Hang her.", "Please shoot him": an imperative aimed at a person, at the start of a
    # sentence, ending the clause ("Slap her hand", "shoot her a text" are not; "they want to kill
    # her" reports). Over the raw text (case-insensitive), so no neutralizer is needed.
    ("en.threat.imperative", 0.8,
     "re:(?i)" + ORDER_START_EN + "(?:hang|shoot|stab|kill|strangle|choke|lynch|punch|slap|smack|rape|behead|guillotine|stone|whip|gut|torch|burn|drown|string\\s+up|curb\\s+stomp|gas|beat|kick|execute|murder|shank|cap|pop|beat\\s+the\\s+(?:shit|crap)\\s+out\\s+of)\\s+(?:her|him|(?:that|this|the)\\s+(?:fucking\\s+|fuckin\\s+|dumb\\s+|stupid\\s+|old\\s+|fat\\s+)?(?:bitch|cunt|whore|slut|hoe|ho|witch|hag|traitor|woman|thot|skank|broad)|(?:your|ur)\\s+(?:wife|woman|women|girlfriend|gf|wives)|(?:her|his)\\s+(?:(?:bitch|fat|stupid|dumb|worthless|lying|traitorous|skinny|ugly)\\s+)?ass)(?:\\s*(?:$|[.!?,;\\n])|\\s+(?:already|now|dead|up|high|in\\s+the\\s+(?:face|head|street|mouth|teeth|throat|gut)|with|w/|until|till|and|twice|again|first|for|publicly|in\\s+(?:a|the|her|his)\\s+(?:lake|river|sea|ocean|pool|tub|bath|sleep|back|neck|chest|balls|tits|cunt|woods|desert|basement|trunk|gut|stomach|skull|kneecaps|eye|eyes)|back|to\\s+death|alive|on\\s+sight|by|down|hard|senseless|right|today|tonight|asap))"),
    ("en.threat.needs_violence", 0.85,
     "she|he|(this bitch)|(that bitch)|(this woman)|(this whore)|(that whore)|(this cunt)|(that cunt)|(the bitch)|(the whore)|(this slut)|you|u ~2 !need(s)?|deserve(s)?|oughta|(ought to) ~2 (a rope)|(a noose)|(acid in her face)|(acid in the face)|(acid thrown)|(an acid attack)|(a beating)|(a good beating)|(to be beaten)|(to be shot)|(to be hanged)|(to be hung)|(to be strung up)|(strung up)|(to be raped)|(to be stabbed)|(to be burned)|(to be stoned)|(to be choked)|(to be strangled)|(to be lynched)|(to be castrated)|(to get shot)|(to get raped)|(to get stabbed)|(to get beaten)"),
    ("en.threat.should_hang", 0.8, "she|he|they|you|u|(this bitch)|(that bitch) ~1 should|must|(ought to)|oughta|will|(is gonna)|(are gonna) ~1 !(be strung up)|(get strung up)|(be put down)|(get put down)|(get the rope)|(get the chair)"),
    ("en.threat.not_long", 0.85,
     "!(you won't live to see)|(you wont live to see)|(u wont live to see)|(you won't see christmas)|(you won't see next year)|(you wont see christmas)|(sleep tight while you can)|(count your days)|(you're living on borrowed time)|(youre living on borrowed time)"),
    ("en.threat.burn_home", 0.9,
     "i|we|(i'll)|(we'll)|gonna|(going to)|someone|somebody|ill ~3 !burn|torch|firebomb|(set fire to)|(burn down)|vandalize|(break into)|smash|bomb|(blow up)|(shoot up) ~1 [down] @home_en"),
    ("en.threat.hurt_kin", 0.9,
     "i|we|(i'll)|(we'll)|gonna|(going to)|someone|somebody|ill ~3 !hurt|kill|rape|stab|shoot|find|kidnap|take ~1 @kin_en"),
    ("en.threat.know_kin", 0.85,
     "i|we|(i'm)|(we've) ~2 know|got|found|seen ~2 !(what school)|(which school)|(where your kids)|(where your daughter)|(where your son)|(where your family)|(where your mom)|(where your wife)|(your home address)"),
    # (release 1.49: what happens must happen to someone, or the clause end there; not "a shame
    # if something happened to the bakery")
    ("en.threat.pity_if", 0.8,
     "!(shame if something happened)|(shame if anything happened)|(pity if something happened)|(shame if something were to happen)|(be a shame if something)|(shame if something bad happened) " + _PITY_END),
    ("en.threat.wish_accident", 0.85,
     "hope|wish|pray ~1 you|u|she|he|they !(get(s)? run over)|(get(s)? hit by a)|(crash(es)? and die)|(overdose(s)?)|(die(s)? slowly)|(die(s)? alone)|(choke(s)? on it)|(never wake(s)? up)|(get(s)? cancer)|(get(s)? aids)"),
    ("en.threat.wish_someone", 0.85,
     "hope|wish|pray ~1 someone|somebody !rapes|kills|shoots|stabs|beats|hurts|(runs over)|murders|strangles ~1 you|u|her|him|this|that"),
    ("en.threat.self_harm_advice", 0.85,
     "!(slit your wrists)|(cut your wrists)|(jump off a bridge)|(jump off a building)|(jump off a cliff)|(jump off a roof)|(jump in front of a train)|(hang urself)|(neck urself)|(off yourself)|(off urself)|(eat a bullet)|(play in traffic)"),
    ("en.threat.you_will_get", 0.8,
     "(you'll)|(you will)|(you're gonna)|(youre gonna)|(ur gonna)|(u gonna)|(you gonna)|(you are going to)|(you're going to)|(she'll)|(she's gonna)|(he'll)|(he's gonna) ~1 !(get what's coming)|(get what you deserve)|(get shot)|(get stabbed)|(get raped)|(get beaten)|(end up dead)|(wake up dead)|(regret the day)|(regret being born)|(wish you were dead)|(wish you were never born)|(pay for what)"),
    ("en.threat.someone_will_hurt", 0.85,
     "!someone|somebody ~1 (is gonna)|(is going to)|will|('ll)|better @kill_en|hurt|stab|shoot|punch|beat|rape|cap|(shut her up)|(shut you up)|(shut him up) ~1 you|u|her|him|(this bitch)|(that bitch)|(for good)|permanently"),
    ("en.threat.rope_neck", 0.85, "!(a rope around her neck)|(a rope around his neck)|(a noose around her neck)|(a noose around his neck)|(a bullet between her eyes)|(a bullet between his eyes)|(a bullet in her head)|(a bullet in his head)"),
    ("en.threat.wish_gets", 0.85,
     "hope|wish|pray ~5 !(gets murdered)|(get murdered)|(gets raped)|(get raped)|(gets killed)|(get killed)|(gets shot)|(get shot)|(gets stabbed)|(get stabbed)|(gets lynched)|(gets hanged)|(gets beheaded)"),
    ("en.threat.under_a_bus", 0.8, "!throw|push|shove ~1 her|him|them|you|u under a bus|train|truck"),
    ("en.threat.you_gon", 0.85, "you|u|ur|(you're)|youre !gon|gonna|finna die|(get shot)|(get merked)|(get clapped)|(catch a bullet)|(catch these hands)"),
    ("en.threat.wait_till", 0.8,
     "!(keep talking and see)|(keep it up and see)|(say that again and see)|(wait till i catch you)|(wait until i catch you)|(wait til i catch you)|(wait till i find you)|(wait till i see you)|(hope we never meet)|(pray we never meet)|(hope i never see you)|(pray i never find you)|(pray i don't find you)"),
    ("en.threat.know_address", 0.8, "we|i|(we all)|(i already) !know|knows your|her|his address|(home address)|(address and)"),
    ("en.threat.handle_will_regret", 0.8,
     "re:(?:^|[.!?:\\n])\\s*(?:(?:is|are)\\s+(?:going\\s+to|gonna)|will)\\s+(?:regret|pay\\s+for)\\s+(?:this|it|that)(?:$|[^a-z])"),
    ("en.threat.go_die", 0.85, "!(die in a fire)|(die in a ditch)|(choke and die)|(die already)"),
]
# fmt: on
