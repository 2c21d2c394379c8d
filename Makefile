# The README's two commands: `make serve` (the service) and `make test` (the suite).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
EXTRAS ?= train,data,ray,semantic,neural,dev
# torch for the semantic and neural extras, installed first so that pip does not pick a CUDA build (empty: skip)
TORCH ?= torch==2.13.0

.PHONY: install serve test lint bench bench-chat bench-dedup bench-export model clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(if $(TORCH),$(PY) -m pip install --quiet '$(TORCH)')
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	@touch $@

serve: install
	$(VENV)/bin/xinyu serve

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

# Benchmarks and the model build read the public datasets: make bench DATA=path/to/datasets
bench: install
	@test -n "$(DATA)" || { echo "usage: make bench DATA=folder-with-smp2020_ewect"; exit 2; }
	$(PY) bench/bench_emotion.py --data $(DATA)

# Load test of /v1/chat on loopback (local engine, SQLite); no data needed
bench-chat: install
	$(PY) bench/bench_chat.py

# Near-duplicate detection, 1M short Chinese texts, xinyu against datasketch (about 10 minutes on 2 cores)
bench-dedup: install
	@test -n "$(DATA)" || { echo "usage: make bench-dedup DATA=folder-with-the-chinese-datasets"; exit 2; }
	$(PY) bench/bench_dedup.py --data $(DATA)

# The transformer models on a CPU: PyTorch against the ONNX and GGUF exports (llama.cpp row when
# llama-cpp-python is installed; it builds from source: CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install llama-cpp-python)
bench-export: install
	@test -n "$(DATA)" || { echo "usage: make bench-export DATA=folder-with-smp2020_ewect-and-esconv"; exit 2; }
	$(PY) bench/bench_export.py --data $(DATA)

# Rebuild the shipped linear emotion model (see its MODEL_CARD.md): make model DATA=path/to/datasets
model: install
	@test -n "$(DATA)" || { echo "usage: make model DATA=folder-with-smp2020_ewect-and-goemotions"; exit 2; }
	bash scripts/build_linear_model.sh $(DATA)

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis test-artifacts build dist
