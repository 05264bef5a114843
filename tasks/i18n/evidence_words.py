"""What the digest and the alerts say about the evidence (tasks/evidence/claims.py picks the
sentences from the vault's state). ``{nb}`` is French's no-break space before ":" and ";"."""

from __future__ import annotations

NB = "\u00a0"  # French: a no-break space before ":" and ";"

_WRITTEN: dict[str, dict[str, str]] = {
    "fr": {
        "kept": "Chaque message est conservé tel que reçu, avec son empreinte, dans des "
        "manifestes {adj}.",
        "sealed": "scellés",
        "sealed_signed": "scellés et signés",
        "sealed_timestamped": "scellés et horodatés",
        "sealed_signed_timestamped": "scellés, signés et horodatés",
        "none": "Aucun manifeste scellé ne couvre encore cette période{nb}: rien ne prouve "
        "encore que les messages conservés n'ont pas été modifiés.",
        "but": "Mais{nb}: {issues}.",
        "unsealed": "{n} lot(s) collecté(s) ne sont pas encore scellés (lancez `tocsin seal`)",
        "unsigned_all": "ils ne sont pas signés — les preuves restent vérifiables par leurs "
        "empreintes, mais rien ne prouve qui les a scellées",
        "unsigned_some": "{k} manifeste(s) sur {n} ne sont pas signés",
        "untimestamped_all": "ils ne sont pas horodatés — rien d'indépendant ne prouve "
        "quand ils ont été scellés",
        "untimestamped_some": "{k} manifeste(s) sur {n} ne sont pas horodatés",
        "demo_all": "ils ne sont horodatés que par l'autorité de démonstration, qui ne vaut "
        "pas preuve",
        "demo_some": "{k} manifeste(s) sur {n} ne sont horodatés que par l'autorité de "
        "démonstration, qui ne vaut pas preuve",
        "pending": "{k} manifeste(s) attendent leur horodatage (l'autorité n'a pas répondu{nb}; "
        "`tocsin seal --retry-timestamps`)",
        "sep": "{nb}; ",
        "no_screenshots": "Inutile de faire des captures d'écran.",
        "screenshots": "Tant que les preuves ne sont pas scellées, signées et horodatées, faites "
        "aussi des captures d'écran des messages les plus graves.",
    },
    "en": {
        "kept": "Every post is kept exactly as received, with its hash, in {adj} manifests.",
        "sealed": "sealed",
        "sealed_signed": "sealed and signed",
        "sealed_timestamped": "sealed and timestamped",
        "sealed_signed_timestamped": "sealed, signed and timestamped",
        "none": "No sealed manifest covers this period yet: nothing proves yet that the kept "
        "posts were not altered.",
        "but": "But: {issues}.",
        "unsealed": "{n} collected batch(es) are not sealed yet (run `tocsin seal`)",
        "unsigned_all": "they are not signed — the evidence can still be checked by its hashes, "
        "but nothing proves who sealed it",
        "unsigned_some": "{k} of {n} manifests are not signed",
        "untimestamped_all": "they are not timestamped — nothing independent proves when they "
        "were sealed",
        "untimestamped_some": "{k} of {n} manifests are not timestamped",
        "demo_all": "they are timestamped only by the demo authority, which is not evidence",
        "demo_some": "{k} of {n} manifests are timestamped only by the demo authority, which "
        "is not evidence",
        "pending": "{k} manifest(s) await their timestamp (the authority did not answer; "
        "`tocsin seal --retry-timestamps`)",
        "sep": "; ",
        "no_screenshots": "No need for screenshots.",
        "screenshots": "Until the evidence is sealed, signed and timestamped, take screenshots "
        "of the worst posts as well.",
    },
}

# The sentences as shown: "{nb}" (written for legibility) becomes the no-break space.
STRINGS: dict[str, dict[str, str]] = {
    lang: {k: v.replace("{nb}", NB) for k, v in words.items()} for lang, words in _WRITTEN.items()
}
