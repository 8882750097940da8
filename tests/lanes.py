"""The test lanes: whether this session is the fast lane (`pytest --fast`, set by conftest), and the
Hypothesis budget of a property that names its own.

A property with its own `max_examples` overrides the loaded profile; `examples(n)` keeps it to the loaded
profile's budget in the fast lane (20 examples: the "fast" profile), so that lane runs every property at
that budget, as it says; the other lanes run `n`.
"""

from __future__ import annotations

from hypothesis import settings

FAST = False  # conftest's pytest_configure sets it for `--fast`, before any test module is imported


def examples(n: int) -> int:
    """`n` examples, or the loaded profile's number in the fast lane when that is fewer."""
    return min(n, settings.default.max_examples) if FAST else n
