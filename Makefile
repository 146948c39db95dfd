# Two commands do everything on a fresh machine: `make audit` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: audit test bench lint eval clean bytecode

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The package byte-compiled ahead: where PYTHONDONTWRITEBYTECODE is set (as on these machines and
# in CI) Python would otherwise compile every module of it again at each start, about 0.06 s a run.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q auditor

# audit the sample articles; findings (exit 1) are the point of the demo
audit: bytecode
	$(BIN)/auditor check corpora/samples; status=$$?; [ $$status -le 1 ]

test: bytecode
	$(BIN)/python -m pytest

bench: bytecode
	$(BIN)/python benchmarks/bench.py

eval: bytecode
	$(BIN)/auditor eval corpora/eval/articles --gold corpora/eval/gold.jsonl --config corpora/eval/auditor.toml
	$(BIN)/auditor eval corpora/eval/senses --gold corpora/eval/senses/gold.jsonl --select AUD1
	$(BIN)/auditor eval corpora/eval/senses --gold corpora/eval/senses/gold.jsonl --select AUD1 --no-model

lint: $(STAMP)
	$(BIN)/ruff check auditor tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
