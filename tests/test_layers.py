"""Imports flow one way: each layer of the package imports only the layers it is built on; and
importing the command line starts no thread."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "aistd_kg"
# What each layer may import besides itself. "base" is the package's top-level modules (namespaces,
# errors, files); "cli" is the command line (cli.py, __main__.py), which may import anything.
ALLOWED = {
    "base": set(),
    "build": {"base", "query"},  # the build describes the named queries in RDF
    "publish": {"base", "build"},
    "linking": {"base"},
    "intake": {"base", "build", "linking"},  # ingest matches registry records by identifier
    "query": {"base"},
    "store": {"base", "query", "linking"},
    "advice": {"base", "linking", "query"},  # the participation advisor: named queries and topic matching
    "web": {"base", "build", "publish", "linking", "query", "store", "advice"},
    "cli": {"base", "build", "publish", "linking", "intake", "query", "store", "advice", "web"},
}
TOP = {"cli", "__main__", "command"}
NO_WEB_FRAMEWORK = {"query": {"flask", "gunicorn"}}  # what a query worker must never load


def layer(module: str) -> str:
    """The layer of a module of the package (a dotted name under aistd_kg)."""
    parts = module.split(".")[1:]
    if len(parts) > 1 or (parts and (PACKAGE / parts[0]).is_dir()):
        return parts[0]
    return "cli" if parts and parts[0] in TOP else "base"


def module_name(path: Path) -> str:
    parts = ["aistd_kg", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, is_package: bool) -> list[tuple[str, int]]:
    """The modules (dotted names, relative imports resolved) a module's source imports, with their lines."""
    found = []
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            if base == "aistd_kg":  # from the package root: each name is a module
                found += [(f"aistd_kg.{alias.name}", node.lineno) for alias in node.names]
            else:
                found.append((base, node.lineno))
    return found


def backward_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """Each import of the source that runs against the layers, described."""
    own = layer(module)
    wrong = []
    for target, line in imports(source, module, is_package):
        top = target.split(".")[0]
        if top == "aistd_kg" and target != "aistd_kg":
            if (other := layer(target)) != own and other not in ALLOWED[own]:
                wrong.append(f"{module}:{line} ({own}) imports {target} ({other})")
        elif top in NO_WEB_FRAMEWORK.get(own, set()):
            wrong.append(f"{module}:{line} ({own}) imports {target}")
    return wrong


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_imports_follow_the_layers(path):
    module = module_name(path)
    assert not backward_imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")


def test_every_folder_is_a_layer():
    folders = {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").exists()}
    assert folders == set(ALLOWED) - {"base", "cli"}


def test_a_backward_import_is_caught():
    source = "from ..web.app import create_app\nfrom . import loading\nfrom ..namespaces import AISTD\n"
    assert backward_imports(source, "aistd_kg.build.stats") == [
        "aistd_kg.build.stats:1 (build) imports aistd_kg.web.app (web)"]
    assert backward_imports("import flask\n", "aistd_kg.query.engine") == ["aistd_kg.query.engine:1 (query) imports flask"]


def test_importing_the_command_line_starts_no_thread():
    """A query worker imports the main module (the aistd-kg script) before it leaves the network,
    which the kernel allows a single-threaded process only (query/sandbox.py); so the CLI loads
    libraries that start threads at import (numpy, through openpyxl) inside its commands."""
    probe = "import os, aistd_kg.cli; print(len(os.listdir('/proc/self/task')))"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "1\n"


def test_the_console_script_loads_no_library_until_it_runs():
    """What a query worker imports as the main module of the server (the aistd-kg script, whose one
    import is aistd_kg.command) loads neither the graph libraries nor the web framework."""
    probe = "import sys, aistd_kg.command; print(sorted({'rdflib', 'pyshacl', 'flask', 'click'} & set(sys.modules)))"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_the_query_workers_load_no_rdflib():
    """The workers' forkserver preloads the engine: without rdflib (a job's bindings arrive as pyoxigraph terms,
    query/terms.py) it starts in a third of the time and memory."""
    probe = "import sys, aistd_kg.query.engine; print(sorted(m for m in sys.modules if m.split('.')[0] == 'rdflib'))"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "[]\n"
