"""Alerts through a real SMTP server on 127.0.0.1 (STARTTLS + AUTH) and a real HTTP webhook.

The messages are parsed back with the stdlib ``email`` package and asserted: who got what, in
which language, escaped how, and how often (once per episode, escalations only when it worsens,
nothing re-sent after an interrupted run).
"""

from __future__ import annotations

import email
import json
import re
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from tasks.alerts import dispatch
from tasks.alerts.dispatch import Transport
from tasks.alerts.smtp import DeliveryError, SmtpSettings, send_message
from tasks.alerts.state import AlertState, state_path
from tasks.alerts.table import ALERTS
from tasks.store import scan
from tasks.textsafe import safe_post_url

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

from tests.support.alerts import NOW, make_episode, run  # noqa: E402
from tests.support.smtp import free_port  # noqa: E402

USER, PASSWORD = "tocsin", "s3cret-pw"
# --- a real SMTP server: STARTTLS required, then AUTH ------------------------------------------


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["To"]]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.sessions.append(
            {"tls": session.ssl is not None, "auth": session.authenticated, "to": envelope.rcpt_tos}
        )
        msg = email.message_from_bytes(envelope.original_content, policy=email_policy.default)
        self.messages.append(msg)  # type: ignore[arg-type]
        return "250 OK"


def _authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False: aiosmtpd answers 535 itself (handled=True would leave the client waiting).
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def mailbox(tls_files: tuple[Path, Path]) -> Iterator[Mailbox]:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = Mailbox(port=free_port())
    controller = aiosmtpd_controller.Controller(
        box,
        hostname="127.0.0.1",
        port=box.port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=_authenticator,
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def smtp(mailbox: Mailbox, tls_files: tuple[Path, Path]) -> SmtpSettings:
    return SmtpSettings(
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        smtp_user=USER,
        smtp_password=SecretStr(PASSWORD),
        smtp_ca_file=tls_files[0],
        smtp_timeout_seconds=10,
        smtp_from="Tocsin <alerts@tocsin.example>",
    )


# --- e-mail -------------------------------------------------------------------------------------


def parts(msg: EmailMessage) -> tuple[str, str]:
    return msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()  # type: ignore[union-attr]


def test_email_alert_over_starttls_with_auth(
    tmp_path: Path, mailbox: Mailbox, smtp: SmtpSettings
) -> None:
    report = run(tmp_path, Transport(smtp=smtp))
    assert report.failures == []
    assert {s["tls"] for s in mailbox.sessions} == {True}
    assert {s["auth"] for s in mailbox.sessions} == {True}
    (fr,) = mailbox.to("alice@example.org")
    (en,) = mailbox.to("desk@example.org")
    assert not mailbox.to("digest-only@example.org")
    assert (
        fr["Subject"] == "[Tocsin] Vague de harcèlement contre Alice Martin : 812 messages hostiles"
    )
    assert en["Subject"] == "[Tocsin] Harassment wave against Alice Martin: 812 hostile posts"
    assert (
        en["From"] == "Tocsin <alerts@tocsin.example>" and en["Auto-Submitted"] == "auto-generated"
    )
    assert en.get_content_type() == "multipart/alternative"
    text, html = parts(en)
    assert "812 hostile posts in 1 h (normally about 1 over the same hours)" in text
    assert "Friday 31 January 2020, 19:00 (CET)" in text
    assert "45% of the hostile accounts are less than 30 days old (usually 2%)" in text
    assert "300 replies and quotes point at a single post (the post that designated you)" in text
    assert "tocsin export --target alice --from 2020-01-31 --to 2020-01-31" in text
    assert "Also alerted: Alice (target) <alice@example.org>" in text
    assert text.index("Content warning") < text.index("<script>alert")  # quoted after the warning
    fr_text, _ = parts(fr)
    assert (
        "812 messages hostiles en 1 h" in fr_text and "vendredi 31 janvier 2020 à 19:00" in fr_text
    )
    assert "Personnes prévenues avec vous : Safety desk (safety desk) <desk@example.org>" in fr_text
    log = scan(tmp_path, ALERTS).collect()
    assert sorted(log["channel"].to_list()) == ["email", "email", "log"]
    assert set(log["episode_id"]) == {"alice:harassment:20200131T18Z"}


def test_hostile_text_is_inert_in_the_html_part(
    tmp_path: Path, mailbox: Mailbox, smtp: SmtpSettings
) -> None:
    run(tmp_path, Transport(smtp=smtp))
    (msg,) = mailbox.to("desk@example.org")
    text, html = parts(msg)
    tags = {t.lower() for t in re.findall(r"<\s*([a-zA-Z]+)", html)}
    assert not tags & {"script", "img", "iframe", "object", "embed", "form", "svg", "style"}
    assert 'onerror="' not in html and "onerror='" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;" in html
    for ch in ("\u202e", "\u202c", "\u200b"):
        assert ch not in html and ch not in text
    assert "⟦U+202E⟧" in html and "⟦U+202E⟧" in text
    # Links: canonical post URLs only; the attacker's URLs are defanged text, never hrefs.
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(safe_post_url(h) == h for h in hrefs)
    assert "https://evil.example/status/1" not in html  # a non-canonical post URL is dropped
    assert "hxxps[://]evil[.]example/report-here" in html and "evil[.]com" in html
    assert "https://evil" not in text and "hxxps[://]evil[.]example/report-here" in text


def test_one_alert_per_episode_then_escalations(
    tmp_path: Path, mailbox: Mailbox, smtp: SmtpSettings
) -> None:
    for _ in range(3):
        assert run(tmp_path, Transport(smtp=smtp)).failures == []
    assert len(mailbox.to("desk@example.org")) == 1
    # An hour later it doubled: not enough for a new message.
    run(tmp_path, Transport(smtp=smtp), make_episode(hostile=1700), NOW + timedelta(hours=1))
    assert len(mailbox.to("desk@example.org")) == 1
    # Threats appear: an escalation at once, threaded under the first alert.
    run(
        tmp_path,
        Transport(smtp=smtp),
        make_episode(hostile=1800, threats=12),
        NOW + timedelta(hours=2),
    )
    first, second = mailbox.to("desk@example.org")
    assert (
        second["Subject"]
        == "[Tocsin] Escalation (threats): 1,800 hostile posts against Alice Martin"
    )
    assert second["In-Reply-To"] == first["Message-ID"] == second["References"]
    assert "12 of these posts contain threats." in parts(second)[0]
    # Four times bigger, six hours after the last message: one more, then quiet again.
    for k in (3, 9, 10):
        run(
            tmp_path,
            Transport(smtp=smtp),
            make_episode(hostile=8000, threats=40),
            NOW + timedelta(hours=k),
        )
    assert [m["Subject"].split(":")[0] for m in mailbox.to("desk@example.org")] == [
        "[Tocsin] Harassment wave against Alice Martin",
        "[Tocsin] Escalation (threats)",
        "[Tocsin] Escalation (the wave has grown)",
    ]
    assert len(mailbox.to("alice@example.org")) == 3


def test_support_episodes_are_recorded_never_alerted(
    tmp_path: Path, mailbox: Mailbox, smtp: SmtpSettings
) -> None:
    support = make_episode(
        episode_id="alice:support:20200205T08Z", kind="support", hostile=80, supportive=2400
    )
    assert run(tmp_path, Transport(smtp=smtp), support).sent == []
    assert mailbox.messages == []


def test_a_refused_recipient_is_retried_and_nobody_gets_it_twice(
    tmp_path: Path, mailbox: Mailbox, smtp: SmtpSettings
) -> None:
    mailbox.refuse = {"alice@example.org"}
    report = run(tmp_path, Transport(smtp=smtp))
    assert len(report.failures) == 1 and "alice@example.org" in report.failures[0]
    assert (
        AlertState(tmp_path, "alice").last(
            "alice:harassment:20200131T18Z", "email:alice@example.org"
        )
        is None
    )
    mailbox.refuse = set()
    assert run(tmp_path, Transport(smtp=smtp)).failures == []
    assert len(mailbox.to("alice@example.org")) == 1 and len(mailbox.to("desk@example.org")) == 1


def test_an_interrupted_run_does_not_realert(
    tmp_path: Path, mailbox: Mailbox, smtp: SmtpSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def crash_on_second(cfg: Any, msg: EmailMessage) -> None:
        calls.append(msg["To"])
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process is killed between two sends
        send_message(cfg, msg)

    monkeypatch.setattr(dispatch, "send_message", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, Transport(smtp=smtp))
    assert len(mailbox.messages) == 1
    monkeypatch.setattr(dispatch, "send_message", send_message)
    run(tmp_path, Transport(smtp=smtp))
    run(tmp_path, Transport(smtp=smtp))
    assert len(mailbox.to("alice@example.org")) == 1 and len(mailbox.to("desk@example.org")) == 1
    channels = json.loads(state_path(tmp_path, "alice").read_text())["episodes"]
    assert set(channels["alice:harassment:20200131T18Z"]) == {
        "log",
        "email:alice@example.org",
        "email:desk@example.org",
    }


def test_state_is_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tasks import files as store_module  # the state file is written by files.replace_file
    from tasks.alerts.state import Delivery

    st = AlertState(tmp_path, "alice")
    d = Delivery(0, 10, 0, 0, ("new",), NOW.isoformat(), NOW.isoformat())
    st.record("e1", "log", d)
    before = state_path(tmp_path, "alice").read_bytes()

    def boom(src: Any, dst: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store_module.os, "replace", boom)
    with pytest.raises(OSError):
        st.record("e2", "log", d)
    assert state_path(tmp_path, "alice").read_bytes() == before
    assert [p.name for p in state_path(tmp_path, "alice").parent.iterdir()] == ["alice.json"]


def test_a_relay_without_starttls_is_refused(tmp_path: Path) -> None:
    box = Mailbox(port=free_port())
    controller = aiosmtpd_controller.Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "a@example.org", "b@example.org", "x"
        msg.set_content("x")
        cfg = SmtpSettings(smtp_host="127.0.0.1", smtp_port=box.port, smtp_timeout_seconds=5)
        with pytest.raises(DeliveryError, match="does not offer STARTTLS"):
            send_message(cfg, msg)
    finally:
        controller.stop()
    assert box.messages == []


def test_wrong_password_is_a_delivery_error(tmp_path: Path, smtp: SmtpSettings) -> None:

    bad = smtp.model_copy(update={"smtp_password": SecretStr("nope")})
    report = run(tmp_path, Transport(smtp=bad))
    assert len(report.failures) == 2 and all("refused the login" in f for f in report.failures)
    assert PASSWORD not in " ".join(report.failures) and "nope" not in " ".join(report.failures)


def test_outbox_writes_eml_files(tmp_path: Path) -> None:
    run(tmp_path, Transport(outbox=tmp_path / "outbox"))
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    parsed = [email.message_from_bytes(f.read_bytes(), policy=email_policy.default) for f in files]
    assert {m["To"] for m in parsed} == {
        "Alice <alice@example.org>",
        "Safety desk <desk@example.org>",
    }


# --- what the alert says about the evidence: from the vault, never more -------------------------


def _vault(root: Path, how: str, signing_key: Path, tsa: Any) -> None:
    """The target's evidence in one of the states a vault can be in."""
    from tasks.evidence import seal_report
    from tests.support.evidence import kept, pages_of_run

    kept(pages_of_run(2), root, "run-1")
    if how == "kept, never sealed":
        return
    full = how == "sealed, signed and timestamped"
    seal_report(
        root,
        "run-1",
        "alice",
        signing_key=signing_key if full or how == "sealed and signed" else None,
        tsa_url=tsa.url if full else None,
        tsa_ca_file=tsa.ca if full else None,
        now=tsa.now(),
    )


@pytest.mark.parametrize(
    ("how", "en", "fr"),
    [
        pytest.param(
            "kept, never sealed",
            "No sealed manifest covers this period yet",
            "Aucun manifeste scellé ne couvre encore cette période",
            id="unsealed",
        ),
        pytest.param(
            "sealed only",
            "sealed manifests. But: they are not signed — the evidence can still be checked by its "
            "hashes, but nothing proves who sealed it; they are not timestamped",
            "manifestes scellés. Mais : ils ne sont pas signés",
            id="sealed-unsigned",
        ),
        pytest.param(
            "sealed and signed",
            "sealed and signed manifests. But: they are not timestamped",
            "manifestes scellés et signés. Mais : ils ne sont pas horodatés",
            id="signed-untimestamped",
        ),
        pytest.param(
            "sealed, signed and timestamped",
            "sealed, signed and timestamped manifests. No need for screenshots.",
            "scellés, signés et horodatés. Inutile de faire des captures d'écran.",
            id="complete",
        ),
    ],
)
def test_the_alert_says_what_the_vault_holds_and_screenshots_only_when_not_complete(
    tmp_path: Path, signing_key: Path, tsa: Any, how: str, en: str, fr: str
) -> None:
    _vault(tmp_path, how, signing_key, tsa)
    run(tmp_path, Transport(outbox=tmp_path / "outbox"))
    bodies = {}
    for f in (tmp_path / "outbox").glob("*.eml"):
        msg = email.message_from_bytes(f.read_bytes(), policy=email_policy.default)
        bodies[msg["To"].addresses[0].addr_spec] = " ".join(parts(msg)[0].split())  # type: ignore[arg-type]
    en_body, fr_body = bodies["desk@example.org"], bodies["alice@example.org"]
    assert en in en_body and fr in fr_body
    complete = how == "sealed, signed and timestamped"
    assert ("No need for screenshots" in en_body) is complete
    assert ("Inutile de faire des captures" in fr_body) is complete
    assert ("take screenshots of the worst posts as well" in en_body) is not complete
