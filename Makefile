# mkbook: two commands to know.
#   make book   build the sample manuscript into dist/ (EPUB and PDF)
#   make test   run the whole test suite (make test-long: the layouts too long for it)
# The first run creates .venv and installs everything the project needs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: book test test-long bench lint clean ace

book: $(STAMP)
	$(BIN)/mkbook build manuscript -o dist

test: $(STAMP) ace
	$(BIN)/python -m pytest

# Every corpus book laid out in every theme (about 16 minutes); CI runs it after test.
test-long: $(STAMP)
	$(BIN)/python -m pytest -m long

# Ace by DAISY for the accessibility test, where the machine can have it.
ace:
	@scripts/install-ace.sh

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ruff check src tests benchmarks
	$(BIN)/python -m mypy

# Reinstalled whenever pyproject.toml changes; the package itself is editable.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	rm -rf dist build .pytest_cache src/*.egg-info
