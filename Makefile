# Every target installs what it needs first: uv (bootstrapped by .ci/uv when missing), then the locked
# environment from uv.lock. Prerequisites: Python 3.11+, make, git.

.DEFAULT_GOAL := help
UV := ./.ci/uv
SEEDS := seeds
REPORT := outputs/regional_report.xlsx
PORT ?= 4200

.PHONY: help install compile clean-compiled report test test-fast test-slow lint format server serve

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-9s %s\n", $$1, $$2}'

install: ## install uv if missing, then the locked environment, compiled to bytecode once (Python starts faster)
	$(UV) sync --frozen --compile-bytecode

# mypyc (it comes with mypy) builds C extension modules beside the sources, which Python imports first;
# extract refuses one older than its source. Needs a C compiler and Python's headers.
compile: install ## compile the extract stage's grammar with mypyc (same rules, ~1.9x faster; `make clean-compiled` undoes it)
	$(UV) run --frozen --with setuptools python .ci/compile_extract.py build_ext --inplace --force

clean-compiled: ## remove what `make compile` built: the extract stage runs as pure Python again
	rm -rf build regional_report/extract/*.so *__mypyc.*.so

report: install ## run the Prefect flow over seeds/ and write outputs/regional_report.xlsx
	$(UV) run --frozen regional-report run $(SEEDS) --out $(REPORT)

test: install ## run the test suite, bar the long property tests (`make test-slow`)
	$(UV) run --frozen pytest -q -m "not slow"

# A worker a core; frames of a few rows: one polars thread each. Bytecode is cached even where
# PYTHONDONTWRITEBYTECODE is set: compiling the project and its tests again costs each process 1 s.
test-fast: install ## the tests that need neither Prefect nor a child process, 20 Hypothesis examples each, on every core (tests/conftest.py)
	POLARS_MAX_THREADS=1 PYTHONDONTWRITEBYTECODE= $(UV) run --frozen pytest -q --fast -n auto --dist worksteal

test-slow: install ## the property tests marked slow, at the ci-slow budget (10,000 examples each)
	HYPOTHESIS_PROFILE=ci-slow $(UV) run --frozen pytest -q -m slow

lint: install ## ruff check, ruff format --check, mypy, import contracts (lint-imports)
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy
	$(UV) run --frozen lint-imports

format: install ## apply ruff's safe fixes and formatting
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

server: install ## a Prefect server and UI on 127.0.0.1, port PORT (4200); database in .prefect-home/
	PREFECT_HOME="$${PREFECT_HOME:-$(CURDIR)/.prefect-home}" PREFECT_SERVER_ANALYTICS_ENABLED=false \
		PREFECT_SERVER_CONCURRENCY_LEASE_STORAGE=prefect.server.concurrency.lease_storage.filesystem \
		$(UV) run --frozen prefect server start --host 127.0.0.1 --port $(PORT) --analytics-off

serve: install ## serve the flow on its daily schedule to the server of `make server` (PORT, or PREFECT_API_URL)
	PREFECT_API_URL="$${PREFECT_API_URL:-http://127.0.0.1:$(PORT)/api}" $(UV) run --frozen regional-report serve
