"""Spatial criteria: metrics computed from site geometry and map layers.

Everything metric happens in one projected work CRS (EPSG:5179, Korea 2000 /
UTM-K, by default) — shapely is planar, and lon/lat degrees are not metres.
Only :mod:`bidtool.io.where` is light; the other modules import shapely
and pyproj, so import them inside functions that need them.
"""
