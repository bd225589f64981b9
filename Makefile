# Every target creates .venv on first use, so each one works alone on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := samples/ess-pvd-2021.pdf

.PHONY: extract test test-long mutants samples designs lint bench accuracy diff review schema previews clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make extract: extract the bundled samples into output/ess-pvd-2021/ and output/ess-pvd-2022/
## make extract PDF=path/to/edition.pdf: extract that edition into output/<its name>/ (PDF may
## also name several files, or a folder of them: a batch, each into output/<its name>/)
extract: $(STAMP)
ifdef PDF
	$(BIN)/catalogue extract $(PDF)
else
	$(BIN)/catalogue extract $(SAMPLE) -o output/ess-pvd-2021
	$(BIN)/catalogue extract samples/ess-pvd-2022.pdf -o output/ess-pvd-2022
endif

## make test: the whole suite; property tests on a fixed seed (printed at the end), under 10 minutes
test: $(STAMP)
	HYPOTHESIS_PROFILE=default $(BIN)/python -m pytest -q -n auto --maxprocesses 4

## make test-long: the same suite with many more property-based examples, from a fresh seed
## (printed at the end: HYPOTHESIS_SEED=N make test-long draws the same examples again)
test-long: $(STAMP)
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -q -n auto --maxprocesses 4

## make mutants: plant one bug at a time in a copy of the repository and tell which test kills it
mutants: $(STAMP)
	$(BIN)/python -m tests.mutants

## make samples: typeset the sample PDFs from their sources (deterministic)
samples: $(STAMP)
	$(BIN)/python -m samples.typeset samples/ess-pvd-2021.source.json -o samples/ess-pvd-2021.pdf
	$(BIN)/python -m samples.derive samples/ess-pvd-2021.source.json samples/edits-2022.json -o samples/ess-pvd-2022.source.json
	$(BIN)/python -m samples.typeset samples/ess-pvd-2022.source.json -o samples/ess-pvd-2022.pdf

## make designs: typeset the design zoo (samples/designs/: the 2021 content in every design, by
## ReportLab, Chromium and Typst) and check each PDF against the source it prints; Debian's
## chromium is installed when missing (the Chromium designs need it)
designs: $(STAMP)
	@command -v chromium >/dev/null || apt-get install -y -q chromium >/dev/null || \
		{ echo "make designs: the Chromium designs need Debian's chromium (apt-get install chromium)"; exit 1; }
	$(BIN)/python -m samples.designs.zoo

## make previews: render two sample pages to PNG for the README (needs poppler-utils)
previews: $(STAMP)
	$(BIN)/python -m samples.preview samples/ess-pvd-2021.pdf samples/preview

## make schema: export the JSON Schema from the pydantic models
schema: $(STAMP)
	$(BIN)/catalogue schema > schemas/catalogue.schema.json

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## make accuracy: one table for the whole design zoo: exact records, per-field F1, warnings
## (exits 1 if a design is read short of exact, or warned without cause)
accuracy: $(STAMP)
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
diff: $(STAMP)
	$(BIN)/catalogue diff $(OLD) $(NEW) -o $(DIFF); test $$? -le 1

## make review: review pages for the samples, 2022 marked against 2021 (into git-ignored review/)
review: $(STAMP)
	$(BIN)/catalogue review samples/ess-pvd-2021.pdf -o review/ess-pvd-2021
	$(BIN)/catalogue review samples/ess-pvd-2022.pdf --against output/ess-pvd-2021 -o review/ess-pvd-2022

bench: $(STAMP)
	$(BIN)/python -m devtools.bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
