"""Rank-order centroid weights."""

from __future__ import annotations


def rank_order_centroid(n: int) -> list[float]:
    """w_k = (1/n) Σ_{i=k}^{n} 1/i for the criterion ranked k-th of n.

    References
    ----------
    Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked
    attribute weights. *Management Science* 42(11), 1515–1523.
    """
    return [sum(1.0 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]
