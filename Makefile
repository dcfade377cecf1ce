# Quick start: `make run` (build and validate the graph, then serve it) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DIST   := src/aistd_kg/web/static/dist

.PHONY: run test build web stats bench reliability clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/aistd-kg build

# The web interface's scripts and styles: the npm packages of web/package-lock.json, bundled by web/build.mjs.
web: $(DIST)/.built

web/node_modules/.installed: web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "the web interface is built with Node.js (18 or later) and npm: install them"; exit 2; }
	cd web && npm ci --no-audit --no-fund
	touch $@

$(DIST)/.built: web/node_modules/.installed web/build.mjs $(wildcard web/src/*)
	cd web && npm run build
	touch $@

run: build web
	$(BIN)/aistd-kg stats
	$(BIN)/aistd-kg serve

stats: $(STAMP)
	$(BIN)/aistd-kg stats

test: $(STAMP) web
	bash tests/setup/system-packages.sh
	$(BIN)/pytest

# The benchmark (not part of the tests): needs wrk (apt-get install wrk); results in bench/results/
bench: build
	$(BIN)/pip install --quiet 'rdflib-endpoint[cli]==0.6.3' uvicorn
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 2; }
	$(BIN)/python -m bench.run --size 100k
	$(BIN)/python -m bench.run --size 1m
	$(BIN)/python -m bench.report

# The reliability and security suite run long (60 s of load, thousands of fuzz cases): writes tests/reliability/REPORT.md
reliability: $(STAMP)
	bash tests/setup/system-packages.sh
	$(BIN)/python -m tests.reliability.report

clean:
	rm -rf build bench/data $(VENV) web/node_modules $(DIST)
