"""``bidtool report`` on the bundled data, next to ``bidtool rank`` in the same process.

    python benchmarks/report.py [--rounds 5]

Times building the report content (ranking, SMAA-2 with 10,000 draws,
critical weights, every runner-up's gap) and rendering each format, best of
``--rounds``; the baseline is the plain ranking with its JSON, so the ratio
says what the report adds on this machine whatever its speed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from bidtool.prepare import load_inputs
from bidtool.ranking import rank
from bidtool.render.json import render_ranking
from bidtool.report import html, markdown, xlsx
from bidtool.report.content import build_report


def best_of(fn: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    inputs = load_inputs()
    base = best_of(lambda: render_ranking(rank(inputs)), args.rounds)
    content = build_report(inputs)
    times = {
        "content (rank + SMAA-2 + gaps)": best_of(lambda: build_report(inputs), args.rounds),
        "html": best_of(lambda: html.render(content), args.rounds),
        "xlsx": best_of(lambda: xlsx.render(content), args.rounds),
        "md": best_of(lambda: markdown.render(content), args.rounds),
    }
    print(f"baseline: rank + JSON            {base * 1000:8.1f} ms")
    for name, t in times.items():
        print(f"{name:32s} {t * 1000:8.1f} ms")
    for fmt in ("html", "xlsx", "md"):
        total = times["content (rank + SMAA-2 + gaps)"] + times[fmt]
        print(f"report -o *.{fmt:4s} total {total:6.3f} s  ({total / base:,.0f}× the ranking)")


if __name__ == "__main__":
    main()
