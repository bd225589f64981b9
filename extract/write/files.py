"""Write stage: a validated catalogue → cards.csv, cards.xlsx, catalogue.json, datapackage.json.

Every file is rendered in memory first, then written next to its final name and renamed over
it, with SIGINT/SIGTERM held back during the renames: an interrupted run leaves either the
previous outputs or the new ones, never a partial file. The same catalogue always gives the
same bytes (no timestamps, stable key order).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from extract import signals
from extract.errors import OutputError
from extract.write.cells import neutralise
from schemas.models import CSV_COLUMNS, LINKS_SEPARATOR, YEAR_MAX, YEAR_MIN, Catalogue

CSV_NAME, JSON_NAME, PACKAGE_NAME = "cards.csv", "catalogue.json", "datapackage.json"
XLSX_NAME = "cards.xlsx"
OUTPUT_NAMES: tuple[str, ...] = (CSV_NAME, XLSX_NAME, JSON_NAME, PACKAGE_NAME)
XLSX_MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_cell(value: object) -> str:
    """A value as a cell of cards.csv: links joined, a would-be formula guarded."""
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(LINKS_SEPARATOR.join(str(v) for v in value))
    return neutralise(str(value))


def render_csv(catalogue: Catalogue) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for resource in catalogue.resources:
        record = resource.record()
        writer.writerow([csv_cell(record[name]) for name in CSV_COLUMNS])
    return buf.getvalue().encode("utf-8")


def render_json(catalogue: Catalogue) -> bytes:
    # Without a corrections file the file stays as it always was: no `corrections` key.
    leave_out = {"corrections"} if catalogue.corrections is None else None
    data = catalogue.model_dump(mode="json", exclude=leave_out)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def datapackage(catalogue: Catalogue) -> dict[str, object]:
    """A Frictionless Data Package describing cards.csv, so `frictionless validate` checks it."""
    year = {"type": "integer", "constraints": {"minimum": YEAR_MIN, "maximum": YEAR_MAX}}
    text = {"type": "string"}
    fields: list[dict[str, object]] = [
        {
            "name": "card_id",
            **text,
            "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9]+(-[a-z0-9]+)*"},
            "description": "slug of the title, unique within the edition",
        },
        {
            "name": "page",
            "type": "integer",
            "constraints": {"required": True, "minimum": 1},
            "description": "1-based page number in the PDF",
        },
        {"name": "part", **text},
        {"name": "theme", **text},
        {"name": "title", **text, "constraints": {"required": True}},
        {"name": "resource_type", **text},
        {"name": "year", **year},
        {"name": "year_end", **year},
        {"name": "publisher", **text},
        {"name": "description", **text},
        {"name": "url", **text, "format": "uri"},
        {
            "name": "links",
            **text,
            "description": f"the resource's distinct URLs in order, joined by '{LINKS_SEPARATOR}'",
        },
        {"name": "group", **text, "description": "heading of the group the resource belongs to"},
    ]
    schema = {"fields": fields, "primaryKey": ["card_id"], "missingValues": [""]}
    stem = Path(catalogue.edition.source_file).stem.lower()
    name = "".join(ch if ch.isalnum() else "-" for ch in stem).strip("-") or "catalogue"
    return {
        "name": name,
        "title": catalogue.edition.title or catalogue.edition.source_file,
        "resources": [
            {
                "name": "cards",
                "path": CSV_NAME,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": schema,
            },
            {
                "name": "cards-xlsx",
                "path": XLSX_NAME,
                "profile": "tabular-data-resource",
                "format": "xlsx",
                "mediatype": XLSX_MEDIATYPE,
                "description": "cards.csv as a workbook: its sheet `resources` holds the same "
                "rows, with the text as printed (no apostrophe before a cell a spreadsheet "
                "would run: the cells are text); the sheets `warnings`, `parts and themes` and "
                "`links` follow",
                "dialect": {"excel": {"sheet": "resources"}},
                "schema": schema,
            },
        ],
    }


def render_datapackage(catalogue: Catalogue) -> bytes:
    return (json.dumps(datapackage(catalogue), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(catalogue: Catalogue) -> dict[str, bytes]:
    from extract.write.xlsx import (
        render_xlsx,  # here: XlsxWriter's import costs what writes no workbook
    )

    return {
        CSV_NAME: render_csv(catalogue),
        XLSX_NAME: render_xlsx(catalogue),
        JSON_NAME: render_json(catalogue),
        PACKAGE_NAME: render_datapackage(catalogue),
    }


def write_files(files: dict[str, bytes], out_dir: Path, *, ends_run: bool = False) -> None:
    """Write every file atomically into `out_dir` (created if needed).

    A stop request (Ctrl-C, SIGTERM) before the renames leaves the previous files; one during
    them waits for the whole set. With `ends_run` (this write is the run's last step), a stop
    request that comes once the renames have begun is too late and changes nothing: the run
    never says it left the previous outputs when it did not."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out_dir, f"cannot create the output folder ({exc.strerror})") from exc
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
            staged.append((tmp, out_dir / name))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o644)
        with signals.deferred():
            signals.check()  # a stop request that library code caught and dropped
            for tmp, final in staged:
                os.replace(tmp, final)
            if ends_run:
                signals.too_late()
    except OSError as exc:
        raise OutputError(out_dir, f"cannot write the outputs ({exc.strerror or exc})") from exc
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def write_catalogue(catalogue: Catalogue, out_dir: Path, *, ends_run: bool = False) -> None:
    write_files(render(catalogue), out_dir, ends_run=ends_run)
