"""The package's folders keep their order: imports point one way, from the commands down to the
stages and the base they share, and no two modules import each other, however indirectly.
Every subcommand is shown in the README by an example."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

from extract.commands import COMMANDS
from tests.conftest import ROOT

PACKAGE = ROOT / "extract"
# From the bottom up: a module may import from its own layer and the layers below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "extract.document",
        "extract.errors",
        "extract.text",
        "extract.untrusted",
        "extract.signals",
        "extract.processes",
        "extract.settings",
    ),
    ("extract.readers",),
    ("extract.layout",),
    ("extract.cards",),
    ("extract.validate",),
    ("extract.corrections",),
    ("extract.write",),
    ("extract.pipeline",),
    ("extract.linkcheck",),
    ("extract.diff", "extract.review"),
    ("extract.history",),
    ("extract.commands", "extract.cli", "extract.__main__"),
)
# The package's root only names its version and hands `read_cards` on, on first use.
FACADE = "extract"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module of the package → the package's modules it imports (at any depth of code)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.split(".")[0] == "extract":
                    deps.add(node.module)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.split(".")[0] == "extract"}
        found[_module(path)] = deps
    return found


def _layer(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def test_every_module_has_a_layer() -> None:
    for module in _imports():
        if module != FACADE:
            _layer(module)


def test_imports_point_down_the_layers() -> None:
    upward = [
        f"{module} (layer {_layer(module)}) imports {dep} (layer {_layer(dep)})"
        for module, deps in _imports().items()
        if module != FACADE
        for dep in deps
        if dep != FACADE and _layer(dep) > _layer(module)
    ]
    assert not upward, upward


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep])
            elif dep in graph and not state.get(dep):
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(graph):
        if not state.get(module):
            visit(module, [module])
    return cycles


def test_no_import_cycles() -> None:
    graph = {m: {d for d in deps if d != FACADE} for m, deps in _imports().items()}
    assert not _cycles(graph), [" → ".join(c) for c in _cycles(graph)]


def test_the_cycle_check_sees_an_indirect_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_long_modules_say_why_at_their_top() -> None:
    long = [
        path.relative_to(ROOT).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if len(path.read_text(encoding="utf-8").splitlines()) > 500
        and "longer than" not in (ast.get_docstring(ast.parse(path.read_text("utf-8"))) or "")
    ]
    assert not long, f"over 500 lines without a reason in the docstring: {long}"


def test_every_subcommand_has_an_example_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", readme, flags=re.DOTALL)
    shown = {m for block in blocks for m in re.findall(r"^\s*catalogue (\w+)", block, re.M)}
    assert set(COMMANDS) <= shown, f"no README example of: {sorted(set(COMMANDS) - shown)}"


def test_every_command_s_help_points_at_its_reference_pages() -> None:
    from extract.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        # One line: the pages, then the folder they are in here (the source tree's docs/).
        footer = re.search(
            r"^Reference \(Markdown\): (.*), in (\S+)/$", command.format_help(), re.M
        )
        assert footer, f"catalogue {name} --help names no reference page"
        pages, folder = footer[1].split(", "), Path(footer[2])
        assert folder == ROOT / "docs", folder
        missing = [page for page in pages if not (folder / page).is_file()]
        assert not missing, f"catalogue {name} --help names missing pages: {missing}"
