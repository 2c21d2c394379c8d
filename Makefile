# The README's two commands: `make serve` (the service) and `make test` (the suite).
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
COMMA := ,
DEFAULT_EXTRAS := train,data,ray,semantic,neural,otel,dev
EXTRAS ?= $(DEFAULT_EXTRAS)
# torch for the semantic and neural extras, installed first so that pip does not pick a CUDA build (empty: skip)
TORCH ?= torch==2.13.0
# Every other dependency pinned with its hashes (CPython 3.11, Linux): full.lock for the default extras, core.lock
# for none. Other extras, or LOCK= , resolve from pyproject.toml instead. `make lock` re-pins both.
LOCK ?= $(if $(EXTRAS),$(if $(filter $(DEFAULT_EXTRAS),$(EXTRAS)),requirements/full.lock),requirements/core.lock)

.PHONY: install lock encoder serve test lint bench bench-chat bench-understand bench-dedup bench-export model model-encoder clean

install: $(VENV)/.installed encoder

# The ONNX graph (int8) of the default emotion backend's English model, built once into the cache (XINYU_CACHE,
# default ~/.cache/xinyu; 22 MB, about 20 s on 2 cores). It needs the neural extra; a graph already built is kept.
# Without it English is read by the linear model (with a warning).
encoder: $(VENV)/.installed
	$(if $(findstring neural,$(EXTRAS)),$(VENV)/bin/xinyu export encoder,@echo "no neural extra: English emotion is read by the linear model")

$(VENV)/.installed: pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(if $(TORCH),$(PY) -m pip install --quiet '$(TORCH)')
	$(if $(LOCK),$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK),@echo "no lock for extras '$(EXTRAS)': resolving from pyproject.toml")
	$(PY) -m pip install --quiet $(if $(LOCK),--no-deps) -e '.[$(EXTRAS)]'
	$(if $(LOCK),$(PY) -m pip check)
	@touch $@

# Re-pin requirements/*.lock after a dependency changes in pyproject.toml (uv, from the dev extra). torch is left
# out (its own step installs the build for your machine) and its CPU build is what the lock resolves against:
# pip's find-links (PIP_FIND_LINKS) or an index that serves it (UV_EXTRA_INDEX_URL) must offer it.
LOCK_ARGS = --quiet --generate-hashes --python-version 3.11 --python $(PY) --no-emit-package torch \
	--custom-compile-command "make lock" -c $(VENV)/torch-pin.txt $(if $(PIP_FIND_LINKS),--find-links $(PIP_FIND_LINKS))
lock: $(VENV)/.installed
	echo '$(TORCH)' > $(VENV)/torch-pin.txt
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_ARGS) $(foreach e,$(subst $(COMMA), ,$(DEFAULT_EXTRAS)) postgres,--extra $(e)) -o requirements/full.lock
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_ARGS) -o requirements/core.lock

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
