"""The io layer: every input file format, read, validated and located by line.

``yaml_source`` (line-numbered YAML), ``schema`` (the pydantic file models),
``loading`` (criteria and region files, the cross-file rules), ``catalogue``
(metrics.yaml), ``scenario``, ``members`` (committee member files), ``ahp_file``,
``where`` (layer filters), ``files`` (safe reads) and
``bundled`` (the data shipped with the package).  Nothing here ranks or
measures geometry: those are pipeline steps (:mod:`bidtool.prepare`).  (AHP and
ROC level weights are still derived while a criteria or member file is parsed.)

Kept empty so that ``bidtool --help`` can import ``bidtool.io.bundled`` without
pulling in pydantic.
"""
