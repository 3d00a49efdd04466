# Two commands for a fresh machine: `make run` (one aggregation pass) and `make test`;
# `make demo` shows the product on a bundled local news site (no network needed).
# Each creates .venv on first use and reinstalls only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo lint bench clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/aggregator fetch

demo: $(STAMP)
	$(BIN)/aggregator demo

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The Datasette end-to-end test drives Debian's headless Chromium; install it when missing
# (needs root, as in CI). Without it that one test is skipped with the reason.
browser:
	@command -v chromium >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "note: chromium could not be installed; the browser test will be skipped"

lint: $(STAMP)
	$(BIN)/ruff check aggregator tests benchmarks
	$(BIN)/ruff format --check aggregator tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) build *.egg-info
