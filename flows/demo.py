"""`tocsin demo`: the seed-wave incident through the real backfill flow, in a fresh data dir.

Its evidence is signed (with Tocsin's own key, outside the data root, created on first use) and
timestamped by a local RFC 3161 authority the demo starts itself: a DEMO authority, whose
certificate, manifests, digest and output all say it is not evidence. Without ``openssl`` the
demo says it could not timestamp and its manifests are honestly untimestamped.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console

from config.settings import SHIPPED_TARGETS, Settings, load_settings
from config.targets import load_targets
from flows.console import daily_table, frame_table, summaries_table
from tasks import status as st
from tasks.digest import write_demo_digest
from tasks.errors import ConfigError
from tasks.evidence import demo_tsa
from tasks.evidence.config import key_in_use
from tasks.evidence.state import evidence_state
from tasks.site import build_site
from tasks.sources import synthetic
from tasks.storage import Root, root_of
from tasks.storage.parquet import save_frame

DEMO_TARGET = "demo"
# The ISO week of the wave's two peak days (Mon 2020-01-27 → Sun 2020-02-02).
DEMO_WEEK = "2020-W05"
MARKER = ".tocsin-demo"
MARKER_TEXT = "created by `tocsin demo`; the next demo run may erase this folder\n"


def fresh_demo_dir(root: Path | Root) -> None:
    """Empty ``root`` for the demo, refusing to touch a folder that holds anything else. An
    ``s3://`` root must be empty: a demo's evidence there is COMPLIANCE-locked, never erased."""
    if isinstance(root, Root):
        if root.list():
            raise ConfigError(
                f"{root.url} already holds objects, and evidence on object storage cannot be "
                "erased (COMPLIANCE-locked); run the demo with --data-dir naming a new prefix"
            )
        root.write(MARKER, MARKER_TEXT.encode())
        return
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).exists():
            raise ConfigError(
                f"{root} already holds data that is not a demo's; "
                "run the demo with --data-dir pointing at a new folder"
            )
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(MARKER_TEXT)


@contextmanager
def demo_authority(console: Console) -> Iterator[demo_tsa.LocalTSA | None]:
    """The demo's local timestamp authority, its keys in a throwaway folder outside the data
    root (removed afterwards; only its CA certificate is kept, in the vault). None, said on the
    console, when openssl is missing."""
    if not demo_tsa.openssl_available():
        console.print(
            "[bold]Could not timestamp:[/] openssl is not installed (Debian package openssl); "
            "the demo's manifests will be UNTIMESTAMPED.",
            highlight=False,
        )
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="tocsin-demo-tsa-"))
    authority = None
    try:
        authority = demo_tsa.LocalTSA(folder / "tsa")
        console.print(
            f"Timestamps: a local [bold]DEMO[/] authority on {authority.url} "
            f"({demo_tsa.TSA_NAME}): its tokens are not evidence; a real installation sets "
            "evidence_tsa_url to a public TSA (docs/chain-of-custody.md).",
            highlight=False,
        )
        yield authority
    finally:
        if authority is not None:
            authority.close()
        shutil.rmtree(folder, ignore_errors=True)


def timestamped_by(settings: Settings, authority: demo_tsa.LocalTSA | None) -> Settings:
    """The demo run's settings: timestamped by the demo authority, or by none, never by a
    configured one (whatever the config file or the environment say); ``settings`` unchanged."""
    return settings.with_keys(
        evidence_tsa_url=authority.url if authority else None,
        evidence_tsa_ca_file=authority.ca if authority else None,
    )


def describe_evidence(root: Path, key: Any) -> list[str]:
    """What the demo's vault holds, from the vault itself."""
    st = evidence_state(root, DEMO_TARGET)
    lines = [f"{st.manifests} manifest(s) sealed, {st.signed} signed"]
    if key is not None:
        lines[0] += f" with {key.path} (Ed25519, fingerprint sha256:{key.fingerprint})"
    if st.demo_timestamped:
        lines.append(
            f"{st.demo_timestamped} timestamped by the local {demo_tsa.NOTE}: "
            "it shows how timestamps work and proves nothing"
        )
    if st.timestamped:
        lines.append(f"{st.timestamped} timestamped by a configured authority")
    untimestamped = st.manifests - st.timestamped - st.demo_timestamped
    if untimestamped:
        lines.append(f"{untimestamped} UNTIMESTAMPED")
    if st.unsealed_segments:
        lines.append(f"{st.unsealed_segments} segment(s) not sealed yet")
    return lines


def detect_and_store(root: Path, target: Any, start: Any, end: Any) -> Any:
    """Episodes over the whole incident, as `tocsin detect` finds them, kept in `episodes`."""
    from tasks.detect.config import DetectConfig
    from tasks.detect.run import detect_range, make_scorer, write_episodes

    episodes = detect_range(
        root, target, start=start, end=end, cfg=DetectConfig(), scorer=make_scorer("rules")
    )
    write_episodes(root, target.name, episodes)
    return episodes


def run_demo(*, data_dir: Path | None, seed: int, console: Console) -> dict[str, Any]:
    from flows.pipeline import backfill

    settings = load_settings(data_dir=data_dir, targets_file=SHIPPED_TARGETS)
    root = settings.data_dir
    target = load_targets(SHIPPED_TARGETS)[DEMO_TARGET]
    scenario = target.synthetic.scenario
    fresh_demo_dir(root)
    at = root_of(root).location  # a Path in a folder, an ObjectPath on s3://
    # Signed by default: the operator's key, else Tocsin's own, created now if need be (never
    # inside the data root: ensure_key refuses that).
    key = key_in_use(settings.evidence, root)
    if key is not None:
        console.print(
            ("Created the signing key " if key.created else "Signing key: ")
            + f"{key.path} (Ed25519, fingerprint sha256:{key.fingerprint})"
            + (": back it up, never into the data root" if key.created else ""),
            highlight=False,
        )

    # The answer key, for evaluation only: no part of the pipeline reads it.
    truth_path = at(f"ground_truth/{scenario}-seed{seed}.parquet")
    truth = synthetic.ground_truth(
        scenario,
        seed=seed,
        handle=target.handles.x or DEMO_TARGET,
        user_id=target.handles.x_user_id or "1000000000000000001",
    )
    save_frame(truth, truth_path)

    start, end = synthetic.scenario_window(scenario)
    with demo_authority(console) as authority:
        run_settings = timestamped_by(settings, authority)
        with console.status(f"Backfilling {scenario} ({start:%Y-%m-%d} → {end:%Y-%m-%d}) …"):
            summaries = backfill(
                target=DEMO_TARGET,
                start=start,
                end=end,
                data_dir=str(root),
                targets_file=str(SHIPPED_TARGETS),
                flow_name="demo",
                settings=run_settings,
            )
    console.print(summaries_table(summaries))
    evidence = describe_evidence(root, key)
    console.print("[bold]Evidence:[/] " + "; ".join(evidence), highlight=False)
    days = st.daily(root, DEMO_TARGET)
    console.print(
        daily_table(days, f"Daily counts for target {DEMO_TARGET!r} ({target.timezone} days)")
    )
    console.print(frame_table(st.quarantine_reasons(root, DEMO_TARGET), "Quarantine: reasons"))
    with console.status(
        "Detecting waves, writing the digest of the wave’s week and the safety-desk pages …"
    ):
        episodes = detect_and_store(root, target, start, end)
        digest = write_demo_digest(root, target, DEMO_WEEK, at(f"digests/{DEMO_TARGET}"))
        # The wave's days, not today's: the demo's posts are from 2020.
        site = build_site(root, [target], end)
    console.print(
        frame_table(
            episodes.select(
                "episode_id",
                "kind",
                "status",
                "start",
                "peak",
                "end",
                "posts",
                "hostile",
                "supportive",
                "unread",
                "threats",
            ),
            "Episodes detected (scorer's stances, never the ground truth)",
        )
    )
    run_id = summaries[0]["run_id"]
    where = [
        ("mentions (hive Parquet)", at("mentions")),
        ("quarantine, with reasons", at("quarantine")),
        ("daily aggregates", at("aggregates/daily")),
        ("run summaries", at("runs")),
        ("scores (stance, categories, reasons)", at("scores")),
        ("episodes", at("episodes")),
        ("evidence copy and sealed manifests", at("evidence")),
        (f"weekly digest {DEMO_WEEK} (open in a browser)", digest),
        ("safety-desk site (open in a browser)", site.index),
        ("validation results (great-expectations)", at(f"validation/{run_id}")),
        ("ground truth (never read by the pipeline)", truth_path),
    ]
    if key is not None:
        where.append(("signing key (outside the data root)", key.path))
    console.print("\n[bold]Where everything landed[/]")
    for label, path in where:
        console.print(f"  {label:<44} {path}", highlight=False)
    console.print(
        "\nNext: `tocsin status`, or query the tables with DuckDB or Polars (see README)."
    )
    return {
        "summaries": summaries,
        "daily": days,
        "root": root,
        "episodes": episodes,
        "digest": digest,
        "evidence": evidence,
        "signing_key": key,
    }
