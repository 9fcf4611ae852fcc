"""Column normalisations that turn a decision matrix into [0, 1] utilities.

``types`` holds +1 for a benefit column and −1 for a cost column.
"""

from __future__ import annotations

import numpy as np


def minmax(x: np.ndarray, types: np.ndarray, constant: float = 1.0) -> np.ndarray:
    """Linear min–max scaling per column (Hwang & Yoon 1981, §2.3.1):

    benefit: (x − min) / (max − min);  cost: (max − x) / (max − min).

    A constant column carries no information; every row gets ``constant``
    instead of a 0/0.
    """
    x = np.asarray(x, dtype=float)
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    span = hi - lo
    safe = np.where(span > 0, span, 1.0)
    up = (x - lo) / safe
    u = np.where(np.asarray(types) > 0, up, 1.0 - up)
    return np.where(span > 0, u, constant)
