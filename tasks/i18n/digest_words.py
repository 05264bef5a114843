"""Every sentence of the weekly digest (tasks/digest/), in French and in English.

Placeholders are ``str.format`` fields filled by tasks/digest/view.py with values it has
already formatted (numbers, dates, counted nouns: tasks/i18n) and, for attacker text, never: no
post text, handle or display name ever passes through these strings.

Keys ending in ``_day`` are the daily digest's wording of the key without it (tasks/digest/view.py
picks them for a one-day period): they live in daily_words.py. Keys starting with ``g_`` are the
targeted person's short summary (reports/digest.gentle.*.j2), which quotes no message: they live
in gentle_words.py.
"""

from __future__ import annotations

from tasks.i18n.daily_words import DAILY
from tasks.i18n.gentle_words import GENTLE

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    "fr": {
        "subject": "[Tocsin] {name} — semaine du {first} au {last} : {headline}",
        "subject_gentle": "Tocsin — votre résumé de la semaine",
        "week_range": "Du {first} au {last}",
        "this_period": "cette semaine",
        "top_none": "Rien n'a été collecté {period} : Tocsin n'a aucune donnée sur ces jours. "
        "Les zéros ci-dessous ne veulent pas dire que tout était calme, mais que personne ne "
        "regardait.",
        "top_part": "Une partie de la période n'a pas été collectée ({spans}) : les chiffres "
        "ci-dessous sont incomplets.",
        "hl_nothing": "Rien de collecté {period}",
        "chart_note_episodes_text": "Épisodes détectés : {codes} (voir plus bas).",
        "ep_beyond": "Cet épisode déborde de la période : ses chiffres ci-dessus le comptent en "
        "entier, du {start} au {end} ; {posts} de la période en font partie.",
        "worst_ref": "Empreinte de preuve n° {n}, dans « Obtenir les preuves »",
        "st_untracked_all": "Tocsin ne suit pas encore les suppressions pour cette cible : on ne "
        "sait pas si ces messages sont encore en ligne.",
        "hashes_heading": "Empreintes des messages cités (SHA-256, à comparer avec l'export ou le "
        "dossier)",
        "dossier_made": "Dossiers de preuves déjà faits, sur la machine de Tocsin :",
        "dossier_item": "{name}, fait le {when}",
        "dossier_none": "Aucun dossier de preuves n'a encore été fait pour cette cible.",
        "dossier_ask": "Pour un dossier de preuves (un PDF à remettre à un avocat ou à la "
        "police) ou l'export complet, demandez-le à la personne qui fait tourner Tocsin en "
        "citant {what}.",
        "dossier_what_episode": "l'épisode {code} ({episode})",
        "dossier_what_period": "la cible « {target} » et la période du {first} au {last}",
        "site_page": "La page de suivi, mise à jour à chaque collecte, est sur la machine de "
        "Tocsin : {path}",
        "qr_parse": "{field} illisible",
        "qr_required": "sans {field}",
        "qr_non_blank": "{field} vide",
        "qr_not_future": "{field} dans le futur",
        "qr_not_before": "{field} antérieure à l'ouverture des plateformes",
        "qr_in_set": "valeur inconnue pour {field}",
        "qr_min_value": "valeur impossible pour {field}",
        "qr_unreadable": "page illisible",
        "qr_unknown_format": "page d'un format inconnu",
        "fld_created_at": "date du message",
        "fld_text": "texte",
        "fld_version_id": "identifiant de version",
        "fld_author_id": "identifiant de l'auteur",
        "fld_post_id": "identifiant du message",
        "fld_author_created_at": "date de création du compte",
        "fld_platform": "plateforme",
        "fld_kind": "type de message",
        "ep_span_open": "depuis le {start}, en cours, pic le {peak}",
        "ep_beyond_open": "Cet épisode est toujours en cours : ses chiffres ci-dessus le "
        "comptent en entier, depuis le {start} ; {posts} de la période en font partie.",
        "worst_unvalidated": "Enregistrement non validé, gardé en quarantaine ({reason}) : lu "
        "et classé quand même, pour qu'une menace ne disparaisse pas.",
        "dq_runs": {
            "one": "{n} collecte réussie couvre la semaine.",
            "other": "{n} collectes réussies couvrent la semaine.",
        },
        "colon": "\u00a0:",
        "title": "Synthèse hebdomadaire",
        "cw_title": "Avertissement",
        "cw": "Ce message cite des messages haineux adressés à {name}, dont des menaces. "
        "Vous pouvez le lire plus tard, ou demander à quelqu'un de le lire pour vous.",
        "cw_masked": "Les insultes sont masquées ici ; l'export de preuves garde le texte exact.",
        "cw_unmasked": "Les messages sont cités tels quels, insultes comprises.",
        "hl_harassment_wave": "Vague de harcèlement {days} : {posts}, {share} hostiles, {threats}",
        "hl_hostile_peak": "Pic hostile {days} : {posts}, {share} hostiles, {threats}",
        "hl_support_wave": "Vague de soutien {days} : {posts}, {share} de soutien",
        "hl_support_peak": "Pic de soutien {days} : {posts}, {share} de soutien",
        "hl_no_peak": "Pas de pic cette semaine : {posts}, {share} hostiles, {threats}",
        "hl_no_stance": "{posts} cette semaine ({change} par rapport à la précédente) ; "
        "tonalité non disponible",
        "hl_join": " ; ",
        "chart_heading": "Messages par jour",
        "chart_title": "Messages par jour",
        "chart_alt": "Graphique des messages par jour, {week} : {days}.",
        "chart_alt_day_nostance": "{day} {posts}",
        "chart_wave_harassment": "vague hostile",
        "chart_wave_support": "vague de soutien",
        "chart_wave_unread": "vague (langue non lue)",
        "chart_note_episodes": "Zones ombrées : épisodes détectés (voir plus bas).",
        "col_posts": "Messages",
        "col_hostile": "Hostiles",
        "col_supportive": "Soutien",
        "col_neutral": "Neutres",
        "col_threats": "Menaces",
        "cmp_heading": "Cette semaine et la précédente",
        "cmp_this": "Cette semaine",
        "cmp_prev": "Semaine précédente",
        "cmp_change": "Évolution",
        "cmp_posts": "Messages",
        "cmp_hostile": "Hostiles",
        "cmp_supportive": "De soutien",
        "cmp_neutral": "Neutres",
        "cmp_threats": "Menaces",
        "cmp_hostile_share": "Part hostile",
        "cmp_authors": "Comptes distincts",
        "cmp_first_time": "Comptes nouveaux (premier message)",
        "cmp_quarantined": "Enregistrements en quarantaine",
        "ep_heading": "Épisodes et signes de coordination",
        "ep_unavailable": "La détection des vagues n'était pas disponible pour cette semaine.",
        "ep_none": "Aucun épisode détecté cette semaine.",
        "ep_harassment": "Harcèlement",
        "ep_support": "Soutien",
        "ep_unread": "Vague de messages dans une langue que Tocsin ne lit pas",
        "ep_span": "du {start} au {end}, pic le {peak}",
        "ep_ongoing": "en cours",
        "ep_volumes": "{posts} par {authors} : {hostile} hostiles, {supportive} de soutien, "
        "{neutral} neutres, {threats}",
        "ep_volumes_unread": " ; {unread} dans des langues que les règles de Tocsin ne lisent pas "
        "(tonalité inconnue, comptée neutre)",
        "ep_signals": "Signes de coordination",
        "sig_copy_paste": "copier-coller : {clusters} (chacun repris par 3 comptes ou plus, "
        "{posts}), le plus repris par {largest}",
        "sig_young_accounts": "comptes récents : {share} des auteurs avaient un compte de moins "
        "de 30 jours (d'habitude {baseline})",
        "sig_new_authors": "nouveaux venus : {share} des auteurs n'avaient jamais écrit sur la "
        "cible auparavant",
        "sig_pile_on": "curée : {posts} réponses et citations visent une même publication ({post})",
        "sig_pile_on_watched": "curée : {posts} réponses et citations visent la publication qui a "
        "désigné la cible ({post})",
        "sig_minute_bursts": "rafales : {minutes} minutes anormalement chargées (jusqu'à {max} "
        "messages par minute)",
        "sig_threats": "menaces : {threats} ; divulgation d'informations personnelles : {doxxing}",
        "worst_heading": "Les messages qui comptent (menaces d'abord)",
        "worst_none": "Aucun message hostile cette semaine.",
        "worst_no_stance": "Sans la tonalité des messages (le classement n'a pas tourné), "
        "Tocsin ne peut pas choisir les messages à citer.",
        "worst_threat": "MENACE",
        "worst_hostile": "Hostile",
        "worst_by": "par",
        "worst_posted": "publié le {when}",
        "worst_link": "Lien",
        "worst_no_link": "pas de lien canonique",
        "worst_hash": "Empreinte de preuve (SHA-256)",
        "worst_copies": "Même texte publié {copies} fois par {accounts}",
        "worst_edited": "modifié ({n} versions ; version citée : la dernière)",
        "st_label": "État",
        "st_deleted": "supprimé (constaté le {when})",
        "st_author_suspended": "compte suspendu (constaté le {when})",
        "st_withheld": "retenu par la plateforme (constaté le {when})",
        "st_edited": "modifié depuis (constaté le {when})",
        "st_unavailable": "indisponible (constaté le {when})",
        "st_available": "en ligne au dernier contrôle ({when})",
        "st_none": "aucune suppression constatée",
        "st_untracked": "suivi des suppressions non disponible",
        "acc_heading": "Comptes hostiles les plus actifs",
        "acc_none": "Aucun compte hostile cette semaine.",
        "acc_account": "Compte",
        "acc_hostile": "Messages hostiles",
        "acc_threats": "Menaces",
        "acc_created": "Créé le",
        "acc_first": "Premier message de la semaine",
        "acc_young": "compte récent",
        "acc_suspended": "suspendu",
        "dq_heading": "Qualité des données",
        "dq_quarantined": "{n} enregistrements écartés car illisibles ou invalides (gardés à "
        "part, en quarantaine, avec leur motif)",
        "dq_quarantined_none": "Aucun enregistrement mis en quarantaine.",
        "dq_failed": "Collecte en échec : {flow} / {source}, lancée le {when}",
        "dq_skipped": "Source non collectée : {flow} / {source}, le {when}",
        "dq_partial": "Collecte incomplète : {flow} / {source}, lancée le {when}",
        "dq_partial_spans": "Collecte incomplète : {flow} / {source}, lancée le {when} ; "
        "non collecté : {spans}",
        "dq_span": "du {start} au {end}",
        "dq_gap": "Période non couverte par une collecte réussie : du {start} au {end}.",
        "dq_no_gap": "Aucune période non couverte.",
        "dq_missing_scores": "Tonalité des messages (hostile, soutien, neutre) : non disponible, "
        "le classement n'a pas tourné sur cette semaine.",
        "dq_missing_episodes": "Détection des vagues : non disponible.",
        "dq_missing_status_changes": "Suivi des suppressions et suspensions : non disponible.",
        "dq_unscored": "{n} messages de la semaine n'ont pas encore de tonalité.",
        "blind_heading": "Ce que Tocsin ne voit pas",
        "blind_private": "les messages privés, les comptes protégés, et les messages supprimés "
        "avant d'avoir été collectés ;",
        "blind_platforms": "{platforms} : aucun compte de la cible n'y est suivi ;",
        "blind_unread": "{posts} dans des langues que les règles de Tocsin ne lisent pas ({langs}) "
        ": comptés neutres sauf emoji d'arme, numéro de téléphone, adresse ou menace explicite "
        "(lue en allemand, espagnol, italien et portugais) ; quelqu'un qui lit "
        "ces langues devrait les parcourir{where} ;",
        "blind_unread_where": " (la page de suivi les liste)",
        "blind_unnamed": "les messages qui visent la cible sans la nommer ni répondre à une "
        "publication suivie.",
        "export_heading": "Obtenir les preuves",
        "export_text": "L'export contient chaque message tel que reçu, ses empreintes et les "
        "manifestes qui les scellent, vérifiables sans installer Tocsin.",
        "footer": "Envoyé par Tocsin à {email} ({role}) pour la cible « {target} ». "
        "Message automatique : ne pas répondre.",
        "footer_nobody": "Produit par Tocsin pour la cible « {target} ».",
        "generated": "Produit le {when}.",
    },
    "en": {
        "subject": "[Tocsin] {name} — week of {first} to {last}: {headline}",
        "subject_gentle": "Tocsin — your weekly summary",
        "week_range": "{first} to {last}",
        "this_period": "this week",
        "top_none": "Nothing was collected {period}: Tocsin has no data on these days. The "
        "zeros below do not mean all was calm, only that nobody was watching.",
        "top_part": "Part of the period was not collected ({spans}): the figures below are "
        "incomplete.",
        "hl_nothing": "Nothing collected {period}",
        "chart_note_episodes_text": "Detected episodes: {codes} (see below).",
        "ep_beyond": "This episode runs past the period: its figures above count all of it, "
        "{start} to {end}; {posts} of the period belong to it.",
        "worst_ref": "Evidence hash no. {n}, in “Getting the evidence”",
        "st_untracked_all": "Tocsin does not track deletions for this target yet: whether these "
        "posts are still online is not known.",
        "hashes_heading": "Hashes of the quoted posts (SHA-256, to compare with the export or "
        "the dossier)",
        "dossier_made": "Evidence dossiers already made, on the Tocsin machine:",
        "dossier_item": "{name}, made {when}",
        "dossier_none": "No evidence dossier has been made for this target yet.",
        "dossier_ask": "For an evidence dossier (a PDF for a lawyer or the police) or the full "
        "export, ask whoever runs Tocsin, naming {what}.",
        "dossier_what_episode": "episode {code} ({episode})",
        "dossier_what_period": "target “{target}” and the period {first} to {last}",
        "site_page": "The follow-up page, updated by every collection run, is on the Tocsin "
        "machine: {path}",
        "qr_parse": "unreadable {field}",
        "qr_required": "no {field}",
        "qr_non_blank": "empty {field}",
        "qr_not_future": "{field} in the future",
        "qr_not_before": "{field} before any platform existed",
        "qr_in_set": "unknown value for {field}",
        "qr_min_value": "impossible value for {field}",
        "qr_unreadable": "unreadable page",
        "qr_unknown_format": "page in an unknown format",
        "fld_created_at": "post date",
        "fld_text": "text",
        "fld_version_id": "version id",
        "fld_author_id": "author id",
        "fld_post_id": "post id",
        "fld_author_created_at": "account creation date",
        "fld_platform": "platform",
        "fld_kind": "post type",
        "ep_span_open": "since {start}, ongoing, peak {peak}",
        "ep_beyond_open": "This episode is still going on: its figures above count all of it, "
        "since {start}; {posts} of the period belong to it.",
        "worst_unvalidated": "Unvalidated record, kept in quarantine ({reason}): read and "
        "scored all the same, so that a threat does not disappear.",
        "dq_runs": {
            "one": "{n} successful collection run covers the week.",
            "other": "{n} successful collection runs cover the week.",
        },
        "colon": ":",
        "title": "Weekly digest",
        "cw_title": "Content warning",
        "cw": "This email quotes hateful messages aimed at {name}, including threats. "
        "You may want to read it later, or ask someone to read it for you.",
        "cw_masked": "Slurs are masked here; the evidence export keeps the exact text.",
        "cw_unmasked": "Messages are quoted as they are, slurs included.",
        "hl_harassment_wave": "Harassment wave {days}: {posts}, {share} hostile, {threats}",
        "hl_hostile_peak": "Hostile peak {days}: {posts}, {share} hostile, {threats}",
        "hl_support_wave": "Support wave {days}: {posts}, {share} supportive",
        "hl_support_peak": "Support peak {days}: {posts}, {share} supportive",
        "hl_no_peak": "No peak this week: {posts}, {share} hostile, {threats}",
        "hl_no_stance": "{posts} this week ({change} on the previous week); stance not available",
        "hl_join": "; ",
        "chart_heading": "Posts per day",
        "chart_title": "Posts per day",
        "chart_alt": "Chart of posts per day, {week}: {days}.",
        "chart_alt_day_nostance": "{day} {posts}",
        "chart_wave_harassment": "hostile wave",
        "chart_wave_support": "support wave",
        "chart_wave_unread": "wave (language not read)",
        "chart_note_episodes": "Shaded areas: detected episodes (see below).",
        "col_posts": "Posts",
        "col_hostile": "Hostile",
        "col_supportive": "Supportive",
        "col_neutral": "Neutral",
        "col_threats": "Threats",
        "cmp_heading": "This week against the previous week",
        "cmp_this": "This week",
        "cmp_prev": "Previous week",
        "cmp_change": "Change",
        "cmp_posts": "Posts",
        "cmp_hostile": "Hostile",
        "cmp_supportive": "Supportive",
        "cmp_neutral": "Neutral",
        "cmp_threats": "Threats",
        "cmp_hostile_share": "Hostile share",
        "cmp_authors": "Distinct accounts",
        "cmp_first_time": "New accounts (first post)",
        "cmp_quarantined": "Records quarantined",
        "ep_heading": "Episodes and coordination signals",
        "ep_unavailable": "Wave detection was not available for this week.",
        "ep_none": "No episode detected this week.",
        "ep_harassment": "Harassment",
        "ep_support": "Support",
        "ep_unread": "Wave of posts in a language Tocsin does not read",
        "ep_span": "{start} to {end}, peak {peak}",
        "ep_ongoing": "ongoing",
        "ep_volumes": "{posts} by {authors}: {hostile} hostile, {supportive} supportive, "
        "{neutral} neutral, {threats}",
        "ep_volumes_unread": "; {unread} in languages Tocsin's rules do not read (stance unknown, "
        "counted neutral)",
        "ep_signals": "Coordination signals",
        "sig_copy_paste": "copy-paste: {clusters} (each posted by 3 or more accounts, {posts}), "
        "the most repeated by {largest}",
        "sig_young_accounts": "young accounts: {share} of the authors had an account under 30 "
        "days old (usually {baseline})",
        "sig_new_authors": "newcomers: {share} of the authors had never posted about the target "
        "before",
        "sig_pile_on": "pile-on: {posts} replies and quotes aimed at one post ({post})",
        "sig_pile_on_watched": "pile-on: {posts} replies and quotes aimed at the post that "
        "designated the target ({post})",
        "sig_minute_bursts": "bursts: {minutes} minutes with improbably many posts (up to {max} "
        "a minute)",
        "sig_threats": "threats: {threats}; doxxing: {doxxing}",
        "worst_heading": "The messages that matter (threats first)",
        "worst_none": "No hostile message this week.",
        "worst_no_stance": "Without the stance of the posts (the scorer has not run), Tocsin "
        "cannot pick the messages to quote.",
        "worst_threat": "THREAT",
        "worst_hostile": "Hostile",
        "worst_by": "by",
        "worst_posted": "posted {when}",
        "worst_link": "Link",
        "worst_no_link": "no canonical link",
        "worst_hash": "Evidence hash (SHA-256)",
        "worst_copies": "Same text posted {copies} times by {accounts}",
        "worst_edited": "edited ({n} versions; quoted: the latest)",
        "st_label": "Status",
        "st_deleted": "deleted (observed {when})",
        "st_author_suspended": "account suspended (observed {when})",
        "st_withheld": "withheld by the platform (observed {when})",
        "st_edited": "edited since (observed {when})",
        "st_unavailable": "unavailable (observed {when})",
        "st_available": "online at the last check ({when})",
        "st_none": "no deletion observed",
        "st_untracked": "deletion tracking not available",
        "acc_heading": "Most active hostile accounts",
        "acc_none": "No hostile account this week.",
        "acc_account": "Account",
        "acc_hostile": "Hostile posts",
        "acc_threats": "Threats",
        "acc_created": "Created",
        "acc_first": "First post this week",
        "acc_young": "new account",
        "acc_suspended": "suspended",
        "dq_heading": "Data quality",
        "dq_quarantined": "{n} records set aside as unreadable or invalid (kept apart, in "
        "quarantine, with their reason)",
        "dq_quarantined_none": "No record quarantined.",
        "dq_failed": "Failed collection: {flow} / {source}, started {when}",
        "dq_skipped": "Source not collected: {flow} / {source}, {when}",
        "dq_partial": "Incomplete collection: {flow} / {source}, started {when}",
        "dq_partial_spans": "Incomplete collection: {flow} / {source}, started {when}; not "
        "collected: {spans}",
        "dq_span": "{start} to {end}",
        "dq_gap": "Not covered by a successful collection run: {start} to {end}.",
        "dq_no_gap": "No period left uncovered.",
        "dq_missing_scores": "Stance of the posts (hostile, supportive, neutral): not available, "
        "the scorer has not run on this week.",
        "dq_missing_episodes": "Wave detection: not available.",
        "dq_missing_status_changes": "Deletion and suspension tracking: not available.",
        "dq_unscored": "{n} posts of the week have no stance yet.",
        "blind_heading": "What Tocsin could not see",
        "blind_private": "direct messages, protected accounts, and posts deleted before they "
        "were collected;",
        "blind_platforms": "{platforms}: none of the target's accounts is watched there;",
        "blind_unread": "{posts} in languages Tocsin's rules do not read ({langs}): counted "
        "neutral unless a weapon emoji, a phone number, an address or a plain threat (read in "
        "German, Spanish, Italian and Portuguese) was found; someone who reads "
        "these languages should go through them{where};",
        "blind_unread_where": " (the follow-up page lists them)",
        "blind_unnamed": "posts aimed at the target that neither name them nor reply to a "
        "watched post.",
        "export_heading": "Getting the evidence",
        "export_text": "The export holds every post as received, its hashes and the manifests "
        "that seal them, all checkable without installing Tocsin.",
        "footer": "Sent by Tocsin to {email} ({role}) for target “{target}”. "
        "Automatic message: do not reply.",
        "footer_nobody": "Produced by Tocsin for target “{target}”.",
        "generated": "Produced {when}.",
    },
}

for _extra in (DAILY, GENTLE):
    for _lang, _words in _extra.items():
        STRINGS[_lang].update(_words)
