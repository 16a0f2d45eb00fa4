# The two set-up commands on a fresh machine are `make html` and `make test`: each creates
# .venv and installs the pinned dependencies when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
OUTPUT ?= output

.PHONY: html test lint format devserver clean quality

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

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

devserver: html
	$(VENV)/bin/pelican --autoreload --listen --settings pelicanconf.py --output $(OUTPUT)

clean:
	rm -rf $(OUTPUT) .pytest_cache
