"""Counted nouns said right: "1 member", "2 members", "1 failed delivery"."""

from __future__ import annotations


def counted(n: int, one: str, many: str | None = None) -> str:
    """`n` and the noun, singular for exactly one (`many` for an irregular plural)."""
    return f"{n} {one if n == 1 else many or one + 's'}"
