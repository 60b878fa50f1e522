# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What `make run` serves on: `make run PORT=5101` or `make run HOST=0.0.0.0` (a LAN laptop).
HOST ?= 127.0.0.1
PORT ?= 5000
# The app's own requirements, and on top of them the test and benchmark tools.
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
export FLASK_APP := planner

.PHONY: run test bench load install install-dev db seed demo lint serve clean messages translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(RUNTIME)

$(DEV): $(RUNTIME) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(DEV)

install: $(RUNTIME)

install-dev: $(DEV)

db: install
	$(BIN)/flask --app planner db upgrade

seed: db
	$(BIN)/flask --app planner seed

demo: seed
	$(BIN)/flask --app planner demo

## make run: install the app's requirements, migrate, seed, create the demo accounts (printed)
## and serve on http://$(HOST):$(PORT) (default 127.0.0.1:5000)
run: demo translations
	@echo "Serving on http://$(HOST):$(PORT) — sign in with one of the accounts above."
	$(BIN)/flask --app planner run --host $(HOST) --port $(PORT)

## make test: the whole suite (unit, HTTP, PostgreSQL, browser); absent tools are skipped with a reason
test: install-dev translations
	$(BIN)/python -m pytest -n 2 --dist loadgroup
	$(BIN)/bandit -q -r planner -lll

## make messages: after marking strings, extract them (babel.cfg) into translations/messages.pot
## and update every catalogue; then translate the new entries of ru, hy and az.
## make translations: compile the catalogues (.po → .mo); make run and make test do it first.
CATALOGUES := $(wildcard translations/*/LC_MESSAGES/messages.po)
EXTRACT_KEYWORDS := -k lazy_gettext -k _l -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2

messages: install
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg $(EXTRACT_KEYWORDS) --add-location=file --sort-by-file \
		--no-wrap --project="Dialogue Workshop Planner" -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-wrap \
		--no-fuzzy-matching --ignore-obsolete

translations: $(CATALOGUES:.po=.mo)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(RUNTIME)
	$(BIN)/pybabel compile -i $< -o $@ -l $*

## make bench: print the benchmark figures (never fails on a figure)
bench: install-dev
	$(BIN)/python -m bench

## make load: nginx → 2 gunicorn instances → PostgreSQL + Redis on loopback, wrk 30 s per workload
load: install-dev
	$(BIN)/python scripts/load_test.py --seconds 30

lint: install-dev
	$(BIN)/ruff check planner bench scripts tests
	$(BIN)/ruff format --check planner bench scripts tests

## production-like serving with gunicorn (set DATABASE_URL, SECRET_KEY and, with more than one
## worker, RATELIMIT_STORAGE_URI=redis://host:port first; gunicorn.conf.py refuses memory://).
## E-mail goes out through the outbox worker, a second process beside gunicorn (MAIL_SERVER,
## MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME, MAIL_PASSWORD, MAIL_DEFAULT_SENDER, PUBLIC_URL).
serve: install translations
	@echo "E-mail: run the outbox worker beside the server, with the same environment:"
	@echo "  PLANNER_ENV=production $(BIN)/flask --app planner outbox send --watch"
	@echo "(without MAIL_SERVER nothing is sent; approved messages stay readable in the outbox)"
	PLANNER_ENV=production $(BIN)/gunicorn --config gunicorn.conf.py "planner:create_app()"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
