"""Method timings on 100,000 regions × 10 criteria, next to plain-numpy references.

    python benchmarks/methods.py

Each bidtool method is timed beside a straightforward numpy implementation of
the same formula in the same process (best of 3), and the ratio printed.
PROMETHEE II (linear preference) is timed on its own: the pairwise reference
would need a 100,000² table, so it is checked against the direct form on a
2,000-row slice instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from bidtool.methods.promethee import PreferenceFunction, promethee2, promethee2_direct
from bidtool.methods.topsis import topsis
from bidtool.methods.vikor import vikor
from bidtool.methods.wpm import wpm
from bidtool.methods.wsm import wsm

M, N = 100_000, 10


def best(fn: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def ref_wsm(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return x @ w


def ref_wpm(x: np.ndarray, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    r = np.where(t > 0, x / x.max(0), x.min(0) / x)
    return np.prod(r**w, axis=1)


def ref_topsis(x: np.ndarray, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    v = w * x / np.linalg.norm(x, axis=0)
    a = np.where(t > 0, v.max(0), v.min(0))
    b = np.where(t > 0, v.min(0), v.max(0))
    dp = np.linalg.norm(v - a, axis=1)
    dn = np.linalg.norm(v - b, axis=1)
    return dn / (dp + dn)


def ref_vikor(x: np.ndarray, w: np.ndarray, t: np.ndarray) -> np.ndarray:
    f1 = np.where(t > 0, x.max(0), x.min(0))
    f2 = np.where(t > 0, x.min(0), x.max(0))
    g = w * (f1 - x) / (f1 - f2)
    s, r = g.sum(1), g.max(1)
    return 0.5 * (s - s.min()) / np.ptp(s) + 0.5 * (r - r.min()) / np.ptp(r)


def main() -> None:
    rng = np.random.default_rng(42)
    x = rng.uniform(1, 100, (M, N))
    w = rng.uniform(1, 10, N)
    w /= w.sum()
    t = np.where(np.arange(N) % 3 == 0, -1.0, 1.0)
    rows = [
        ("wsm", lambda: wsm(x, w), lambda: ref_wsm(x, w)),
        ("wpm", lambda: wpm(x, w, t), lambda: ref_wpm(x, w, t)),
        ("topsis", lambda: topsis(x, w, t), lambda: ref_topsis(x, w, t)),
        ("vikor", lambda: vikor(x, w, t), lambda: ref_vikor(x, w, t)),
    ]
    print(f"{M:,} regions × {N} criteria, best of 3")
    print(f"{'method':12} {'bidtool':>10} {'reference':>10} {'ratio':>7}")
    for name, ours, ref in rows:
        a, b = best(ours), best(ref)
        print(f"{name:12} {a * 1000:8.1f}ms {b * 1000:8.1f}ms {a / b:7.2f}")
    prefs = [PreferenceFunction("linear", 5.0, 30.0)] * N
    p = best(lambda: promethee2(x, w, t, prefs))
    print(f"{'promethee2':12} {p * 1000:8.1f}ms {'(linear, O(m·n log n); target < 2 s)':>10}")
    small = x[:2000]
    fast, slow = promethee2(small, w, t, prefs), promethee2_direct(small, w, t, prefs)
    print(
        f"promethee2 fast vs direct on 2,000 rows: max |Δφ| = "
        f"{np.abs(fast.net - slow.net).max():.2e}"
    )


if __name__ == "__main__":
    main()
