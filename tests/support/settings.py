"""Counting how many times the settings are built (each command builds them once)."""

from __future__ import annotations

from pathlib import Path

import pytest

import config.settings as settings_module


def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str | Path | None]:
    """Every load_settings from now on, one entry each: each resolves its config file once,
    through the module's ``resolve_config_file``, which this wraps."""
    loads: list[str | Path | None] = []
    real = settings_module.resolve_config_file

    def counted(explicit: str | Path | None = None) -> Path | None:
        loads.append(explicit)
        return real(explicit)

    monkeypatch.setattr(settings_module, "resolve_config_file", counted)
    return loads
