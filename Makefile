# Two commands on a fresh Debian or Ubuntu machine with Python 3:
#   make play   set up .venv and play the car park scenario
#   make test   set up .venv (and Xvfb) and run the whole test suite
# Pass options through ARGS, e.g. `make play ARGS="--text --lang en"`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the test suite needs: a virtual X server, software OpenGL/EGL, and
# Chromium (headless) to open and print the debrief reports, Poppler to measure the printed
# PDFs, Graphviz to check the DOT graphs.
TEST_PACKAGES := xvfb xauth libgl1 libegl1 libgl1-mesa-dri chromium poppler-utils graphviz espeak-ng vorbis-tools

.PHONY: play test setup system-packages xr-runtime lrs-venv html-validator bench bench-render lint

play: $(STAMP)
	@$(BIN)/simulator play $(ARGS)

test: $(STAMP) system-packages xr-runtime lrs-venv html-validator
	$(BIN)/python -m pytest $(ARGS)

# The XR tests run against Monado in a cached Debian trixie root (first time ~3 min, then <1 s).
# Allowed to fail softly: the XR tests then skip or fail with the reason.
xr-runtime:
	@if [ "$$(id -u)" = 0 ]; then bash tools/xr_runtime.sh setup || \
		echo "make: could not set up the OpenXR runtime root; see above" >&2; \
	else echo "make: not root, so the XR tests will be skipped; run sudo make test for them" >&2; fi

setup: $(STAMP)

$(STAMP): pyproject.toml
	@sh tools/ensure_venv.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

system-packages:
	@sh tools/ensure_packages.sh $(TEST_PACKAGES)

# Ralph, a real xAPI LRS, in its own environment for the LRS round-trip tests.
lrs-venv:
	@sh tools/ensure_lrs_venv.sh "$(PYTHON)" .venv-lrs

# The Nu Html Checker (vnu.jar from npm, run by Java) for the test that validates every page.
html-validator:
	@sh tools/ensure_vnu.sh .vnu

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_debrief.py

bench-render: $(STAMP) system-packages
	$(BIN)/python benchmarks/bench_render.py $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check simulator tests benchmarks tools
	$(BIN)/ruff format --check simulator tests benchmarks tools
	$(BIN)/mypy simulator
