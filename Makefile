# The README's two commands: `make serve` (the service) and `make test` (the suite).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
EXTRAS ?= train,dev

.PHONY: install serve test lint bench model clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	@touch $@

serve: install
	$(VENV)/bin/xinyu serve

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

# Benchmarks (need ../shared/data or DATA=...); results go to docs/benchmarks.md by hand.
DATA ?= ../shared/data
bench: install
	$(PY) bench/bench_emotion.py --data $(DATA)

# Rebuild the shipped linear emotion model from the public datasets (see its model card).
model: install
	bash scripts/build_linear_model.sh $(DATA)

clean:
	rm -rf $(VENV) var .pytest_cache build dist
