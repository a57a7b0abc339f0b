# The README's two commands: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app awards
# `make run PORT=5001` serves on another port; `make test PYTEST_ARGS="-k voting"` narrows the suite.
PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: run test install translations messages lint typecheck format bench clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

translations: install
	@$(BIN)/pybabel -q compile -f -d awards/translations

# After marking new strings: extract them and merge them into every catalogue, then translate
# the new entries (tests/unit/test_translations.py fails while any language misses one).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k lazy_ngettext:1,2 \
	  -c "Translators:" --sort-by-file --no-wrap -o awards/translations/messages.pot .
	$(BIN)/pybabel update --no-wrap -i awards/translations/messages.pot -d awards/translations

instance/secret_key:
	@mkdir -p instance
	@$(PYTHON) -c 'import secrets; print(secrets.token_hex(32))' > $@
	@chmod 600 $@

run: install translations instance/secret_key
	AWARDS_ENV=development $(FLASK) db upgrade
	AWARDS_ENV=development $(FLASK) awards demo --if-missing
	AWARDS_ENV=development $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install translations
	$(BIN)/pytest $(PYTEST_ARGS)

# Figures, not tests: gunicorn on a fresh PostgreSQL database under a load tool on loopback,
# fresh clone to first page for `make run`, `make test` duration, entry figures.
# Results: benchmarks/results/*.json and benchmarks/results/latest.md.
bench: install translations
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	  && (apt-get install -y -q wrk >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null)) \
	  || echo "wrk is not available: the Python load generator will be used"; }
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
