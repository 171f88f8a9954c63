"""Rules of the code base that no linter holds by itself."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import lipkit

ROOT = Path(__file__).parents[1]
TESTS = ROOT / "tests"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_test_modules_do_not_import_each_other():
    """Shared studies live in tests/studies/, shared fixtures in tests/conftest.py."""
    offending = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.split(".")[-1].startswith("test_")
        )
        for path in TESTS.rglob("*.py")
    }
    assert {path: found for path, found in offending.items() if found} == {}


def test_the_study_layer_contract_names_every_other_lipkit_package():
    """import-linter checks only the modules a contract names: a new top-level package (the
    coming ``lipkit.controlling``, say) must be placed in the contract when it is added."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (study,) = [c for c in contracts if c["source_modules"] == ["lipkit.study"]]
    package = Path(lipkit.__file__).parent
    top_level = {
        f"lipkit.{p.stem if p.is_file() else p.name}"
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    }
    # the study layer may use the message catalogue, a leaf that uses no other package
    assert set(study["forbidden_modules"]) == top_level - {"lipkit.study", "lipkit.catalogue"}
    (leaf,) = [c for c in contracts if c["source_modules"] == ["lipkit.catalogue"]]
    assert set(leaf["forbidden_modules"]) == top_level - {"lipkit.catalogue"}
