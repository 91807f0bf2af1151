# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install runtime migrate demo lint messages backup restore clean bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# make run needs only the runtime packages, make test the development ones too.
# --no-compile: Python compiles only what it imports, when it first imports it.
$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	touch $@

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.installed

runtime: $(VENV)/.runtime

migrate: runtime
	$(PY) manage.py migrate --noinput

demo: runtime
	$(PY) manage.py demo_up --no-banner

## make run: set up, load the demo institute, start web + Celery worker + beat (Ctrl-C stops all).
## demo_up migrates (a new SQLite database at once), seeds the demo and prints the
## banner in one process; `make run TIMINGS=1` prints how long each step took.
run: runtime
	@$(PY) manage.py demo_up --url http://$(HOST):$(PORT)/ $(if $(TIMINGS),--timings)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} CELERY_TICK_SECONDS=$${CELERY_TICK_SECONDS:-60} \
		HOST=$(HOST) PORT=$(PORT) \
		$(VENV)/bin/honcho --procfile Procfile.dev start

## make test: set up and run the whole suite (lint, migrations check, pytest): the bulk
## on TEST_WORKERS processes (pytest-xdist, one test database each), then the tests
## marked `serial` (PostgreSQL restart, real Celery workers, time bounds) on their own.
## Exit status 5 is pytest's "no tests ran" (a pass that selected nothing).
TEST_WORKERS ?= auto
test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not serial" || [ $$? -eq 5 ]
	$(PY) -m pytest -p no:xdist -m serial || [ $$? -eq 5 ]

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r core chuangxian organizations pledges evaluations bench -x '*/migrations/*'

messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

## make backup: database + uploaded files into var/backups/<timestamp>/
backup: install
	$(PY) manage.py backup

## make restore [BACKUP=var/backups/<timestamp>]: the latest backup unless BACKUP is given
restore: install
	$(PY) manage.py restore $(BACKUP)

## make bench [FRESH=1] [SIZE=small]: full-size benchmark on PostgreSQL (bench/README.md), ~15 min
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/chuangxian_bench
bench: install
	@command -v wrk >/dev/null || apt-get install -y -qq wrk || \
		(apt-get update -qq && apt-get install -y -qq wrk)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench.run $(if $(FRESH),--fresh) $(if $(SIZE),--size $(SIZE))

clean:
	rm -rf var/broker var/test.sqlite3
