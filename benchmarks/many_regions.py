"""Generate a project with many regions, to check that every command stays responsive.

    python benchmarks/many_regions.py OUT [--regions 2000] [--seed 7]
    cd OUT && time bidtool sensitivity && time bidtool report -o r.html

Writes ``OUT/criteria/default.yaml`` (the bundled balanced view) and
``OUT/regions/r0001.yaml`` … — each region a copy of one of the five bundled
regions (cycled) with every numeric figure scaled by a uniform factor in
[0.5, 1.5] and its site moved a little, so the figures are plausible,
distinct and keep their units, sources and statuses.  Same seed, same files.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]


def _jitter(value: Any, rng: np.random.Generator) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    scaled = float(value) * float(rng.uniform(0.5, 1.5))
    return round(scaled) if isinstance(value, int) else round(scaled, 4)


def generate(out: Path, n: int = 2000, seed: int = 7) -> Path:
    """Write the project to ``out`` (created; its criteria/ and regions/ replaced)."""
    rng = np.random.default_rng(seed)
    docs = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((REPO / "regions").glob("*.yaml"))
    ]
    # region files only: regions/metrics.yaml is the metric catalogue
    templates = [d for d in docs if str(d.get("schema", "")).startswith("bidtool.region/")]
    for sub in ("criteria", "regions"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    shutil.copy(REPO / "criteria" / "default.yaml", out / "criteria" / "default.yaml")
    width = len(str(n))
    for k in range(1, n + 1):
        t = templates[(k - 1) % len(templates)]
        rid = f"r{k:0{width}d}"
        metrics: dict[str, Any] = {}
        for name, m in t["metrics"].items():
            if isinstance(m, dict):
                # a jittered figure can leave its uncertainty range: drop the range
                m = {k: v for k, v in m.items() if k != "range"}
                m["value"] = _jitter(m.get("value"), rng)
            else:
                m = _jitter(m, rng)
            metrics[name] = m
        lon, lat = t["site"]["location"]
        doc = {
            "schema": t["schema"],
            "id": rid,
            "name": f"{t['name']} variant {k}",
            "site": {
                "name": f"site {k}",
                "location": [
                    round(lon + float(rng.uniform(-0.2, 0.2)), 5),
                    round(lat + float(rng.uniform(-0.2, 0.2)), 5),
                ],
            },
            "metrics": metrics,
        }
        (out / "regions" / f"{rid}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--regions", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.regions, args.seed)
    print(f"wrote {args.regions} regions and criteria/default.yaml to {args.out}")


if __name__ == "__main__":
    main()
