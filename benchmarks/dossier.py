"""The demo's episode dossier: time and size of `tocsin dossier` on ~11,000 hostile posts.

    python -m benchmarks.dossier                      # runs the demo into a temp dir first
    python -m benchmarks.dossier --data-dir DIR       # an existing demo data dir
    python -m benchmarks.dossier --author hugo_brown60

Goal (issue 15): the episode dossier of the demo (11,000 hostile posts) in 60 s or less. Prints
the wall time of each step (select, export of the bundle, view model, render + PDF write), the
pages, the PDF's size and peak RSS, and whether the goal is met. Figures, never asserted.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

GOAL_SECONDS = 60.0


def _demo(folder: Path) -> Path:
    data = folder / "demo-data"
    subprocess.run(
        [sys.executable, "-m", "flows.cli", "demo", "--data-dir", str(data)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return data


def main(argv: list[str] | None = None) -> dict[str, object]:
    from config.settings import load_settings
    from config.targets import load_targets
    from tasks.dossier import Selection, detect_config, write_dossier

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--author", default=None)
    ap.add_argument("--episode", default=None)
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or _demo(Path(tmp))
        settings = load_settings(None, data_dir=data)
        target = load_targets(settings.targets_file)["demo"]
        out = args.out or Path(tmp) / "dossier.pdf"
        out.unlink(missing_ok=True)
        t0 = time.perf_counter()
        r = write_dossier(
            data,
            target,
            out,
            Selection(episode=args.episode, author=args.author),
            lang=args.lang,
            now=datetime.now(UTC),
            detect=detect_config(settings),
        )
        wall = time.perf_counter() - t0
        size = out.stat().st_size
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    met = wall <= GOAL_SECONDS
    print(f"dossier of target demo ({'author ' + args.author if args.author else 'episodes'})")
    print(
        f"  posts in scope {r.posts:,}; in full {r.shown:,}; threats {r.threats:,}; accounts {r.accounts:,}"
    )
    for step, secs in r.timings.items():
        print(f"  {step:<8} {secs:7.1f} s")
    print(
        f"  total    {wall:7.1f} s; {r.pages:,} pages ({wall / max(r.pages, 1) * 1000:.0f} ms a page)"
    )
    print(f"  PDF {size / 1e6:.1f} MB; peak RSS {rss:,.0f} MB")
    if not args.author:
        print(
            f"  goal: the episode dossier in <= {GOAL_SECONDS:.0f} s -> {'met' if met else 'NOT met'}"
        )
    return {"seconds": wall, "pages": r.pages, "timings": r.timings, "met": met}


if __name__ == "__main__":
    main()
