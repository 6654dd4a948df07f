"""storage/members.py is the only code that writes the `members` table."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWNER = ROOT / "storage" / "members.py"
WRITES = {"insert", "update", "delete", "Member"}  # a statement on it, or a new row


def writes_of_members(path: Path) -> list[int]:
    """Lines that build a row of Member or an INSERT/UPDATE/DELETE naming it."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func.func if isinstance(node.func, ast.Call) else node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "Member" or (
            name in WRITES and any(isinstance(a, ast.Name) and a.id == "Member" for a in node.args)
        ):
            found.append(node.lineno)
    return found


def test_only_storage_members_writes_the_members_table() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in ("bot", "storage", "adapters")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != OWNER and "migrations" not in path.parts
        for line in writes_of_members(path)
    ]
    assert offenders == []


def test_the_check_sees_a_write() -> None:
    assert writes_of_members(OWNER)  # its own upserts and deletes
