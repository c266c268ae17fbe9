# Two commands matter: `make serve` and `make test`. Everything else is a step of theirs.
# Each setup step is a stamp file, so a second run does nothing it has done before.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve site offline validate test lint test-fast bench setup setup-dev system-deps clean

## serve: set up, build the site from the sample data, serve it on http://127.0.0.1:8000
serve: $(VENV)/.stamp-runtime
	$(PY) -m build_scripts serve --host $(HOST) --port $(PORT)

## site: build the site into site/
site: $(VENV)/.stamp-runtime
	$(PY) -m build_scripts build

## offline: build the site and write site-offline-<date>.zip, which works unzipped and opened from disk (events without a connection)
offline: $(VENV)/.stamp-runtime
	$(PY) -m build_scripts offline

## validate: check every profile, as CI does on a pull request
validate: $(VENV)/.stamp-runtime
	$(PY) -m build_scripts validate

## test: set up everything (system packages too), lint the workflows and run every test, browser ones included
test: $(VENV)/.stamp-dev lint
	$(PY) -m pytest -n 2 --dist loadfile

## lint: ruff (no function over complexity 15, no unused or undefined name); the GitHub workflows: zizmor (default and auditor persona) and actionlint (with shellcheck) find nothing
lint: $(VENV)/.stamp-dev
	$(VENV)/bin/ruff check --quiet build_scripts bench tests
	$(VENV)/bin/zizmor --offline --no-progress .github/workflows
	$(VENV)/bin/zizmor --offline --no-progress --persona=auditor .github/workflows
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/actionlint

## test-fast: the tests that need neither a browser nor a full site build
test-fast: $(VENV)/.stamp-dev
	$(PY) -m pytest -n 2 --dist loadfile -m "not browser and not slow"

## bench: time validation and builds at scale, Lighthouse scores; prints figures, asserts nothing
bench: $(VENV)/.stamp-dev bench/node_modules/.stamp
	$(PY) bench/run.py

# Bench-only JavaScript: Lighthouse (12.x: 13 needs Node 22), kept out of the tests' install.
bench/node_modules/.stamp: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

setup: $(VENV)/.stamp-runtime
setup-dev: $(VENV)/.stamp-dev

$(VENV)/.stamp-runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements-dev.txt $(VENV)/.stamp-runtime $(VENV)/.stamp-system node_modules/.stamp
	$(PIP) install -r requirements-dev.txt
	touch $@

# Test-only JavaScript: axe-core (accessibility), the JSON Resume schema and the Nu Html Checker, from npm.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# Debian's chromium drives the browser tests (Playwright's own browser download is not used;
# CHROMIUM=/path/to/chrome uses another, as the GitHub workflow does on Ubuntu);
# a Java runtime runs the Nu Html Checker (vnu.jar, from npm).
$(VENV)/.stamp-system:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@missing=; [ -x "$${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's $$missing for the tests"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	touch $@

clean:
	rm -rf site site-offline*.zip .build .cache .pytest_cache .hypothesis bench/out node_modules bench/node_modules
