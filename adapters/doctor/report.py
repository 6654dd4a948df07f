"""One line per check, each failure with the fix an operator can apply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""
    fix: str = ""


def passed(name: str, detail: str = "") -> Check:
    return Check(name, True, detail)


def failed(name: str, detail: str, fix: str) -> Check:
    return Check(name, False, detail, fix)


def render(checks: list[Check], write: Callable[[str], None]) -> None:
    for check in checks:
        mark = "ok  " if check.ok else "FAIL"
        write(f"[{mark}] {check.name}" + (f": {check.detail}" if check.detail else ""))
        if not check.ok and check.fix:
            write(f"       fix: {check.fix}")
    bad = sum(not c.ok for c in checks)
    write(
        f"All {len(checks)} checks passed." if not bad else f"{bad} of {len(checks)} checks failed."
    )
