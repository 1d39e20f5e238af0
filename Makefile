# One command sets everything up and serves the site; one sets up and tests it.
# See README.md.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
# Development settings for `make run`; production sets its own environment.
DEV_ENV := DJANGO_DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format check-python setup migrate seed admin-account \
	bench bench-smoke bench-smoke-postgresql bench-import lock clean

run: setup
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py import_seeds seeds/
	$(DEV_ENV) $(BIN)/python manage.py create_dev_accounts
	@echo "Serving http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: $(STAMP)

# Find a Python 3.12+ (the repo's .python-version asks pyenv for 3.13).
$(BIN)/python:
	@py=""; for c in python3 python3.13 python3.12; do \
		if command -v $$c >/dev/null 2>&1 && \
		   $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
			py=$$c; break; fi; done; \
	if [ -z "$$py" ]; then \
		echo "This project needs Python 3.12 or newer; found only:" \
			"$$(python3 --version 2>&1)." >&2; \
		echo "Install Python 3.13 (e.g. 'pyenv install 3.13'; the repo's" \
			".python-version selects it) and run make again." >&2; \
		exit 1; fi; \
	echo "Creating $(VENV) with $$($$py --version)"; \
	$$py -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

# Re-pin every dependency from pyproject.toml into requirements.lock.
lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/python -c 'import tomllib; d = tomllib.load(open("pyproject.toml", "rb")); \
		print("\n".join(d["project"]["dependencies"] + d["project"]["optional-dependencies"]["dev"]))' \
		> .lock-venv/wanted.txt
	.lock-venv/bin/pip install --quiet -r .lock-venv/wanted.txt
	( echo "# Exact versions the tests passed with. Regenerate with 'make lock'."; \
	  .lock-venv/bin/pip freeze --exclude pip ) > requirements.lock
	rm -rf .lock-venv

# Public pages under granian next to nginx, at 1k/10k and 100k/1M pieces
# (docs/benchmarks.md); bench-smoke is the quick version CI runs.
# BENCH_ARGS="--database postgresql --pages search,article" (a throwaway local
# PostgreSQL cluster; only those pages): see `python -m cms.bench.pages_bench -h`.
bench: setup
	$(BIN)/python -m cms.bench.pages_bench $(BENCH_ARGS)

bench-smoke: setup
	$(BIN)/python -m cms.bench.pages_bench --quick

bench-smoke-postgresql: setup
	$(BIN)/python -m cms.bench.pages_bench --quick --database postgresql

bench-import: setup
	$(BIN)/python -m cms.bench.import_bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .bench staticfiles
