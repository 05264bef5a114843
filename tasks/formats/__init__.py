"""Wire formats → records. One parser per format, all returning the same thing.

A parser takes one raw page and returns ``Parsed``: for each record in it, the raw record bytes
(what ``raw_sha256`` hashes), the mention fields it could read, and the problems it met — never
raising on bad data. ``tasks.parse`` adds the provenance columns and builds the staging frame.
Each format is listed in ``FORMATS`` under the name a source puts in ``RawPage.format``; the
types every parser shares are in ``base``, which the parsers import (never this package).
"""

from __future__ import annotations

from tasks.formats import bluesky, csv_posts, mastodon, x_v1, x_v2
from tasks.formats.base import Context, Parsed, Parser, Record, failure

__all__ = ["FORMATS", "Context", "Parsed", "Parser", "Record", "failure"]

FORMATS: dict[str, Parser] = {
    "bluesky-records": bluesky.parse_bluesky,
    "bluesky-feed": bluesky.parse_bluesky,
    "bluesky-posts": bluesky.parse_bluesky,
    "bluesky-thread": bluesky.parse_bluesky,
    "bluesky-notifications": bluesky.parse_bluesky,
    "bluesky": bluesky.parse_bluesky,
    "mastodon-context": mastodon.parse_mastodon,
    "mastodon-notifications": mastodon.parse_mastodon,
    "mastodon-statuses": mastodon.parse_mastodon,
    "mastodon": mastodon.parse_mastodon,
    "mastodon-account": mastodon.parse_account,
    "csv-posts": csv_posts.parse_csv,
    "x-v1": x_v1.parse_x_v1,
    "x-context": x_v1.parse_x_context,
    # Any X shape, recognised page by page (v2 pages, twarc's lines and envelopes, v1.1).
    "auto": x_v2.parse_x,
}
