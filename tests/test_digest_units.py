"""The digest's pure parts on tiny inputs: weeks, formatting, peaks, ranking, gaps, masking,
what counts as a transient SMTP failure, the sent-log, settings, the chart."""

from __future__ import annotations

import smtplib
import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from markupsafe import escape

from tasks import i18n
from tasks.alerts.smtp import DeliveryError
from tasks.digest import send
from tasks.digest.chart import ChartBand, ChartDay, ascii_label, nice_step, render_chart
from tasks.digest.errors import DigestError
from tasks.digest.mask import mask_slurs
from tasks.digest.settings import DigestSettings
from tasks.digest.summary import Peak, hostile_accounts, peaks, worst_messages
from tasks.digest.untrusted import Untrusted
from tasks.digest.week import IsoWeek
from tasks.evidence.claims import evidence_sentences, screenshots_sentence
from tasks.evidence.state import EvidenceState
from tasks.i18n.evidence_words import STRINGS as STRINGS_CLAIMS


@pytest.mark.parametrize(
    ("text", "monday", "sunday"),
    [
        pytest.param("2020-W05", date(2020, 1, 27), date(2020, 2, 2), id="seed-wave"),
        pytest.param("2020-W01", date(2019, 12, 30), date(2020, 1, 5), id="starts-previous-year"),
        pytest.param("2020-W53", date(2020, 12, 28), date(2021, 1, 3), id="53-week-year"),
    ],
)
def test_iso_week_bounds(text, monday, sunday):
    week = IsoWeek.parse(text)
    assert (week.monday, week.sunday, week.label) == (monday, sunday, text)
    assert week.previous.sunday == monday - timedelta(days=1)
    assert week.next.monday == sunday + timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "2020-W5", "week '2020-W5': expected an ISO week as YYYY-Www, e.g. 2020-W05", id="short"
        ),
        pytest.param("2021-W53", "week '2021-W53': 2021 has no ISO week 53", id="no-week-53"),
        pytest.param(
            "2020-05-01",
            "week '2020-05-01': expected an ISO week as YYYY-Www, e.g. 2020-W05",
            id="a-date",
        ),
    ],
)
def test_iso_week_errors_say_what_to_type(text, message):
    with pytest.raises(DigestError) as err:
        IsoWeek.parse(text)
    assert str(err.value) == message


def test_week_bounds_follow_the_targets_clock_across_dst():
    start, end = IsoWeek.parse("2020-W13").utc_bounds("Europe/Paris")  # DST starts 29 March
    assert start == datetime(2020, 3, 22, 23, tzinfo=UTC)
    assert end == datetime(2020, 3, 29, 22, tzinfo=UTC)  # 167 hours


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(datetime(2020, 2, 3, 7, tzinfo=UTC), "2020-W05", id="monday-8h-paris"),
        pytest.param(datetime(2020, 2, 2, 23, 30, tzinfo=UTC), "2020-W05", id="monday-0h30-paris"),
        pytest.param(datetime(2020, 2, 2, 22, 30, tzinfo=UTC), "2020-W04", id="sunday-23h30-paris"),
    ],
)
def test_last_complete_week_is_the_one_that_ended(now, expected):
    assert IsoWeek.last_complete(now, "Europe/Paris").label == expected


@pytest.mark.parametrize(
    ("fn", "args", "fr", "en"),
    [
        pytest.param(i18n.fmt_int, (13000,), "13\u202f000", "13,000", id="int"),
        pytest.param(i18n.fmt_pct, (0.853,), "85\u00a0%", "85%", id="pct"),
        pytest.param(i18n.fmt_pct, (0.001,), "<1\u00a0%", "<1%", id="pct-tiny"),
        pytest.param(i18n.fmt_change, (150, 100), "+50\u00a0%", "+50%", id="up"),
        pytest.param(i18n.fmt_change, (60, 100), "−40\u00a0%", "−40%", id="down"),
        pytest.param(i18n.fmt_change, (950, 100), "×9,5", "×9.5", id="ratio"),
        pytest.param(i18n.fmt_change, (5, 0), "nouveau", "new", id="from-zero"),
        pytest.param(
            i18n.fmt_date,
            (date(2020, 2, 1),),
            "samedi 1er février 2020",
            "Saturday 1 February 2020",
            id="date",
        ),
        pytest.param(
            i18n.day_span,
            (date(2020, 2, 1), date(2020, 2, 2)),
            "samedi–dimanche",
            "Saturday–Sunday",
            id="span",
        ),
    ],
)
def test_formats_per_language(fn, args, fr, en):
    assert (fn(*args, "fr"), fn(*args, "en")) == (fr, en)


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [
        (0, "0 menace", "0 threats"),
        (1, "1 menace", "1 threat"),
        (212, "212 menaces", "212 threats"),
    ],
)
def test_plurals(n, fr, en):
    assert (i18n.plural("fr", "threats", n), i18n.plural("en", "threats", n)) == (fr, en)


def _days(rows: list[tuple[int, int, int, int]]) -> pl.DataFrame:
    """(hostile, supportive, neutral, threats) per day from Monday 2020-01-27."""
    return pl.DataFrame(
        [
            {
                "day": date(2020, 1, 27) + timedelta(days=i),
                "posts": h + s + n,
                "hostile": h,
                "supportive": s,
                "neutral": n,
                "threats": t,
            }
            for i, (h, s, n, t) in enumerate(rows)
        ]
    )


QUIET = (10, 20, 170, 1)


@pytest.mark.parametrize(
    ("rows", "base", "expected"),
    [
        pytest.param(
            [QUIET] * 4 + [(800, 70, 200, 90), (5500, 390, 540, 555), (5550, 390, 520, 539)],
            200.0,
            [
                Peak(
                    "hostile", date(2020, 2, 1), date(2020, 2, 2), 12890, 11050 / 12890, 1094, False
                )
            ],
            id="seed-wave: the onset evening is not a peak day",
        ),
        pytest.param(
            [(1150, 116, 266, 104), (558, 52, 203, 49), (239, 2224, 489, 15)] + [QUIET] * 4,
            1400.0 / 7,
            [
                Peak(
                    "supportive", date(2020, 1, 29), date(2020, 1, 29), 2952, 2224 / 2952, 15, False
                ),
                Peak(
                    "hostile", date(2020, 1, 27), date(2020, 1, 27), 1532, 1150 / 1532, 104, False
                ),
            ],
            id="next week: hostile monday, support wednesday",
        ),
        pytest.param([QUIET] * 7, 200.0, [], id="quiet"),
        pytest.param([(3, 0, 0, 0)] + [(0, 0, 0, 0)] * 6, 0.0, [], id="three posts is no wave"),
    ],
)
def test_peaks(rows, base, expected):
    assert peaks(_days(rows), base, []) == expected


def test_a_peak_is_a_wave_when_a_detected_episode_overlaps_it():
    rows = [QUIET] * 5 + [(5500, 390, 540, 555), (5550, 390, 520, 539)]
    episode = {"kind": "harassment", "first_day": date(2020, 1, 31), "last_day": date(2020, 2, 4)}
    (peak,) = peaks(_days(rows), 200.0, [episode])
    assert peak.wave


def _posts(rows: list[dict]) -> pl.DataFrame:
    base = {
        "platform": "x",
        "author_created_at": datetime(2015, 1, 1, tzinfo=UTC),
        "kind": "reply",
        "version": 0,
        "url": None,
        "raw_sha256": "0" * 64,
        "author_name": "n",
        "score": 0.5,
        "severity": 2.0,
        "stance": "hostile",
    }
    out = []
    for i, r in enumerate(rows):
        out.append(
            {
                **base,
                "post_id": str(i),
                "author_id": r.get("author", str(i)),
                "author_handle": f"h{r.get('author', i)}",
                "created_at": datetime(2020, 2, 1, 10, tzinfo=UTC) + timedelta(minutes=i),
                **r,
            }
        )
    return pl.DataFrame(out, schema_overrides={"categories": pl.List(pl.String)})


def test_threats_come_first_then_severity_and_copies_show_once():
    df = _posts(
        [
            {"text": "t'es nulle", "categories": ["insult"], "severity": 2.0},
            {
                "text": "COPIE: dégage !",
                "categories": ["other_abuse"],
                "severity": 1.0,
                "score": 0.9,
            },
            {"text": "copie dégage", "categories": ["other_abuse"], "severity": 1.0, "author": "b"},
            {"text": "je vais te tuer", "categories": ["threat"], "severity": 4.0, "score": 0.6},
            {
                "text": "RT: je vais te tuer",
                "categories": ["threat"],
                "severity": 4.0,
                "kind": "repost",
            },
            {"text": "courage", "categories": [], "stance": "supportive"},
        ]
    )
    worst = worst_messages(df, None, limit=10)
    assert worst["text"].to_list() == ["je vais te tuer", "t'es nulle", "COPIE: dégage !"]
    assert worst["copies"].to_list() == [1, 1, 2]
    assert worst["copy_accounts"].to_list() == [1, 1, 2]


def test_accounts_rank_by_hostile_posts_and_flag_young_and_deleted():
    df = _posts(
        [
            {"text": "a", "categories": ["insult"], "author": "x"},
            {
                "text": "b",
                "categories": ["threat"],
                "author": "x",
                "author_created_at": datetime(2020, 1, 30, tzinfo=UTC),
            },
            {"text": "c", "categories": ["insult"], "author": "y"},
        ]
    )
    status = pl.DataFrame(
        {
            "platform": ["x"],
            "post_id": ["0"],
            "status": ["deleted"],
            "observed_at": [datetime(2020, 2, 2, tzinfo=UTC)],
        }
    )
    acc = hostile_accounts(df, status, limit=5)
    assert acc.select("author_id", "hostile", "threats", "deleted").rows() == [
        ("x", 2, 1, 1),
        ("y", 1, 0, 0),
    ]
    assert acc["young"].to_list() == [False, False]  # young is judged on the account's first row


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        pytest.param("t'es qu'une salope!!!", "t'es qu'une s*****!!!", id="plain"),
        pytest.param("espèce de c0nnasse", "espèce de c*******", id="leet"),
        pytest.param("sale s.a.l.o.p.e", "sale s**********", id="dotted"),
        pytest.param("p u t e !", "p * * * !", id="spaced"),
        pytest.param("a b c d e", "a b c d e", id="spaced-letters-that-are-no-slur"),
        pytest.param("fils de pute", "f*** ** ****", id="phrase-keeps-spaces"),
        pytest.param("les femmes journalistes", "les femmes journalistes", id="neutral-words-stay"),
        pytest.param("connexion perdue", "connexion perdue", id="no-substring-match"),
    ],
)
def test_mask_slurs(text, masked):
    assert mask_slurs(text) == masked


def _delivery_error(cause: BaseException) -> DeliveryError:
    try:
        try:
            raise cause
        except BaseException:
            raise DeliveryError("SMTP relay x: boom") from None
    except DeliveryError as exc:
        return exc


@pytest.mark.parametrize(
    ("cause", "transient"),
    [
        pytest.param(smtplib.SMTPDataError(451, b"try later"), True, id="451"),
        pytest.param(smtplib.SMTPSenderRefused(421, b"busy", "a@b"), True, id="421"),
        pytest.param(smtplib.SMTPServerDisconnected("gone"), True, id="disconnected"),
        pytest.param(ConnectionRefusedError(111, "refused"), True, id="connection-refused"),
        pytest.param(TimeoutError("slow"), True, id="timeout"),
        pytest.param(
            smtplib.SMTPRecipientsRefused({"a@b": (450, b"greylisted")}), True, id="greylisted"
        ),
        pytest.param(
            smtplib.SMTPRecipientsRefused({"a@b": (550, b"no such user")}), False, id="unknown-user"
        ),
        pytest.param(
            smtplib.SMTPAuthenticationError(535, b"bad credentials"), False, id="bad-login"
        ),
        pytest.param(smtplib.SMTPDataError(554, b"rejected"), False, id="554"),
    ],
)
def test_which_send_failures_are_retried(cause, transient):
    assert send.is_transient(_delivery_error(cause)) is transient


def test_our_own_refusals_are_not_retried():
    assert send.is_transient(DeliveryError("relay does not offer STARTTLS")) is False
    assert send.is_transient(DigestError("no recipient")) is False


def test_sent_log_is_replaced_whole_and_keyed_by_week_and_recipient(tmp_path):
    at = datetime(2020, 2, 3, 7, tzinfo=UTC)
    send.record_sent(tmp_path, "alice", "2020-W05", "Alice@Example.org", "<m1@x>", at)
    send.record_sent(tmp_path, "alice", "2020-W05", "desk@example.org", "<m2@x>", at)
    assert send.already_sent(tmp_path, "alice", "2020-W05", "alice@example.org")
    assert not send.already_sent(tmp_path, "alice", "2020-W06", "alice@example.org")
    assert not send.already_sent(tmp_path, "bob", "2020-W05", "alice@example.org")
    log = send.read_sent(tmp_path, "alice")
    assert log["2020-W05"]["alice@example.org"] == {
        "message_id": "<m1@x>",
        "sent_at": at.isoformat(),
    }
    assert [p.name for p in send.sent_log_path(tmp_path, "alice").parent.iterdir()] == [
        "alice.json"
    ]


def test_settings_precedence_settings_then_environment_then_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from config.settings import load_settings
    from tasks.errors import ConfigError

    env = {
        "TOCSIN_DIGEST_MAX_MESSAGES": "3",
        "TOCSIN_DIGEST_MASK_SLURS": "false",
        "TOCSIN_SMTP_HOST": "relay.example",
        "TOCSIN_SMTP_PORT": "2525",
        "TOCSIN_SMTP_PASSWORD": "s3cret",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    cfg = load_settings(None, digest_max_messages=7).digest
    assert (cfg.digest_max_messages, cfg.digest_mask_slurs, cfg.digest_max_accounts) == (
        7,
        False,
        10,
    )
    assert (cfg.smtp.smtp_host, cfg.smtp.smtp_port) == ("relay.example", 2525)
    assert "s3cret" not in repr(cfg)
    monkeypatch.setenv("TOCSIN_DIGEST_MAX_MESSAGES", "many")
    with pytest.raises(
        ConfigError,
        match=r"^invalid settings: digest_max_messages: Input should be a valid integer, unable",
    ):
        load_settings(None)


def test_untrusted_text_is_inert_in_both_media():
    u = Untrusted("<img src=x onerror=alert(1)> \u202egnp.exe see https://evil.example/x")
    html, text = str(escape(u)), str(u)
    assert html.startswith("<bdi>&lt;img src=x onerror=alert(1)&gt;")
    assert "\u202e" not in html + text and "⟦U+202E⟧" in text
    assert "hxxps[://]evil[.]example/x" in text
    assert Untrusted("a\nb").wrapped(2) == "  a\n  b"


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_chart_is_a_deterministic_png_at_twice_the_displayed_size():
    days = [ChartDay("sam", "01/02", 5500, 390, 540, 0, "6 430", "86 %")] * 7
    kw = dict(title="Messages par jour", legend={"hostile": "hostile"})
    png = render_chart(days, [ChartBand(5, 6, "harassment", "E1 vague hostile")], **kw)
    assert _png_size(png) == (1200, 640)
    assert png == render_chart(days, [ChartBand(5, 6, "harassment", "E1 vague hostile")], **kw)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("vague hostile", "vague hostile"),
        ("épisode", "episode"),
        ("13\u202f000", "13 000"),
        ("🔪x", "?x"),
    ],
)
def test_chart_labels_fold_to_what_the_font_can_draw(text, label):
    assert ascii_label(text) == label


@pytest.mark.parametrize(("top", "step"), [(7000, 2000), (45, 10), (3, 1), (0, 1), (140000, 50000)])
def test_nice_axis_steps(top, step):
    assert nice_step(top) == step


def test_settings_dataclass_default_out_dir(tmp_path: Path):
    from tasks.digest.build import default_out_dir

    assert default_out_dir(tmp_path, "alice", DigestSettings()) == tmp_path / "digests" / "alice"


def _runs_of_week(rows: list[dict]) -> SimpleNamespace:
    from tasks.digest.data import RUNS

    return SimpleNamespace(
        week=IsoWeek.parse("2020-W05"),
        timezone="UTC",
        now=datetime(2020, 2, 10, tzinfo=UTC),
        quarantine=pl.DataFrame(schema={"day": pl.Date, "reasons": pl.List(pl.String)}),
        runs=pl.DataFrame(rows, schema=RUNS.polars_schema()),
    )


def test_a_partial_run_is_listed_with_the_spans_its_source_could_not_reach():
    from tasks.digest.sections import quality_items
    from tasks.digest.summary import quality

    error = (
        "x: 2020-01-20T00:00Z → 2020-01-28T09:30Z is older than the 7 days the recent search "
        'reaches: not collected; use x_search_mode = "all" (Pro or Enterprise access) for '
        "this window, or import an export (tocsin import); x: monthly read budget reached: … "
        "not collected this run: mentions (2020-01-31T00:00Z → 2020-02-01T12:00:30Z), "
        "quotes:900 (2020-01-20T00:00Z → 2020-01-28T09:30Z)"
    )
    run = {
        "flow": "backfill",
        "target": "alice",
        "source": "x",
        "started_at": datetime(2020, 2, 3, 6, tzinfo=UTC),
        "window_start": datetime(2020, 1, 20, tzinfo=UTC),
        "window_end": datetime(2020, 2, 3, tzinfo=UTC),
        "status": "partial",
        "error": error,
    }
    days = pl.DataFrame({"quarantined": [0], "unscored": [0]})
    q = quality(_runs_of_week([run]), days)
    assert q.failed_runs == [] and q.runs_ok == 0
    (partial,) = q.partial_runs
    assert partial["missing"] == [
        (datetime(2020, 1, 20, tzinfo=UTC), datetime(2020, 1, 28, 9, 30, tzinfo=UTC)),
        (datetime(2020, 1, 31, tzinfo=UTC), datetime(2020, 2, 1, 12, 0, 30, tzinfo=UTC)),
    ]
    # A partial run is no successful collection: its window stays uncovered.
    assert q.gaps == [(datetime(2020, 1, 27, tzinfo=UTC), datetime(2020, 2, 3, tzinfo=UTC))]
    digest = SimpleNamespace(
        quality=q, days=days, has_stance=False, missing=(), week=IsoWeek.parse("2020-W05")
    )
    line = next(str(i) for i in quality_items(digest, "en", "UTC") if "Incomplete" in str(i))
    assert line.startswith(
        "Incomplete collection: backfill / x, started 3 February 2020, 06:00; not collected: "
        "20 January 2020, 00:00 to 28 January 2020, 09:30, "
        "31 January 2020, 00:00 to 1 February 2020, 12:00 (x: 2020-01-20T00:00Z → "
    )


@pytest.mark.parametrize(
    ("state", "lang", "expected"),
    [
        pytest.param(
            EvidenceState(unsealed_segments=3),
            "en",
            "No sealed manifest covers this period yet: nothing proves yet that the kept posts "
            "were not altered. But: 3 collected batch(es) are not sealed yet (run `tocsin seal`).",
            id="never-sealed",
        ),
        pytest.param(
            EvidenceState(manifests=4, signed=3, timestamped=2, pending_timestamps=1),
            "en",
            "Every post is kept exactly as received, with its hash, in sealed manifests. But: 1 of "
            "4 manifests are not signed; 1 of 4 manifests are not timestamped; 1 manifest(s) await "
            "their timestamp (the authority did not answer; `tocsin seal --retry-timestamps`).",
            id="partly-signed-pending",
        ),
        pytest.param(
            EvidenceState(manifests=2, signed=2, timestamped=2, unsealed_segments=1),
            "fr",
            "Chaque message est conservé tel que reçu, avec son empreinte, dans des manifestes "
            "scellés, signés et horodatés. Mais\u00a0: 1 lot(s) collecté(s) ne sont pas encore "
            "scellés (lancez `tocsin seal`).",
            id="fr-unsealed-leftover",
        ),
    ],
)
def test_evidence_claims_say_what_is_missing(state, lang, expected):
    assert " ".join(evidence_sentences(state, lang)) == expected
    assert not state.complete
    assert screenshots_sentence(state, lang) != STRINGS_CLAIMS[lang]["no_screenshots"]


def test_no_need_for_screenshots_only_when_sealed_signed_and_timestamped_for_real():
    full = EvidenceState(manifests=2, signed=2, timestamped=2)
    assert screenshots_sentence(full, "en") == "No need for screenshots."
    for lacking in (
        EvidenceState(manifests=2, signed=2, timestamped=1, demo_timestamped=1),
        EvidenceState(manifests=2, signed=1, timestamped=2),
        EvidenceState(manifests=2, signed=2, timestamped=2, unsealed_segments=1),
        EvidenceState(),
    ):
        assert screenshots_sentence(lacking, "en") != "No need for screenshots.", lacking
