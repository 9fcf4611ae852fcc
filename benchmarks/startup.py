"""Start-up benchmark: bidtool against baselines, run side by side.

The machine is noisy, so absolute times mean little; what matters is the
ratio to a baseline measured in the same run, interleaved round by round.

    python benchmarks/startup.py [--rounds 30]

Targets (issue "bidtool rank, end to end"):
  * ``bidtool --help``  ≤ 1.25 × a minimal one-command Typer app's ``--help``
  * ``bidtool rank``    ≤ 1.30 × ``python -c "import pandas"``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
'''


def time_once(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)  # an empty directory: bidtool uses its bundled data
        mini = cwd / "minimal_app.py"
        mini.write_text(MINIMAL_APP, encoding="utf-8")
        commands = {
            "minimal Typer app --help": [py, str(mini), "--help"],
            "bidtool --help": [py, "-m", "bidtool", "--help"],
            'python -c "import pandas"': [py, "-c", "import pandas"],
            "bidtool rank (table)": [py, "-m", "bidtool", "rank", "-f", "table"],
        }
        for cmd in commands.values():  # warm the file cache once
            time_once(cmd, cwd)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, cmd in commands.items():  # interleaved: noise hits all alike
                samples[name].append(time_once(cmd, cwd))
    med = {name: statistics.median(xs) for name, xs in samples.items()}
    print(f"{'command':32} {'median':>9} {'min':>9}   ({args.rounds} rounds)")
    for name, xs in samples.items():
        print(f"{name:32} {med[name] * 1000:7.1f}ms {min(xs) * 1000:7.1f}ms")
    help_ratio = med["bidtool --help"] / med["minimal Typer app --help"]
    rank_ratio = med["bidtool rank (table)"] / med['python -c "import pandas"']
    print()
    print(f"bidtool --help / minimal Typer --help = {help_ratio:.3f}  (target <= 1.25)")
    print(f"bidtool rank   / import pandas        = {rank_ratio:.3f}  (target <= 1.30)")


if __name__ == "__main__":
    main()
