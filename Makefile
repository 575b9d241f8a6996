# Hamafza: two commands on a fresh machine.
#   make demo   set up, migrate a SQLite database under var/, load the demo network, serve it
#   make test   set up, then lint, type-check, check migrations and run the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PORT ?= 8000
DATA_DIR ?= $(CURDIR)/var
PY := $(VENV)/bin/python
HAMAFZA := $(VENV)/bin/hamafza
STAMP := $(VENV)/.installed

# Python >= 3.12 is required. scripts/find-python prints the first suitable interpreter
# (python3.13, python3.12, pyenv's versions, python3) or explains what is missing.
PYTHON ?= $(shell scripts/find-python)

.PHONY: help venv demo serve test lint typecheck migrations-check unit browser test-postgres clean bench-search bench-portal

help:
	@echo "make demo   - set up and serve the demo on http://127.0.0.1:$(PORT) (SQLite under var/)"
	@echo "make test   - set up, then ruff, mypy, makemigrations --check and the whole suite"

$(STAMP): pyproject.toml src/hamafza/search/_key.c
	@test -n "$(PYTHON)" || { scripts/find-python >/dev/null; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

$(DATA_DIR)/secret_key:
	@mkdir -p $(DATA_DIR)
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# The demo runs like production (DEBUG off, Argon2, manifest static files) but over plain
# HTTP on the loopback address, so it turns off the HTTPS-only cookies and redirect.
DEMO_ENV = DATA_DIR=$(DATA_DIR) SECRET_KEY_FILE=$(DATA_DIR)/secret_key SECURE_SSL=0

demo: $(STAMP) $(DATA_DIR)/secret_key
	$(DEMO_ENV) $(HAMAFZA) demo
	$(DEMO_ENV) $(HAMAFZA) serve --port $(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check src
	$(VENV)/bin/ruff format --check src

typecheck: $(STAMP)
	$(VENV)/bin/mypy

migrations-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=hamafza.config.settings_test $(HAMAFZA) makemigrations --check --dry-run

# The suite without the browser tests, in parallel; then the browser tests on their own.
unit: $(STAMP)
	$(VENV)/bin/pytest -n 2 -m "not browser" $(PYTEST_ARGS)

browser: $(STAMP)
	$(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

test: lint typecheck migrations-check unit browser

# Search at 100k and 1M stories on SQLite and PostgreSQL (bench/bench_search.py explains;
# BENCH_ARGS="--sizes 100000 --databases sqlite" for a quick run). Databases stay in var/bench/.
bench-search: $(STAMP)
	$(PY) bench/bench_search.py $(BENCH_ARGS)

# The public pages under load with wrk: uncached, the app's page cache, behind the shipped nginx
# configuration, and nginx's static ceiling, at 10,000 stories (bench/bench_portal.py explains;
# BENCH_ARGS="--duration 5 --profile"). wrk and nginx are installed with apt-get when missing.
bench-portal: $(STAMP)
	$(PY) bench/bench_portal.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
