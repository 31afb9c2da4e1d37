"""Feature folders of app/ import each other one way only (issue 13).

`lint-imports` checks the same rule with the layers contract in pyproject.toml; these tests say which
import statement breaks it, and check that the AST walk behind them finds what it should.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Mutual pairs that are allowed to stay, each through the other feature's service module only.
DECLARED_PAIRS: set[tuple[str, str]] = set()


def _load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("feature_imports", ROOT / "scripts" / "feature_imports.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("feature_imports", module)
    spec.loader.exec_module(module)
    return module


checker = _load_checker()


def _describe(edges: dict, pairs: list[tuple[str, str]]) -> str:
    lines = []
    for a, b in pairs:
        lines.append(f"{a} <-> {b}:")
        lines += [f"    {s.path}:{s.line} imports {s.module}" for s in edges[(a, b)] + edges[(b, a)]]
    return "\n".join(lines)


def test_no_two_feature_folders_import_each_other() -> None:
    edges = checker.feature_edges()
    pairs = [pair for pair in checker.mutual_pairs(edges) if pair not in DECLARED_PAIRS]
    assert not pairs, "Feature folders import each other:\n" + _describe(edges, pairs)


def test_no_cycle_between_feature_folders() -> None:
    assert checker.cycles(checker.feature_edges()) == []


def _layer_order() -> dict[str, int]:
    """Feature -> its layer in the layers contract (0 is the lowest)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layered = [c for c in contracts if c["type"] == "layers" and c.get("containers") == ["app"]]
    assert len(layered) == 1, "pyproject.toml has one layers contract over the feature folders"
    levels = list(reversed(layered[0]["layers"]))
    return {name.strip(): rank for rank, layer in enumerate(levels) for name in layer.split("|")}


def test_every_feature_folder_has_a_layer_and_imports_only_lower_ones() -> None:
    order = _layer_order()
    features = checker.feature_folders()
    assert features - set(order) == set(), "add new feature folders to the layers contract"
    upward = [
        f"{site.path}:{site.line} imports {site.module} ({a} is not above {b})"
        for (a, b), sites in checker.feature_edges().items()
        if order[a] <= order[b]
        for site in sites
    ]
    assert not upward, "Imports against the layer order in pyproject.toml:\n" + "\n".join(upward)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "app" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "app"


def test_the_check_finds_a_mutual_pair_also_through_an_import_inside_a_function(tmp_path: Path) -> None:
    app = _write(
        tmp_path,
        {
            "main.py": "from app.alpha import service\nfrom app.beta import service as b\n",
            "alpha/__init__.py": "",
            "alpha/service.py": "from app.beta.models import Thing\n",
            "beta/__init__.py": "",
            "beta/models.py": "Thing = object\n",
            "beta/service.py": "def later():\n    from app.alpha.service import x\n    return x\n",
            "gamma/__init__.py": "",
            "gamma/service.py": "import app.alpha.service\n",
        },
    )
    edges = checker.feature_edges(app)
    assert checker.feature_folders(app) == {"alpha", "beta", "gamma"}
    assert checker.mutual_pairs(edges) == [("alpha", "beta")]
    assert checker.cycles(edges) == [["alpha", "beta"]]
    assert [(s.path, s.line) for s in edges[("beta", "alpha")]] == [("app/beta/service.py", 2)]
    assert ("main", "alpha") not in edges  # composition modules at the top of app/ may import features


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {
                "a/x.py": "from app.b import y\n",
                "b/y.py": "from app.c import z\n",
                "c/z.py": "import app.a.x\n",
            },
            [["a", "b", "c"]],
        ),
        ({"a/x.py": "from app.b import y\n", "b/y.py": "from app.c import z\n", "c/z.py": ""}, []),
    ],
)
def test_the_check_finds_longer_cycles(
    tmp_path: Path, files: dict[str, str], expected: list[list[str]]
) -> None:
    packages = {f"{name.split('/')[0]}/__init__.py": "" for name in files}
    app = _write(tmp_path, {**packages, **files})
    edges = checker.feature_edges(app)
    assert checker.mutual_pairs(edges) == []
    assert checker.cycles(edges) == expected
