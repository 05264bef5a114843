"""The digest's own errors: problems the user can act on (a bad week, nobody to send to).

SMTP failures are the shared sender's (tasks.alerts.smtp.DeliveryError); tasks/digest/send.py
tells the transient ones from the final ones.
"""

from __future__ import annotations

from tasks.errors import TocsinError


class DigestError(TocsinError):
    """A digest cannot be built or sent as asked; the message says what to change."""
