"""The weekly digest: one email per target and recipient that says what happened, shows the
chart, lists the messages that matter with their evidence hashes, and says what Tocsin could not
see.

data.py reads the tables, summary.py computes (pure), view.py + sections.py + compose.py
render (the only place attacker text meets markup, always as untrusted.py's ``Untrusted``; the
words come from tasks/i18n) and build the message, send.py delivers it once, build.py ties
them together for the flow (flows/digest.py), the CLI (flows/cli/digest.py) and the demo.
"""

from tasks.digest.build import (
    Prepared,
    build_digest,
    default_out_dir,
    html_path,
    prepare,
    write_demo_digest,
    write_digest,
    write_files,
)
from tasks.digest.errors import DigestError
from tasks.digest.send import Outgoing, already_sent, deliver, is_transient
from tasks.digest.settings import DigestSettings
from tasks.digest.week import IsoWeek

__all__ = [
    "DigestError",
    "DigestSettings",
    "IsoWeek",
    "Outgoing",
    "Prepared",
    "already_sent",
    "build_digest",
    "default_out_dir",
    "html_path",
    "deliver",
    "is_transient",
    "prepare",
    "write_demo_digest",
    "write_digest",
    "write_files",
]
