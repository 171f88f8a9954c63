PYTHON ?= python3
# The interpreter the environment is made with: Debian's CPython 3.11 where the machine has
# one (built with profile-guided and link-time optimisation, linked statically), else PYTHON
# (also where PYTHON is given). This machine's `python3` is a pyenv build with neither, on a
# shared libpython: lipkit's code ran 10-20 % slower on it (the demo report 9.49 s against
# 7.56 s, bench/README.md).
VENV_PYTHON ?= $(if $(filter command line environment,$(origin PYTHON)),$(PYTHON),$(or $(wildcard /usr/bin/python3.11),$(PYTHON)))
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= demo-study
PORT ?= 8000
# The survey tests' second pass; pytest-django creates (and drops) the database test_lipkit.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/lipkit
# (test_survey_logic_js.py compares the browser's evaluator with Python's: no database.)
SURVEY_TESTS = $(filter-out tests/test_survey_logic_js.py,$(sort $(wildcard tests/test_survey_*.py)))

# The environment is made by uv from uv.lock: exactly the locked versions, in seconds. uv
# itself comes from PyPI, at this version, installed with the Python at hand once per machine,
# beside uv's own cache (in .uv/ where there is no home folder), so that every clone finds it.
UV_VERSION := 0.13.9
UV_HOME := $(if $(HOME),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/lipkit-uv-$(UV_VERSION),.uv)
UV := $(UV_HOME)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
# Python writes its bytecode cache even where the machine sets PYTHONDONTWRITEBYTECODE (CI
# does): without the cache every lipkit process, and every one a test starts, compiles each
# module it imports anew (1.27 s of CPU for `lipkit --help` instead of 0.52 s). The cache is
# written as modules are first used, not all at install (uv's --compile-bytecode: 20 s of CPU).
unexport PYTHONDONTWRITEBYTECODE
# `make run` needs lipkit and what it runs on; the tests, linters and benchmarks add the extras.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
# The demo's report is built again only when the demo study or lipkit's code has changed
# (the stamp is touched after a build that succeeded).
DEMO_REPORT := $(DEMO_DIR)/report-out/.built
DEMO_INPUTS = $(shell find $(DEMO_DIR) -type f -not -path '$(DEMO_DIR)/report-out/*' 2>/dev/null)
CODE = $(shell find src/lipkit -type f -not -path '*/__pycache__/*')

.PHONY: run test test-postgres lint lock lock-upgrade bench bench-compare bench-report bench-survey bench-audit clean

# Installed beside and then renamed, so that a clone never finds half a uv.
$(UV):
	@echo "uv $(UV_VERSION) from PyPI into $(UV_HOME)/"
	@mkdir -p "$(dir $(UV_HOME))"; tmp="$(UV_HOME).$$$$"; rm -rf "$$tmp"; \
	{ PIP_ROOT_USER_ACTION=ignore $(PYTHON) -m pip install -qq --target "$$tmp" \
	    uv==$(UV_VERSION) 2>/dev/null \
	  || { rm -rf "$$tmp" && $(PYTHON) -m venv "$$tmp" \
	       && "$$tmp/bin/python" -m pip install -qq uv==$(UV_VERSION); }; } \
	&& if [ -x "$(UV)" ]; then rm -rf "$$tmp"; \
	   else rm -rf "$(UV_HOME)" && mv "$$tmp" "$(UV_HOME)"; fi

$(RUN_STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --quiet --locked --inexact --python $(VENV_PYTHON)
	touch $@

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --quiet --locked --all-extras --python $(VENV_PYTHON)
	touch $@ $(RUN_STAMP)

# After a change to the dependencies in pyproject.toml: the lock with the fewest changes
# (lock-upgrade: every package at its newest allowed version).
lock: | $(UV)
	$(UV) lock

lock-upgrade: | $(UV)
	$(UV) lock --upgrade

$(DEMO_DIR)/study.yaml: | $(RUN_STAMP)
	$(BIN)/lipkit demo $(DEMO_DIR)

$(DEMO_REPORT): $(DEMO_DIR)/study.yaml $(DEMO_INPUTS) $(CODE) | $(RUN_STAMP)
	$(BIN)/lipkit report $(DEMO_DIR)
	touch $@

# The demo study, then the online survey on SQLite (./lipkit-data/), which prints the
# questionnaire's link, the team's address and the first login. The demo's report
# (demo-study/report-out/) is written beside it, in the background, where it is missing or
# older than the demo study or lipkit's code: the survey need not wait for it.
run: $(RUN_STAMP) $(DEMO_DIR)/study.yaml
	$(MAKE) --silent --no-print-directory $(DEMO_REPORT) &
	env -u DATABASE_URL $(BIN)/lipkit serve --study $(DEMO_DIR) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

# Four pytest runs side by side on the two cores: the core tests (everything but the survey
# app's) on SQLite, the README's console examples, the Django-using survey tests on SQLite and
# the same again on PostgreSQL (.ci/run starts it if it is down). One after the other they took
# 15 minutes. The README's examples (two minutes of subprocesses) have a run of their own: in
# the core run, the longest, its last minutes ran alone on one core. The outputs follow one
# another; any run failing fails the target. The browser tests that only check what a page
# shows and does (marked page_only: accessibility, reflow, scripts) run on SQLite only: nothing
# they check passes through the database, and on PostgreSQL they took a third of that run.
README_TESTS = tests/test_readme.py
CORE_TESTS = $(filter-out $(SURVEY_TESTS) $(README_TESTS),$(sort $(wildcard tests/test_*.py)))
test: lint
	@logs=$$(mktemp -d); \
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -p no:cacheprovider -m "not page_only" \
	    --basetemp="$$logs/pg" $(SURVEY_TESTS) >"$$logs/pg.log" 2>&1 & pg=$$!; \
	env -u DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider \
	    --basetemp="$$logs/survey" $(SURVEY_TESTS) >"$$logs/survey.log" 2>&1 & survey=$$!; \
	env -u DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider \
	    --basetemp="$$logs/readme" $(README_TESTS) >"$$logs/readme.log" 2>&1 & readme=$$!; \
	echo "Core tests on SQLite (the README's examples and the survey app's tests on SQLite and on PostgreSQL run beside them; their output follows)"; \
	env -u DATABASE_URL $(BIN)/python -m pytest $(CORE_TESTS); core=$$?; \
	wait $$readme; examples=$$?; wait $$survey; sqlite=$$?; wait $$pg; postgres=$$?; \
	echo "The README's console examples:"; cat "$$logs/readme.log"; \
	echo "Survey app's tests on SQLite:"; cat "$$logs/survey.log"; \
	echo "Survey app's tests on PostgreSQL ($(PG_TEST_URL)):"; cat "$$logs/pg.log"; \
	rm -rf "$$logs"; \
	[ $$core -eq 0 ] && [ $$examples -eq 0 ] && [ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ]

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest $(SURVEY_TESTS)

bench: $(STAMP)
	$(BIN)/python -m bench.run

bench-compare: $(STAMP)
	$(BIN)/python -m bench.compare

# The LP audit of the demo, and analyze_many with decisions against without (bench/audit.py).
bench-audit: $(STAMP)
	$(BIN)/python -m bench.audit

bench-report: $(STAMP)
	$(BIN)/python -m bench.report

# Survey web app under load: gunicorn + PostgreSQL (database lipkit_bench), bench/README.md.
bench-survey: $(STAMP)
	$(BIN)/python -m bench.survey_load

clean:
	rm -rf $(VENV) .uv .pytest_cache .mypy_cache bench/data
