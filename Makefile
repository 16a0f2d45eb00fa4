# The two set-up commands on a fresh machine are `make html` and `make test`: each creates
# .venv and installs the pinned dependencies when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
OUTPUT ?= output
PUBLISH_DIR ?= $(OUTPUT)

.PHONY: html test lint format devserver check clean screenshots publish deploy deploy-dry-run quality eval-tagging

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

html: $(VENV)/.installed
	$(PY) -m huinong_column build --settings pelicanconf.py --output $(OUTPUT)

# Production: strict build, checks, .gz/.br, fingerprints, atomic swap (see README).
publish: $(VENV)/.installed
	$(PY) -m huinong_column publish --settings publishconf.py --output $(PUBLISH_DIR)

# rsync the published tree to DEPLOY_TARGET (user@host:/srv/hnqf/site/).
deploy: $(VENV)/.installed
	$(PY) -m huinong_column deploy --settings publishconf.py --output $(PUBLISH_DIR)

deploy-dry-run: $(VENV)/.installed
	$(PY) -m huinong_column deploy --dry-run --settings publishconf.py --output $(PUBLISH_DIR)

# The browser-side checkers (axe-core, the Nu HTML checker, Lighthouse), pinned in
# package-lock.json. --ignore-scripts: vnu-jar's install script would download a Java
# runtime; Debian's default-jre-headless runs vnu.jar instead.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(VENV)/.installed-dev node_modules/.installed
	$(PY) -m pytest -n auto

# Lighthouse (mobile) on the landing page and the seed article of the built site: saves
# JSON and HTML reports in reports/lighthouse/, prints the four scores, fails below target.
quality: html node_modules/.installed
	PYTHONPATH=tests $(PY) -m browser.lighthouse --site $(OUTPUT) --reports reports/lighthouse

# ruff for style, import-linter for the packages' layers (pyproject.toml), zizmor for the
# CI workflows.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/zizmor --offline --min-severity medium .github/workflows

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Live preview at http://127.0.0.1:8000/, rebuilt on every change; a broken article prints
# its error here and the server keeps serving the last good build.
devserver: $(VENV)/.installed
	$(PY) -m huinong_column serve --settings pelicanconf.py --output $(OUTPUT)

# Checks all content without building (metadata, dates, units, links, punctuation…).
check: $(VENV)/.installed
	$(PY) -m huinong_column check --settings pelicanconf.py

# PNGs of the landing page, the seed article, a unit and a theme page at 390 and 1280 px.
screenshots: html $(VENV)/.installed-dev
	$(PY) -m tools.screenshots --site $(OUTPUT) --into screenshots

clean:
	rm -rf $(OUTPUT) $(OUTPUT).releases .pytest_cache screenshots .cache

# Benchmark against plain Pelican and Hugo on N synthetic articles (docs/performance.md).
N ?= 10000
.PHONY: bench
# Unit accuracy and per-theme precision, recall and F1 of the tagger on the labelled set
# (docs/tagging.md); SPLIT=dev or SPLIT=heldout for one part.
eval-tagging: $(VENV)/.installed
	$(PY) -m huinong_column eval tests/column/tagging_eval $(if $(SPLIT),--split $(SPLIT))

bench: $(VENV)/.installed
	$(PY) bench/bench.py --n $(N)
