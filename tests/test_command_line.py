"""The command as its users expect it: an output folder checked before the reading, options
that cannot be meant refused, no library's warning on stderr, each command's exit codes in its
help, the readers' versions, shell completion, and a log of a run.

What must show on a real stderr (a library's warning, a batch's processes, a mount of its own)
runs the command in a fresh interpreter (`tests.hostile_files.run_cli`); the rest runs
`extract.cli.main` here, which is the same command without the interpreter's start.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from extract.cli import build_parser, main
from extract.commands import COMMANDS
from extract.commands.version import describe
from extract.errors import ExitCode
from tests.hostile_files import (
    CLI,
    catalogue_pdf,
    encrypted_catalogue,
    png_image,
    run_cli,
    snapshot,
)

PASSWORD = "s3cret"


def said(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The lines the command printed on stderr."""
    return capsys.readouterr().err.splitlines()


def run_here(args: list[str | Path]) -> int:
    """`catalogue ARGS` in this process: its exit code, argparse's exits included."""
    try:
        return main([str(a) for a in args])
    except SystemExit as done:
        return int(done.code or 0)


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted catalogue, run without its password: reading it would exit 5, so an exit 9
    shows the output folder was refused before the PDF was read."""
    pdf = tmp_path_factory.mktemp("locked") / "locked.pdf"
    pdf.write_bytes(encrypted_catalogue(PASSWORD))
    return pdf


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("good") / "catalogue.pdf"
    pdf.write_bytes(catalogue_pdf())
    return pdf


# ---------------------------------------------------------------------------------------------
# The output folder, before the PDF is read


def test_an_output_that_is_a_file_is_refused_before_the_pdf_is_read(tmp_path, locked, capsys):
    taken = tmp_path / "taken"
    taken.write_text("a file", encoding="utf-8")
    assert run_here(["extract", locked, "-o", taken]) == ExitCode.OUTPUT
    assert said(capsys) == [f"catalogue: {taken}: is a file, not a folder"]
    assert run_here(["extract", locked, "-o", taken / "sub"]) == ExitCode.OUTPUT
    assert said(capsys) == [
        f"catalogue: {taken / 'sub'}: cannot create the output folder ({taken} is a file)"
    ]
    assert taken.read_text(encoding="utf-8") == "a file"


def test_a_missing_input_is_said_before_the_output(tmp_path, capsys):
    taken = tmp_path / "taken"
    taken.write_text("a file", encoding="utf-8")
    assert run_here(["extract", tmp_path / "missing.pdf", "-o", taken]) == ExitCode.NOT_FOUND


def read_only_mount_available() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run(
        [unshare, "--map-root-user", "--mount", "true"], capture_output=True, check=False
    )
    return probe.returncode == 0


@pytest.mark.skipif(
    not read_only_mount_available(), reason="needs unshare to mount a read-only folder"
)
@pytest.mark.parametrize("inside", ["", "new/out"], ids=["the folder", "a folder to create"])
def test_an_output_on_a_read_only_mount_is_refused_before_the_pdf_is_read(tmp_path, locked, inside):
    mount = tmp_path / "readonly"
    mount.mkdir()
    out = mount / inside if inside else mount
    command = " ".join(f"'{part}'" for part in [*CLI, "extract", locked, "-o", out])
    # A mount namespace of its own: a read-only tmpfs over the folder, for this run alone.
    done = subprocess.run(
        [
            "unshare",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            f"mount -t tmpfs -o ro tmpfs '{mount}' && exec {command}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == ExitCode.OUTPUT, done.stderr
    line = done.stderr.strip()
    if inside:
        assert line == (
            f"catalogue: {out}: cannot create the output folder ({mount} cannot be written: "
            "Read-only file system)"
        )
    else:
        assert line == f"catalogue: {out}: cannot be written (Read-only file system)"


# ---------------------------------------------------------------------------------------------
# Options that cannot be meant


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "-1"], "argument --timeout: must be 0 (no limit) or more"),
        (["--timeout", "soon"], "argument --timeout: not a whole number of seconds"),
        (["-o", "-"], "argument -o/--output: '-' is not a folder"),
    ],
)
def test_options_that_cannot_be_meant_are_usage_errors(
    tmp_path, monkeypatch, capsys, good, args, message
):
    monkeypatch.chdir(tmp_path)
    assert run_here(["extract", good, *args]) == ExitCode.USAGE
    assert message in said(capsys)[-1]
    assert list(tmp_path.iterdir()) == []  # no folder named `-`, no output/


@pytest.mark.parametrize("command", ["diff", "review"])
def test_no_command_takes_standard_output_for_a_folder(capsys, good, command):
    args = [command, good, good] if command == "diff" else [command, good]
    assert run_here([*args, "-o", "-"]) == ExitCode.USAGE
    assert "'-' is not a folder" in said(capsys)[-1]


# ---------------------------------------------------------------------------------------------
# What the readers would have said


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_a_password_for_a_file_without_one_says_nothing(tmp_path, good, reader):
    out = tmp_path / "out"
    run = run_cli(["extract", good, "-o", out, "--password", "x", "--reader", reader, "-q"])
    assert run.code == ExitCode.OK
    assert run.stderr == ""
    assert snapshot(out)


def test_diff_says_a_picture_named_pdf_is_not_a_pdf(tmp_path, good, capsys):
    picture = tmp_path / "edition.pdf"
    picture.write_bytes(png_image())
    # A PDF that cannot be extracted exits as `catalogue extract` would: 4, not a PDF.
    assert run_here(["diff", picture, good]) == ExitCode.NOT_A_PDF
    assert said(capsys) == [f"catalogue: {picture}: not a PDF (no %PDF- header)"]


# ---------------------------------------------------------------------------------------------
# Help and version


def help_of(*command: str) -> str:
    parser = build_parser()
    if not command:
        return parser.format_help()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return str(sub.choices[command[0]].format_help())


def test_each_command_lists_its_own_exit_codes():
    meaning_of_1 = {
        "extract": "1 warnings with --strict",
        "diff": "1 changes",
        "links": "1 some links are broken",
    }
    for command in COMMANDS:
        text = " ".join(help_of(command).split())
        codes = re.search(r"Exit codes[^:]*: (.*?)\.(?: |$)", text)
        assert codes, f"catalogue {command} --help lists no exit codes"
        assert codes[1].startswith("0 "), command
        if command in meaning_of_1:
            assert meaning_of_1[command] in codes[1], command
        else:
            assert not re.search(r"\b1 ", codes[1]), command  # 1 is not one of its codes
    top = " ".join(help_of().split())
    assert "1 warnings" not in top
    assert "catalogue COMMAND --help" in top


def test_the_schema_help_ends_with_its_example_then_its_reference():
    lines = help_of("schema").splitlines()
    at = lines.index("Example:")
    assert lines[at + 1].strip().startswith("catalogue schema >")
    assert lines[-1].startswith("Reference (Markdown): outputs.md, in ")


def test_the_version_names_the_readers(capsys):
    assert run_here(["--version"]) == 0
    printed = capsys.readouterr().out
    assert printed == describe()
    lines = printed.splitlines()
    assert lines[0].startswith("catalogue ")
    named = {line.split()[0] for line in lines[1:]}
    assert {"Python", "pypdfium2", "PDFium", "pdfplumber", "pdfminer.six", "pikepdf"} <= named
    assert "qpdf" in named
    versions = dict(line.split(" ", 1) for line in lines[1:])
    assert re.match(r"\d+\.\d+", versions["qpdf"]) and re.match(r"\d+", versions["PDFium"])


# ---------------------------------------------------------------------------------------------
# Completion


def complete(script: str, words: list[str], cwd: Path) -> list[str]:
    """What bash offers for the last of `words` with the script loaded."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("needs bash")
    quoted = " ".join(f"'{w}'" for w in words)
    program = (
        f"source /dev/stdin <<'SCRIPT'\n{script}\nSCRIPT\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; _shtab_catalogue; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run([bash, "-c", program], capture_output=True, text=True, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return sorted(filter(None, done.stdout.splitlines()))


def test_the_bash_completion_offers_commands_options_choices_and_files(tmp_path, capsys):
    assert run_here(["--print-completion", "bash"]) == 0
    script = capsys.readouterr().out
    (tmp_path / "edition-2021.pdf").write_bytes(b"")
    (tmp_path / "editions").mkdir()
    assert complete(script, ["catalogue", "d"], tmp_path) == ["diff"]
    assert complete(script, ["catalogue", "extract", "--rea"], tmp_path) == ["--reader"]
    reader = complete(script, ["catalogue", "extract", "--reader", ""], tmp_path)
    assert reader == ["pdfium", "pdfplumber"]
    assert complete(script, ["catalogue", "extract", "edi"], tmp_path) == [
        "edition-2021.pdf",
        "editions",
    ]
    assert complete(script, ["catalogue", "extract", "x.pdf", "-o", "e"], tmp_path) == ["editions"]


@pytest.mark.parametrize("shell", ["zsh", "tcsh"])
def test_other_shells_get_a_script_too(shell, capsys):
    assert run_here(["--print-completion", shell]) == 0
    script = capsys.readouterr().out
    assert "extract" in script and "--reader" in script


# ---------------------------------------------------------------------------------------------
# -v and --log-file


def test_verbose_and_the_log_file_tell_the_settings_and_the_outcome(tmp_path, good, locked):
    log = tmp_path / "run.log"
    out = tmp_path / "out"
    run = run_cli(["extract", good, "-o", out, "-v", "--log-file", log, "--password", PASSWORD])
    assert run.code == ExitCode.OK
    started = (
        f"catalogue: {good}: reading with pdfium, --jobs auto, time limit 600 s, with a "
        f"password → {out}/"
    )
    assert run.lines[0] == started
    assert run.lines[-1].startswith("catalogue: 11 resources from ")
    # A batch, quiet on the terminal, keeps its whole account in the same file.
    batch = run_cli(["extract", good, locked, "-o", tmp_path / "batch", "-q", "--log-file", log])
    assert batch.code == ExitCode.ENCRYPTED
    assert batch.lines == [f"catalogue: {locked}: encrypted; give its password with --password"]
    logged = log.read_text(encoding="utf-8").splitlines()
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d \[\d+\] "
    assert all(re.match(stamp, line) for line in logged)
    said = [re.sub(stamp, "", line) for line in logged]
    assert said[:2] == [started, run.lines[-1]]
    assert f"catalogue: {good}: reading with pdfium, --jobs 1, time limit 600 s → " in (
        " ".join(said)
    )
    assert batch.lines[0] in said
    assert said[-4].startswith("catalogue: 2 files: 1 extracted")  # the table, then its rows
    assert PASSWORD not in log.read_text(encoding="utf-8")


def test_a_log_file_that_cannot_be_written_stops_the_run_before_it_starts(tmp_path, good, capsys):
    out = tmp_path / "out"
    assert run_here(["extract", good, "-o", out, "--log-file", tmp_path]) == ExitCode.OUTPUT
    assert said(capsys) == [f"catalogue: {tmp_path}: cannot be written (Is a directory)"]
    assert not out.exists()


def test_quiet_and_verbose_together_are_a_usage_error(good, capsys):
    assert run_here(["extract", good, "-q", "-v"]) == ExitCode.USAGE
    assert "not allowed with argument" in said(capsys)[-1]
