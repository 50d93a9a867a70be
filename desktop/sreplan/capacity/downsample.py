"""Thin a long series for display: the minimum and maximum of each time bucket.

Peaks survive (a capacity chart must never hide the spike that matters), and
the result is at most twice the bucket count, whatever the input length.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sreplan.capacity.seasonal import FloatArray, IntArray


def min_max_downsample(times: FloatArray, values: FloatArray,
                       buckets: int = 1000) -> tuple[FloatArray, FloatArray]:
    n = len(times)
    if n <= 2 * buckets:
        return times, values
    edges = np.linspace(times[0], times[-1], buckets + 1)
    starts = np.unique(np.searchsorted(times, edges[:-1], side="left"))
    starts = starts[starts < n]
    lows = np.minimum.reduceat(values, starts)
    highs = np.maximum.reduceat(values, starts)
    # Put each bucket's min and max at the times they occurred, in time order.
    widths = np.diff(np.append(starts, n))
    bucket = np.repeat(np.arange(len(starts)), widths)
    low_at = _first_where(values == lows[bucket], bucket)
    high_at = _first_where(values == highs[bucket], bucket)
    first = np.minimum(low_at, high_at)
    second = np.maximum(low_at, high_at)
    first_is_low = low_at <= high_at
    out_t = np.empty(2 * len(starts))
    out_v = np.empty(2 * len(starts))
    out_t[0::2], out_t[1::2] = times[first], times[second]
    out_v[0::2] = np.where(first_is_low, lows, highs)
    out_v[1::2] = np.where(first_is_low, highs, lows)
    return out_t, out_v


def _first_where(hit: npt.NDArray[np.bool_], bucket: npt.NDArray[np.int64]) -> IntArray:
    """Index of the first hit in each bucket (every bucket has one)."""
    positions = np.nonzero(hit)[0]
    _, first = np.unique(bucket[positions], return_index=True)
    return np.asarray(positions[first], dtype=np.int64)
