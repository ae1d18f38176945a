# Deux commandes suffisent sur une machine neuve : `make site` et `make test`.
# Elles installent ce qui manque (paquets Debian, environnement Python, outils de test).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SYSTEM_STAMP := .ecole/.system-deps
# Debian packages: chromium for browser tests, poppler-utils for PDF checks,
# Pango and fonts for WeasyPrint (PDF booklets).
DEBIAN_PACKAGES := chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core

.PHONY: site test serve editions check lint clean system-deps bench

site: $(STAMP) $(SYSTEM_STAMP)
	$(BIN)/ecole build
	@echo "Ouvrez site/index.html, ou lancez « make serve » pour le consulter sur http://127.0.0.1:8000/"

test: lint $(NODE_STAMP) $(SYSTEM_STAMP)
	$(BIN)/pytest -q

serve: $(STAMP)
	$(BIN)/ecole serve $(if $(EDITION),--edition $(EDITION))

check: $(STAMP)
	$(BIN)/ecole check --all

editions: $(STAMP) $(SYSTEM_STAMP)
	$(BIN)/ecole build-editions

bench: $(STAMP)
	$(BIN)/ecole bench

lint: $(STAMP)
	$(BIN)/ruff check tools tests
	$(BIN)/ruff format --check tools tests

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(SYSTEM_STAMP):
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets Debian :$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	mkdir -p .ecole && touch $@

clean:
	rm -rf site .ecole
