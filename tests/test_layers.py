"""The layout of docs/ARCHITECTURE.md: the import layers hold, and stancedb/ itself keeps only
a few modules beside its packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "stancedb"


def test_import_layers_hold() -> None:
    """The contracts of [tool.importlinter] in pyproject.toml, checked by import-linter."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_few_top_level_modules() -> None:
    modules = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(modules) <= 8, modules
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert packages >= {"model", "storage", "projections", "ingest", "extract", "outputs", "api"}
