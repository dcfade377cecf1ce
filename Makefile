# Quick start: `make run` (build and validate the graph, then serve it) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test build stats bench clean

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
	bash tests/setup/system-packages.sh
	$(BIN)/pytest

# The benchmark (not part of the tests): needs wrk (apt-get install wrk); results in bench/results/
bench: build
	$(BIN)/pip install --quiet 'rdflib-endpoint[cli]==0.6.3' uvicorn
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 2; }
	$(BIN)/python -m bench.run --size 100k
	$(BIN)/python -m bench.run --size 1m
	$(BIN)/python -m bench.report

clean:
	rm -rf build bench/data $(VENV)
