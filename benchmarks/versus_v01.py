"""This tree against version 0.1, side by side in one process: the engine may not get slower.

Version 0.1 (the commit tagged by ``BASE``) is extracted with ``git archive`` into a temporary
folder and imported as ``stockpile_v01`` (its absolute imports rewritten), so both versions run
in the same process, alternating, and the machine's noise hits both alike. Each figure is the
best of ``REPEAT`` alternating rounds; ratios are new ÷ old (below 1: faster now).

Run: ``python benchmarks/versus_v01.py`` from the repository (needs git and the v0.1 commit).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

BASE = "49b996a"  # version 0.1 as it landed
REPEAT = 3  # alternating rounds per case
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import one_plus_one  # noqa: E402  (the benchmark case of benchmarks/run.py)


def import_v01(folder: Path) -> ModuleType:
    """Extract version 0.1's package into ``folder`` as ``stockpile_v01`` and import it."""
    done = subprocess.run(
        ["git", "archive", "--format=tar", BASE, "stockpile"], cwd=ROOT, capture_output=True
    )
    if done.returncode != 0:
        raise SystemExit(
            f"versus_v01: cannot extract version 0.1 (commit {BASE}) with git archive: "
            f"{done.stderr.decode().strip()} (a clone with the project's history is needed)"
        )
    archive = done.stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "stockpile_v01"
    (folder / "stockpile").rename(package)
    for path in package.rglob("*.py"):
        text = path.read_text()
        text = re.sub(r"\bfrom stockpile([. ])", r"from stockpile_v01\1", text)
        text = re.sub(r"\bimport stockpile\b", "import stockpile_v01", text)
        text = re.sub(r'(f?)"stockpile\.', r'\1"stockpile_v01.', text)
        path.write_text(text)
    sys.path.insert(0, str(folder))
    import stockpile_v01

    return stockpile_v01


def timed(function: Any, *args: Any, **kwargs: Any) -> float:
    """Wall time of one call. [s]"""
    t0 = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - t0


def v01_preset(sp: Any) -> Any:
    """Version 0.1's ``russia-ukraine-2025`` preset as it shipped (point values, one
    interceptor type without doctrine), built with ``sp``: the same model in both versions."""
    return sp.Scenario(
        start="2025-01",
        months=36,
        missiles=[
            sp.Missile(
                "cruise",
                production=sp.per_year(2200),
                stock=1500,
                launches=sp.per_year(1450),
                defended=0.0,
            ),
            sp.Missile(
                "ballistic",
                production=sp.per_year(700),
                imports=sp.per_year(100),
                stock=600,
                launches=sp.per_year(611),
                defended=0.5,
            ),
        ],
        interceptors=[
            sp.Interceptor(
                "patriot",
                pk=0.5,
                stock=250,
                deliveries=sp.per_year(90),
                engages=["ballistic"],
                shots=2,
            )
        ],
    )


CASES: dict[str, dict[str, Any]] = {
    "deterministic, 100,000 runs, trajectories": {"runs": 100_000},
    "deterministic, 100,000 runs, summary mode": {"runs": 100_000, "trajectories": False},
    "stochastic, 100,000 runs, trajectories": {"runs": 100_000, "seed": 1, "stochastic": True},
    "deterministic, 100 runs": {"runs": 100},
}
#: Calls per round for cases of small ensembles, each timed alone, the fastest kept: a single
#: call of a millisecond is all noise on a shared machine.
SMALL_CALLS = 200


def main() -> None:
    import stockpile as new

    with tempfile.TemporaryDirectory() as folder:
        old = import_v01(Path(folder))
        scenarios = {"old": one_plus_one(package=old), "new": one_plus_one(package=new)}
        for sp in (old, new):
            sp.simulate(one_plus_one(package=sp), runs=1_000)  # warm up
        best: dict[tuple[str, str], float] = {}
        for case, kwargs in CASES.items():
            for _ in range(REPEAT):
                calls = SMALL_CALLS if kwargs["runs"] <= 1_000 else 1
                for label, sp in (("old", old), ("new", new)):
                    t = min(timed(sp.simulate, scenarios[label], **kwargs) for _ in range(calls))
                    best[label, case] = min(best.get((label, case), t), t)
        presets = {"old": v01_preset(old), "new": v01_preset(new)}
        case = "one run of v0.1's russia-ukraine-2025"
        richer = "one run of today's russia-ukraine-2025 (point values)"
        today = new.presets.load("russia-ukraine-2025", point=True)
        for _ in range(REPEAT):
            for label, sp in (("old", old), ("new", new)):
                t = min(timed(sp.simulate, presets[label]) for _ in range(SMALL_CALLS))
                best[label, case] = min(best.get((label, case), t), t)
            t = min(timed(new.simulate, today) for _ in range(SMALL_CALLS))
            best["new", richer] = min(best.get(("new", richer), t), t)
        cases = [*CASES, case]
        print(f"{'case':<54} {'v0.1':>10} {'now':>10} {'now/v0.1':>9}")
        for case in cases:
            o, n = best["old", case], best["new", case]
            print(f"{case:<54} {o * 1e3:>8.1f}ms {n * 1e3:>8.1f}ms {n / o:>9.2f}")
        n = best["new", richer]
        print(f"{richer:<54} {'':>10} {n * 1e3:>8.1f}ms  (a richer model: no v0.1 equivalent)")
        sto = "stochastic, 100,000 runs, trajectories"
        det = "deterministic, 100,000 runs, trajectories"
        ratios = [best[label, sto] / best[label, det] for label in ("old", "new")]
        print(
            f"stochastic ÷ deterministic, same engine: v0.1 {ratios[0]:.1f}x, "
            f"now {ratios[1]:.1f}x (target <= 4x)"
        )


if __name__ == "__main__":
    main()
