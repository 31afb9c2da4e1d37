"""Which feature folders of app/ import which (an AST walk, no imports run).

Usage: python scripts/feature_imports.py [-v]
Prints the mutual pairs (A imports B and B imports A) and the cycles between feature folders;
-v lists each import. tests/test_import_rules.py asserts on the same functions.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


@dataclass(frozen=True)
class ImportSite:
    """One import statement in a feature folder that names another feature folder."""

    path: str
    module: str
    line: int


Edges = dict[tuple[str, str], list[ImportSite]]


def feature_folders(app: Path = APP) -> set[str]:
    """Names of the packages directly under app/."""
    return {p.name for p in app.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def imported_modules(node: ast.AST) -> list[str]:
    """Absolute module names an import statement names (every import, also inside functions)."""
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def feature_edges(app: Path = APP) -> Edges:
    """Map (importing feature, imported feature) to the import statements behind it."""
    features = feature_folders(app)
    edges: Edges = defaultdict(list)
    for path in sorted(app.rglob("*.py")):
        parts = path.relative_to(app).parts
        if len(parts) < 2 or parts[0] not in features:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for module in imported_modules(node):
                names = module.split(".")
                if names[0] == "app" and len(names) > 1 and names[1] in features - {parts[0]}:
                    site = ImportSite(str(path.relative_to(app.parent)), module, node.lineno)
                    edges[(parts[0], names[1])].append(site)
    return dict(edges)


def mutual_pairs(edges: Edges) -> list[tuple[str, str]]:
    """Pairs (a, b), a < b, where a imports b and b imports a."""
    return sorted((a, b) for (a, b) in edges if a < b and (b, a) in edges)


def cycles(edges: Edges) -> list[list[str]]:
    """Strongly connected groups of two or more features (Tarjan), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def main(argv: list[str]) -> int:
    edges = feature_edges()
    pairs = mutual_pairs(edges)
    print(len(pairs), "mutual pairs")
    for a, b in pairs:
        print(f"{a} <-> {b}: {len(edges[(a, b)])} / {len(edges[(b, a)])}")
        if "-v" in argv:
            for site in edges[(a, b)] + edges[(b, a)]:
                print(f"    {site.path}:{site.line} {site.module}")
    for group in cycles(edges):
        print("cycle:", " ".join(group))
    return 1 if pairs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
