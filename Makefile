# 民众期望管理 — the two commands: `make book` and `make test`.
# Both create the environment from pinned versions when it is missing:
#   .venv/          Python packages from requirements/lock.txt (exact pins), plus this package (editable)
#   node_modules/   MathJax, require.js, the widget html-manager and Vega, from package-lock.json
#   Debian packages fonts-noto-cjk (charts in Chinese) and chromium (browser test), via tools/sysdeps.sh
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ENV_STAMP := $(VENV)/.lock-installed
NODE_STAMP := node_modules/.lock-installed
BOOK_HTML := book/_build/html
JB := $(BIN)/jupyter-book build . --config book/_config.yml --toc book/_toc.yml --path-output book

.PHONY: help env vendor sysdeps-book sysdeps-test book book-clean pdf test test-lab test-nbval test-unit lab lab-reset hub class-test assignments bench datasets robustness lock clean report

help:
	@echo "make book   build the book into $(BOOK_HTML) (sets everything up first)"
	@echo "make pdf    the PDF edition: book/_build/pdf/民众期望管理.pdf (builds the book first)"
	@echo "make test   every test: helpers, doctests, notebooks (nbval), the built book in a browser, the PDF"
	@echo "make test-nbval  nbval executing every chapter again in its own kernel"
	@echo "make test-lab    the live JupyterLab test with the widgets of every chapter run"
	@echo "make lab    open JupyterLab (zh-CN) on a working copy of the chapters (make lab-reset CHAPTER=NN)"
	@echo "make hub    class mode: one JupyterHub for a class (deploy/jupyterhub, book/instructor_guide.md)"
	@echo "make class-test  load test of the hub on this machine: N = 5, 10, 20, 30 trainees run a chapter at once"
	@echo "make assignments the nbgrader assignments generated from the chapters' exercises (build/assignments)"
	@echo "make bench  performance benchmarks of the helpers"
	@echo "make report FILE=export.xlsx [KIND=survey|ratings|tickets] [OUT=folder] [MAPPING=mapping.yml]  report on your own export"
	@echo "make robustness  re-check every claim of the chapters on 20 other draws of the data"

$(ENV_STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp tools/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

env: $(ENV_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

vendor: $(NODE_STAMP)

sysdeps-book:
	@tools/sysdeps.sh fonts-noto-cjk

sysdeps-test:
	@tools/sysdeps.sh fonts-noto-cjk chromium poppler-utils

# Chapters are executed first, in parallel, into the build's execution cache (tools/execute.py);
# Sphinx then reads every chapter from that cache.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

book: env vendor sysdeps-book
	$(BIN)/python tools/execute.py --jobs $(JOBS)
	$(JB) --warningiserror --keep-going
	@echo "book: open $(BOOK_HTML)/index.html"

# The PDF edition: the book's single-page HTML (same configuration and execution cache; it starts
# from a copy of the html build's doctrees, which Sphinx shares between builders) printed by
# chromium with a print stylesheet (tools/pdf.py).
PRINT_HTML := book/_build/print/_build/singlehtml

pdf: book sysdeps-test
	@rm -rf book/_build/print/_build/.doctrees && mkdir -p book/_build/print/_build && cp -r book/_build/.doctrees book/_build/print/_build/.doctrees
	$(BIN)/jupyter-book build . --config book/_config.yml --toc book/_toc.yml --path-output book/_build/print --builder singlehtml --warningiserror --keep-going
	$(BIN)/python tools/pdf.py --html $(PRINT_HTML)

book-clean:
	rm -rf book/_build

# The chapters are checked by nbval against the execution `make book` just made (tests/nbval_cached.py),
# so that each chapter runs once; `make test-nbval` has nbval execute every chapter again instead.
NBVAL := --nbval-sanitize-with tests/nbval_sanitize.cfg -p tests.nbval_cached
PYTEST_ALL := $(BIN)/python -m pytest tests src/helpers chapters -p no:randomly --durations=25 -n $(JOBS) --dist loadfile

test: env vendor sysdeps-test book pdf
	COURSE_REQUIRE_PDF=1 $(PYTEST_ALL) $(NBVAL) --nbval-cached

# The live JupyterLab test with the widgets of every chapter run (make test runs six chapters live).
test-lab: env vendor sysdeps-test
	LAB_ALL=1 $(BIN)/python -m pytest tests/browser/test_lab_live.py tests/browser/test_lab_live_odd.py -p no:randomly -n $(JOBS) --dist loadfile

test-nbval: env
	$(BIN)/python -m pytest chapters --nbval $(NBVAL) -p no:randomly -n $(JOBS) --dist loadfile

test-unit: env
	$(BIN)/python -m pytest tests src/helpers -m "not browser"

# The instructor's JupyterLab: a trusted working copy of the chapters in .lab/ (the sources in
# chapters/ stay as published), opening on the course landing page; `make lab-reset CHAPTER=03`.
lab: env vendor sysdeps-book
	$(BIN)/python tools/lab.py prepare
	$(BIN)/jupyter lab --ServerApp.root_dir=.lab --LabApp.default_url=/lab/tree/00_课程首页.ipynb $(if $(filter 0,$(shell id -u)),--allow-root,)

lab-reset: env vendor
	$(BIN)/python tools/lab.py reset $(CHAPTER)

# Class mode: one JupyterHub for a class, every trainee on their own copy of the chapters in a
# Chinese JupyterLab with the course environment (deploy/jupyterhub/jupyterhub_config.py; settings
# by COURSE_HUB_* variables). Listens on 127.0.0.1:8000 unless told otherwise; stop with Ctrl-C.
hub: env vendor sysdeps-book
	$(BIN)/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

# Load test on this machine, loopback only: the hub with local processes, N trainees created
# through its REST API, each running a chapter through their own server and kernel at once.
CLASS_USERS ?= 5 10 20 30
CLASS_CHAPTER ?= 03_theory
class-test: env vendor sysdeps-book
	$(BIN)/python tools/class_load.py --users $(CLASS_USERS) --chapter $(CLASS_CHAPTER) --out build/class-load.json

# nbgrader assignments generated from each chapter's exercises and chapters/exercises/*.yml:
# the instructor's versions in build/assignments/source, the release versions in .../release
# (EXCHANGE=/srv/nbgrader/exchange: the folder the trainees fetch from and submit to).
assignments: env
	$(BIN)/python tools/assignments.py build --course build/assignments $(if $(EXCHANGE),--exchange "$(EXCHANGE)",)

bench: env
	@mkdir -p .benchmarks
	$(BIN)/python -m pytest tests/benchmarks --benchmark-only -s --benchmark-columns=min,median,max,rounds --benchmark-json=.benchmarks/latest.json -p no:randomly

# python -m helpers.report on your own export: report.html, report.xlsx and mapping.yml in OUT
report: env
	@test -n "$(FILE)" || { echo "用法 (usage): make report FILE=导出文件 [KIND=survey|ratings|tickets] [OUT=文件夹] [MAPPING=mapping.yml] [FORCE=1]"; exit 2; }
	$(BIN)/python -m helpers.report "$(FILE)" $(if $(KIND),--kind $(KIND),) $(if $(OUT),--out "$(OUT)",) $(if $(MAPPING),--mapping "$(MAPPING)",) $(if $(FORCE),--force,)

datasets: env
	$(BIN)/python -m helpers.simulate --out datasets

# Every claim of every chapter re-checked on 20 other draws of the simulated datasets (>= 19 must hold).
robustness: env
	$(BIN)/python tools/robustness.py --seeds 20

lock:
	rm -rf /tmp/course-lock-venv && $(PYTHON) -m venv /tmp/course-lock-venv
	/tmp/course-lock-venv/bin/pip install --quiet -r requirements/direct.txt
	{ echo "# Exact pins of every package in the course environment (Python 3.11, Linux x86_64)."; \
	  echo "# Regenerate with 'make lock' after changing requirements/direct.txt."; \
	  /tmp/course-lock-venv/bin/pip freeze --exclude-editable; } > requirements/lock.txt

clean:
	rm -rf book/_build $(VENV) node_modules
