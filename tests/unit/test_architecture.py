"""The layering rules of ARCHITECTURE.md, enforced."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_media_sync_and_cli_never_import_qt() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("media", "sync", "cli")
        for path in (ROOT / package).rglob("*.py")
        if {"PySide6", "shiboken6"} & _imports(path)
    ]
    assert offenders == []


def test_importing_every_domain_module_loads_no_qt() -> None:
    modules = [
        f"{p.parent.name}.{p.stem}"
        for package in ("media", "sync", "cli")
        for p in sorted((ROOT / package).glob("*.py"))
        if p.stem != "__init__"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_modules_stay_small() -> None:
    big = [
        (str(p.relative_to(ROOT)), n)
        for package in ("media", "sync", "cli", "ui")
        for p in (ROOT / package).rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    ]
    assert big == []
