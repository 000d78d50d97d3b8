# The README's two commands are `make demo` and `make test`; both start from a bare
# Python 3.11 and build the virtual environment they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CORPUS := corpora/verbatims.jsonl
DEMO_DIR := build/demo

.PHONY: demo test test-fast model install clean screenshot

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

install: $(INSTALLED)

demo: $(INSTALLED)
	mkdir -p $(DEMO_DIR)
	$(BIN)/v2j classify examples/export_exemple.csv -o $(DEMO_DIR)/export_exemple_tagged.csv --matrix $(DEMO_DIR)/matrice.md --report $(DEMO_DIR)/rapport.html

# The README's picture of the report of the example export (needs /usr/bin/chromium).
screenshot: demo
	$(BIN)/python docs/screenshot.py $(DEMO_DIR)/rapport.html docs/report.png

test: $(INSTALLED)
	$(BIN)/python -m pytest

test-fast: $(INSTALLED)
	$(BIN)/python -m pytest -m "not slow"

model: $(INSTALLED)
	$(BIN)/v2j train $(CORPUS) -o models/default

clean:
	rm -rf $(VENV) build .pytest_cache
