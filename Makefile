# The two commands of the README. Both set up .venv on a fresh machine first.
#   make seeds   run the finder on seeds/ -> flagged.jsonl, report.html and a summary
#                (verdicts recorded with 'contradict review flagged.jsonl' are carried forward)
#   make test    run the test suite (what .ci/run calls)
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: seeds test bench install

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: this version's CPU wheel is on local disk; anything else pulls CUDA.
	$(PY) -m pip install --quiet torch==2.13.0
	# the ray extra too, so the suite runs the Ray engine's test (about 100 MB; the plain install stays lean)
	$(PY) -m pip install --quiet -e '.[test,ray]'
	touch $@

seeds: $(VENV)/.installed
	$(VENV)/bin/contradict scan seeds -o flagged.jsonl --html report.html \
		$(if $(wildcard flagged.verdicts.jsonl),--verdicts flagged.verdicts.jsonl)

test: $(VENV)/.installed
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) scripts/bench.py seeds
