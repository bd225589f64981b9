"""Corrections a person makes to records, kept in a file that serves every edition.

    read.py   the corrections file (a CSV written in a spreadsheet) → `CorrectionSet`, or a
              one-line refusal naming the file, the row and the problem
    apply.py  a validated `Catalogue` and a `CorrectionSet` → the corrected `Catalogue`, with
              what was applied, what was not and why (its `corrections` section)

Applying comes after validation (`extract.pipeline.extract_pdf`): the stages read the PDF as it
is, and a correction changes the values a person said were wrong, nothing else.
"""
