# okrdesk — the two set-up commands are `make run` and `make test`.
# Both create (or refresh, when pyproject.toml changes) the virtual environment .venv.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench soak lint clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

## Launch the app (on a demo workspace when no FILE is given): make run [FILE=path.okrdesk]
run: $(STAMP)
	$(PY) -m okrdesk $(FILE)

## Run the whole test suite headless.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2 $(PYTEST_ARGS)

## Run every benchmark in tests/benchmarks and print measured figures beside their targets.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.benchmarks

## Long crash and hostile-workbook run (thousands of SIGKILLs and workbooks; see RELIABILITY.md).
soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.reliability.soak --kills $(or $(KILLS),2000) --workbooks $(or $(WORKBOOKS),5000)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
