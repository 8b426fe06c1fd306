# Two commands on a fresh machine: `make demo` and `make test`. Each creates .venv if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck docs bench data figures clean

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

# The documentation site (docs/): executes every notebook and example; warnings are errors.
DOCS_STAMP := $(VENV)/.installed-docs
$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,docs]"
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	rm -rf docs/_build docs/gallery
	MPLBACKEND=Agg $(BIN)/python -m sphinx -W --keep-going -n -q -b html docs docs/_build/html
	@echo "open docs/_build/html/index.html"

test: lint typecheck docs
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Re-build the shipped monthly aggregates from ../shared/data (not needed by users or tests).
data: $(STAMP)
	$(BIN)/python -m stockpile.data.build ../shared/data

figures: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python examples/readme_figure.py

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache docs/_build docs/gallery
