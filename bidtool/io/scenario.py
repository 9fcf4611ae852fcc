"""What-if scenarios: override region metrics or criterion weights from a small YAML file.

```yaml
name: Gwangju secures river water        # optional; defaults to the file name
regions:
  gwangju: {cooling_water_t_per_day: 60000}
weights:
  power: 50                                # relative to its siblings, as in the criteria file
```

A scenario is validated like every other input (file, line, key path) here; applying it
is a pipeline step (:func:`bidtool.prepare.apply_scenarios`), after loading, in the order
given; later scenarios win.  Overridden
metrics keep their unit and are marked as coming from the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bidtool.errors import InputError
from bidtool.io.files import not_regular
from bidtool.io.schema import ScenarioFile, validate_document
from bidtool.io.yaml_source import YamlDocument, parse_yaml, read_text


@dataclass(frozen=True)
class ScenarioInfo:
    """What a report says about a scenario it applied."""

    name: str
    path: str
    sha256: str
    description: str | None = None


@dataclass(frozen=True)
class Scenario:
    info: ScenarioInfo
    doc: YamlDocument
    model: ScenarioFile


def load_scenario(path: str, what: str = "scenario") -> Scenario:
    """Read and validate one scenario file (schema only; :func:`bidtool.prepare.apply_scenarios` applies it).
    ``what`` names the file in a "not found" message (``corrections`` for an appeal's)."""
    file = Path(path)
    problem = not_regular(file)
    if problem is not None:
        raise InputError.single(path, f"{what} {problem}" if problem == "file not found" else problem)
    text, sha = read_text(file, path)
    doc = parse_yaml(text, path)
    model, problems = validate_document(doc, ScenarioFile)
    problems = [*doc.problems, *problems]
    if model is None or problems:
        raise InputError(problems)
    name = model.name or file.stem
    return Scenario(ScenarioInfo(name, path, sha, model.description), doc, model)
