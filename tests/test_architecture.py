"""The house rules: layers that data flows through one way, SQL in one layer, no circles, small modules."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "uppks_cli"
MODULES = sorted(PACKAGE.rglob("*.py"))

# What each part of the package may import from the package (besides itself).
SHARED = {"errors", "files"}
MAY_IMPORT = {
    "errors": set(),
    "files": {"errors"},
    "registry": SHARED,
    "domain": SHARED | {"registry"},
    "importing": SHARED | {"registry", "domain"},
    "reports": SHARED | {"registry", "domain"},
    "cli": SHARED | {"registry", "domain", "importing", "reports"},
    "bench": {"domain", "bench_monthly"},
    "bench_monthly": {"domain"},
    "__main__": {"cli"},
    "__init__": set(),
}
SQL = re.compile(r"\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+)?(TABLE|INDEX)|PRAGMA\s)")


def name_of(path: Path) -> str:
    return ".".join(("uppks_cli", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def part_of(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def imports(path: Path) -> set[str]:
    """Every module of the package this one imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("uppks_cli"):
            found.add(node.module)
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists():
                    found.add(candidate)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("uppks_cli")}
    return found - {"uppks_cli"}


def third_party(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
    return found


GRAPH = {name_of(path): imports(path) for path in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=[name_of(path) for path in MODULES])
def test_each_layer_imports_only_the_layers_below_it(path):
    module = name_of(path)
    part = part_of(module)
    wrong = sorted(used for used in GRAPH[module] if part_of(used) not in MAY_IMPORT[part] | {part})
    assert wrong == []


def test_migrations_are_frozen():
    assert GRAPH["uppks_cli.registry.migrations"] == set()


def test_there_are_no_import_circles():
    def visit(module, path):
        if module in path:
            pytest.fail("import circle: " + " -> ".join(path[path.index(module):] + [module]))
        for used in GRAPH.get(module, ()):
            if used in GRAPH:
                visit(used, path + [module])

    for module in GRAPH:
        visit(module, [])


@pytest.mark.parametrize("path", MODULES, ids=[name_of(path) for path in MODULES])
def test_only_the_command_line_knows_typer_rich_and_click(path):
    if part_of(name_of(path)) != "cli":
        assert third_party(path) & {"typer", "rich", "click"} == set()


@pytest.mark.parametrize("path", MODULES, ids=[name_of(path) for path in MODULES])
def test_sql_is_written_only_in_the_registry(path):
    if part_of(name_of(path)) == "registry":
        return
    texts = [node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    assert [text for text in texts if SQL.search(text)] == []


@pytest.mark.parametrize("path", MODULES, ids=[name_of(path) for path in MODULES])
def test_no_module_is_too_long_to_read(path):
    if path.name.startswith("messages_") or path.name == "migrations.py":
        return  # the catalogues, one line a message; the migrations, one after another and never edited
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 450


def test_only_the_command_line_puts_messages_into_words():
    """Below the command line a message is a key and its values: no catalogue, no chosen language."""
    for path in MODULES:
        if part_of(name_of(path)) not in ("cli", "__main__"):
            assert not any(used.startswith("uppks_cli.cli") for used in GRAPH[name_of(path)]), path
