# Two commands set everything up: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/pactgraph validate
	$(BIN)/pactgraph build -o build/pactgraph.ttl
	$(BIN)/pactgraph build -o build/pactgraph.nt
	$(BIN)/pactgraph build -o build/pactgraph.owl
	@echo
	$(BIN)/pactgraph trace --to "North Korea"
	$(BIN)/pactgraph viz -o build/pactgraph.html --title "pactgraph: who is committed to whom"
	@echo "open build/pactgraph.html in a browser (it works offline)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf build $(VENV) .mypy_cache .pytest_cache .ruff_cache
