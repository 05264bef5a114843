"""The evidence vault: raw pages kept as received, sealed per run, verifiable by a third party.

The integration points the ingestion flows call (plain functions, no Prefect):

* ``keep_pages(pages, root, run_id, target)``: write each page into the append-only evidence copy
  and yield it unchanged, once it is safely on disk;
* ``seal_run(root, run_id, target, *, signing_key, tsa_url, now)``: seal what was kept and not yet
  sealed into a signed, timestamped manifest chained to the previous one.

``verify_evidence`` checks it all again, ``export_bundle`` builds the investigator's bundle,
``recheck`` records what became of the posts on their platforms. See docs/chain-of-custody.md.
"""

from tasks.evidence.keep import keep_pages
from tasks.evidence.manifest import EvidenceError
from tasks.evidence.retry import retry_timestamps
from tasks.evidence.seal import SealResult, seal_pending, seal_report, seal_run
from tasks.evidence.verify import VerifyReport, report_lines, verify_evidence

__all__ = [
    "EvidenceError",
    "SealResult",
    "VerifyReport",
    "keep_pages",
    "report_lines",
    "retry_timestamps",
    "seal_pending",
    "seal_report",
    "seal_run",
    "verify_evidence",
]
