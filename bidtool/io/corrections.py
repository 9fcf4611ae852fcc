"""An appeal's corrections: a scenario file of one region's disputed figures, each with evidence.

```yaml
schema: bidtool.scenario/1            # optional, as in any scenario
name: Gwangju's appeal                # shown in every output
regions:
  gwangju:
    ai_dc_cluster_stage:
      value: under_construction
      status: claimed                 # required: how sure the corrected figure is
      sources:                        # required (unless status: unknown): title and url each
        - title: 장성파인데이터센터 착공
          url: https://www.donga.com/news/Society/article/all/20251215/132965662/1
      note: why the figure in the region file is wrong
```

It is a scenario (``-s`` reads it too), restricted so that an appeal stays an
appeal: one region, no ``weights``, every figure in full form with a
``status`` and ``sources`` each holding a ``title`` and an http(s) ``url``.
Every problem is reported at once with its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from bidtool.errors import InputError, Problem
from bidtool.io.scenario import Scenario, load_scenario
from bidtool.model import Metric


@dataclass(frozen=True)
class Corrections:
    """A validated corrections file: the region it is about and its scenario."""

    region: str
    scenario: Scenario

    @property
    def path(self) -> str:
        return self.scenario.info.path

    @property
    def metrics(self) -> tuple[str, ...]:
        return tuple(self.scenario.model.regions[self.region])


def load_corrections(path: str, region: str | None = None) -> Corrections:
    """Read a corrections file; ``region`` (when given) must be the one it corrects."""
    sc = load_scenario(path, "corrections")
    problems: list[Problem] = []
    doc = sc.doc
    regions = list(sc.model.regions)
    if sc.model.weights:
        problems.append(
            doc.problem(("weights",), "an appeal corrects a region's figures, not the weights; "
                        "remove 'weights' (a what-if scenario can change them)")
        )
    if not regions:
        problems.append(
            doc.problem((), "expected 'regions: {REGION: {metric: {value, status, sources}}}' "
                        "with the disputed figures")
        )
    elif len(regions) > 1:
        problems.append(
            doc.problem(("regions",), f"an appeal is one region's; this file corrects "
                        f"{', '.join(regions)}: one file per region")
        )
    if region is not None and regions and region not in regions:
        problems.append(
            doc.problem(("regions", regions[0]), f"the appeal is {region!r}'s, but this file "
                        f"corrects {regions[0]!r}")
        )
    for rid, metrics in sc.model.regions.items():
        for name, m in metrics.items():
            where = ("regions", rid, name)
            raw = doc.data.get("regions", {}).get(rid, {}).get(name) if isinstance(doc.data, dict) else None
            if not isinstance(raw, dict):
                problems.append(
                    doc.problem(where, f"expected the corrected figure with its evidence "
                                f"({{value: {m.value!r}, status: …, sources: [{{title: …, url: …}}]}}), "
                                f"got the bare value {m.value!r}")
                )
                continue
            if m.status is None:
                problems.append(
                    doc.problem(where, "expected 'status' (confirmed, claimed, derived, estimate, "
                                "unknown): how sure is the corrected figure?")
                )
            if m.status != "unknown" and not m.sources:
                problems.append(
                    doc.problem(where, "expected 'sources' with a title and url: the evidence "
                                "for the corrected figure")
                )
            for i, s in enumerate(m.sources or ()):
                if s.url is None:
                    problems.append(
                        doc.problem((*where, "sources", i), "expected a 'url' (http or https): "
                                    "where a reader can check the evidence")
                    )
    if problems:
        raise InputError(problems)
    return Corrections(regions[0], sc)


@dataclass(frozen=True)
class CorrectedFigure:
    """One disputed figure: what the region file says and what the appeal says."""

    metric: str
    before: Metric
    after: Metric

