"""Renderers: a :class:`~bidtool.ranking.Ranking` in, text out.

Renderers format; they never recompute a score.  Each module is one format.
"""
