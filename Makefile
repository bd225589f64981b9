# Every target creates .venv on first use, so each one works alone on a fresh clone. Packages
# come from the locks in requirements/ (exact versions and hashes, made by `make lock`):
# product.txt for running the product, dev.txt adds what the tests, the sample builders and
# the linters need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PRODUCT_LOCK := requirements/product.txt
DEV_LOCK := requirements/dev.txt
PRODUCT := $(VENV)/.installed-product
DEV := $(VENV)/.installed-dev
SAMPLE := samples/ess-pvd-2021.pdf
# -qq: errors only. The project itself goes in last, without its dependencies (they are the
# lock's) and with the lock's setuptools (nothing unlocked is fetched to build it).
PIP := $(BIN)/pip install -qq --disable-pip-version-check

.PHONY: extract test test-long mutants samples designs lint bench bench-history accuracy diff review schema \
	previews clean lock system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PRODUCT): $(PRODUCT_LOCK) pyproject.toml | $(BIN)/python
	@echo "make: installing the product into $(VENV) from $(PRODUCT_LOCK)"
	@$(PIP) --require-hashes -r $(PRODUCT_LOCK)
	@$(PIP) --no-deps --no-build-isolation -e .
	@touch $@

$(DEV): $(DEV_LOCK) $(PRODUCT) | $(BIN)/python
	@echo "make: installing the test and development tools into $(VENV) from $(DEV_LOCK)"
	@$(PIP) --require-hashes -r $(DEV_LOCK)
	@touch $@

## make lock: refresh both locks to the newest releases pyproject.toml's ranges allow, then run
## the whole suite on them (review the diff of requirements/ before committing it)
lock: $(DEV)
	$(BIN)/uv pip compile --quiet --upgrade --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" pyproject.toml requirements/build.in \
		-o $(PRODUCT_LOCK)
	$(BIN)/uv pip compile --quiet --upgrade --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" pyproject.toml requirements/build.in \
		--extra test --extra dev -c $(PRODUCT_LOCK) -o $(DEV_LOCK)
	$(MAKE) test

## make system-packages: the Debian packages the tests use (chromium for the review page and the
## Chromium designs, LibreOffice Calc to read the workbook back and print it, with Carlito, the
## metric twin of the workbook's Calibri that LibreOffice installs by default), installed with
## apt-get when missing; without root or apt-get, the tests that need them say so and are skipped
system-packages:
	@$(call apt_install,chromium)
	@$(call apt_install,libreoffice-calc,--no-install-recommends)
	@$(call apt_install,fonts-crosextra-carlito)

# $(call apt_install,PACKAGES[,OPTIONS]): install the Debian PACKAGES missing here, quietly, as
# root (waiting for another apt-get that holds its lock).
define apt_install
missing=$$(for p in $(1); do dpkg-query -W -f '$${Status}' $$p 2>/dev/null | \
	grep -q 'ok installed' || echo $$p; done); \
if [ -n "$$missing" ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	echo "make: installing Debian packages:" $$missing; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get install -y -qq -o DPkg::Lock::Timeout=300 $(2) $$missing >/dev/null 2>&1 || \
	{ apt-get update -qq >/dev/null 2>&1 && \
	  apt-get install -y -qq -o DPkg::Lock::Timeout=300 $(2) $$missing >/dev/null 2>&1; } || \
	echo "make: could not install" $$missing; \
fi
endef

## make extract: extract the bundled samples into output/ess-pvd-2021/ and output/ess-pvd-2022/
## make extract PDF=path/to/edition.pdf: extract that edition into output/<its name>/ (PDF may
## also name several files, or a folder of them: a batch, each into output/<its name>/)
## make extract PDF=… CORRECTIONS=corrections.csv: with a person's corrections applied
## (docs/corrections.md; the committed sample outputs are extracted without)
CORRECTING = $(if $(CORRECTIONS),--corrections $(CORRECTIONS))
extract: $(PRODUCT)
ifdef PDF
	$(BIN)/catalogue extract $(PDF) $(CORRECTING)
else
	$(BIN)/catalogue extract $(SAMPLE) -o output/ess-pvd-2021 $(CORRECTING)
	$(BIN)/catalogue extract samples/ess-pvd-2022.pdf -o output/ess-pvd-2022 $(CORRECTING)
endif

## make test: the whole suite; property tests on a fixed seed (printed at the end), under 10 minutes
test: $(DEV) system-packages
	HYPOTHESIS_PROFILE=default $(BIN)/python -m pytest -q -n auto --maxprocesses 4

## make test-long: the same suite with many more property-based examples, from a fresh seed
## (printed at the end: HYPOTHESIS_SEED=N make test-long draws the same examples again)
test-long: $(DEV) system-packages
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q -n auto --maxprocesses 4

## make mutants: plant one bug at a time in a copy of the repository and tell which test kills it
mutants: $(DEV)
	$(BIN)/python -m tests.mutants

## make samples: typeset the sample PDFs from their sources (deterministic)
samples: $(DEV)
	$(BIN)/python -m samples.typeset samples/ess-pvd-2021.source.json -o samples/ess-pvd-2021.pdf
	$(BIN)/python -m samples.derive samples/ess-pvd-2021.source.json samples/edits-2022.json -o samples/ess-pvd-2022.source.json
	$(BIN)/python -m samples.typeset samples/ess-pvd-2022.source.json -o samples/ess-pvd-2022.pdf

## make designs: typeset the design zoo (samples/designs/: the 2021 content in every design, by
## ReportLab, Chromium and Typst) and check each PDF against the source it prints; Debian's
## chromium is installed when missing (the Chromium designs need it)
designs: $(DEV)
	@$(call apt_install,chromium)
	@command -v chromium >/dev/null || \
		{ echo "make designs: the Chromium designs need Debian's chromium (apt-get install chromium)"; exit 1; }
	$(BIN)/python -m samples.designs.zoo

## make previews: render two sample pages to PNG for the README (needs poppler-utils)
previews: $(DEV)
	@$(call apt_install,poppler-utils)
	$(BIN)/python -m samples.preview samples/ess-pvd-2021.pdf samples/preview

## make schema: export the JSON Schema from the pydantic models
schema: $(PRODUCT)
	$(BIN)/catalogue schema > schemas/catalogue.schema.json

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## make accuracy: one table for the whole design zoo: exact records, per-field F1, warnings
## (exits 1 if a design is read short of exact, or warned without cause)
accuracy: $(DEV)
	$(BIN)/python -m samples.designs.accuracy

## make diff: what changed between the two sample editions → output/diff-2021-2022/
## make diff OLD=output/a NEW=output/b: what changed from a to b → output/diff-a-b/ (DIFF=DIR
## to write elsewhere; OLD and NEW may also be catalogue.json files or PDFs). catalogue diff
## exits 1 when the editions differ, as diff(1) does: that is no failure here.
OLD ?= output/ess-pvd-2021
NEW ?= output/ess-pvd-2022
edition_name = $(patsubst %.pdf,%,$(notdir $(patsubst %/catalogue.json,%,$(patsubst %/,%,$(1)))))
ifeq ($(OLD) $(NEW),output/ess-pvd-2021 output/ess-pvd-2022)
DIFF ?= output/diff-2021-2022
else
DIFF ?= output/diff-$(call edition_name,$(OLD))-$(call edition_name,$(NEW))
endif
diff: $(PRODUCT)
	$(BIN)/catalogue diff $(OLD) $(NEW) -o $(DIFF); test $$? -le 1

## make review: review pages for the samples, 2022 marked against 2021 (into git-ignored review/)
review: $(PRODUCT)
	$(BIN)/catalogue review samples/ess-pvd-2021.pdf -o review/ess-pvd-2021
	$(BIN)/catalogue review samples/ess-pvd-2022.pdf --against output/ess-pvd-2021 -o review/ess-pvd-2022

bench: $(DEV)
	$(BIN)/python -m devtools.bench

## make bench-history: the time to add an edition to catalogue history, and the database's size
bench-history: $(PRODUCT)
	$(BIN)/python -m devtools.history_bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
