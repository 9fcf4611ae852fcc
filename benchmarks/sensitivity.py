"""SMAA-2 with 1,000,000 weight samples on 5 regions × 15 criteria, next to plain numpy.

    python benchmarks/sensitivity.py [--samples 1000000] [--rounds 3]

Both sides draw uniform weights on the simplex from the same seed, score by
the weighted sum, rank, and accumulate rank acceptabilities and central
weights.  The reference is the straightforward version: draw everything at
once, argsort twice for ranks, a Python loop over regions for the central
weights.  Times are best of ``--rounds`` in the same process; peak memory is
measured with tracemalloc (numpy reports its buffers to it) for each side.
The two results are checked to agree.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bidtool.sensitivity.scorer import Scorer
from bidtool.sensitivity.smaa import smaa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests/
from tests.sensitivity.helpers import make_inputs

M, N = 5, 15


def reference(u: np.ndarray, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    e = rng.standard_exponential((samples, N))
    w = e / e.sum(axis=1, keepdims=True)
    scores = w @ u.T
    order = np.argsort(-scores, axis=1)
    ranks = np.argsort(order, axis=1) + 1
    acc = np.zeros((M, M))
    central = np.zeros((M, N))
    for i in range(M):
        for r in range(1, M + 1):
            acc[i, r - 1] = np.mean(ranks[:, i] == r)
        first = ranks[:, i] == 1
        central[i] = w[first].mean(axis=0) if first.any() else np.nan
    return acc, central


def measure(fn: Callable[[], object], rounds: int) -> tuple[float, float, object]:
    best = float("inf")
    out: object = None
    for _ in range(rounds):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 2**20, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (M, N))
    w = rng.uniform(1, 10, N)
    scorer = Scorer.build(make_inputs(x, w / w.sum()))
    u = scorer.utilities
    ours_t, ours_mb, ours = measure(lambda: smaa(scorer, args.samples, seed=5), args.rounds)
    ref_t, ref_mb, ref = measure(lambda: reference(u, args.samples, 5), args.rounds)
    acc, _ = ref  # type: ignore[misc]
    agree = np.abs(ours.acceptability - acc).max()  # type: ignore[attr-defined]
    print(f"SMAA-2, {args.samples:,} uniform weight samples, {M} regions × {N} criteria")
    print(f"{'':10} {'time':>9} {'peak MB':>9}")
    print(f"{'bidtool':10} {ours_t:8.3f}s {ours_mb:9.1f}")
    print(f"{'reference':10} {ref_t:8.3f}s {ref_mb:9.1f}")
    print(
        f"ratio bidtool/reference: {ours_t / ref_t:.2f} (target ≤ 1.00); "
        f"bidtool < 2 s: {ours_t < 2}; peak < 500 MB: {ours_mb < 500}"
    )
    print(f"max |Δ acceptability| vs reference: {agree:.2e}")


if __name__ == "__main__":
    main()
