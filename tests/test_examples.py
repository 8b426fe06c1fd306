"""Every example runs as a script and every notebook executes, as users would run them; the
notebooks are stored executed, with the outputs the code produces now; ``make demo`` needs the
runtime dependencies only.

Examples write their figures to a temporary directory (``STOCKPILE_EXAMPLES_OUT``), never into
the repository; notebooks are executed in a fresh kernel each (``notebooks/execute.py``, as
``make notebooks`` does) into a temporary directory. The jobs run side by side, as many at once
as there are CPUs, and each test checks one of them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT = 120  # per example or notebook [s]

EXECUTE = ROOT / "notebooks" / "execute.py"

#: What each example must print (its answer), besides running without error.
PRINTS = {
    "article_arithmetic.py": [
        "reserve grows 839 missiles/year",
        "69.9 missiles a month",
        "a year of ceasefire adds 2,900 instead of 839",
    ],
    "patriot_magazine.py": ["median first shortfall", "the package delays"],
    "delivery_threshold.py": ["  25% of ballistic launches at covered cities:     82 a year"],
    "launch_forecast.py": ["ballistic: model", "90% interval"],
    "mixed_raid.py": [
        "    0 drones/month: ballistic destroyed 24%, cruise 77%; Patriot-class magazine short "
        "from never",
        "  600 drones/month: ballistic destroyed 24%, cruise 37%; Patriot-class magazine short "
        "from never",
        "3,000 drones/month: ballistic destroyed 22%, cruise 10%; Patriot-class magazine short "
        "from 2025-10",
    ],
    "readme_figure.py": ["readme.png"],
    "preset_uncertainty.py": [
        "russia-ukraine-2025:\n  P(short by) 2025-06: 2%",
        "what drives the first shortfall (Sobol total order): ballistic.launches (0.38), "
        "patriot.deliveries (0.28)",
    ],
}


def _job(path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg", "STOCKPILE_EXAMPLES_OUT": str(out / path.stem)}
    if path.suffix == ".py":
        command = [sys.executable, str(path)]
    else:
        command = [sys.executable, str(EXECUTE), str(path), "--out", str(out / "notebooks")]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=out, timeout=TIMEOUT
    )


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> dict[str, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("examples")
    jobs = [*EXAMPLES, *NOTEBOOKS]
    with ThreadPoolExecutor(max_workers=max(os.cpu_count() or 1, 1)) as pool:
        results = pool.map(lambda p: _job(p, out), jobs)
        finished = dict(zip((p.name for p in jobs), results, strict=True))
    finished["__out__"] = out  # type: ignore[assignment]
    return finished


def test_there_are_examples_and_notebooks():
    assert {p.name for p in EXAMPLES} >= set(PRINTS)
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path, done):
    result = done[path.name]
    assert result.returncode == 0, result.stderr[-3000:]
    for text in PRINTS.get(path.name, []):
        assert text in result.stdout, result.stdout
    figures = list((done["__out__"] / path.stem).glob("*.png"))
    assert figures, "the example wrote no figure into its output directory"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_opens_with_its_scenario(path):
    text = path.read_text()
    assert text.startswith('"""Scenario: '), "an example opens with a 'Scenario:' docstring"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path, done):
    result = done[path.name]
    assert result.returncode == 0, result.stderr[-3000:]


def _shown(cell: dict) -> list[tuple[str, str]]:
    """What a code cell shows: its printed text, its values' text, ``image`` for a figure;
    object addresses left out (they differ from run to run). Consecutive pieces of one stream
    are joined: how the kernel splits printed text into messages depends on when it flushes,
    not on the code."""
    out: list[tuple[str, str]] = []
    last_stream = None
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            text = re.sub(r"0x[0-9a-f]+", "0x…", "".join(output["text"]))
            if last_stream == output.get("name") and out:
                out[-1] = (kind, out[-1][1] + text)
            else:
                out.append((kind, text))
            last_stream = output.get("name")
            continue
        last_stream = None
        if kind == "error":
            text = f"{output['ename']}: {output['evalue']}"
        else:
            data = output.get("data", {})
            text = "image" if "image/png" in data else "".join(data.get("text/plain", ""))
        out.append((kind, re.sub(r"0x[0-9a-f]+", "0x…", text)))
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_executed(path):
    """Stored with outputs (a reader on the repository sees numbers and figures), in order,
    without errors, warnings or local paths."""
    notebook = json.loads(path.read_text())
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    assert sum(bool(c["outputs"]) for c in code) >= len(code) // 2
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        assert "/work/shared" not in source and "../shared" not in source
        for kind, text in _shown(cell):
            assert kind != "error", text
            assert not (kind == "stream" and "Warning" in text), text
            assert "/work/" not in text and "/tmp/" not in text, text
        if source.rstrip().endswith(".figure"):  # a figure cell shows its figure
            assert ("execute_result", "image") in _shown(cell) or ("display_data", "image") in (
                _shown(cell)
            ), source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_outputs_are_what_the_code_shows_now(path, done):
    """The stored outputs equal a fresh execution's (else: ``make notebooks``)."""
    assert done[path.name].returncode == 0, done[path.name].stderr[-3000:]
    fresh = json.loads((done["__out__"] / "notebooks" / path.name).read_text())
    stored = json.loads(path.read_text())
    pairs = zip(stored["cells"], fresh["cells"], strict=True)
    for n, (old, new) in enumerate(pairs):
        assert _shown(old) == _shown(new), f"cell {n} changed; run `make notebooks`"


# --- the two commands: `make demo` (runtime only) and `make test` (dev extras) -----------------


def _dry_run(target: str, tmp_path: Path) -> str:
    """The commands ``make TARGET`` would run from a fresh clone (its venv in ``tmp_path``)."""
    venv = tmp_path / "fresh-venv"
    done = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target, f"VENV={venv}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_installs_the_runtime_dependencies_only(tmp_path):
    demo = _dry_run("demo", tmp_path)
    assert "-m venv" in demo and "stockpile demo" in demo
    installs = [line for line in demo.splitlines() if "pip install" in line and "-e" in line]
    assert installs and all("[dev]" not in line for line in installs), demo
    test = _dry_run("test", tmp_path)
    assert '-e ".[dev]"' in test and "pytest" in test and "-m venv" in test
