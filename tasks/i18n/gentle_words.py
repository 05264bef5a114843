"""The targeted person's short summary (reports/digest.gentle.*.j2), in French and in English:
the ``g_`` keys of the digest's sentences (digest_words.py adds them to its own). It quotes no
message, no handle and no count of threats."""

from __future__ import annotations

GENTLE: dict[str, dict[str, str | dict[str, str]]] = {
    "fr": {
        "g_title": "Votre résumé de la semaine",
        "g_title_day": "Votre résumé du jour",
        "g_hello": "Voici, en quelques lignes, ce que Tocsin a vu {period}. Aucun message "
        "n'est cité ici.",
        "g_posts": "Tocsin a relevé {posts} vous concernant {period}.",
        "g_wave": "Une vague de messages hostiles a eu lieu {when}.",
        "g_wave_open": "Elle est toujours en cours.",
        "g_wave_since": "Une vague de messages hostiles a commencé le {start}.",
        "g_support_since": "Beaucoup de messages de soutien arrivent aussi depuis le {start}.",
        "g_quiet": "Il n'y a pas eu de vague hostile {period}.",
        "g_support": "Beaucoup de messages de soutien sont aussi arrivés {when}.",
        "g_unread": "Une vague de messages dans une langue que Tocsin ne lit pas est arrivée "
        "{when} : quelqu'un qui lit cette langue devrait les parcourir pour vous.",
        "g_unread_since": "Une vague de messages dans une langue que Tocsin ne lit pas a commencé "
        "le {start} : quelqu'un qui lit cette langue devrait les parcourir pour vous.",
        "g_threats": "Certains messages contiennent des menaces. Ils ne sont pas cités ici.",
        "g_acting": "Reçoivent le détail et s'en occupent : {roles}.",
        "g_acting_none": "Personne d'autre ne reçoit ces résumés pour l'instant : vous pouvez "
        "demander qu'une personne de confiance les reçoive.",
        "g_evidence_heading": "Les preuves",
        "g_content": "Si vous préférez lire les messages eux-mêmes, demandez à la personne qui "
        "gère Tocsin de vous envoyer la version complète.",
        "g_part": "Une partie de la période n'a pas pu être collectée : ce résumé est incomplet.",
        "g_none": "Tocsin n'a rien pu collecter {period} : cela ne veut pas dire que tout était "
        "calme.",
        "g_role_other": "une autre personne",
        "g_and": " et ",
    },
    "en": {
        "g_title": "Your weekly summary",
        "g_title_day": "Your daily summary",
        "g_hello": "Here, in a few lines, is what Tocsin saw {period}. No message is quoted here.",
        "g_posts": "Tocsin found {posts} about you {period}.",
        "g_wave": "A wave of hostile messages came {when}.",
        "g_wave_open": "It is still going on.",
        "g_wave_since": "A wave of hostile messages began {start}.",
        "g_support_since": "Many supportive messages have been coming too, since {start}.",
        "g_quiet": "There was no hostile wave {period}.",
        "g_support": "Many supportive messages came too, {when}.",
        "g_unread": "A wave of messages in a language Tocsin does not read came {when}: "
        "someone who reads that language should go through them for you.",
        "g_unread_since": "A wave of messages in a language Tocsin does not read began {start}: "
        "someone who reads that language should go through them for you.",
        "g_threats": "Some messages contain threats. They are not quoted here.",
        "g_acting": "Receiving the details and acting on them: {roles}.",
        "g_acting_none": "Nobody else receives these summaries yet: you can ask for someone you "
        "trust to receive them.",
        "g_evidence_heading": "The evidence",
        "g_content": "If you would rather read the messages themselves, ask whoever runs Tocsin "
        "to send you the full version.",
        "g_part": "Part of the period could not be collected: this summary is incomplete.",
        "g_none": "Tocsin could not collect anything {period}: that does not mean all was calm.",
        "g_role_other": "someone else",
        "g_and": " and ",
    },
}
