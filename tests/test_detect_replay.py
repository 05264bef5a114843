"""What a watch run pulls, and how a replay steps through a scenario."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tasks.detect.replay import answer_key, replay_plan
from tasks.detect.run import pull_window


class FakeSource:
    name = "fake"

    def available(self, now: datetime) -> tuple[datetime, datetime]:
        return datetime(2021, 10, 4, tzinfo=UTC), min(now, datetime(2021, 11, 1, tzinfo=UTC))


NOW = datetime(2021, 10, 25, 19, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("watermark", "now", "expected"),
    [
        pytest.param(None, NOW, (datetime(2021, 10, 4, tzinfo=UTC), datetime(2021, 10, 25, 19, tzinfo=UTC)), id="first-run-capped-by-source"),
        pytest.param(datetime(2021, 10, 25, 18, tzinfo=UTC), NOW, (datetime(2021, 10, 25, 18, tzinfo=UTC), datetime(2021, 10, 25, 19, tzinfo=UTC)), id="whole-hours-only"),
        pytest.param(datetime(2021, 10, 25, 19, tzinfo=UTC), NOW, (datetime(2021, 10, 25, 19, tzinfo=UTC),) * 2, id="nothing-new-mid-hour"),
        pytest.param(None, datetime(2021, 11, 20, tzinfo=UTC), (datetime(2021, 10, 10, tzinfo=UTC), datetime(2021, 11, 1, tzinfo=UTC)), id="first-run-lookback"),
    ],
)  # fmt: skip
def test_pull_window(
    watermark: datetime | None, now: datetime, expected: tuple[datetime, datetime]
) -> None:
    assert pull_window(FakeSource(), watermark, now, first_pull_days=22) == expected


def test_replay_steps_hour_by_hour_through_the_event_days_only() -> None:
    plan = replay_plan("flash", 0)
    assert plan.bootstrap_at == datetime(2021, 10, 24, 22, tzinfo=UTC)  # Paris midnight
    assert plan.steps[0] == plan.bootstrap_at + timedelta(hours=1)
    assert len(plan.steps) == 48 and plan.steps[-1] == datetime(2021, 10, 26, 22, tzinfo=UTC)
    assert all(
        b - a == timedelta(hours=1) for a, b in zip(plan.steps, plan.steps[1:], strict=False)
    )


def test_answer_key_onset_of_flash() -> None:
    key = answer_key("flash", 0)
    assert key.onset == datetime(2021, 10, 25, 18, tzinfo=UTC)  # 20:00 in Paris
    assert key.support_start is None
