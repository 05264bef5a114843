"""Alerts: one message per wave and recipient, escalated only when the wave gets worse.

policy.py decides what is owed, compose.py + reports/alert.{txt,html}.j2 write it (fr/en),
smtp.py and webhook.py deliver it, state.py remembers what was delivered (atomically, after the
delivery), dispatch.py ties them together for one target.
"""

from tasks.alerts.dispatch import DeliveryReport, Transport, channels_of, deliver
from tasks.alerts.smtp import DeliveryError, SmtpSettings, send_message

__all__ = [
    "DeliveryError",
    "DeliveryReport",
    "SmtpSettings",
    "Transport",
    "channels_of",
    "deliver",
    "send_message",
]
