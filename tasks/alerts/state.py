"""What each channel has already been told about each episode, persisted under the data root.

``<root>/state/alerts/<target>.json`` maps episode → channel → the last delivery (level, and the
counts it reported). A delivery is recorded only after the channel accepted it, and the file is
replaced atomically (temp file, fsync, rename, fsync of the folder): a watch run killed at any
point leaves the old state or the new one, so a re-run sends exactly what was not yet sent.

The one unavoidable gap: a crash between the SMTP server's "250 OK" and the rename re-sends that
one message on the next run. The Message-ID is stable per (episode, level, recipient), so mail
clients and servers that de-duplicate on it show it once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tasks.files import file_lock, locked, replace_file

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

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Delivery:
        return cls(**{**raw, "reasons": tuple(raw.get("reasons", ()))})


def state_path(root: Path, target: str) -> Path:
    return Path(root) / "state" / "alerts" / f"{target}.json"


@contextmanager
def exclusive(root: Path, target: str) -> Iterator[None]:
    """One alerting run at a time per target: two overlapping watch runs (a slow relay, a manual
    run beside the schedule) would otherwise both see "not sent yet" and both send."""
    with file_lock(state_path(root, target).with_suffix(".lock")):
        yield


def _write_atomic(path: Path, payload: dict[str, Any]) -> None:
    replace_file(path, json.dumps(payload, indent=1, sort_keys=True))


class AlertState:
    """The deliveries of one target. ``record`` persists at once; nothing is buffered."""

    def __init__(self, root: Path, target: str) -> None:
        self.root, self.target = Path(root), target
        self.path = state_path(root, target)
        self._episodes: dict[str, dict[str, dict[str, Any]]] = {}
        if self.path.exists():
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            self._episodes = raw.get("episodes", {})

    def last(self, episode_id: str, channel: str) -> Delivery | None:
        raw = self._episodes.get(episode_id, {}).get(channel)
        return Delivery.from_json(raw) if raw else None

    def channels(self, episode_id: str) -> dict[str, Delivery]:
        return {
            ch: Delivery.from_json(raw) for ch, raw in self._episodes.get(episode_id, {}).items()
        }

    def record(self, episode_id: str, channel: str, delivery: Delivery) -> None:
        """Persist one successful delivery. Re-reads the file under the data-root lock so that
        two runs recording at once cannot drop each other's deliveries."""
        with locked(self.root):
            current: dict[str, dict[str, dict[str, Any]]] = {}
            if self.path.exists():
                current = json.loads(self.path.read_text(encoding="utf-8")).get("episodes", {})
            current.setdefault(episode_id, {})[channel] = {
                **asdict(delivery),
                "reasons": list(delivery.reasons),
            }
            _write_atomic(
                self.path, {"version": VERSION, "target": self.target, "episodes": current}
            )
            self._episodes = current
