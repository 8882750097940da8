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

# COMPILE=1 (the default): `install` also compiles the extract stage with mypyc (it comes with mypy) where
# it can, a C compiler and Python's headers being found, and again whenever one of its sources changes;
# the extension modules land beside the sources, which Python imports first. Where it cannot, the stage
# runs as the pure-Python source, about half as fast, and install says so (build/compile.log says why).
# COMPILE=0: the pure-Python source, always (quicker while editing the grammar: no minute of compiling).
COMPILE ?= 1
COMPILED := build/compiled.stamp
EXTRACT_SOURCES := $(wildcard regional_report/extract/*.py) .ci/compile_extract.py uv.lock
BUILD_EXTRACT := $(UV) run --frozen --with setuptools python .ci/compile_extract.py build_ext --inplace --force
BUILT_MODULES := regional_report/extract/*.so *__mypyc.*.so
SYNC := $(UV) sync --frozen --compile-bytecode

install: ## install uv if missing, the locked environment, then the extract stage compiled where a C compiler is found (COMPILE=0: pure Python)
	$(SYNC)
ifeq ($(COMPILE),0)
	@$(MAKE) --no-print-directory clean-compiled
else
	@$(MAKE) --no-print-directory -s $(COMPILED)
endif

$(COMPILED): $(EXTRACT_SOURCES)
	@echo "compiling the extract stage with mypyc (about a minute, once; COMPILE=0 skips it)"
	@mkdir -p build
	@if $(BUILD_EXTRACT) > build/compile.log 2>&1; then \
		echo "the extract stage runs compiled"; \
	else \
		rm -f $(BUILT_MODULES); \
		echo "could not compile the extract stage (build/compile.log says why): it runs as pure Python, about half as fast"; \
	fi
	@touch $@

compile: ## compile the extract stage now, failing if it cannot (same rules, ~2x faster; `make clean-compiled` undoes it)
	$(SYNC)
	$(BUILD_EXTRACT)
	@touch $(COMPILED)

clean-compiled: ## remove what compiling built: the extract stage runs as pure Python (until the next install with COMPILE=1)
	rm -rf build $(BUILT_MODULES)

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
