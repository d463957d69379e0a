# The two commands: `make run` serves the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider
export FLASK_APP := wsgi

TRANSLATIONS := talentmatch/translations
POT := build/messages.pot
# pybabel skips folders whose names start with "_" unless told otherwise, and templates/_macros
# holds the form macros' strings (error summary, skill picker, pagination).
EXTRACT_IGNORE := --ignore-dirs ".* __pycache__"

.PHONY: run test setup lint test-sqlite test-browser test-postgres test-faults bench bench-web clean translations messages

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) translations

# The Finnish and Swedish catalogues (.po, committed) compiled for the app (.mo, never committed).
translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS) -D messages

# For developers: collect the strings marked for translation and merge new ones into the
# catalogues, then translate every empty or fuzzy entry (the translation tests list them).
messages: $(STAMP)
	@mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -c TRANSLATORS: \
		$(EXTRACT_IGNORE) --add-location=file --sort-by-file --no-wrap --project TalentMatch -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d $(TRANSLATIONS) -D messages --no-wrap --ignore-obsolete --no-fuzzy-matching

run: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo "TalentMatch is at http://127.0.0.1:5000/ (Ctrl+C stops it)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# Style, then security (bandit: medium and high findings), layers (import-linter) and types (mypy).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r talentmatch --severity-level medium
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint test-sqlite test-browser test-postgres test-faults

test-sqlite: setup
	@echo "== tests on SQLite"
	env -u TEST_DATABASE_URL $(PYTEST) tests --ignore=tests/browser --ignore=tests/faults

# Real headless Chromium through Playwright, two pytest-xdist workers (each with its own live
# server, database and browser); CI sets TALENTMATCH_REQUIRE_BROWSER=1. The role journeys leave
# screenshots of every main page in instance/screenshots/ (open index.html there).
test-browser: setup
	@if [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		echo "== browser tests in headless Chromium"; \
		status=0; env -u TEST_DATABASE_URL $(PYTEST) -n 2 tests/browser || status=$$?; \
		echo "screenshots: instance/screenshots/index.html"; \
		exit $$status; \
	elif [ -n "$$TALENTMATCH_REQUIRE_BROWSER" ]; then \
		echo "browser tests required but no Chromium at $${CHROMIUM:-/usr/bin/chromium}"; exit 1; \
	else \
		echo "skipped: no Chromium (install it with: apt-get install chromium)"; \
	fi

# The same suite again on PostgreSQL when TEST_DATABASE_URL names a database: two pytest-xdist
# workers, each on a database of its own that the suite creates beside it (and drops).
test-postgres: setup
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== tests on PostgreSQL"; \
		$(PYTEST) -n 2 tests --ignore=tests/browser --ignore=tests/faults; \
	elif [ -n "$$TALENTMATCH_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL tests required but TEST_DATABASE_URL is not set"; exit 1; \
	else \
		echo "skipped: no PostgreSQL (set TEST_DATABASE_URL to run the suite on it)"; \
	fi

# Real processes on ports of their own: gunicorn with the production settings, a Redis and (for
# the restart) a PostgreSQL of the tests' own; two hosts on one database; a worker killed, the
# database restarted, Redis stopped, SIGTERM. Databases are made on TEST_DATABASE_URL's server.
test-faults: setup
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== fault and two-host tests against real processes"; \
		$(PYTEST) tests/faults; \
	elif [ -n "$$TALENTMATCH_REQUIRE_POSTGRES" ]; then \
		echo "fault tests required but TEST_DATABASE_URL is not set"; exit 1; \
	else \
		echo "skipped: no PostgreSQL (set TEST_DATABASE_URL to run the fault tests)"; \
	fi

# Engine benchmarks on the development data (see benchmarks/README.md); not part of `make test`.
bench: setup
	$(BIN)/python benchmarks/run.py

# The pages under gunicorn and wrk (see benchmarks/README.md); installs wrk when it is missing
# and this runs as root. ARGS="--graduates 2000 --jobs 1000 --others 100" runs it smaller.
bench-web: setup
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk is needed: apt-get install wrk"; exit 1; fi; }
	$(BIN)/python benchmarks/web.py $(ARGS)

clean:
	rm -rf $(VENV) instance/test.db .pytest_cache .ruff_cache
