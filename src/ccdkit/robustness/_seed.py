"""The one place randomness enters the robustness analyses: an explicit seed."""

from __future__ import annotations

import numpy as np

__all__ = ["resolve_seed"]


def resolve_seed(seed) -> tuple[int | None, np.random.Generator]:
    """(seed to record, generator). An int seeds a new generator; a Generator is used as
    it is (its seed cannot be recorded: None); None draws a seed from the operating system
    and records it, so the run can be repeated.

    >>> resolve_seed(7)[0]
    7
    """
    if isinstance(seed, np.random.Generator):
        return None, seed
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2 ** 32))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int or a numpy Generator, got {seed!r}")
    return int(seed), np.random.default_rng(int(seed))
