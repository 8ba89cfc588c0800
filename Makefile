# Two commands matter: `make demo` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip
export FLASK_APP := server
DEMO_DB ?= sqlite:///$(CURDIR)/instance/demo.sqlite3
# A fresh signing key for each demo run (never commit one); set SECRET_KEY to keep sessions.
export SECRET_KEY ?= $(shell $(PYTHON) -c 'import secrets; print(secrets.token_hex(32))')

.PHONY: demo test install install-test browser lint typecheck pytest bench bench-smoke clean serve

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(BIN)/activate
	$(PIP) install -q -e '.[dev]'
	$(BIN)/python -c 'import routing; routing.warm_up()'  # compile the search kernel once (cached)

install-bench: install
	$(PIP) install -q -e '.[dev,bench]'

## demo: install, create the SQLite database with migrations, load the demo data, serve
demo: install
	mkdir -p instance
	rm -f instance/demo.sqlite3
	DATABASE_URL=$(DEMO_DB) $(BIN)/flask --app server db upgrade
	DATABASE_URL=$(DEMO_DB) $(BIN)/flask --app server load-demo
	@DATABASE_URL=$(DEMO_DB) $(BIN)/flask --app server demo-banner --url http://127.0.0.1:5000
	DATABASE_URL=$(DEMO_DB) $(BIN)/gunicorn --bind 127.0.0.1:5000 --workers 1 --threads 8 'server:create_app()'

## browser: Debian's Chromium for the Playwright tests (no browser download), and a font
## for Chinese text (the demo's plates and names) in the screenshots: wanted, not required
## (installed with Chromium in one apt run; on its own where only the font is missing)
APT := $(if $(filter 0,$(shell id -u)),,sudo )
browser:
	@command -v chromium >/dev/null 2>&1 || { $(APT)apt-get update -qq && $(APT)apt-get install -y -qq chromium fonts-dejavu-core fonts-wqy-microhei; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { $(APT)apt-get update -qq && $(APT)apt-get install -y -qq fonts-wqy-microhei; } \
	  || echo "warning: no Chinese font installed; screenshots show Chinese text as boxes"

install-test: install-bench browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install-test
	$(BIN)/pytest

## test: install what tests need, then lint, type-check and run the whole suite
test: install-test lint typecheck pytest

## bench: the full benchmarks; figures land in BENCHMARKS.md
bench: install-bench
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache test-artifacts
