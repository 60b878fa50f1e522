# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := planner

.PHONY: run test bench load install db seed demo lint serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

db: install
	$(BIN)/flask --app planner db upgrade

seed: db
	$(BIN)/flask --app planner seed

demo: seed
	$(BIN)/flask --app planner demo

## make run: install, migrate, seed, create the demo accounts (printed) and serve on :5000
run: demo
	@echo "Serving on http://127.0.0.1:5000 — sign in with one of the accounts above."
	$(BIN)/flask --app planner run --host 127.0.0.1 --port 5000

## make test: the whole suite (unit, HTTP, PostgreSQL, browser); absent tools are skipped with a reason
test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup
	$(BIN)/bandit -q -r planner -lll

## make bench: print the benchmark figures (never fails on a figure)
bench: install
	$(BIN)/python -m bench

## make load: nginx → 2 gunicorn instances → PostgreSQL + Redis on loopback, wrk 30 s per workload
load: install
	$(BIN)/python scripts/load_test.py --seconds 30

lint: install
	$(BIN)/ruff check planner bench scripts tests
	$(BIN)/ruff format --check planner bench scripts tests

## production-like serving with gunicorn (set DATABASE_URL, SECRET_KEY and, with more than one
## worker, RATELIMIT_STORAGE_URI=redis://host:port first; gunicorn.conf.py refuses memory://)
serve: install
	PLANNER_ENV=production $(BIN)/gunicorn --config gunicorn.conf.py "planner:create_app()"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
