# Two commands do everything on a fresh machine: `make audit` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: audit test bench lint eval clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# audit the sample articles; findings (exit 1) are the point of the demo
audit: $(STAMP)
	$(BIN)/auditor check corpora/samples; status=$$?; [ $$status -le 1 ]

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

eval: $(STAMP)
	$(BIN)/auditor eval corpora/eval/articles --gold corpora/eval/gold.jsonl --config corpora/eval/auditor.toml
	$(BIN)/auditor eval corpora/eval/senses --gold corpora/eval/senses/gold.jsonl --select AUD1
	$(BIN)/auditor eval corpora/eval/senses --gold corpora/eval/senses/gold.jsonl --select AUD1 --no-model

lint: $(STAMP)
	$(BIN)/ruff check auditor tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info
