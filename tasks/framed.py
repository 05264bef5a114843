"""Objects passed between this process and a helper child of its own (tasks.evidence.sealahead,
tasks.gxahead) over its stdin and stdout: each a length and a pickle."""

from __future__ import annotations

import pickle
from typing import IO, Any


def send(out: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "big") + data)
    out.flush()


def receive(inp: IO[bytes]) -> Any:
    """The next object ``send`` wrote; None at the end of the stream."""
    head = inp.read(8)
    if len(head) < 8:
        return None
    data = inp.read(int.from_bytes(head, "big"))
    return pickle.loads(data)  # noqa: S301 - written by the other end of our own pipe only
