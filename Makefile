# The two set-up commands on a fresh machine are `make html` and `make test`: each creates
# .venv and installs the pinned dependencies when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
OUTPUT ?= output
PUBLISH_DIR ?= $(OUTPUT)

.PHONY: html test lint format devserver clean publish deploy deploy-dry-run

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

test: $(VENV)/.installed-dev
	$(PY) -m pytest -n auto

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

devserver: html
	$(VENV)/bin/pelican --autoreload --listen --settings pelicanconf.py --output $(OUTPUT)

clean:
	rm -rf $(OUTPUT) $(OUTPUT).releases .pytest_cache
