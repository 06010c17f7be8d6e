# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv and install what they need.
# `make serve` starts the web interface the same way (pass options with ARGS, e.g. `make serve ARGS="--port 8080"`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
ARGS ?=

# System libraries: Pango for WeasyPrint, harfbuzz-subset for fast PDF font subsetting, poppler-utils (pdftoppm)
# for the page-image smoke test. Installed with apt-get when running as root and missing; otherwise left alone.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
# Debian's headless browser and its driver (same version) for the web tests in a real browser; only `make test`
# installs them, without the recommended extras (~120 MB).
BROWSER_PACKAGES := chromium chromium-driver

.PHONY: demo test serve bench messages clean system-packages browser-packages

# $(call apt-install,PACKAGES,OPTIONS): install the PACKAGES that are missing, when root on Debian or Ubuntu
define apt-install
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		missing=""; \
		for package in $(1); do \
			dpkg -s "$$package" >/dev/null 2>&1 || missing="$$missing $$package"; \
		done; \
		if [ -n "$$missing" ]; then \
			echo "installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) $$missing >/dev/null; \
		fi; \
	fi
endef

system-packages:
	$(call apt-install,$(SYSTEM_PACKAGES))

browser-packages:
	$(call apt-install,$(BROWSER_PACKAGES),--no-install-recommends)

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
	@mkdir -p out  # advisor never creates an output folder by itself
	@for profile in examples/*.json; do \
		echo "== $$profile"; \
		$(BIN)/advisor score "$$profile" --format text || exit $$?; \
		$(BIN)/advisor report "$$profile" -o "out/$$(basename "$$profile" .json).pdf" || exit $$?; \
		echo; \
	done
	@echo "== a forecasting-only manufacturer, with the extended catalogue (--rules extended)"
	@echo '{"organization": {"name": "Kessler Pumpen GmbH"}, "needs": {"forecasting": {"importance": 5, "volume": "high"}}}' \
		| $(BIN)/advisor score - --rules extended --format text

## test: set up with the test dependencies, lint (ruff) and type-check (mypy, strict on advisor/core; both configured
## in pyproject.toml), then run the whole test suite, its modules spread over every core (each module stays in one
## process, so its fixtures, a browser among them, are made once)
test: system-packages browser-packages $(VENV)/.installed-test
	$(BIN)/python -m ruff check advisor tests benchmarks
	$(BIN)/python -m mypy
	$(BIN)/python -m compileall -q advisor >/dev/null  # every CLI run of the tests then starts from bytecode, also where PYTHONDONTWRITEBYTECODE is set
	$(BIN)/python -m pytest -n auto --dist loadfile

## serve: set up, then serve the questionnaire and the result in a browser (http://127.0.0.1:8000/; Ctrl-C stops)
serve: system-packages $(VENV)/.installed
	$(BIN)/advisor serve $(ARGS)

## bench: print the speed figures (cold start, throughput, robustness, report rendering, questionnaire start, batch,
## the web server under load, a survey under load)
bench: system-packages $(VENV)/.installed-test
	$(PIP) install -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_cold.py
	$(BIN)/python benchmarks/bench_score.py
	$(BIN)/python benchmarks/bench_robustness.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_ask.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_web.py
	$(BIN)/python benchmarks/bench_survey.py
	$(BIN)/python benchmarks/bench_group.py

## messages: extract every text a user reads (catalogue modules, marked templates and Python, rules/ and templates/
## YAML) to advisor/locale/advisor.pot, and regenerate the pseudo-locale en-XA from it (advisor/locale/en_XA: .po, .mo)
messages: $(VENV)/.installed
	$(BIN)/python -m advisor.words.extract .

clean:
	rm -rf $(VENV) build dist out .pytest_cache .hypothesis .ruff_cache .mypy_cache test-artifacts
