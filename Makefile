PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: chat test bench lint clean postgres
# apt-get as root, else through sudo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

chat: $(STAMP)
	$(BIN)/weiquan chat

# The tests start a throwaway PostgreSQL cluster of their own (tests/pg_cluster.py): on a fresh
# machine without its binaries, the Debian package is installed first. `make chat` needs none.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "$$WEIQUAN_PG_BIN" ] || \
		$(SUDO) sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends postgresql'

# Two pytest workers (pytest-xdist), one per core; a test file stays on one worker, so a module's
# fixtures (a failover run, the OCR report) are built once. Each worker has its own temp folders,
# PostgreSQL cluster and S3 server. `make test WORKERS=0` runs in one process.
WORKERS ?= 2
# Bytecode is cached (in git-ignored __pycache__ folders) even where the environment sets
# PYTHONDONTWRITEBYTECODE: else every `weiquan` process a test starts compiles the project again.
test: $(STAMP) postgres
	$(BIN)/ruff check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n $(WORKERS) --dist loadfile

bench: $(STAMP)
	$(BIN)/python -m tests.bench

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) weiquan-data .pytest_cache
