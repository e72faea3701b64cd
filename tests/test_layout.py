"""The package's shape, kept by the tests as well as by `make lint` (import-linter's contracts in
pyproject.toml): modules stay short, and no module imports itself back through others."""

from __future__ import annotations

import grimp

from assistant.config import PROJECT_DIR

MAX_LINES = 300


def test_no_module_is_longer_than_300_lines() -> None:
    long = {str(p.relative_to(PROJECT_DIR)): n for p in sorted((PROJECT_DIR / "assistant").rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (at most {MAX_LINES} lines each): {long}"


def _cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in imports.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles_between_modules() -> None:
    graph = grimp.build_graph("assistant", cache_dir=None)
    imports = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    assert not _cycles(imports)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_package_has_a_docstring() -> None:
    missing = [str(p.relative_to(PROJECT_DIR)) for p in (PROJECT_DIR / "assistant").rglob("__init__.py")
               if not p.read_text(encoding="utf-8").lstrip().startswith('"""')]
    assert not missing
