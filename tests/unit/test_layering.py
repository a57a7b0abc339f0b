"""The package layering: no import cycles, no imports hidden in functions, leaves stay leaves.

See docs/architecture.md for what may import what.
"""

from __future__ import annotations

import ast
from pathlib import Path

from awards import ROOT

PACKAGE = ROOT / "awards"
#: Modules every domain may import; they import nothing of the domains.
LEAVES = {
    "awards.errors": set(),
    "awards.clock": set(),
    "awards.accounts.roles": set(),
    "awards.images": set(),
}
#: Which domain may import which (each package below may import the ones it lists, and the
#: shared modules at the top of ``awards/``). The direction follows the contest.
DOMAINS: dict[str, set[str]] = {
    "access": {"accounts"},
    "audit": {"accounts"},
    "outbox": {"audit"},
    "contest": {"accounts", "access", "audit"},
    "accounts": {"access", "audit", "outbox", "contest"},
    "submissions": {"accounts", "access", "audit", "outbox", "contest"},
    "screening": {"accounts", "access", "audit", "outbox", "contest", "submissions"},
    "review": {"accounts", "access", "audit", "outbox", "contest", "submissions", "screening"},
    "voting": {
        "accounts",
        "access",
        "audit",
        "outbox",
        "contest",
        "submissions",
        "screening",
        "review",
    },
}


#: View models that name other domains' labels for one page (the audit trail's sentences name
#: screening decisions, mail states, review actions...): the outer layer, like views, and
#: imported by views only.
VIEW_MODELS = {"awards.audit.readable", "awards.audit.sentences", "awards.audit.action_labels"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text()) for p in sorted(PACKAGE.rglob("*.py"))}


def _imported(node: ast.AST, modules: set[str]) -> set[str]:
    names: set[str] = set()
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        names = {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n in modules}


def _graph() -> dict[str, set[str]]:
    trees = _modules()
    names = set(trees)
    graph: dict[str, set[str]] = {}
    for name, tree in trees.items():
        edges: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports run at no time
                continue
            edges |= _imported(node, names)
        graph[name] = edges - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt == "awards":
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles() -> None:
    assert _cycle(_graph()) is None


def test_no_imports_inside_functions() -> None:
    hidden = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        hidden.append(f"{name}:{inner.lineno}")
    assert hidden == []


def test_leaves_import_nothing_of_the_application() -> None:
    graph = _graph()
    assert {leaf: graph[leaf] - allowed for leaf, allowed in LEAVES.items()} == {
        leaf: set() for leaf in LEAVES
    }


def test_domains_import_only_what_comes_before_them() -> None:
    graph = _graph()
    wrong = []
    for module, targets in graph.items():
        parts = module.split(".")
        # Views are the outermost layer: an organiser's page may call any domain's services.
        outer = parts[-1].endswith("views") or module in VIEW_MODELS
        if len(parts) < 3 or parts[1] not in DOMAINS or outer:
            continue
        for target in targets:
            tparts = target.split(".")
            outward = (
                len(tparts) >= 2
                and tparts[1] in DOMAINS
                and tparts[1] != parts[1]
                and tparts[1] not in DOMAINS[parts[1]]
            )
            if outward:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_view_models_are_imported_by_views_only() -> None:
    importers = {
        module
        for module, targets in _graph().items()
        if targets & VIEW_MODELS and module not in VIEW_MODELS
    }
    assert {m for m in importers if not m.endswith("views")} == set()
