"""Import of files: X API v2 response pages (twarc2 JSONL, one page a line, or one pretty-printed
page per file), filtered-stream lines, and twarc's flattened one-tweet-per-line JSONL.

The format is recognised per line by the parser; here we only check that the file exists and is
JSON at all, so a wrong file is one clear error rather than thousands of quarantined lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson

from config.targets import Target
from tasks.errors import InputError
from tasks.sources.base import RawPage


def check_file(path: Path) -> None:
    """Fail early, with the file and line named, on a file that cannot be an import at all."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                break
        else:
            raise InputError(f"{path}: the file is empty")
    try:
        orjson.loads(line)
        return
    except orjson.JSONDecodeError as exc:
        first_error = exc
    if line.lstrip().startswith(b"{"):
        try:  # one pretty-printed page spread over several lines
            orjson.loads(path.read_bytes())
            return
        except orjson.JSONDecodeError:
            pass
    raise InputError(
        f"{path}:{lineno}: not JSON ({first_error}); expected X API v2 pages or twarc JSONL"
    )


class FileSource:
    name = "file"

    def __init__(self, paths: list[Path], *, now: datetime) -> None:
        self.paths = [Path(p) for p in paths]
        self.now = now
        for p in self.paths:
            check_file(p)

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return datetime.min.replace(tzinfo=UTC), now

    def pages(
        self, target: Target, start: datetime | None = None, end: datetime | None = None
    ) -> Iterator[RawPage]:
        # An import takes the whole file: the window only applies to sources that can query one.
        for path in self.paths:
            yield from self._file_pages(path)

    def _file_pages(self, path: Path) -> Iterator[RawPage]:
        ref = str(path.resolve())
        data = path.read_bytes()
        first = data.lstrip()[:1]
        try:
            whole = orjson.loads(data) if first == b"{" and b"\n" in data.strip() else None
        except orjson.JSONDecodeError:
            whole = None
        if isinstance(whole, dict):
            # One JSON document spread over several lines: a single page.
            yield RawPage(data, self.name, f"{ref}:1", self.now)
            return
        for lineno, line in enumerate(data.split(b"\n"), 1):
            body = line.rstrip(b"\r")
            if body.strip():
                # When the file says when it was collected (twarc's envelope), the parser uses that.
                yield RawPage(body, self.name, f"{ref}:{lineno}", self.now)
