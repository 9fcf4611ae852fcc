"""SMAA-2: stochastic multicriteria acceptability analysis (Lahdelma & Salminen 2001).

Weights (and, optionally, the regions' figures) are drawn at random many
times; for every draw the regions are ranked.  Reported per region:

- rank-acceptability index b_i^r — the share of draws in which region i is
  ranked r (b_i^1 is the probability of being first);
- central weight vector w_i^c — the mean of the weights for which i is
  first: the "typical" preferences that make it win (undefined, ``None``,
  if it never is);
- confidence factor p_i^c — the probability that i is first when the
  weights are its central weights and only the data vary (1 or 0 when the
  data are taken as exact).

Draws are processed in chunks, so memory stays bounded for any number of
samples, and every chunk is vectorised.  The same seed gives the same bytes.

References
----------
Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria
acceptability analysis for group decision making. *Operations Research*
49(3), 444–454.  Tervonen, T. & Figueira, J. R. (2008). A survey on
stochastic multicriteria acceptability analysis methods. *J. Multi-Criteria
Decision Analysis* 15, 1–14.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from bidtool.errors import InputError
from bidtool.model import Criterion, Metric, Uncertainty
from bidtool.ranks import rank_matrix
from bidtool.sensitivity.scorer import Scorer

if TYPE_CHECKING:
    from bidtool.io.bands import Bands

WeightModel = Literal["uniform", "dirichlet", "ranges", "bands"]
CHUNK = 65_536
"""Draws per chunk: 64k × 15 weights is ~8 MB."""
CHUNK_CELLS = 4_194_304
"""Draws × regions per chunk at most (2,000 regions: 2,097 draws, ~32 MB of scores)."""
SAMPLES_CAP = 1_000_000
"""Above this many draws the CLI asks for --allow-large-samples (and says how long it would take)."""
DEFAULT_SPREAD = 0.10
"""``--data-uncertainty``: an estimate without its own uncertainty varies ±10 % (uniform)."""

Progress = Callable[[int], None]


@dataclass(frozen=True)
class SmaaResult:
    ids: tuple[str, ...]
    samples: int
    seed: int
    weights: str
    acceptability: np.ndarray  # m × m: [region, rank − 1]
    central: np.ndarray  # m × n (NaN rows: never first)
    confidence: np.ndarray  # m (NaN: never first)
    data_uncertain: tuple[tuple[str, str], ...]  # (region id, metric) pairs that varied
    unknowns_drawn: tuple[tuple[str, str], ...] = ()  # unknown figures drawn (--unknowns)
    bands: Bands | None = None  # --bands FILE: the admissible weights drawn from
    bands_shift: str | None = None  # which exact sampler drew them ("lower"/"upper" shift)

    @property
    def p_first(self) -> np.ndarray:
        return self.acceptability[:, 0]


# ------------------------------------------------------------------ weights


def sample_uniform(rng: np.random.Generator, k: int, n: int) -> np.ndarray:
    """Uniform on the simplex: normalised unit exponentials (= Dirichlet(1, …, 1))."""
    e = rng.standard_exponential((k, n))
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def sample_dirichlet(
    rng: np.random.Generator, k: int, weights: np.ndarray, concentration: float
) -> np.ndarray:
    """Dirichlet with mean ``weights`` and α = concentration · w (zero weights stay zero).

    Each weight's variance is w(1 − w)/(concentration + 1): the larger the
    concentration, the closer draws stay to the declared weights.
    """
    w = np.asarray(weights, dtype=float)
    live = w > 0
    g = rng.standard_gamma(concentration * w[live], size=(k, int(live.sum())))
    out = np.zeros((k, len(w)))
    out[:, live] = g / g.sum(axis=1, keepdims=True)
    return out


def sample_ranges(
    rng: np.random.Generator, k: int, roots: Sequence[Criterion], leaf_ids: Sequence[str]
) -> np.ndarray:
    """Per-node weights uniform in their ``weight_range`` (others fixed), normalised per level.

    Global leaf weights are the products of the normalised shares down the
    tree, exactly as for declared weights.
    """
    pos = {lid: j for j, lid in enumerate(leaf_ids)}
    out = np.zeros((k, len(leaf_ids)))

    def visit(nodes: Sequence[Criterion], share: np.ndarray) -> None:
        raw = np.empty((k, len(nodes)))
        for c, node in enumerate(nodes):
            if node.weight_range is not None:
                lo, hi = node.weight_range
                raw[:, c] = rng.uniform(lo, hi, k)
            else:
                raw[:, c] = node.weight
        total = raw.sum(axis=1, keepdims=True)
        part = share[:, None] * raw / np.where(total > 0, total, 1.0)
        for c, node in enumerate(nodes):
            if node.children:
                visit(node.children, part[:, c])
            else:
                out[:, pos[node.id]] = part[:, c]

    visit(roots, np.ones(k))
    return out


# --------------------------------------------------------------------- data


def distribution(m: Metric) -> Uncertainty | None:
    """How a metric's value varies: its declared ``uncertainty``, ±10 % uniform for an
    estimate, or None when it is taken as exact (or is not a number)."""
    v = m.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    if m.uncertainty is not None:
        return m.uncertainty
    if m.status == "estimate":
        lo, hi = sorted((v * (1 - DEFAULT_SPREAD), v * (1 + DEFAULT_SPREAD)))
        return Uncertainty("uniform", lo, hi)
    return None


class DataSampler:
    """Draws the eligible regions' raw values according to their distributions."""

    def __init__(self, scorer: Scorer) -> None:
        self.base = scorer.eligible_values()  # NaN where unknown or categorical
        self.specs: list[tuple[int, int, float, Uncertainty]] = []
        regions = [scorer.inputs.regions[i] for i in scorer.index]
        for j, leaf in enumerate(scorer.leaves):
            for i, region in enumerate(regions):
                dist = distribution(region.metric(leaf.metric))
                if dist is not None and not np.isnan(self.base[i, j]):
                    self.specs.append((i, j, float(self.base[i, j]), dist))
        self.varied = tuple((regions[i].id, scorer.leaves[j].metric) for i, j, _, _ in self.specs)

    def __bool__(self) -> bool:
        return bool(self.specs)

    def draw(self, rng: np.random.Generator, k: int) -> np.ndarray:
        out = np.broadcast_to(self.base, (k, *self.base.shape)).copy()
        for i, j, value, d in self.specs:
            lo = -np.inf if d.low is None else d.low
            hi = np.inf if d.high is None else d.high
            if d.type == "uniform":
                out[:, i, j] = rng.uniform(lo, hi, k)
            elif d.type == "triangular":
                mode = value if d.mode is None else d.mode
                out[:, i, j] = lo if lo == hi else rng.triangular(lo, mode, hi, k)
            else:
                assert d.sd is not None  # the schema requires sd for a normal
                out[:, i, j] = np.clip(rng.normal(value, d.sd, k), lo, hi)
        return np.asarray(out)


class UnknownSampler:
    """``--unknowns``: each unknown figure's utility uniform in [0, 1], drawn per sample.

    Utility 1 is the best its leaf can score (a value function's 1; the best figure
    known among the regions on a leaf without one), 0 the worst — the range
    ``bidtool unknowns`` uses.  Known figures keep their utilities.
    """

    def __init__(self, scorer: Scorer) -> None:
        self.scorer = scorer
        self.mask = scorer.dm.missing[scorer.eligible]  # m × n, eligible rows
        regions = [scorer.inputs.regions[i] for i in scorer.index]
        self.drawn = tuple(
            (regions[i].id, scorer.leaves[j].metric) for i, j in zip(*np.nonzero(self.mask))
        )
        raw = np.where(self.mask, np.nan, scorer.dm.values[scorer.eligible])
        with np.errstate(all="ignore"):
            self.lo = np.nanmin(np.where(np.isnan(raw), np.inf, raw), axis=0)
            self.hi = np.nanmax(np.where(np.isnan(raw), -np.inf, raw), axis=0)

    def __bool__(self) -> bool:
        return bool(self.mask.any())

    def rows(self) -> int:
        """Draws per chunk that keep a k × m × n utility array near 32 MB."""
        return max(1, min(CHUNK, 4_000_000 // max(1, int(self.mask.size))))

    def scores(self, rng: np.random.Generator, w: np.ndarray) -> np.ndarray:
        """Scores (k × m) for weights ``w`` (k × n, or one vector), unknowns drawn per row."""
        sc = self.scorer
        ws = np.atleast_2d(np.asarray(w, dtype=float))
        k = len(ws)
        draws = rng.random((k, int(self.mask.sum())))
        if sc.mcda.additive:
            u = np.broadcast_to(sc.utilities, (k, *sc.utilities.shape)).copy()
            u[:, self.mask] = draws
            return sc.rescore(ws, u, sc.x)
        vf = sc.dm.has_vf
        with np.errstate(all="ignore"):
            finite = np.isfinite(self.hi - self.lo)
        span = np.where(finite, self.hi - self.lo, 0.0)
        cols = np.nonzero(self.mask)[1]
        relative = ~vf[cols] & finite[cols]
        guess = np.where(
            sc.types[cols] > 0, self.lo[cols] + draws * span[cols], self.hi[cols] - draws * span[cols]
        )
        x = np.broadcast_to(sc.x, (k, *sc.x.shape)).copy()
        x[:, self.mask] = np.where(vf[cols], draws, np.where(relative, guess, sc.x[self.mask]))
        return sc.rescore(ws, sc.utilities, x)


# --------------------------------------------------------------------- SMAA


def smaa(
    scorer: Scorer,
    samples: int,
    seed: int,
    weights: WeightModel = "uniform",
    concentration: float = 100.0,
    data_uncertainty: bool = False,
    progress: Progress | None = None,
    chunk: int = CHUNK,
    unknowns: bool = False,
    bands: Bands | None = None,
) -> SmaaResult:
    """SMAA-2 rank acceptabilities, central weights and confidence factors.

    ``weights="bands"`` (with ``bands``): the weights of the groups (opened into
    their parts where a band lies below the top level) uniform on the bands'
    polytope, drawn exactly (:mod:`bidtool.sensitivity.bands`; Tervonen &
    Lahdelma 2007), leaves keeping their shares of their unit.

    ``unknowns``: every unknown figure's utility is drawn uniformly in [0, 1]
    in each sample (not with ``data_uncertainty``), so P(first) reflects what
    nobody knows rather than the ``missing`` policy.
    """
    m, n = len(scorer.ids), len(scorer.leaves)
    if unknowns and data_uncertainty:
        raise ValueError("unknowns and data_uncertainty cannot be drawn together yet")
    unk = UnknownSampler(scorer) if unknowns else None
    unk = unk if unk else None
    if unk is not None:
        chunk = min(chunk, unk.rows())
    crit = scorer.inputs.criteria
    if weights == "ranges" and not any(c.weight_range for c in crit.iter_nodes()):
        raise InputError.single(
            crit.path,
            "--weights ranges needs a weight_range: [low, high] on at least one criterion",
            path="criteria",
        )
    rng = np.random.default_rng(seed)
    banded = None
    if weights == "bands":
        from bidtool.sensitivity.bands import BandWeights

        if bands is None:
            raise ValueError('weights="bands" needs bands=load_bands(FILE, criteria)')
        banded = BandWeights(scorer, bands, rng)
    chunk = min(chunk, max(1_024, CHUNK_CELLS // max(m, 1)))  # many regions: smaller chunks
    sampler = DataSampler(scorer) if data_uncertainty else None
    data = sampler if sampler else None  # nothing uncertain: exact data
    counts = np.zeros((m, m), dtype=np.int64)
    wsum = np.zeros((m, n))
    leaf_ids = [leaf.id for leaf in scorer.leaves]
    higher = scorer.higher_is_better
    done = 0
    while done < samples:
        k = min(chunk, samples - done)
        if weights == "uniform":
            w = sample_uniform(rng, k, n)
        elif weights == "dirichlet":
            w = sample_dirichlet(rng, k, scorer.weights, concentration)
        elif banded is not None:
            w = banded.draw(rng, k)
        else:
            w = sample_ranges(rng, k, crit.criteria, leaf_ids)
        if unk is not None:
            scores = unk.scores(rng, w)
        else:
            scores = scorer.batch_scores(data.draw(rng, k), w) if data else scorer.scores(w)
        ranks = rank_matrix(scores, higher)
        # counts[i, r − 1] += #draws where i has rank r
        flat = (np.arange(m)[None, :] * m + ranks - 1).ravel()
        counts += np.bincount(flat, minlength=m * m).reshape(m, m)
        first = (ranks == 1).astype(float)
        wsum += first.T @ w
        done += k
        if progress is not None:
            progress(k)
    acc = counts / samples if samples else np.zeros((m, m))
    n_first = counts[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = np.where(n_first[:, None] > 0, wsum / n_first[:, None], np.nan)
    confidence = _confidence(scorer, central, data, rng, samples, chunk, unk)
    return SmaaResult(
        scorer.ids,
        samples,
        seed,
        weights,
        acc,
        central,
        confidence,
        data.varied if data is not None else (),
        unk.drawn if unk is not None else (),
        bands if banded is not None else None,
        banded.sampler.shift if banded is not None else None,
    )


def _confidence(
    scorer: Scorer,
    central: np.ndarray,
    data: DataSampler | None,
    rng: np.random.Generator,
    samples: int,
    chunk: int,
    unk: UnknownSampler | None = None,
) -> np.ndarray:
    """p_i^c: how often i is first with its central weights, over the data's uncertainty
    (or over the unknown figures' draws)."""
    m = len(scorer.ids)
    out = np.full(m, np.nan)
    higher = scorer.higher_is_better
    for i in range(m):
        if np.isnan(central[i]).any():
            continue
        if unk is not None:
            hits = done = 0
            while done < samples:
                k = min(chunk, samples - done)
                w = np.broadcast_to(central[i], (k, len(central[i])))
                hits += int((rank_matrix(unk.scores(rng, w), higher)[:, i] == 1).sum())
                done += k
            out[i] = hits / samples
            continue
        if data is None:
            out[i] = float(rank_matrix(scorer.scores(central[i]), higher)[0, i] == 1)
            continue
        hits = 0
        done = 0
        while done < samples:
            k = min(chunk, samples - done)
            ranks = rank_matrix(scorer.batch_scores(data.draw(rng, k), central[i]), higher)
            hits += int((ranks[:, i] == 1).sum())
            done += k
        out[i] = hits / samples
    return out


def estimate(
    scorer: Scorer,
    samples: int,
    weights: WeightModel = "uniform",
    concentration: float = 100.0,
    data_uncertainty: bool = False,
    pilot: int = 2_000,
    bands: Bands | None = None,
) -> tuple[float, int]:
    """Seconds and peak bytes :func:`smaa` would take for ``samples`` draws on this machine.

    Times a pilot run and scales it linearly (the work is per draw); memory
    does not grow with ``samples`` (draws go in chunks of :data:`CHUNK`), so it
    is the chunk's working set plus the m × m acceptability counts.
    """
    import time

    k = max(1, min(samples, pilot))
    start = time.perf_counter()
    smaa(scorer, k, 1, weights, concentration, data_uncertainty, bands=bands)
    seconds = (time.perf_counter() - start) * samples / k
    m, n = len(scorer.ids), len(scorer.leaves)
    chunk = min(CHUNK, max(1_024, CHUNK_CELLS // max(m, 1)), samples)
    per_draw = 8 * (6 * m + 2 * n) + (24 * m * n if data_uncertainty else 0)
    return seconds, chunk * per_draw + 16 * m * m + 8 * m * n
