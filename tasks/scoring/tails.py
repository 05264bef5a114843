"""The raw tail the lexicon's threat modules end a phrase with: where a threat stops.

A phrase such as "je vais te démembrer" is a threat at the end of its clause, or when a word
that carries a threat on follows it ("… sale pute", "… tonight", "… crois-moi"); followed by
anything else ("… de bisous", "… en justice") it is left to its look-alikes. Each module keeps
its own list of carrying words (they differ by release and form); the tail's shape is one."""

from __future__ import annotations


def clause_end(words: str, extra: str = "") -> str:
    """A raw tail: the end of a clause, or a word that carries a threat on: one of ``words``
    or of ``extra`` (more such words for one rule, e.g. ``si|quand`` where a condition keeps
    it a threat)."""
    alts = f"{words}|{extra}" if extra else words
    return f"re:\\s*(?:$|[.!?,;:\\n]|\\s(?:{alts})(?:$|[^a-z]))"


# A clause runs to the next sentence or clause break, so what a reporting verb introduces stops
# there ("stop calling people sluts, you idiot" keeps "you idiot"): the neutralizers' tail.
CLAUSE = "re:(?:$|[^a-z0-9][^.!?;,\\n]*)"


# Where an English order starts: a sentence's start, and a word that may come before the verb
# ("Hang her.", "just shoot him", "someone run him over"). The raw imperatives read from here
# (``en.threat.imperative``, ``en.threat.imperative_body``).
ORDER_START_EN = (
    "(?:^|[\\n.!?:;])\\s*(?:(?:please|just|someone|somebody|now|pls|plz|go|and|so|then|fucking"
    "|fuckin|fkn|lets|let's)\\s+)?"
)
