# Two commands set up a new machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# The suite runs with DEBUG off, as in production, but over plain HTTP on loopback.
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-secret DJANGO_HTTPS=false \
	DJANGO_ALLOWED_HOSTS=localhost,127.0.0.1,testserver

.PHONY: install install-dev run worker test lint format messages bench soak compose-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed package-lock.json
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	# axe-core, for the accessibility checks in the browser tests (needs Node.js and npm).
	if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund; fi
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The site and one background worker (mail), stopped together.
run: install
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=true $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A background worker in the foreground, in development mode; WORKER_ARGS=--batch runs
# what is due and stops.
worker: install
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=true $(BIN)/python manage.py db_worker $(WORKER_ARGS)

test: install-dev
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the translation catalogues (needs GNU gettext); the compiled .mo files are committed.
messages: install
	DJANGO_DEBUG=true $(BIN)/python manage.py makemessages --all --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=node_modules
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

# Load, fault and hostile-input tests (about six minutes) against gunicorn on loopback, on PostgreSQL
# (DATABASE_URL) and Redis; the outage test stops and restarts the local PostgreSQL cluster.
soak: install-dev
	$(TEST_ENV) $(BIN)/python -m pytest -m soak tests/soak $(PYTEST_ARGS)

# docker-compose.yml up (built, migrated, three replicas behind nginx on port 8000), checked
# through the proxy, then down with its volumes; needs Docker with Compose 2.23 or later.
compose-test: install-dev
	$(TEST_ENV) $(BIN)/python -m pytest -m compose tests/test_compose.py $(PYTEST_ARGS)

# Figures, not tests: seeds PostgreSQL (DATABASE_URL, or a throwaway le_bench_site database),
# runs gunicorn on loopback and drives each page with wrk (Debian package). BENCH_SCALE=10
# for ten times the data.
bench: install-dev
	$(BIN)/python benchmarks/bench.py
