"""Every example runs as a script and every notebook executes, as users would run them.

Examples write their figures to a temporary directory (``STOCKPILE_EXAMPLES_OUT``), never into
the repository; notebooks are executed in a fresh kernel each (``nbclient``). The jobs run side by
side, as many at once as there are CPUs, and each test checks one of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT = 120  # per example or notebook [s]

EXECUTE = """
import sys
import nbclient, nbformat
path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
client = nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3",
                                 resources={"metadata": {"path": sys.argv[2]}})
client.execute()
"""

#: What each example must print (its answer), besides running without error.
PRINTS = {
    "article_arithmetic.py": [
        "reserve grows 839 missiles/year",
        "69.9 missiles a month",
        "a year of ceasefire adds 2,900 instead of 839",
    ],
    "patriot_magazine.py": ["median first shortfall", "the package delays"],
    "delivery_threshold.py": ["50% of ballistic launches defended:"],
    "launch_forecast.py": ["ballistic: model", "90% interval"],
    "readme_figure.py": ["readme.png"],
    "preset_uncertainty.py": [
        "russia-ukraine-2025:\n  P(short by) 2025-06: 2%",
        "what drives the first shortfall (Sobol total order): ballistic.defended (0.40)",
    ],
}


def _job(path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MPLBACKEND": "Agg", "STOCKPILE_EXAMPLES_OUT": str(out / path.stem)}
    if path.suffix == ".py":
        command = [sys.executable, str(path)]
    else:
        command = [sys.executable, "-c", EXECUTE, str(path), str(path.parent)]
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        source = "".join(cell["source"])
        assert "/work/shared" not in source and "../shared" not in source
