"""Our fair batches (``eval/cases/fair_*.tsv``), scored: how many of each batch's threats (or,
for sexual harassment, hostile posts) the scorer names by a rule's span of the category measured,
and how many of its look-alikes it calls hostile, per batch and language.

A fair batch is written by us to measure rules, never learned from. A batch written after the
rules that read it, and never fitted to since, is blind (``BLIND``): its figure says what the
rules do on sentences their author did not write them for. The others were read while writing
rules: their figures say what was fixed, not what generalizes. These are our sentences, not
real held-out data; ``eval.run`` reports them beside the real sets, apart.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tasks.scoring.base import Scorer

HOSTILE = "hostile"  # a measure that is the stance, not a category

# Our own cases and fair batches (``eval.train`` learns from the own cases).
CASES_DIR = Path(__file__).resolve().parent / "cases"

# The batches still blind: written after their release's rules and never fitted to since. A
# batch written before the rules has its misses read and, as docs/scoring.md says of each,
# some of its sentences may then become own cases (its honest figure is the one measured
# first); so did 1.6's second batch, after it was scored (release 1.4's practice).
BLIND: dict[str, set[int]] = {
    # batches 4, 6 and 8 were read for release 1.43's rules; batch 9 was written before them;
    # batch 10 (questions and negations that threaten) before release 1.44's; 1.44's last five
    # rules were written after it was scored, its misses unread, and change none of its verdicts;
    # batch 11 (harm to the body ordered, incited or wished to be seen) before release 1.46's;
    # batch 12 was written by a helper agent that never saw the rules, the cases or the data
    # (implicit, indirect and street-spelled threats, 15 per language), scored once on 1.46
    "fair_threats_direct.tsv": {9, 10, 11, 12},
    # batch 2 was read for release 1.43's rules
    "fair_threats_fr.tsv": set(),
    "fair_sexual.tsv": {2},
    # batch 2 was read for release 1.41's rules; batch 3 was written after them
    "fair_threats_other.tsv": {3},
    # counter-speech and its hostile look-alikes, each batch by a helper agent that never saw
    # the rules or the other batches: batches 1 and 2 were read for release 1.50's rules,
    # batch 3 was scored once after them, unread; batch 4 was written after release 1.51's,
    # scored once, unread
    "fair_counter_speech.tsv": {3, 4},
}

# Per file: the category a positive must be named in, and the column that marks positives.
# ``hostile``: the stance alone (counter-speech's look-alikes insult or threaten in any
# category; what is measured is mostly its counter-speech called hostile).
MEASURED = {
    "fair_sexual.tsv": ("sexual_harassment", "hostile"),
    "fair_counter_speech.tsv": (HOSTILE, "hostile"),
}
_DEFAULT = ("threat", "threat")


def read(name: str) -> pl.DataFrame:
    return pl.read_csv(CASES_DIR / name, separator="\t", quote_char=None)


def files() -> list[str]:
    return sorted(p.name for p in CASES_DIR.glob("fair_*.tsv"))


def named(category: str) -> pl.Expr:
    """Whether a row's ``category`` was named by a rule's span (a reason ``<lang>.<category>.
    <rule>: «…»``; the model's call is not a span); for ``HOSTILE``, whether it was called
    hostile."""
    if category == HOSTILE:
        return pl.col("stance") == "hostile"
    by_rule = pl.element().str.contains(f"^[a-z]+\\.{category}\\.[^:]+: «")
    return (
        pl.col("categories").list.contains(category)
        & pl.col("reasons").list.eval(by_rule).list.any()
    )


def scores(scorer: Scorer) -> pl.DataFrame:
    """One row per file, batch and language: positives, positives named, look-alikes, look-alikes
    called hostile, and whether the batch is blind."""
    out = []
    for name in files():
        cases = read(name)
        got = scorer.score(cases.select("text", "lang"))
        category, positive = MEASURED.get(name, _DEFAULT)
        frame = cases.with_columns(
            categories=got["categories"], reasons=got["reasons"], stance=got["stance"]
        ).with_columns(hit=named(category), pos=pl.col(positive) == 1)
        out.append(
            frame.group_by("batch", "lang")
            .agg(
                positives=pl.col("pos").sum(),
                named=(pl.col("pos") & pl.col("hit")).sum(),
                look_alikes=(pl.col("hostile") == 0).sum(),
                hostile=((pl.col("hostile") == 0) & (pl.col("stance") == "hostile")).sum(),
            )
            .with_columns(
                file=pl.lit(name),
                measured=pl.lit(category),
                blind=pl.col("batch").is_in(sorted(BLIND.get(name, set()))),
            )
        )
    return pl.concat(out).sort("file", "batch", "lang")


def table(df: pl.DataFrame) -> str:
    lines = [
        "| file | batch | blind | lang | named (category) | look-alikes called hostile |",
        "|---|---:|---|---|---:|---:|",
    ]
    for r in df.iter_rows(named=True):
        lines.append(
            f"| {r['file']} | {r['batch']} | {'yes' if r['blind'] else 'no (read for rules)'} "
            f"| {r['lang']} | {r['named']} of {r['positives']} ({r['measured']}) "
            f"| {r['hostile']} of {r['look_alikes']} |"
        )
    return "\n".join(lines)
