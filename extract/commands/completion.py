"""`catalogue --print-completion bash|zsh|tcsh`: a completion script for the shell, made by
shtab from the command's own parser, so it knows every subcommand, option and choice.

shtab is imported only when a script is asked for (it costs a twentieth of a second at start).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from extract.commands.arguments import output_folder

SHELLS = ("bash", "zsh", "tcsh")
# shtab's FILE and DIRECTORY, spelled out: shtab is not imported to build the parser.
FILES = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}
FOLDERS = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/", "tcsh": "d"}


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)


def mark_paths(parser: argparse.ArgumentParser) -> None:
    """Complete a path argument with file names, an output folder with folder names."""
    for action in _actions(parser):
        if action.type is Path:
            action.complete = FILES  # type: ignore[attr-defined]  # read by shtab
        elif action.type is output_folder:
            action.complete = FOLDERS  # type: ignore[attr-defined]


class CompletionAction(argparse.Action):
    """`--print-completion SHELL`: print the script and exit 0."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help",
            "print a completion script for SHELL and exit, e.g. "
            "catalogue --print-completion bash > ~/.local/share/bash-completion/completions/"
            "catalogue",
        )
        super().__init__(
            option_strings,
            dest,
            choices=SHELLS,
            metavar="SHELL",
            default=argparse.SUPPRESS,
            **kwargs,
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        import shtab

        mark_paths(parser)
        sys.stdout.write(shtab.complete(parser, shell=str(values)))
        parser.exit()
