"""A digest for each reader: the targeted person's summary, plain words for everyone, an
uncollected week said first, and the daily digest's days counted in the target's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from config.targets import Recipient
from tasks.digest.build import build_digest, prepare
from tasks.digest.chart import has_font, label
from tasks.digest.sections import reason_words
from tasks.digest.settings import DigestSettings
from tasks.digest.week import IsoWeek, LocalDay
from tests.support.digest import NOW, TARGET, unread_episode, write_episodes


@pytest.mark.parametrize(
    ("role", "show", "daily", "gentle", "gets_daily"),
    [
        ("target", False, None, True, False),
        ("target", True, None, False, False),
        ("safety desk", False, None, False, True),
        ("lawyer", False, False, False, False),
        (None, False, None, False, True),
    ],
)
def test_recipient_settings_pick_the_version_and_the_daily_digest(
    role, show, daily, gentle, gets_daily
):
    r = Recipient(email="a@example.org", role=role, show_content=show, daily_during_episode=daily)
    assert r.gentle is gentle and r.daily is gets_daily


@pytest.mark.parametrize(
    ("rule", "lang", "words"),
    [
        ("not_future: created_at", "fr", "date du message dans le futur"),
        ("required: version_id", "en", "no version id"),
        ("parse: created_at", "en", "unreadable post date"),
        ("non_blank: text", "fr", "texte vide"),
        ("in_set: some_column", "en", "unknown value for some column"),
        ("whatever: x", "en", "whatever: x"),  # a rule this version has no words for
    ],
)
def test_quarantine_reasons_read_as_plain_words(rule, lang, words):
    assert reason_words(rule, lang) == words


@pytest.mark.skipif(not has_font(), reason="DejaVu Sans (fonts-dejavu-core) not installed")
def test_chart_labels_keep_their_accents():
    assert label("Zoé — févr.") == "Zoé — févr."
    assert label("🔪 x") == "? x"  # no glyph: said, not an empty box


def test_a_week_nothing_was_collected_for_says_so_first(scored):
    week = IsoWeek(2020, 3)  # before any run of the dataset
    now = datetime(2020, 1, 20, 7, tzinfo=UTC)
    cfg = DigestSettings()
    d = build_digest(scored["root"], TARGET, week, cfg, now=now)
    assert d.quality.collected == "none"
    # A dossier already made is listed by name for the desk (never a command line to run).
    made = scored["root"] / "dossiers" / "alice"
    made.mkdir(parents=True)
    (made / "alice-E1.pdf").write_bytes(b"%PDF-1.7")
    prepared = prepare(d, TARGET, cfg, now=now, root=scored["root"])
    by = {p.rendered.stem_suffix: p.rendered for p in prepared}
    en, fr = by["en"], by["fr-summary"]
    assert "Evidence dossiers already made, on the Tocsin machine:\n- alice-E1.pdf, made" in en.text
    assert "ask whoever runs Tocsin, naming target “alice” and the period 13 January" in en.text
    assert "alice-E1.pdf" not in fr.text and "tocsin " not in en.text
    assert en.text.split("\n")[3].startswith("!! Nothing was collected this week: Tocsin has")
    assert "Nothing collected this week" in en.subject and "0 posts" not in en.subject
    assert "Tocsin n'a rien pu collecter cette semaine" in fr.text
    assert fr.subject == "Tocsin — votre résumé de la semaine"


def test_an_episode_that_runs_past_the_week_says_how_much_of_it_is_in_the_week():
    from types import SimpleNamespace

    import polars as pl

    from tasks.digest.sections import episode_item
    from tasks.digest.summary import episode_rows

    utc = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731
    inputs = SimpleNamespace(
        episodes=pl.DataFrame(
            {
                "kind": ["harassment", "support"],
                "status": ["closed", "closed"],
                "start": [utc(2020, 1, 31, 15), utc(2020, 1, 28, 9)],
                "end": [utc(2020, 2, 5, 23), utc(2020, 1, 28, 20)],
                "peak": [utc(2020, 2, 1, 19), utc(2020, 1, 28, 12)],
                "posts": [19189, 40],
            }
        ),
        week=IsoWeek(2020, 5),
        timezone="UTC",
        now=utc(2020, 2, 10),
    )
    # Three of the week's posts fall in the wave, one before it.
    posts = pl.DataFrame(
        {"created_at": [utc(2020, 1, 30), utc(2020, 2, 1), utc(2020, 2, 1, 5), utc(2020, 2, 2)]}
    )
    wave, support = episode_rows(inputs, posts)
    assert (wave["beyond"], wave["in_period"]) == (True, 3)
    assert support["beyond"] is False
    item = episode_item(1, wave, "en", "UTC")
    assert item["beyond"] == (
        "This episode runs past the period: its figures above count all of it, 31 January "
        "2020, 15:00 to 5 February 2020, 23:00; 3 posts of the period belong to it."
    )
    assert episode_item(2, support, "en", "UTC")["beyond"] is None


@pytest.mark.parametrize(
    ("zone", "now", "week", "day"),
    [
        # Monday 08:00 in Paris is still Sunday night in Los Angeles and Honolulu: their
        # week is not over, and the run waits for their own Monday 08:00.
        ("Europe/Paris", datetime(2020, 2, 3, 7, tzinfo=UTC), "2020-W05", date(2020, 2, 2)),
        ("America/Los_Angeles", datetime(2020, 2, 3, 7, tzinfo=UTC), "2020-W04", date(2020, 2, 1)),
        ("America/Los_Angeles", datetime(2020, 2, 3, 16, tzinfo=UTC), "2020-W05", date(2020, 2, 2)),
        ("Pacific/Honolulu", datetime(2020, 2, 3, 18, tzinfo=UTC), "2020-W05", date(2020, 2, 2)),
        ("Pacific/Auckland", datetime(2020, 2, 2, 19, tzinfo=UTC), "2020-W05", date(2020, 2, 2)),
    ],
)
def test_scheduled_weeks_and_days_are_counted_in_the_target_zone(zone, now, week, day):
    assert IsoWeek.due(now, zone, hour=8).label == week
    assert LocalDay.due(now, zone, hour=8).day == day


def test_a_local_day_is_bounded_by_its_own_midnights():
    start, end = LocalDay(date(2020, 3, 29)).utc_bounds("Europe/Paris")  # DST starts
    assert (start, end) == (
        datetime(2020, 3, 28, 23, tzinfo=UTC),
        datetime(2020, 3, 29, 22, tzinfo=UTC),
    )
    assert LocalDay.parse("2020-02-01").chart_days[0] == date(2020, 1, 26)


def test_a_quarantined_threat_is_quoted_as_unvalidated_for_the_desk(scored):
    """A threat rejected for its empty author id is read and scored (quarantine_scores); the
    desk's digest quotes it among the messages that matter, said unvalidated with its reason,
    its hash in the evidence list; the targeted person's summary quotes nothing."""
    from datetime import timedelta

    from tasks.ingest import store_batch
    from tasks.pages import RawPage
    from tasks.parse import parse_pages
    from tasks.scoring.quarantine import score_quarantine
    from tasks.scoring.rules import RulesScorer
    from tasks.validate import split
    from tests.support.wire import page, tweet

    root = scored["root"]
    threat = tweet("555", text="@alice_reporter je vais te retrouver sale pute", author_id="")
    staging, _ = parse_pages([RawPage(page([threat]), "file", "f:1", NOW)], TARGET)
    valid, rejected = split(staging, NOW, timedelta(minutes=5))
    assert valid.height == 0 and rejected.height == 1
    store_batch(root, valid, rejected, "run-q")
    assert score_quarantine(root, "alice", RulesScorer(), now=NOW) == 1

    cfg = DigestSettings()
    d = build_digest(root, TARGET, IsoWeek(2020, 5), cfg, now=NOW)
    by = {p.rendered.stem_suffix: p.rendered for p in prepare(d, TARGET, cfg, now=NOW)}
    worst = by["en"].text.split("== The messages that matter")[1].split("== Most active")[0]
    quoted = [b for b in worst.split("\n\n") if "je vais te retrouver" in b]
    assert len(quoted) == 1 and "[THREAT]" in quoted[0]
    assert "Unvalidated record, kept in quarantine (empty author id)" in quoted[0]
    sha = rejected["raw_sha256"][0]
    assert sha in by["en"].text.split("== Getting the evidence ==")[1]
    assert "retrouver" not in by["fr-summary"].text and "non validé" not in by["fr-summary"].text


def test_an_open_episode_reads_as_ongoing_for_every_reader():
    from types import SimpleNamespace

    from tasks.digest.sections import episode_item
    from tasks.digest.view import Audience, gentle_lines

    start = datetime(2020, 2, 1, 8, tzinfo=UTC)
    e = {
        "kind": "harassment",
        "status": "open",
        "start": start,
        "end": None,
        "peak": start,
        "posts": 500,
        "beyond": True,
        "in_period": 120,
    }
    item = episode_item(1, e, "fr", "Europe/Paris", day=True)
    assert (
        item["span"]
        == "depuis le 1er février 2020 à 09:00, en cours, pic le 1er février 2020 à 09:00"
    )
    assert item["beyond"].startswith("Cet épisode est toujours en cours : ses chiffres ci-dessus")
    d = SimpleNamespace(
        week=LocalDay(date(2020, 2, 1)),
        timezone="Europe/Paris",
        quality=SimpleNamespace(collected="all"),
        totals={"posts": 120, "threats": 3},
        episodes=[e],
    )
    who = Audience(lang="en", target="alice", display_name="Alice", gentle=True)
    assert gentle_lines(d, who, "en") == [
        "Tocsin found 120 posts about you that day.",
        "A wave of hostile messages began Saturday 1 February 2020, 09:00.",
        "It is still going on.",
        "Some messages contain threats. They are not quoted here.",
    ]


def test_posts_in_a_language_no_rules_read_are_a_blind_spot_not_neutral(dataset):
    """Scored for real, the week's one Arabic post (tagged ``ar``) is read by the universal
    rules alone: the digest names it under what Tocsin could not see, with its language, in the
    reader's words; the French posts are not counted there."""
    from tasks.scoring.rules import RulesScorer
    from tasks.scoring.store import score_partitions

    root = dataset["root"]
    dates = sorted(set(dataset["mentions"]["date"].to_list()))
    assert score_partitions(root, "alice", dates, RulesScorer(), now=NOW) > 0
    cfg = DigestSettings()
    d = build_digest(root, TARGET, IsoWeek(2020, 5), cfg, now=NOW)
    assert d.totals["unread"] == [("ar", 1)]
    by = {p.rendered.stem_suffix: p.rendered for p in prepare(d, TARGET, cfg, now=NOW)}
    blind = by["en"].text.split("== What Tocsin could not see ==")[1].split("==")[0]
    assert "- 1 post in languages Tocsin's rules do not read (Arabic 1): counted neutral" in blind
    fr = by["fr"].text.split("== Ce que Tocsin ne voit pas ==")[1].split("==")[0]
    assert "- 1 message dans des langues que les règles de Tocsin ne lisent pas (arabe 1)" in fr
    assert "Arabic 1" in by["en"].html
    # The follow-up page, once written, lists them: the digest says where to look.
    assert "follow-up page lists them" not in blind
    from tasks.site import build_site

    build_site(root, [TARGET], NOW)
    again = {
        p.rendered.stem_suffix: p.rendered for p in prepare(d, TARGET, cfg, now=NOW, root=root)
    }
    assert "go through them (the follow-up page lists them);" in again["en"].text


def test_a_week_whose_posts_were_all_read_names_no_language(scored):
    cfg = DigestSettings()
    d = build_digest(scored["root"], TARGET, IsoWeek(2020, 5), cfg, now=NOW)
    assert d.totals["unread"] == []
    by = {p.rendered.stem_suffix: p.rendered for p in prepare(d, TARGET, cfg, now=NOW)}
    assert "do not read" not in by["en"].text and "ne lisent pas" not in by["fr"].text


@pytest.mark.parametrize(
    ("lang", "label", "volumes", "support"),
    [
        (
            "en",
            "Wave of posts in a language Tocsin does not read",
            "55 posts in languages Tocsin's rules do not read (stance unknown, counted neutral)",
            "E1 · Support",
        ),
        (
            "fr",
            "Vague de messages dans une langue que Tocsin ne lit pas",
            "55 messages dans des langues que les règles de Tocsin ne lisent pas (tonalité "
            "inconnue, comptée neutre)",
            "E1 · Soutien",
        ),
    ],
    ids=["en", "fr"],
)
def test_a_wave_in_a_language_no_rules_read_is_named_as_such_never_as_support(
    scored, lang, label, volumes, support
):
    """Detection's third kind, a wave of posts no rules read, is its own episode for every
    reader: its own label, colour and count of unread posts, never a support wave."""
    from html import unescape

    write_episodes(scored["root"], [unread_episode()])
    cfg = DigestSettings()
    d = build_digest(scored["root"], TARGET, IsoWeek(2020, 5), cfg, now=NOW)
    assert [e["kind"] for e in d.episodes] == ["unread", "harassment"]
    by = {p.rendered.stem_suffix: p.rendered for p in prepare(d, TARGET, cfg, now=NOW)}
    text, html = by[lang].text, by[lang].html
    assert f"E1 · {label} — " in text
    assert support not in text and support not in html
    assert f"60 {'posts' if lang == 'en' else 'messages'} " in text and volumes in text
    assert f"E2 · {'Harassment' if lang == 'en' else 'Harcèlement'} — " in text
    # Amber, neither harassment red nor support blue.
    box = 'border-left:4px solid #b26a00;background:#fafafa;">\n    <p style="margin:0;">'
    assert f"{box}<strong>E1 · {label}</strong>" in html
    assert volumes in unescape(html)


def test_the_summary_says_a_wave_no_rules_read_came_and_who_should_read_it(scored):
    write_episodes(scored["root"], [unread_episode()])
    cfg = DigestSettings()
    d = build_digest(scored["root"], TARGET, IsoWeek(2020, 5), cfg, now=NOW)
    summary = next(p.rendered for p in prepare(d, TARGET, cfg, now=NOW) if p.rendered.summary)
    assert summary.lang == "fr"
    assert (
        "Une vague de messages dans une langue que Tocsin ne lit pas est arrivée du mardi 28 "
        "janvier 2020 à 10:00 au 28 janvier 2020 à 21:00 : quelqu'un qui lit cette langue "
        "devrait les parcourir pour vous."
    ) in summary.text
    assert "soutien" not in summary.text


def test_an_open_wave_no_rules_read_and_an_unknown_count_in_plain_words():
    from types import SimpleNamespace

    from tasks.digest.sections import episode_item
    from tasks.digest.view import Audience, gentle_lines

    e = unread_episode(status="open", end=None, unread=None, beyond=False)
    item = episode_item(1, e, "en", "UTC")
    assert (item["kind"], item["label"]) == (
        "unread",
        "Wave of posts in a language Tocsin does not read",
    )
    # Rows written before the count existed: the count is unknown, not zero.
    assert (
        item["volumes"] == "60 posts by 20 accounts: 0 hostile, 2 supportive, 58 neutral, 0 threats"
    )
    d = SimpleNamespace(
        week=IsoWeek(2020, 5),
        timezone="UTC",
        quality=SimpleNamespace(collected="all"),
        totals={"posts": 200, "threats": 0},
        episodes=[e],
    )
    who = Audience(lang="en", target="alice", display_name="Alice", gentle=True)
    assert gentle_lines(d, who, "en")[1:] == [
        "There was no hostile wave this week.",
        "A wave of messages in a language Tocsin does not read began Tuesday 28 January 2020, "
        "09:00: someone who reads that language should go through them for you.",
    ]


def test_the_chart_shades_a_wave_no_rules_read_in_its_own_colour(scored, monkeypatch):
    from tasks.digest import compose
    from tasks.digest.chart import BAND_COLORS

    write_episodes(scored["root"], [unread_episode()])
    d = build_digest(scored["root"], TARGET, IsoWeek(2020, 5), DigestSettings(), now=NOW)
    drawn = []
    monkeypatch.setattr(compose, "render_chart", lambda days, bands, **kw: drawn.append(bands))
    compose.chart_png(d, "en")
    compose.chart_png(d, "fr")
    en, fr = ([(b.first, b.last, b.kind, b.label) for b in bands] for bands in drawn)
    assert en == [
        (1, 1, "unread", "E1 wave (language not read)"),
        (5, 6, "harassment", "E2 hostile wave"),
    ]
    assert fr[0] == (1, 1, "unread", "E1 vague (langue non lue)")
    # Drawn for real: the amber band and the red one are in the picture, support's blue is not.
    monkeypatch.undo()
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(compose.chart_png(d, "en"))).convert("RGB")
    drawn_colours = {c for _, c in image.getcolors(maxcolors=1 << 20) or []}
    assert BAND_COLORS["unread"] in drawn_colours
    assert BAND_COLORS["harassment"] in drawn_colours
    assert BAND_COLORS["support"] not in drawn_colours


def test_a_day_with_a_wave_no_rules_read_is_worth_a_daily_digest(scored):
    """A wave in a language no rules read alerts; the desk's daily digest follows it as it
    follows a harassment wave. A support wave alone does not make a daily digest."""
    from tasks.digest.build import open_episodes
    from tasks.digest.week import LocalDay

    day = LocalDay.parse("2020-01-28")
    write_episodes(scored["root"], [unread_episode(kind="support", episode_id="alice:support:x")])
    assert open_episodes(scored["root"], TARGET, day, now=NOW) == []
    write_episodes(scored["root"], [unread_episode()])
    got = open_episodes(scored["root"], TARGET, day, now=NOW)
    assert got == ["alice:unread:20200128T09Z"]
