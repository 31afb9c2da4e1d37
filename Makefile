# Two commands do all set-up on a fresh machine:
#   make run   - create .venv, install, upgrade the database, load the demo project, serve :8000
#   make test  - create .venv, install, run ruff, mypy, the import contracts and the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint typecheck imports browser demo-data bench load fuzz eval clean

# Install progress is shown (no --quiet): the first `make run` downloads and builds for minutes.
$(STAMP): pyproject.toml
	@echo "== 1/3 Creating the virtual environment in $(VENV)"
	$(PYTHON) -m venv $(VENV)
	@echo "== 2/3 Installing torch (CPU build, the largest download; a few minutes on a first install)"
	# torch first, pinned: 2.13.0 is the CPU build on this machine's disk; anything else pulls CUDA (GBs).
	$(BIN)/pip install --progress-bar on torch==2.13.0
	@echo "== 3/3 Installing Desirelines and its dependencies"
	$(BIN)/pip install --progress-bar on -e '.[dev]'
	touch $(STAMP)
	@echo "== Installed."

install: $(STAMP)

run: install
	@echo "== Upgrading the database"
	$(BIN)/desirelines db upgrade
	@echo "== Loading the demo project (once)"
	$(BIN)/desirelines demo
	@echo "== Starting the server (it codes the demo in the background)"
	$(BIN)/desirelines serve

lint: install
	$(BIN)/ruff check app nlp tests scripts migrations bench

typecheck: install
	$(BIN)/mypy

# Import contracts ([tool.importlinter] in pyproject.toml): which folders may import which.
imports: install
	$(BIN)/lint-imports

# The browser tests drive Debian's chromium; install it when missing and apt-get can (never a downloaded browser).
browser:
	@command -v chromium >/dev/null || (command -v apt-get >/dev/null && \
		(apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium))) || true

test: install lint typecheck imports browser
	$(BIN)/pytest

demo-data: install
	$(BIN)/python scripts/make_demo_data.py

bench: install
	$(BIN)/python bench/bench_coding.py
	$(BIN)/python bench/bench_service.py

# Mixed load against a server started on loopback (SQLite; set DESIRELINES_DATABASE_URL for PostgreSQL).
load: install
	$(BIN)/python bench/load.py --users 20 --seconds 60

# Schemathesis over every API operation of a server started on loopback; lists the ones that answer 5xx.
fuzz: install
	$(BIN)/python bench/fuzz.py --max-examples 20

eval: install
	$(BIN)/desirelines eval

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
