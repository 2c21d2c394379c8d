# The README's two commands: `make serve` (the service) and `make test` (the suite).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
EXTRAS ?= train,data,ray,semantic,neural,dev
# torch for the semantic and neural extras, installed first so that pip does not pick a CUDA build (empty: skip)
TORCH ?= torch==2.13.0

.PHONY: install encoder serve test lint bench bench-chat bench-understand bench-dedup bench-export model model-encoder clean

install: $(VENV)/.installed encoder

# The ONNX graph (int8) of the default emotion backend's English model, built once into the cache (XINYU_CACHE,
# default ~/.cache/xinyu; 22 MB, about 20 s on 2 cores). It needs the neural extra; a graph already built is kept.
# Without it English is read by the linear model (with a warning).
encoder: $(VENV)/.installed
	$(if $(findstring neural,$(EXTRAS)),$(VENV)/bin/xinyu export encoder,@echo "no neural extra: English emotion is read by the linear model")

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
	@test -n "$(DATA)" || { echo "usage: make bench DATA=folder-with-smp2020_ewect-goemotions-empathetic_personas"; exit 2; }
	$(PY) bench/bench_emotion.py --data $(DATA)
	$(PY) bench/bench_turn_emotion.py --data $(DATA)

# Load test of /v1/chat on loopback (local engine, SQLite); no data needed
bench-chat: install
	$(PY) bench/bench_chat.py

# The chat path's whole understanding of one turn against the emotion model alone, on the dialogue suite's turns,
# in Simplified and Traditional Chinese; no data needed
bench-understand: install
	$(PY) bench/bench_understand.py

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

# Rebuild the shipped English encoder emotion model (see its MODEL_CARD.md; about 45 minutes on 2 CPU cores)
model-encoder: install
	@test -n "$(DATA)" || { echo "usage: make model-encoder DATA=folder-with-goemotions-dairai_emotion_en-empathetic_personas"; exit 2; }
	bash scripts/build_encoder_model.sh $(DATA)

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis test-artifacts build dist
