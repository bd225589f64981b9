"""The subcommand modules, in the order `catalogue --help` lists them."""

from __future__ import annotations

from types import ModuleType

from extract import diff, extract_command, review, schema_command

MODULES: list[ModuleType] = [extract_command, diff, review, schema_command]
