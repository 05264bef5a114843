"""What the digest and the alerts may say about the evidence, in French and English, from the
vault's actual state (tasks/evidence/state.py), in words from tasks/i18n/evidence_words.py: "signed" and "timestamped" only for what is, and
what is missing said plainly. "No need for screenshots" only when everything is sealed, signed
and timestamped by a real authority.
"""

from __future__ import annotations

from tasks.evidence.state import EvidenceState
from tasks.i18n.evidence_words import STRINGS
from tasks.i18n.formats import resolve


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
    s = STRINGS[resolve(lang)]
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
    return STRINGS[resolve(lang)]["no_screenshots" if st.complete else "screenshots"]
