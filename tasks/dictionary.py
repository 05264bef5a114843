"""The registry of every table and the data dictionary rendered from it.

The tables are declared with the Column/Table kit of tasks/tablekit.py: the ingest tables in
tasks/schema.py, the others beside the subsystem that writes them. This module gathers them all (for
``tocsin status`` and the data dictionary) and renders docs/data-dictionary.md
(``tocsin docs``; a test fails when the file and the declarations disagree).
"""

from __future__ import annotations

from tasks.alerts.table import ALERTS
from tasks.detect.table import EPISODES
from tasks.evidence.table import STATUS_CHANGES
from tasks.schema import DAILY, MENTIONS, QUARANTINE, RUNS
from tasks.scoring.table import QUARANTINE_SCORES, SCORES
from tasks.tablekit import Table

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        MENTIONS,
        QUARANTINE,
        DAILY,
        RUNS,
        SCORES,
        QUARANTINE_SCORES,
        STATUS_CHANGES,
        EPISODES,
        ALERTS,
    )
}
"""Every table Tocsin writes, by name, in the order the data dictionary lists them."""


def all_tables() -> dict[str, Table]:
    """Every table, including those declared beside the subsystem that writes them."""
    return dict(TABLES)


def data_dictionary_markdown() -> str:
    """The data dictionary in docs/, generated from the table declarations."""
    out = [
        "# Data dictionary",
        "",
        "Generated from `tasks/schema.py` by `tocsin docs`; do not edit by hand "
        "(a test fails when this file and the declarations disagree).",
        "",
    ]
    for t in all_tables().values():
        out += [f"## `{t.name}`", "", t.description, ""]
        loc = f"`<data>/{t.path}/" + "".join(f"{p}=…/" for p in t.partition_by) + "*.parquet`"
        out += [f"Location: {loc} · key: `{', '.join(t.key)}`", ""]
        out += ["| column | type | null | rules | meaning |", "|---|---|---|---|---|"]
        for c in t.columns:
            rules = []
            if c.allowed:
                rules.append("one of " + ", ".join(c.allowed))
            if c.not_future:
                rules.append("not in the future")
            if c.not_before is not None:
                rules.append(f"not before {c.not_before:%Y-%m-%d}")
            if c.non_blank:
                rules.append("not blank")
            if c.min_value is not None:
                rules.append(f"≥ {c.min_value}")
            where = " (partition)" if c.name in t.partition_by else ""
            out.append(
                f"| `{c.name}`{where} | {c.type} | {'yes' if c.nullable else 'no'} | "
                f"{'; '.join(rules)} | {c.description} |"
            )
        out.append("")
    return "\n".join(out)
