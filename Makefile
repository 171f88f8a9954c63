PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo-study
# The survey tests' second pass; pytest-django creates (and drops) the database test_lipkit.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/lipkit
# (test_survey_logic_js.py compares the browser's evaluator with Python's: no database.)
SURVEY_TESTS = $(filter-out tests/test_survey_logic_js.py,$(sort $(wildcard tests/test_survey_*.py)))

.PHONY: run test test-postgres lint bench bench-report bench-survey clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

# The demo study, its report (demo-study/report-out/), then the online survey on SQLite
# (./lipkit-data/): prints the questionnaire's link, the team's address and the first login.
run: $(STAMP)
	test -d $(DEMO_DIR) || $(BIN)/lipkit demo $(DEMO_DIR)
	$(BIN)/lipkit report $(DEMO_DIR)
	env -u DATABASE_URL $(BIN)/lipkit serve --study $(DEMO_DIR)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Everything on SQLite (the core tests need neither Django's database nor a server), then the
# Django-using survey tests again on PostgreSQL (.ci/run starts it if it is down).
test: lint
	env -u DATABASE_URL $(BIN)/python -m pytest
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest $(SURVEY_TESTS)

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest $(SURVEY_TESTS)

bench: $(STAMP)
	$(BIN)/python -m bench.run

bench-report: $(STAMP)
	$(BIN)/python -m bench.report

# Survey web app under load: gunicorn + PostgreSQL (database lipkit_bench), bench/README.md.
bench-survey: $(STAMP)
	$(BIN)/python -m bench.survey_load

clean:
	rm -rf $(VENV) .pytest_cache bench/data
