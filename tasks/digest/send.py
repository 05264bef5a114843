"""Delivering a digest: at most once per target, week and recipient.

The SMTP conversation itself (STARTTLS before any credential, login, send) is the one shared
with the wave alerts, ``tasks.alerts.smtp.send_message``. What is the digest's own:

- the sent-log, ``<root>/state/digest/<target>.json`` ({week: {recipient: delivery}}), read
  before each send and replaced atomically (temp file, fsync, rename, fsync of the folder) right
  after the server accepted the message. A per-target lock covers check, send and record, so two
  runs at once cannot both send. The one gap, a crash between the server's "250 OK" and the
  rename, re-sends that one message; its Message-ID is the same (compose.message_id), so clients
  that de-duplicate on it show it once.
  On an s3:// data root (tasks/storage) the log is one object. The per-target lock is a lease
  object, ``state/digest/<target>.lock``, taken and renewed with the store's conditional writes
  (tasks/storage/lease.py); the log is updated by compare-and-swap, a PUT conditional on the
  version read (``If-None-Match: *`` for the first, ``If-Match`` after), retried from a fresh
  read when another writer's came first, so no delivery is ever dropped from it.
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
from tasks.storage import Lease, ObjectPath, Root, root_of

SENT_DIR = Path("state") / "digest"


@dataclass(frozen=True)
class Outgoing:
    target: str
    week: str
    email: str
    message: EmailMessage


def sent_key(target: str) -> str:
    """The target's sent-log, relative to the data root."""
    return f"{SENT_DIR.as_posix()}/{target}.json"


def sent_log_path(root: Root | Path | str, target: str) -> Any:
    """Where the sent-log is: a ``Path`` in a local data root, an ``ObjectPath`` on S3."""
    return root_of(root).location(sent_key(target))


def read_sent(root: Root | Path | str, target: str) -> dict[str, dict[str, dict[str, str]]]:
    data = root_of(root).read(sent_key(target))
    return {} if data is None else json.loads(data)


def already_sent(root: Root | Path | str, target: str, week: str, email: str) -> bool:
    return email.lower() in read_sent(root, target).get(week, {})


def _dump(log: dict[str, Any]) -> bytes:
    return (json.dumps(log, indent=1, sort_keys=True) + "\n").encode("utf-8")


def record_sent(
    root: Root | Path | str,
    target: str,
    week: str,
    email: str,
    message_id: str,
    sent_at: datetime,
) -> None:
    """Add one delivery to the sent-log. Locally the caller holds the target's lock and the file
    is replaced by a synced rename; on S3 the write is conditional on the version read and
    retried from a fresh read when it lost, so two recorders never drop each other's entry."""
    store = root_of(root)
    entry = {"message_id": message_id, "sent_at": sent_at.isoformat()}
    if not store.remote:
        log = read_sent(store, target)
        log.setdefault(week, {})[email.lower()] = entry
        write_atomic_text(sent_log_path(store, target), _dump(log))
        return
    key = sent_key(target)
    while True:
        found = store.read_tagged(key)
        log = {} if found is None else json.loads(found.data)
        log.setdefault(week, {})[email.lower()] = entry
        body = _dump(log)
        tag = store.create(key, body) if found is None else store.replace(key, body, found.tag)
        if tag is not None:
            return


def write_atomic_text(path: Path | ObjectPath, text: str | bytes) -> None:
    """Write the whole file or nothing: locally via a temp file and a rename, both fsynced; on
    S3 (an ``ObjectPath``) one single-part PUT with its checksum. The old bytes or the new,
    never half."""
    if isinstance(path, ObjectPath):
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return
    replace_file(path, text)


def _target_lock(root: Root | Path | str, target: str) -> AbstractContextManager[None]:
    """One sender per target at a time (not the data root's lock: a slow relay must not hold up
    ingestion): an flock locally, a lease object on S3."""
    store = root_of(root)
    if store.remote:
        return Lease(store, key=f"{SENT_DIR.as_posix()}/{target}.lock")
    return file_lock(sent_log_path(store, target).with_suffix(".lock"))


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


def deliver(root: Root | Path | str, out: Outgoing, smtp: SmtpSettings) -> str:
    """Send ``out`` unless the sent-log has it; "sent" or "already sent"."""
    with _target_lock(root, out.target):
        if already_sent(root, out.target, out.week, out.email):
            return "already sent"
        send_message(smtp, out.message)
        sent_at = datetime.now(UTC)
        record_sent(root, out.target, out.week, out.email, out.message["Message-ID"], sent_at)
    return "sent"
