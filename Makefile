# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv if needed.
# `make demo` installs the package and its runtime dependencies only (numpy, scipy, pandas,
# matplotlib); `make test` (and lint, typecheck, notebooks) adds the dev extras on top.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck bench data figures notebooks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(DEV): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV)

demo: $(RUNTIME)
	$(BIN)/stockpile demo --out demo/

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check stockpile tests examples benchmarks notebooks/execute.py

typecheck: $(DEV)
	$(BIN)/mypy

test: lint typecheck
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

bench: $(RUNTIME)
	$(BIN)/python benchmarks/run.py

# Re-build the shipped monthly aggregates from ../shared/data (not needed by users or tests).
data: $(RUNTIME)
	$(BIN)/python -m stockpile.data.build ../shared/data

figures: $(RUNTIME)
	MPLBACKEND=Agg $(BIN)/python examples/readme_figure.py

# Execute every notebook and store it with its outputs (the tests check they are current).
notebooks: $(DEV)
	$(BIN)/python notebooks/execute.py notebooks/*.ipynb

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
