"""Several editions in one run: each file as a single run would do it, whatever the others do.

A folder of good, broken and non-catalogue PDFs goes through the real command: every file gets
its outcome (its outputs, or its one-line problem and its previous outputs untouched), the run
ends with one table and the most serious exit code; `--jobs 2` gives the files of `--jobs 1`;
each file has its own time limit; Ctrl-C and SIGTERM stop everything, leaving every file's
previous outputs as they were.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from extract.commands.batch import Outcome, most_serious, plan, table
from extract.errors import ExitCode
from extract.pipeline import extract_pdf
from extract.untrusted import shown
from extract.write.files import OUTPUT_NAMES, render, write_files
from tests.conftest import ROOT, SAMPLES
from tests.hostile_files import (
    CLI,
    catalogue_pdf,
    endless_page_pdf,
    lost_xref,
    prose_pdf,
    run_cli,
    snapshot,
    truncated,
)
from tests.test_hostile import _processes_mentioning

INTERRUPTED_LINE = "catalogue: interrupted; previous outputs left as they were"


@pytest.fixture(scope="module")
def previous_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A good extraction's files: what a failed or interrupted file must leave in place."""
    pdf = tmp_path_factory.mktemp("previous") / "earlier.pdf"
    pdf.write_bytes(catalogue_pdf("annotations"))
    return render(extract_pdf(pdf))


def folder_of(tmp_path: Path, **files: bytes) -> Path:
    folder = tmp_path / "editions"
    folder.mkdir()
    for name, data in files.items():
        (folder / f"{name}.pdf").write_bytes(data)
    return folder


def rows(stderr: str) -> dict[str, list[str]]:
    """The summary table: file name → its cells (resources, warnings, result)."""
    lines = stderr.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.split() == ["file", "resources", "warnings", "result"]
    )
    found = {}
    for line in lines[start + 1 :]:
        cells = re.split(r"\s{2,}", line.strip(), maxsplit=3)
        found[Path(cells[0]).name] = cells[1:]
    return found


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.name not in OUTPUT_NAMES]


def test_a_folder_goes_on_past_the_files_that_fail(tmp_path, previous_outputs):
    folder = folder_of(
        tmp_path,
        good=catalogue_pdf(),
        cut=truncated(catalogue_pdf()),
        minutes=prose_pdf(),
    )
    (folder / "notes.txt").write_text("not a PDF, not taken")
    (folder / "older").mkdir()  # subfolders are not searched
    (folder / "older" / "old.pdf").write_bytes(catalogue_pdf())
    out = tmp_path / "out"
    write_files(previous_outputs, out / "cut")
    write_files(previous_outputs, out / "good")
    before = snapshot(out / "cut")

    run = run_cli(["extract", folder, "-o", out])

    assert run.code == ExitCode.NOT_A_CATALOGUE, run.stderr  # the highest of 4, 7 and 0
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert f"catalogue: {folder / 'cut.pdf'}: damaged PDF" in run.stderr
    problems = [
        line for line in run.lines if line.startswith(f"catalogue: {folder / 'minutes.pdf'}:")
    ]
    assert problems == [
        f"catalogue: {folder / 'minutes.pdf'}: "
        "no resource cards found (no `>Type` line under a title)"
    ]
    assert (
        "catalogue: 3 files: 1 extracted (11 resources, 0 warnings), 2 failed; exit 7" in run.lines
    )
    table_rows = rows(run.stderr)
    assert list(table_rows) == ["cut.pdf", "good.pdf", "minutes.pdf"]  # by name
    assert table_rows["good.pdf"] == ["11", "0", f"{out / 'good'}/"]
    assert table_rows["cut.pdf"][:2] == ["-", "-"]
    assert table_rows["cut.pdf"][2].startswith("exit 4: damaged PDF")
    assert table_rows["minutes.pdf"][2].startswith("exit 7: no resource cards found")
    # Each file as a single run: the good one's outputs replaced, the failed ones' untouched.
    assert snapshot(out / "good") == render(extract_pdf(folder / "good.pdf"))
    assert snapshot(out / "cut") == before
    assert not (out / "minutes").exists() and not (out / "old").exists()
    assert temporaries(out) == []


def test_files_named_on_the_command_line_and_the_most_serious_code(tmp_path):
    folder = folder_of(tmp_path, good=catalogue_pdf(), header=b"%PDF-1.7\n")
    out = tmp_path / "out"
    args = [folder / "good.pdf", folder / "header.pdf", tmp_path / "absent.pdf"]
    run = run_cli(["extract", *args, "-o", out, "-q"])
    assert run.code == ExitCode.NOT_A_PDF, run.stderr  # 4 over 3 over 0
    # Quiet: nothing but each failed file's one line, as it ends.
    absent, header = sorted(run.lines)
    assert header.startswith(f"catalogue: {folder / 'header.pdf'}: damaged PDF (")
    assert absent == f"catalogue: {tmp_path / 'absent.pdf'}: no such file"
    assert sorted(p.name for p in out.iterdir()) == ["good"]


def test_the_default_parent_is_output_beside_where_it_runs(tmp_path):
    folder = folder_of(tmp_path, good=catalogue_pdf(), other=catalogue_pdf("annotations"))
    done = subprocess.run(
        [*CLI, "extract", "editions", "-q"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == ["good", "other"]
    assert folder.is_dir()


def test_same_names_are_refused_and_a_file_named_twice_is_read_once(tmp_path):
    first, second = tmp_path / "2021", tmp_path / "2022"
    first.mkdir()
    second.mkdir()
    (first / "edition.pdf").write_bytes(catalogue_pdf())
    (second / "Edition.PDF").write_bytes(catalogue_pdf("annotations"))
    good = tmp_path / "good.pdf"
    good.write_bytes(catalogue_pdf())
    out = tmp_path / "out"
    run = run_cli(["extract", first, second, good, good, tmp_path / "." / "good.pdf", "-o", out])
    assert run.code == ExitCode.USAGE, run.stderr
    table_rows = rows(run.stderr)
    assert list(table_rows) == ["edition.pdf", "Edition.PDF", "good.pdf"]
    assert table_rows["edition.pdf"][2] == (
        f"exit 2: same output folder {out / 'edition'}/ as {second / 'Edition.PDF'}; "
        "extract it on its own with -o"
    )
    assert table_rows["Edition.PDF"][2].startswith(f"exit 2: same output folder {out / 'Edition'}/")
    assert sorted(p.name for p in out.iterdir()) == ["good"]


def test_a_folder_without_pdf_is_refused_as_a_directory_always_was(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.txt").write_text("no PDF here")
    alone = run_cli(["extract", empty, "-o", tmp_path / "out"])
    assert alone.code == ExitCode.NOT_FOUND
    assert alone.lines == [f"catalogue: {empty}: is a directory with no PDF file in it"]
    assert not (tmp_path / "out").exists()
    good = tmp_path / "good.pdf"
    good.write_bytes(catalogue_pdf())
    among = run_cli(["extract", empty, good, "-o", tmp_path / "out"])
    assert among.code == ExitCode.NOT_FOUND
    assert rows(among.stderr)["empty"] == [
        "-",
        "-",
        "exit 3: is a directory with no PDF file in it",
    ]
    assert rows(among.stderr)["good.pdf"][:2] == ["11", "0"]


def test_an_output_parent_that_cannot_be_made_fails_each_file(tmp_path):
    good = tmp_path / "good.pdf"
    good.write_bytes(catalogue_pdf())
    taken = tmp_path / "taken"
    taken.write_text("a file where the folder should go")
    run = run_cli(["extract", good, good.with_name("missing.pdf"), "-o", taken])
    assert run.code == ExitCode.OUTPUT, run.stderr
    assert rows(run.stderr)["good.pdf"][2].startswith(
        f"exit 9: {taken / 'good'}: cannot create the output folder"
    )
    assert taken.read_text() == "a file where the folder should go"


def test_jobs_2_gives_the_files_of_jobs_1(tmp_path):
    folder = folder_of(
        tmp_path,
        sample=(SAMPLES / "ess-pvd-2021.pdf").read_bytes(),
        small=catalogue_pdf(),
        repaired=lost_xref(catalogue_pdf()),
        cut=truncated(catalogue_pdf()),
    )
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs-{jobs}"
        run = run_cli(["extract", folder, "-o", out, "--jobs", jobs])
        assert run.code == ExitCode.NOT_A_PDF, run.stderr
        runs[jobs] = (snapshot(out), rows(run.stderr.replace(str(out), "OUT")))
    assert runs["1"] == runs["2"]
    files, table_rows = runs["1"]
    assert sorted(files) == sorted(
        f"{name}/{file}" for name in ("repaired", "sample", "small") for file in OUTPUT_NAMES
    )
    assert table_rows["repaired.pdf"][:2] == ["11", "1"]  # document-repaired
    assert table_rows["sample.pdf"][:2] == ["104", "0"]


def test_strict_marks_the_files_with_warnings(tmp_path):
    folder = folder_of(tmp_path, repaired=lost_xref(catalogue_pdf()), good=catalogue_pdf())
    run = run_cli(["extract", folder, "-o", tmp_path / "out", "--strict"])
    assert run.code == ExitCode.WARNINGS, run.stderr
    assert (
        rows(run.stderr)["repaired.pdf"][2]
        == f"{tmp_path / 'out' / 'repaired'}/ (exit 1: warnings, --strict)"
    )
    assert rows(run.stderr)["good.pdf"][2] == f"{tmp_path / 'out' / 'good'}/"
    assert (tmp_path / "out" / "repaired" / "cards.csv").exists()  # written, as a single run does


def test_each_document_has_its_own_time_limit(tmp_path):
    folder = folder_of(tmp_path, endless=endless_page_pdf(), good=catalogue_pdf())
    started = time.monotonic()
    run = run_cli(
        ["extract", folder, "-o", tmp_path / "out", "--timeout", "3", "--reader", "pdfplumber"]
    )
    assert run.code == ExitCode.TIMEOUT, run.stderr
    assert (
        rows(run.stderr)["endless.pdf"][2] == "exit 8: gave up after the 3 s time limit (--timeout)"
    )
    assert rows(run.stderr)["good.pdf"][:2] == ["11", "0"]
    assert time.monotonic() - started < 60
    assert _processes_mentioning(folder) == []


def test_a_bug_or_a_crash_in_one_file_is_that_file_s_outcome(tmp_path, monkeypatch, capfd):
    """Each file has a process of its own: even a crash of a native library is one row."""
    import extract.commands.extract
    from extract.cli import main

    real = extract_pdf

    def flawed(path: Path, **kwargs: Any) -> object:
        if path.name == "bug.pdf":
            raise ZeroDivisionError("division by zero")
        if path.name == "crash.pdf":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, **kwargs)

    monkeypatch.setattr(extract.commands.extract, "extract_pdf", flawed)
    monkeypatch.delenv("CATALOGUE_DEBUG", raising=False)
    folder = folder_of(tmp_path, bug=catalogue_pdf(), crash=catalogue_pdf(), good=catalogue_pdf())
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "--jobs", "2"]) == 10
    err = capfd.readouterr().err
    assert "Traceback" not in err
    table_rows = rows(err)
    assert table_rows["bug.pdf"][2].startswith(
        "exit 10: internal error (ZeroDivisionError: division by zero)"
    )
    assert table_rows["crash.pdf"][2] == (
        "exit 10: internal error (its process died: SIGKILL); please report it with this PDF"
    )
    assert table_rows["good.pdf"][:2] == ["11", "0"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good"]


# ---------------------------------------------------------------------------------------------
# Interruptions


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, so a Ctrl-C can be sent to it alone
    )


@pytest.mark.parametrize(
    ("how", "jobs", "names"),
    [
        ("SIGINT", "1", "abc"),
        ("SIGTERM", "1", "abc"),
        ("SIGTERM", "2", "abc"),
        ("Ctrl-C to the group", "2", "abc"),
        # One file in the batch: its pages are read by worker processes of its own.
        ("Ctrl-C to the group", "auto", "a"),
    ],
)
def test_an_interrupted_batch_leaves_every_previous_output(
    tmp_path, previous_outputs, how, jobs, names
):
    sample = (SAMPLES / "ess-pvd-2021.pdf").read_bytes()
    folder = folder_of(tmp_path, **dict.fromkeys(names, sample))
    out = tmp_path / "out"
    for name in names:
        write_files(previous_outputs, out / name)
    before = snapshot(out)
    process = _start(["extract", str(folder), "-o", str(out), "--jobs", jobs, "--timeout", "0"])
    assert process.stderr is not None
    try:
        seen: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("pages read" in line for line in seen):
            line = process.stderr.readline()
            if not line:
                break
            seen.append(line)
        assert any("pages read" in line for line in seen), seen
        if how == "SIGINT":
            process.send_signal(signal.SIGINT)
        elif how == "SIGTERM":
            process.send_signal(signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGINT)
        _, rest = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == ExitCode.INTERRUPTED, rest
    assert "Traceback" not in rest, rest
    lines = rest.splitlines()
    assert lines[-1] == INTERRUPTED_LINE
    assert lines.count(INTERRUPTED_LINE) == 1
    table_rows = rows("\n".join(lines[:-1]))
    assert list(table_rows) == [f"{name}.pdf" for name in names]
    results = [cells[2] for cells in table_rows.values()]
    assert results[0] == "exit 130: interrupted; previous outputs left as they were"
    if len(names) == 3:
        assert results[2] == "exit 130: not started (the batch was interrupted)"
    assert lines[0].startswith("catalogue: ") and any(" stopped; exit 130" in x for x in lines)
    after = snapshot(out)
    for name, result in zip(names, results, strict=True):
        mine = {k: v for k, v in after.items() if k.startswith(f"{name}/")}
        if result.startswith("exit"):
            assert mine == {k: v for k, v in before.items() if k.startswith(f"{name}/")}, name
        else:
            # With --jobs 2 the second file may be done before the signal comes: then its
            # outputs are a whole new extraction, never a mix of old and new files.
            fresh = render(extract_pdf(folder / f"{name}.pdf"))
            assert mine == {f"{name}/{k}": v for k, v in fresh.items()}, name
    assert temporaries(out) == []
    assert _processes_mentioning(folder) == []


# ---------------------------------------------------------------------------------------------
# The parts


def test_plan_orders_dedupes_and_names(tmp_path):
    folder = folder_of(tmp_path, b=b"", a=b"")
    (folder / ".hidden.pdf").write_bytes(b"")
    (folder / "upper.PDF").write_bytes(b"")
    (folder / "folder.pdf").mkdir()
    lone = tmp_path / "lone.pdf"
    inputs = plan([lone, folder, folder / "a.pdf"], Path("out"))
    assert [(e.pdf.name, getattr(e, "out_dir", None)) for e in inputs.entries] == [
        ("lone.pdf", Path("out/lone")),
        ("a.pdf", Path("out/a")),
        ("b.pdf", Path("out/b")),
        ("upper.PDF", Path("out/upper")),
    ]


def test_most_serious_is_the_highest_code():
    assert most_serious([]) == 0
    assert most_serious([0, 1, 0]) == 1
    assert most_serious([2, 4, 3]) == 4
    assert most_serious([10, 9, 130]) == 130


def test_the_table_keeps_each_file_on_one_line():
    outcomes = [
        Outcome(Path("odd\nname.pdf"), 0, out_dir=Path("out/odd\nname"), resources=3),
        Outcome(Path("b.pdf"), 4, "not a PDF (no %PDF- header)"),
    ]
    text = table(outcomes, 4)
    assert text.splitlines() == [
        "catalogue: 2 files: 1 extracted (3 resources, 0 warnings), 1 failed; exit 4",
        "  file           resources  warnings  result",
        "  odd\\nname.pdf          3         0  out/odd\\nname/",
        "  b.pdf                  -         -  exit 4: not a PDF (no %PDF- header)",
    ]
    assert shown("tab\there") == "tab\\there"


def test_the_files_processes_are_forked_with_the_reader_imported(tmp_path):
    """A file's process stopped while it imports pikepdf (the stream check) is aborted by
    pikepdf's extension, with a traceback, instead of stopping cleanly: the batch imports the
    reader before it forks them. Checked in a fresh interpreter, where nothing is imported yet."""
    sample = (SAMPLES / "ess-pvd-2021.pdf").read_bytes()
    folder = folder_of(tmp_path, a=sample, b=sample)
    script = (
        "import sys\n"
        "import extract.commands.batch as batch\n"
        "def run_jobs(jobs, work, workers, report):\n"
        "    print('pikepdf' in sys.modules, 'extract.readers.pdfium_reader' in sys.modules)\n"
        "    raise SystemExit(0)\n"
        "batch.run_jobs = run_jobs\n"
        "from extract.cli import main\n"
        f"main(['extract', {str(folder)!r}, '-o', {str(tmp_path / 'out')!r}, '-q'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.stdout.split() == ["True", "True"], done.stderr
