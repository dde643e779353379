"""Shared pieces of the generators: random generator from a seed, rounding to a Likert answer,
hashable parameters for the truth caches, the size and seed of the large truth population."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from helpers._validate import HelpersError


POPULATION_N = 200_000
"""Respondents per wave of the large simulated population used for observed-scale truths."""

_POPULATION_SEED = 20_240_601


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def _likert(latent: np.ndarray, lo: int = 1, hi: int = 7) -> np.ndarray:
    """Round a latent score to the nearest answer and clip it to the scale."""
    return np.clip(np.rint(latent), lo, hi).astype(np.int64)


def _freeze(value):
    """Make a parameter hashable for the truth cache."""
    if isinstance(value, Mapping):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _unfreeze(frozen):
    if isinstance(frozen, tuple) and all(isinstance(x, tuple) and len(x) == 2
                                         and isinstance(x[0], str) for x in frozen):
        return {k: _unfreeze(v) for k, v in frozen}
    return frozen


def merge_params(defaults: Mapping, kwargs: Mapping, *, nested: tuple[str, ...] = ()) -> dict:
    """The generator's defaults updated with ``kwargs``; an unknown name is an error.

    Keys in ``nested`` hold dicts that are merged one level deep (so a caller can change one
    dimension's value without repeating the others).

    >>> merge_params({"a": 1, "b": {"x": 1, "y": 2}}, {"b": {"y": 5}}, nested=("b",))
    {'a': 1, 'b': {'x': 1, 'y': 5}}
    """
    unknown = set(kwargs) - set(defaults)
    if unknown:
        raise HelpersError(f"未知参数 (unknown parameter(s)): {sorted(unknown)}")
    params = {**defaults, **kwargs}
    for key in nested:
        params[key] = {**defaults[key], **kwargs.get(key, {})}
    return params
