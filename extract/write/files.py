"""Write stage: a validated catalogue → cards.csv, cards.xlsx, catalogue.json, datapackage.json.

Every file is rendered in memory first, then written next to its final name and renamed over
it, with SIGINT/SIGTERM held back during the renames: an interrupted run leaves either the
previous outputs or the new ones, never a partial file. Two runs writing one folder at once
take turns (`output_lock`): each one's set lands whole, never mixed with the other's. The same
catalogue always gives the same bytes (no timestamps, stable key order).
"""

from __future__ import annotations

import csv
import errno
import importlib.util
import io
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extract import signals
from extract.errors import OutputError
from extract.untrusted import json_text
from extract.write.cells import neutralise
from schemas.models import (
    CARD_ID_PATTERN,
    CSV_COLUMNS,
    LINKS_SEPARATOR,
    YEAR_MAX,
    YEAR_MIN,
    Catalogue,
)

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
    return json_text(data).encode("utf-8")


def datapackage(catalogue: Catalogue) -> dict[str, object]:
    """A Frictionless Data Package describing cards.csv, so `frictionless validate` checks it."""
    year = {"type": "integer", "constraints": {"minimum": YEAR_MIN, "maximum": YEAR_MAX}}
    text = {"type": "string"}
    fields: list[dict[str, object]] = [
        {
            "name": "card_id",
            **text,
            "constraints": {
                "required": True,
                "unique": True,
                "pattern": CARD_ID_PATTERN.strip("^$"),
            },
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
        {"name": "resource_type", **text, "description": "the type as printed"},
        {
            "name": "resource_kind",
            **text,
            "description": "the type folded so that its spellings group together: lower case, "
            "no accents, each word in the singular (Étude, Etude, Études → etude)",
        },
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
    return json_text(datapackage(catalogue)).encode("utf-8")


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


def _nearest_existing(out_dir: Path) -> Path:
    """`out_dir`, or the nearest folder above it that exists (where it would be created)."""
    for place in (out_dir, *out_dir.parents):
        if place.exists() or place.is_symlink():
            return place
    return Path.cwd()  # a relative path whose every part is missing


def _file_in_the_way(out_dir: Path) -> str | None:
    """What keeps `out_dir` from being a folder: a file at its place or above it."""
    place = _nearest_existing(out_dir)
    if place.is_dir():
        return None
    if place == out_dir:
        return "is a file, not a folder"
    return f"cannot create the output folder ({place} is a file)"


def check_writable(out_dir: Path) -> None:
    """Refuse, before any work is done for it, an output folder that cannot be written: a file
    in its place or above it, or a folder where no file can be made (permissions, a read-only
    mount). A file is made and removed to find out; a missing folder is not created."""
    problem = _file_in_the_way(out_dir)
    if problem is not None:
        raise OutputError(out_dir, problem)
    place = _nearest_existing(out_dir)
    try:
        with signals.deferred():  # the probe never stays behind
            fd, probe = tempfile.mkstemp(dir=place, prefix=".catalogue-", suffix=".probe")
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if place == out_dir:
            raise OutputError(out_dir, f"cannot be written ({reason})") from None
        raise OutputError(
            out_dir, f"cannot create the output folder ({place} cannot be written: {reason})"
        ) from None


def output_name(pdf: Path) -> str:
    """The name of the folder a PDF's outputs go to by default: its name without `.pdf`. A
    name that starts with dots loses them: `..pdf` and `...pdf` would otherwise name the
    folder itself (`.`) or its parent (`..`), and `.x.pdf` a hidden folder; a name of dots
    alone becomes `catalogue`."""
    return pdf.stem.lstrip(".") or "catalogue"


# How long a run waits for another that is writing into the same folder.
LOCK_WAIT = 60.0
HAS_FLOCK = hasattr(os, "O_DIRECTORY") and importlib.util.find_spec("fcntl") is not None
_held: dict[tuple[int, int], int] = {}  # folders this process has locked → how many times


@contextmanager
def output_lock(folder: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold `folder` (which exists) against other runs writing into it, waiting up to `wait`
    seconds for one that holds it; again within this process, it is held already.

    The folder itself is locked (`flock` on its descriptor), so no lock file is left among the
    outputs; the system releases it if the process dies. Where there is no `flock` (Windows),
    or the file system keeps no locks (some network mounts), runs are not kept apart."""
    if not HAS_FLOCK:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(folder, f"cannot open the output folder ({exc.strerror})") from exc
    try:
        info = os.fstat(fd)
        key = (info.st_dev, info.st_ino)
        if key not in _held:
            _lock(fd, folder, wait)
        _held[key] = _held.get(key, 0) + 1
        try:
            yield
        finally:
            _held[key] -= 1
            if not _held[key]:
                del _held[key]
    finally:
        os.close(fd)  # which releases the lock


def _lock(fd: int, folder: Path, wait: float) -> None:
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise OutputError(
                    folder,
                    f"another run has been writing into this folder for {wait:.0f} s; "
                    "try again once it has finished",
                ) from None
            time.sleep(0.05)
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.EBADF):
                return  # a file system without locks: written as before, unguarded
            raise OutputError(folder, f"cannot lock the output folder ({exc.strerror})") from exc


def write_files(files: dict[str, bytes], out_dir: Path, *, ends_run: bool = False) -> None:
    """Write every file atomically into `out_dir` (created if needed), with the folder locked
    against another run writing into it (see `output_lock`).

    A stop request (Ctrl-C, SIGTERM) before the renames leaves the previous files; one during
    them waits for the whole set. With `ends_run` (this write is the run's last step), a stop
    request that comes once the renames have begun is too late and changes nothing: the run
    never says it left the previous outputs when it did not."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = _file_in_the_way(out_dir) or f"cannot create the output folder ({exc.strerror})"
        raise OutputError(out_dir, problem) from exc
    with output_lock(out_dir):
        _write_files(files, out_dir, ends_run)


def _write_files(files: dict[str, bytes], out_dir: Path, ends_run: bool) -> None:
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


def write_catalogue(
    catalogue: Catalogue, out_dir: str | os.PathLike[str], *, ends_run: bool = False
) -> list[Path]:
    """Write what `catalogue extract` writes of `catalogue` into `out_dir` (created if needed):
    cards.csv, cards.xlsx, catalogue.json and datapackage.json, replacing the previous set as a
    whole; an `OutputError` when the folder cannot be written. Gives the paths written."""
    folder = Path(out_dir)
    write_files(render(catalogue), folder, ends_run=ends_run)
    return [folder / name for name in OUTPUT_NAMES]
