"""The default scorer: the lexicon's rules and a learned layer over whole columns, no network.

How a frame is scored (the shape MEASURED.md found fast, refined by measurement here):

1. Handles and links are blanked (a handle like ``@killer_bee`` says nothing about the post).
   Each distinct (text, languages) pair is scored once (a raid is full of retweets and
   copy-paste) and its score given back to every post that has it.
2. The text is normalized (``letters.normalize``), misspelt and glued threat words are undone
   (``patterns.respell``), letters spelled out one by one are joined.
3. Anchors (each rule's most telling word, as plain word alternations: cheap) say which
   categories a post may belong to. Only there: neutralizers (quotes, reported speech, negated
   or figurative violence) blank their spans, each only on the posts holding the word it cannot
   match without (``Compiler.necessary``); each chunk of phrases extracts its spans on the
   posts its anchors selected; the few distinct spans are named by the rule that matches them
   (``naming``: read from the chunks' unions, cached for every scorer of the rule set:
   ``memo``); the weights of the rules the post's language allows give its hostile and
   supportive scores (``combine.rule_evidence``).
4. The French and English posts are read by the learned layer of their language (``model.py``:
   hashed character n-grams of each word, hashed in numpy once per new word and cached, joined
   to the posts, summed, a sigmoid; a hostile and a threat head), on the same text with the
   neutralized spans blanked, while the rules' chunks run; ``combine.decide`` adds the hostile
   posts and the threats (with a target and abuse besides) it finds.

Each family of regexes (anchors, chunks of rules, neutralizers, their gates) runs in its own
thread (``lanes``), where Polars keeps it compiled between calls: compiling them all again on
every call was most of the fixed cost of a call. The test of a neutralized span (did it hide
something hostile?) runs each chunk of hostile rules in the chunk's own lane, where it is
already compiled.

Explainable by construction: every reason is a rule id and the span it matched, as read after
normalization, or the model's probability and the words that weighed most. Reproducible: the
version carries a digest of the compiled lexicon and one of the model's weights file, so any
change to a word list, a weight or a threshold is a new scorer version (and
``score_partitions`` re-scores).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

import polars as pl

from tasks.scoring import lanes, scan, spans
from tasks.scoring import language as lang_of
from tasks.scoring.base import ScorerUnavailable, check_input
from tasks.scoring.combine import (
    EVIDENCE_SCHEMA,
    decide,
    evidence_of,
    rule_evidence,
    rules_decide,
)
from tasks.scoring.language import LANG_BITS, Identifier, lang_maps, said_identified, said_tagged
from tasks.scoring.letters import letters_folded, normalize
from tasks.scoring.memo import Memo, memo_of
from tasks.scoring.model import WEIGHTS, LinearModel, sigmoid
from tasks.scoring.naming import first_rules, in_post_langs, neutral_kinds
from tasks.scoring.patterns import SPACED_RX, anchor, despace, respell
from tasks.scoring.ruleset import Rule, RuleSet

NAME = "rules"
RELEASE = "1.51"

_HANDLE = r"@[\p{L}\p{N}_]+"
_HANDLES_LINKS = _HANDLE + r"|https?://\S+|www\.\S+"
_LIST = pl.List(pl.String)
_ALWAYS_SHOWN = ("negation", "figurative")
WordsFn = Callable[[pl.DataFrame, str], pl.DataFrame]


def _clean_span(span: str) -> str:
    """A span as shown in a reason: the guard characters and doubled spaces taken off."""
    return re.sub(r"\s+", " ", span).strip(" \t\n.,;:!?()[]{}")


class RulesScorer:
    """Local, explainable, French and English; see the module docstring."""

    name = NAME

    def __init__(
        self, ruleset: RuleSet | None = None, model: LinearModel | Literal[False] | None = None
    ) -> None:
        """``model``: the learned layer weighed with the rules (default: the shipped weights);
        ``False`` for the rules alone."""
        self.rs = ruleset or _default_ruleset()
        self.model = _default_model() if model is None else (model or None)
        digest = self.rs.digest + (f".{self.model.digest}" if self.model else "")
        self.version = f"{RELEASE}+{digest}"
        self._langid = Identifier()

    def score(self, df: pl.DataFrame) -> pl.DataFrame:
        df = check_input(df)
        memo = memo_of(self.rs)
        # A post's score depends only on its text (handles and links blanked) and languages, and
        # a raid repeats itself (retweets, copy-paste: the synthetic seed-wave has 2.2 posts per
        # distinct text): each distinct pair is scored once, then given back to every post.
        texts, pos = self._distinct(df.select("text", "lang"), ["text", "lang"])
        base, pos2 = self._distinct(self._base(texts), ["_raw", "_langs", "_at"])
        if pos2 is not None:
            pos = pos2 if pos is None else pos2.gather(pos)
        work = self._langid.relabel(self._crossed(self._prepared(base)), self._model_langs)
        hits, neutral = self._neutralize(work.filter(pl.col("_hit")))
        # The model reads every post, the rules the selected ones: both at once, on two cores.
        logits = lanes.run("model", self._logits, work, neutral) if self.model else None
        long = scan.rule_spans(hits, self.rs)
        fired = self._fired(long, memo, hits) if long.height else _no_fired()
        ignored = self._ignored_reasons(neutral.select("_row", "_ignored"), memo)
        evidence = rule_evidence(fired)
        rows = hits.select("_row")
        if logits is not None:
            rows = self._model_rows(*logits.result(), evidence, rows)
            scored = decide(rows, evidence, ignored, self._model_words(work, neutral))
        else:
            none = pl.lit(None, pl.Float64)
            rows = rows.with_columns(_p=none, _add=none, _pt=none, _addt=none, _anchor=False)
            scored = decide(rows, evidence, ignored)
        scored = said_identified(scored, work)
        out = (
            work.select("_row", "_langs", "_hit", "_tagx")
            .join(scored, on="_row", how="left", maintain_order="left")
            .select(
                stance=pl.col("stance").fill_null("neutral"),
                categories=pl.col("categories").fill_null(pl.lit([], dtype=_LIST)),
                severity=pl.col("severity").fill_null(0).cast(pl.Int8),
                score=pl.col("score").fill_null(0.0),
                reasons=pl.col("reasons").fill_null(pl.lit([], dtype=_LIST)),
                _unread=lang_of.unread_post(),
            )
        )
        if pos is not None:
            out = out[pos]
        return said_tagged(pl.concat([df, out], how="horizontal"))

    @staticmethod
    def _distinct(frame: pl.DataFrame, key: list[str]) -> tuple[pl.DataFrame, pl.Series | None]:
        """The rows of ``frame`` distinct on ``key``, and for each row of ``frame`` the position
        of its representative among them (None when all are distinct). Keyed by two
        independent 64-bit hashes checked against each other; if they ever disagree, the exact
        values decide (a collision would cost time, never a wrong score)."""
        h1 = pl.struct(key).hash(seed=1)
        keyed = frame.with_columns(_h1=h1, _h2=pl.struct(key).hash(seed=2))
        first = keyed.filter(pl.col("_h1").is_first_distinct())
        if first.height == frame.height:
            return frame, None
        reps = first.select("_h1", _rh2="_h2", _pos=pl.int_range(pl.len(), dtype=pl.UInt32))
        mapped = keyed.join(reps, on="_h1", how="left", maintain_order="left")
        if (mapped["_h2"] != mapped["_rh2"]).any():
            first = frame.unique(subset=key, keep="first", maintain_order=True)
            exact = first.select(*key, _pos=pl.int_range(pl.len(), dtype=pl.UInt32))
            mapped = frame.join(exact, on=key, how="left", maintain_order="left", nulls_equal=True)
        return first.select(frame.columns), mapped["_pos"]

    def _logits(
        self, work: pl.DataFrame, neutral: pl.DataFrame
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The rows the model reads (``_row, _mlang, _norm, _at, _m``: the text the rules read)
        and their logits (``LinearModel.logits``)."""
        model = self.model
        assert model
        todo = (
            work.filter(pl.col("_mlang").is_not_null())
            .select("_row", "_mlang", "_norm", "_at")
            .join(neutral.select("_row", "_n"), on="_row", how="left")
            .select("_row", "_mlang", "_norm", "_at", _m=pl.coalesce("_n", "_norm"))
        )
        return todo, model.logits(todo, "_m")

    def _model_rows(
        self, todo: pl.DataFrame, logits: pl.DataFrame, evidence: pl.DataFrame, hits: pl.DataFrame
    ) -> pl.DataFrame:
        """``_row, _p, _add, _pt, _addt, _anchor`` for the rows an anchor selected and those the
        model may change: its hostile and threat probabilities and their thresholds.

        The model reads what the rules read: the normalized text, neutralized spans blanked
        (quotes, reported speech, negated and figurative violence stay out of it too). Its
        hostile head matters only where the rules did not decide; its threat head wherever the
        rules found no threat (``combine.decide``)."""
        model = self.model
        assert model
        zs = logits.join(todo.select("_row", "_mlang"), on="_row")
        zs = zs.join(model.params, on="_mlang")
        # Whether the post has a target: read only where the threat head is over its threshold.
        over = zs.filter(pl.col("_zt") >= pl.col("_zaddt")).select("_row")
        anchored = todo.join(over, on="_row").select("_row", _anchor=anchor())
        zs = zs.join(anchored, on="_row", how="left").with_columns(
            pl.col("_anchor").fill_null(False)
        )
        decided = evidence.filter(rules_decide()).select("_row")
        may_change = zs.filter(
            (pl.col("_zt") >= pl.col("_zaddt")) & pl.col("_anchor")
            | (pl.col("_zh") >= pl.col("_zaddh"))
        ).join(decided, on="_row", how="anti")
        threats = zs.filter((pl.col("_zt") >= pl.col("_zaddt")) & pl.col("_anchor"))
        rows = pl.concat([hits, may_change.select("_row"), threats.select("_row")]).unique(
            maintain_order=True
        )
        return rows.join(zs, on="_row", how="left").select(
            "_row",
            _p=sigmoid(pl.col("_zh")),
            _add=sigmoid(pl.col("_zaddh")),
            _pt=sigmoid(pl.col("_zt")),
            _addt=sigmoid(pl.col("_zaddt")),
            _anchor=pl.col("_anchor").fill_null(False),
        )

    @property
    def _model_langs(self) -> list[str]:
        return list(self.model.langs) if self.model else []

    def prepare(self, df: pl.DataFrame) -> pl.DataFrame:
        """Normalized text and, per chunk of rules, whether its anchors select the post."""
        return self._prepared(self._base(df))

    def _base(self, df: pl.DataFrame) -> pl.DataFrame:
        """Row number, lowercase text with handles and links blanked, languages."""
        # Lowercase first, then blank handles and links (the same on lowercase text), then map
        # the rest: each step once, not once per column that needs it.
        langs, mlangs = lang_maps(df["lang"], self._model_langs)
        return df.select(
            _row=pl.int_range(pl.len(), dtype=pl.UInt32),
            _at=pl.col("text").fill_null("").str.contains(_HANDLE),
            _raw=pl.lit(letters_folded(df["text"].fill_null("")))
            .str.to_lowercase()
            .str.replace_all(_HANDLES_LINKS, " "),
            _langs=pl.col("lang").replace_strict(langs, default=0, return_dtype=pl.UInt8),
            _mlang=pl.col("lang").replace_strict(mlangs, default=None, return_dtype=pl.String),
        )

    def _prepared(self, base: pl.DataFrame) -> pl.DataFrame:
        work = base.with_columns(
            _norm=respell(normalize(pl.col("_raw"), lowercase=False), self.rs.respell)
        )
        work = self._despace(work)
        return scan.anchor_flags(work, self.rs)

    def _crossed(self, work: pl.DataFrame) -> pl.DataFrame:
        """``work`` with ``_cross``: tagged French but selected by the anchors of English rules
        or of another language's threats only, or the other way round (a platform's tag can be
        wrong either way: "on va te buter" tagged ``en`` read English rules alone, and was
        neutral; so was "te voy a matar" tagged ``fr``)."""

        def selected(of: Callable[[int], bool]) -> pl.Expr:
            names = [f"_c{i}" for i, ch in enumerate(self.rs.chunks) if of(ch.langs)]
            return pl.any_horizontal(names) if names else pl.lit(False)

        fr, en = (selected(lambda bits, x=LANG_BITS[lang]: bits == x) for lang in ("fr", "en"))
        other = selected(lambda bits: bits & lang_of.THREATS_ONLY_BITS != 0)
        tagged = pl.col("_langs")
        return work.with_columns(
            _cross=((tagged == LANG_BITS["fr"]) & (en | other) & ~fr)
            | ((tagged == LANG_BITS["en"]) & (fr | other) & ~en)
        )

    def model_text(self, df: pl.DataFrame) -> pl.Series:
        """The text the model reads for each row (for training it on exactly that)."""
        work = self.prepare(check_input(df))
        _, neutral = self._neutralize(work.filter(pl.col("_hit")))
        return (
            work.select("_row", "_norm")
            .join(neutral.select("_row", "_n"), on="_row", how="left", maintain_order="left")
            .select(pl.coalesce("_n", "_norm").alias("model_text"))
            .to_series()
        )

    def _despace(self, work: pl.DataFrame) -> pl.DataFrame:
        spaced = work["_norm"].str.contains(SPACED_RX)
        if not spaced.any():
            return work
        idx = spaced.arg_true()
        norm = work["_norm"].clone()
        norm.scatter(idx, [despace(t) for t in norm.gather(idx).to_list()])
        return work.with_columns(_norm=norm)

    def _neutralize(self, hits: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        return scan.neutralize(hits, self.rs)

    def _fired(self, long: pl.DataFrame, memo: Memo, hits: pl.DataFrame) -> pl.DataFrame:
        """The rules behind the spans, in the languages each post allows, each reason once per
        post (``combine.rule_evidence`` reads the columns ``_name_spans`` adds), but a span
        another rule's span of its category holds (``spans.without_held``)."""
        names = self._name_spans(long.select("category", "span").unique(), memo)
        allowed = lang_of.reads_rule(pl.col("_langs"), pl.col("_rbits"))
        once = (
            pl.col("_row").cast(pl.UInt64) * (1 << 32) + pl.col("_reason_id")
        ).is_first_distinct()
        fired = in_post_langs(
            long.join(names, on=["category", "span"], how="inner", maintain_order="left"),
            self.rs,
            memo,
            lambda rule, span: self._named(rule, span, memo),
            list(_NAMES_SCHEMA)[2:],
        )
        return spans.without_held(fired.filter(allowed).filter(once), hits, self.rs.norm_rules)

    def _model_words(self, work: pl.DataFrame, neutral: pl.DataFrame) -> WordsFn:
        """The words behind the model's verdict (``head``: hostile or threat), for the rows it
        changed."""
        model = self.model
        assert model

        def words(added: pl.DataFrame, head: str) -> pl.DataFrame:
            text = (
                added.join(work.select("_row", "_norm", "_mlang"), on="_row")
                .join(neutral.select("_row", "_n"), on="_row", how="left")
                .select("_row", "_mlang", _m=pl.coalesce("_n", "_norm"))
            )
            return model.reasons(text, "_m", head)

        return words

    def _name_spans(self, pairs: pl.DataFrame, memo: Memo) -> pl.DataFrame:
        """Which rule each distinct span came from (``naming.first_rules``: the same answers
        as ``RuleSet.rule_for``, read from the chunks' unions in Polars, which spares compiling
        some 500 rules in Python's ``re``), with what ``combine.rule_evidence`` needs of it as
        plain numbers."""
        keys = list(pairs.iter_rows())
        fresh = [key for key in keys if key not in memo.names]
        names = first_rules(self.rs, fresh)
        for (category, span), rule in zip(fresh, names, strict=True):
            memo.names[(category, span)] = None if rule is None else self._named(rule, span, memo)
        rows = []
        for category, span in keys:
            named = memo.names[(category, span)]
            if named is not None:
                rows.append((category, span, *named))
        return pl.DataFrame(rows, orient="row", schema=_NAMES_SCHEMA)

    def _named(self, rule: Rule, span: str, memo: Memo) -> tuple[object, ...]:
        reason = f"{rule.id}: «{_clean_span(span)}»"
        reason_id = memo.reason_id(reason)
        return (rule.id, rule.weight, reason, *evidence_of(rule.category, rule.weight)) + (
            LANG_BITS.get(rule.lang, 0),
            self.rs.rule_index[rule.id],
            reason_id,
        )

    def _ignored_reasons(self, frame: pl.DataFrame, memo: Memo) -> pl.DataFrame:
        long = frame.explode("_ignored").drop_nulls("_ignored")
        spans = long["_ignored"].unique().to_list()
        fresh = [s for s in spans if s not in memo.ignored]
        if fresh:
            # Quotes and reported speech are everywhere; they are worth a reason only when they
            # hid something hostile. Negated and figurative violence always are.
            kinds = neutral_kinds(self.rs, fresh)
            ask = [s for s, k in zip(fresh, kinds, strict=True) if k not in _ALWAYS_SHOWN]
            hostile = scan.hostile(ask, self.rs)
            for span, kind in zip(fresh, kinds, strict=True):
                shown = kind in _ALWAYS_SHOWN or span in hostile
                memo.ignored[span] = f"ignored.{kind}: «{_clean_span(span)}»" if shown else None
        mapping = pl.DataFrame(
            {"_ignored": spans, "reason": [memo.ignored[s] for s in spans]},
            schema={"_ignored": pl.String, "reason": pl.String},
        )
        return (
            # In the order the neutralizers found them (an unordered join made the order
            # depend on what the scorer had seen before).
            long.join(mapping, on="_ignored", how="inner", maintain_order="left")
            .drop_nulls("reason")
            .group_by("_row", maintain_order=True)
            .agg(ignored=pl.col("reason").unique(maintain_order=True))
        )


_NAMES_SCHEMA = {
    "category": pl.String,
    "span": pl.String,
    "rule": pl.String,
    "weight": pl.Float64,
    "reason": pl.String,
    **EVIDENCE_SCHEMA,
    "_rbits": pl.UInt8,
    "_rid": pl.UInt32,
    "_reason_id": pl.UInt32,
}


def _no_fired() -> pl.DataFrame:
    return pl.DataFrame(schema={"_row": pl.UInt32, "_langs": pl.UInt8, **_NAMES_SCHEMA})


@lru_cache(maxsize=1)
def _default_ruleset() -> RuleSet:
    return RuleSet.default()


@lru_cache(maxsize=1)
def _default_model() -> LinearModel:
    # Never a silent fall-back to the rules alone: the version would change under the user.
    if not WEIGHTS.is_file():
        raise ScorerUnavailable(
            f"rules scorer: the model weights are missing at {WEIGHTS}; they ship with Tocsin "
            "(reinstall it) or can be rebuilt with `python -m eval.train`"
        )
    return LinearModel.load()
