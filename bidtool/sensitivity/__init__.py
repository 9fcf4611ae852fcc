"""How robust a ranking is, and what it would take to change it.

- :mod:`.scorer` — scores for many weight vectors (or perturbed data) at once;
- :mod:`.sweep` — one-at-a-time weight sweeps and critical weights;
- :mod:`.smaa` — SMAA-2 Monte Carlo over weights and data;
- :mod:`.gap` — the smallest change that lifts a region to a target rank.
"""
