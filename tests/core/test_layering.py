"""Imports point one way: bot/ and storage/ never import a platform library or adapters/."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("slack_bolt", "slack_sdk", "discord", "adapters")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_and_storage_import_no_platform_library() -> None:
    offenders = []
    for package in ("bot", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            for name in imported_modules(path):
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_storage_knows_nothing_above_it() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "storage").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] == "bot"
    ]
    assert offenders == []


def test_the_check_itself_sees_imports() -> None:
    probe = ROOT / "adapters" / "console" / "session.py"
    assert "bot.model" in imported_modules(probe)
