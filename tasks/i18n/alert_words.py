"""The sentences of an alert (tasks/alerts/compose.py), in French and English.

One table per language, so that a translator edits one dict and the two templates
(reports/alert.*.j2) stay language-free. Numbers and dates arrive formatted (tasks/i18n);
counted phrases come from ``labels.COUNTS`` or, when the whole sentence agrees with a count,
as one form per CLDR plural category here. No attacker text passes through these strings.
"""

from __future__ import annotations

from collections.abc import Mapping

STRINGS: dict[str, dict[str, str | Mapping[str, str]]] = {
    "fr": {
        "colon": "\u00a0:",  # French puts a (no-break) space before a colon
        "subject_new": "[Tocsin] Vague de harcèlement contre {name} : {hostile}",
        "subject_escalation": "[Tocsin] Aggravation ({why}) : {hostile} contre {name}",
        "headline_open": "Une vague de harcèlement vise {name} en ce moment.",
        "headline_closed": "Une vague de harcèlement a visé {name}.",
        "since": "Depuis le {start}, {name} a reçu {hostile} en {hours} h "
        "(en temps normal, environ {expected} sur la même période), sur {posts} au total.",
        "peak": "Le pic : {peak_count} dans l'heure du {peak}.",
        "authors": {
            "one": "{authors} compte y participe.",
            "other": "{authors} comptes différents y participent.",
        },
        "threats": {
            "one": "Parmi eux, {threats} message contient des menaces.",
            "other": "Parmi eux, {threats} messages contiennent des menaces.",
        },
        "doxxing": {
            "one": "{doxxing} message divulgue des informations personnelles (adresse, téléphone…).",
            "other": "{doxxing} messages divulguent des informations personnelles "
            "(adresse, téléphone…).",
        },
        "escalation_intro": "Ceci est une mise à jour de l'alerte précédente : {why}.",
        "signals_title": "Signes d'une action coordonnée",
        "sig_copy_paste": "{posts} messages copiés-collés, postés par au moins {clusters_authors} comptes "
        "différents ({clusters} textes identiques).",
        "sig_young_accounts": "{share} des comptes hostiles ont moins de 30 jours "
        "(d'habitude : {usual}).",
        "sig_new_authors": "{share} des comptes hostiles n'avaient jamais écrit à votre sujet avant.",
        "sig_pile_on": "{count} réponses et citations visent un même message{watched}.",
        "sig_pile_on_watched": " (le message qui vous a désigné·e comme cible)",
        "sig_minute_bursts": "{count} minutes de rafale (jusqu'à {max} messages dans la même minute).",
        "next_title": "Que faire maintenant",
        # {evidence} and {screenshots} are said from the vault's state (tasks/evidence/claims.py).
        "next_evidence": "{evidence} {screenshots} Pour remettre les preuves à un avocat ou un "
        "commissaire de justice : {export}",
        "next_dont": "Ne répondez pas aux messages : cela nourrit la vague. Vous pouvez "
        "restreindre les réponses et mettre votre compte en privé le temps qu'elle passe.",
        "next_report": "Signalez les menaces et les messages les plus graves sur la plateforme "
        "(menu ⋯ du message, « Signaler »), et les contenus illicites sur PHAROS "
        "(internet-signalement.gouv.fr).",
        "next_complaint": "Vous pouvez porter plainte (commissariat, gendarmerie, ou par écrit au "
        "procureur de la République) : le harcèlement en meute est un délit même quand chaque "
        "auteur n'a écrit qu'une fois (code pénal, art. 222-33-2-2).",
        "next_call": "Aide aux victimes : 116 006 (France Victimes, gratuit, 7j/7). Danger "
        "immédiat : 17 ou 112.",
        "contacts": "Personnes prévenues avec vous : {contacts}.",
        "cw_title": "Avertissement : messages violents ci-dessous",
        "cw_body": {
            "one": "Le message le plus grave est cité plus bas, tel qu'écrit (liens désactivés). "
            "Vous pouvez ne pas le lire : rien ne vous oblige à le voir.",
            "other": "Les {n} messages les plus graves sont cités plus bas, tels qu'écrits "
            "(liens désactivés). Vous pouvez ne pas les lire : rien ne vous oblige à les voir.",
        },
        "worst_title": "Les messages les plus graves",
        "unvalidated_record": "enregistrement non validé (motif : {reason})",
        "unvalidated": {
            "one": "{n} message hostile vient d'un enregistrement mis en quarantaine (auteur ou "
            "date illisible…) : il est compté, et marqué « non validé » ci-dessous.",
            "other": "{n} messages hostiles viennent d'enregistrements mis en quarantaine "
            "(auteur ou date illisible…) : ils sont comptés, et marqués « non validé » ci-dessous.",
        },
        "open_post": "voir le message",
        "footer": "Alerte Tocsin, épisode {episode_id}. Une seule alerte par vague : vous "
        "recevrez une mise à jour seulement si elle s'aggrave.",
        "unread_fact": "Sur la même période, {unread} sont dans des langues que Tocsin ne lit "
        "pas ({langs}) : comptés neutres sauf emoji d'arme, numéro, adresse ou menace explicite "
        "(lue en allemand, espagnol, italien et portugais), ils peuvent cacher "
        "d'autres menaces ; faites-les lire par quelqu'un qui comprend ces langues.",
        # An unread episode: a wave of posts in languages no rules read (tasks/alerts/unread.py).
        "u_subject_new": "[Tocsin] Vague de messages en {names} mentionnant {name} : {unread} "
        "que Tocsin ne sait pas lire",
        "u_subject_escalation": "[Tocsin] Aggravation ({why}) : {unread} en {names} mentionnant "
        "{name}",
        "u_headline_open": "Une vague de messages mentionnant {name}, dans une langue que "
        "Tocsin ne lit pas, arrive en ce moment.",
        "u_headline_closed": "Une vague de messages mentionnant {name}, dans une langue que "
        "Tocsin ne lit pas, est arrivée.",
        "u_since": "Depuis le {start}, {name} a reçu {unread} en {hours} h dans des langues que "
        "Tocsin ne lit pas (en temps normal, environ {expected} sur la même période), sur {posts} "
        "au total. Par langue : {langs}.",
        "u_peak": "Le pic : {peak_count} dans l'heure du {peak}.",
        "u_blind": "Les règles de Tocsin lisent le français et l'anglais ; en allemand, "
        "espagnol, italien et portugais, seulement les menaces les plus explicites. Elles ne "
        "peuvent pas dire si ces messages sont hostiles (ils sont comptés neutres, sauf emoji "
        "d'arme, numéro de téléphone, adresse ou menace explicite). Une vague soudaine dans une "
        "autre langue est souvent un raid venu d'une autre communauté.",
        "u_next_read": "Faites lire ces messages dès maintenant par quelqu'un qui comprend la "
        "langue ({names}) : des exemples sont cités plus bas, l'export ci-dessus les contient "
        "tous.",
        "u_cw_title": "Avertissement : messages non lus par Tocsin ci-dessous, peut-être violents",
        "u_cw_body": {
            "one": "Un de ces messages est cité plus bas, tel qu'écrit (liens désactivés). Tocsin "
            "n'a pas pu le lire : il peut être violent.",
            "other": "{n} de ces messages sont cités plus bas, tels qu'écrits (liens désactivés). "
            "Tocsin n'a pas pu les lire : ils peuvent être violents.",
        },
        "u_worst_title": "Des messages de la vague (les plus graves selon les règles "
        "universelles, puis les plus recopiés)",
    },
    "en": {
        "colon": ":",
        "subject_new": "[Tocsin] Harassment wave against {name}: {hostile}",
        "subject_escalation": "[Tocsin] Escalation ({why}): {hostile} against {name}",
        "headline_open": "A harassment wave is targeting {name} right now.",
        "headline_closed": "A harassment wave targeted {name}.",
        "since": "Since {start}, {name} has received {hostile} in {hours} h "
        "(normally about {expected} over the same hours), out of {posts} in all.",
        "peak": "Peak: {peak_count} in the hour of {peak}.",
        "authors": {
            "one": "{authors} account is taking part.",
            "other": "{authors} different accounts are taking part.",
        },
        "threats": {
            "one": "{threats} of these posts contains threats.",
            "other": "{threats} of these posts contain threats.",
        },
        "doxxing": {
            "one": "{doxxing} post exposes personal information (address, phone…).",
            "other": "{doxxing} posts expose personal information (address, phone…).",
        },
        "escalation_intro": "This updates the previous alert: {why}.",
        "signals_title": "Signs of a coordinated attack",
        "sig_copy_paste": "{posts} copy-pasted posts, sent by at least {clusters_authors} different "
        "accounts ({clusters} identical texts).",
        "sig_young_accounts": "{share} of the hostile accounts are less than 30 days old "
        "(usually {usual}).",
        "sig_new_authors": "{share} of the hostile accounts had never written about you before.",
        "sig_pile_on": "{count} replies and quotes point at a single post{watched}.",
        "sig_pile_on_watched": " (the post that designated you)",
        "sig_minute_bursts": "{count} burst minutes (up to {max} posts in the same minute).",
        "next_title": "What to do now",
        # {evidence} and {screenshots} are said from the vault's state (tasks/evidence/claims.py).
        "next_evidence": "{evidence} {screenshots} To hand the evidence to a lawyer or a "
        "bailiff: {export}",
        "next_dont": "Do not reply to the posts: it feeds the wave. You can limit who can reply "
        "and make your account private until it passes.",
        "next_report": "Report the threats and the worst posts on the platform (the post's ⋯ "
        'menu, "Report"); in France, report illegal content to PHAROS '
        "(internet-signalement.gouv.fr).",
        "next_complaint": "You can file a complaint (police, gendarmerie, or in writing to the "
        "public prosecutor): in France pack harassment is an offence even when each author wrote "
        "only once (penal code, art. 222-33-2-2).",
        "next_call": "Victim support in France: 116 006 (France Victimes, free, every day). "
        "Immediate danger: 112.",
        "contacts": "Also alerted: {contacts}.",
        "cw_title": "Content warning: violent messages below",
        "cw_body": {
            "one": "The worst post is quoted further down, as written (links disabled). "
            "You do not have to read it.",
            "other": "The {n} worst posts are quoted further down, as written (links disabled). "
            "You do not have to read them.",
        },
        "worst_title": "The worst posts",
        "unvalidated_record": "unvalidated record (reason: {reason})",
        "unvalidated": {
            "one": "{n} hostile post comes from a quarantined record (unreadable author or "
            "date…): it is counted, and marked “unvalidated” below.",
            "other": "{n} hostile posts come from quarantined records (unreadable author or "
            "date…): they are counted, and marked “unvalidated” below.",
        },
        "open_post": "open the post",
        "footer": "Tocsin alert, episode {episode_id}. One alert per wave: you will get an "
        "update only if it gets worse.",
        "unread_fact": "Over the same hours, {unread} are in languages Tocsin does not read "
        "({langs}): counted neutral unless a weapon emoji, a phone number, an address or a "
        "plain threat (read in German, Spanish, Italian and Portuguese) was found, they may hide "
        "more threats; have someone who reads these languages go through them.",
        # An unread episode: a wave of posts in languages no rules read (tasks/alerts/unread.py).
        "u_subject_new": "[Tocsin] Wave of posts in {names} about {name}: {unread} Tocsin "
        "cannot read",
        "u_subject_escalation": "[Tocsin] Escalation ({why}): {unread} in {names} about {name}",
        "u_headline_open": "A wave of posts about {name}, in a language Tocsin does not read, "
        "is arriving right now.",
        "u_headline_closed": "A wave of posts about {name} came, in a language Tocsin does not "
        "read.",
        "u_since": "Since {start}, {name} has received {unread} in {hours} h in languages "
        "Tocsin does not read (normally about {expected} over the same hours), out of {posts} in "
        "all. By language: {langs}.",
        "u_peak": "Peak: {peak_count} in the hour of {peak}.",
        "u_blind": "Tocsin's rules read French and English; in German, Spanish, Italian and "
        "Portuguese only the plainest threats. They cannot tell whether these posts are hostile "
        "(they are counted neutral unless a weapon emoji, a phone number, an address or a plain "
        "threat is found). A sudden wave in another language is often a raid from another "
        "community.",
        "u_next_read": "Have someone who reads {names} go through these posts now: examples are "
        "quoted below, the export above holds them all.",
        "u_cw_title": "Content warning: posts Tocsin could not read below, possibly violent",
        "u_cw_body": {
            "one": "One of these posts is quoted further down, as written (links disabled). "
            "Tocsin could not read it: it may be violent.",
            "other": "{n} of these posts are quoted further down, as written (links disabled). "
            "Tocsin could not read them: they may be violent.",
        },
        "u_worst_title": "Posts of the wave (the most serious for the universal rules, then "
        "the most copied)",
    },
}
