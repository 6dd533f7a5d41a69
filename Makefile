# doanvu — two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# The tests run on two pytest-xdist workers, one per core of the project's machines (PYTEST_ARGS="-n 0"
# runs them in one process). --dist loadgroup spreads single tests and keeps each xdist_group (a class
# sharing one seeded demo, the browser tests) on one worker; each worker has its own test database.
# The 15 slowest tests are listed after each run.
PYTEST := $(BIN)/pytest -q --durations=15 -n 2 --dist loadgroup
# The tests against a real streaming replica flush and restore their database around each test: on
# PostgreSQL they run in a process of their own after the others, so no other test finds it emptied.
REPLICA_TESTS := tests/test_replica_streaming.py

.PHONY: run test venv lint test-sqlite test-postgres bench clean

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -e .
	@touch $(STAMP)

run: venv
	@bash scripts/run.sh "$(HOST)" "$(PORT)"

lint: venv
	$(BIN)/ruff check doanvu tests bench scripts
	$(BIN)/ruff format --check doanvu tests bench scripts

test: venv lint
	@bash scripts/ensure-browser.sh
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres PG_ONLY=--database-tests-only

test-sqlite: venv
	@echo "== Tests on SQLite =="
	@env -u DATABASE_URL $(PYTEST) $(PYTEST_ARGS)

# Under `make test` the PostgreSQL run leaves out the tests that never open the database (PG_ONLY): the
# SQLite run has run them. The PostgreSQL run includes tests/test_replica_streaming.py, which starts its own streaming replica of this
# server (scripts/pg-replica.sh) and removes it afterwards.
test-postgres: venv
	@echo "== Tests on PostgreSQL =="
	@if bash scripts/ensure-postgres.sh "$${DATABASE_URL:-$(PG_TEST_URL)}"; then \
		DATABASE_URL="$${DATABASE_URL:-$(PG_TEST_URL)}" $(PYTEST) $(PYTEST_ARGS) $(PG_ONLY) --ignore=$(REPLICA_TESTS) && \
		DATABASE_URL="$${DATABASE_URL:-$(PG_TEST_URL)}" $(BIN)/pytest -q -n 0 $(REPLICA_TESTS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required under CI=true and could not be reached." >&2; exit 1; \
	else \
		echo "NOTICE: PostgreSQL not reachable — the PostgreSQL test run was SKIPPED."; \
	fi

bench: venv
	$(BIN)/python bench/import_members.py
	$(BIN)/python bench/stats.py
	$(BIN)/python bench/evaluation.py

clean:
	rm -rf $(VENV) var build *.egg-info
