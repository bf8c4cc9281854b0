# Middenveld — `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install run serve worker test test-postgres lint typecheck check-migrations \
        check-deploy a11y bench bench-spaces-concurrency bench-counting assets messages compilemessages seed ci clean

help: ## List every target with one line each
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.installed ## Install Python and its packages into .venv (needs only Python >= 3.11)

run: install ## Install, migrate the SQLite database, load demo data and serve on 127.0.0.1:$PORT
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages --ignore=.venv --ignore=$(TOOLS) -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: install ## Run the production stack (gunicorn, whitenoise) against $DATABASE_URL
	./scripts/serve.sh

worker: install ## Run the background task worker (TASK_BACKEND=database or rq)
	$(PY) manage.py run_worker

test: install ## Run the whole test suite with coverage (SQLite)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=$(TOOLS) -v 0
	$(VENV)/bin/pytest --cov --cov-report=term

test-postgres: install ## Run the whole test suite against PostgreSQL ($DATABASE_URL, default local postgres)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=$(TOOLS) -v 0
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/middenveld} $(VENV)/bin/pytest

lint: install ## ruff (lint and format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy middenveld config

check-migrations: install ## Fail when a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

check-deploy: install ## Django's deployment checks under production settings
	./scripts/check-deploy.sh

a11y: install ## Accessibility run: axe-core in headless Chromium on every public page (nl, ar)
	./scripts/a11y.sh

bench: install ## Load benchmark at --scale 10 with the production stack, then the spaces concurrency bursts, the parliament's vote and 100 awards on one line (see bench/README.md)
	@$(PY) bench/run.py; status=$$?; \
	if [ $$status -ne 2 ]; then $(PY) bench/spaces_concurrency.py --reuse-db || status=1; fi; \
	if [ $$status -ne 2 ]; then $(PY) bench/parliament_voting.py --reuse-db || status=1; fi; \
	if [ $$status -ne 2 ]; then $(PY) bench/funding_awards.py --reuse-db || status=1; fi; \
	exit $$status

bench-spaces-concurrency: install ## 200 requests for one slot and 40 writers at once against the production stack (fresh database, --scale 1)
	$(PY) bench/spaces_concurrency.py

bench-counting: install ## Count generated ballots with our rules and with pabutools, side by side
	$(PY) bench/counting.py

assets: ## Rebuild the vendored style guide and HTMX from npm (needs Node/npm)
	./scripts/vendor-assets.sh

messages: install ## Extract interface texts into the .po files of every language
	cd middenveld && ../$(PY) ../manage.py makemessages -l nl -l en -l fr -l tr -l ar -l bg --no-obsolete --ignore='tests/*'
	$(PY) scripts/po_status.py --list

compilemessages: install ## Compile the .po files
	$(PY) manage.py compilemessages --ignore=.venv --ignore=$(TOOLS)

seed: install ## Load demo data (SCALE=10 for the benchmark size)
	$(PY) manage.py seed_demo --scale $${SCALE:-1}

ci: ## What CI runs (.ci/run)
	bash .ci/run

clean: ## Remove the virtualenvs, the local database and caches
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .mypy_cache .ruff_cache .coverage
