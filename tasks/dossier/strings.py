"""The dossier's words, in French and English: labels, sentences and the legal framing.

The legal framing states facts from public commentary on the French penal code
(../shared/LEGAL-CONTEXT.md), not advice; the dossier says so on its page.
"""

from __future__ import annotations

_NB = "\u00a0"

STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Dossier de preuves — harcèlement en ligne",
        "target": "Personne visée",
        "period": "Période",
        "selection": "Sélection",
        "sel_episodes": "tous les épisodes de harcèlement détectés",
        "sel_episode": "épisode {id}",
        "sel_author": "tous les messages du compte @{handle} visant la personne",
        "sel_window": "messages créés du {start} au {end} (jours UTC)",
        "produced_by": "Produit par",
        "produced_with": "Outil",
        "key": "Clé de signature (empreinte SHA-256 de la clé publique Ed25519)",
        "no_key": "aucune : les manifestes ne sont pas signés",
        "made_at": "Établi le",
        "bundle": "Pièce jointe (paquet de preuves)",
        "evidence_state": "État des preuves",
        "pages_note": "Les heures sont en UTC. Les textes des messages sont reproduits tels que "
        "reçus, depuis la copie probante scellée, rendus inertes : un caractère de contrôle "
        "ou invisible apparaît sous la forme ⟦U+XXXX⟧ et les liens sont désamorcés "
        "(hxxps[://]exemple[.]com). Les octets exacts sont dans la pièce jointe.",
        "summary": "Résumé",
        "what_happened": "Ce qui s'est passé",
        "chart_title": "Messages par jour ({tz}) : hostiles et autres ; épisodes de harcèlement "
        "en fond rouge",
        "hostile": "hostiles",
        "others": "autres",
        "episode_line": "Épisode {id} : du {start} au {end}, pic le {peak} ; {posts} messages "
        "dont {hostile} hostiles, {threats} menaces, {authors} comptes ; signaux : {signals}.",
        "designating": "Message(s) désignant la personne",
        "designating_none": "Aucun message désignant n'est identifié.",
        "designating_line": "{url} — {what}",
        "watched": "message surveillé (désignation déclarée)",
        "piled_on": "message le plus visé de l'épisode ({n} réponses et citations)",
        "counts": "Chiffres",
        "c_posts": "Messages visant la personne",
        "c_hostile": "dont hostiles",
        "c_threats": "dont menaces",
        "c_unread": "dont dans une langue que Tocsin ne lit pas ({langs}) : non évalués, absents "
        "de ce dossier (l'export de la période les contient)",
        "c_accounts": "Comptes auteurs de messages hostiles",
        "c_young": "dont comptes de moins de {days} jours au moment du message",
        "c_clusters": "Groupes de copier-coller (même texte normalisé, {n} comptes ou plus)",
        "c_cluster_posts": "Messages hostiles dans ces groupes",
        "c_deleted": "Messages hostiles supprimés depuis",
        "c_suspended": "Messages hostiles dont l'auteur a été suspendu depuis",
        "c_withheld": "Messages hostiles masqués depuis",
        "c_status_none": "aucune vérification sur les plateformes n'a encore été faite",
        "c_checked": "Dernière vérification sur les plateformes",
        "scores_note": "Hostilité et catégories : {scorer}.",
        "legal": "Cadre juridique (rappel des faits, non un avis juridique)",
        "threats": "Menaces",
        "threat_tag": "menace",
        "threats_intro": "{n} message(s) classé(s) comme menaces, chacun en entier, du plus "
        "ancien au plus récent.",
        "threats_none": "Aucun message de la sélection n'est classé comme menace.",
        "author": "Auteur",
        "posted": "Publié",
        "url": "Adresse",
        "reply_to": "En réponse à",
        "quote_of": "Cite",
        "stance": "Classement",
        "categories": "Catégories",
        "reasons": "Raisons",
        "sha": "SHA-256 (brut)",
        "manifest": "Scellé",
        "leaf": "feuille",
        "signature": "Signature",
        "timestamp": "Horodatage",
        "status": "Statut sur la plateforme",
        "status_unchecked": "non vérifié depuis la collecte",
        "status_at": "{status} (constaté le {when})",
        "version": "version {n}",
        "edited": "modifié",
        "signed_yes": "signé (clé {fp}, vérifié)",
        "signed_no": "NON signé",
        "ts_yes": "horodaté par {tsa} le {when} (vérifié)",
        "ts_demo": "horodatage de DÉMONSTRATION seulement ({when}) : ne vaut PAS preuve",
        "ts_pending": "horodatage demandé, pas encore reçu",
        "ts_nochain": "(jeton lié au manifeste ; le certificat de l'autorité n'a pas été vérifié, "
        "faute de copie de son certificat racine)",
        "ts_no": "NON horodaté",
        "ts_bad": "jeton d'horodatage présent mais invalide",
        "unsealed": "AUCUN enregistrement scellé : rien ne prouve ce message",
        "accounts": "Comptes participants",
        "accounts_intro": "Pour chaque compte : ses messages visant la personne et le contexte de "
        "meute — l'épisode, le message désignant auquel il répond ou qu'il cite, combien de "
        "messages hostiles la personne avait déjà reçus (en tout et dans ce fil) quand il a "
        "publié (« déjà reçus »), et les signaux de coordination. Le texte de chaque message est "
        "à l'annexe, sous son numéro.",
        "account_created": "créé le {when}",
        "account_age": "{days} j au 1er message",
        "young": "compte récent",
        "young_short": "récent",
        "account_status": "statut",
        "in_episode": "épisode {id}",
        "no_episode": "hors épisode détecté",
        "answered": "répond à {id}",
        "quoted": "cite {id}",
        "designating_mark": "(désignant)",
        "before": "déjà reçus : {overall} hostiles, {thread} dans ce fil",
        "only_episode": "Sauf mention contraire, chaque message ci-dessous appartient à "
        "l'épisode {id}.",
        "cluster": "copier-coller {id} ({authors} comptes)",
        "hostile_mark": "hostile",
        "annex": "Annexe — messages",
        "annex_intro": "Chaque message de la sélection ({n}), dans l'ordre chronologique, sur "
        "une ligne : numéro, date, auteur, début du SHA-256 de l'enregistrement brut scellé, "
        "début du texte. Le fichier joint {file} (SHA-256 {sha}) donne pour chaque numéro le "
        "texte entier tel qu'imprimé ici, l'adresse et le SHA-256 complet de chaque version ; les "
        "octets exacts sont dans le paquet de preuves joint, sous ce SHA-256. Les menaces sont "
        "reproduites en entier plus haut.",
        "custody": "Chaîne de conservation",
        "locked": "Verrouillage",
        "verify": "Comment vérifier",
        "page": "page",
        "none": "aucun",
    },
    "en": {
        "title": "Evidence dossier — online harassment",
        "target": "Targeted person",
        "period": "Period",
        "selection": "Selection",
        "sel_episodes": "every harassment episode detected",
        "sel_episode": "episode {id}",
        "sel_author": "every post of the account @{handle} aimed at the person",
        "sel_window": "posts created from {start} to {end} (UTC days)",
        "produced_by": "Produced by",
        "produced_with": "Tool",
        "key": "Signing key (SHA-256 fingerprint of the Ed25519 public key)",
        "no_key": "none: the manifests are not signed",
        "made_at": "Made on",
        "bundle": "Attachment (evidence bundle)",
        "evidence_state": "State of the evidence",
        "pages_note": "Times are UTC. Post texts are reproduced as received, from the sealed "
        "evidentiary copy, made inert: a control or invisible character shows as ⟦U+XXXX⟧ and "
        "links are defanged (hxxps[://]example[.]com). The exact bytes are in the attachment.",
        "summary": "Summary",
        "what_happened": "What happened",
        "chart_title": "Posts per day ({tz}): hostile and other; harassment episodes shaded red",
        "hostile": "hostile",
        "others": "other",
        "episode_line": "Episode {id}: from {start} to {end}, peak at {peak}; {posts} posts of "
        "which {hostile} hostile, {threats} threats, {authors} accounts; signals: {signals}.",
        "designating": "Designating post(s)",
        "designating_none": "No designating post is identified.",
        "designating_line": "{url} — {what}",
        "watched": "watched post (declared designation)",
        "piled_on": "the episode's most targeted post ({n} replies and quotes)",
        "counts": "Counts",
        "c_posts": "Posts aimed at the person",
        "c_hostile": "of which hostile",
        "c_threats": "of which threats",
        "c_unread": "of which in a language Tocsin does not read ({langs}): not assessed, not in "
        "this dossier (the period's export holds them)",
        "c_accounts": "Accounts that posted hostile posts",
        "c_young": "of which accounts under {days} days old when they posted",
        "c_clusters": "Copy-paste clusters (same normalised text, {n} or more accounts)",
        "c_cluster_posts": "Hostile posts in those clusters",
        "c_deleted": "Hostile posts deleted since",
        "c_suspended": "Hostile posts whose author has been suspended since",
        "c_withheld": "Hostile posts withheld since",
        "c_status_none": "no platform recheck has been made yet",
        "c_checked": "Last platform recheck",
        "scores_note": "Hostility and categories: {scorer}.",
        "legal": "Legal framing (facts, not legal advice)",
        "threats": "Threats",
        "threat_tag": "threat",
        "threats_intro": "{n} post(s) classified as threats, each in full, oldest first.",
        "threats_none": "No post of the selection is classified as a threat.",
        "author": "Author",
        "posted": "Posted",
        "url": "URL",
        "reply_to": "Reply to",
        "quote_of": "Quotes",
        "stance": "Classification",
        "categories": "Categories",
        "reasons": "Reasons",
        "sha": "SHA-256 (raw)",
        "manifest": "Sealed",
        "leaf": "leaf",
        "signature": "Signature",
        "timestamp": "Timestamp",
        "status": "Platform status",
        "status_unchecked": "not rechecked since collection",
        "status_at": "{status} (observed {when})",
        "version": "version {n}",
        "edited": "edited",
        "signed_yes": "signed (key {fp}, verified)",
        "signed_no": "NOT signed",
        "ts_yes": "timestamped by {tsa} at {when} (verified)",
        "ts_demo": "DEMO timestamp only ({when}): NOT evidence",
        "ts_pending": "timestamp requested, not received yet",
        "ts_nochain": "(the token matches the manifest; the authority's certificate was not checked: "
        "no copy of its CA certificate)",
        "ts_no": "NOT timestamped",
        "ts_bad": "timestamp token present but invalid",
        "unsealed": "NO sealed record: nothing proves this post",
        "accounts": "Participating accounts",
        "accounts_intro": "For each account: its posts aimed at the person and the pack context — "
        "the episode, the designating post it answered or quoted, how many hostile posts the "
        "person had already received (overall and in that thread) when it posted (already "
        "received), and the coordination signals. Each post's text is in the annex, under its number.",
        "account_created": "created {when}",
        "account_age": "{days} d old at its first post",
        "young": "young account",
        "young_short": "young",
        "account_status": "status",
        "in_episode": "episode {id}",
        "no_episode": "outside any detected episode",
        "answered": "replies to {id}",
        "quoted": "quotes {id}",
        "designating_mark": "(designating)",
        "before": "already received: {overall} hostile, {thread} in this thread",
        "only_episode": "Unless said otherwise, every post below belongs to episode {id}.",
        "cluster": "copy-paste {id} ({authors} accounts)",
        "hostile_mark": "hostile",
        "annex": "Annex — posts",
        "annex_intro": "Every post of the selection ({n}), oldest first, one line each: number, "
        "date, author, start of the SHA-256 of the sealed raw record, start of the text. The "
        "attached file {file} (SHA-256 {sha}) gives for each number the whole text as printed "
        "here, the URL and the full SHA-256 of every version; the exact bytes are in the "
        "attached evidence bundle, under that SHA-256. Threats are reproduced in full above.",
        "custody": "Chain of custody",
        "locked": "Locked",
        "verify": "How to verify",
        "page": "page",
        "none": "none",
    },
}

STATUS_WORDS = {
    "fr": {
        "available": "disponible",
        "deleted": "supprimé",
        "author_suspended": "auteur suspendu",
        "withheld": "masqué",
        "edited": "modifié",
        "unavailable": "indisponible",
    },
    "en": {
        "available": "available",
        "deleted": "deleted",
        "author_suspended": "author suspended",
        "withheld": "withheld",
        "edited": "edited",
        "unavailable": "unavailable",
    },
}

LEGAL = {
    "fr": [
        "Harcèlement en ligne (Code pénal, art. 222-33-2-2, créé en 2014) : des propos ou "
        "comportements répétés ayant pour effet une dégradation des conditions de vie de la "
        "victime ; circonstance aggravante lorsqu'ils passent par un service de communication "
        "au public en ligne.",
        "Harcèlement en meute (« raid numérique », loi du 3 août 2018) : l'infraction est aussi "
        "constituée lorsque les propos sont imposés à une même victime (a) par plusieurs "
        "personnes, de manière concertée ou à l'instigation de l'une d'elles, même si chacune "
        "n'a agi qu'une fois, ou (b) successivement par plusieurs personnes qui, même sans "
        "concertation, savent que ces propos caractérisent une répétition. Chaque participant "
        "peut être poursuivi, même pour un seul message.",
        "Menaces (y compris de mort) et injures publiques sont des infractions distinctes : un "
        "seul message peut suffire.",
        "Ce dossier fournit, pour chaque message, son contenu exact tel que reçu, sa date, son "
        "auteur, ce à quoi il répond ou qu'il cite, et la preuve qu'il n'a pas été modifié depuis "
        "sa collecte ; pour chaque compte, le contexte qui montre la meute (épisode, message "
        "désignant, nombre de messages hostiles déjà reçus par la personne au moment où il a "
        "publié). La suppression d'un message ou d'un compte n'efface pas la responsabilité, "
        "mais la copie de la plateforme n'existe alors plus : ce dossier indique ce qui a été "
        "constaté et quand.",
    ],
    "en": [
        "Online harassment (French penal code, art. 222-33-2-2, created in 2014): repeated "
        "remarks or behaviour that degrade the victim's living conditions; aggravated when "
        "committed through an online public communication service.",
        'Pack harassment ("raid numérique", law of 3 August 2018): the offence is also made '
        "out when the remarks are imposed on one victim (a) by several people acting in concert "
        "or at the instigation of one of them, even if each acted only once, or (b) successively "
        "by several people who, even without concerting, know that their remarks amount to a "
        "repetition. Every participant can be prosecuted, even for a single post.",
        "Threats (including death threats) and public insults are separate offences: a single "
        "message can suffice.",
        "This dossier gives, for each post, its exact content as received, when it was posted, "
        "by which account, what it replied to or quoted, and proof that it has not changed "
        "since it was collected; for each account, the context that shows the pack (episode, "
        "designating post, how many hostile posts the person had already received when it "
        "posted). Deleting a post or an account does not erase liability, but the platform copy "
        "is then gone: this dossier says what was observed, and when.",
    ],
}


def strings(lang: str) -> dict[str, str]:
    """The words of ``lang`` (fr or en), with French no-break spaces where typography wants them."""
    s = STRINGS[lang]
    if lang == "fr":
        return {k: v.replace(" :", _NB + ":").replace(" ;", _NB + ";") for k, v in s.items()}
    return dict(s)
