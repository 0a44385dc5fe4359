# Set-up and everyday commands. Both `make site` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site serve test validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# Debian's chromium for the browser tests (never a browser download).
$(TEST_STAMP): $(STAMP)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null; }
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(STAMP)
	$(BIN)/mkdocs build

# --dirty: after an edit only the pages it changed are rendered again (generator/plugin.py).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

validate: $(STAMP)
	$(BIN)/innobank validate

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV)
