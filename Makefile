# CareLab: two commands on a fresh machine.
#   make run   installs everything, migrates, loads the demo lab and serves it
#   make test  installs the test tools and runs the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
STATIC_VENDOR := carelab/static/vendor
PYTEST_ARGS ?=

# `make run` is for trying CareLab on your own machine, so it runs with DEBUG on
# unless you say otherwise.
export DEBUG ?= 1

.PHONY: help run manage test check-tools install install-dev assets migrate demo lint bench lock clean

help:
	@echo "make run    install, migrate, load the demo lab and serve on http://$(HOST):$(PORT)"
	@echo "make test   install the test tools and run the whole suite"
	@echo "make manage ARGS=\"createsuperuser\"   any manage.py command, with the same settings as make run"
	@echo "make lint   ruff, and CareLab's own checks (no Model.objects in views, app layers)"
	@echo "make bench  performance benchmarks (bench/); ONLY=side-by-side for the comparison with a bare Django view"
	@echo "make lock   re-pin requirements/*.txt from requirements/*.in"

check-tools:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "CareLab needs Python 3.11 or newer as '$(PYTHON)'. Install it, or run: make run PYTHON=/path/to/python3.11" >&2; exit 1; }
	@command -v npm >/dev/null 2>&1 || { \
	  echo "CareLab needs Node.js 18 or newer with npm, to fetch the NHS.UK frontend styles. Install Node.js, then run this again." >&2; exit 1; }
	@node -e 'process.exit(parseInt(process.versions.node) >= 18 ? 0 : 1)' || { \
	  echo "CareLab needs Node.js 18 or newer (found $$(node --version)). Please upgrade Node.js." >&2; exit 1; }

$(VENV)/.base-installed: requirements/base.txt | check-tools
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.base-installed
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@

install: $(VENV)/.base-installed assets
install-dev: $(VENV)/.dev-installed assets

node_modules/.package-lock.json: package-lock.json | check-tools
	npm ci --no-audit --no-fund --loglevel=error

# Copy the NHS.UK frontend files into static files (not committed; WhiteNoise serves them).
assets: node_modules/.package-lock.json
	@mkdir -p $(STATIC_VENDOR)/nhsuk-frontend
	@# The NHS.UK CSS loads the NHS's brand font from assets.nhs.uk: CareLab is not an NHS service
	@# and its Content-Security-Policy allows no third-party fonts, so those rules are removed.
	@# Source-map comments go too: the maps are not shipped. Its icons are addressed as /assets/images/,
	@# which CareLab does not serve: they point to the copies beside the CSS instead.
	@sed -E -e 's/@font-face\{[^}]*\}//g' -e 's|/\*# sourceMappingURL=[^*]*\*/||' -e 's|url\(/assets/images/|url(images/|g' \
	    node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css > $(STATIC_VENDOR)/nhsuk-frontend/nhsuk-frontend.min.css
	@sed -e 's|//# sourceMappingURL=.*$$||' \
	    node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js > $(STATIC_VENDOR)/nhsuk-frontend/nhsuk-frontend.min.js
	@cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets/images $(STATIC_VENDOR)/nhsuk-frontend/

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py loaddemo

# Links in e-mails and .ics files point at the site `make run` serves, unless SITE_URL says otherwise.
run manage demo: export SITE_URL ?= http://$(HOST):$(PORT)

# The background worker sends e-mails (printed here, in development) and runs other tasks beside the
# web server. Ctrl-C stops both: the worker ignores the interrupt, as background jobs of a script do,
# so the trap ends it when the server stops, however it stops.
run: demo
	@echo ""
	@echo "CareLab is starting on http://$(HOST):$(PORT)/"
	@echo "Demo sign-in (password: $${CARELAB_DEMO_PASSWORD:-carelab-demo}):"
	@echo "  admin@example.org        site admin"
	@echo "  team@example.org         lab team, pain-and-mental-health"
	@echo "  participant@example.org  lab participant"
	@echo "  member@example.org       member"
	@echo ""
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py db_worker --queue-name '*' --no-startup-delay & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Any manage.py command on this checkout, e.g. make manage ARGS="createsuperuser".
manage: install
	$(PY) manage.py $(ARGS)

# The suite runs on SQLite unless DATABASE_URL names a PostgreSQL database.
# One worker per core (pytest-xdist), stealing work so neither waits idle behind the slow browser tests at the
# end; each worker has its own test database and browser. Python keeps compiled modules (and pytest its
# rewritten test modules) in __pycache__ even where the environment says not to: otherwise every worker and
# every process a test starts compiles the whole of CareLab again, about 20 s of CPU each.
test: install-dev
	PYTHONDONTWRITEBYTECODE= DEBUG=0 $(PY) -m pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m carelab.core.lint

# ONLY=side-by-side runs only CareLab beside a bare Django view (needs wrk: apt-get install wrk).
bench: install-dev
	DEBUG=0 $(PY) -m bench $(ONLY)

lock: $(VENV)/.base-installed
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --python-version 3.11 --generate-hashes --quiet requirements/base.in -o requirements/base.txt
	$(VENV)/bin/uv pip compile --python-version 3.11 --generate-hashes --quiet requirements/dev.in -o requirements/dev.txt

clean:
	rm -rf $(VENV) node_modules $(STATIC_VENDOR) var/
