"""Import of files collected elsewhere. Formats (docs/sources.md), recognised per file or named
with ``--format``:

- ``auto``: X API v2 response pages (twarc2 JSONL, one page a line, or one pretty-printed page),
  filtered-stream lines, twarc's flattened one-tweet-per-line JSONL;
- ``x-v1``: X API v1.1 statuses (one a line, a JSON list, or a search result);
- ``mastodon``: Mastodon statuses, notifications (v1 lists or v2 grouped) or a status context;
- ``bluesky``: Bluesky XRPC responses (notifications, threads, post lists, feeds, records);
- ``csv-posts``: CSV with the documented header.

Any of them may be gzip-compressed (``.gz``, recognised by its magic bytes): it is read as it
decompresses, a line at a time, never whole, and refused (one line naming the file) once it
has grown past ``MAX_GZIP_RATIO`` times the compressed bytes read: a decompression bomb.

A file holding one JSON document (a list, or an object over several lines) is one page; any other
JSON file is JSON Lines, one page a line; a CSV is cut into pages of rows, each with the header.
Here we only check that a file exists and can be an import at all, so a wrong file is one clear
error rather than thousands of quarantined lines; the parser judges each record.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from config.targets import Target
from tasks.errors import InputError
from tasks.formats import FORMATS
from tasks.formats.csv_posts import header_of, split_rows
from tasks.formats.x_v2 import is_empty_page
from tasks.pages import RawPage
from tasks.sources.base import SourceBase

CSV_ROWS_PER_PAGE = 10_000
# Names a user may give with --format; the connectors' finer names work too.
IMPORT_FORMATS = ("auto", "x-v1", "mastodon", "bluesky", "csv-posts")


GZIP_MAGIC = b"\x1f\x8b"
# Text compresses ~5-20×; JSON of repeated pages ~30-50×. Past 100× (once past a few MiB: a tiny
# file may compress oddly well) it is a decompression bomb, not an archive.
MAX_GZIP_RATIO = 100
_RATIO_FROM = 4 << 20
_CHUNK = 1 << 20  # a line is read in pieces of this size, the ratio checked after each


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def lines(path: Path) -> Iterator[bytes]:
    """The file's lines, each with its line break, decompressed on the fly when gzip."""
    if not is_gzip(path):
        with path.open("rb") as fh:
            yield from fh
        return
    try:
        with path.open("rb") as raw, gzip.GzipFile(fileobj=raw) as gz:
            grown, pieces = 0, []
            while piece := gz.readline(_CHUNK):
                grown += len(piece)
                if grown > _RATIO_FROM and grown > MAX_GZIP_RATIO * raw.tell():
                    raise InputError(
                        f"{path}: gzip decompresses past {MAX_GZIP_RATIO}× its size "
                        f"({grown:,} bytes from {raw.tell():,}): refused as a decompression bomb"
                    )
                pieces.append(piece)
                if piece.endswith(b"\n"):
                    yield b"".join(pieces)
                    pieces = []
            if pieces:
                yield b"".join(pieces)
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise InputError(f"{path}: not a readable gzip file ({exc})") from None


def read_all(path: Path) -> bytes:
    """The whole file (decompressed): for the formats that are one JSON document."""
    return b"".join(lines(path)) if is_gzip(path) else path.read_bytes()


def _first_line(path: Path) -> tuple[int, bytes]:
    for lineno, line in enumerate(lines(path), 1):
        if line.strip():
            return lineno, line
    raise InputError(f"{path}: the file is empty")


def _json_lines(path: Path) -> bool:
    """Whether the file is JSON Lines for sure: its first line is whole JSON and more follows."""
    fh = lines(path)
    first = next((line for line in fh if line.strip()), None)
    if first is None or next((line for line in fh if line.strip()), None) is None:
        return False
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return True


def _whole_document(data: bytes) -> Any | None:
    """The file as one JSON document, when it is one (not JSON Lines)."""
    stripped = data.strip()
    start = stripped[:1]
    if start == b"[" or (start == b"{" and b"\n" in stripped):
        first, _, rest = stripped.partition(b"\n")
        if rest.strip():
            try:
                orjson.loads(first)
            except orjson.JSONDecodeError:
                pass
            else:
                return None  # its first line is whole JSON and more follows: JSON Lines
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            return None
    return None


def shape_format(obj: Any) -> str | None:
    """The import format a JSON value is written in, recognised by its keys."""
    if isinstance(obj, list):
        first = next((x for x in obj if isinstance(x, dict)), None)
        if first is None:
            return "mastodon"  # an empty list: no records whatever the platform
        obj = first
        if "id_str" in obj or "user" in obj:
            return "x-v1"
        if "account" in obj:
            return "mastodon"
        if "uri" in obj and str(obj.get("uri", "")).startswith("at://"):
            return "bluesky"
        return None
    if not isinstance(obj, dict):
        return None
    keys = set(obj)
    if keys & {"data", "__twarc"} or ("errors" in keys and "statuses" not in keys):
        return "auto"
    if is_empty_page(keys):
        return "auto"
    if "statuses" in keys and "search_metadata" in keys:
        return "x-v1"
    if keys & {"notification_groups", "ancestors", "descendants"}:
        return "mastodon"
    if keys & {"notifications", "thread", "feed", "posts", "records"}:
        return "bluesky"
    if str(obj.get("uri", "")).startswith("at://"):
        return "bluesky"
    if "account" in keys and keys & {"content", "type"}:
        return "mastodon"
    if "user" in keys or "id_str" in keys or {"verb", "actor", "object"} <= keys:
        return "x-v1"  # Activity Streams is X's too: its parser says it is unsupported
    if "id" in keys and keys & {"text", "author", "author_id"}:
        return "auto"  # twarc's flattened tweet
    return None


def detect_format(path: Path) -> str:
    """The format of a file, from its first record; an InputError when it is neither JSON nor
    the documented CSV."""
    lineno, line = _first_line(path)
    if header_of(line) is not None:
        return "csv-posts"
    try:
        fmt = shape_format(orjson.loads(line))
    except orjson.JSONDecodeError as exc:
        whole = _whole_document(read_all(path))
        if whole is None:
            raise InputError(
                f"{path}:{lineno}: not JSON ({exc}) nor a CSV with the documented header; "
                f"expected one of {', '.join(IMPORT_FORMATS)} (docs/sources.md)"
            ) from None
        fmt = shape_format(whole)
    # JSON of no known shape is read as X (the historical default): its records then sit in
    # quarantine with an "unknown_format" reason naming the keys found, rather than vanish.
    return fmt or "auto"


def check_file(path: Path, fmt: str | None = None) -> str:
    """Fail early, with the file and line named, on a file that cannot be an import at all.
    Returns the format the file will be read as."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    if is_gzip(path):
        for _ in lines(path):  # the whole stream once, flat: a bomb or a cut file fails here
            pass
    if fmt is None:
        return detect_format(path)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(IMPORT_FORMATS)}")
    lineno, line = _first_line(path)
    if fmt == "csv-posts":
        if header_of(line) is None:
            raise InputError(f"{path}:{lineno}: not the documented CSV header (docs/sources.md)")
        return fmt
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        if _whole_document(read_all(path)) is None:
            raise InputError(f"{path}:{lineno}: not JSON ({exc}); expected {fmt}") from None
    return fmt


class FileSource(SourceBase):
    name = "file"

    def __init__(
        self,
        paths: list[Path],
        *,
        now: datetime,
        format: str | None = None,  # noqa: A002 - the --format option
        mastodon_url: str | None = None,
    ) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self.now = now
        self.mastodon_url = mastodon_url
        self.formats = {p: check_file(p, format) for p in self.paths}

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return datetime.min.replace(tzinfo=UTC), now

    def pages(
        self, target: Target, start: datetime | None = None, end: datetime | None = None
    ) -> Iterator[RawPage]:
        # An import takes the whole file: the window only applies to sources that can query one.
        for path in self.paths:
            fmt = self.formats[path]
            if fmt == "csv-posts":
                yield from self._csv_pages(path)
            else:
                yield from self._file_pages(path, fmt)

    def _provenance(self, path: Path, fmt: str, **extra: str) -> dict[str, str]:
        prov = {"path": str(path.resolve()), "format": fmt, **extra}
        if self.mastodon_url:
            # Mastodon ids are local to an instance: the URL of a post needs to know which.
            prov["instance"] = self.mastodon_url
        return prov

    def _file_pages(self, path: Path, fmt: str) -> Iterator[RawPage]:
        ref = str(path.resolve())
        prov = self._provenance(path, fmt)

        def page(lineno: int, line: bytes) -> RawPage:
            # When the file says when it was collected (twarc's envelope), the parser uses that.
            return RawPage(
                line, self.name, f"{ref}:{lineno}", self.now, format=fmt, provenance=prov
            )

        if _json_lines(path):
            # Streamed line by line: memory stays flat however large the file.
            for lineno, line in enumerate(lines(path), 1):
                body = (line[:-1] if line.endswith(b"\n") else line).rstrip(b"\r")
                if body.strip():
                    yield page(lineno, body)
            return
        data = read_all(path)
        if _whole_document(data) is not None:
            # One JSON document spread over several lines: a single page.
            yield page(1, data)
            return
        for lineno, line in enumerate(data.split(b"\n"), 1):
            body = line.rstrip(b"\r")
            if body.strip():
                yield page(lineno, body)

    def _csv_pages(self, path: Path) -> Iterator[RawPage]:
        ref = str(path.resolve())
        rows = split_rows(lines(path))  # streamed: a CSV is never read whole
        _, header = next(rows)
        chunk: list[tuple[int, bytes]] = []

        def page() -> RawPage:
            first, last = chunk[0][0], chunk[-1][0]
            body = b"\n".join([header, *(raw for _, raw in chunk)]) + b"\n"
            prov = self._provenance(path, "csv-posts", first_line=str(first))
            return RawPage(
                body,
                self.name,
                f"{ref}:{first}-{last}",
                self.now,
                format="csv-posts",
                provenance=prov,
            )

        for row in rows:
            chunk.append(row)
            if len(chunk) >= CSV_ROWS_PER_PAGE:
                yield page()
                chunk = []
        if chunk:
            yield page()
