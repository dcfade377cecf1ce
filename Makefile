# Quick start: `make run` (build and validate the graph, then serve it) and `make test`; `make help` lists the rest.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
DIST   := src/aistd_kg/web/static/dist

.PHONY: help run test check lint build web stats java bench reliability clean

help: ## List the targets
	@grep -E '^[a-z.-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# What serving needs: the package alone.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# What testing and linting need besides: the test and lint extras.
$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

java: ## Check for Java (the consistency check runs HermiT on it); install it with apt-get as root
	@command -v java >/dev/null || bash tests/setup/java.sh

build: $(STAMP) java ## Build and validate the graph into build/aistd-kg.trig
	$(BIN)/aistd-kg build

# The web interface's scripts and styles: the npm packages of web/package-lock.json, bundled by web/build.mjs.
web: $(DIST)/.built ## Bundle the web interface's scripts and styles

web/node_modules/.installed: web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "the web interface is built with Node.js (18 or later) and npm: install them"; exit 2; }
	cd web && npm ci --no-audit --no-fund
	touch $@

$(DIST)/.built: web/node_modules/.installed web/build.mjs $(wildcard web/src/*)
	cd web && npm run build
	touch $@

run: build web ## Build, then serve the graph on http://127.0.0.1:8000/
	$(BIN)/aistd-kg stats
	$(BIN)/aistd-kg serve

stats: $(STAMP) ## Print the built graph's statistics
	$(BIN)/aistd-kg stats

lint: $(DEV) ## ruff and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

check: $(DEV) web ## The inner loop: the tests not marked slow (under two minutes)
	$(BIN)/pytest -m "not slow"

test: $(DEV) web ## Every test
	bash tests/setup/system-packages.sh
	$(BIN)/pytest

# The benchmark (not part of the tests): needs wrk (apt-get install wrk); results in bench/results/
bench: build ## Benchmark the endpoint against others (needs wrk)
	$(BIN)/pip install --quiet 'rdflib-endpoint[cli]==0.6.3' uvicorn oxigraph==0.5.13 py-spy==0.4.3
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 2; }
	@command -v virtuoso-t >/dev/null || { echo "make bench needs Virtuoso: apt-get install virtuoso-opensource-7-bin"; exit 2; }
	$(BIN)/python -m bench.run --size 100k
	$(BIN)/python -m bench.run --size 1m
	$(BIN)/python -m bench.report
	$(BIN)/python -m bench.peers --size 100k
	$(BIN)/python -m bench.peers_report
	$(BIN)/python -m bench.profile --size 100k

# The reliability and security suite run long (60 s of load, thousands of fuzz cases): writes tests/reliability/REPORT.md
reliability: $(DEV) ## The reliability and security report (long)
	bash tests/setup/system-packages.sh
	$(BIN)/python -m tests.reliability.report

clean: ## Remove the build, the environment and the bundles
	rm -rf build bench/data $(VENV) web/node_modules $(DIST)
