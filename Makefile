# Two commands: `make run` (set up, build the index if missing, serve the UI)
# and `make test` (set up, run the tests). Everything installs into .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install run test index lint eval browser clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build on this disk (a plain `torch` pulls CUDA).
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

index: install
	@test -f index/CURRENT || $(BIN)/assistant index

run: index
	$(BIN)/python app.py

test: install browser
	$(BIN)/python -m pytest

# The real-browser test needs Debian's chromium; without root or apt it is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)) \
	  || echo "chromium could not be installed: the browser test will be skipped"; }

lint: install
	$(BIN)/ruff check assistant tests eval app.py
	$(BIN)/mypy
	$(BIN)/lint-imports

# The quality scripts on the own set (safety: on every set); the sets are in eval/sets/.
eval: index
	$(BIN)/python -m eval.quality.retrieval
	$(BIN)/python -m eval.quality.answers
	$(BIN)/python -m eval.quality.safety
	$(BIN)/python -m eval.quality.applicability
	$(BIN)/python -m eval.quality.citations
	$(BIN)/python -m eval.quality.overclaims
	$(BIN)/python -m eval.quality.lists
	$(BIN)/python -m eval.quality.silence
	$(BIN)/python -m eval.quality.plans
	$(BIN)/python -m eval.quality.assess
	$(BIN)/python -m eval.quality.chat --quiet

clean:
	rm -rf $(VENV) index
