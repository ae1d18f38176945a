# Deux commandes suffisent sur une machine neuve : `make site` et `make test`.
# Elles installent ce qui manque (paquets Debian, environnement Python, outils de test).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# The France map's outline (Natural Earth via npm world-atlas), read at build time.
MAP_DATA := node_modules/world-atlas/countries-50m.json
SYSTEM_STAMP := .ecole/.system-deps
BUILD_STAMP := .ecole/.build-deps
# Compile the tool's modules once, as pip does for an installed package: where Python writes
# no bytecode itself (PYTHONDONTWRITEBYTECODE, set in many container images and CI runners),
# every command would otherwise compile them again. Python ignores a compiled file that no
# longer matches its source (modification time and size).
COMPILED := .ecole/.compiled
TOOL_SOURCES := $(shell find tools/ecole -name '*.py')
# Debian packages: Pango, HarfBuzz-Subset (without it WeasyPrint subsets fonts with the
# slower fontTools, and writes other bytes) and fonts for WeasyPrint (PDF booklets), to build;
# chromium for browser tests, poppler-utils for PDF checks and a Java runtime
# for the Nu Html Checker (vnu-jar), to test.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core
DEBIAN_PACKAGES := chromium poppler-utils default-jre-headless $(BUILD_PACKAGES)

# make site EDITION=id : une édition (site/editions/id/, vue formateur dans site-formateur/editions/id/) ;
# SITE_DIR=public : un autre dossier pour le site des apprenants (vue formateur dans public-formateur/) ;
# SITE_URL=https://… : l'adresse publique du site, à la place du site_url de edition.yml ;
# SKIP_EXPORTS=1 : les pages seules, en quelques secondes.
# make serve EDITION=id FORMATEUR=1 : le site de travail de la vue formateur.
LEARNER_DIR = $(or $(SITE_DIR),site$(if $(EDITION),/editions/$(EDITION)))

.PHONY: site test serve editions check lint clean bench

site: $(STAMP) $(COMPILED) $(BUILD_STAMP) $(MAP_DATA)
	$(BIN)/ecole build $(if $(EDITION),--edition $(EDITION)) $(if $(SITE_DIR),--site-dir $(SITE_DIR)) $(if $(SITE_URL),--site-url $(SITE_URL)) $(if $(SKIP_EXPORTS),--skip-exports)
	@echo "Pour le consulter : « make serve$(if $(EDITION), EDITION=$(EDITION)) » (http://127.0.0.1:8000/), ou, sans serveur, décompressez $(LEARNER_DIR)/exports/site-hors-ligne.zip, qui crée le dossier $(or $(EDITION),ecole-innovation-publique)/, et ouvrez le index.html de ce dossier. Publiez $(LEARNER_DIR)/ seul, jamais la vue formateur."

test: lint $(COMPILED) $(NODE_STAMP) $(SYSTEM_STAMP)
	$(BIN)/pytest -q

serve: $(STAMP) $(COMPILED) $(MAP_DATA)
	$(BIN)/ecole serve $(if $(EDITION),--edition $(EDITION)) $(if $(FORMATEUR),--trainer)

check: $(STAMP) $(COMPILED)
	$(BIN)/ecole check --all

editions: $(STAMP) $(COMPILED) $(BUILD_STAMP) $(MAP_DATA)
	$(BIN)/ecole build-editions

bench: $(STAMP) $(COMPILED) $(MAP_DATA)
	$(BIN)/ecole bench --rebuild-sizes 100,300

lint: $(STAMP)
	$(BIN)/ruff check tools tests
	$(BIN)/ruff format --check tools tests

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(COMPILED): $(STAMP) $(TOOL_SOURCES)
	$(BIN)/python -m compileall -q tools/ecole
	mkdir -p .ecole && touch $@

# To build, only the dependencies (world-atlas): npm ci --omit=dev installs them alone,
# without the test tools. Only when the file is missing: npm ci empties node_modules first,
# and must not remove the test tools that make test installed. Without npm (the publication
# pipelines install Debian and Python packages only), the build draws the outline stored
# with the tool, which the tests keep identical to the dataset's.
$(MAP_DATA):
	@if command -v npm >/dev/null; then \
	  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --omit=dev --no-audit --no-fund --loglevel=error; \
	else \
	  echo "npm absent : la carte de France reprendra le contour enregistré avec l'outil (tools/ecole/assets/france-contour.json)."; \
	fi

$(NODE_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Installs what is missing of PACKAGES, as root or through sudo.
define install-debian
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets Debian :$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	mkdir -p .ecole && touch $@
endef

$(BUILD_STAMP):
	$(call install-debian,$(BUILD_PACKAGES))

$(SYSTEM_STAMP):
	$(call install-debian,$(DEBIAN_PACKAGES))

clean:
	rm -rf site site-formateur .ecole
