"""The result documents: what ``-f json`` prints and ``to_dict()`` returns, and the
``-f csv`` tables ``to_frame()`` gives — the contracts (DESIGN §6–§9), one module per
result.  They sit in the pipeline layer, next to the results, so a result's
``to_dict()`` / ``to_frame()`` imports nothing above it; the renderers
(:mod:`bidtool.render`) format these same documents and tables as text.
"""
