"""Delivering a digest: at most once per target, week and recipient.

The SMTP conversation itself (STARTTLS before any credential, login, send) is the one shared
with the wave alerts, ``tasks.alerts.smtp.send_message``. What is the digest's own:

- the sent-log, ``<root>/state/digest/<target>.json`` ({week: {recipient: delivery}}), read
  before each send and replaced atomically (temp file, fsync, rename, fsync of the folder) right
  after the server accepted the message. A per-target lock covers check, send and record, so two
  runs at once cannot both send. The one gap, a crash between the server's "250 OK" and the
  rename, re-sends that one message; its Message-ID is the same (compose.message_id), so clients
  that de-duplicate on it show it once.
- which failures are worth retrying (``is_transient``): 4xx replies (greylisting, a full queue),
  a dropped or refused connection, a timeout. A refused login or a 5xx refusal is final.
"""

from __future__ import annotations

import json
import smtplib
import socket
import ssl
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tasks.alerts.smtp import DeliveryError, SmtpSettings, send_message
from tasks.files import file_lock, replace_file

SENT_DIR = Path("state") / "digest"


@dataclass(frozen=True)
class Outgoing:
    target: str
    week: str
    email: str
    message: EmailMessage


def sent_log_path(root: Path, target: str) -> Path:
    return Path(root) / SENT_DIR / f"{target}.json"


def read_sent(root: Path, target: str) -> dict[str, dict[str, dict[str, str]]]:
    path = sent_log_path(root, target)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def already_sent(root: Path, target: str, week: str, email: str) -> bool:
    return email.lower() in read_sent(root, target).get(week, {})


def record_sent(
    root: Path, target: str, week: str, email: str, message_id: str, sent_at: datetime
) -> None:
    path = sent_log_path(root, target)
    log = read_sent(root, target)
    log.setdefault(week, {})[email.lower()] = {
        "message_id": message_id,
        "sent_at": sent_at.isoformat(),
    }
    write_atomic_text(path, json.dumps(log, indent=1, sort_keys=True) + "\n")


def write_atomic_text(path: Path, text: str | bytes) -> None:
    """Write via a temp file and a rename, both fsynced: the old file or the new, never half."""
    replace_file(path, text)


def _target_lock(root: Path, target: str) -> AbstractContextManager[None]:
    """One sender per target at a time (not the data root's lock: a slow relay must not hold up
    ingestion)."""
    return file_lock(sent_log_path(root, target).with_suffix(".lock"))


def _code_transient(code: Any) -> bool:
    return isinstance(code, int) and 400 <= code < 500


def is_transient(exc: BaseException) -> bool:
    """Whether trying the same send again later can succeed.

    ``send_message`` wraps every SMTP failure in a DeliveryError (``raise … from None``); the
    original exception is still its ``__context__``, which is what is judged here.
    """
    cause: BaseException | None = exc
    if isinstance(exc, DeliveryError):
        cause = exc.__context__
    if cause is None:
        return False  # our own refusal (no STARTTLS offered, recipients refused with 5xx...)
    if isinstance(cause, smtplib.SMTPAuthenticationError | ssl.SSLError):
        return False  # bad credentials, an untrusted certificate: no later attempt fixes them
    if isinstance(cause, smtplib.SMTPRecipientsRefused):
        return all(_code_transient(code) for code, _ in cause.recipients.values())
    if isinstance(cause, smtplib.SMTPResponseException):
        return _code_transient(cause.smtp_code)
    if isinstance(cause, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(cause, TimeoutError | socket.timeout | ConnectionError | OSError)


def deliver(root: Path, out: Outgoing, smtp: SmtpSettings) -> str:
    """Send ``out`` unless the sent-log has it; "sent" or "already sent"."""
    with _target_lock(root, out.target):
        if already_sent(root, out.target, out.week, out.email):
            return "already sent"
        send_message(smtp, out.message)
        sent_at = datetime.now(UTC)
        record_sent(root, out.target, out.week, out.email, out.message["Message-ID"], sent_at)
    return "sent"
