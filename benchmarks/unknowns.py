"""``unknowns`` on many generated regions: the weighted sum's fast path next to the generic one.

    python benchmarks/unknowns.py [--regions 2000 [N …]] [--seed 7] [--criteria default]

Generates the regions with :mod:`benchmarks.many_regions` (in a temporary
directory), loads them once, then runs :func:`bidtool.unknowns.unknowns` with
the fast path (rank intervals and ``verify_first`` from the score vector) and
with ``fast=False`` (a re-ranking per region and per unknown figure) in the
same process, and checks that the two ``bidtool.unknowns/1`` documents are
equal.  Times are CPU seconds (``time.process_time``: the machine may be busy)
and wall seconds.

Measured on the 2-core build machine while other jobs ran (load average ~8),
2,000 regions, criteria/default.yaml (``python benchmarks/unknowns.py --regions 200 2000``):

     regions  fast CPU   wall  generic CPU   wall  ratio  equal
         200     0.10s   0.3s        0.26s   0.8s   2.7x  yes
        2000     1.18s   2.1s       13.48s  24.1s  11.4x  yes

and the whole commands (``python benchmarks/many_regions.py /tmp/many && cd /tmp/many``,
then ``/usr/bin/time -f "%U user %S sys %e wall" bidtool …``), before = 5fbc461:

    bidtool unknowns          before 17.3 s user + 0.3 s sys, 31 s wall
                              after   4.9 s user + 0.3 s sys,  8 s wall (same output)
    bidtool report -o r.html  before 29.0 s user + 2.0 s sys, 95 s wall
                              after  18.1 s user + 1.7 s sys, 62 s wall (byte-identical file)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from many_regions import generate

from bidtool.prepare import load_inputs
from bidtool.unknowns import unknowns


def _timed(inputs: Any, fast: bool) -> tuple[Any, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    out = unknowns(inputs, fast=fast).to_dict()
    return out, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, nargs="+", default=[2000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--criteria", default="default")
    args = parser.parse_args()
    print(f"{'regions':>8} {'fast CPU':>9} {'wall':>6} {'generic CPU':>12} {'wall':>6} "
          f"{'ratio':>6}  equal")
    for n in args.regions:
        with tempfile.TemporaryDirectory() as tmp:
            out = generate(Path(tmp), n, args.seed)
            crit = out / "criteria" / "default.yaml"
            if args.criteria != "default":
                repo = Path(__file__).resolve().parents[1]
                crit.write_bytes((repo / "criteria" / f"{args.criteria}.yaml").read_bytes())
            inputs = load_inputs(str(crit), str(out / "regions"))
            fast, fast_cpu, fast_wall = _timed(inputs, fast=True)
            slow, slow_cpu, slow_wall = _timed(inputs, fast=False)
        print(
            f"{n:>8} {fast_cpu:>8.2f}s {fast_wall:>5.1f}s {slow_cpu:>11.2f}s {slow_wall:>5.1f}s "
            f"{slow_cpu / max(fast_cpu, 1e-9):>5.1f}x  {'yes' if fast == slow else 'NO'}"
        )
        if fast != slow:
            sys.exit(1)


if __name__ == "__main__":
    main()
