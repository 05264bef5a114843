"""What each channel has already been told about each episode, persisted under the data root.

``<root>/state/alerts/<target>.json`` maps episode → channel → the last delivery (level, and the
counts it reported). A delivery is recorded only after the channel accepted it, and the file is
replaced atomically (temp file, fsync, rename, fsync of the folder): a watch run killed at any
point leaves the old state or the new one, so a re-run sends exactly what was not yet sent.
On an s3:// data root the file is one object, updated by a PUT conditional on the version read
(tasks/storage/state.py), and a target's alerting runs take turns through a lease object
(``state/alerts/<target>.lock``) instead of an flock.

The one unavoidable gap: a crash between the SMTP server's "250 OK" and the rename re-sends that
one message on the next run. The Message-ID is stable per (episode, level, recipient), so mail
clients and servers that de-duplicate on it show it once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tasks.files import file_lock
from tasks.storage import Lease, Root, root_of
from tasks.storage.state import read_json, update_json

VERSION = 1


@dataclass(frozen=True)
class Delivery:
    level: int
    hostile: int
    threats: int
    doxxing: int
    reasons: tuple[str, ...]
    stream_time: str  # ISO 8601, the run's `now`
    sent_at: str  # ISO 8601, wall clock
    message_id: str | None = None
    unread: int = 0  # an unread episode's posts in languages no rules read, when it was sent
    # The Message-ID its escalations reply to: its first message's, or, for an unread wave
    # carried by a harassment message, that message's (None in states written before).
    thread: str | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Delivery:
        return cls(**{**raw, "reasons": tuple(raw.get("reasons", ()))})


def state_key(target: str) -> str:
    """The target's alert state, relative to the data root."""
    return f"state/alerts/{target}.json"


def state_path(root: Path | Root, target: str) -> Any:
    return root_of(root).location(state_key(target))


@contextmanager
def exclusive(root: Path | Root, target: str) -> Iterator[None]:
    """One alerting run at a time per target: two overlapping watch runs (a slow relay, a manual
    run beside the schedule) would otherwise both see "not sent yet" and both send."""
    store = root_of(root)
    if store.remote:
        with Lease(store, key=f"state/alerts/{target}.lock"):
            yield
        return
    with file_lock(state_path(root, target).with_suffix(".lock")):
        yield


class AlertState:
    """The deliveries of one target. ``record`` persists at once; nothing is buffered."""

    def __init__(self, root: Path | Root, target: str) -> None:
        self.root, self.target = root_of(root), target
        self.path = state_path(root, target)
        self._episodes: dict[str, dict[str, dict[str, Any]]] = read_json(
            self.root, state_key(target)
        ).get("episodes", {})

    def last(self, episode_id: str, channel: str) -> Delivery | None:
        raw = self._episodes.get(episode_id, {}).get(channel)
        return Delivery.from_json(raw) if raw else None

    def channels(self, episode_id: str) -> dict[str, Delivery]:
        return {
            ch: Delivery.from_json(raw) for ch, raw in self._episodes.get(episode_id, {}).items()
        }

    def record(self, episode_id: str, channel: str, delivery: Delivery) -> None:
        """Persist one successful delivery. Re-reads the file under the data-root lock (on S3:
        a write conditional on the version read, retried) so that two runs recording at once
        cannot drop each other's deliveries."""

        def add(data: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
            current = data.get("episodes", {})
            current.setdefault(episode_id, {})[channel] = {
                **asdict(delivery),
                "reasons": list(delivery.reasons),
            }
            data.clear()
            data.update(version=VERSION, target=self.target, episodes=current)
            return current

        self._episodes = update_json(self.root, state_key(self.target), add, lock=".lock")
