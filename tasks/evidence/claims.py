"""What the digest and the alerts may say about the evidence, in French and English, from the
vault's actual state (tasks/evidence/state.py): "signed" and "timestamped" only for what is, and
what is missing said plainly. "No need for screenshots" only when everything is sealed, signed
and timestamped by a real authority.
"""

from __future__ import annotations

from tasks.evidence.state import EvidenceState

_NB = "\u00a0"  # French: a no-break space before ":" and ";"

STRINGS: dict[str, dict[str, str]] = {
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


def _issues(st: EvidenceState, s: dict[str, str]) -> list[str]:
    n, out = st.manifests, []
    if st.unsealed_segments:
        out.append(s["unsealed"].format(n=st.unsealed_segments))
    unsigned = n - st.signed
    if unsigned:
        out.append(s["unsigned_all" if unsigned == n else "unsigned_some"].format(k=unsigned, n=n))
    missing = n - st.timestamped - st.demo_timestamped - st.pending_timestamps
    if missing:
        out.append(
            s["untimestamped_all" if missing == n else "untimestamped_some"].format(k=missing, n=n)
        )
    if st.demo_timestamped:
        key = "demo_all" if st.demo_timestamped == n else "demo_some"
        out.append(s[key].format(k=st.demo_timestamped, n=n))
    if st.pending_timestamps:
        out.append(s["pending"].format(k=st.pending_timestamps))
    return out


def evidence_sentences(st: EvidenceState, lang: str) -> list[str]:
    """One to two sentences: what the manifests are, then what they are not (if anything)."""
    s = {k: v.replace("{nb}", _NB) for k, v in STRINGS[lang].items()}
    if st.manifests == 0:
        out = [s["none"]]
        if st.unsealed_segments:
            out.append(s["but"].format(issues=s["unsealed"].format(n=st.unsealed_segments)))
        return out
    adj = "sealed" + ("_signed" if st.all_signed else "")
    adj += "_timestamped" if st.all_timestamped else ""
    out = [s["kept"].format(adj=s[adj])]
    issues = _issues(st, s)
    if issues:
        out.append(s["but"].format(issues=s["sep"].join(issues)))
    return out


def screenshots_sentence(st: EvidenceState, lang: str) -> str:
    """Whether the victim still needs screenshots, said only from the vault's state."""
    return STRINGS[lang]["no_screenshots" if st.complete else "screenshots"]
