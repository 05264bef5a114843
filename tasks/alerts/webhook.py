"""Posting an alert to a target's webhook (a newsroom chat, an on-call tool).

The payload is JSON with a ``text`` field (what Slack, Mattermost, Rocket.Chat and Matrix hooks
display) and the structured numbers beside it. It deliberately carries **no hostile text**: chat
tools render Markdown and unfurl links, and a channel is read by more people than the alert's
recipients. The worst messages stay in the e-mail, behind a content warning.
The URL often embeds a secret token, so it is never logged: errors name the environment variable.
"""

from __future__ import annotations

from typing import Any

import httpx

from tasks.alerts.compose import AlertView
from tasks.alerts.smtp import DeliveryError


def post_webhook(
    url: str, payload: dict[str, Any], *, env_name: str, timeout: float = 15.0
) -> None:
    """POST ``payload``; any answer but 2xx, or no answer, is a DeliveryError."""
    try:
        response = httpx.post(url, json=payload, timeout=timeout, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook ${env_name}: {type(exc).__name__}") from None
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"webhook ${env_name} answered HTTP {response.status_code}")


def webhook_payload(
    view: AlertView, ep: dict[str, Any], *, level: int, reasons: tuple[str, ...]
) -> dict[str, Any]:
    """Numbers and plain words only: no hostile text goes to a chat channel (see above)."""
    lines = [view.headline, *([view.escalation] if view.escalation else []), *view.facts]
    lines += [f"- {x}" for x in view.signals]
    return {
        "text": "\n".join([view.subject, "", *lines]),
        "episode_id": ep["episode_id"],
        "target": ep["target"],
        "level": level,
        "reasons": list(reasons),
        "status": ep["status"],
        "start": ep["start"].isoformat(),
        "peak": ep["peak"].isoformat(),
        "posts": ep["posts"],
        "hostile": ep["hostile"],
        "supportive": ep["supportive"],
        "expected_hostile": round(float(ep["expected_hostile"]), 1),
        "kind": ep["kind"],
        "unread": ep.get("unread"),
        "expected_unread": None
        if ep.get("expected_unread") is None
        else round(float(ep["expected_unread"]), 1),
        "threats": ep["threats"],
        "doxxing": ep["doxxing"],
        "authors": ep["stance_authors"],
        "signals": list(ep.get("signals") or []),
    }
