# The README's commands. Each target installs what it needs (scripts/setup.sh).
PY := .venv/bin/python
RUFF := .venv/bin/ruff
export QT_QPA_PLATFORM := offscreen
export PYTHONDONTWRITEBYTECODE := 1
PLUGIN := sahel_overlap
PROFILE_PLUGINS ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)

.PHONY: setup demo test lint format install package bench screenshots clean

setup:
	@bash scripts/setup.sh

demo: setup
	$(PY) scripts/demo.py --out out

test: setup lint
	$(PY) -m pytest -ra

lint: setup
	$(RUFF) check .
	$(RUFF) format --check .

format: setup
	$(RUFF) format .
	$(RUFF) check --fix .

install:
	mkdir -p "$(PROFILE_PLUGINS)"
	ln -sfn "$(CURDIR)" "$(PROFILE_PLUGINS)/$(PLUGIN)"
	@echo "Linked $(CURDIR) as $(PROFILE_PLUGINS)/$(PLUGIN); enable it in QGIS's plugin manager"

package:
	/usr/bin/python3 scripts/package.py

bench: setup
	$(PY) benchmarks/run.py $(BENCH_ARGS)
	$(PY) benchmarks/postgis_bench.py $(PG_BENCH_ARGS)

screenshots:
	/usr/bin/python3 scripts/make_screenshots.py

clean:
	rm -rf build dist out .pytest_cache .ruff_cache
