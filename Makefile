# `make demo` and `make test` each set up everything from nothing: a virtual environment in
# .venv with stancedb and its pinned dependencies (constraints.txt), then run.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := reports/demo/demo.sqlite

.PHONY: demo test lint typecheck clean model

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf reports/demo && mkdir -p reports/demo
	$(BIN)/stancedb --db $(DEMO_DB) init
	$(BIN)/stancedb --db $(DEMO_DB) ingest seeds/
	$(BIN)/stancedb --db $(DEMO_DB) statements
	$(BIN)/stancedb --db $(DEMO_DB) positions --level org
	$(BIN)/stancedb --db $(DEMO_DB) statements --format jsonl > reports/demo/statements.jsonl
	$(BIN)/stancedb --db $(DEMO_DB) positions --level org --format csv > reports/demo/positions_org.csv
	$(BIN)/stancedb --db $(DEMO_DB) verify
	$(BIN)/stancedb --db $(DEMO_DB) report --out reports/seeds --target "Free Syrian Army"
	@echo "demo database and exports in reports/demo/; open reports/seeds/index.html"

lint: $(STAMP)
	$(BIN)/ruff check stancedb tests alembic bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest

# Retrains the attribution model shipped in stancedb/extract/models/attribution/ from the
# PolNeAR articles in ../shared (not part of `make test`; about 35 minutes on 2 cores).
model: $(STAMP)
	$(BIN)/python -m stancedb.extract.train --shared ../shared

clean:
	rm -rf $(VENV) reports/demo reports/seeds .pytest_cache .mypy_cache .ruff_cache .hypothesis
