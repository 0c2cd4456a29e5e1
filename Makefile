# The targets a new user and CI run. Everything lives in .venv/ inside the checkout.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: app test chromium apertium install index eval lint clean-index

# Install everything and start the chat app on 127.0.0.1 (building the index first if missing).
app: apertium index
	$(BIN)/python app.py

# Install everything, lint, and run the whole test suite.
# The browser tests drive Debian's chromium (Playwright's client, never its downloaded browsers).
test: lint apertium chromium
	$(BIN)/python -m pytest -q

# Lint and format check (ruff, pinned in the test extras); CI fails on either.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Debian packages, installed once when missing.
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && \
	$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

chromium:
	@test -x /usr/bin/chromium || { $(APT_INSTALL) chromium >/dev/null; }

# Apertium translates questions between Spanish and English (no model weights, offline).
apertium:
	@test -f /usr/share/apertium/modes/spa-eng.mode || { $(APT_INSTALL) apertium-en-es >/dev/null; }

install: $(STAMP) apertium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch, pinned: an unpinned torch pulls several GB of CUDA wheels.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

index: $(STAMP)
	$(BIN)/ssassist status >/dev/null 2>&1 || $(BIN)/ssassist ingest

# Rerun the figures quoted in the README: the benchmark, then the gold-set eval against the
# baselines, whose report repeats the benchmark's targets (eval/reports/eval.md, bench.md, ...).
eval: apertium index
	$(BIN)/ssassist bench
	$(BIN)/ssassist eval

clean-index:
	rm -rf index/chroma.sqlite3 index/*/ index/sentences-*.npz
