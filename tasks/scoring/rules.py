"""The default scorer: the lexicon's rules run over whole columns with Polars, no network.

How a frame is scored (the shape MEASURED.md found fast, refined by measurement here):

1. Handles and links are blanked (a handle like ``@killer_bee`` says nothing about the post);
   the text is normalized (patterns.normalize) and letters spelled out one by one are joined.
2. Anchors (each rule's most telling word, as plain word alternations: cheap) say which
   categories a post may belong to. A post with no anchor is neutral without further work.
3. Only there: neutralizers (quotes, reported speech, negated or figurative violence) blank
   their spans; each category's full phrases extract their spans, on that category's posts
   only; the few distinct spans are named by the rule that matches them (Python, cached); the
   weights of the rules the post's language allows give its hostile and supportive scores.

Explainable by construction: every reason is a rule id and the span it matched, as read after
normalization. Reproducible: the version carries a digest of the compiled lexicon, so any change
to a word list or a weight is a new scorer version (and ``score_partitions`` re-scores).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import polars as pl

from tasks.scoring import lexicon
from tasks.scoring.base import OUTPUT_SCHEMA, check_input
from tasks.scoring.patterns import SPACED_RX, Compiler, despace, normalize

NAME = "rules"
RELEASE = "1.0"
HOSTILE_THRESHOLD = 0.5
SUPPORT_THRESHOLD = 0.5

# Languages whose rules a post's platform language enables. X marks posts with no usable text
# (emoji only, links, hashtags) "und", "zxx", "qme"...: those get every rule, since the lexicon's
# universal signals (emoji, phone numbers) are what they carry. A post in another language gets
# the universal rules only: neutral unless one fires, never a guess from French or English words.
_UNKNOWN_LANGS = ("", "und", "zxx", "qme", "qht", "qam", "qst", "art")
_HANDLES_LINKS = r"@[\p{L}\p{N}_]+|https?://\S+|www\.\S+"
# Pattern characters per union (see _chunked): full phrases, and anchors (plain words).
_CHUNK = 20_000
_ANCHOR_CHUNK = 40_000
_LIST = pl.List(pl.String)


@dataclass(frozen=True)
class Rule:
    id: str
    lang: str
    category: str
    weight: float
    source: str  # "norm": phrases over the normalized text; "raw": emoji, digits (not mapped)
    rx: str
    anchor: str
    py: re.Pattern[str]


@dataclass(frozen=True)
class Chunk:
    category: str
    source: str
    rx: str
    anchors: list[str]

    @staticmethod
    def of(category: str, source: str, rules: list[Rule]) -> Chunk:
        anchors = _chunked(sorted({r.anchor for r in rules}), _ANCHOR_CHUNK)
        return Chunk(category, source, _chunked([r.rx for r in rules], 10**9)[0], anchors)


class RuleSet:
    """The lexicon compiled, as the unions the scorer scans with."""

    def __init__(
        self,
        rules: list[lexicon.Rule] | None = None,
        neutralizers: list[tuple[str, str]] | None = None,
        lists: dict[str, list[str]] | None = None,
    ) -> None:
        comp = Compiler(lexicon.LISTS if lists is None else lists)
        self.rules: list[Rule] = []
        for rid, weight, pattern in lexicon.RULES if rules is None else rules:
            lang, category, _ = rid.split(".", 2)
            if category not in (*lexicon.CATEGORIES, "support"):
                raise ValueError(f"lexicon: rule {rid}: unknown category {category!r}")
            rx = comp.guarded(pattern)
            source = "raw" if pattern.startswith("re:") else "norm"
            self.rules.append(
                Rule(rid, lang, category, weight, source, rx, comp.anchor(pattern), re.compile(rx))
            )
        self.neutralizers = [
            (kind, comp.guarded(p), comp.anchor(p), re.compile(comp.guarded(p)))
            for kind, p in (lexicon.NEUTRALIZERS if neutralizers is None else neutralizers)
        ]
        self.categories = [
            c for c in (*lexicon.CATEGORIES, "support") if any(r.category == c for r in self.rules)
        ]

    @cached_property
    def chunks(self) -> list[Chunk]:
        """The phrase rules in small unions, each with the union of its rules' anchors: a chunk
        runs only on the posts its own anchors selected."""
        out: list[Chunk] = []
        for c in self.categories:
            for source in ("norm", "raw"):
                group: list[Rule] = []
                size = 0
                for r in [r for r in self.rules if (r.category, r.source) == (c, source)]:
                    if group and size + len(r.rx) > _CHUNK:
                        out.append(Chunk.of(c, source, group))
                        group, size = [], 0
                    group.append(r)
                    size += len(r.rx)
                if group:
                    out.append(Chunk.of(c, source, group))
        return out

    @cached_property
    def neutral_rxs(self) -> list[str]:
        return _chunked([n[1] for n in self.neutralizers])

    @cached_property
    def neutral_anchor_rxs(self) -> list[str]:
        return _chunked(sorted({n[2] for n in self.neutralizers}), _ANCHOR_CHUNK)

    @cached_property
    def hostile_rxs(self) -> list[str]:
        return _chunked([r.rx for r in self.rules if r.category != "support"])

    @cached_property
    def digest(self) -> str:
        h = hashlib.sha256()
        for r in self.rules:
            h.update(f"{r.id}\t{r.weight}\t{r.rx}\n".encode())
        for kind, rx, _, _ in self.neutralizers:
            h.update(f"{kind}\t{rx}\n".encode())
        h.update(f"{HOSTILE_THRESHOLD}\t{SUPPORT_THRESHOLD}".encode())
        return h.hexdigest()[:10]

    def rule_for(self, category: str, span: str) -> Rule | None:
        """The first rule of ``category`` that matches the whole span Polars extracted."""
        for r in self.rules:
            if r.category == category and r.py.fullmatch(span):
                return r
        for r in self.rules:  # the engines disagree on an edge: take the first that matches
            if r.category == category and r.py.search(span):
                return r
        return None

    def neutralizer_kind(self, span: str) -> str:
        for matcher in (re.Pattern.fullmatch, re.Pattern.search):
            for kind, _, _, py in self.neutralizers:
                if matcher(py, span):
                    return kind
        return "quote"


def _chunked(parts: list[str], limit: int | None = None) -> list[str]:
    """Unions of at most ``limit`` pattern characters each. A union of many phrase rules
    overflows the lazy DFA's cache and the engine falls back to a matcher 10-100x slower
    (measured: 16 rules 0.08 s, 64 rules 3 s on the same 95k posts); the whole lexicon in one
    union even exceeds the engine's 10 MB compiled-size limit."""
    limit = limit or _CHUNK
    chunks: list[list[str]] = [[]]
    size = 0
    for p in parts:
        if size + len(p) > limit and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(p)
        size += len(p)
    return ["(?:" + "|".join(c) + ")" for c in chunks if c]


def _clean_span(span: str) -> str:
    """A span as shown in a reason: the guard characters and doubled spaces taken off."""
    return re.sub(r"\s+", " ", span).strip(" \t\n.,;:!?()[]{}")


def _flag(source: str, rxs: list[str]) -> pl.Expr:
    col = pl.col("_norm" if source == "norm" else "_raw")
    return pl.any_horizontal(col.str.contains(rx) for rx in rxs)


class RulesScorer:
    """Local, explainable, French and English; see the module docstring."""

    name = NAME

    def __init__(self, ruleset: RuleSet | None = None) -> None:
        self.rs = ruleset or _default_ruleset()
        self.version = f"{RELEASE}+{self.rs.digest}"
        self._names: dict[tuple[str, str], tuple[str, str, float] | None] = {}
        self._ignored: dict[str, str | None] = {}

    def score(self, df: pl.DataFrame) -> pl.DataFrame:
        df = check_input(df)
        clean = pl.col("text").fill_null("").str.replace_all(_HANDLES_LINKS, " ")
        work = df.select(
            _row=pl.int_range(pl.len(), dtype=pl.UInt32),
            _raw=clean.str.to_lowercase(),
            _norm=normalize(clean),
            _langs=_allowed_langs(pl.col("lang")),
        )
        work = self._despace(work)
        # One flag per chunk of rules: which posts its anchors selected; one for neutralizers.
        flags = [
            _flag(ch.source, ch.anchors).alias(f"_c{i}") for i, ch in enumerate(self.rs.chunks)
        ]
        flags.append(_flag("norm", self.rs.neutral_anchor_rxs).alias("_neutral"))
        work = work.with_columns(flags)
        hits = work.filter(pl.any_horizontal(f.meta.output_name() for f in flags))
        scored = self._explain(hits) if hits.height else _empty_scores()
        out = (
            work.select("_row")
            .join(scored, on="_row", how="left", maintain_order="left")
            .with_columns(
                stance=pl.col("stance").fill_null("neutral"),
                categories=pl.col("categories").fill_null(pl.lit([], dtype=_LIST)),
                severity=pl.col("severity").fill_null(0).cast(pl.Int8),
                score=pl.col("score").fill_null(0.0),
                reasons=pl.col("reasons").fill_null(pl.lit([], dtype=_LIST)),
            )
        )
        return pl.concat([df, out.select(list(OUTPUT_SCHEMA))], how="horizontal")

    def _despace(self, work: pl.DataFrame) -> pl.DataFrame:
        spaced = work["_norm"].str.contains(SPACED_RX)
        if not spaced.any():
            return work
        idx = spaced.arg_true()
        norm = work["_norm"].clone()
        norm.scatter(idx, [despace(t) for t in norm.gather(idx).to_list()])
        return work.with_columns(_norm=norm)

    def _explain(self, hits: pl.DataFrame) -> pl.DataFrame:
        # Doubled whitespace lets two adjacent words both match: a match consumes the character
        # after it as its right edge (Polars' regex has no look-ahead), leaving none for the next.
        hits = hits.with_columns(_t=pl.col("_norm").str.replace_all(r"\s", "  "))
        neutralized = pl.col("_t")
        for rx in self.rs.neutral_rxs:
            neutralized = neutralized.str.replace_all(rx, " ")
        neutral = hits.filter(pl.col("_neutral")).select(
            "_row",
            _ignored=pl.concat_list(
                [pl.col("_t").str.extract_all(rx) for rx in self.rs.neutral_rxs]
            ),
            _n=neutralized,
        )
        hits = hits.join(neutral, on="_row", how="left").with_columns(_t=pl.coalesce("_n", "_t"))
        # Each chunk of rules runs only on the posts its anchors selected, all chunks at once
        # (collect_all spreads them over both cores).
        plans = [
            hits.lazy()
            .filter(pl.col(f"_c{i}"))
            .select(
                "_row",
                "_langs",
                category=pl.lit(ch.category),
                span=pl.col("_t" if ch.source == "norm" else "_raw").str.extract_all(ch.rx),
            )
            .explode("span")
            .drop_nulls("span")
            for i, ch in enumerate(self.rs.chunks)
        ]
        long = pl.concat(pl.collect_all(plans))
        names = self._name_spans(long.select("category", "span").unique())
        fired = (
            long.join(names, on=["category", "span"], how="inner", maintain_order="left")
            .filter(pl.col("lang").is_in(pl.col("_langs")) | (pl.col("lang") == "any"))
            .unique(subset=["_row", "rule", "reason"], keep="first", maintain_order=True)
        )
        ignored = self._ignored_reasons(neutral.select("_row", "_ignored"))
        return _decide(fired, ignored, hits.select("_row"))

    def _name_spans(self, pairs: pl.DataFrame) -> pl.DataFrame:
        """Which rule each distinct span came from (Python; there are few distinct spans)."""
        rows = []
        for category, span in pairs.iter_rows():
            key = (category, span)
            if key not in self._names:
                rule = self.rs.rule_for(category, span)
                self._names[key] = None if rule is None else (rule.id, rule.lang, rule.weight)
            named = self._names[key]
            if named is not None:
                rows.append((category, span, *named, f"{named[0]}: «{_clean_span(span)}»"))
        schema = {"category": pl.String, "span": pl.String, "rule": pl.String}
        schema |= {"lang": pl.String, "weight": pl.Float64, "reason": pl.String}
        return pl.DataFrame(rows, orient="row", schema=schema)

    def _ignored_reasons(self, frame: pl.DataFrame) -> pl.DataFrame:
        long = frame.explode("_ignored").drop_nulls("_ignored")
        fresh = [s for s in long["_ignored"].unique().to_list() if s not in self._ignored]
        if fresh:
            # Quotes and reported speech are everywhere; they are worth a reason only when they
            # hid something hostile. Negated and figurative violence always are.
            hid = pl.DataFrame({"s": fresh}).select(
                pl.any_horizontal(pl.col("s").str.contains(rx) for rx in self.rs.hostile_rxs)
            )
            for span, hostile in zip(fresh, hid.to_series().to_list(), strict=True):
                kind = self.rs.neutralizer_kind(span)
                shown = hostile or kind in ("negation", "figurative")
                self._ignored[span] = f"ignored.{kind}: «{_clean_span(span)}»" if shown else None
        mapping = pl.DataFrame(
            {"_ignored": list(self._ignored), "reason": list(self._ignored.values())},
            schema={"_ignored": pl.String, "reason": pl.String},
        )
        return (
            long.join(mapping, on="_ignored", how="inner")
            .drop_nulls("reason")
            .group_by("_row", maintain_order=True)
            .agg(ignored=pl.col("reason").unique(maintain_order=True))
        )


def _allowed_langs(lang: pl.Expr) -> pl.Expr:
    base = lang.str.to_lowercase().str.split("-").list.first()
    return (
        pl.when(base.is_null() | base.is_in(_UNKNOWN_LANGS))
        .then(pl.lit(["fr", "en"], dtype=_LIST))
        .when(base.is_in(["fr", "en"]))
        .then(pl.concat_list(base))
        .otherwise(pl.lit([], dtype=_LIST))
    )


def _decide(fired: pl.DataFrame, ignored: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Combine each row's rules into stance, categories, severity, score and reasons."""
    hostile = pl.col("category") != "support"
    # 1 - prod(1 - w): independent pieces of evidence; a sum of logs is a vectorised product.
    # A rule counts once however many spans it matched (every span is still a reason).
    once = pl.col("_first")
    log_not = (1.0 - pl.col("weight")).log()
    sev = pl.col("category").replace_strict(lexicon.SEVERITY, default=0, return_dtype=pl.Int8)
    fired = fired.with_columns(_first=pl.col("rule").is_first_distinct().over("_row"))
    agg = fired.group_by("_row").agg(
        hs=1.0 - log_not.filter(hostile & once).sum().exp(),
        ss=1.0 - log_not.filter(~hostile & once).sum().exp(),
        sev=sev.filter(hostile).max(),
        cats=pl.col("category").filter(hostile).unique(),
        reasons=pl.col("reason").sort_by(pl.col("weight"), descending=True, maintain_order=True),
    )
    # Hostile when the hostile evidence suffices and outweighs the supportive, or whatever the
    # support when it is a threat, doxxing, incitement or hate (severity 3+).
    is_hostile = (pl.col("hs") >= HOSTILE_THRESHOLD) & (
        (pl.col("sev").fill_null(0) >= 3) | (pl.col("hs") > pl.col("ss"))
    )
    order = {c: i for i, c in enumerate(lexicon.CATEGORIES)}
    none = pl.lit([], dtype=_LIST)
    out = (
        rows.join(agg, on="_row", how="left")
        .join(ignored, on="_row", how="left")
        .with_columns(pl.col("hs", "ss").fill_null(0.0))
        .with_columns(
            stance=pl.when(is_hostile)
            .then(pl.lit("hostile"))
            .when(pl.col("ss") >= SUPPORT_THRESHOLD)
            .then(pl.lit("supportive"))
            .otherwise(pl.lit("neutral")),
        )
        .with_columns(
            categories=pl.when(pl.col("stance") == "hostile")
            .then(
                pl.col("cats").list.eval(
                    pl.element().sort_by(pl.element().replace_strict(order, return_dtype=pl.Int32))
                )
            )
            .otherwise(none),
            severity=pl.when(pl.col("stance") == "hostile").then(pl.col("sev")).otherwise(0),
            score=pl.col("hs").round(4),
            reasons=pl.concat_list(
                pl.col("reasons").fill_null(none), pl.col("ignored").fill_null(none)
            ),
        )
    )
    return out.select("_row", *OUTPUT_SCHEMA)


def _empty_scores() -> pl.DataFrame:
    return pl.DataFrame(schema={"_row": pl.UInt32, **OUTPUT_SCHEMA})


@lru_cache(maxsize=1)
def _default_ruleset() -> RuleSet:
    return RuleSet()


def explain_text(text: str, lang: str | None = None) -> dict[str, object]:
    """Score one text (for a person at a prompt, and for tests): the output row as a dict."""
    row = RulesScorer().score(pl.DataFrame({"text": [text], "lang": [lang]}))
    return {k: row[k].to_list()[0] for k in OUTPUT_SCHEMA}
