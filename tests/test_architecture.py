"""The import graph of the package: layers, no private cross-imports, no cycles.

The subpackages follow the flow of a study. A module may import its own subpackage and
any subpackage of a *lower* layer, never one of its own layer or above; across subpackages
it imports only public namespaces (no ``_module`` path, no ``_name``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ccdkit"

#: Layer of each top-level unit of the package (lower imports nothing higher).
LAYERS = {
    "exceptions": 0, "_version": 0,
    "specs": 1, "text": 1,
    "data": 2,
    "indices": 3, "coupling": 3, "geodetector": 3,
    "spatial": 4, "dynamics": 4, "robustness": 4,
    "econometrics": 5, "figures": 5,
    "study": 6,
    "present": 7, "scaffold": 7,
    "app": 8,
    "cli": 9, "__init__": 9, "__main__": 9, "weights": 9,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path, top_level_only: bool = False):
    """(line, resolved module, imported names) of every ccdkit import in a file."""
    mod = _module_name(path)
    package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "ccdkit":
                continue
            yield node.lineno, target, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "ccdkit":
                    yield node.lineno, alias.name, []


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _files():
    return sorted(SRC.rglob("*.py"))


def test_every_unit_has_a_layer():
    units = {_unit(_module_name(p)) for p in _files()}
    assert units <= set(LAYERS), f"units without a layer: {units - set(LAYERS)}"


def test_lower_layers_never_import_higher_ones_or_siblings():
    bad = []
    for path in _files():
        own = _unit(_module_name(path))
        for line, target, _ in _imports(path):
            other = _unit(target)
            if target == "ccdkit" and own != "__init__":
                bad.append(f"{path.relative_to(SRC)}:{line} imports the package root")
            elif other != own and LAYERS[other] >= LAYERS[own] and own not in (
                    "__init__", "__main__", "cli", "weights"):
                bad.append(f"{path.relative_to(SRC)}:{line} ({own}, layer {LAYERS[own]}) "
                           f"imports {target} (layer {LAYERS[other]})")
    assert not bad, "\n".join(bad)


def test_no_private_cross_imports():
    bad = []
    for path in _files():
        own = _unit(_module_name(path))
        for line, target, names in _imports(path):
            if _unit(target) == own or target == "ccdkit":
                continue
            private_path = [p for p in target.split(".")[1:] if p.startswith("_")
                            and p != "_version"]
            private_names = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private_path or private_names:
                bad.append(f"{path.relative_to(SRC)}:{line} imports {target} {names}")
    assert not bad, "\n".join(bad)


def test_no_import_cycles():
    """No cycle among the modules, counting imports inside functions too (a cycle hidden in
    a function is still one: data._regions <-> data._cities and study._templates <->
    study._city were, before the shared parts moved to data._units and study._workbooks)."""
    graph: dict[str, set[str]] = {}
    modules = {_module_name(p): p for p in _files()}
    for name, path in modules.items():
        deps = set()
        for _, target, names in _imports(path, top_level_only=False):
            deps.add(target)
            deps |= {f"{target}.{n}" for n in names if f"{target}.{n}" in modules}
        graph[name] = {d for d in deps if d in modules and d != name}
    # a package depends on its own submodules only through its __init__; importing a
    # submodule needs its parent package first, which is not a cycle in Python
    state: dict[str, int] = {}
    cycles = []

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for dep in graph[node]:
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):] + [dep]
                if not all(b.startswith(a + ".") or a.startswith(b + ".")
                           for a, b in zip(cycle, cycle[1:])):
                    cycles.append(" -> ".join(cycle))
            elif dep not in state:
                visit(dep, stack)
        stack.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])
    assert not cycles, "\n".join(cycles)


@pytest.mark.parametrize("name", ["GeoDetector", "run_study", "composite_index",
                                  "coupling_coordination", "read_panel", "entropy_weights"])
def test_public_names_at_the_top_level(name):
    import ccdkit

    assert name in ccdkit.__all__ and hasattr(ccdkit, name)


def test_version_matches_the_installed_metadata():
    from importlib import metadata

    import ccdkit

    assert ccdkit.__version__ == metadata.version("ccdkit")


@pytest.mark.parametrize("call", [
    lambda: __import__("ccdkit").coordination_type([0.5], lang="fr"),
    lambda: __import__("ccdkit").region_label("Beijing", lang="de"),
    lambda: __import__("ccdkit").relative_development([0.5], [0.4], lang="EN"),
    lambda: __import__("ccdkit.scaffold").scaffold.study_yaml(lang="jp"),
    lambda: __import__("ccdkit").data.localize_table(__import__("pandas").DataFrame(), "fr"),
])
def test_an_unsupported_language_is_an_error(call):
    from ccdkit import ConfigError

    with pytest.raises(ConfigError, match="language must be one of 'zh', 'en'"):
        call()


def test_star_import_of_every_subpackage_works():
    """Every name in a subpackage's ``__all__`` exists (before: ``from ccdkit.geodetector
    import *`` failed on manual_discretization)."""
    import importlib
    import pkgutil

    import ccdkit
    for mod in [ccdkit, *(importlib.import_module(f"ccdkit.{m.name}")
                          for m in pkgutil.iter_modules(ccdkit.__path__) if m.ispkg)]:
        namespace: dict = {}
        exec(f"from {mod.__name__} import *", namespace)  # noqa: S102
        assert set(mod.__all__) <= set(namespace), mod.__name__


#: The longest a function may be, in lines of code (its docstring aside).
MAX_FUNCTION_LINES = 60


def test_functions_are_short():
    """No function of the library runs over MAX_FUNCTION_LINES lines of code (docstrings,
    which hold the documentation and examples, are not counted): long orchestration is
    split into named steps."""
    long = []
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            lines = node.end_lineno - node.lineno + 1
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                lines -= first.end_lineno - first.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({lines})")
    assert not long, "\n".join(long)
