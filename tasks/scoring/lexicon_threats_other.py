"""Explicit threats in German, Spanish, Italian and Portuguese, release 1.40, as data (merged
into ``lexicon``; issue 18).

A raid on a French journalist can come from abroad. Tocsin reads French and English in full;
a post in another language used to get the universal signals alone (emoji, phone numbers) and
be counted as unread (``language.UNREAD_REASON``), so "ich bring dich um" or "te voy a matar"
was neutral. These rules read only the plainest threats of each language, said to the target:
killing or raping them promised in the first person, "we know where you live", "you are dead",
"someone should shoot you", a beating promised, a death wished. Everything else in those
languages stays unread: a post these rules do not name keeps saying its language is unread, and
one they name says it too (only its threat was read; ``tasks.detect`` counts it in both).

Written for Tocsin from general knowledge of the four languages (no dataset sentence is copied
here; the cases are ours, ``eval/cases/own_threats_other.tsv``; the fair batches
``eval/cases/fair_threats_other.tsv`` measure them). Text arrives normalized: lowercase, no
accents (``ö`` is ``o``, ``ñ`` is ``n``), but ``ß`` is kept, so German words holding it are
written both ways; and the French respellings (``patterns.respell``) read every post, so
"morir" arrives as "mourir" and "morta" as "mort a": the rules say both.

Every rule has the target in it (the second person, or "her"/"him") and a rare anchor. What
friends say with the same words stays neutral: a clause-end guard keeps "ich bring dich um 8 uhr
zum bahnhof", "vou te pegar no aeroporto" and "sei morta di stanchezza" out, and the
neutralizers blank love and laughter ("te voy a matar a besos", "mi ammazzo dalle risate") and
the plain negations before the rules read the post.
"""

from __future__ import annotations

from tasks.scoring.tails import clause_end

# The end of a clause, or a word that carries a threat on (an insult, "soon", "I swear").
_END_DE = clause_end(
    "du|hure|schlampe|fotze|wichser|bastard|arschloch|drecks[a-z]*|versprochen|bald|heute|"
    "morgen|ehrlich|ich\\s+schw[oö]re|verlass\\s+dich|warte\\s+nur|wenn|falls"
)
_CARRY_ES = (
    "hij[oa]\\s+de\\s+puta|puta|zorra|perra|cabron|maricon|pendej[oa]|gilipollas|"
    "te\\s+lo\\s+juro|lo\\s+juro|pronto|esta\\s+noche|ya\\s+veras|si|cuando|a\\s+ti|a\\s+tu|con"
)
_END_ES = clause_end(_CARRY_ES)
_END_IT = clause_end(
    "puttana|troia|stronz[oa]|bastard[oa]|frocio|zoccola|te\\s+lo\\s+giuro|giuro|presto|"
    "stanotte|vedrai|se|quando|tutti|tutte|come|in\\s+testa|in\\s+faccia|con|a\\s+te"
)
_END_PT = clause_end(
    "sua|seu|vadia|piranha|puta|vagabund[oa]|desgra[cç]ad[oa]|filh[oa]\\s+da\\s+puta|"
    "arrombad[oa]|viad[oa]|eu\\s+juro|juro|logo|hoje|amanh[aã]|se|quando"
)

# fmt: off
LISTS: dict[str, list[str]] = {
    # what a first person threatens to do to the target, German infinitives
    "kill_de": [
        "töten", "umbringen", "abstechen", "erstechen", "erschießen", "erschiessen", "abknallen",
        "kaltmachen", "aufhängen", "erwürgen", "vergewaltigen", "abschlachten", "vergasen",
        "verbrennen", "totschlagen", "zusammenschlagen", "aufschlitzen",
    ],
    # Spanish infinitives, bare (after "te"/"la") and with the pronoun glued on
    "kill_es": [
        "matar", "violar", "rajar", "apuñalar", "degollar", "ahorcar", "descuartizar",
        "quemar", "reventar", "acuchillar", "fusilar", "linchar", "desollar",
        "meter un tiro", "pegar un tiro", "dar un tiro", "meter una bala",
    ],
    "kill_es_glued": [
        "matarte", "violarte", "rajarte", "apuñalarte", "degollarte", "ahorcarte", "quemarte",
        "reventarte", "matarla", "violarla", "rajarla", "matarlo", "matarlos", "matarlas",
        "pegarte un tiro", "pegarle un tiro", "meterte un tiro", "darte un tiro",
        "meterte una bala", "meterle un tiro",
    ],
    # Italian, the pronoun glued on
    "kill_it_glued": [
        "ammazzarti", "ucciderti", "spararti", "sgozzarti", "stuprarti", "accoltellarti",
        "impiccarti", "bruciarti", "ammazzarla", "ucciderla", "spararle", "stuprarla",
        "ammazzarlo", "ucciderlo", "sparargli",
    ],
    # Portuguese infinitives
    "kill_pt": [
        "matar", "estuprar", "esfaquear", "furar", "queimar", "enforcar", "degolar",
        "espancar", "arrebentar", "picar", "meter uma bala", "meter bala", "dar um tiro",
        "encher de porrada", "encher de bala", "encher de pancada",
    ],
    "kill_pt_glued": [
        "matar-te", "matá-la", "matá-lo", "estuprá-la", "te dar um tiro", "dar um tiro em você",
        "meter uma bala em você", "meter bala em você",
    ],
}

RULES: list[tuple[str, float, str]] = [
    # --- German ---------------------------------------------------------------------------
    # "ich bring dich um, du hure", "wir bringen euch alle um." (not "… um 8 uhr zum bahnhof")
    ("de.threat.bring_um", 0.95,
     "ich|wir|man|jemand ~1 bring|bringe|bringen|bringt ~1 !dich|euch|sie|ihn [alle] um " + _END_DE),
    # "ich werde dich finden und abstechen", "wir werden dich umbringen"
    ("de.threat.first_person", 0.95,
     "ich|wir ~3 dich|euch ~4 !@kill_de"),
    # "jemand sollte dich erschießen", "man sollte sie aufhängen"
    ("de.threat.someone_should", 0.9,
     "jemand|man|ihr ~1 sollte|sollten|müsste|muss|soll ~1 dich|sie|ihn|euch ~2 !@kill_de"),
    # "du bist tot.", "du bist so gut wie tot, schlampe" (not "der film ist tot langweilig")
    ("de.threat.you_are_dead", 0.9,
     "du|ihr ~1 !bist|seid [(so gut wie)|bald|schon] tot|totes|tote " + _END_DE),
    # "du wirst bald sterben", "ihr werdet bluten" (not "… vor lachen sterben": neutralized)
    ("de.threat.you_will_die", 0.85,
     "du|ihr !wirst|werdet ~2 sterben|verrecken|krepieren|bluten|leiden|büßen|bereuen " + _END_DE),
    # "wir wissen, in welcher straße du wohnst", "ich weiß, in welchem haus ihr lebt" (release
    # 1.41; not "weißt du, wo sie wohnt?": the first person knows)
    ("de.threat.know_which", 0.85,
     "wir|ich wissen|weiß|weiss|weis|kennen|kenne ~1 in|welche|welcher|welchem ~3 du|ihr !wohnst|wohnt|arbeitest|arbeitet|lebst|lebt|schläfst|schlafst"),
    # "bald bist du tot", "dann seid ihr tot." (the verb first)
    ("de.threat.then_dead", 0.9,
     "bald|dann|morgen|heute|gleich|sonst !bist|seid du|ihr [(so gut wie)] tot " + _END_DE),
    # "ich schneide dir die kehle durch", "jemand sollte ihr die kehle durchschneiden"
    ("de.threat.throat", 0.9,
     "dir|ihr|ihm|euch die !kehle|gurgel ~2 durchschneiden|aufschlitzen|durchtrennen|durch"),
    # "ich hoffe, du wirst vergewaltigt", "hoffentlich stirbst du" (not "… du wirst gesund")
    ("de.threat.wish", 0.9,
     "hoffe|hoffen|hoffentlich ~3 !vergewaltigt|erschossen|abgestochen|umgebracht|stirbst|verreckst|krepierst|getötet|getotet"),
    # "wir kommen zu dir nach hause." (not "… zum essen")
    ("de.threat.come_home", 0.8,
     "wir|ich !kommen|komme|besuchen|besuche ~1 zu dir|euch nach hause " + _END_DE),
    # "wir wissen wo du wohnst", "ich weiß, wo deine kinder zur schule gehen"
    ("de.threat.know_where", 0.85,
     "wir|ich !wissen|weiß|weiss|weis|kennen|kenne [genau] wo du|ihr|deine ~2 wohnst|wohnt|arbeitest|arbeitet|lebst|lebt|schläfst|schlafst|schule|gehen|geht"),
    # "ich schlag dich tot", "wir schlagen dich krankenhausreif"
    ("de.threat.beat", 0.9,
     "ich|wir !schlag|schlage|schlagen|prügel|prügle|prugel|prugle ~1 dich|euch|sie|ihn tot|zusammen|krankenhausreif|windelweich|grün|blau"),
    # "wir kriegen dich, schlampe", "wir finden dich." (a hunt promised; not "… im chat")
    ("de.threat.we_get_you", 0.8,
     "wir|ich kriegen|kriege|krieg|finden|finde|holen|hole !dich|euch " + _END_DE),
    # "halt die fresse oder wir kommen vorbei", "… oder es knallt"
    ("de.threat.or_else", 0.8,
     "oder ~1 wir|ich !kommen|komme|besuchen|besuche ~2 vorbei|dich|euch " + _END_DE),
    ("de.threat.or_it_bangs", 0.8, "oder ~1 es !knallt|kracht|scheppert " + _END_DE),
    # "ich will dich tot sehen", "wir wollen euch leiden sehen"
    ("de.threat.want_dead", 0.9,
     "ich|wir will|wollen|möchte|mochte|möchten|mochten ~1 !dich|euch|sie|ihn ~1 tot|sterben|bluten|leiden|brennen [sehen]"),
    # "ich stech dich ab", "wir knallen euch ab", "ich mach dich kalt"
    ("de.threat.separable", 0.9,
     "ich|wir !stech|steche|stechen|knall|knalle|knallen ~1 dich|euch|sie|ihn ab " + _END_DE),
    ("de.threat.cold", 0.9, "ich|wir mach|mache|machen ~1 dich|euch|sie|ihn !kalt " + _END_DE),
    # --- Spanish --------------------------------------------------------------------------
    # "te voy a matar", "la vamos a violar" (not "te voy a matar a besos": neutralized)
    ("es.threat.going_to_kill", 0.95,
     "te|la|lo|los|las|os ~1 voy|vamos|van|va a !@kill_es"),
    # "voy a matarte", "vamos a pegarte un tiro", "te juro que voy a matarte"
    ("es.threat.going_to_kill_glued", 0.95,
     "voy|vamos|van|va|quiero|deberian|debería|deberia|(tienen que)|(hay que) ~2 !@kill_es_glued"),
    # "te mato si vuelves", "te mataré, zorra", "te reviento" (not "me matas de risa")
    ("es.threat.kill_you_now", 0.9,
     "te|os !mato|matare|mataremos|matamos|violo|reviento|rajo|apuñalo|degüello " + _END_ES),
    # "alguien debería pegarte un tiro", "alguien debería matarla"
    ("es.threat.someone_should", 0.9,
     "alguien|ojala|ojalá ~2 !@kill_es_glued"),
    # "ojalá te violen", "espero que te mueras" (not "espero que te guste")
    ("es.threat.wish", 0.9,
     "ojala|ojalá|espero|(espero que)|(ojala que)|(ojalá que) ~1 te|la|lo !violen|maten|mueras|muera|revienten|quemen|apuñalen|atropelle|atropellen"),
    # "sabemos dónde vives", "sé donde trabajas" (not "sabes dónde vive Ana?")
    ("es.threat.know_where", 0.85,
     "sabemos|se|sé|conocemos|conozco ~1 !donde|dónde vives|trabajas|duermes|estudias|viven|vive"),
    # "sé en qué calle vives", "conocemos tu dirección, sabemos en qué casa duermes" (1.41)
    ("es.threat.know_which", 0.85,
     "sabemos|se|sé|conocemos|conozco en|cual ~3 !vives|trabajas|duermes|estudias|vive"),
    # "vas a acabar en una zanja", "terminarás en el cementerio"
    ("es.threat.end_up", 0.85,
     "vas|vais|va a acabar|terminar|aparecer ~2 !zanja|cuneta|fosa|cementerio|ataud|ataúd|tumba"),
    ("es.threat.end_up_future", 0.85,
     "!acabaras|acabarás|terminaras|terminarás ~2 zanja|cuneta|fosa|cementerio|ataud|ataúd|tumba"),
    # "alguien tiene que callarte para siempre"
    ("es.threat.silence_forever", 0.85,
     "!callarte|callarla|callarlo|silenciarte|silenciarla|cerrarte ~2 para siempre"),
    # "vamos a quemar tu casa", "te voy a quemar el coche"
    ("es.threat.burn_home", 0.9,
     "voy|vamos|van a !quemar|incendiar|quemarte|incendiarte ~1 tu|su|el casa|coche|carro|auto|piso"),
    # "estás muerta, zorra", "eres hombre muerto"
    ("es.threat.you_are_dead", 0.9,
     "estas|estás|eres|sois|estais|estáis [(hombre)|(mujer)|(un hombre)|(una mujer)] !muerta|muerto|muertos|muertas " + _END_ES),
    # "vas a morir pronto", "te vas a morir" (not "… de risa": neutralized)
    ("es.threat.you_will_die", 0.85,
     "[te] vas|van a !morir|mourir|sufrir|desaparecer " + _END_ES),
    # "te reviento la cabeza", "te parto la cara"
    ("es.threat.break_face_now", 0.9,
     "te|le|os !reviento|parto|rompo ~1 la|las|los cara|cabeza|boca|madre|crisma|piernas|cuello"),
    # "te voy a partir la cara", "te vamos a romper la madre"
    ("es.threat.break_face", 0.9,
     "te|le ~1 voy|vamos|va a !partir|romper|reventar|destrozar ~1 la|las|los cara|madre|boca|piernas|cabeza"),
    # "te vamos a encontrar y …", "te vamos a buscar, perra"
    ("es.threat.find_you", 0.8,
     "te|la|lo !vamos|voy a encontrar|buscar|cazar " + clause_end(_CARRY_ES, "y")),
    # --- Italian --------------------------------------------------------------------------
    # "ti ammazzo puttana", "ti uccido se …" (not "ti ammazzo di baci": neutralized)
    ("it.threat.kill_you", 0.95,
     "ti|vi|la|lo !ammazzo|uccido|ammazzerò|ammazzero|ucciderò|uccidero|ammazziamo|uccidiamo|sgozzo|accoltello|stupro|sparo|spariamo|uccideremo|ammazzeremo|sgozzeremo " + _END_IT),
    # "voglio ucciderti", "vengo ad ammazzarti", "qualcuno dovrebbe spararti"
    ("it.threat.want_to_kill", 0.95,
     "voglio|vogliamo|vengo|veniamo|verrò|verro|dovrebbe|dovrebbero|bisognerebbe|devo|qualcuno ~2 !@kill_it_glued"),
    # "sappiamo dove abiti", "so dove lavori"
    ("it.threat.know_where", 0.85,
     "sappiamo|so|conosco|conosciamo ~1 !dove abiti|vivi|lavori|dormi|studi|abita|vive"),
    # "so in che via abiti", "sappiamo in quale palazzo vivi" (1.41)
    ("it.threat.know_which", 0.85,
     "sappiamo|so|conosco|conosciamo in|quale|che ~3 !abiti|vivi|lavori|dormi|studi"),
    # "finirai in un fosso", "finirai sottoterra"
    ("it.threat.end_up", 0.85,
     "!finirai|finirete|finisci ~2 fosso|sottoterra|cimitero|bara|tomba"),
    # "qualcuno dovrebbe tapparti la bocca per sempre"
    ("it.threat.silence_forever", 0.85,
     "!tapparti|chiuderti|tapparle|chiuderle|zittirti|zittirla ~2 [bocca] per sempre"),
    # "ti faccio saltare in aria", "ti bruciamo la casa", "ti aspetto sotto casa, stronza"
    ("it.threat.blow_up", 0.9, "ti|vi|la !faccio|facciamo saltare in aria"),
    ("it.threat.burn_home", 0.9,
     "ti|vi !bruciamo|brucio|incendio|incendiamo ~1 la|il casa|macchina|auto|negozio"),
    ("it.threat.wait_home", 0.8,
     "ti|vi !aspetto|aspettiamo sotto casa " + _END_IT),
    # "sei morta, troia", "sei un uomo morto" (not "sei morta di stanchezza?")
    ("it.threat.you_are_dead", 0.9,
     "sei|siete [(un uomo)|(una donna)|(gia)|(già)] !morta|(mort a)|morto|morti|morte " + _END_IT),
    # "morirai presto", "creperai" (not "morirai dal ridere": neutralized)
    ("it.threat.you_will_die", 0.85,
     "[tu] !morirai|morirete|creperai|creperete|soffrirai|pagherai " + _END_IT),
    # "spero che ti stuprino", "spero che tu muoia"
    ("it.threat.wish", 0.9,
     "spero|speriamo|(spero che)|magari ~2 ti|tu|la ~1 !stuprino|ammazzino|uccidano|muoia|crepi|bruci|investano|investa"),
    # "ti spacco la faccia", "ti rompo le gambe", "ti taglio la gola"
    ("it.threat.break_face", 0.9,
     "ti|vi ~1 !spacco|rompo|spacchiamo|rompiamo|taglio|tagliamo|sfondo ~1 la|le|il faccia|gambe|testa|gola|culo|denti"),
    # "ti veniamo a prendere", "ti troveremo." (not "ti vengo a prendere alle 8")
    ("it.threat.come_get", 0.8,
     "ti|vi ~1 !veniamo|vengo|verremo|troveremo|troverò|trovero a|ad [prendere] " + _END_IT),
    ("it.threat.will_find", 0.8,
     "ti|vi !troveremo|troverò|trovero|troviamo " + _END_IT),
    # --- Portuguese -----------------------------------------------------------------------
    # "vou te matar sua vadia", "vamos te esfaquear" (not "… de saudade": neutralized)
    ("pt.threat.going_to_kill", 0.95,
     "vou|vamos|vai|irei|iremos|deveria|devia|alguem|alguém|precisa|precisam ~1 te|lhe|voce|você ~1 !@kill_pt"),
    # "vamos matar você", "vou esfaquear ela"
    ("pt.threat.going_to_kill_you", 0.95,
     "vou|vamos|vai|irei|iremos !@kill_pt ~1 voce|você|tu|ela|voces|vocês"),
    ("pt.threat.going_to_kill_glued", 0.95,
     "vou|vamos|vai|devia|deveria|alguem|alguém ~2 !@kill_pt_glued"),
    # "te mato, piranha", "eu te mato se …"
    ("pt.threat.kill_you", 0.9,
     "te !mato|matarei|mataremos|estupro|furo|esfaqueio " + _END_PT),
    # "sabemos onde você mora", "sei onde tu trabalhas"
    ("pt.threat.know_where", 0.85,
     "sabemos|sei|conheco|conheço ~1 !onde voce|você|tu|ela ~1 mora|moras|trabalha|trabalhas|vive|vives|dorme|estuda"),
    # "tu tá morta, piranha", "você é um homem morto"
    ("pt.threat.you_are_dead", 0.9,
     "(tu ta)|(tu tá)|(tu estas)|(tu estás)|(voce esta)|(você está)|(voce ta)|(você tá)|(voce e um)|(você é um)|(voce e uma)|(você é uma) [homem|mulher] !morta|(mort a)|morto " + _END_PT),
    # "você vai morrer logo", "vais sofrer"
    ("pt.threat.you_will_die", 0.85,
     "voce|você|tu ~1 vai|vais !morrer|sofrer|apanhar|sangrar " + _END_PT),
    # "vou quebrar sua cara", "vamos arrebentar a tua boca", "vou cortar sua garganta"
    ("pt.threat.break_face", 0.9,
     "vou|vamos|vai ~1 te !quebrar|arrebentar|partir|cortar|rasgar ~2 cara|boca|cabeca|cabeça|garganta|pescoco|pescoço|pernas|dentes"),
    ("pt.threat.break_face_yours", 0.9,
     "vou|vamos !quebrar|arrebentar|partir|cortar|rasgar ~1 sua|tua|seu|teu|a|o cara|boca|cabeca|cabeça|garganta|pescoco|pescoço|pernas|dentes"),
    # "sei em que rua você mora", "sabemos qual é a sua casa" (1.41)
    ("pt.threat.know_which", 0.85,
     "sabemos|sei|conheco|conheço em|qual ~3 voce|você|tu|ela ~1 !mora|moras|trabalha|trabalhas|vive|vives|dorme"),
    # "você vai aparecer numa vala", "vais acabar no cemitério"
    ("pt.threat.end_up", 0.85,
     "vai|vais|vão ~1 acabar|terminar|aparecer ~2 !vala|valeta|cova|caixao|caixão|cemiterio|cemitério"),
    # "vou acabar com a tua vida", "vamos acabar com a sua raça"
    ("pt.threat.end_life", 0.9, "vou|vamos !acabar com ~1 a|tua|sua vida|raça|raca"),
    # "alguém precisa calar essa boca para sempre"
    ("pt.threat.silence_forever", 0.85, "!calar|calá|cala ~2 para sempre"),
    # "vamos queimar sua casa", "vou tacar fogo no teu carro"
    ("pt.threat.burn_home", 0.9,
     "vou|vamos|vão !queimar|incendiar ~1 sua|tua|a casa|carro"),
    ("pt.threat.fire_home", 0.9,
     "vou|vamos|vão !tacar|botar|meter fogo ~1 na|no|em sua|tua|teu|seu casa|carro"),
    # "espero que te estuprem", "tomara que você morra"
    ("pt.threat.wish", 0.9,
     "espero|tomara|(espero que)|(tomara que) ~2 te|voce|você|tu|ela !estuprem|matem|morra|morras|queimem|esfaqueiem|atropelem|atropele"),
    # "vamos te pegar", "a gente vai te pegar, vagabunda" (not "vou te pegar no aeroporto")
    ("pt.threat.get_you", 0.8,
     "vamos|vou|vai|(a gente vai) te !pegar|achar|encontrar|caçar|cacar " + _END_PT),
]

# Love, laughter and heat kill in every language; negation takes the threat back.
NEUTRALIZERS: list[tuple[str, str]] = [
    ("figurative", "!matar|mato|matare|mataré|ammazzo|ammazzarti|uccido|ucciderti|umbringen|bringe|bringt|bring ~3 besos|baci|bacio|beijos|beijo|küssen|kussen|risa|ridere|risate|rir|saudade|lachen|amor|abrazos|abbracci"),
    ("figurative", "!morir|mourir|muero|morirai|morrer|sterben|morta|(mort a)|morto|muerta|muerto ~2 risa|ridere|risate|rir|lachen|fame|hambre|stanchezza|cansancio|cansaço|cansaco|sono|sueño|sueno|sonno|müdigkeit|vergogna|vergüenza|verguenza|vergonha|calor|caldo|hitze|frio|freddo|kälte|amor|amore|liebe|envidia|invidia|inveja"),
    ("negation", "!nicht|nie|niemals|keiner|niemand ~2 @kill_de|um|tot"),
    ("negation", "!no|nunca|jamas|jamás|nadie ~2 te|la|lo|voy|vamos|mato|matare|mataré ~2 @kill_es|mato|matare|mataré"),
    ("negation", "!non|mai ~2 ti|vi|la|lo ~1 ammazzo|uccido|ammazzerò|ammazzero|ucciderò|uccidero|@kill_it_glued"),
    ("negation", "!nao|não|nunca|jamais|ninguem|ninguém ~2 vou|vamos|vai|te ~2 @kill_pt|mato|matarei"),
]
# fmt: on
