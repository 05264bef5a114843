"""Deterministic synthetic harassment incidents, emitted as X API v2 search pages.

Tocsin's embedded default source: it lets the pipeline run with no account and no network, and it
is the ground truth for tests and benchmarks of detection. Pages have
the wire shape of `GET /2/tweets/search/recent` with the expansions the X connector asks for, so
the same parsing code runs on synthetic and real data.

Each hour is generated from its own RNG, seeded with (seed, scenario, hour): any window of hours
yields exactly the pages of the full run for those hours, and hours can be generated in any order.
Everything an hour needs from outside itself (account pools, the target's own posts of a day, the
designating post) is derived from scenario-level or day-level seeds, never from earlier hours.

Within an hour, posts come newest first and are paged backwards, as the search endpoint does.
Duplicate emissions (the same post fetched twice) go to a second, re-fetch query at the end of
the hour, so a duplicate always sits in a later page than its first emission.

The package: ``plan`` (scenarios, windows, volumes), ``wire`` (X v2 ids, timestamps, objects),
``accounts`` (pools, the target, the designator), ``posts`` (one hour's posts and their truth),
``texts`` (templates and phrases, the data in ``phrases/*.toml``), ``pages`` and ``truth`` (the two
outputs).

Scenarios (Paris dates; windows start and end at Paris midnight):
- seed-wave    2020-01-20 -> 02-17. Designating post 01-31 19:47 (never names the target), raid
               01-31 evening to 02-04 (~6,400/day on 02-01 and 02-02, >= 80 % hostile), support
               peak 02-05 (~3,000, ~75 % supportive), baseline (~200/day) around it.
- quiet        2021-03-01 -> 04-30. Baseline only, weekly seasonality, six small news bumps.
- flash        2021-10-04 -> 11-01. ~2,100 posts, 95 % hostile, 2021-10-25 20:00-23:00, then
               nothing more than the baseline.
- slow-burn    2022-05-02 -> 06-01. From 05-23 volume grows 1.5x a day for 5 days while the
               day's hostile share climbs 8 % -> 60 %; decays over 05-28 and 05-29.
- support-wave 2022-09-05 -> 10-03. A spike on 09-26 (~2,800, ~75 % supportive) and its tail.
"""

from .pages import SyntheticPage, generate_pages
from .plan import PARIS, SCENARIOS, designating_post_id, scenario_window
from .truth import GROUND_TRUTH_SCHEMA, ground_truth

__all__ = [
    "GROUND_TRUTH_SCHEMA",
    "PARIS",
    "SCENARIOS",
    "SyntheticPage",
    "designating_post_id",
    "generate_pages",
    "ground_truth",
    "scenario_window",
]
