# OS2gov: `make run` serves the demo; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
OS2GOV := $(BIN)/os2gov
STATIC_BUILD := build/static
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev assets messages compilemessages migrate demo lint typecheck \
        migrations-check pytest benchmark clean

run: install assets compilemessages
	$(OS2GOV) migrate --noinput
	$(OS2GOV) seed_demo
	$(OS2GOV) runserver $(HOST):$(PORT)

test: install-dev assets compilemessages lint typecheck migrations-check pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp files make repeated runs fast; they change when the lock files change.
$(VENV)/.installed: requirements/lock.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/lock-dev.txt
	$(BIN)/pip install --quiet -r requirements/lock.txt -r requirements/lock-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Copy the parts of the npm packages the pages use into build/static. DKFDS's CSS refers to
# its fonts and icons by relative paths, so css/, fonts/ and img/ stay siblings.
assets: node_modules/.package-lock.json
	rm -rf $(STATIC_BUILD) && mkdir -p $(STATIC_BUILD)/dkfds $(STATIC_BUILD)/vendor/htmx
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js node_modules/dkfds/dist/img $(STATIC_BUILD)/dkfds/
	mkdir -p $(STATIC_BUILD)/dkfds/fonts/IBMPlexSans
	cp -r node_modules/dkfds/dist/fonts/IBMPlexSans/complete $(STATIC_BUILD)/dkfds/fonts/IBMPlexSans/
	cp node_modules/dkfds/dist/LICENSE.md $(STATIC_BUILD)/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js $(STATIC_BUILD)/vendor/htmx/

# GNU gettext is needed to compile the catalogues; install it when a fresh machine lacks it.
compilemessages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext) \
		|| { echo "GNU gettext (msgfmt) is missing: install the 'gettext' package"; exit 1; }
	$(OS2GOV) compilemessages --ignore .venv --ignore node_modules -v 0

messages: install
	$(OS2GOV) makemessages -l da -l en --ignore .venv --ignore node_modules --ignore build --ignore var --no-obsolete

migrate: install
	$(OS2GOV) migrate --noinput

demo: migrate
	$(OS2GOV) seed_demo

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy os2gov config

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(OS2GOV) makemigrations --check --dry-run

pytest: install-dev
	$(BIN)/pytest -q

benchmark: install-dev assets
	$(BIN)/python scripts/benchmark_publiccode.py

clean:
	rm -rf $(VENV) node_modules build var
