# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: demo test bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "advisor needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.installed

## demo: set up, then score every bundled example profile and print a readable summary
demo: $(VENV)/.installed
	@for profile in examples/*.json; do \
		echo "== $$profile"; \
		$(BIN)/advisor score "$$profile" --format text || exit $$?; \
		echo; \
	done

## test: set up with the test dependencies, then run the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

## bench: print the speed figures (cold start, assessments per second)
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_score.py

clean:
	rm -rf $(VENV) build dist out .pytest_cache .hypothesis
