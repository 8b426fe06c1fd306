# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench rng-quality data figures clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/stockpile demo --out demo/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check stockpile tests examples benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# TestU01 SmallCrush on the random streams' output (needs a C compiler and libtestu01-0-dev).
rng-quality: $(STAMP)
	PYTHON=$(BIN)/python bash benchmarks/rng_quality.sh smallcrush

# Re-build the shipped monthly aggregates from ../shared/data (not needed by users or tests).
data: $(STAMP)
	$(BIN)/python -m stockpile.data.build ../shared/data

figures: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python examples/readme_figure.py

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
