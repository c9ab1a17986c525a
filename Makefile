# Two commands for everyone: `make workshop` and `make test`.
# Both create .venv on first use and only reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: workshop hub test translations benchmark clean help

help:
	@echo "make workshop   install (first time) and start JupyterLab on http://127.0.0.1:$(PORT)/"
	@echo "make test       install the test tools (first time) and run the whole test suite"
	@echo "make hub        start a JupyterHub for a room (see deploy/README.md)"
	@echo "make benchmark  run every benchmark under benchmarks/ (several minutes)"
	@echo "make translations  refresh the message catalogs after changing learner-facing text"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Stamps record that the install for this pyproject.toml is done.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.installed

workshop: $(VENV)/.installed
	$(BIN)/course serve --port $(PORT)

# JupyterHub for a room (deploy/hub/): HUB_PORT=8000 and HUB_IP=0.0.0.0 unless given.
hub: $(VENV)/.installed
	$(BIN)/python -m course.hub $(if $(HUB_PORT),--port $(HUB_PORT)) $(if $(HUB_IP),--ip $(HUB_IP))

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# Each benchmark prints its figures and writes JSON under benchmarks/results/ (several minutes).
benchmark: $(VENV)/.installed-test
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

translations: $(VENV)/.installed
	$(BIN)/python -m course.i18n.catalog update
	$(BIN)/python -m course.i18n.catalog check

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
