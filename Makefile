# Quick start: `make run` (build and validate the graph, then serve it) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test build stats clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/aistd-kg build

run: build
	$(BIN)/aistd-kg stats
	$(BIN)/aistd-kg serve

stats: $(STAMP)
	$(BIN)/aistd-kg stats

test: $(STAMP)
	$(BIN)/pytest

clean:
	rm -rf build $(VENV)
