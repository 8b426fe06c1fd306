# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv if needed.
# `make demo` installs the package and its runtime dependencies only (numpy, scipy, pandas,
# matplotlib); `make test` (and lint, typecheck, notebooks) adds the dev extras on top.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck docs bench data figures notebooks rng-quality clean

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

# The documentation site (docs/): executes every notebook and example; warnings are errors.
DOCS_STAMP := $(VENV)/.installed-docs
$(DOCS_STAMP): $(DEV)
	$(BIN)/python -m pip install --quiet -e ".[dev,docs]"
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	rm -rf docs/_build docs/gallery
	MPLBACKEND=Agg $(BIN)/python -m sphinx -W --keep-going -n -q -b html docs docs/_build/html
	@echo "open docs/_build/html/index.html"

test: lint typecheck docs
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

bench: $(RUNTIME)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/versus_v01.py

# Re-build the shipped monthly aggregates from ../shared/data, then the posterior draws fitted
# to them (not needed by users or tests).
data: $(RUNTIME)
	$(BIN)/python -m stockpile.data.build ../shared/data
	$(BIN)/python -m stockpile.data.build_posterior

figures: $(RUNTIME)
	MPLBACKEND=Agg $(BIN)/python examples/readme_figure.py

# Execute every notebook and store it with its outputs (the tests check they are current).
notebooks: $(DEV)
	$(BIN)/python notebooks/execute.py notebooks/*.ipynb

# TestU01 SmallCrush on the random streams' output (needs Debian's libtestu01-0-dev, non-free).
rng-quality: $(RUNTIME)
	PYTHON=$(BIN)/python bash benchmarks/rng_quality.sh

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache docs/_build docs/gallery
