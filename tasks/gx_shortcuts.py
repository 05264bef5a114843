"""Two of great-expectations' internals answered faster for the length of one validation of ours
(tasks.gx_suite runs every validation inside ``shortcuts()``); outside one, in any thread, GX
behaves as shipped. Both were found by profiling the suite's validation, whose fixed cost
(~120 ms on GX 1.24.1, whatever the rows) every target pays once a run; each is pinned by
tests/test_gx_workarounds.py and the validation's result by tests/test_gx_suite.py, which
compares it with ``ValidationDefinition.run``.

- ``Expectation.configuration`` kept per expectation: GX rebuilds it (a pydantic ``dict()``, a
  new configuration) each time it reads one keyword, ~1,900 times a validation of the suite,
  ~40 % of its fixed cost. GX builds the expectations it runs from their configurations at the
  start of a validation and does not change them during it (it copies one before changing it).
- The ids of metric configurations (``IDDict.to_id``: an MD5 of the JSON of the metric's
  keyword arguments, ~1,200 a validation) made JSON-ready by a path for the plain values they
  hold (``json_ready``: ``str``, ``int``, ``bool``, ``None``, ``float``, and ``dict``, ``list``
  and ``tuple`` of them, by exact type), which gives what GX's ``convert_to_json_serializable``
  gives for them; anything else is handed to GX's. GX's tries ~25 ``isinstance`` and numpy
  ``issubdtype`` tests before it reaches ``None``: a fifth of a validation of 24k rows.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from typing import Any

# The configurations built so far in this thread's validation, by expectation (kept alive with
# it, so that an id is not reused); None outside one: GX's own behaviour.
KEPT: contextvars.ContextVar[dict[int, tuple[Any, Any]] | None] = contextvars.ContextVar(
    "tocsin_gx_configurations", default=None
)


@contextlib.contextmanager
def shortcuts() -> Iterator[None]:
    """Within: both shortcuts (see the module's docstring), in this thread's context only."""
    _install()
    token = KEPT.set({})
    try:
        yield
    finally:
        KEPT.reset(token)


@functools.cache
def _install() -> None:
    from great_expectations.core import id_dict
    from great_expectations.expectations.expectation import Expectation

    build = Expectation.configuration.fget

    def configuration(self: Any) -> Any:
        kept = KEPT.get()
        if kept is None:
            return build(self)
        hit = kept.get(id(self))
        if hit is None or hit[0] is not self:
            hit = kept[id(self)] = (self, build(self))
        return hit[1]

    Expectation.configuration = property(configuration, doc=build.__doc__)

    gx_json = id_dict.convert_to_json_serializable

    def to_json(data: Any) -> Any:
        return gx_json(data) if KEPT.get() is None else json_ready(data, gx_json)

    id_dict.convert_to_json_serializable = to_json


def json_ready(data: Any, fallback: Any) -> Any:
    """``fallback(data)`` (GX's ``convert_to_json_serializable``), the same answer sooner for
    plain values: each value of an exact type below as GX returns it (a NaN float: None; a
    dict's keys: ``str``), anything else (an enum, a numpy scalar, a subclass) by ``fallback``."""
    kind = type(data)
    if kind is str or kind is int or kind is bool or data is None:
        return None if data != data else data
    if kind is float:
        return None if data != data else data
    if kind is dict:
        return {str(k): json_ready(v, fallback) for k, v in data.items()}
    if kind is list or kind is tuple:
        return [json_ready(v, fallback) for v in data]
    return fallback(data)
