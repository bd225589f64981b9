"""Where the outputs go, whatever the file is called and whoever else writes there.

A PDF's name never makes its outputs climb out of the output folder's parent; the review
writes its page images in a folder of its own only; a file name that is not UTF-8, or that
holds a newline, is written as text and said on one line; two runs writing one folder take
turns, so that each one's set of outputs lands whole.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.cli import main
from extract.commands.extract import default_output
from extract.errors import ExitCode, OutputError
from extract.review.build import PAGES_DIR, write_review
from extract.review.build import default_output as review_output
from extract.write.files import OUTPUT_NAMES, output_name, write_files
from tests.conftest import ROOT
from tests.hostile_files import catalogue_pdf, snapshot


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("...pdf", "catalogue"),  # its stem is `..`: the parent of output/
        ("..pdf", "catalogue"),  # its stem is `.`: output/ itself
        (".pdf.pdf", "pdf"),
        (".hidden.pdf", "hidden"),
        ("édition 2024.pdf", "édition 2024"),
    ],
)
def test_a_pdf_name_gives_a_folder_under_the_parent(name, folder):
    assert output_name(Path(name)) == folder
    assert default_output(Path("in") / name) == Path("output") / folder
    assert review_output(Path(name)) == Path("review") / folder


def test_a_pdf_named_dots_writes_its_outputs_under_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("...pdf").write_bytes(catalogue_pdf())
    assert main(["extract", "...pdf", "-q"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["...pdf", "output"]
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == ["catalogue"]
    assert sorted(snapshot(tmp_path / "output" / "catalogue")) == sorted(OUTPUT_NAMES)


def test_the_review_refuses_a_pages_folder_that_is_a_symbolic_link(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name in ("page-01.png", "page-02.png"):
        (elsewhere / name).write_bytes(b"someone else's")
    out = tmp_path / "review"
    out.mkdir()
    (out / PAGES_DIR).symlink_to(elsewhere)
    with pytest.raises(OutputError) as refused:
        write_review(out, "<html></html>", {"page-01.png": b"new image"})
    assert refused.value.code == ExitCode.OUTPUT
    assert "is a symbolic link" in str(refused.value)
    assert snapshot(elsewhere) == {n: b"someone else's" for n in ("page-01.png", "page-02.png")}
    assert not (out / "review.html").exists()


def test_a_file_name_that_is_not_utf8_is_written_as_text(tmp_path, capsys):
    pdf = Path(os.fsdecode(bytes(tmp_path) + b"/\xe9dition-\xff.pdf"))
    pdf.write_bytes(catalogue_pdf())
    out = tmp_path / "out"
    assert main(["extract", str(pdf), "-o", str(out)]) == 0
    edition = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))["edition"]
    assert edition["source_file"] == "\ufffddition-\ufffd.pdf"
    assert sorted(snapshot(out)) == sorted(OUTPUT_NAMES)
    err = capsys.readouterr().err
    assert "\\xe9dition-\\xff.pdf" in err, "the name as it is, bytes escaped"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("deux\nlignes.pdf", None, "no such file"),
        ("titre\x1b[2J.pdf", b"", "empty file"),
    ],
)
def test_a_file_name_is_said_on_one_line(tmp_path, capsys, name, content, problem):
    pdf = tmp_path / name
    if content is not None:
        pdf.write_bytes(content)
    assert main(["extract", str(pdf), "-o", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    escaped = name.replace("\n", "\\n").replace("\x1b", "\\x1b")
    assert line == f"catalogue: {tmp_path}/{escaped}: {problem}"


# Writes a set of outputs into a folder, stalling after the first rename until told to go on
# (a file appears), as a run stopped between its renames would.
STALLED_WRITE = """
import os, sys, time
from pathlib import Path
from extract.write.files import write_files

out, go = Path(sys.argv[1]), Path(sys.argv[2])
real = os.replace

def stalled(src, dst):
    real(src, dst)
    (out.parent / "renamed-one").touch()
    while not go.exists():
        time.sleep(0.01)

os.replace = stalled
write_files({name: b"first run" for name in sys.argv[3:]}, out)
"""


def test_two_runs_writing_one_folder_take_turns(tmp_path):
    out, go = tmp_path / "out", tmp_path / "go"
    names = sorted(OUTPUT_NAMES)
    first = subprocess.Popen(
        [sys.executable, "-c", STALLED_WRITE, str(out), str(go), *names], cwd=ROOT
    )
    try:
        deadline = time.monotonic() + 30
        while not (tmp_path / "renamed-one").exists():
            assert time.monotonic() < deadline and first.poll() is None, "the first run stalled"
            time.sleep(0.01)
        # The second run waits for the first, which finishes once told to: the second's set
        # then replaces the first's whole.
        subprocess.Popen(
            [sys.executable, "-c", f"import time; time.sleep(0.5); open({str(go)!r}, 'w')"]
        )
        write_files({name: b"second run" for name in names}, out)
        assert first.wait(timeout=30) == 0
    finally:
        if first.poll() is None:
            first.kill()
    assert snapshot(out) == {name: b"second run" for name in names}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("fsync", OSError(errno.ENOSPC, "No space left on device")),
        ("replace", OSError(errno.EROFS, "Read-only file system")),
    ],
    ids=["full", "read-only"],
)
def test_a_disk_that_refuses_the_outputs_is_one_error_and_leaves_them(
    tmp_path, monkeypatch, call, error
):
    out = tmp_path / "out"
    write_files({name: b"previous" for name in OUTPUT_NAMES}, out)
    before = snapshot(out)

    def refuse(*args: object) -> None:
        raise error

    monkeypatch.setattr(os, call, refuse)
    with pytest.raises(OutputError) as refused:
        write_files({name: b"new" for name in OUTPUT_NAMES}, out)
    monkeypatch.undo()
    assert refused.value.code == ExitCode.OUTPUT
    assert str(refused.value) == f"{out}: cannot write the outputs ({error.strerror})"
    assert snapshot(out) == before and sorted(p.name for p in out.iterdir()) == sorted(before)
