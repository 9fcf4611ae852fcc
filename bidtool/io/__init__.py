"""The io layer: every input file format, read, validated and located by line.

``yaml_source`` (line-numbered YAML), ``schema`` (the pydantic file models),
``loading`` (criteria and region files, the cross-file rules), ``catalogue``
(metrics.yaml), ``scenario``, ``members`` (committee member files), ``ahp_file``,
``where`` (layer filters), ``files`` (safe reads) and
``bundled`` (the data shipped with the package).  Nothing here ranks, weighs
or measures: those are pipeline steps (:mod:`bidtool.prepare`).

Kept empty so that ``bidtool --help`` can import ``bidtool.io.bundled`` without
pulling in pydantic.
"""
