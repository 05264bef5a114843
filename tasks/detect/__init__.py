"""Wave detection: a model of each target's normal and a test for departing from it.

Posts (with the scorer's stance) → hourly series (series.py) → the normal of each hour, learnt
from the four weeks before (model.py) → departure tests (departure.py) → episodes with start,
peak, end and volumes (episodes.py) → coordination signals (signals.py) → the ``episodes`` table
(table.py). ``run.detect_target`` does it for one target at a stream time, over stored data;
``run.detect_at`` is the same thing as a pure function. docs/detection.md explains the choices.
"""

from tasks.detect.config import DetectConfig
from tasks.detect.run import Detection, detect_at, detect_range, detect_target, load_posts
from tasks.detect.table import EPISODES

__all__ = [
    "EPISODES",
    "DetectConfig",
    "Detection",
    "detect_at",
    "detect_range",
    "detect_target",
    "load_posts",
]
