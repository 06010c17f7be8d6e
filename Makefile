# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

# System libraries: Pango for WeasyPrint, harfbuzz-subset for fast PDF font subsetting, poppler-utils (pdftoppm)
# for the page-image smoke test. Installed with apt-get when running as root and missing; otherwise left alone.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

.PHONY: demo test bench clean system-packages

system-packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		missing=""; \
		for package in $(SYSTEM_PACKAGES); do \
			dpkg -s "$$package" >/dev/null 2>&1 || missing="$$missing $$package"; \
		done; \
		if [ -n "$$missing" ]; then \
			echo "installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		fi; \
	fi

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "advisor needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.installed

## demo: set up, then score every bundled example, print a readable summary and write its PDF report to out/
demo: system-packages $(VENV)/.installed
	@for profile in examples/*.json; do \
		echo "== $$profile"; \
		$(BIN)/advisor score "$$profile" --format text || exit $$?; \
		$(BIN)/advisor report "$$profile" -o "out/$$(basename "$$profile" .json).pdf" || exit $$?; \
		echo; \
	done
	@echo "== a forecasting-only manufacturer, with the extended catalogue (--rules extended)"
	@echo '{"organization": {"name": "Kessler Pumpen GmbH"}, "needs": {"forecasting": {"importance": 5, "volume": "high"}}}' \
		| $(BIN)/advisor score - --rules extended --format text

## test: set up with the test dependencies, then run the whole test suite
test: system-packages $(VENV)/.installed-test
	$(BIN)/python -m pytest

## bench: print the speed figures (cold start, throughput, robustness, report rendering, questionnaire start, batch)
bench: system-packages $(VENV)/.installed-test
	$(PIP) install -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_score.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_ask.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) build dist out .pytest_cache .hypothesis
