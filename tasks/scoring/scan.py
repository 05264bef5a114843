"""The scorer's regex passes over whole columns: anchors, neutralizers, chunks of rules, and
the hostile test of a neutralized span. Each family of regexes runs in its own lane
(``lanes``), where Polars keeps it compiled between calls; the work given to a lane is Series
operations only (a select of several expressions would go to Polars' pool)."""

from __future__ import annotations

from functools import cache

import polars as pl

from tasks.scoring import lanes, shields, vocab
from tasks.scoring.language import reads_rule
from tasks.scoring.ruleset import LANE_REGEXES, Chunk, RuleSet
from tasks.scoring.units import row_masks, units_of

_LIST = pl.List(pl.String)
# What the regex class \s matches, each to be doubled (a literal replace: 5x faster than \s).
WHITESPACE = [" ", "\t", "\n", "\v", "\f", "\r", "\x85", "\xa0", "\u1680", "\u2028", "\u2029"]
WHITESPACE += [chr(c) for c in range(0x2000, 0x200B)] + ["\u202f", "\u205f", "\u3000"]
_DOUBLED = [" \n" if w == "\n" else "  " for w in WHITESPACE]


def anchor_flags(work: pl.DataFrame, rs: RuleSet) -> pl.DataFrame:
    """``work`` (``_norm, _raw``) with one flag per chunk of rules (``_c<i>``: its anchors
    selected the post), ``_neutral`` (a neutralizer's) and ``_hit`` (any of them).

    Each scan's anchors as ``RuleSet.scans`` cut them (``vocab``): the local ones run on the
    call's distinct units (its vocabulary), the gated ones on the texts whose units hold one of
    their gates, the rest on every text. The same flags as ``anchor_flags_text`` (every anchor
    on every text), for one pass cutting the texts into units instead of ~45 passes."""
    scans, n = rs.scans, work.height
    text = {"norm": work["_norm"].rechunk(), "raw": work["_raw"].rechunk()}
    on_text = [(s.name, s.source, rx) for s in scans for rx in s.rest]
    gated = [(s.name, s.source, rx) for s in scans for rx in s.gated]
    text_lanes = _lanes("anchors", on_text + gated)
    # What runs on every text (raw regexes) does not wait for the vocabulary.
    everywhere = [
        lanes.run(lane, _contains, text[source], rx, None)
        for (_, source, rx), lane in zip(on_text, text_lanes[: len(on_text)], strict=True)
    ]
    units = lanes.run("units", units_of, text["norm"]).result()
    on_vocab = [(s.name, kind, rx) for s in scans for kind, rx in s.on_units()]
    gates = unit_gates(rs)
    on_vocab += [(name, "u", rx) for name, rx in gates]
    runs = [
        lanes.run(lane, _contains, units.vocab, rx, None)
        for (_, _, rx), lane in zip(on_vocab, _lanes("vocab", on_vocab), strict=True)
    ]
    hits = [r.result() for r in runs]
    masks = row_masks(n, units, [(name, kind) for name, kind, _ in on_vocab], hits)
    # One all-false column, shared (nothing writes to it): making one for each of the ~90
    # scans without a mask was ~20 ms of a 10-post call's ~100.
    none = _none(n)
    later = [
        lanes.run(lane, _contains, text[source], rx, masks.get((name, "g"), none))
        for (name, source, rx), lane in zip(gated, text_lanes[len(on_text) :], strict=True)
    ]
    flags = {s.name: masks.get((s.name, "w"), none) for s in scans}
    for (name, _, _), run in zip(on_text + gated, everywhere + later, strict=True):
        flags[name] = flags[name] | run.result()
    decided = [masks.get((name, "u"), none).alias(name) for name, _ in gates]
    return work.with_columns(*(flags[s.name].alias(s.name) for s in scans), *decided).with_columns(
        _hit=pl.any_horizontal(s.name for s in scans)
    )


@cache
def _in_one_unit(gate: str) -> bool:
    return bool(gate) and vocab.local(gate)


def unit_gates(rs: RuleSet) -> list[tuple[str, str]]:
    """(``_g<i>``, gate) for each neutralizer whose gate matches inside one unit only
    (``vocab.local``): a text holds it if and only if one of its units does, so the gate is
    decided on the call's vocabulary with the anchors (``anchor_flags``), not run on the
    neutralized rows' texts one neutralizer at a time (a fifth of a raid's scoring)."""
    return [(f"_g{i}", g) for i, g in enumerate(rs.neutral_gates) if _in_one_unit(g)]


def anchor_flags_text(work: pl.DataFrame, rs: RuleSet) -> pl.DataFrame:
    """What ``anchor_flags`` computes, the plain way: every anchor on every text (for the
    tests; two lanes, on two cores)."""
    scans = [(s.source, s.anchors, s.name) for s in rs.scans]
    text = {"norm": work["_norm"].rechunk(), "raw": work["_raw"].rechunk()}

    def flags(part: list[tuple[str, list[str], str]]) -> list[pl.Series]:
        out = []
        for source, rxs, name in part:
            hit = text[source].str.contains(rxs[0]) if rxs else _none(text[source].len())
            for rx in rxs[1:]:
                hit = hit | text[source].str.contains(rx)
            out.append(hit.alias(name))
        return out

    halves = [lanes.run(f"plain{k}", flags, scans[k::2]) for k in (0, 1)]
    found = {f.name: f for half in halves for f in half.result()}
    gates = [text["norm"].str.contains(g).alias(name) for name, g in unit_gates(rs)]
    return work.with_columns(*(found[name] for _, _, name in scans), *gates).with_columns(
        _hit=pl.any_horizontal(name for _, _, name in scans)
    )


def _lanes(family: str, jobs: list[tuple[str, str, str]]) -> list[str]:
    """A lane for each regex: at least two lanes (two cores), at most LANE_REGEXES regexes
    each (Polars keeps the last 32 a thread used compiled), in turn."""
    count = max(2, -(-len(jobs) // LANE_REGEXES))
    return [f"{family}{k % count}" for k in range(len(jobs))]


def _none(n: int) -> pl.Series:
    return pl.repeat(False, n, dtype=pl.Boolean, eager=True)


def _contains(text: pl.Series, rx: str, where: pl.Series | None) -> pl.Series:
    """Whether each text matches ``rx``; only those ``where`` says (the others: False)."""
    if where is None:
        return text.str.contains(rx)
    idx = where.arg_true()
    out = _none(text.len())
    if idx.len():
        out.scatter(idx, text.gather(idx).str.contains(rx))
    return out


def neutralize(hits: pl.DataFrame, rs: RuleSet) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``hits`` with ``_t`` (the text the rules read: neutralized spans blanked), and the
    neutralized rows alone (``_row, _ignored, _n``)."""
    # Doubled whitespace lets two adjacent words both match: a match consumes the character
    # after it as its right edge (Polars' regex has no look-ahead), leaving none for the next.
    # A line break stays one (" \n"): the anchors that chose these rows read the text with its
    # line breaks, and the patterns that stop at one ('"[^"\n]+"', a clause) must find it here
    # too, or a quote over two lines is neutralized only when some other anchor picks its post.
    hits = hits.with_columns(_t=pl.col("_norm").str.replace_many(WHITESPACE, _DOUBLED))
    # One neutralizer at a time, each on what the previous ones left: their union in one
    # regex overflows the engine's lazy DFA and runs 5x slower (measured on the real sets).
    # Each runs only on the rows holding what it cannot match without (its gate, cheap; most
    # already decided on the vocabulary: ``unit_gates``).
    decided = [name for name, _ in unit_gates(rs) if name in hits.columns]
    shielded = [_reads(i, rs.chunks[i]) for i in shields.chunks(rs)]
    neutral = hits.filter(pl.col("_neutral")).select(
        "_row", *decided, _n="_t", _shield=pl.any_horizontal(shielded) if shielded else False
    )
    # The shielded rules' spans, behind a mark while the neutralizers run (``shields``), in
    # the posts that read one of those rules; in a lane of its own, where their union stays
    # compiled (see ``_neutralizers``).
    masked, at, held = lanes.run(
        "shields", shields.hide, neutral["_n"], shields.union(rs), neutral["_shield"]
    ).result()
    text, found = _neutralizers(neutral.with_columns(_n=masked), rs)
    spans = (
        pl.concat(found)
        .explode("_s")
        .drop_nulls("_s")
        .group_by("_row", maintain_order=True)  # in the neutralizers' order, then the text's
        .agg(_ignored=pl.col("_s"))
        if found
        else pl.DataFrame(schema={"_row": pl.UInt32, "_ignored": _LIST})
    )
    neutral = (
        neutral.drop(*decided, "_shield")
        .with_columns(_n=text)
        .join(spans, on="_row", how="left", maintain_order="left")
        .select("_row", _ignored=pl.col("_ignored").fill_null(pl.lit([], dtype=_LIST)), _n="_n")
    )
    neutral = shields.restore(neutral, at, held)
    hits = hits.join(neutral.select("_row", "_n"), on="_row", how="left").with_columns(
        _t=pl.coalesce("_n", "_t")
    )
    return hits, neutral


def _neutralizers(neutral: pl.DataFrame, rs: RuleSet) -> tuple[pl.Series, list[pl.DataFrame]]:
    """The text left and the spans found. Neutralizer ``i`` runs in the lane
    ``neutral{i // LANE_REGEXES}``, its gate in ``gates{…}``: the 62 of each in one lane each
    were more than the 32 regexes Polars keeps compiled a thread, so every call compiled them
    all again.

    The gates the vocabulary does not decide run first, all at once in their lanes, over the
    texts as they came; then each again only over the texts an earlier neutralizer blanked (a
    blank can join words into a gate's phrase). A neutralizer matches only where its gate does,
    so running it also on a blanked text its gate no longer matches finds nothing there."""
    text, rows = neutral["_n"].clone(), neutral["_row"]
    found: list[pl.DataFrame] = []
    if not text.len():  # no gate to run (a regex is compiled even for an empty column)
        return text, found
    came = neutral["_n"]  # never written to: ``text`` is
    first = {
        i: lanes.run(f"gates{i // LANE_REGEXES}", _where, came, gate)
        for i, gate in enumerate(rs.neutral_gates)
        if f"_g{i}" not in neutral.columns
    }
    blanked = pl.Series("_i", [], dtype=pl.UInt32)  # the rows a neutralizer has blanked
    for i, (gate, (_, rx, _, _)) in enumerate(zip(rs.neutral_gates, rs.neutralizers, strict=True)):
        lane = i // LANE_REGEXES
        # A gate decided on the vocabulary holds wherever it holds on what earlier
        # neutralizers left (a blank only cuts units): the rows it adds match nothing.
        if i not in first:
            idx = neutral[f"_g{i}"].arg_true()
        else:
            idx = first[i].result()
            if blanked.len():
                now = lanes.run(f"gates{lane}", _where, text.gather(blanked), gate).result()
                idx = _union(idx, blanked.gather(now))
        if idx.len():
            spans, left = lanes.run(f"neutral{lane}", _blank, text.gather(idx), rx).result()
            found.append(pl.DataFrame({"_row": rows.gather(idx), "_s": spans}))
            text.scatter(idx, left)
            hit = idx.filter(spans.list.len() > 0)
            if hit.len():
                blanked = _union(blanked, hit)
    return text, found


def _union(a: pl.Series, b: pl.Series) -> pl.Series:
    """Two sets of row positions as one, in order."""
    return pl.concat([a, b]).unique().sort()


def _blank(sub: pl.Series, rx: str) -> tuple[pl.Series, pl.Series]:
    return sub.str.extract_all(rx), sub.str.replace_all(rx, " ")


def _where(text: pl.Series, rx: str) -> pl.Series:
    return text.str.contains(rx).arg_true()


def rule_spans(hits: pl.DataFrame, rs: RuleSet) -> pl.DataFrame:
    """``_row, _langs, category, span``: each chunk of rules runs only on the posts its anchors
    selected, each group of chunks in its lane (``RuleSet.chunk_lanes``)."""
    diverse = _diverse(hits["_t"])

    def extract(part: list[int]) -> list[pl.DataFrame]:
        return [
            _spans_of(hits.filter(_reads(i, rs.chunks[i])), rs.chunks[i], diverse) for i in part
        ]

    groups = rs.chunk_lanes
    runs = [lanes.run(f"chunks{k}", extract, g) for k, g in enumerate(groups)]
    parts = {
        i: f
        for g, run in zip(groups, runs, strict=True)
        for i, f in zip(g, run.result(), strict=True)
    }
    return pl.concat([parts[i] for i in range(len(rs.chunks))])


def _reads(i: int, ch: Chunk) -> pl.Expr:
    """The posts chunk ``i`` reads: its anchors selected them, and its rules' language is one
    of theirs (a rule of another language is dropped for them: ``RulesScorer._fired``)."""
    if not ch.langs:
        return pl.col(f"_c{i}")
    return pl.col(f"_c{i}") & reads_rule(pl.col("_langs"), ch.langs)


# A call's posts are "diverse" when at least _DIVERSE of the words of a sample of _SAMPLE of
# them are distinct; a chunk then reads its posts by its parts where it has at least _POSTS of
# them and fewer than _MATCHED of a sample of _PROBE of them match it. See ``chunk_spans``.
_SAMPLE = 1000
_DIVERSE = 0.15
_POSTS = 1000
_PROBE = 256
_MATCHED = 0.5


def _diverse(text: pl.Series) -> bool:
    """Whether ``text`` holds many distinct words: type-token ratio of an evenly spaced sample
    of at most _SAMPLE posts (a fixed size: the ratio falls as the sample grows)."""
    sample = text.gather_every(max(1, -(-text.len() // _SAMPLE)))
    words = sample.str.extract_all(r"[a-z0-9]+").explode().drop_nulls()
    return words.len() > 0 and words.n_unique() >= _DIVERSE * words.len()


def _spans_of(sub: pl.DataFrame, ch: Chunk, diverse: bool) -> pl.DataFrame:
    """``chunk_spans``, but a chunk whose anchors selected no post of the call is not run:
    Polars compiles a regex even for an empty column (~15 ms of CPU a union the first time a
    lane meets it: 0.75 s for the 48 chunks on a process's first call, mostly empty on a
    watch's few posts)."""
    return chunk_spans(sub, ch, diverse) if sub.height else _no_spans(sub, ch)


def _no_spans(sub: pl.DataFrame, ch: Chunk) -> pl.DataFrame:
    """The frame of ``chunk_spans`` holding no span, with its columns and types."""
    return _frame(sub.clear(), ch.category, pl.Series([], dtype=_LIST)).explode("span")


def chunk_spans(
    sub: pl.DataFrame, ch: Chunk, diverse: bool, parts: bool | None = None
) -> pl.DataFrame:
    """The spans chunk ``ch`` finds in ``sub`` (its posts), in the posts' order then the text's:
    by its whole union, or by its parts (``parts``: forced one way, for the tests).

    A union of many phrase rules overflows its lazy DFA's cache on varied texts and falls back
    to a matcher 3-10x slower (measured on the real sets: 50-120 ns a character for some
    chunks, against 10-20 on the demo's posts, whose few words its cache holds); its parts
    (``Chunk.parts``) do not. The parts say which posts match (``str.contains``); a post only
    one part matches in has that part's spans (the union's other alternatives match nowhere in
    it), a post several parts match in the union's, a post none matches in none. On texts
    whose words repeat, or where most posts match (each is then read twice), or on a few posts
    (the parts' passes cost more than they save), the union alone is cheaper: the choice is
    made from those counts alone (``_diverse``, a probe of the parts on a sample), never from
    timings, so that a process reads the same posts the same way whatever the machine's load."""
    text = sub["_t" if ch.source == "norm" else "_raw"]
    if parts is None:
        parts = len(ch.parts) > 1 and diverse and sub.height >= _POSTS and _sparse(text, ch)
    if not parts or len(ch.parts) == 1:
        out = _frame(sub, ch.category, text.str.extract_all(ch.rx))
        return out.explode("span").drop_nulls("span")
    frames = [
        _frame(sub[idx], ch.category, spans).with_columns(_pos=idx)
        for idx, spans in _by_parts(text, ch)
    ]
    if not frames:
        return _no_spans(sub, ch)
    out = pl.concat(frames).sort("_pos", maintain_order=True).drop("_pos")
    return out.explode("span").drop_nulls("span")


def _sparse(text: pl.Series, ch: Chunk) -> bool:
    """Fewer than _MATCHED of an evenly spaced sample of ``text`` match some part of ``ch``."""
    sample = text.gather_every(max(1, -(-text.len() // _PROBE)))
    hit = sample.str.contains(ch.parts[0])
    for p in ch.parts[1:]:
        hit = hit | sample.str.contains(p)
    return int(hit.sum()) < _MATCHED * sample.len()


Pieces = list[tuple[pl.Series, pl.Series]]  # (positions, their spans)


def _by_parts(text: pl.Series, ch: Chunk) -> Pieces:
    found = [text.str.contains(p) for p in ch.parts]
    count = found[0].cast(pl.UInt8)
    for f in found[1:]:
        count = count + f.cast(pl.UInt8)
    out = []
    for rx, where in [
        *zip(ch.parts, [f & (count == 1) for f in found], strict=True),
        (ch.rx, count > 1),
    ]:
        at = where.arg_true()
        if at.len():
            out.append((at, text.gather(at).str.extract_all(rx)))
    return out


def _frame(sub: pl.DataFrame, category: str, spans: pl.Series) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_row": sub["_row"],
            "_langs": sub["_langs"],
            "category": pl.Series([category] * sub.height, dtype=pl.String),
            "span": spans,
        }
    )


def hostile(spans: list[str], rs: RuleSet) -> set[str]:
    """The spans some hostile rule matches in: each chunk of hostile rules in the lane where
    ``rule_spans`` keeps it compiled (a union of the whole lexicon of its own, in a lane of
    its own, cost ~1 s to compile again in every process)."""
    if not spans:
        return set()

    def scan(part: list[int]) -> pl.Series:
        left = pl.Series("s", spans, pl.String)
        hit = pl.Series([False] * len(spans), dtype=pl.Boolean)
        for i in part:
            ch = rs.chunks[i]
            if ch.category == "support":
                continue
            idx = (~hit).arg_true()
            if idx.len():
                hit.scatter(idx, left.gather(idx).str.contains(ch.rx))
        return hit

    runs = [lanes.run(f"chunks{k}", scan, g) for k, g in enumerate(rs.chunk_lanes)]
    found = runs[0].result()
    for run in runs[1:]:
        found = found | run.result()
    return {s for s, h in zip(spans, found.to_list(), strict=True) if h}
