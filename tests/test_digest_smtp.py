"""The digest through a real SMTP relay on 127.0.0.1 (aiosmtpd: STARTTLS required, AUTH
required), parsed back with the stdlib email package and checked against the aggregates."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pydantic import SecretStr

from tasks import i18n
from tasks.alerts.smtp import DeliveryError, SmtpSettings
from tasks.digest import send
from tasks.digest.build import build_digest, prepare
from tasks.digest.settings import DigestSettings
from tests.support.digest import IMG, NOW, SCRIPT, TARGET, WEEK, expected_days
from tests.support.smtp import USER, free_port, hang_up_relay


def _prepared(root: Path, smtp: SmtpSettings) -> list[Any]:
    cfg = DigestSettings(smtp=smtp)
    prepared = prepare(build_digest(root, TARGET, WEEK, cfg, now=NOW), TARGET, cfg, now=NOW)
    return [p for p in prepared if p.email is not None]  # not the on-disk previews


def _parts(msg: EmailMessage) -> dict[str, Any]:
    assert msg.get_content_type() == "multipart/alternative"
    text, related = msg.get_payload()  # type: ignore[misc]
    assert text.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    html, image = related.get_payload()
    assert html.get_content_type() == "text/html"
    assert image.get_content_type() == "image/png"

    # Line ends travel as CRLF on the wire; compare text as written.
    def plain(part: Any) -> str:
        return part.get_content().replace("\r\n", "\n")

    return {"text": plain(text), "html": plain(html), "image": image}


def test_the_digest_reaches_the_relay_as_a_message_a_client_displays(scored, relay):
    server, smtp = relay
    sent = _prepared(scored["root"], smtp)
    assert [p.email for p in sent] == ["alice@example.org", "desk@example.org"]  # digest = true
    for p in sent:
        assert send.deliver(scored["root"], p.outgoing, smtp) == "sent"
    assert [r["rcpt"] for r in server.received] == [["alice@example.org"], ["desk@example.org"]]
    assert all(r["tls"] and r["login"] == USER.encode() for r in server.received)

    fr, en = server.messages()
    # Alice is the targeted person: a neutral subject (it shows on a locked phone) and a
    # summary that quotes no post; the desk gets the headline and the messages.
    assert fr["Subject"] == "Tocsin — votre résumé de la semaine"
    assert en["Subject"] == (
        "[Tocsin] Alice Martin — week of 27 January to 2 February 2020: Harassment wave "
        "Saturday–Sunday: 70 posts, 84% hostile, 2 threats"  # one line: header_value folds
    )
    for msg, lang in ((fr, "fr"), (en, "en")):
        assert msg["From"] == "Tocsin <tocsin@tocsin.example>"
        assert msg["Date"].datetime == NOW
        assert re.fullmatch(
            r"<digest\.alice\.2020-W05\.[0-9a-f]{16}@tocsin\.example>", msg["Message-ID"]
        )
        assert msg["Auto-Submitted"] == "auto-generated" and msg["Content-Language"] == lang
        parts = _parts(msg)
        cid = parts["image"]["Content-ID"].strip("<>")
        assert parts["image"].get_content_disposition() == "inline"
        assert f'src="cid:{cid}"' in parts["html"]
        assert parts["image"].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<script>" not in parts["html"] and "<img src=x" not in parts["html"]
        if lang == "fr":  # the summary: no post, no author, no threat quoted
            for quoted in (SCRIPT, IMG, "&lt;script&gt;", "troll_1", "crever", "MENACE"):
                assert quoted not in parts["text"] and quoted not in parts["html"]
            assert "Certains messages contiennent des menaces" in parts["text"]
            assert "Reçoivent le détail et s'en occupent : cellule sécurité" in parts["text"]
            assert "desk@example.org" not in parts["text"]  # roles, never addresses
        else:  # attacker text arrives escaped in the HTML and inert in the text
            assert "&lt;script&gt;" in parts["html"]
            assert SCRIPT in parts["text"] and IMG in parts["text"]


def test_the_numbers_are_the_aggregates(scored, relay):
    server, smtp = relay
    (fr, en) = _prepared(scored["root"], smtp)
    send.deliver(scored["root"], en.outgoing, smtp)
    parts = _parts(server.messages()[0])
    text = parts["text"]
    want = expected_days(scored["mentions"], scored["scores"])
    for row in want.iter_rows(named=True):
        day = i18n.fmt_date(row["day"], "en", with_year=False)
        line = " | ".join(
            [day, *(i18n.fmt_int(row[k], "en") for k in ("posts", "hostile", "supportive")), ""]
        )
        assert line in text, line
        assert f">{i18n.fmt_int(row['hostile'], 'en')}</td>" in parts["html"]
    weekend = want.filter(pl.col("day") >= WEEK.sunday - timedelta(days=1))
    posts, hostile = int(weekend["posts"].sum()), int(weekend["hostile"].sum())
    threats = int(weekend["threats"].sum())
    headline = f"Harassment wave Saturday–Sunday: {posts} posts, {i18n.fmt_pct(hostile / posts, 'en')} hostile, {threats} threats."
    assert headline in text
    # Threats first, each with its evidence hash and whether it has since been deleted.
    worst = text.split("== The messages that matter (threats first) ==")[1]
    first, second = worst.split("\n\n")[1:3]
    assert first.lstrip().startswith("1. [THREAT]") and second.lstrip().startswith("2. [THREAT]")
    troll = scored["mentions"].filter(pl.col("author_handle") == "troll_1").row(0, named=True)
    assert "Evidence hash no. 1, in “Getting the evidence”" in first
    assert f"\n1. {troll['raw_sha256']}\n" in text.split("== Getting the evidence ==")[1]
    assert "Status: deleted (observed 2 February 2020, 13:00)" in first
    assert f"https://x.com/i/web/status/{troll['post_id']}" in first
    # Whom to ask for the dossier, naming the episode: no command line for the desk to run.
    assert "ask whoever runs Tocsin, naming episode E1 (alice:harassment:" in text
    assert "tocsin " not in text


def test_a_digest_is_never_sent_twice_to_a_recipient(scored, relay):
    server, smtp = relay
    (fr, en) = _prepared(scored["root"], smtp)
    assert send.deliver(scored["root"], fr.outgoing, smtp) == "sent"
    assert send.deliver(scored["root"], fr.outgoing, smtp) == "already sent"
    again = _prepared(scored["root"], smtp)[0]  # rebuilt later: same week, same person
    assert send.deliver(scored["root"], again.outgoing, smtp) == "already sent"
    assert len(server.received) == 1 and server.attempts == 1


@pytest.mark.parametrize(
    ("reply", "transient"),
    [
        pytest.param("451 4.3.0 Try again later", True, id="451-greylisted"),
        pytest.param("554 5.7.1 Rejected as spam", False, id="554-refused"),
    ],
)
def test_a_refused_send_raises_and_leaves_the_sent_log_alone(scored, relay, reply, transient):
    server, smtp = relay
    server.replies = [reply]
    (fr, _) = _prepared(scored["root"], smtp)
    with pytest.raises(DeliveryError) as err:
        send.deliver(scored["root"], fr.outgoing, smtp)
    assert send.is_transient(err.value) is transient
    assert not send.already_sent(scored["root"], "alice", "2020-W05", "alice@example.org")
    assert send.deliver(scored["root"], fr.outgoing, smtp) == "sent"  # the next attempt goes out


def test_a_wrong_password_is_refused_and_final(scored, relay):
    server, smtp = relay
    (fr, _) = _prepared(scored["root"], smtp)
    bad = smtp.model_copy(update={"smtp_password": SecretStr("wrong")})
    with pytest.raises(DeliveryError, match="refused the login of 'tocsin'") as err:
        send.deliver(scored["root"], fr.outgoing, bad)
    assert not send.is_transient(err.value)
    assert "wrong" not in str(err.value) and server.attempts == 0


def test_a_relay_that_hangs_up_is_reported_after_two_attempts():
    from tasks.alerts.smtp import check_relay

    sleeps: list[float] = []
    with hang_up_relay() as (accepted, port):
        cfg = SmtpSettings(smtp_host="127.0.0.1", smtp_port=port)
        with pytest.raises(DeliveryError) as err:
            check_relay(cfg, sleep=sleeps.append)
    assert str(err.value) == (
        f"cannot reach SMTP relay 127.0.0.1:{port}: Connection unexpectedly closed "
        "(2 attempts, 5 s apart)"
    )
    assert len(accepted) == 2 and sleeps == [5.0]


def test_a_closed_port_is_reported_and_the_send_is_transient():
    from tasks.alerts.smtp import check_relay, send_message

    port = free_port()  # nothing listens there
    cfg = SmtpSettings(smtp_host="127.0.0.1", smtp_port=port)
    sleeps: list[float] = []
    with pytest.raises(DeliveryError) as err:
        check_relay(cfg, attempts=3, delay=1, sleep=sleeps.append)
    assert str(err.value) == (
        f"cannot reach SMTP relay 127.0.0.1:{port}: [Errno 111] Connection refused "
        "(3 attempts, 1 s apart)"
    )
    assert sleeps == [1, 1]
    with pytest.raises(DeliveryError) as err:
        send_message(cfg, EmailMessage())
    assert (
        str(err.value)
        == f"cannot reach SMTP relay 127.0.0.1:{port}: [Errno 111] Connection refused"
    )
    assert send.is_transient(err.value)  # a scheduled run tries again later


def test_a_relay_that_is_up_passes_the_check_without_a_message(relay):
    from tasks.alerts.smtp import check_relay

    server, smtp = relay
    check_relay(smtp, sleep=lambda s: pytest.fail("no retry for a relay that answers"))
    assert server.attempts == 0 and server.received == []
